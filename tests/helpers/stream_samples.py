"""Response bodies in the four shapes Gemini and its gateways send, rebuilt from recorded traffic's layout.

Every shape carries the same awkward content: CJK text, emoji (4-byte UTF-8, a skin-tone modifier), a raw
U+2028/U+2029 inside a JSON string, quotes, backslashes and brackets inside strings, a thought summary, a
thoughtSignature on the first answer part, cumulative usage in every chunk, and a final chunk whose only part
is an empty text with finishReason STOP.

Layouts:
* Google SSE (``alt=sse``): ``data: `` + one-line JSON (``,`` between members, ``": "`` after keys),
  CRLF line ends, no ``[DONE]``.
* Gateway SSE (new-api): compact JSON, LF line ends. Go's encoder would escape U+2028 as ``\\u2028``; it is
  kept raw here because that is the harder case for a line splitter.
* JSON array (no ``alt=sse``): pretty objects (two-space indent) separated by ``\\r\\n,\\r\\n``.
* Single object: one pretty response holding the whole answer.

Everything here is built by functions so each test gets fresh objects.
"""

from __future__ import annotations

import base64
import json
from typing import Any

MODEL_VERSION = "gemini-2.5-flash"
RESPONSE_ID = "mG8yaNnRFpCzqtsP5ZGp4Qk"
SIGNATURE = base64.b64encode(bytes(range(256)) * 2).decode("ascii")

THOUGHT_TEXT = (
    "**Planning the reply**\n\nThe user greets me in Chinese and asks about Beijing's weather; "
    "answer in kind."
)
ANSWER_TEXTS = (
    "你好！北京今天晴，最高气温 31°C。",
    "Emoji survive: 🌏👍🏽 and a raw line separator\u2028here, a paragraph separator\u2029there.",
    'Tricky bytes: "quoted" \\ backslash, braces {}[], JSON in text {"a": "}"} ["]"], a colon: 汉字。',
)


def _usage(prompt: int, candidates: int | None, thoughts: int | None) -> dict[str, Any]:
    # Zero or absent counts are omitted, as Google does; the total is cumulative.
    usage: dict[str, Any] = {"promptTokenCount": prompt}
    total = prompt
    if candidates:
        usage["candidatesTokenCount"] = candidates
        total += candidates
    if thoughts:
        usage["thoughtsTokenCount"] = thoughts
        total += thoughts
    usage["totalTokenCount"] = total
    usage["promptTokensDetails"] = [{"modality": "TEXT", "tokenCount": prompt}]
    return usage


def _chunk(
    parts: list[dict[str, Any]] | None, usage: dict[str, Any], finish: str | None = None
) -> dict[str, Any]:
    candidate: dict[str, Any] = {"index": 0}
    if parts is not None:
        candidate["content"] = {"parts": parts, "role": "model"}
    if finish is not None:
        candidate["finishReason"] = finish
    return {
        "candidates": [candidate],
        "usageMetadata": usage,
        "modelVersion": MODEL_VERSION,
        "responseId": RESPONSE_ID,
    }


def response_chunks() -> list[dict[str, Any]]:
    """The streamed chunks of one answer, in order (thought, signed text, more text, usage, empty final)."""
    return [
        _chunk([{"text": THOUGHT_TEXT, "thought": True}], _usage(14, None, 87)),
        _chunk([{"text": ANSWER_TEXTS[0], "thoughtSignature": SIGNATURE}], _usage(14, 11, 87)),
        _chunk([{"text": ANSWER_TEXTS[1]}], _usage(14, 29, 87)),
        _chunk([{"text": ANSWER_TEXTS[2]}], _usage(14, 47, 87)),
        _chunk([{"text": ""}], _usage(14, 47, 87), finish="STOP"),
    ]


