"""A conversation whose next answer calls a tool: the test tools server in the settings, the call queued."""

from __future__ import annotations

from typing import Any

from app.core.tools.servers import McpServerConfig, servers_to_settings
from app.demo.responses import chunk, usage
from app.demo.scenario import Scenario
from app.demo.server import GatewayDouble
from tests.helpers.mcp_servers import stdio_command


def add_call_settings(gateway: GatewayDouble) -> dict[str, Any]:
    """Settings with the test tools server ("tests"); the gateway's next answer calls its ``add(2, 3)``."""
    command, args = stdio_command()
    server = McpServerConfig("tests", command=command, args=args)
    call = {"functionCall": {"name": "add", "args": {"a": 2, "b": 3}, "id": "c1"}}
    gateway.queue_scenarios(
        Scenario("call", chunks=[chunk([call], usage_metadata=usage(5, 5), finish_reason="STOP")]),
    )
    return {"tools": {"servers": servers_to_settings([server])}}


def unoffered_call() -> Scenario:
    """An answer that is only a call to ``rm_rf``, which no conversation here offers, ending with STOP."""
    call = {"functionCall": {"name": "rm_rf", "args": {"path": "/"}}}
    return Scenario(
        "unoffered-call", chunks=[chunk([call], usage_metadata=usage(5, 5), finish_reason="STOP")]
    )
