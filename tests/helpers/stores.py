"""The ``store`` fixture: a conversation store on a fresh database file, closed after the test.

The core tests' ``conftest.py`` files that need it make it theirs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.store.conversations import ConversationStore
from app.core.store.db import Database


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ConversationStore]:
    """A conversation store on a fresh database file."""
    database = Database.open(tmp_path / "chat.db")
    try:
        yield ConversationStore(database)
    finally:
        database.close()
