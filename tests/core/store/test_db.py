"""Opening, migrating and protecting the database file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.core.store import migrations
from app.core.store.conversations import ConversationStore
from app.core.store.db import (
    Database,
    DatabaseCorruptError,
    DatabaseTooNewError,
    ReadOnlyStorageError,
    StorageError,
    StorageFullError,
    StorageUnavailableError,
    StoreError,
    backup_corrupt_file,
)


def test_fresh_database_has_latest_schema_and_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "folder" / "history.sqlite3"
    with Database.open(path) as db:
        assert db.schema_version == migrations.LATEST_VERSION >= 1
        conn = db.connection
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        assert {"conversations", "messages", "message_fts", "conversation_fts"} <= tables
    assert path.exists()


def test_reopening_keeps_data_and_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    with Database.open(path) as db:
        ConversationStore(db).create("kept", "m")
    with Database.open(path) as db:
        assert [c.title for c in ConversationStore(db).list()] == ["kept"]
        assert db.schema_version == migrations.LATEST_VERSION


def test_older_schema_is_migrated_step_by_step(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    sqlite3.connect(path).close()  # an empty file is schema version 0
    with Database.open(path) as db:
        assert db.schema_version == migrations.LATEST_VERSION
        assert list(migrations.pending(0))[-1][0] == migrations.LATEST_VERSION
        assert list(migrations.pending(migrations.LATEST_VERSION)) == []


def test_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future_thing (x)")
    conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseTooNewError) as info:
        Database.open(path)
    assert "made by a newer Gemini Desk" in str(info.value)
    assert info.value.found == migrations.LATEST_VERSION + 1
    assert info.value.hint
    assert path.read_bytes() == before


def test_not_a_database_raises_corrupt_and_can_be_backed_up(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    garbage = b"this is certainly not SQLite " * 200
    path.write_bytes(garbage)
    (tmp_path / "history.sqlite3-wal").write_bytes(b"wal junk")
    with pytest.raises(DatabaseCorruptError) as info:
        Database.open(path)
    assert isinstance(info.value, StoreError)
    assert info.value.path == path

    backup = backup_corrupt_file(path, now=0)
    assert not path.exists()
    assert not (tmp_path / "history.sqlite3-wal").exists()
    assert backup.read_bytes() == garbage
    assert backup.name.startswith("history.sqlite3.corrupt-")
    assert backup.with_name(backup.name + "-wal").read_bytes() == b"wal junk"
    # A fresh database can now be created in its place.
    with Database.open(path) as db:
        assert db.schema_version == migrations.LATEST_VERSION


def test_backup_names_never_collide(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    path.write_bytes(b"first")
    first = backup_corrupt_file(path, now=0)
    path.write_bytes(b"second")
    second = backup_corrupt_file(path, now=0)
    assert first != second
    assert (first.read_bytes(), second.read_bytes()) == (b"first", b"second")
    with pytest.raises(StorageUnavailableError):
        backup_corrupt_file(path)


def test_damaged_schema_page_raises_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    with Database.open(path) as db:
        ConversationStore(db).create("x", "m")
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xa5" * (4096 - 100)  # page 1 after the header: the schema table
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseCorruptError):
        Database.open(path)


def test_read_only_open_reads_but_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    with Database.open(path) as db:
        ConversationStore(db).create("before", "m")
    with Database.open(path, read_only=True) as db:
        store = ConversationStore(db)
        assert [c.title for c in store.list()] == ["before"]
        with pytest.raises(ReadOnlyStorageError) as info:
            store.create("after", "m")
        assert "read-only" in str(info.value)
        assert isinstance(info.value, StorageError)


def test_missing_file_opened_read_only_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(StorageUnavailableError):
        Database.open(tmp_path / "absent" / "h.db", read_only=True)


def test_folder_that_cannot_be_created_is_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageUnavailableError):
        Database.open(blocker / "h.db")


def test_full_disk_gives_clear_error_and_keeps_earlier_data(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    with Database.open(path) as db:
        store = ConversationStore(db)
        conversation = store.create("safe", "m")
        store.add_message(conversation.id, "user", [{"text": "earlier"}], "earlier")
        pages = db.connection.execute("PRAGMA page_count").fetchone()[0]
        db.connection.execute(f"PRAGMA max_page_count = {pages + 2}")
        huge = "x" * 200_000
        with pytest.raises(StorageFullError) as info:
            store.add_message(conversation.id, "model", [{"text": huge}], huge)
        assert "full" in str(info.value)
        assert info.value.hint
        # Still usable, nothing half-written, earlier data intact.
        assert [m.text for m in store.list_messages(conversation.id)] == ["earlier"]
        store.set_draft(conversation.id, "small writes still work")
    with Database.open(path) as db:
        store = ConversationStore(db)
        assert [m.text for m in store.list_messages(conversation.id)] == ["earlier"]
        assert store.get(conversation.id) is not None


def test_transaction_rolls_back_everything_on_error(tmp_path: Path) -> None:
    with Database.open(tmp_path / "h.db") as db:
        store = ConversationStore(db)
        with pytest.raises(RuntimeError), db.transaction():
            store.create("inside", "m")  # nested: a savepoint inside the outer transaction
            raise RuntimeError("boom")
        assert store.count() == 0
        with db.transaction():
            store.create("one", "m")
            store.create("two", "m")
        assert store.count() == 2
        assert not db.connection.in_transaction


def test_nested_failure_rolls_back_only_the_inner_part(tmp_path: Path) -> None:
    with Database.open(tmp_path / "h.db") as db:
        store = ConversationStore(db)
        with db.transaction():
            store.create("outer", "m")
            with pytest.raises(StoreError):
                store.rename(999, "no such conversation")
        assert [c.title for c in store.list()] == ["outer"]
