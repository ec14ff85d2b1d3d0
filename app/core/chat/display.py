"""What a model reply shows: Markdown built from its raw parts, the same while streaming and after a restart.

The transcript never stores display text. It renders ``reply_markdown(parts, grounding)`` of the stored reply,
and while a reply streams it appends the same snippets as the parts arrive (text as it comes,
``part_markdown`` for everything else), so the live message and the reopened one agree.

Per part, in arrival order:

- text: as written (thought summaries are left out: the transcript shows them in their own section);
- ``executableCode``: a "Code" label and a fenced block in the code's language;
- ``codeExecutionResult``: a label for the outcome ("Output", "Failed", "Timed out") and a fenced block;
- ``functionCall``: the arguments as fenced JSON, the fence's info ``json gd-tool Function call: NAME``
  (``TOOL_CALL_FENCE``): the block's header bar reads as a tool card's, with the tools icon and the label;
- ``inlineData`` image: ``![image N](gd-image:KEY)``, KEY naming the message and part (``image_key``);
- other ``inlineData`` (audio): one chip line with the MIME type and size.

With Google Search grounding, citation markers ``[1]`` go after each supported span (segment offsets are
UTF-8 bytes into the answer text, see ``app.core.gemini.grounding``), then come a numbered "Sources" list,
the search suggestions and, last, a link reference definition ``[1]: <https://…>`` for every marker whose
source is an http(s) page: the marker is then a link to its source, while the text (and a copy of the
message) keeps the short ``[1]``. Google asks apps to show ``searchEntryPoint.renderedContent``; a rich
text view can run neither its CSS nor its HTML, so its queries are shown as Google Search links instead (the
rendered HTML stays in the message's meta for export).

Every snippet of a non-text part starts and ends with a blank line, so it is a block of its own whatever text
comes before or after it.

Thought summaries are shown in their own section; ``thought_paragraphs`` starts each summary's bold heading
on a paragraph of its own, live (the deltas arrive joined as they came) and after a restart alike.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus, urlsplit

from app.core.chat.attachments import decoded_size, format_size
from app.core.chat.markdown_syntax import code_span, escape, fence
from app.core.gemini.events import GroundingInfo
from app.core.gemini.grounding import Citation, citation_positions
from app.core.json_depth import shown_json
from app.core.json_values import as_count, as_number, as_str

IMAGE_SCHEME = "gd-image"
"""URL scheme of images the transcript shows from its own registered resources."""

SEARCH_URL = "https://www.google.com/search?q="

TOOL_CALL_FENCE = "gd-tool"
"""The word after a fence's language that makes the rest of its info string the caption of a tool call."""

#: Part index -> image key; the key is what follows ``gd-image:``.
ImageRef = Callable[[int], str]

_KEY = re.compile(r"m(\d+)-p(\d+)")
_SPACES = re.compile(r"\s+")
# A bold heading line ("**Adding them up**") that runs on from the sentence before it: thought summaries
# joined as they arrived ("…and 29.**Adding them up**\n\n…"). Only after a sentence's end, so bold words
# inside a sentence ("the answer is **129**") stay where they are.
_RUN_IN_HEADING = re.compile(r"(?<=[.!?。！？…)）\"”'])[ \t]*(\*\*[^*\n]+\*\*)[ \t]*(?=\n)")
# A bold heading line under a line of text with no blank line between: Markdown would join the two lines.
_SOFT_HEADING = re.compile(r"(?<=[^\n])\n(\*\*[^*\n]+\*\*)[ \t]*(?=\n)")
# What follows a citation marker and would make Markdown read it as part of another link.
_LINK_CONTINUATIONS = ("(", "[", ":")


@dataclass(frozen=True, slots=True)
class DisplayLabels:
    """The words a reply's Markdown uses; the Qt layer passes translated ones.

    ``{0}`` (or the named field) is replaced by the value shown; ``number`` formats token counts.
    """

    code: str = "Code"
    output: str = "Output"
    failed: str = "Failed"
    timed_out: str = "Timed out"
    result: str = "Result ({0})"
    function_call: str = "Function call: {0}"
    image: str = "image {0}"
    sources: str = "Sources"
    search_suggestions: str = "Search suggestions"
    usage_prompt: str = "prompt {0}"
    usage_answer: str = "answer {0}"
    usage_thoughts: str = "thoughts {0}"
    usage_cached: str = "cached {0}"
    first_token: str = "first token {0:.2f} s"
    tokens_per_second: str = "{0:g} tok/s"
    #: Writes a token count with the locale's thousands separators (the Qt layer passes its locale's).
    number: Callable[[int], str] = "{:,}".format


