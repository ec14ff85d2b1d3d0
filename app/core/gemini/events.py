"""Typed stream events, token usage, grounding data and the reply snapshot.

Everything here is an immutable value built from Gemini's JSON. The accumulator produces the events while
a reply streams in, and a `Snapshot` whenever somebody asks what has arrived so far (the UI, the checkpoint
timer, an error).

Field names on the wire are camelCase (`usageMetadata.promptTokenCount`); the Python side is snake_case.
Raw dictionaries are kept wherever the app must send something back verbatim (parts) or may want a field
this module does not model yet (grounding, prompt feedback).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeAlias

from app.core.json_values import as_count, as_str, is_int, str_or_none

# Python field name -> usageMetadata field name.
_USAGE_FIELDS: tuple[tuple[str, str], ...] = (
    ("prompt_tokens", "promptTokenCount"),
    ("candidates_tokens", "candidatesTokenCount"),
    ("thoughts_tokens", "thoughtsTokenCount"),
    ("cached_tokens", "cachedContentTokenCount"),
    ("tool_use_prompt_tokens", "toolUsePromptTokenCount"),
    ("total_tokens", "totalTokenCount"),
)


@dataclass(frozen=True, slots=True)
class Usage:
    """Token counts of one reply, as reported by the last chunk that carried `usageMetadata`.

    Gemini reports usage cumulatively in every chunk, so a `Usage` replaces the previous one, never adds.
    """

    prompt_tokens: int = 0
    candidates_tokens: int = 0
    thoughts_tokens: int = 0
    cached_tokens: int = 0
    tool_use_prompt_tokens: int = 0
    total_tokens: int = 0

    @classmethod
    def from_metadata(cls, metadata: Mapping[str, Any]) -> Usage:
        """Build from a `usageMetadata` object; omitted or malformed fields count as 0."""
        return cls(**{name: as_count(metadata.get(wire)) for name, wire in _USAGE_FIELDS})

    def to_metadata(self) -> dict[str, int]:
        """Return the `usageMetadata` form; like Gemini, zero fields are omitted."""
        result: dict[str, int] = {}
        for name, wire in _USAGE_FIELDS:
            value = getattr(self, name)
            if value:
                result[wire] = value
        return result


class Source(NamedTuple):
    """One grounding chunk: the page (or document) a grounded answer cites."""

    uri: str
    title: str


@dataclass(frozen=True, slots=True)
class GroundingSupport:
    """One `groundingSupports` entry: a span of the answer and the sources backing it.

    Attributes:
        start_byte: UTF-8 byte offset of the span's start in the answer text (not a str index).
        end_byte: UTF-8 byte offset just past the span's end.
        text: The span's text as Gemini quoted it ("" when absent).
        chunk_indices: Indices into `GroundingInfo.sources`.
    """

    start_byte: int
    end_byte: int
    text: str
    chunk_indices: tuple[int, ...]


def _source_from_chunk(chunk: object) -> Source:
    # A chunk is {"web": {uri, title}} for Google Search; retrieval and Maps grounding use other keys with the
    # same inner shape. Every chunk yields a Source so that support indices keep pointing at the right entry.
    if isinstance(chunk, Mapping):
        for inner in chunk.values():
            if isinstance(inner, Mapping):
                uri, title = inner.get("uri"), inner.get("title")
                if isinstance(uri, str) or isinstance(title, str):
                    return Source(as_str(uri), as_str(title))
    return Source("", "")


def _support_from_json(value: object) -> GroundingSupport | None:
    if not isinstance(value, Mapping):
        return None
    segment = value.get("segment")
    if not isinstance(segment, Mapping):
        return None
    text = segment.get("text")
    text = as_str(text)
    # proto3 JSON omits zero values, so a span at the very start has no startIndex.
    start = as_count(segment.get("startIndex"))
    if "endIndex" in segment:
        end = as_count(segment.get("endIndex"))
    elif text:
        end = start + len(text.encode("utf-8"))
    else:
        return None
    indices = value.get("groundingChunkIndices")
    chunk_indices = tuple(i for i in indices if is_int(i) and i >= 0) if isinstance(indices, list) else ()
    return GroundingSupport(start, end, text, chunk_indices)


@dataclass(frozen=True, slots=True)
class GroundingInfo:
    """Google Search grounding of an answer (`groundingMetadata`).

    Attributes:
        web_search_queries: The queries the model ran.
        search_entry_point_html: `searchEntryPoint.renderedContent`; Google requires showing it when present.
        sources: One entry per `groundingChunks` item, in order, so `chunk_indices` index into it.
        supports: Spans of the answer with the sources that back them.
        raw: The merged `groundingMetadata` object as received, for fields not modelled here.
    """

    web_search_queries: tuple[str, ...] = ()
    search_entry_point_html: str | None = None
    sources: tuple[Source, ...] = ()
    supports: tuple[GroundingSupport, ...] = ()
    raw: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_metadata(cls, metadata: Mapping[str, Any]) -> GroundingInfo:
        """Parse a `groundingMetadata` object, skipping malformed entries."""
        queries = metadata.get("webSearchQueries")
        entry = metadata.get("searchEntryPoint")
        html = entry.get("renderedContent") if isinstance(entry, Mapping) else None
        chunks = metadata.get("groundingChunks")
        supports = metadata.get("groundingSupports")
        parsed_supports = (
            tuple(s for s in map(_support_from_json, supports) if s is not None)
            if isinstance(supports, list)
            else ()
        )
        return cls(
            web_search_queries=(
                tuple(q for q in queries if isinstance(q, str)) if isinstance(queries, list) else ()
            ),
            search_entry_point_html=str_or_none(html),
            sources=tuple(_source_from_chunk(c) for c in chunks) if isinstance(chunks, list) else (),
            supports=parsed_supports,
            raw=metadata,
        )


# ---- events ----


@dataclass(frozen=True, slots=True)
class TextDelta:
    """More answer text (never empty)."""

    text: str


@dataclass(frozen=True, slots=True)
class ThoughtDelta:
    """More of the model's thought summary (a `thought: true` part); never part of the answer."""

    text: str


