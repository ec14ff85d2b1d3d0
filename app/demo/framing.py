"""Turning a `Scenario` into the exact bytes a real gateway would write, as a plan of writes and pauses.

The plan is computed up front (pure, no sockets) so it can be unit-tested and so the server's write
loop stays trivial. Serialisation follows the sources being imitated: Google's SSE lines are one-line
JSON with a space after colons only (``{"a": 1,"b": 2}``), its arrays and error bodies are
pretty-printed with two-space indents, and new-api re-encodes with Go's ``encoding/json``: compact,
and with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from app.demo.scenario import Fault, JsonObject, Scenario, Shape

_SSE_SHAPES = ("google-sse", "gateway-sse", "cr-sse")
_LINE_ENDS = {"google-sse": b"\r\n", "cr-sse": b"\r"}
_ARRAY_SEPARATOR = b"\r\n,\r\n"
_ARRAY_END = b"\r\n]"
_RANDOM_SPLIT_MAX = 48
_GO_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}

CONTENT_TYPES: dict[Shape, str] = {
    "google-sse": "text/event-stream",
    "gateway-sse": "text/event-stream",
    "cr-sse": "text/event-stream",
    "json-array": "application/json; charset=UTF-8",
    "object": "application/json; charset=UTF-8",
}


@dataclass(frozen=True)
class Pause:
    """A silence between two writes."""

    seconds: float


Write = bytes | Pause


@dataclass(frozen=True)
class StreamPlan:
    """The writes of one streamed body and how the connection ends.

    Attributes:
        writes: bytes to send (each one a separate chunk of the chunked encoding) and pauses.
        abrupt: close the socket without the final zero-length chunk (a cut connection).
    """

    writes: list[Write]
    abrupt: bool = False


def google_line_json(obj: Any) -> bytes:
    """Serialise like Google's SSE lines: one line, ``": "`` after keys, no space after commas."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ": ")).encode()


def go_json(obj: Any) -> bytes:
    """Serialise like Go's ``json.Marshal`` (new-api): compact, HTML characters escaped."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    # Inside JSON these characters can only occur within strings, so a plain replace is safe.
    for char, escape in _GO_ESCAPES.items():
        text = text.replace(char, escape)
    return text.encode()


def pretty_json(obj: Any) -> bytes:
    """Serialise like Google's JSON bodies: two-space indents, raw UTF-8."""
    return json.dumps(obj, ensure_ascii=False, indent=2).encode()


def is_google_envelope(error: JsonObject) -> bool:
    """Tell a Google error envelope (it has ``status``) from a new-api one."""
    inner = error.get("error")
    return isinstance(inner, dict) and "status" in inner


def fill_placeholders(value: Any, replacements: dict[str, str]) -> Any:
    """Return a deep copy of `value` with ``{name}`` placeholders in its strings replaced."""
    if isinstance(value, str):
        for key, replacement in replacements.items():
            value = value.replace("{" + key + "}", replacement)
        return value
    if isinstance(value, dict):
        return {key: fill_placeholders(item, replacements) for key, item in value.items()}
    if isinstance(value, list):
        return [fill_placeholders(item, replacements) for item in value]
    return value


def encode_error_body(error: JsonObject, *, wrap_in_array: bool) -> bytes:
    """Encode a pre-stream error body the way its source does.

    Args:
        error: the envelope, placeholders already filled.
        wrap_in_array: the request went to the JSON-array route, where Google wraps errors in a
            one-element array (new-api never does).
    """
    if not is_google_envelope(error):
        return go_json(error)
    if wrap_in_array:
        return b"[" + pretty_json(error) + b"\r\n]"
    return pretty_json(error)


def with_response_ids(obj: JsonObject, *, model: str, response_id: str) -> JsonObject:
    """Add ``modelVersion`` and ``responseId`` (same on every chunk) unless present or an error body."""
    if "error" in obj or "message" in obj or ("modelVersion" in obj and "responseId" in obj):
        return obj
    filled = dict(obj)  # shallow: the scenario's own objects stay untouched for the next request
    filled.setdefault("modelVersion", model)
    filled.setdefault("responseId", response_id)
    return filled


def merge_chunks(chunks: Iterable[JsonObject]) -> JsonObject:
    """Merge streamed response objects into the one object ``:generateContent`` would return.

    Parts are concatenated in order (adjacent plain text with the same thought flag joined), other
    candidate and top-level fields keep their last value, ``promptFeedback`` its first.
    """
    candidates: dict[int, JsonObject] = {}
    top: JsonObject = {}
    for chunk in chunks:
        for key, value in chunk.items():
            if key == "candidates":
                for candidate in value:
                    _merge_candidate(candidates.setdefault(candidate.get("index", 0), {}), candidate)
            elif key == "promptFeedback":
                top.setdefault(key, value)
            else:
                top[key] = value
    merged: JsonObject = {}
    if candidates:
        merged["candidates"] = [candidates[index] for index in sorted(candidates)]
    merged.update(top)
    return merged


def _merge_candidate(target: JsonObject, candidate: JsonObject) -> None:
    for key, value in candidate.items():
        if key != "content":
            target[key] = value
            continue
        content = target.setdefault("content", {})
        for content_key, content_value in value.items():
            if content_key == "parts":
                parts = content.setdefault("parts", [])
                for part in content_value:
                    _append_part(parts, part)
            else:
                content[content_key] = content_value