DEFAULT_LABELS = DisplayLabels()


def image_key(message_id: int, part_index: int) -> str:
    """The key of the image in part ``part_index`` of message ``message_id`` (``m12-p3``)."""
    return f"m{message_id}-p{part_index}"


def parse_image_key(key: str) -> tuple[int, int] | None:
    """``(message_id, part_index)`` of a key made by ``image_key``, else ``None``."""
    match = _KEY.fullmatch(key)
    return None if match is None else (int(match.group(1)), int(match.group(2)))


def image_number(parts: Sequence[Mapping[str, Any]], index: int) -> int:
    """The number the answer gives the image at ``parts[index]``: 1 for its first shown image, and so on."""
    return 1 + sum(1 for p in parts[:index] if is_shown(p) and image_data(p) is not None)


def thought_paragraphs(thoughts: str) -> str:
    """``thoughts`` with every bold heading line starting a paragraph of its own.

    Thought summaries arrive one after another, each usually "**Heading**" and a paragraph; joined as they
    came, a heading runs on from the last sentence of the summary before ("…and 29.**Adding them up**").
    """
    return _SOFT_HEADING.sub(r"\n\n\1", _RUN_IN_HEADING.sub(r"\n\n\1", thoughts))


def is_shown(part: Mapping[str, Any]) -> bool:
    """Whether a part belongs to the answer body (thought parts, also thought images, do not)."""
    return part.get("thought") is not True


def image_data(part: Mapping[str, Any]) -> tuple[str, str] | None:
    """``(mime_type, base64 data)`` of an inline image part, else ``None``."""
    inline = part.get("inlineData")
    if not isinstance(inline, Mapping):
        return None
    mime, data = inline.get("mimeType"), inline.get("data")
    if isinstance(mime, str) and mime.startswith("image/") and isinstance(data, str):
        return mime, data
    return None


def decode_image_part(parts: Sequence[Mapping[str, Any]], index: int) -> bytes | None:
    """The decoded bytes of the inline image at ``parts[index]``, or ``None`` (no such image, bad base64)."""
    if not 0 <= index < len(parts):
        return None
    found = image_data(parts[index])
    if found is None:
        return None
    try:
        return base64.b64decode(found[1], validate=False)
    except (binascii.Error, ValueError):
        return None


def part_markdown(
    parts: Sequence[Mapping[str, Any]],
    index: int,
    *,
    image_ref: ImageRef | None = None,
    labels: DisplayLabels = DEFAULT_LABELS,
) -> str:
    """The Markdown of ``parts[index]``; "" for thoughts and for parts with nothing to show.

    ``parts`` is the whole list so far: an image is numbered by the images before it.
    """
    part = parts[index]
    if not is_shown(part):
        return ""
    text = part.get("text")
    if isinstance(text, str):
        return text
    code = part.get("executableCode")
    if isinstance(code, Mapping):
        language = _language(code.get("language"))
        return _block(_label(labels.code), fence(as_str(code.get("code")), language))
    result = part.get("codeExecutionResult")
    if isinstance(result, Mapping):
        output = as_str(result.get("output"))
        label = _label(_outcome_label(as_str(result.get("outcome")), labels))
        return _block(label, fence(output, "") if output else "")
    call = part.get("functionCall")
    if isinstance(call, Mapping):
        name = as_str(call.get("name"))
        args = shown_json(call.get("args") or {})
        # An info string is one line without backticks (CommonMark); a function's name has neither anyway.
        caption = _SPACES.sub(" ", labels.function_call.format(name)).replace("`", "'")
        return _block(fence(args, f"json {TOOL_CALL_FENCE} {caption}"))
    inline = part.get("inlineData")
    if isinstance(inline, Mapping):
        return _inline_markdown(parts, index, inline, image_ref, labels)
    return ""


def reply_markdown(
    parts: Sequence[Mapping[str, Any]],
    grounding: GroundingInfo | None = None,
    *,
    image_ref: ImageRef | None = None,
    labels: DisplayLabels = DEFAULT_LABELS,
) -> str:
    """The Markdown a finished (or partial) model reply shows: every part, then grounding if any."""
    texts, cited = _marked_texts(parts, grounding) if grounding is not None else ({}, set())
    pieces = []
    for index in range(len(parts)):
        if index in texts:
            pieces.append(texts[index])
        else:
            pieces.append(part_markdown(parts, index, image_ref=image_ref, labels=labels))
    if grounding is not None:
        pieces.append(grounding_markdown(grounding, labels=labels))
        pieces.append(_citation_definitions(grounding, cited))
    return "".join(pieces)


