"""The HTTP client: one connection pool per gateway, streamed and one-shot replies, the model list.

`GeminiClient.stream_generate` returns a `ReplyStream` (reply_stream.py, which also describes the stream's
timeouts): nothing is sent until it is iterated. Iterating yields the accumulator's `StreamEvent`s and, when
an attempt failed before the first byte of the answer, a `Retrying` event before the next attempt. Every
failure surfaces as a `GeminiError` (see errors.py); a failure after the stream had started carries the
partial answer in `error.partial`, and `stream.snapshot` shows it at any time.

Connecting gets `connect_timeout` (about 10 s); the read timeout is the *idle* timeout (PROTOCOL-NOTES §6).

Redirects are never followed: the key must not leave for another host. A redirect answer becomes a
`RedirectError` naming its target and, when the target is the same API path elsewhere, the base URL to use.

Only `transport` imports the HTTP library (httpx); this module uses its names.
"""

from __future__ import annotations

import asyncio
import json
from contextlib import AbstractAsyncContextManager
from types import TracebackType
from typing import Any

from app.core.gemini.config import ClientConfig, ProxyConfig
from app.core.gemini.error_mapping import error_from_response
from app.core.gemini.errors import ConfigurationError, ConnectionFailedError, ResponseFormatError
from app.core.gemini.events import Snapshot
from app.core.gemini.limits import StreamLimits
from app.core.gemini.models_list import ModelInfo, parse_model_list
from app.core.gemini.quota import KeyQuota, read_key_quota
from app.core.gemini.reply_stream import ReplyEvent, ReplyStream
from app.core.gemini.retry import Retrying, RetryPolicy
from app.core.gemini.status_errors import HTTPStatusError, NotFoundError, RedirectError
from app.core.gemini.transport import (
    ERROR_BODY_LIMIT,
    AsyncHttpClient,
    HttpError,
    HttpResponse,
    HttpTransport,
    RequestSpec,
    httpx_client_options,
    read_bounded,
    redirect_target,
    transport_error,
)
from app.core.gemini.urls import generate_url, models_urls, normalize_base_url, stream_url

__all__ = [
    "ClientConfig",
    "GeminiClient",
    "ProxyConfig",
    "ReplyEvent",
    "ReplyStream",
    "Retrying",
    "httpx_client_options",
]

# A model list with thousands of entries is still far below this.
_MODEL_LIST_LIMIT = 16 * 1024 * 1024
LIST_TIMEOUT = 30.0
"""Seconds a model list may take in all (connecting included), unless the idle timeout is shorter."""


def _require_model(model: str) -> None:
    """Refuse an empty model name with its own message (`urls` refuses it too, with a generic one)."""
    if not model.strip().removeprefix("models/"):
        raise ConfigurationError("no model is selected", kind="model")


