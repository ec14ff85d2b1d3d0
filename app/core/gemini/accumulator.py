"""Turn decoded Gemini response objects into typed events and a running snapshot.

The client decodes the byte stream into JSON objects (one per chunk) and hands each to
`Accumulator.add`. This module does no I/O and never raises for any JSON value: a gateway that sends
something odd must not cost the user the text that already arrived, so malformed pieces are skipped and
unknown ones are kept raw.

Rules it follows (PROTOCOL-NOTES §3): only candidate index 0 matters; `usageMetadata` is cumulative,
so the last one wins; `finishReason` ends the reply once; parts are kept in arrival order with
`thoughtSignature` verbatim, and only consecutive plain text parts with the same thought flag and no
signature are merged. A function call streamed in pieces (Vertex's ``partialArgs``) is assembled into one
part (``streamed_calls``).
"""

from __future__ import annotations

from typing import Any

from app.core.gemini.events import (
    CodeReceived,
    CodeResultReceived,
    Finished,
    FunctionCallReceived,
    GroundingInfo,
    GroundingReceived,
    ImageReceived,
    PromptBlocked,
    Snapshot,
    StreamEvent,
    TextDelta,
    ThoughtDelta,
    Usage,
    UsageUpdated,
)
from app.core.gemini.streamed_calls import StreamedCall, is_call_piece
from app.core.json_values import as_str, str_or_none

# Proto enum defaults that mean "nothing to report".
_UNSPECIFIED_FINISH = "FINISH_REASON_UNSPECIFIED"
_UNSPECIFIED_BLOCK = "BLOCK_REASON_UNSPECIFIED"

# A part with only these keys is plain text and may be merged with its neighbour.
_PLAIN_TEXT_KEYS = frozenset({"text", "thought"})


def _dicts(value: object) -> tuple[dict[str, Any], ...]:
    return tuple(item for item in value if isinstance(item, dict)) if isinstance(value, list) else ()


def _merge_lists(old: list[Any], new: list[Any]) -> list[Any]:
    """Append the items of `new` that `old` lacks, keeping order.

    Gateways and models differ on whether repeated metadata is cumulative or incremental; this handles both
    without duplicating anything.
    """
    merged = list(old)
    for item in new:
        if item not in merged:
            merged.append(item)
    return merged


