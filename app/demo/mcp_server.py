"""A small MCP server for ``--demo`` and tests: the time in a time zone, and arithmetic. Runs over stdio.

``python -m app.demo.mcp_server`` (the bundle: ``gemini-desk --demo-mcp-server``). Built on the ``mcp`` SDK's
``MCPServer``; imported only in its own process.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["SERVER_FLAG", "calculate", "main", "server_command", "time_in"]

SERVER_FLAG = "--demo-mcp-server"
"""How a bundle starts itself as this server."""

_CITIES = {
    "tokyo": "Asia/Tokyo",
    "beijing": "Asia/Shanghai",
    "shanghai": "Asia/Shanghai",
    "london": "Europe/London",
    "paris": "Europe/Paris",
    "berlin": "Europe/Berlin",
    "new york": "America/New_York",
    "san francisco": "America/Los_Angeles",
    "sydney": "Australia/Sydney",
}


def time_in(zone: str, now: dt.datetime | None = None) -> dict[str, str]:
    """The current time in ``zone`` (an IANA zone such as ``Asia/Tokyo``, or a city name)."""
    name = _CITIES.get(zone.strip().lower(), zone.strip())
    try:
        info = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {zone!r}; use an IANA name such as Asia/Tokyo") from None
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(info)
    return {"zone": name, "time": moment.strftime("%Y-%m-%d %H:%M:%S"), "utc_offset": moment.strftime("%z")}


_OPERATIONS: dict[str, Callable[[float, float], float]] = {
    "add": lambda a, b: a + b,
    "subtract": lambda a, b: a - b,
    "multiply": lambda a, b: a * b,
    "divide": lambda a, b: a / b,
    "power": lambda a, b: math.pow(a, b),
}


def calculate(operation: str, a: float, b: float) -> float:
    """``a`` ``operation`` ``b`` for add, subtract, multiply, divide or power."""
    if operation not in _OPERATIONS:
        raise ValueError(f"unknown operation {operation!r}; use one of {', '.join(_OPERATIONS)}")
    if operation == "divide" and b == 0:
        raise ValueError("division by zero")
    return float(_OPERATIONS[operation](a, b))


def server_command() -> tuple[str, tuple[str, ...]]:
    """The command and arguments that start this server with this interpreter or bundle."""
    if getattr(sys, "frozen", False):
        return sys.executable, (SERVER_FLAG,)
    return sys.executable, ("-m", "app.demo.mcp_server")


def main() -> None:
    """Serve the two tools over stdio until stdin closes."""
    from mcp.server.mcpserver import MCPServer

    server = MCPServer("gemini-desk-demo")

    @server.tool(name="get_time", description="The current date and time in a time zone or city.")
    def get_time(zone: str) -> dict[str, str]:
        return time_in(zone)

    @server.tool(
        name="calculate", description="Arithmetic: add, subtract, multiply, divide or power of a and b."
    )
    def calc(operation: str, a: float, b: float) -> float:
        return calculate(operation, a, b)

    server.run("stdio")


if __name__ == "__main__":
    main()
