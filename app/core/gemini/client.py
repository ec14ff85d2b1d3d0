"""The HTTP client: one `httpx.AsyncClient` per gateway, streaming replies, retries and error mapping.

`GeminiClient.stream_generate` returns a `ReplyStream`: nothing is sent until it is iterated. Iterating yields
the accumulator's `StreamEvent`s and, when an attempt failed before the first byte of the answer, a `Retrying`
event before the next attempt. Every failure surfaces as a `GeminiError` (see errors.py); a failure after the
stream had started carries the partial answer in `error.partial`, and `stream.snapshot` shows it at any time.

Timeouts follow the gateways' timing (PROTOCOL §6): connecting gets `connect_timeout` (about 10 s); the read
timeout is the *idle* timeout, the longest silence between two chunks (several minutes: thinking models send
nothing for a long time and gateways send no keep-alive meanwhile).

This is the only module that imports httpx.
"""

from __future__ import annotations

import asyncio
import json
import socket
import ssl
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, aclosing
from dataclasses import dataclass
from types import TracebackType
from typing import Any, TypeAlias

import httpx

from app.core.gemini.accumulator import Accumulator
from app.core.gemini.config import ClientConfig, ProxyConfig
from app.core.gemini.decoder import StreamDecoder
from app.core.gemini.errors import (
    ConfigurationError,
    ConnectionFailedError,
    EmptyResponseError,
    GeminiError,
    HTTPStatusError,
    IdleTimeoutError,
    MalformedStreamError,
    NotFoundError,
    ResponseFormatError,
    TLSError,
    error_from_response,
    error_from_stream_object,
)
from app.core.gemini.events import Snapshot, StreamEvent
from app.core.gemini.models_list import ModelInfo, parse_model_list
from app.core.gemini.retry import Retrying, RetryPolicy
from app.core.gemini.urls import generate_url, models_urls, normalize_base_url, stream_url

__all__ = ["ClientConfig", "GeminiClient", "ProxyConfig", "ReplyEvent", "ReplyStream", "Retrying"]

ReplyEvent: TypeAlias = StreamEvent | Retrying
"""What iterating a `ReplyStream` yields."""

# Error bodies are read only to explain the error: a gateway that streams a huge page must not fill memory.
_ERROR_BODY_LIMIT = 1024 * 1024
# A model list with thousands of entries is still far below this.
_MODEL_LIST_LIMIT = 16 * 1024 * 1024
LIST_TIMEOUT = 30.0
"""Seconds a model list may take in all (connecting included), unless the idle timeout is shorter."""
_PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")
_WRITE_TIMEOUT = 60.0
# Resolver messages on Linux, macOS and Windows, for when the gaierror itself is not in the exception chain.
_DNS_HINTS = (
    "name or service not known",
    "nodename nor servname",
    "getaddrinfo failed",
    "temporary failure in name resolution",
)


def httpx_client_options(config: ClientConfig) -> dict[str, Any]:
    """Translate a `ClientConfig` into `httpx.AsyncClient` keyword arguments (proxy and timeouts).

    Raises:
        ConfigurationError: Proxy mode "url" without a usable http(s)/socks5 URL.
    """
    options: dict[str, Any] = {
        "timeout": httpx.Timeout(
            connect=config.connect_timeout,
            read=config.idle_timeout,
            # A large attachment over a slow link may take long in total, but no single write should stall.
            write=max(_WRITE_TIMEOUT, config.connect_timeout),
            pool=config.connect_timeout,
        ),
        "follow_redirects": False,
    }
    proxy = config.proxy
    if proxy.mode == "system":
        options["trust_env"] = True
    elif proxy.mode == "none":
        options["trust_env"] = False
    elif proxy.mode == "url":
        url = (proxy.url or "").strip()
        scheme = url.split("://", 1)[0].lower() if "://" in url else ""
        if scheme not in _PROXY_SCHEMES:
            raise ConfigurationError(
                "the proxy URL must start with http://, https://, socks5:// or socks5h://"
                + (f", not {scheme}://" if scheme else "")
            )
        # An explicit proxy must not be overridden by environment variables.
        options["trust_env"] = False
        options["proxy"] = url
    else:
        raise ConfigurationError(f"unknown proxy mode {proxy.mode!r}")
    return options


