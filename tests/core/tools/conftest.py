from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.tools.host import McpHost
from tests.helpers.stores import store

__all__ = ["host", "store"]


@pytest.fixture
def host(tmp_path: Path) -> Iterator[McpHost]:
    """An MCP host whose servers log to ``tmp_path/logs``; every server is stopped afterwards."""
    mcp_host = McpHost(tmp_path / "logs", secrets=lambda: ["test-key-abc123"])
    try:
        yield mcp_host
    finally:
        mcp_host.shutdown()