@dataclass(frozen=True, slots=True)
class ImageReceived:
    """An `inlineData` part: usually an image, but any inline media (audio too) arrives this way.

    Attributes:
        mime_type: For example "image/png".
        data_base64: The base64 payload exactly as received (not decoded: it can be megabytes).
        thought: True for an interim image the model drew while thinking.
    """

    mime_type: str
    data_base64: str
    thought: bool = False

    @property
    def is_image(self) -> bool:
        """Whether the payload is an image the UI can show."""
        return self.mime_type.startswith("image/")


@dataclass(frozen=True, slots=True)
class FunctionCallReceived:
    """The model asks the app to call a declared function."""

    name: str
    args: dict[str, Any]
    call_id: str | None = None


@dataclass(frozen=True, slots=True)
class CodeReceived:
    """Code the model wrote for the code-execution tool."""

    language: str
    code: str


@dataclass(frozen=True, slots=True)
class CodeResultReceived:
    """The result of running the model's code ("OUTCOME_OK", "OUTCOME_FAILED", ...)."""

    outcome: str
    output: str


@dataclass(frozen=True, slots=True)
class GroundingReceived:
    """Grounding arrived or grew; `metadata` is everything known so far, not an increment."""

    metadata: GroundingInfo


@dataclass(frozen=True, slots=True)
class UsageUpdated:
    """The token counts changed; `usage` replaces the previous value."""

    usage: Usage


@dataclass(frozen=True, slots=True)
class Finished:
    """The candidate ended with `finishReason` (emitted once per reply)."""

    reason: str
    message: str | None = None


@dataclass(frozen=True, slots=True)
class PromptBlocked:
    """The prompt itself was refused (`promptFeedback.blockReason`): no answer will come."""

    reason: str
    message: str | None = None
    safety_ratings: tuple[dict[str, Any], ...] = ()


