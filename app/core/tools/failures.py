"""Why a server failed, as one of the app's own texts (``tools.failure.*``), beside the error's own words.

The SDK and the libraries under it explain failures in English (``MCPError: Connection closed``,
``ConnectError: All connection attempts failed``). Settings shows what that means in the user's language and
what to check, and quotes the original words under it, unchanged: they are what a search or a bug report
needs.
"""

from __future__ import annotations

from app.core.texts import Text
from app.core.tools.servers import McpServerConfig

__all__ = ["CONNECTION_CLOSED", "failure_reason", "innermost"]

CONNECTION_CLOSED = -32000  # JSON-RPC code the SDK uses when the connection ended (mcp_types.jsonrpc)


def innermost(error: BaseException) -> BaseException:
    """The real cause inside anyio's exception groups."""
    while isinstance(error, BaseExceptionGroup) and error.exceptions:
        error = error.exceptions[0]
    return error


def _httpx_kind(error: BaseException) -> set[str]:
    """The httpx exception classes ``error`` is an instance of, by name (only the client imports httpx)."""
    return {cls.__name__ for cls in type(error).__mro__ if cls.__module__.startswith("httpx")}


def failure_reason(error: BaseException, config: McpServerConfig, start_timeout: float) -> Text:
    """What ``error`` means for ``config``'s server, in the app's catalogue."""
    from mcp.shared.exceptions import MCPError

    error = innermost(error)
    where = config.url if config.transport == "http" else config.command
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