def _merge_metadata(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    """Merge one chunk's metadata into what arrived before: lists are unioned, other values replaced."""
    if old is None:
        return dict(new)
    merged = dict(old)
    for key, value in new.items():
        previous = merged.get(key)
        if isinstance(previous, list) and isinstance(value, list):
            merged[key] = _merge_lists(previous, value)
        else:
            merged[key] = value
    return merged


def _merge_grounding(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, Any]:
    """Merge grounding metadata, renumbering the new supports' chunk indices into the merged chunk list.

    Support indices point into the `groundingChunks` of the same object, so when a later object lists its
    chunks afresh (or only the new ones), the indices must be translated rather than copied.
    """
    if old is None:
        return dict(new)
    rest = {k: v for k, v in new.items() if k not in ("groundingChunks", "groundingSupports")}
    merged = _merge_metadata(old, rest)
    old_chunks = old.get("groundingChunks")
    chunks: list[Any] = list(old_chunks) if isinstance(old_chunks, list) else []
    new_chunks = new.get("groundingChunks")
    remap: dict[int, int] = {}
    if isinstance(new_chunks, list):
        for index, chunk in enumerate(new_chunks):
            if chunk not in chunks:
                chunks.append(chunk)
            remap[index] = chunks.index(chunk)
        merged["groundingChunks"] = chunks
    new_supports = new.get("groundingSupports")
    if isinstance(new_supports, list):
        translated = []
        for support in new_supports:
            indices = support.get("groundingChunkIndices") if isinstance(support, dict) else None
            if remap and isinstance(indices, list):
                support = {
                    **support,
                    "groundingChunkIndices": [remap.get(i, i) if isinstance(i, int) else i for i in indices],
                }
            translated.append(support)
        old_supports = old.get("groundingSupports")
        merged["groundingSupports"] = _merge_lists(
            old_supports if isinstance(old_supports, list) else [], translated
        )
    return merged


def _is_plain_text(part: dict[str, Any]) -> bool:
    return isinstance(part.get("text"), str) and part.keys() <= _PLAIN_TEXT_KEYS


def _part_event(part: dict[str, Any]) -> tuple[bool, StreamEvent | None]:
    """Classify one raw part: whether to keep it, and the event it produces.

    A part whose known field has the wrong type is dropped: replaying it would make Gemini reject the history.
    A part of a kind this app does not know is kept raw (a newer model may need it back) without an event.
    """
    thought = part.get("thought") is True
    if "text" in part:
        text = part["text"]
        if not isinstance(text, str):
            return False, None
        if not text:
            # The final chunk often has an empty text part only to carry the signature: keep that, no event.
            return not _is_plain_text(part), None
        return True, ThoughtDelta(text) if thought else TextDelta(text)
    if "inlineData" in part:
        data = part["inlineData"]
        if not isinstance(data, dict):
            return False, None
        mime, payload = data.get("mimeType"), data.get("data")
        if not isinstance(payload, str):
            return False, None
        return True, ImageReceived(as_str(mime), payload, thought)
    if "functionCall" in part:
        call = part["functionCall"]
        if not isinstance(call, dict) or not isinstance(call.get("name"), str):
            return False, None
        args = call.get("args")
        return True, FunctionCallReceived(
            call["name"], args if isinstance(args, dict) else {}, str_or_none(call.get("id"))
        )
    if "executableCode" in part:
        code = part["executableCode"]
        if not isinstance(code, dict):
            return False, None
        language, source = code.get("language"), code.get("code")
        return True, CodeReceived(as_str(language), as_str(source))
    if "codeExecutionResult" in part:
        result = part["codeExecutionResult"]
        if not isinstance(result, dict):
            return False, None
        outcome, output = result.get("outcome"), result.get("output")
        return True, CodeResultReceived(as_str(outcome), as_str(output))
    return True, None


class Accumulator:
    """Collects one reply from its response objects.

    Call `add` with each decoded object in order; call `snapshot` whenever the state so far is needed.
    """

    def __init__(self) -> None:
        # Closed parts. The last plain text part stays open in `_open_*` so that merging a chunk appends to a
        # list instead of rebuilding an ever longer string (quadratic for long answers).
        self._parts: list[dict[str, Any]] = []
        self._open_pieces: list[str] = []
        self._open_part: dict[str, Any] | None = None
        self._open_thought = False
        self._open_joined: dict[str, Any] | None = None
        self._streamed_call: StreamedCall | None = None  # a call whose pieces are still arriving
        self._usage: Usage | None = None
        self._finish_reason: str | None = None
        self._finish_message: str | None = None
        self._finished_emitted = False
        self._safety_ratings: tuple[dict[str, Any], ...] = ()
        self._citation: dict[str, Any] | None = None
        self._grounding_raw: dict[str, Any] | None = None
        self._grounding: GroundingInfo | None = None
        self._url_context: dict[str, Any] | None = None
        self._prompt_feedback: dict[str, Any] | None = None
        self._block_reason: str | None = None
        self._model_version: str | None = None
        self._response_id: str | None = None

    def add(self, obj: object) -> list[StreamEvent]:
        """Take one response object and return the events it produces, in a stable order.

        Order: part events in part order, then grounding, usage, prompt block, and finally `Finished`, so a
        consumer sees the last text before the end. Anything malformed is skipped; this never raises.
        """
        if not isinstance(obj, dict):
            return []
        events: list[StreamEvent] = []
        model_version, response_id = obj.get("modelVersion"), obj.get("responseId")
        if isinstance(model_version, str):
            self._model_version = model_version
        if isinstance(response_id, str):
            self._response_id = response_id
        candidate = self._first_candidate(obj.get("candidates"))
        if candidate is not None:
            events.extend(self._add_candidate(candidate))
        usage = obj.get("usageMetadata")
        if isinstance(usage, dict):
            new_usage = Usage.from_metadata(usage)
            if new_usage != self._usage:
                self._usage = new_usage
                events.append(UsageUpdated(new_usage))
        feedback = obj.get("promptFeedback")
        if isinstance(feedback, dict):
            events.extend(self._add_prompt_feedback(feedback))
        if self._finish_reason is not None and not self._finished_emitted:
            self._finished_emitted = True
            events.append(Finished(self._finish_reason, self._finish_message))
        return events

    def snapshot(self) -> Snapshot:
        """Return what has arrived so far; cheap enough to call every second during a long reply."""
        parts = list(self._parts)
        open_part = self._joined_open_part()
        if open_part is not None:
            parts.append(open_part)
        if self._streamed_call is not None:
            parts.append(self._streamed_call.part())
        return Snapshot(
            parts=parts,
            usage=self._usage,
            finish_reason=self._finish_reason,
            finish_message=self._finish_message,
            safety_ratings=self._safety_ratings,
            citation_metadata=self._citation,
            grounding=self._grounding,
            url_context_metadata=self._url_context,
            prompt_feedback=self._prompt_feedback,
            block_reason=self._block_reason,
            model_version=self._model_version,
            response_id=self._response_id,
        )

    # ---- candidates ----

    @staticmethod
    def _first_candidate(candidates: object) -> dict[str, Any] | None:
        if not isinstance(candidates, list):
            return None
        for candidate in candidates:
            if not isinstance(candidate, dict):
                continue
            # proto3 JSON omits index 0, so a missing index is the first candidate.
            index = candidate.get("index", 0)
            if index is None or (index == 0 and type(index) is int):
                return candidate
        return None

    def _add_candidate(self, candidate: dict[str, Any]) -> list[StreamEvent]:
        events: list[StreamEvent] = []
        content = candidate.get("content")
        parts = content.get("parts") if isinstance(content, dict) else None
        if isinstance(parts, list):
            for part in parts:
                if isinstance(part, dict):
                    call = part.get("functionCall")
                    if isinstance(call, dict) and (self._streamed_call is not None or is_call_piece(call)):
                        events.extend(self._add_call_piece(part, call))
                        continue
                    event = self._add_part(part)
                    if event is not None:
                        events.append(event)
        ratings = candidate.get("safetyRatings")
        if isinstance(ratings, list):
            self._safety_ratings = _dicts(ratings)
        citation = candidate.get("citationMetadata")
        if isinstance(citation, dict):
            self._citation = _merge_metadata(self._citation, citation)
        url_context = candidate.get("urlContextMetadata")
        if isinstance(url_context, dict):
            self._url_context = _merge_metadata(self._url_context, url_context)
        grounding = candidate.get("groundingMetadata")
        if isinstance(grounding, dict):
            merged = _merge_grounding(self._grounding_raw, grounding)
            if merged != self._grounding_raw:
                self._grounding_raw = merged
                self._grounding = GroundingInfo.from_metadata(merged)
                events.append(GroundingReceived(self._grounding))
        reason = candidate.get("finishReason")
        if isinstance(reason, str) and reason and reason != _UNSPECIFIED_FINISH:
            self._finish_reason = reason
            ended = self._end_streamed_call()  # the reply ends: a call still open has all it will get
            if ended is not None:
                events.append(ended)
        message = candidate.get("finishMessage")
        if isinstance(message, str):
            self._finish_message = message
        return events

    def _add_part(self, part: dict[str, Any]) -> StreamEvent | None:
        keep, event = _part_event(part)
        if not keep:
            return None
        if _is_plain_text(part):
            thought = part.get("thought") is True
            if self._open_part is not None and self._open_thought == thought:
                self._open_pieces.append(part["text"])
                self._open_joined = None
                return event
            self._close_open_part()
            self._open_part = part
            self._open_pieces = [part["text"]]
            self._open_thought = thought
            self._open_joined = None
            return event
        self._close_open_part()
        # A shallow copy: the caller's object may be reused, and copying never duplicates a big base64 string.
        self._parts.append(dict(part))
        return event

    def _add_call_piece(self, part: dict[str, Any], call: dict[str, Any]) -> list[StreamEvent]:
        """A piece of a call streamed in parts: the event comes with the last piece, for the whole call."""
        events: list[StreamEvent] = []
        named = isinstance(call.get("name"), str) and call["name"]
        if self._streamed_call is not None and named:
            ended = self._end_streamed_call()  # a new call starts: the open one lost its last piece
            events += [ended] if ended is not None else []
        if self._streamed_call is None:
            if not named:
                return events  # a piece of no call: nothing to add it to
            self._close_open_part()
            self._streamed_call = StreamedCall(part)
        else:
            self._streamed_call.add(part)
        if self._streamed_call.done:
            ended = self._end_streamed_call()
            events += [ended] if ended is not None else []
        return events

    def _end_streamed_call(self) -> StreamEvent | None:
        streamed = self._streamed_call
        if streamed is None:
            return None
        self._streamed_call = None
        self._parts.append(streamed.part())
        return FunctionCallReceived(streamed.name, streamed.args, streamed.call_id)

    def _joined_open_part(self) -> dict[str, Any] | None:
        if self._open_part is None:
            return None
        if self._open_joined is None:
            # A fresh dict each time the text grows: snapshots already handed out must not change.
            text = "".join(self._open_pieces)
            # The joined text replaces its pieces, which would otherwise hold the whole answer a second time.
            self._open_pieces = [text]
            self._open_joined = {**self._open_part, "text": text}
        return self._open_joined

    def _close_open_part(self) -> None:
        open_part = self._joined_open_part()
        if open_part is not None:
            self._parts.append(open_part)
        self._open_part = None
        self._open_pieces = []
        self._open_joined = None

    # ---- prompt feedback ----

    def _add_prompt_feedback(self, feedback: dict[str, Any]) -> list[StreamEvent]:
        self._prompt_feedback = _merge_metadata(self._prompt_feedback, feedback)
        reason = feedback.get("blockReason")
        if not isinstance(reason, str) or not reason or reason == _UNSPECIFIED_BLOCK:
            return []
        if self._block_reason is not None:
            return []
        self._block_reason = reason
        return [
            PromptBlocked(
                reason,
                str_or_none(feedback.get("blockReasonMessage")),
                _dicts(feedback.get("safetyRatings")),
            )
        ]
