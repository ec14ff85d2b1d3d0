"""Conversations: creation, list order, edits, drafts, soft delete and purge."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.core.store.conversations import ConversationStore
from app.core.store.db import Database, RecordNotFoundError


class FakeClock:
    """A clock that moves one second forward each time it is read."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(tmp_path / "history.sqlite3")
    yield database
    database.close()


@pytest.fixture
def store(db: Database) -> ConversationStore:
    return ConversationStore(db, clock=FakeClock())


def test_create_and_get_round_trip(store: ConversationStore) -> None:
    settings = {"temperature": 0.7, "thinking": {"budget": -1}, "stop": ["。", "END"]}
    created = store.create("你好 world", "gemini-2.5-pro", settings)
    loaded = store.get(created.id)
    assert loaded == created
    assert loaded is not None
    assert (loaded.title, loaded.model, loaded.settings) == ("你好 world", "gemini-2.5-pro", settings)
    assert loaded.title_is_auto and not loaded.pinned and loaded.draft == "" and loaded.deleted_at is None
    assert loaded.created_at == loaded.updated_at
    assert store.get(12345) is None


def test_list_puts_pinned_first_then_most_recent_activity(store: ConversationStore) -> None:
    a = store.create("a", "m")
    b = store.create("b", "m")
    c = store.create("c", "m")
    assert [x.title for x in store.list()] == ["c", "b", "a"]
    store.add_message(a.id, "user", [{"text": "hi"}], "hi")  # activity moves a to the top
    assert [x.title for x in store.list()] == ["a", "c", "b"]
    store.set_pinned(b.id, True)
    assert [x.title for x in store.list()] == ["b", "a", "c"]
    assert store.list_ids() == [b.id, a.id, c.id]
    assert [x.title for x in store.list(limit=2, offset=1)] == ["a", "c"]
    assert store.count() == 3
    store.set_pinned(b.id, False)
    assert [x.title for x in store.list()] == ["a", "c", "b"]


def test_tidying_does_not_reorder_the_list(store: ConversationStore) -> None:
    a = store.create("a", "m")
    b = store.create("b", "m")
    before = store.get(a.id)
    store.rename(a.id, "renamed")
    store.set_draft(a.id, "unsent text")
    store.set_model(a.id, "gemini-2.5-flash")
    store.set_settings(a.id, {"temperature": 1})
    after = store.get(a.id)
    assert before is not None and after is not None
    assert after.updated_at == before.updated_at
    assert store.list_ids() == [b.id, a.id]


def test_edits_are_stored(store: ConversationStore, db: Database) -> None:
    conversation = store.create("auto title", "m")
    store.rename(conversation.id, "Mine")
    store.set_model(conversation.id, "gemini-3-pro")
    store.set_settings(conversation.id, {"temperature": 0.2, "tools": ["googleSearch"]})
    store.set_draft(conversation.id, "草稿 half-written\nsecond line")
    reopened = ConversationStore(db).get(conversation.id)
    assert reopened is not None
    assert reopened.title == "Mine" and not reopened.title_is_auto
    assert reopened.model == "gemini-3-pro"
    assert reopened.settings == {"temperature": 0.2, "tools": ["googleSearch"]}
    assert reopened.draft == "草稿 half-written\nsecond line"
    store.rename(conversation.id, "Generated", is_auto=True)
    again = store.get(conversation.id)
    assert again is not None and again.title_is_auto


def test_drafts_are_kept_per_conversation_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "h.db"
    with Database.open(path) as db:
        store = ConversationStore(db)
        a, b = store.create("a", "m"), store.create("b", "m")
        store.set_draft(a.id, "draft for a")
        store.set_draft(b.id, "draft for b")
        store.set_draft(b.id, "")
    with Database.open(path) as db:
        store = ConversationStore(db)
        drafts = {c.title: c.draft for c in store.list()}
    assert drafts == {"a": "draft for a", "b": ""}


def test_editing_a_missing_conversation_raises(store: ConversationStore) -> None:
    actions: list[Callable[[], None]] = [
        lambda: store.rename(99, "x"),
        lambda: store.set_pinned(99, True),
        lambda: store.set_draft(99, "x"),
        lambda: store.set_model(99, "x"),
        lambda: store.set_settings(99, {}),
        lambda: store.delete(99),
        lambda: store.restore(99),
        lambda: store.purge(99),
    ]
    for action in actions:
        with pytest.raises(RecordNotFoundError):
            action()


def test_soft_delete_hides_and_restore_brings_back(store: ConversationStore) -> None:
    a = store.create("a", "m")
    b = store.create("b", "m")
    store.add_message(a.id, "user", [{"text": "keep me"}], "keep me")
    store.delete(a.id)
    assert store.list_ids() == [b.id]
    assert store.count() == 1
    hidden = store.get(a.id)
    assert hidden is not None and hidden.deleted_at is not None
    store.restore(a.id)
    assert store.list_ids() == [a.id, b.id]  # back in its place: a had the latest activity
    assert [m.text for m in store.list_messages(a.id)] == ["keep me"]
    restored = store.get(a.id)
    assert restored is not None and restored.deleted_at is None


def test_purge_deleted_removes_only_old_deletions_with_their_messages(
    store: ConversationStore, db: Database
) -> None:
    old = store.create("old", "m")
    recent = store.create("recent", "m")
    kept = store.create("kept", "m")
    message = store.add_message(old.id, "user", [{"text": "bye"}], "bye")
    store.delete(old.id)
    old_deleted = store.get(old.id)
    assert old_deleted is not None and old_deleted.deleted_at is not None
    store.delete(recent.id)
    assert store.purge_deleted(older_than=old_deleted.deleted_at) == 1
    assert store.get(old.id) is None
    assert store.get_message(message.id) is None
    assert store.get(recent.id) is not None
    assert store.list_ids() == [kept.id]
    assert db.connection.execute("SELECT count(*) FROM messages").fetchone()[0] == 0


def test_purge_deletes_at_once_and_ids_are_never_reused(store: ConversationStore) -> None:
    a = store.create("a", "m")
    message = store.add_message(a.id, "user", [{"text": "x"}], "x")
    store.purge(a.id)
    assert store.get(a.id) is None
    b = store.create("b", "m")
    again = store.add_message(b.id, "user", [{"text": "y"}], "y")
    assert b.id != a.id
    assert again.id != message.id


def test_a_purged_conversation_leaves_no_readable_text_in_the_files(tmp_path: Path) -> None:
    # Deleted rows would stay readable in the page's free space without secure_delete; a message of another
    # conversation in the same page keeps that page in use.
    path = tmp_path / "history.sqlite3"
    database = Database.open(path)
    # Set by the Database itself: some platforms' SQLite builds default to on, others (Windows, macOS) to off.
    assert database.connection.execute("PRAGMA secure_delete").fetchone()[0] == 1  # ON
    store = ConversationStore(database)
    kept, gone = store.create("kept", "m", {}), store.create("gone", "m", {})
    store.add_message(kept.id, "user", [{"text": "before"}], "before")
    store.add_message(gone.id, "user", [{"text": "secret-hunter2-secret"}], "secret-hunter2-secret")
    store.add_message(kept.id, "user", [{"text": "after"}], "after")
    store.purge(gone.id)
    database.close()
    assert [p.name for p in tmp_path.iterdir()] == [path.name], "the WAL was not checkpointed on close"
    assert b"hunter2" not in path.read_bytes()
