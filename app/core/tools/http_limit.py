"""How much one answer of a tool server over HTTP may make the app hold, enforced while it is read.

The SDK reads an ``application/json`` answer whole (``response.aread()``) before anything can look at it, so
a server sending a 2 GB result would have the app hold 2 GB, and only then would the result limit
(``results.DEFAULT_RESULT_LIMIT``) cut what goes to the model. `HttpLimit` gives the SDK an HTTP client whose
answers stop being read past `MESSAGE_LIMIT` bytes: the SDK turns the error into a failed request and
closes the connection, and the host tells the user why (``host.McpHost``). An answer that is an event stream
is bounded per event by the SDK itself (``max_sse_event_size``), given the same limit.

Compressed answers are not asked for (``Accept-Encoding: identity``) and are refused unread: their size once
decoded is not the size read, so a few megabytes could decode to gigabytes.

The module imports ``httpx2`` (the SDK's HTTP library): import it only where the SDK is used, on first use.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping

import httpx2

__all__ = ["MESSAGE_LIMIT", "HttpLimit", "MessageTooLargeError"]

MESSAGE_LIMIT = 32 * 1024 * 1024
"""Bytes one message from a tool server may reach. A tool's result is cut to 32,000 characters (at most
10 million, by choice) before it goes to the model; room for that, images and JSON escapes, while a server
that sends without end is cut at a small fraction of a laptop's memory."""

_EVENT_STREAM = "text/event-stream"


class MessageTooLargeError(httpx2.StreamError):
    """A server's answer passed the limit, or came compressed; it was not read further.

    A ``StreamError``: the SDK reports it as a failed request (``PARSE_ERROR``) instead of ending the session.
    """


class _LimitedBody(httpx2.AsyncByteStream):
    """An answer's body that raises `MessageTooLargeError` once more than ``limit`` bytes arrived."""

    def __init__(self, inner: httpx2.AsyncByteStream, response: httpx2.Response, owner: HttpLimit) -> None:
        self._inner = inner
        self._limit = owner.limit
        self._response = response
        self._owner = owner

    async def __aiter__(self) -> AsyncIterator[bytes]:
        headers = self._response.headers
        encoding = headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ("", "identity"):
            raise self._refuse(f"the server's answer came compressed ({encoding}) although not asked to be")
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self._limit:
            raise self._refuse(
                f"the server's answer is {int(declared)} bytes, over the limit of {self._limit}"
            )
        seen = 0
        async for chunk in self._inner:
            seen += len(chunk)
            if seen > self._limit:
                raise self._refuse(f"the server's answer passed {self._limit} bytes and was not read further")
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()

    def _refuse(self, words: str) -> MessageTooLargeError:
        self._owner.refused += 1
        return MessageTooLargeError(words)


class HttpLimit:
    """The HTTP client of one tool server, with its answers bounded; counts the answers it refused.

    Args:
        limit: Bytes one answer may reach (tests use small ones); None for `MESSAGE_LIMIT`.

    Attributes:
        limit: See above.
        refused: How many answers were refused so far (the host compares it before and after a call).
    """

    def __init__(self, limit: int | None = None) -> None:
        self.limit = MESSAGE_LIMIT if limit is None else limit
        self.refused = 0

    def detail(self, server: str) -> str:
        """What a call refused for its answer's size tells the model and the user (English, like the SDK)."""
        return (
            f"The server {server!r} answered with more than {self.limit / 1024 / 1024:g} MB (or compressed),"
            " so the app stopped reading the answer. Ask for less at a time."
        )

    def client(self, headers: Mapping[str, str]) -> httpx2.AsyncClient:
        """A new client for the SDK's streamable HTTP transport, sending ``headers`` with every request."""
        from mcp.shared._httpx_utils import create_mcp_http_client

        sent = {name: value for name, value in headers.items() if name.lower() != "accept-encoding"}
        client = create_mcp_http_client(headers={**sent, "Accept-Encoding": "identity"})
        client.event_hooks["response"].append(self._bound)
        return client

    async def _bound(self, response: httpx2.Response) -> None:
        """Bound the body of an answer the SDK would read whole (anything but an event stream)."""
        content_type = response.headers.get("content-type", "").lower()
        if content_type.startswith(_EVENT_STREAM):
            return
        stream = response.stream
        if isinstance(stream, httpx2.AsyncByteStream):
            response.stream = _LimitedBody(stream, response, self)
