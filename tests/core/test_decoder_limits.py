"""One event is bounded: the decoder refuses an event past its limit while it arrives, in every shape."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from app.core.gemini.decoder import StreamDecoder
from app.core.gemini.errors import AnswerTooLargeError
from app.core.gemini.limits import EVENT_LIMIT, MIB
from app.core.texts import render

LIMIT = 64 * 1024
CHUNK = 4096
EVENT = b'data: {"candidates":[{"content":{"parts":[{"text":"hello"}]}}]}\n\n'

# Bodies that hold more and more bytes for one event, never completing it.
ENDLESS: dict[str, tuple[bytes, bytes]] = {
    "an SSE data line": (b'data: {"candidates":[{"content":{"parts":[{"text":"', b"A"),
    "an SSE data line with CRLF events before it": (EVENT.replace(b"\n", b"\r\n") + b'data: {"a":"', b"A"),
    "an SSE comment line": (b": PING", b"G"),
    "an SSE event of many data lines": (b"data: {\n", b"data: 1\n"),
    "an event of one-byte data lines": (b"data: [\n", b"data:1\n"),
    "a JSON array element": (b'[{"candidates":[{"content":{"parts":[{"text":"', b"B"),
    "a pretty JSON array element": (b'[{\n  "candidates": [\n', b'    {"text": "x"},\n'),
    "a lone JSON object": (b'{"candidates":[{"content":{"parts":[{"text":"', b"C"),
    "the blanks after an array element": (b'[{"a": 1}', b" "),
}


def _endless(head: bytes, piece: bytes) -> Iterator[bytes]:
    body = head + piece * (CHUNK // len(piece) + 1)
    yield body[:CHUNK]
    rest = (piece * (CHUNK // len(piece) + 1))[:CHUNK]
    while True:
        yield rest


@pytest.mark.parametrize("name", sorted(ENDLESS))
def test_an_event_that_never_ends_fails_once_it_passes_the_limit(name: str) -> None:
    decoder = StreamDecoder("text/event-stream", event_limit=LIMIT)
    fed = 0
    objects: list[dict[str, Any]] = []
    with pytest.raises(AnswerTooLargeError) as caught:
        for chunk in _endless(*ENDLESS[name]):
            objects += decoder.feed(chunk)
            fed += len(chunk)
            assert fed <= 100 * LIMIT, "the decoder kept reading past its limit"
    # It failed as soon as the held bytes passed the limit, not after buffering the whole line.
    assert fed <= LIMIT + len(EVENT) + 2 * CHUNK
    error = caught.value
    assert error.kind == "event" and error.limit == LIMIT and error.code == "gemini.too_large.event"
    assert len(decoder._buf) == 0, "the refused event's bytes are still held"
    assert decoder.feed(b"more") == [], "a refused stream yields nothing more"


def test_events_before_the_refused_one_are_returned_first() -> None:
    decoder = StreamDecoder("text/event-stream", event_limit=LIMIT)
    objects = decoder.feed(EVENT * 3 + b'data: {"a":"' + b"A" * (2 * LIMIT))
    assert len(objects) == 3, "the complete events were lost with the oversized one"
    with pytest.raises(AnswerTooLargeError):
        decoder.feed(b"A")


@pytest.mark.parametrize("content_type", ["text/event-stream", "application/json"])
def test_an_event_just_under_the_limit_is_decoded(content_type: str) -> None:
    text = "x" * (LIMIT - 200)
    obj = {"candidates": [{"content": {"parts": [{"text": text}]}}]}
    if content_type == "text/event-stream":
        body = b"data: " + json.dumps(obj).encode() + b"\n\n"
    else:
        body = b"[" + json.dumps(obj, indent=2).encode() + b"\n]"
    decoder = StreamDecoder(content_type, event_limit=LIMIT)
    out: list[dict[str, Any]] = []
    for start in range(0, len(body), CHUNK):
        out += decoder.feed(body[start : start + CHUNK])
    assert out + decoder.close() == [obj]


def test_many_small_events_are_not_one_large_event() -> None:
    """The limit holds one event, not the stream: a body many times the limit in small events is fine."""
    decoder = StreamDecoder("text/event-stream", event_limit=LIMIT)
    body = EVENT * (20 * LIMIT // len(EVENT))
    count = 0
    for start in range(0, len(body), CHUNK + 7):
        count += len(decoder.feed(body[start : start + CHUNK + 7]))
    assert count + len(decoder.close()) == body.count(b"data:")


def test_the_default_limit_takes_the_largest_real_event_and_says_so_in_both_languages() -> None:
    # Gemini's largest real events are inline images of about 20 MB of base64.
    assert 40 * MIB <= EVENT_LIMIT <= 64 * MIB
    image = {"inlineData": {"mimeType": "image/png", "data": "A" * (24 * MIB)}}
    body = b"data: " + json.dumps({"candidates": [{"content": {"parts": [image]}}]}).encode() + b"\n\n"
    decoder = StreamDecoder("text/event-stream")
    out: list[dict[str, Any]] = []
    for start in range(0, len(body), 1 << 20):
        out += decoder.feed(body[start : start + (1 << 20)])
    assert len(out) == 1
    error = AnswerTooLargeError("x", kind="event", limit=EVENT_LIMIT)
    assert render(error.title(), "en") == "The gateway sent one piece of the answer over 48 MB"
    assert "48 MB" in render(error.title(), "zh_CN")
