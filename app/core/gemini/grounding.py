"""Place Google Search citations in an answer.

Gemini gives each grounding support's span as UTF-8 *byte* offsets into the answer text. Python strings
index by code point, so for Chinese text (3 bytes per character) using the offsets directly would put
markers in the wrong place, or past the end. These helpers translate the offsets in linear time.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from app.core.gemini.events import GroundingInfo, Source

# Bytes that start a UTF-8 character (anything but 0b10xxxxxx): deleting these leaves only continuation bytes.
_LEAD_BYTES = bytes(b for b in range(256) if not 0x80 <= b <= 0xBF)


def _is_continuation(byte: int) -> bool:
    return 0x80 <= byte <= 0xBF


def _count_chars(data: bytes) -> int:
    """Count the characters that start in `data` (a slice of valid UTF-8, possibly cut mid-character)."""
    # Each character has exactly one lead byte, so characters = bytes - continuation bytes.
    # translate() runs in C, which keeps long texts fast.
    return len(data) - len(data.translate(None, _LEAD_BYTES))


def byte_to_char_offsets(
    text: str, byte_offsets: Iterable[int], *, snap: Literal["forward", "backward"] = "forward"
) -> list[int]:
    """Convert UTF-8 byte offsets into `text` to str indices, in the order given.

    Offsets are clamped to the text (a negative one gives 0, one past the end gives `len(text)`). An offset
    that falls inside a multi-byte character snaps to a character boundary: after that character with
    `snap="forward"` (right for span ends), before it with `snap="backward"` (right for span starts).

    The text is encoded once and the offsets are visited in sorted order, so the cost is linear in the text
    length plus the sorting of the offsets. A lone surrogate (a stream may carry half an emoji as a lone
    escape) counts as one 3-byte character, like the U+FFFD that replaces it when the text is written out.
    """
    offsets = list(byte_offsets)
    # "surrogatepass" encodes a lone surrogate as one 3-byte sequence (a lead byte and two continuation
    # bytes), so counting characters still matches str indices; strict UTF-8 would raise.
    data = text.encode("utf-8", "surrogatepass")
    size = len(data)
    order = sorted(range(len(offsets)), key=lambda i: offsets[i])
    result = [0] * len(offsets)
    position, chars = 0, 0
    for i in order:
        target = min(max(offsets[i], 0), size)
        chars += _count_chars(data[position:target])
        position = target
        inside_character = target < size and _is_continuation(data[target])
        # Counting lead bytes already moved past a character whose lead byte lies before `target`.
        result[i] = chars - 1 if inside_character and snap == "backward" else chars
    return result


def insert_citation_markers(text: str, grounding: GroundingInfo) -> tuple[str, list[Source]]:
    """Return `text` with citation markers such as "[1]" or "[2,3]" after each grounded span, and the sources.

    Marker numbers are chunk index + 1, so marker `[n]` refers to `sources[n - 1]`. Supports that end at the
    same place share one marker; overlapping supports each get theirs at their own end. Indices that point
    past the source list are ignored, and a span that ends beyond the text gets its marker at the end.
    """
    sources = list(grounding.sources)
    supports = [s for s in grounding.supports if s.chunk_indices]
    ends = byte_to_char_offsets(text, (s.end_byte for s in supports), snap="forward")
    numbers_at: dict[int, set[int]] = {}
    for support, end in zip(supports, ends, strict=True):
        numbers = {i + 1 for i in support.chunk_indices if i < len(sources)}
        if numbers:
            numbers_at.setdefault(end, set()).update(numbers)
    pieces: list[str] = []
    previous = 0
    for position in sorted(numbers_at):
        pieces.append(text[previous:position])
        pieces.append("[" + ",".join(str(n) for n in sorted(numbers_at[position])) + "]")
        previous = position
    pieces.append(text[previous:])
    return "".join(pieces), sources