StreamEvent: TypeAlias = (
    TextDelta
    | ThoughtDelta
    | ImageReceived
    | FunctionCallReceived
    | CodeReceived
    | CodeResultReceived
    | GroundingReceived
    | UsageUpdated
    | Finished
    | PromptBlocked
)


# ---- snapshot ----


def _is_thought_text(part: Mapping[str, Any]) -> bool:
    return part.get("thought") is True and isinstance(part.get("text"), str)


def join_paragraphs(texts: Iterable[str]) -> str:
    """Join Markdown texts so that each starts a new paragraph; empty ones are skipped.

    A blank line goes between two texts unless the first already ends with one, so joining never adds more
    than Markdown needs and never changes the texts themselves.
    """
    pieces: list[str] = []
    for text in texts:
        if not text:
            continue
        if pieces and not pieces[-1].endswith("\n\n"):
            pieces.append("\n" if pieces[-1].endswith("\n") else "\n\n")
        pieces.append(text)
    return "".join(pieces)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything one reply has delivered so far.

    The lists and dicts are shared with the accumulator where that avoids copying large payloads (inline
    images): treat them as read-only. `content()` returns copies that are safe to modify.

    Attributes:
        parts: Raw Gemini parts in arrival order, `thoughtSignature` kept on whatever part carried it;
            consecutive plain text parts with the same thought flag and no signature are merged.
        usage: From the last chunk carrying `usageMetadata`, or None.
        finish_reason: The candidate's `finishReason`, or None while streaming or when interrupted.
        finish_message: The candidate's `finishMessage`.
        safety_ratings: The candidate's latest `safetyRatings`.
        citation_metadata: The candidate's `citationMetadata` merged over chunks.
        grounding: Parsed `groundingMetadata` merged over chunks.
        url_context_metadata: The candidate's `urlContextMetadata` merged over chunks.
        prompt_feedback: The raw `promptFeedback` object.
        block_reason: `promptFeedback.blockReason` when the prompt was refused.
        model_version: `modelVersion`.
        response_id: `responseId`.
    """

    parts: list[dict[str, Any]] = field(default_factory=list)
    usage: Usage | None = None
    finish_reason: str | None = None
    finish_message: str | None = None
    safety_ratings: tuple[dict[str, Any], ...] = ()
    citation_metadata: dict[str, Any] | None = None
    grounding: GroundingInfo | None = None
    url_context_metadata: dict[str, Any] | None = None
    prompt_feedback: dict[str, Any] | None = None
    block_reason: str | None = None
    model_version: str | None = None
    response_id: str | None = None

    @property
    def text(self) -> str:
        """The answer text: every text part except thoughts, concatenated."""
        return "".join(
            p["text"] for p in self.parts if isinstance(p.get("text"), str) and p.get("thought") is not True
        )

    @property
    def thoughts(self) -> str:
        """The thought-summary text, each thought part starting a paragraph of its own.

        A part is usually one summary ("**Heading**" and a paragraph): joined as they came, the second
        heading would run on from the last sentence of the first.
        """
        return join_paragraphs(p["text"] for p in self.parts if _is_thought_text(p))

    @property
    def is_complete(self) -> bool:
        """Whether the reply ended properly: a finish reason arrived or the prompt was blocked."""
        return self.finish_reason is not None or self.block_reason is not None

    def content(self, *, include_thoughts: bool = False) -> dict[str, Any]:
        """Return the reply as a `{"role": "model", "parts": [...]}` history entry to send back.

        Args:
            include_thoughts: Keep thought-summary parts that carry no signature. They are dropped by default:
                they only cost tokens, and thoughts must never be replayed as answer text. A thought part that
                carries a `thoughtSignature` is always kept, because Gemini 3 refuses a history that lost one.
        """
        parts = [
            dict(p)
            for p in self.parts
            if include_thoughts or not _is_thought_text(p) or "thoughtSignature" in p
        ]
        return {"role": "model", "parts": parts}
