"""Why a server failed, as one of the app's own texts (``tools.failure.*``), beside the error's own words.

The SDK and the libraries under it explain failures in English (``MCPError: Connection closed``,
``ConnectError: All connection attempts failed``). Settings shows what that means in the user's language and
what to check, and quotes the original words under it, unchanged: they are what a search or a bug report
needs.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from app.core.texts import Text
from app.core.tools.servers import McpServerConfig

__all__ = ["CONNECTION_CLOSED", "failure_reason", "innermost", "shown_url", "without_url_secrets"]

CONNECTION_CLOSED = -32000  # JSON-RPC code the SDK uses when the connection ended (mcp_types.jsonrpc)


def innermost(error: BaseException) -> BaseException:
    """The real cause inside anyio's exception groups."""
    while isinstance(error, BaseExceptionGroup) and error.exceptions:
        error = error.exceptions[0]
    return error


def _httpx_kind(error: BaseException) -> set[str]:
    """The httpx exception classes ``error`` is an instance of, by name (only the client imports httpx)."""
    return {cls.__name__ for cls in type(error).__mro__ if cls.__module__.startswith("httpx")}


def shown_url(url: str) -> str:
    """``url`` as a failure may show it: scheme, host and path, never a user, password, query or fragment.

    A server's URL may carry a token (``?api_key=...``, ``user:pass@``); the failure text is shown in
    Settings and in the chat's notices, so it names the address and nothing secret.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{port}" if port is not None else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def without_url_secrets(text: str, config: McpServerConfig) -> str:
    """``text`` (an error's own words) with the server's URL in it shown as :func:`shown_url` shows it.

    httpx names the whole URL in its errors ("... for url 'https://host/mcp?api_key=...'").
    """
    if config.transport != "http" or not config.url:
        return text
    return text.replace(config.url, shown_url(config.url))


def failure_reason(error: BaseException, config: McpServerConfig, start_timeout: float) -> Text:
    """What ``error`` means for ``config``'s server, in the app's catalogue."""
    from mcp.shared.exceptions import MCPError

    error = innermost(error)
    where = shown_url(config.url) if config.transport == "http" else config.command
    kinds = _httpx_kind(error)
    if isinstance(error, FileNotFoundError):
        return Text("tools.failure.not_found", command=where)
    if isinstance(error, PermissionError):
        return Text("tools.failure.not_permitted", command=where)
    if isinstance(error, TimeoutError) or "TimeoutException" in kinds:
        return Text("tools.failure.timeout", seconds=f"{start_timeout:g}")
    status = getattr(getattr(error, "response", None), "status_code", None)
    if "HTTPStatusError" in kinds and isinstance(status, int):
        return Text("tools.failure.http_status", url=where, status=status)
    if "TransportError" in kinds:
        return Text("tools.failure.unreachable", url=where)
    if isinstance(error, MCPError):
        if error.code == CONNECTION_CLOSED:
            return Text("tools.failure.exited")
        if config.transport == "http":  # the SDK turns a refusing status (401, 500...) into this
            return Text("tools.failure.http_refused", url=where)
        return Text("tools.failure.refused")
    return Text("tools.failure.other")
