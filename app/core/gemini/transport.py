"""The HTTP library's one home: connection options, what one request sends, and its failures as errors.

This is the only module that imports httpx (import-linter enforces it). `GeminiClient` (client.py),
`ReplyStream` (reply_stream.py) and the update check build on the names below, so changing the HTTP library
changes this module alone.
"""

from __future__ import annotations

import functools
import os
import socket
import ssl
from dataclasses import dataclass
from typing import Any

import httpx

from app.core.gemini.config import PROXY_SCHEMES, ClientConfig
from app.core.gemini.errors import (
    ConfigurationError,
    ConnectionFailedError,
    GeminiError,
    IdleTimeoutError,
    MalformedStreamError,
    TLSError,
)
from app.core.gemini.events import Snapshot
from app.core.gemini.urls import base_url_after_redirect

AsyncHttpClient = httpx.AsyncClient
"""A connection pool for asyncio code (``async with AsyncHttpClient(**options) as client``)."""
HttpClient = httpx.Client
"""A blocking connection pool, for code that runs in a worker thread (the verified update download)."""
HttpResponse = httpx.Response
"""An answer whose body is read as it arrives (``aiter_bytes``)."""
HttpTransport = httpx.AsyncBaseTransport
"""What a client sends through instead of the network (tests, a local gateway)."""
HttpError = httpx.HTTPError
"""Every failure of the HTTP library: caught where a request is made, turned into an app error here."""

ERROR_BODY_LIMIT = 1024 * 1024
"""Bytes of an error body read to explain it: a gateway that streams a huge page must not fill memory."""

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
"""Redirects are never followed (the key must not leave for another host): they are reported instead."""

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
        if scheme not in PROXY_SCHEMES:
            raise ConfigurationError(
                "the proxy URL must start with "
                + " or ".join(f"{name}://" for name in PROXY_SCHEMES)
                + (f", not {scheme}://" if scheme else "")
            )
        # An explicit proxy must not be overridden by environment variables.
        options["trust_env"] = False
        options["proxy"] = url
    else:
        raise ConfigurationError(f"unknown proxy mode {proxy.mode!r}")
    options["verify"] = tls_context(trust_env=options["trust_env"])
    return options


def tls_context(*, trust_env: bool) -> ssl.SSLContext:
    """The certificate-checking TLS context every client shares, as the HTTP library would build it.

    Building one reads the whole CA bundle: about 20 ms of the GUI thread and 1.3 MB each, and the app's
    clients (the model list, the key quota, the chat, the update check) built one each, two of them right
    after start-up. A context is safe to share between connections and threads; one is kept per source of
    certificates (``SSL_CERT_FILE`` and ``SSL_CERT_DIR`` count when the environment is trusted).
    """
    if not trust_env:
        return _tls_context(False, "", "")
    return _tls_context(True, os.environ.get("SSL_CERT_FILE", ""), os.environ.get("SSL_CERT_DIR", ""))


@functools.cache
def _tls_context(trust_env: bool, cert_file: str, cert_dir: str) -> ssl.SSLContext:
    # The certificate sources are part of the key only so that a changed environment gets its own context.
    del cert_file, cert_dir
    return httpx.create_ssl_context(trust_env=trust_env)


@dataclass(frozen=True, slots=True)
class RequestSpec:
    """What one request sends and how its failures are reported."""

    method: str
    url: str
    headers: dict[str, str]
    body: dict[str, Any] | None
    idle_timeout: float
    explicit_proxy: bool
    redact: tuple[str, ...]
    base_url: str = ""


async def read_bounded(response: httpx.Response, limit: int, *, keep_errors: bool = False) -> bytes:
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


def redirect_target(response: httpx.Response, spec: RequestSpec) -> tuple[str | None, str | None]:
    """Where a redirect answer points: the absolute target URL, and the base URL reaching the API there.

    Both are None for any other answer (or a redirect without a Location). The base URL is only given when
    the target keeps the request's API path (see `urls.base_url_after_redirect`).
    """
    location = response.headers.get("location") if response.status_code in REDIRECT_STATUSES else None
    if not location:
        return None, None
    try:
        target = str(response.request.url.join(location))
    except (httpx.InvalidURL, ValueError):
        target = location
    return target, base_url_after_redirect(spec.base_url, spec.url, target)


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
        # With an explicit proxy, the connection that failed is the one to the proxy itself (a ProxyError,
        # above, is the proxy failing to reach the gateway).
        return "proxy_unreachable"
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


def transport_error(exc: httpx.HTTPError, spec: RequestSpec, partial: Snapshot | None) -> GeminiError:
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
    # written (the gateway may be working on it, and billing it), so it must not be sent again
    # (PROTOCOL-NOTES §4).
    # After the first byte, the connection was cut under a streaming answer.
    return ConnectionFailedError(
        detail, kind="cut" if partial is not None else "", request_sent=True, **common
    )
