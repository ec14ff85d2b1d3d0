"""A gateway cannot make the app hold without bound: an endless line or an endless answer is cut.

The gateway is a real server on 127.0.0.1 that keeps sending (up to a cap, so that a client without limits
still ends); the limits are small here, and the last test checks the ones the app uses.
"""

from __future__ import annotations

import asyncio
import json
import tracemalloc
from collections.abc import Iterator
from typing import Any

import pytest

from app.core.chat.connection import ClientProvider, Connection
from app.core.gemini.client import ClientConfig, GeminiClient, ProxyConfig
from app.core.gemini.errors import AnswerTooLargeError, GeminiError
from app.core.gemini.limits import EVENT_LIMIT, MIB, REPLY_LIMIT, StreamLimits
from app.core.gemini.reply_stream import ReplyStream
from app.core.texts import render
from tests.helpers.endless_gateway import EndlessBody
from tests.helpers.endless_gateway import endless_line as running_endless_line

KEY = "test-key-0123456789"
MODEL = "gemini-2.5-flash"
BODY: dict[str, Any] = {"contents": [{"role": "user", "parts": [{"text": "Hello"}]}]}
LIMITS = StreamLimits(event=256 * 1024, reply=2 * MIB)
CAP = 48 * MIB  # what the gateway sends at most: far past both limits
# A client that held what it received would peak above CAP; one within its limits stays far below.
PEAK_BOUND = 16 * MIB
TEXT_EVENT = (
    b"data: "
    + json.dumps({"candidates": [{"content": {"parts": [{"text": "A" * 60_000}]}}]}).encode()
    + b"\r\n\r\n"
)


@pytest.fixture
def endless_line() -> Iterator[EndlessBody]:
    with running_endless_line(CAP) as server:
        yield server


@pytest.fixture
def endless_answer() -> Iterator[EndlessBody]:
    server = EndlessBody(b"", TEXT_EVENT, cap=CAP)
    yield server
    server.close()


def _stream(url: str, limits: StreamLimits | None = LIMITS) -> tuple[GeminiError | None, ReplyStream, int]:
    """Streams one reply; returns its error, the stream and the peak of traced memory meanwhile."""

    async def scenario() -> tuple[GeminiError | None, ReplyStream]:
        config = ClientConfig(url, KEY, proxy=ProxyConfig(mode="none"), max_retries=0)
        async with GeminiClient(config, limits=limits) as client:
            stream = client.stream_generate(MODEL, BODY)
            try:
                async for _event in stream:
                    pass
            except GeminiError as error:
                return error, stream
            return None, stream

    tracemalloc.start()
    try:
        error, stream = asyncio.run(scenario())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return error, stream, peak


def test_a_line_that_never_ends_fails_at_the_event_limit_without_holding_it(
    endless_line: EndlessBody,
) -> None:
    error, _, peak = _stream(endless_line.url)
    assert peak < PEAK_BOUND, f"held {peak / MIB:.0f} MB for a {LIMITS.event / MIB:g} MB event limit"
    assert isinstance(error, AnswerTooLargeError), error
    assert error.code == "gemini.too_large.event"
    assert endless_line.sent < CAP, "the client read the whole endless line"
    assert render(error.title(), "en") == "The gateway sent one piece of the answer over 1 MB"
    assert "Any partial answer is kept" in render(error.user_message(), "en")
    assert "如有部分回答，已保留" in render(error.user_message(), "zh_CN")


def test_an_answer_that_never_ends_stops_at_the_reply_limit_and_keeps_what_arrived(
    endless_answer: EndlessBody,
) -> None:
    error, stream, peak = _stream(endless_answer.url)
    assert peak < PEAK_BOUND, f"held {peak / MIB:.0f} MB for a {LIMITS.reply / MIB:g} MB reply limit"
    assert isinstance(error, AnswerTooLargeError), error
    assert error.code == "gemini.too_large"
    assert error.partial is not None
    kept = len(error.partial.text)
    # What arrived is the partial answer: up to the limit, give or take the event of the read that passed it.
    assert LIMITS.reply - 2 * len(TEXT_EVENT) <= kept <= LIMITS.reply + 2 * len(TEXT_EVENT)
    assert stream.snapshot.text == error.partial.text
    assert endless_answer.sent < CAP, "the client read the whole endless answer"
    assert render(error.title(), "en") == "The answer passed 2 MB and was stopped"
    assert render(error.title(), "zh_CN") == "回答超过 2 MB，已停止接收"


def test_an_answer_under_the_limits_is_not_cut() -> None:
    server = EndlessBody(b"", TEXT_EVENT, cap=LIMITS.reply - len(TEXT_EVENT))
    try:
        error, stream, _peak = _stream(server.url)
    finally:
        server.close()
    assert error is None
    assert len(stream.snapshot.text) == 60_000 * (server.sent // len(TEXT_EVENT))


def test_the_app_and_the_command_line_use_the_production_limits() -> None:
    # Both reach the gateway through ClientProvider (app/main.py and cli_command.py build one).
    assert StreamLimits() == StreamLimits(event=EVENT_LIMIT, reply=REPLY_LIMIT)
    # Four of the largest real images (about 20 MB of base64 each) fit in a reply; a runaway one stops.
    assert 80 * MIB <= REPLY_LIMIT <= 128 * MIB
    clients = ClientProvider()
    clients.configure(Connection("http://127.0.0.1:9", KEY))
    client = clients.get()
    assert client is not None
    assert client.stream_generate(MODEL, BODY).limits == StreamLimits()