def _exception_chain(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _connect_error_kind(exc: BaseException, *, explicit_proxy: bool) -> str:
    chain = _exception_chain(exc)
    if any(isinstance(e, httpx.ProxyError) for e in chain):
        return "proxy"
    if any(isinstance(e, httpx.ConnectTimeout) for e in chain):
        return "timeout"
    if explicit_proxy:
        # With an explicit proxy, the connection that failed is the one to the proxy.
        return "proxy"
    text = " ".join(str(e) for e in chain).lower()
    if any(isinstance(e, socket.gaierror) for e in chain) or any(hint in text for hint in _DNS_HINTS):
        return "dns"
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "refused" in text:
        return "refused"
    return ""


def _is_tls_failure(exc: BaseException) -> bool:
    chain = _exception_chain(exc)
    if any(isinstance(e, ssl.SSLError | ssl.CertificateError) for e in chain):
        return True
    text = " ".join(str(e) for e in chain)
    return "[SSL" in text or "CERTIFICATE_VERIFY_FAILED" in text


async def _read_bounded(response: httpx.Response, limit: int, *, keep_errors: bool = False) -> bytes:
    """Read at most `limit` bytes of a body.

    A failure while reading keeps what arrived (for an error body, the status is the news and a half-read
    page still explains it), unless `keep_errors` asks for the httpx error to propagate.
    """
    buffer = bytearray()
    try:
        async for chunk in response.aiter_bytes():
            buffer += chunk
            if len(buffer) >= limit:
                break
    except httpx.HTTPError:
        if keep_errors:
            raise
    return bytes(buffer[:limit])


def _require_model(model: str) -> None:
    """Refuse an empty model name with its own message (`urls` refuses it too, with a generic one)."""
    if not model.strip().removeprefix("models/"):
        raise ConfigurationError("no model is selected", kind="model")


@dataclass(frozen=True, slots=True)
class _RequestSpec:
    """What one `ReplyStream` sends and how its failures are reported."""

    method: str
    url: str
    headers: dict[str, str]
    body: dict[str, Any] | None
    idle_timeout: float
    explicit_proxy: bool
    redact: tuple[str, ...]


def _transport_error(exc: httpx.HTTPError, spec: _RequestSpec, partial: Snapshot | None) -> GeminiError:
    """Map an httpx failure to the error tree; `partial` is the answer so far (None before the first byte)."""
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    common: dict[str, Any] = {"partial": partial, "redact": spec.redact}
    if isinstance(exc, httpx.ReadTimeout):
        return IdleTimeoutError(detail, idle_timeout=spec.idle_timeout, **common)
    connecting = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.ProxyError)
    if connecting and _is_tls_failure(exc):
        return TLSError(detail, **common)
    if connecting:
        return ConnectionFailedError(
            detail, kind=_connect_error_kind(exc, explicit_proxy=spec.explicit_proxy), **common
        )
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return ConfigurationError(detail, redact=spec.redact)
    if isinstance(exc, httpx.DecodingError):
        return MalformedStreamError(detail, **common)
    if isinstance(exc, httpx.PoolTimeout):
        # Waiting for a free connection of the pool: nothing was sent.
        return ConnectionFailedError(detail, kind="timeout", **common)
    if isinstance(exc, httpx.TimeoutException):
        # A write timeout: part of the request is out.
        return ConnectionFailedError(detail, kind="timeout", request_sent=True, **common)
    # A reset, a closed connection or a protocol violation once the connection was up: the request was
    # written (the gateway may be working on it, and billing it), so it must not be sent again (PROTOCOL §4).
    # After the first byte, the connection was cut under a streaming answer.
    return ConnectionFailedError(
        detail, kind="cut" if partial is not None else "", request_sent=True, **common
    )


