"""Conversations kept in SQLite: the database, conversations and their messages, full-text search.

    from app.core.store import ConversationStore, Database

    store = ConversationStore(Database.open(path))
    conversation = store.create("Trip", "gemini-2.5-flash")

Every name is imported on first use, like the other packages of the core.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.lazy import lazy_exports

if TYPE_CHECKING:
    from app.core.store.conversations import ConversationStore, worker_store
    from app.core.store.db import (
        Database,
        DatabaseCorruptError,
        DatabaseTooNewError,
        RecordNotFoundError,
        StoreError,
    )
    from app.core.store.records import Conversation, Message, MessageStatus, Role, SearchHit
    from app.core.store.search import SearchIndex

__all__ = [
    "Conversation",
    "ConversationStore",
    "Database",
    "DatabaseCorruptError",
    "DatabaseTooNewError",
    "Message",
    "MessageStatus",
    "RecordNotFoundError",
    "Role",
    "SearchHit",
    "SearchIndex",
    "StoreError",
    "worker_store",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "Conversation": "records",
        "ConversationStore": "conversations",
        "Database": "db",
        "DatabaseCorruptError": "db",
        "DatabaseTooNewError": "db",
        "Message": "records",
        "MessageStatus": "records",
        "RecordNotFoundError": "db",
        "Role": "records",
        "SearchHit": "records",
        "SearchIndex": "search",
        "StoreError": "db",
        "worker_store": "conversations",
    },
)
