"""ConversationListModel over a real store: Qt's model checks, list order, moves and search results."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.core.store.conversations import ConversationStore
from app.core.store.db import Database
from app.core.store.search import SearchIndex
from app.qt.models.conversation_list_model import ConversationListModel, ConversationRole

COUNT = 300  # several pages of the lazily loading model


class _Clock:
    """Advances one second per reading, so every change has its own distinct time."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(tmp_path / "history.sqlite3")
    try:
        yield database
    finally:
        database.close()


@pytest.fixture
def store(db: Database) -> ConversationStore:
    store = ConversationStore(db, clock=_Clock())
    for number in range(COUNT):
        conversation = store.create(f"Conversation {number}", "gemini-2.5-flash")
        text = f"about needle number {number}" if number % 50 == 7 else f"plain words {number}"
        store.add_message(conversation.id, "user", [{"text": text}], text)
    return store


def _ids(model: ConversationListModel) -> list[int]:
    return [model.index(row).data(ConversationRole.Id) for row in range(model.rowCount())]


def _expected_order(store: ConversationStore) -> list[int]:
    everything = [c for c in (store.get(i) for i in range(1, COUNT + 1)) if c and c.deleted_at is None]
    return [c.id for c in sorted(everything, key=lambda c: (not c.pinned, -c.updated_at))]


def test_the_model_passes_qt_model_checks_through_reload_moves_and_search(
    qtmodeltester: ModelTester, store: ConversationStore, db: Database
) -> None:
    model = ConversationListModel(store)
    qtmodeltester.check(model)
    assert model.rowCount() == COUNT

    store.set_pinned(10, True)
    model.reload()
    qtmodeltester.check(model)

    store.add_message(20, "user", [{"text": "back to the top"}], "back to the top")
    model.refresh_conversation(20)  # moves from near the bottom to just under the pinned one
    store.delete(30)
    model.refresh_conversation(30)  # removes a row
    qtmodeltester.check(model)
    assert model.rowCount() == COUNT - 1

    hits = SearchIndex(db).search("needle")
    model.show_search_results([*hits, *hits])  # duplicates are listed once
    qtmodeltester.check(model)
    assert model.is_searching and model.rowCount() == len(hits) == COUNT // 50

    model.reload()
    qtmodeltester.check(model)


def test_pinned_conversations_come_first_then_the_most_recent(store: ConversationStore) -> None:
    model = ConversationListModel(store)
    assert _ids(model) == list(range(COUNT, 0, -1)), "newest first"
    assert model.index(COUNT - 1).data() == "Conversation 0"  # a row on the last page loads

    store.set_pinned(5, True)
    store.set_pinned(200, True)
    model.reload()
    assert _ids(model)[:2] == [200, 5]
    assert model.index(0).data(ConversationRole.Pinned) is True
    assert "pinned" in model.index(0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert _ids(model) == _expected_order(store)


def test_refresh_moves_a_conversation_with_new_activity_into_order(
    store: ConversationStore, qtbot: QtBot
) -> None:
    store.set_pinned(1, True)
    model = ConversationListModel(store)
    assert _ids(model)[:2] == [1, COUNT]

    store.add_message(3, "user", [{"text": "new activity"}], "new activity")
    with qtbot.waitSignal(model.rowsMoved, timeout=1000):  # a move: a view's current row follows it
        model.refresh_conversation(3)
    assert _ids(model)[:3] == [1, 3, COUNT], "the active conversation goes right under the pinned one"
    assert _ids(model) == _expected_order(store)
    assert model.rowCount() == COUNT

    store.set_pinned(250, True)
    model.refresh_conversation(250)
    assert _ids(model)[:2] == [250, 1]
    store.set_pinned(250, False)
    model.refresh_conversation(250)
    assert _ids(model) == _expected_order(store)


def test_rename_in_place_and_a_new_conversation_at_the_top(store: ConversationStore) -> None:
    model = ConversationListModel(store)
    row = model.row_of(42)
    assert model.flags(model.index(row)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(model.index(row), "  Renamed  ")
    assert model.index(model.row_of(42)).data() == "Renamed"
    assert store.get(42).title == "Renamed"  # type: ignore[union-attr]

    created = store.create("", "gemini-2.5-flash")
    model.refresh_conversation(created.id)
    assert model.row_of(created.id) == 0
    assert model.index(0).data() == "New conversation"


def test_search_results_keep_their_order_and_snippets(store: ConversationStore, db: Database) -> None:
    model = ConversationListModel(store)
    hits = SearchIndex(db).search("needle")
    model.show_search_results(hits)
    assert _ids(model) == [hit.conversation_id for hit in hits]
    for row in range(model.rowCount()):
        assert "needle" in model.index(row).data(ConversationRole.Snippet)
        assert model.index(row).data().startswith("Conversation ")

    # A conversation deleted while the results are shown disappears from them; others stay put.
    gone = hits[0].conversation_id
    store.delete(gone)
    model.refresh_conversation(gone)
    assert _ids(model) == [hit.conversation_id for hit in hits[1:]]
    model.reload()
    assert not model.is_searching and model.rowCount() == COUNT - 1


def test_a_pinned_conversation_shows_a_pin_and_titles_stay_aligned(
    qapp: object, store: ConversationStore
) -> None:
    pinned = store.list_ids()[3]
    store.set_pinned(pinned, True)
    model = ConversationListModel(store)
    pin = model.index(model.row_of(pinned)).data(Qt.ItemDataRole.DecorationRole)
    unpinned = next(cid for cid in store.list_ids() if cid != pinned)
    other = model.index(model.row_of(unpinned)).data(Qt.ItemDataRole.DecorationRole)
    assert not pin.isNull() and not other.isNull()
    pin_image = pin.pixmap(16, 16).toImage()
    blank_image = other.pixmap(16, 16).toImage()
    assert any(pin_image.pixelColor(x, y).alpha() > 0 for x in range(16) for y in range(16))
    assert all(blank_image.pixelColor(x, y).alpha() == 0 for x in range(16) for y in range(16))


def test_a_title_hit_does_not_repeat_the_title_in_its_tooltip(store: ConversationStore, db: Database) -> None:
    model = ConversationListModel(store)
    model.show_search_results(SearchIndex(db).search("Conversation 12"))
    tooltip = model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip.count("Conversation 12") == 1