def _is_plain_text(part: JsonObject) -> bool:
    return "text" in part and set(part) <= {"text", "thought"}


def _append_part(parts: list[JsonObject], part: JsonObject) -> None:
    last = parts[-1] if parts else None
    if (
        last is not None
        and _is_plain_text(last)
        and _is_plain_text(part)
        and last.get("thought", False) == part.get("thought", False)
    ):
        last["text"] += part["text"]
    else:
        parts.append(copy.deepcopy(part))


def frame_event(obj: JsonObject, shape: Shape, *, first: bool) -> bytes:
    """Frame one response object for a streaming shape (not ``object``)."""
    if shape == "google-sse":
        return b"data: " + google_line_json(obj) + b"\r\n\r\n"
    if shape == "gateway-sse":
        return b"data: " + go_json(obj) + b"\n\n"
    if shape == "cr-sse":
        return b"data: " + go_json(obj) + b"\r\r"
    return (b"[" if first else _ARRAY_SEPARATOR) + pretty_json(obj)


def plan_stream(scenario: Scenario, shape: Shape, *, model: str, response_id: str) -> StreamPlan:
    """Compute the writes of a successful (status 2xx, chunked) body for `scenario` in `shape`."""
    chunks = (with_response_ids(c, model=model, response_id=response_id) for c in scenario.iter_chunks())
    if shape == "object":
        # One ordinary response: faults and event options have no meaning here.
        return StreamPlan(_split([pretty_json(merge_chunks(chunks))], scenario))
    writes: list[Write] = []
    newline = _LINE_ENDS.get(shape, b"\n")
    fault = scenario.fault
    sent = 0
    pending: JsonObject | None = None
    for chunk in chunks:
        if fault is not None and sent == fault.after:
            pending = chunk
            break
        if sent and scenario.chunk_delay > 0:
            writes.append(Pause(scenario.chunk_delay))
        if scenario.ping and shape in _SSE_SHAPES:
            writes.append(b": PING" + newline + newline)
        writes.append(frame_event(chunk, shape, first=sent == 0))
        sent += 1
    abrupt = False
    if fault is not None:
        abrupt = _append_fault(writes, fault, shape, sent=sent, pending=pending)
    else:
        if shape == "json-array":
            writes.append(_ARRAY_END if sent else b"[]")
        if scenario.done and shape in _SSE_SHAPES:
            writes.append(b"data: [DONE]" + newline + newline)
    return StreamPlan(_split(writes, scenario), abrupt=abrupt)


def _append_fault(
    writes: list[Write], fault: Fault, shape: Shape, *, sent: int, pending: JsonObject | None
) -> bool:
    """Append the fault's writes; return whether the connection must then be cut."""
    error = dict(fault.error or {"error": {"code": 500, "message": "Internal error", "status": "INTERNAL"}})
    if fault.kind == "error-event":
        writes.append(frame_event(error, shape, first=sent == 0))
        if shape == "json-array":
            writes.append(_ARRAY_END)
        return False
    if fault.kind == "raw-error":
        writes.append(pretty_json(error) + b"\n")
        return False
    if fault.kind == "truncated-json":
        victim = pending or {"candidates": [{"content": {"role": "model", "parts": [{"text": "cut here"}]}}]}
        framed = frame_event(victim, shape, first=sent == 0)
        writes.append(framed[: len(framed) // 2])
        return False
    if fault.kind == "unclosed":
        return False  # a clean end: a JSON array stays open
    if fault.kind == "stall" and shape in _SSE_SHAPES:
        writes.extend(_stall(fault, _LINE_ENDS.get(shape, b"\n")))
    elif fault.kind == "stall":
        writes.append(Pause(fault.stall_seconds))  # keep-alive comments exist only in SSE
    elif fault.cut_inside > 0 and pending is not None:
        framed = frame_event(pending, shape, first=sent == 0)
        writes.append(framed[: min(fault.cut_inside, len(framed) - 1)])
    return True  # "cut", and a stall ends with a cut as well


def _stall(fault: Fault, newline: bytes) -> list[Write]:
    """The silence of a stall, or keep-alive comments every `Fault.ping_every` seconds of it."""
    if fault.ping_every <= 0:
        return [Pause(fault.stall_seconds)]
    writes: list[Write] = []
    waited = 0.0
    while waited < fault.stall_seconds:
        step = min(fault.ping_every, fault.stall_seconds - waited)
        writes += [Pause(step), b": PING" + newline + newline]
        waited += step
    return writes


def _split(writes: Sequence[Write], scenario: Scenario) -> list[Write]:
    """Re-cut runs of consecutive bytes into the scenario's piece sizes, across event boundaries."""
    if scenario.split == "none":
        return list(writes)
    rng = random.Random(scenario.seed)
    result: list[Write] = []
    run: list[bytes] = []

    def flush() -> None:
        for index, piece in enumerate(_pieces(b"".join(run), scenario.split, rng)):
            if index and scenario.write_delay > 0:
                result.append(Pause(scenario.write_delay))
            result.append(piece)
        run.clear()

    for write in writes:
        if isinstance(write, Pause):
            flush()
            result.append(write)
        else:
            run.append(write)
    flush()
    return result


def _pieces(data: bytes, split: str | int, rng: random.Random) -> Iterator[bytes]:
    position = 0
    while position < len(data):
        size = rng.randint(1, _RANDOM_SPLIT_MAX) if split == "random" else int(split)
        yield data[position : position + size]
        position += size