class GeminiClient:
    """Talks to one gateway: streamed and one-shot replies, and the model list.

    One connection pool (`AsyncHttpClient`) is built on first use and reused (keep-alive); close it with
    `aclose()`.

    Args:
        config: Gateway, key, proxy and timeouts.
        transport: An httpx transport to use instead of the network (tests); the proxy setting is then
            ignored.
        retry_policy: Overrides the default policy built from `config.max_retries`.
        limits: The size limits of replies (`limits.StreamLimits`; tests use small ones).
    """

    def __init__(
        self,
        config: ClientConfig,
        *,
        transport: HttpTransport | None = None,
        retry_policy: RetryPolicy | None = None,
        limits: StreamLimits | None = None,
    ) -> None:
        self._config = config
        self._limits = limits or StreamLimits()
        self._transport = transport
        self._policy = retry_policy or RetryPolicy(max_retries=max(0, config.max_retries))
        self._http: AsyncHttpClient | None = None

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
        return ReplyStream(spec, self._open, self._policy, self._limits)

    async def generate(self, model: str, body: dict[str, Any]) -> Snapshot:
        """Ask for a whole reply at once (`:generateContent`), for short jobs such as titles.

        Raises:
            GeminiError: Any failure, mapped exactly as for `stream_generate`.
        """
        _require_model(model)
        spec = self._spec("POST", generate_url(self._base_url(), model), body, accept="application/json")
        async with ReplyStream(spec, self._open, self._policy, self._limits) as stream:
            async for _event in stream:
                pass
            return stream.snapshot

    async def list_models(self) -> list[ModelInfo]:
        """Fetch the models the key may use: `/v1/models`, falling back to `/v1beta/models`.

        Returns:
            Chat models first (see `models_list.parse_model_list`).

        Raises:
            GeminiError: Both endpoints failed (the second failure is raised, unless the first was a
                redirect), or the first failed in a way a fallback cannot fix (a rejected key, a network
                failure).
        """
        openai_style, gemini_style = models_urls(self._base_url())
        try:
            return parse_model_list(await self._get_json(openai_style))
        except RedirectError as error:
            # A gateway may redirect only the OpenAI-style path: the Gemini one can still answer.
            first: HTTPStatusError | None = error
        except (NotFoundError, ResponseFormatError):
            first = None
        except HTTPStatusError as error:
            if error.status != 405:
                raise
            first = None
        try:
            return parse_model_list(await self._get_json(gemini_style))
        except (RedirectError, NotFoundError, ResponseFormatError) as error:
            # Both paths failed: a redirect says more (where the gateway went) than the second failure.
            raise first or error from None

    async def key_quota(self) -> KeyQuota | None:
        """The key's remaining quota and expiry, when the gateway tells (see `quota`); never raises."""
        return await read_key_quota(self._get_json, self._base_url())

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

    def _spec(self, method: str, url: str, body: dict[str, Any] | None, *, accept: str) -> RequestSpec:
        key = self._api_key()
        headers = {
            "Authorization": f"Bearer {key}",
            "Accept": accept,
            # Uncompressed: a stream gains little from gzip, and a 1 MB gzip body that inflates to 1 GB cost
            # 28 s and 228 MB before the size limits could see it (8x the same bytes sent plain).
            "Accept-Encoding": "identity",
            "User-Agent": self._config.user_agent,
        }
        if body is not None:
            headers["Content-Type"] = "application/json"
        return RequestSpec(
            method=method,
            url=url,
            headers=headers,
            body=body,
            idle_timeout=self._config.idle_timeout,
            explicit_proxy=self._config.proxy.mode == "url" and self._transport is None,
            redact=(key, self._config.api_key),
            base_url=self._base_url(),
        )

    def _client(self) -> AsyncHttpClient:
        if self._http is None:
            options = httpx_client_options(self._config)
            if self._transport is not None:
                options.pop("proxy", None)
                options["transport"] = self._transport
            self._http = AsyncHttpClient(**options)
        return self._http

    def _open(self, spec: RequestSpec) -> AbstractAsyncContextManager[HttpResponse]:
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
                body = await read_bounded(response, _MODEL_LIST_LIMIT + 1, keep_errors=True)
                status = response.status_code
                location, suggested_base_url = redirect_target(response, spec)
        except TimeoutError as exc:
            raise ConnectionFailedError(
                f"no answer within {wait:g} s", kind="no_answer", request_sent=True, redact=spec.redact
            ) from exc
        except HttpError as exc:
            raise transport_error(exc, spec, None) from exc
        if status != 200 or "html" in (content_type or "").lower():
            raise error_from_response(
                status,
                body[:ERROR_BODY_LIMIT],
                content_type,
                location=location,
                suggested_base_url=suggested_base_url,
                redact=spec.redact,
            )
        if len(body) > _MODEL_LIST_LIMIT:
            raise ResponseFormatError(f"the model list is larger than {_MODEL_LIST_LIMIT} bytes")
        try:
            payload: object = json.loads(body.decode("utf-8", errors="replace"))
        except (ValueError, RecursionError) as exc:  # nested deeper than the parser goes: not a model list
            raise error_from_response(200, body, content_type, redact=spec.redact) from exc
        # new-api answers some failures (a key sent the wrong way) with 200 and an error body.
        if isinstance(payload, dict) and "error" in payload and not {"data", "models"} & payload.keys():
            raise error_from_response(200, body, content_type, redact=spec.redact)
        return payload