def whole_response() -> dict[str, Any]:
    """The non-streaming answer for the same turn (what the single-object shape carries)."""
    parts: list[dict[str, Any]] = [
        {"text": THOUGHT_TEXT, "thought": True},
        {"text": "".join(ANSWER_TEXTS), "thoughtSignature": SIGNATURE},
    ]
    return _chunk(parts, _usage(14, 47, 87), finish="STOP")


def _google_line(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ": "))


def _gateway_line(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _pretty(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)


def google_sse(chunks: list[dict[str, Any]]) -> bytes:
    """Google's ``alt=sse`` body: CRLF events, no ``[DONE]``."""
    return "".join(f"data: {_google_line(c)}\r\n\r\n" for c in chunks).encode("utf-8")


def gateway_sse(chunks: list[dict[str, Any]], *, ping: bool = False, done: bool = False) -> bytes:
    """new-api's re-emitted SSE body: LF events, optionally ``: PING`` comments and a final ``[DONE]``."""
    pieces = []
    for chunk in chunks:
        if ping:
            pieces.append(": PING\n\n")
        pieces.append(f"data: {_gateway_line(chunk)}\n\n")
    if done:
        pieces.append("data: [DONE]\n\n")
    return "".join(pieces).encode("utf-8")


def json_array(chunks: list[dict[str, Any]]) -> bytes:
    """Google's streaming body without ``alt=sse``: a pretty JSON array, elements split by CRLF commas."""
    return ("[" + "\r\n,\r\n".join(_pretty(c) for c in chunks) + "\r\n]").encode("utf-8")


def single_object(obj: dict[str, Any]) -> bytes:
    """A whole answer as one pretty-printed object (old new-api builds without ``alt=sse``)."""
    return (_pretty(obj) + "\n").encode("utf-8")


def all_shapes() -> dict[str, tuple[bytes, list[dict[str, Any]]]]:
    """Each shape's body with the objects a decoder must return for it, keyed by a readable name."""
    chunks = response_chunks()
    return {
        "google_sse": (google_sse(chunks), chunks),
        "gateway_sse": (gateway_sse(chunks), chunks),
        "gateway_sse_ping_done": (gateway_sse(chunks, ping=True, done=True), chunks),
        "json_array": (json_array(chunks), chunks),
        "single_object": (single_object(whole_response()), [whole_response()]),
    }


# ---------------------------------------------------------------- errors

GOOGLE_429: dict[str, Any] = {
    "error": {
        "code": 429,
        "message": "You exceeded your current quota. Please retry in 45.8s.",
        "status": "RESOURCE_EXHAUSTED",
        "details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "45s"}],
    }
}
NEW_API_ERROR: dict[str, Any] = {
    "error": {
        "message": "上游服务错误：连接被重置 (request id: 20250101000000123456789abcdef)",
        "type": "upstream_error",
        "code": "",
        "param": "",
    }
}


def sse_with_data_error(chunks: list[dict[str, Any]], error: dict[str, Any]) -> bytes:
    """Gateway SSE whose stream ends with a ``data: {"error": ...}`` event."""
    return gateway_sse(chunks) + f"data: {_gateway_line(error)}\n\n".encode()


def sse_with_raw_error(chunks: list[dict[str, Any]], error: dict[str, Any]) -> bytes:
    """Gateway SSE followed by a raw pretty-printed error object, as new-api writes it mid-stream."""
    return gateway_sse(chunks) + (_pretty(error) + "\n").encode("utf-8")


def array_wrapped_error(error: dict[str, Any]) -> bytes:
    """Google's error for the JSON-array endpoint: a one-element array."""
    return ("[" + _pretty(error) + "\r\n]").encode("utf-8")


# ---------------------------------------------------------------- large lines


def image_chunk(size: int) -> dict[str, Any]:
    """A chunk carrying an inline PNG of about ``size`` base64 characters (one multi-MB line on the wire)."""
    data = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(size * 3 // 4)).decode("ascii")
    part = {"inlineData": {"mimeType": "image/png", "data": data}}
    return _chunk([part], _usage(14, 1290, None))
