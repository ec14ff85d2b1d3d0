"""A connection dropped after the request was sent is not retried: the gateway may be running (billing) it.

Failures while connecting (refused, DNS, connect timeout, TLS handshake) happen before anything was sent and
may be retried; see test_client.py for those.
"""

from __future__ import annotations

import asyncio
import socket
import struct
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from app.core.gemini.client import ClientConfig, GeminiClient, ProxyConfig, Retrying
from app.core.gemini.errors import ConnectionFailedError, GeminiError
from app.core.gemini.retry import RetryPolicy
from app.core.texts import render
from tests.helpers.raw_http import RawServer, read_head

KEY = "test-key-0123456789"
BODY: dict[str, Any] = {"contents": [{"role": "user", "parts": [{"text": "Hello"}]}]}
RETRIES = RetryPolicy(max_retries=3, base_delay=0.01, max_backoff=0.05)


class _DroppingServer(RawServer):
    """Reads each request's head and drops the connection without a word, as a proxy in front may.

    Args:
        reset: Reset the connection (RST) instead of closing it (FIN).

    Attributes:
        requests: The request line of each request that arrived.
    """

    def __init__(self, *, reset: bool) -> None:
        self._reset = reset
        self.requests: list[str] = []
        super().__init__()

    def answer(self, connection: socket.socket) -> None:
        """Reads the request's head and drops the connection."""
        connection.settimeout(2.0)
        head = read_head(connection)
        self.requests.append(head.split(b"\r\n", 1)[0].decode("latin-1"))
        if self._reset:
            # Linger on with a zero timeout: close() sends RST instead of FIN.
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


@pytest.fixture
def dropping() -> Iterator[Callable[[bool], _DroppingServer]]:
    servers: list[_DroppingServer] = []

    def start(reset: bool) -> _DroppingServer:
        servers.append(_DroppingServer(reset=reset))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def _stream(base_url: str) -> tuple[GeminiError, list[Retrying]]:
    config = ClientConfig(base_url=base_url, api_key=KEY, proxy=ProxyConfig(mode="none"), connect_timeout=2.0)
    retries: list[Retrying] = []

    async def scenario() -> GeminiError:
        async with GeminiClient(config, retry_policy=RETRIES) as client:
            try:
                async for event in client.stream_generate("gemini-2.5-flash", BODY):
                    if isinstance(event, Retrying):
                        retries.append(event)
            except GeminiError as error:
                return error
        raise AssertionError("the stream did not fail")

    return asyncio.run(scenario()), retries


def test_a_connection_closed_after_the_request_was_sent_is_reported_at_once_without_a_retry(
    dropping: Callable[[bool], _DroppingServer],
) -> None:
    server = dropping(False)
    error, retries = _stream(server.url)
    assert retries == []
    assert server.requests == [
        "POST /v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse HTTP/1.1"
    ], "the request reached the gateway more than once"
    assert isinstance(error, ConnectionFailedError) and error.request_sent and not error.retryable
    assert error.partial is None
    message = render(error.user_message(), "en")
    assert message.startswith("The connection to the gateway failed.")
    assert "Check your network, the base URL and the proxy setting, then try again." in message
    assert render(error.user_message(), "zh").startswith("与网关的连接失败")
    assert KEY not in message


def test_a_connection_reset_after_the_request_was_sent_is_not_retried(
    dropping: Callable[[bool], _DroppingServer],
) -> None:
    server = dropping(True)
    error, retries = _stream(server.url)
    assert retries == []
    assert len(server.requests) == 1
    assert isinstance(error, ConnectionFailedError) and not error.retryable


def test_only_a_connection_failure_before_sending_is_retryable() -> None:
    assert ConnectionFailedError("ConnectError", kind="refused").retryable
    assert not ConnectionFailedError("RemoteProtocolError", request_sent=True).retryable
    assert RETRIES.delay_for(ConnectionFailedError("ReadError", request_sent=True), 1) is None
