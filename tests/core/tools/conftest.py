from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.store.conversations import ConversationStore
from app.core.store.db import Database
from app.core.tools.host import McpHost


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ConversationStore]:
    """A conversation store on a fresh database file."""
    database = Database.open(tmp_path / "chat.db")
    try:
        yield ConversationStore(database)
    finally:
        database.close()


@pytest.fixture
def host(tmp_path: Path) -> Iterator[McpHost]:
    """An MCP host whose servers log to ``tmp_path/logs``; every server is stopped afterwards."""
    mcp_host = McpHost(tmp_path / "logs", secrets=lambda: ["test-key-abc123"])
    try:
        yield mcp_host
    finally:
        mcp_host.shutdown()