class ReplyStream:
    """One reply, streamed: an async iterable of `ReplyEvent`s that can be iterated once.

    Close it (`aclose()`, or use it as an async context manager) when stopping early: that closes the HTTP
    response, and with it the connection, at once. Cancelling the task that iterates it has the same effect,
    and is the way to stop it from another task (`aclose()` cannot interrupt an iteration in progress).

    Attributes:
        started_at: `time.monotonic()` when iteration started (the first attempt), or None.
        first_byte_at: `time.monotonic()` when the first byte of the answer body arrived, or None. Together
            with `started_at` this gives the time to first token, retries included.
    """

    def __init__(
        self,
        spec: _RequestSpec,
        open_response: Callable[[_RequestSpec], AbstractAsyncContextManager[httpx.Response]],
        policy: RetryPolicy,
    ) -> None:
        self._spec = spec
        self._open_response = open_response
        self._policy = policy
        self._accumulator = Accumulator()
        self._iterator: AsyncGenerator[ReplyEvent, None] | None = None
        self.started_at: float | None = None
        self.first_byte_at: float | None = None

    @property
    def snapshot(self) -> Snapshot:
        """Everything that arrived so far; also valid after an error or a cancellation."""
        return self._accumulator.snapshot()

    def __aiter__(self) -> AsyncIterator[ReplyEvent]:
        if self._iterator is not None:
            raise RuntimeError("a ReplyStream can be iterated only once")
        self._iterator = self._run()
        return self._iterator

    async def aclose(self) -> None:
        """Stop the reply and close its HTTP response; harmless when already finished or never started."""
        if self._iterator is None:
            self._iterator = self._run()  # so that a later iteration fails instead of sending a request
        await self._iterator.aclose()

    async def __aenter__(self) -> ReplyStream:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def _run(self) -> AsyncGenerator[ReplyEvent, None]:
        self.started_at = time.monotonic()
        attempt = 0
        while True:
            try:
                async with aclosing(self._attempt()) as events:
                    async for event in events:
                        yield event
                return
            except GeminiError as error:
                # Once the answer has started, a retry would repeat text the user has already seen.
                if self.first_byte_at is not None:
                    raise
                attempt += 1
                delay = self._policy.delay_for(error, attempt)
                if delay is None:
                    raise
                failure = error
            yield Retrying(attempt=attempt, delay=delay, error=failure)
            await asyncio.sleep(delay)

    async def _attempt(self) -> AsyncGenerator[StreamEvent, None]:
        spec = self._spec
        try:
            async with self._open_response(spec) as response:
                content_type = response.headers.get("content-type")
                is_html = "html" in (content_type or "").lower()
                if not 200 <= response.status_code < 300 or is_html:
                    body = await _read_bounded(response, _ERROR_BODY_LIMIT)
                    raise error_from_response(
                        response.status_code,
                        body,
                        content_type,
                        retry_after_header=response.headers.get("retry-after"),
                        redact=spec.redact,
                    )
                decoder = StreamDecoder(content_type)
                async for chunk in response.aiter_bytes():
                    if not chunk:
                        continue
                    if self.first_byte_at is None:
                        self.first_byte_at = time.monotonic()
                    for obj in decoder.feed(chunk):
                        for event in self._consume(obj):
                            yield event
                # The decoder returns the objects completed at EOF first and raises a fault found together
                # with them on the next close(): call it twice so that neither is lost.
                for _ in range(2):
                    for obj in decoder.close():
                        for event in self._consume(obj):
                            yield event
                if decoder.objects_seen == 0:
                    raise EmptyResponseError(
                        f"HTTP {response.status_code} with no response object ({decoder.bytes_seen} bytes)",
                        redact=spec.redact,
                    )
        except httpx.HTTPError as exc:
            partial = self._accumulator.snapshot() if self.first_byte_at is not None else None
            raise _transport_error(exc, spec, partial) from exc
        except GeminiError as error:
            if error.partial is None and self.first_byte_at is not None:
                error.partial = self._accumulator.snapshot()
            raise

    def _consume(self, obj: dict[str, Any]) -> list[StreamEvent]:
        if "error" in obj and "candidates" not in obj:
            raise error_from_stream_object(obj, self._accumulator.snapshot(), redact=self._spec.redact)
        return self._accumulator.add(obj)


