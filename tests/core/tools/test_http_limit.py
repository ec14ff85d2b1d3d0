"""A tool server over HTTP cannot make the app hold more than the message limit: reading stops there.

The server (`tests.helpers.flood_mcp`) is a small hand-written streamable HTTP one on 127.0.0.1, whose
``flood`` tool answers with a 64 MiB result written piece by piece, counting what it managed to send before
the app hung up.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.tools.host import McpHost
from app.core.tools.servers import McpServerConfig
from tests.helpers.flood_mcp import FloodServer, flood_server

LIMIT = 1024 * 1024


@pytest.fixture
def small_host(tmp_path: Path) -> Iterator[McpHost]:
    """A host whose HTTP servers' answers may reach 1 MiB."""
    host = McpHost(tmp_path / "logs", message_limit=LIMIT)
    try:
        yield host
    finally:
        host.shutdown()


def _start(host: McpHost, server: FloodServer) -> None:
    state = asyncio.run(host.start(McpServerConfig("flood", transport="http", url=server.url)))
    assert state.state == "ready", state


@pytest.mark.parametrize("tool", ["flood", "declared"])
def test_a_result_past_the_limit_is_not_read_to_the_end_and_the_call_fails_saying_why(
    small_host: McpHost, tool: str
) -> None:
    with flood_server() as server:
        _start(small_host, server)
        outcome = asyncio.run(small_host.call("flood", tool, {}, timeout=60))
        # The app hung up after about 1 MiB: what the server got out is that plus the sockets' buffers,
        # far from the 64 MiB it meant to send (the whole of which the app used to read and hold).
        assert not server.finished
        assert server.sent < 24 * 1024 * 1024, f"the server sent {server.sent / 1024 / 1024:.0f} MiB"
        assert outcome.outcome == "failed", outcome
        assert "'flood' answered with more than 1 MB" in outcome.detail
        # The session goes on: the next call is answered.
        after = asyncio.run(small_host.call("flood", "echo", {}, timeout=60))
        assert after.outcome == "ok" and after.result is not None
        assert after.result.text() == "still here"


def test_a_compressed_result_is_refused_unread(small_host: McpHost) -> None:
    with flood_server() as server:
        _start(small_host, server)
        outcome = asyncio.run(small_host.call("flood", "zipped", {}, timeout=60))
    assert outcome.outcome == "failed", outcome
    assert "or compressed" in outcome.detail
