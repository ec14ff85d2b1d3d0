"""How conversations and messages map to table rows: the column lists, JSON and text made storable."""

from __future__ import annotations

import enum
import json
import sqlite3
from typing import Any, Final, cast

from app.core.store.records import MESSAGE_STATUSES, Conversation, Message, MessageStatus, Role

CONVERSATION_COLUMNS: Final = (
    "id, title, title_is_auto, model, created_at, updated_at, pinned, draft, settings_json, deleted_at, uid"
)
MESSAGE_COLUMNS: Final = (
    "id, conversation_id, position, role, status, created_at, updated_at,"
    " text, error_json, meta_json, parts_json, parent_id"
)
# The list order; it matches the conversations_listing index column for column, so pages are index scans.
LIST_ORDER: Final = "ORDER BY pinned DESC, updated_at DESC, id DESC"


class Unset(enum.Enum):
    """The type of :data:`UNSET`."""

    UNSET = enum.auto()


UNSET: Final = Unset.UNSET
"""Marks an argument of :meth:`ConversationStore.update_message` as "leave unchanged"."""


def dump_json(value: Any) -> str:
    r"""Serialise a JSON value compactly, keeping non-ASCII text readable (and 3 bytes instead of 6 for CJK).

    Strings decoded from the network can hold lone surrogates (``"\\ud83d"``), which cannot be stored as
    UTF-8; such values are written with ASCII escapes instead, which round-trip exactly.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return text


def storable_text(text: str) -> str:
    """Return ``text`` with lone surrogates replaced, so SQLite can store it as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def row_to_conversation(row: sqlite3.Row | tuple[Any, ...]) -> Conversation:
    """A conversation from a row of :data:`CONVERSATION_COLUMNS`."""
    return Conversation(
        id=row[0],
        title=row[1],
        title_is_auto=bool(row[2]),
        model=row[3],
        created_at=row[4],
        updated_at=row[5],
        pinned=bool(row[6]),
        draft=row[7],
        settings=json.loads(row[8]),
        deleted_at=row[9],
        uid=row[10] or "",
    )


def row_to_message(row: tuple[Any, ...]) -> Message:
    """A message from a row of :data:`MESSAGE_COLUMNS`."""
    return Message(
        id=row[0],
        conversation_id=row[1],
        position=row[2],
        role=cast(Role, row[3]),
        status=cast(MessageStatus, row[4]),
        created_at=row[5],
        updated_at=row[6],
        text=row[7],
        error=None if row[8] is None else json.loads(row[8]),
        meta=json.loads(row[9]),
        parts=json.loads(row[10]),
        parent_id=row[11],
    )


def check_status(status: str, *, allowed: frozenset[str] = MESSAGE_STATUSES) -> None:
    """Raise ValueError unless ``status`` is one of ``allowed``."""
    if status not in allowed:
        raise ValueError(f"invalid message status {status!r}; expected one of {sorted(allowed)}")