class GeminiClient:
    """Talks to one gateway: streamed and one-shot replies, and the model list.

    One `httpx.AsyncClient` is built on first use and reused (keep-alive); close it with `aclose()`.

    Args:
        config: Gateway, key, proxy and timeouts.
        transport: An httpx transport to use instead of the network (tests); the proxy setting is then
            ignored.
        retry_policy: Overrides the default policy built from `config.max_retries`.
    """

    def __init__(
        self,
        config: ClientConfig,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        retry_policy: RetryPolicy | None = None,
    ) -> None:
        self._config = config
        self._transport = transport
        self._policy = retry_policy or RetryPolicy(max_retries=max(0, config.max_retries))
        self._http: httpx.AsyncClient | None = None

    def __repr__(self) -> str:
        return f"GeminiClient(base_url={self._config.base_url!r})"

    @property
    def config(self) -> ClientConfig:
        """The configuration this client was built with."""
        return self._config

    async def __aenter__(self) -> GeminiClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool; the client builds a new one if used again."""
        if self._http is not None:
            http, self._http = self._http, None
            await http.aclose()

    def stream_generate(self, model: str, body: dict[str, Any]) -> ReplyStream:
        """Prepare a streamed reply (`:streamGenerateContent?alt=sse`); nothing is sent until it is iterated.

        Raises:
            ConfigurationError: The base URL, the key or the model name is unusable.
        """
        _require_model(model)
        spec = self._spec("POST", stream_url(self._base_url(), model), body, accept="text/event-stream")
        return ReplyStream(spec, self._open, self._policy)

    async def generate(self, model: str, body: dict[str, Any]) -> Snapshot:
        """Ask for a whole reply at once (`:generateContent`), for short jobs such as titles.

        Raises:
            GeminiError: Any failure, mapped exactly as for `stream_generate`.
        """
        _require_model(model)
        spec = self._spec("POST", generate_url(self._base_url(), model), body, accept="application/json")
        async with ReplyStream(spec, self._open, self._policy) as stream:
            async for _event in stream:
                pass
            return stream.snapshot

    async def list_models(self) -> list[ModelInfo]:
        """Fetch the models the key may use: `/v1/models`, falling back to `/v1beta/models`.

        Returns:
            Chat models first (see `models_list.parse_model_list`).

        Raises:
            GeminiError: Both endpoints failed (the second failure is raised), or the first failed in a way a
                fallback cannot fix (a rejected key, a network failure).
        """
        openai_style, gemini_style = models_urls(self._base_url())
        try:
            return parse_model_list(await self._get_json(openai_style))
        except (NotFoundError, ResponseFormatError):
            pass
        except HTTPStatusError as error:
            if error.status != 405:
                raise
        return parse_model_list(await self._get_json(gemini_style))

    # ---- internals

    def _base_url(self) -> str:
        return normalize_base_url(self._config.base_url)

    def _api_key(self) -> str:
        key = self._config.api_key.strip()
        if not key:
            raise ConfigurationError("no API key is set", kind="no_key")
        if not key.isascii() or not key.isprintable():
            # Never quote the key itself in the message.
            raise ConfigurationError(
                "the API key contains characters that cannot be sent (non-ASCII)", kind="key_characters"
            )
        return key

    def _spec(self, method: str, url: str, body: dict[str, Any] | None, *, accept: str) -> _RequestSpec:
        key = self._api_key()
        headers = {
            "Authorization": f"Bearer {key}",
            "Accept": accept,
            "User-Agent": self._config.user_agent,
        }
        if body is not None:
            headers["Content-Type"] = "application/json"
        return _RequestSpec(
            method=method,
            url=url,
            headers=headers,
            body=body,
            idle_timeout=self._config.idle_timeout,
            explicit_proxy=self._config.proxy.mode == "url" and self._transport is None,
            redact=(key, self._config.api_key),
        )

    def _client(self) -> httpx.AsyncClient:
        if self._http is None:
            options = httpx_client_options(self._config)
            if self._transport is not None:
                options.pop("proxy", None)
                options["transport"] = self._transport
            self._http = httpx.AsyncClient(**options)
        return self._http

    def _open(self, spec: _RequestSpec) -> AbstractAsyncContextManager[httpx.Response]:
        client = self._client()
        if spec.body is None:
            return client.stream(spec.method, spec.url, headers=spec.headers)
        # Serialised here rather than with json=: non-ASCII text stays UTF-8 and NaN is refused.
        content = json.dumps(spec.body, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        return client.stream(spec.method, spec.url, headers=spec.headers, content=content.encode("utf-8"))

    async def _get_json(self, url: str) -> object:
        spec = self._spec("GET", url, None, accept="application/json")
        # A model list is small and quick: the chat's idle timeout (minutes, for a model thinking in silence)
        # would keep "Testing…" on screen that long against a gateway that never answers.
        wait = min(self._config.idle_timeout, LIST_TIMEOUT)
        try:
            async with asyncio.timeout(wait), self._open(spec) as response:
                content_type = response.headers.get("content-type")
                body = await _read_bounded(response, _MODEL_LIST_LIMIT + 1, keep_errors=True)
                status = response.status_code
        except TimeoutError as exc:
            raise ConnectionFailedError(
                f"no answer within {wait:g} s", kind="no_answer", request_sent=True, redact=spec.redact
            ) from exc
        except httpx.HTTPError as exc:
            raise _transport_error(exc, spec, None) from exc
        if status != 200 or "html" in (content_type or "").lower():
            raise error_from_response(status, body[:_ERROR_BODY_LIMIT], content_type, redact=spec.redact)
        if len(body) > _MODEL_LIST_LIMIT:
            raise ResponseFormatError(f"the model list is larger than {_MODEL_LIST_LIMIT} bytes")
        try:
            payload: object = json.loads(body.decode("utf-8", errors="replace"))
        except ValueError as exc:
            raise error_from_response(200, body, content_type, redact=spec.redact) from exc
        # new-api answers some failures (a key sent the wrong way) with 200 and an error body.
        if isinstance(payload, dict) and "error" in payload and not {"data", "models"} & payload.keys():
            raise error_from_response(200, body, content_type, redact=spec.redact)
        return payload