def grounding_markdown(grounding: GroundingInfo, *, labels: DisplayLabels = DEFAULT_LABELS) -> str:
    """The "Sources" list and the search suggestions of a grounded answer ("" when it has neither)."""
    blocks = []
    if grounding.sources:
        items = []
        for number, source in enumerate(grounding.sources, start=1):
            title = source.title or _host(source.uri) or source.uri
            items.append(f"{number}. {_link(title, source.uri)}")
        blocks.append(_label(labels.sources, strong=True) + "\n\n" + "\n".join(items))
    queries = [q for q in grounding.web_search_queries if q.strip()]
    if queries:
        links = " · ".join(_link(q, SEARCH_URL + quote_plus(q)) for q in queries)
        blocks.append(f"{_label(labels.search_suggestions, strong=True)}  \n{links}")
    return "".join(_block(block) for block in blocks)


def usage_line(meta: Mapping[str, Any], *, labels: DisplayLabels = DEFAULT_LABELS) -> str:
    """One line of a reply's figures: tokens, time to first token and speed ("" when nothing is known).

    Token counts of zero (no thoughts, nothing cached) are left out; prompt and answer are always shown
    when the reply reported usage.
    """
    items = []
    usage = meta.get("usage")
    if isinstance(usage, Mapping):
        counts = (
            (labels.usage_prompt, "promptTokenCount", True),
            (labels.usage_answer, "candidatesTokenCount", True),
            (labels.usage_thoughts, "thoughtsTokenCount", False),
            (labels.usage_cached, "cachedContentTokenCount", False),
        )
        for label, field, always in counts:
            value = as_count(usage.get(field))
            if value or always:
                items.append(label.format(labels.number(value)))
    first = as_number(meta.get("time_to_first_token"))
    if first is not None:
        items.append(labels.first_token.format(first))
    speed = as_number(meta.get("tokens_per_second"))
    if speed:
        items.append(labels.tokens_per_second.format(speed))
    return " · ".join(items)


# -- helpers ------------------------------------------------------------------------------------------------


# An image the transcript shows: ``![image 1](gd-image:m15-p1)`` (alt text escaped by ``escape``).
_IMAGE_REFERENCE = re.compile(r"!\[((?:\\.|[^\]\\])*)\]\(" + IMAGE_SCHEME + r":([^)\s]+)\)")


@dataclass(frozen=True, slots=True)
class CopiedMarkdown:
    """A message's Markdown as it goes on the clipboard, where ``gd-image:`` links mean nothing.

    Attributes:
        text: The Markdown with each image as a plain placeholder ("[image 1]").
        image_keys: The images' keys (what follows ``gd-image:``), in order.
        only_images: Nothing but images: the clipboard should carry the image itself.
    """

    text: str
    image_keys: tuple[str, ...]
    only_images: bool


def copied_markdown(markdown: str) -> CopiedMarkdown:
    """``markdown`` (as the transcript shows it) fit for pasting anywhere; see :class:`CopiedMarkdown`."""
    keys: list[str] = []

    def placeholder(match: re.Match[str]) -> str:
        keys.append(match.group(2))
        return f"[{match.group(1)}]"

    text = _IMAGE_REFERENCE.sub(placeholder, markdown)
    only_images = bool(keys) and not _IMAGE_REFERENCE.sub("", markdown).strip()
    return CopiedMarkdown(text, tuple(keys), only_images)


def _inline_markdown(
    parts: Sequence[Mapping[str, Any]],
    index: int,
    inline: Mapping[str, Any],
    image_ref: ImageRef | None,
    labels: DisplayLabels,
) -> str:
    mime = as_str(inline.get("mimeType")) or "application/octet-stream"
    if image_data(parts[index]) is not None:
        number = image_number(parts, index)
        key = image_ref(index) if image_ref is not None else f"p{index}"
        return _block(f"![{escape(labels.image.format(number))}]({IMAGE_SCHEME}:{key})")
    size = decoded_size(as_str(inline.get("data")))
    # An inline code span: shaded like a chip, and nothing inside it is Markdown.
    return _block(code_span(f"{mime} · {format_size(size)}"))


def _marked_texts(
    parts: Sequence[Mapping[str, Any]], grounding: GroundingInfo
) -> tuple[dict[int, str], set[int]]:
    """The answer's text parts with citation markers, by part index, and the source numbers cited."""
    shown = [
        (index, p["text"]) for index, p in enumerate(parts) if isinstance(p.get("text"), str) and is_shown(p)
    ]
    placed = citation_positions([text for _, text in shown], grounding)
    linked = _linked_numbers(grounding)
    cited: set[int] = set()
    marked = {
        index: _cite(text, citations, linked, cited)
        for (index, text), citations in zip(shown, placed, strict=True)
    }
    return marked, cited


