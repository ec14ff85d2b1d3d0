"""Where Google Search citations go in an answer.

Gemini gives each grounding support's span as UTF-8 *byte* offsets into the answer text. Python strings
index by code point, so for Chinese text (3 bytes per character) using the offsets directly would put
markers in the wrong place, or past the end. These helpers translate the offsets in linear time
and say where each citation marker goes; the callers decide how a marker looks.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

from app.core.gemini.events import GroundingInfo

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


@dataclass(frozen=True, slots=True)
class Citation:
    """Where one citation marker goes in a text, and what it cites.

    Attributes:
        position: The str index the marker goes before (just after the supported span's end).
        sources: Indices into ``GroundingInfo.sources``, ascending and without repeats.
    """

    position: int
    sources: tuple[int, ...]


def citation_positions(texts: Sequence[str], grounding: GroundingInfo) -> list[list[Citation]]:
    """Find where each citation marker goes in an answer made of ``texts`` (its shown text parts, in order).

    Grounding offsets count UTF-8 bytes of the whole answer (all ``texts`` joined); the result has one list
    per text, with positions relative to that text and in ascending order. Supports that end at the same
    place share one citation; overlapping supports each get theirs at their own end. Indices that point past
    the source list are ignored, and a span that ends beyond the answer is cited at its end. A span ending
    exactly where one text ends and the next begins belongs to the earlier text (the marker follows the span
    it cites); one ending at offset 0 belongs to the first text.

    The transcript, the copied Markdown and the export all place their markers from this one result and
    differ only in how a marker is written.
    """
    if not texts:
        return []
    answer = "".join(texts)
    supports = [s for s in grounding.supports if s.chunk_indices]
    ends = byte_to_char_offsets(answer, (s.end_byte for s in supports), snap="forward")
    cited_at: dict[int, set[int]] = {}
    for support, end in zip(supports, ends, strict=True):
        found = {i for i in support.chunk_indices if i < len(grounding.sources)}
        if found:
            cited_at.setdefault(end, set()).update(found)
    result: list[list[Citation]] = [[] for _ in texts]
    text_ends = list(accumulate(len(text) for text in texts))
    for position in sorted(cited_at):
        # The first text whose end is at or after the position: it starts before the position (or at 0).
        index = bisect_left(text_ends, position)
        start = text_ends[index] - len(texts[index])
        result[index].append(Citation(position - start, tuple(sorted(cited_at[position]))))
    return result
