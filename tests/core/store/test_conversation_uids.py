"""Stable conversation ids (schema step 3): every conversation has one, an import can keep one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.core.store import migrations
from app.core.store.conversations import ConversationStore
from app.core.store.db import Database


def _database_of_schema_2(path: Path, titles: list[str]) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    for step in migrations.MIGRATIONS[:2]:
        step(conn)
    conn.execute("PRAGMA user_version = 2")
    for title in titles:
        conn.execute("INSERT INTO conversations (title, created_at, updated_at) VALUES (?, 1, 1)", (title,))
    conn.execute("COMMIT")
    conn.close()


def test_opening_a_schema_2_history_gives_every_conversation_its_own_uid(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    _database_of_schema_2(path, ["a", "b", "c"])
    with Database.open(path) as db:
        conversations = ConversationStore(db).list()
        uids = [c.uid for c in conversations]
        assert sorted(c.title for c in conversations) == ["a", "b", "c"]
        assert all(len(uid) == 32 and int(uid, 16) >= 0 for uid in uids)
        assert len(set(uids)) == 3
    with Database.open(path) as db:  # kept, not made again at each start
        assert [c.uid for c in ConversationStore(db).list()] == uids


def test_new_conversations_get_a_uid_and_an_import_keeps_its_own(tmp_path: Path) -> None:
    with Database.open(tmp_path / "h.db") as db:
        store = ConversationStore(db)
        made = store.create("new")
        kept = store.create("imported", uid="0123456789abcdef0123456789abcdef")
        assert len(made.uid) == 32 and made.uid != kept.uid
        assert kept.uid == "0123456789abcdef0123456789abcdef"
        # A writer that inserts rows itself (a bulk insert) still gets one.
        insert = "INSERT INTO conversations (title, created_at, updated_at) VALUES ('raw', 1, 1)"
        db.connection.execute(insert)
        raw = next(c for c in store.list() if c.title == "raw")
        assert len(raw.uid) == 32


def test_ids_by_uid_finds_what_the_database_holds(tmp_path: Path) -> None:
    with Database.open(tmp_path / "h.db") as db:
        store = ConversationStore(db)
        first, second = store.create("one"), store.create("two")
        store.delete(second.id)
        assert store.ids_by_uid([first.uid, second.uid, "", "f" * 32]) == {first.uid: first.id}
        assert store.ids_by_uid([first.uid, second.uid], include_deleted=True) == {
            first.uid: first.id,
            second.uid: second.id,
        }
        many = [store.create(str(n)).uid for n in range(600)]  # more than one query's parameters
        assert len(store.ids_by_uid(many)) == 600