def _cite(text: str, citations: Sequence[Citation], linked: set[int], cited: set[int]) -> str:
    """``text`` with a marker such as "[1]" or "[2],[3]" at each citation; adds to ``cited``.

    Marker numbers are source index + 1 (``[n]`` cites source n of the "Sources" list). A number in
    ``linked`` becomes a link through the reference definitions ``reply_markdown`` appends, so it stays
    "[n]" in the text.
    """
    pieces: list[str] = []
    previous = 0
    for citation in citations:
        position = citation.position
        numbers = [i + 1 for i in citation.sources]
        piece = text[previous:position]
        if piece.endswith("!") and not piece.endswith("\\!"):
            piece = piece[:-1] + "\\!"  # "![1]" would be an image; the escaped "!" looks the same
        pieces.append(piece)
        # After "]" a marker would be the label of a link ("[docs][1]"): it stays text.
        links = set() if piece.endswith("]") else linked
        after = text[position : position + 1]
        cited.update(n for n in numbers if n in links)
        pieces.append(_marker(numbers, links, ambiguous=links is not linked or after in _LINK_CONTINUATIONS))
        previous = position
    pieces.append(text[previous:])
    return "".join(pieces)


def _marker(numbers: Sequence[int], links: set[int], *, ambiguous: bool) -> str:
    """One citation marker: "[2],[3]" where the numbers link to their sources, else "[2,3]" as text.

    ``ambiguous`` says the text around would turn a bare "[n]" into something else (another link's label, a
    link with a destination): text markers are then escaped, and a link marker takes the collapsed form
    ``[n][]``, which ends the reference.
    """
    if not any(n in links for n in numbers):
        marker = "[" + ",".join(str(n) for n in numbers) + "]"
        return escape(marker) if ambiguous else marker
    pieces = [f"[{n}]" if n in links else escape(f"[{n}]") for n in numbers]
    if ambiguous and numbers[-1] in links:
        pieces[-1] += "[]"
    return ",".join(pieces)


def _linked_numbers(grounding: GroundingInfo) -> set[int]:
    """The source numbers whose source is an http(s) page, which a marker may link to."""
    return {n for n, source in enumerate(grounding.sources, start=1) if _destination(source.uri)}


def _citation_definitions(grounding: GroundingInfo, numbers: set[int]) -> str:
    """Link reference definitions ``[n]: <uri> "title"`` that make the markers ``[n]`` links."""
    lines = []
    for number in sorted(numbers):
        source = grounding.sources[number - 1]
        destination = _destination(source.uri)
        if destination is None:
            continue
        title = _SPACES.sub(" ", source.title or _host(source.uri)).strip()
        quoted = title.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'[{number}]: {destination} "{quoted}"' if title else f"[{number}]: {destination}")
    return _block("\n".join(lines))


def _outcome_label(outcome: str, labels: DisplayLabels) -> str:
    known = {
        "OUTCOME_OK": labels.output,
        "OUTCOME_FAILED": labels.failed,
        "OUTCOME_DEADLINE_EXCEEDED": labels.timed_out,
    }
    return known.get(outcome) or labels.result.format(outcome or "?")


def _language(value: object) -> str:
    language = as_str(value).lower()
    return "" if language in ("", "language_unspecified") else language


def _block(*pieces: str) -> str:
    body = "\n\n".join(piece for piece in pieces if piece)
    return f"\n\n{body}\n\n" if body else ""


def _label(text: str, *, strong: bool = False) -> str:
    mark = "**" if strong else "*"
    return f"{mark}{escape(text)}{mark}"


def _link(text: str, uri: str) -> str:
    destination = _destination(uri)
    if destination is None:
        # Plain text, and never linked by the parser's autolinks either: a refused source titled
        # "google.com" was shown as a link to http://google.com, a source the answer never had.
        return escape(text).replace(".", "\\.").replace(":", "\\:").replace("@", "\\@")
    return f"[{escape(text)}]({destination})"


def _destination(uri: str) -> str | None:
    """``<uri>`` as a Markdown link destination; ``None`` unless it is an http(s) URL (nothing else opens)."""
    try:
        scheme = urlsplit(uri).scheme.lower() if uri else ""
    except ValueError:
        return None
    if scheme not in ("http", "https"):
        return None
    # The pointy-bracket form takes any URI except these characters, which are percent-encoded.
    safe = uri.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    safe = safe.replace("\n", "%0A").replace("\r", "%0D")
    return f"<{safe}>"


def _host(uri: str) -> str:
    try:
        return urlsplit(uri).hostname or ""
    except ValueError:
        return ""
