"""Managing conversations in the running app: new, rename, pin, delete with undo, and search."""

from __future__ import annotations

import asyncio
from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.models.conversation_list_model import ConversationRole
from app.qt.widgets.conversation_sidebar import SEARCH_DELAY_MS
from tests.helpers.app_harness import run_app, send_and_wait, transcript_text, wait_until

SETTLE = SEARCH_DELAY_MS / 1000 + 0.15
"""Long enough for the search box's debounce to fire and the list to update."""


def _listed(desk: GeminiDesk) -> list[int]:
    model = desk.conversations
    return [model.index(row).data(ConversationRole.Id) for row in range(model.rowCount())]


def _titles(desk: GeminiDesk) -> list[str]:
    model = desk.conversations
    return [model.index(row).data() for row in range(model.rowCount())]


def _rename(desk: GeminiDesk, conversation_id: int, title: str) -> None:
    model = desk.conversations
    assert model.setData(model.index(model.row_of(conversation_id)), title, Qt.ItemDataRole.EditRole)


async def _conversation_with(desk: GeminiDesk, text: str, title: str) -> int:
    desk.window.sidebar.new_button.click()
    conversation_id, _, status = await send_and_wait(desk, text)
    assert status == "complete"
    _rename(desk, conversation_id, title)
    return conversation_id


def test_new_rename_and_pin_order_the_list(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        sidebar = desk.window.sidebar
        older, _, _ = await send_and_wait(desk, "older chat")
        await asyncio.sleep(0.02)  # distinct activity times
        sidebar.new_button.click()
        newer = desk.window_controller.current_conversation
        assert newer is not None and newer != older
        assert _listed(desk) == [newer, older], "a new conversation is listed first"
        assert sidebar.current_id() == newer
        assert transcript_text(desk).strip() == ""

        # Rename: the context menu puts the title into edit mode; committing the editor calls setData.
        sidebar.rename_requested.emit(older)
        assert sidebar.list_view.state() == QAbstractItemView.State.EditingState
        _rename(desk, older, "  Trip to Kyoto  ")
        assert _titles(desk)[1] == "Trip to Kyoto"
        stored = desk.store.get(older)
        assert stored is not None and stored.title == "Trip to Kyoto" and not stored.title_is_auto
        assert not desk.conversations.setData(desk.conversations.index(1), "   "), (
            "an empty title was accepted"
        )

        # Pin the older one: it moves above the newer one, and the open conversation stays selected.
        sidebar.pin_requested.emit(older, True)
        assert _listed(desk) == [older, newer]
        assert desk.conversations.index(0).data(ConversationRole.Pinned)
        assert sidebar.current_id() == newer
        sidebar.pin_requested.emit(older, False)
        assert _listed(desk) == [newer, older]

    run_app(qloop, tmp_path, body, gateway)


def test_delete_then_undo_brings_the_conversation_back(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        kept, _, _ = await send_and_wait(desk, "keep me")
        desk.window.sidebar.new_button.click()
        doomed, _, _ = await send_and_wait(desk, "delete me")

        desk.window.sidebar.delete_requested.emit(doomed)
        assert _listed(desk) == [kept]
        assert desk.window_controller.current_conversation == kept, (
            "the next conversation opens after a delete"
        )
        assert "delete me" not in transcript_text(desk)
        bar = desk.window.undo_bar
        assert bar.isVisible() and bar.text_label.text() == "Conversation deleted."

        assert desk.window_controller.actions.undo_delete()
        assert doomed in _listed(desk)
        assert desk.window_controller.current_conversation == doomed
        assert "delete me" in transcript_text(desk)
        assert [m.role for m in desk.store.list_messages(doomed)] == ["user", "model"]

    run_app(qloop, tmp_path, body, gateway)


def test_ctrl_z_undoes_a_delete(qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble) -> None:
    """The notice says "Press Ctrl+Z to undo", so Ctrl+Z in the window must do it."""

    async def body(desk: GeminiDesk) -> None:
        doomed, _, _ = await send_and_wait(desk, "delete me")
        desk.window.sidebar.delete_requested.emit(doomed)
        assert _listed(desk) == []
        desk.window.activateWindow()
        QTest.keyClick(desk.window.sidebar.list_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        await asyncio.sleep(0.05)
        assert _listed(desk) == [doomed]

    run_app(qloop, tmp_path, body, gateway)


def test_a_delete_that_is_not_undone_is_gone_for_good(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        first, _, _ = await send_and_wait(desk, "first")
        desk.window.sidebar.new_button.click()
        second, _, _ = await send_and_wait(desk, "second")

        desk.window_controller.actions.delete_conversation(first)
        # A second delete while Undo is offered joins the offer: one Undo would bring back both.
        desk.window_controller.actions.delete_conversation(second)
        assert desk.window.undo_bar.text_label.text() == "2 conversations deleted."
        assert desk.store.get(first) is not None
        # Dismissing the offer deletes both for good.
        desk.window.undo_bar.close_button.click()
        assert desk.store.get(first) is None and desk.store.get(second) is None
        assert desk.store.list_messages(first) == []
        assert not desk.window_controller.actions.undo_delete(), "undo restored a purged conversation"
        assert _listed(desk) == []

    run_app(qloop, tmp_path, body, gateway)


def test_sidebar_search_finds_words_in_messages_in_any_script(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble, qtbot: QtBot
) -> None:
    async def body(desk: GeminiDesk) -> None:
        weather = await _conversation_with(desk, "请问明天北京的天气预报怎么样？", "Alpha")
        tempura = await _conversation_with(desk, "東京で美味しい天ぷらを食べたいです", "Beta")
        garden = await _conversation_with(desk, "How deep should tulip bulbs be planted?", "Gamma")
        everything = set(_listed(desk))
        assert everything == {weather, tempura, garden}
        search = desk.window.sidebar.search

        async def search_for(query: str) -> set[int]:
            search.clear()
            qtbot.keyClicks(search, query) if query.isascii() else search.setText(query)
            await asyncio.sleep(SETTLE)
            return set(_listed(desk))

        assert await search_for("天气预报") == {weather}  # 3+ characters: the trigram index
        assert await search_for("天气") == {weather}  # 2 characters: the LIKE fallback
        assert await search_for("天ぷら") == {tempura}
        assert await search_for("tulip") == {garden}
        assert await search_for("zzzz-nothing") == set()
        snippet_hit = await search_for("天气预报")
        assert snippet_hit == {weather}
        assert "天气预报" in desk.conversations.index(0).data(ConversationRole.Snippet)

        search.clear()
        await asyncio.sleep(SETTLE)
        assert set(_listed(desk)) == everything
        assert not desk.conversations.is_searching

    run_app(qloop, tmp_path, body, gateway)


def test_new_on_a_still_blank_conversation_does_not_pile_up_empty_ones(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        sidebar, composer = desk.window.sidebar, desk.window.composer
        sidebar.new_button.click()
        blank = desk.window_controller.current_conversation
        sidebar.new_button.click()
        sidebar.new_requested.emit()  # Ctrl+N
        assert desk.window_controller.current_conversation == blank
        assert _listed(desk) == [blank]

        composer.set_text("something to keep")  # no longer blank: New starts another one
        sidebar.new_button.click()
        assert desk.window_controller.current_conversation not in (None, blank)
        assert len(_listed(desk)) == 2

    run_app(qloop, tmp_path, body, gateway)


def test_search_from_the_keyboard_says_when_nothing_matches_and_goes_to_the_results(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble, qtbot: QtBot
) -> None:
    async def body(desk: GeminiDesk) -> None:
        sidebar = desk.window.sidebar
        tulips = await _conversation_with(desk, "How deep should tulip bulbs be planted?", "Tulips")
        await _conversation_with(desk, "请问明天北京的天气预报怎么样？", "Weather")
        search = sidebar.search
        desk.window.activateWindow()
        search.setFocus()

        qtbot.keyClicks(search, "zzzz-nothing")
        await asyncio.sleep(SETTLE)
        assert sidebar.no_results.isVisibleTo(sidebar)
        assert "zzzz-nothing" in sidebar.no_results.text()

        search.clear()
        qtbot.keyClicks(search, "tulip")
        await asyncio.sleep(SETTLE)
        assert not sidebar.no_results.isVisibleTo(sidebar)
        QTest.keyClick(search, Qt.Key.Key_Down)
        assert sidebar.list_view.hasFocus()
        assert desk.window_controller.current_conversation == tulips

        search.setFocus()
        QTest.keyClick(search, Qt.Key.Key_Escape)  # clears the search; it is not Stop
        await asyncio.sleep(SETTLE)
        assert search.text() == ""
        assert len(_listed(desk)) == 2

    run_app(qloop, tmp_path, body, gateway)


def _click_row(desk: GeminiDesk, conversation_id: int) -> None:
    view = desk.window.sidebar.list_view
    rect = view.visualRect(desk.conversations.index(desk.conversations.row_of(conversation_id)))
    no_keys = Qt.KeyboardModifier.NoModifier
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, no_keys, rect.center())


def test_a_new_conversation_left_untouched_is_dropped_and_one_with_a_draft_or_a_title_is_kept(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        sidebar, composer = desk.window.sidebar, desk.window.composer
        older, _, _ = await send_and_wait(desk, "older chat")

        # New, back to the older conversation, New again: one empty row at most, never a pile of them.
        sidebar.new_button.click()
        blank = desk.window_controller.current_conversation
        _click_row(desk, older)
        assert desk.window_controller.current_conversation == older
        await wait_until(lambda: _listed(desk) == [older], what="the untouched new conversation to go")
        assert desk.store.get(blank) is None  # type: ignore[arg-type]

        # Something typed in it is a draft: kept, and given back on return.
        sidebar.new_button.click()
        drafted = desk.window_controller.current_conversation
        composer.set_text("a question I have not sent yet")
        _click_row(desk, older)
        await asyncio.sleep(0.1)
        assert drafted in _listed(desk)
        _click_row(desk, drafted)
        assert composer.text() == "a question I have not sent yet"

        # A title the user gave it is kept too.
        sidebar.new_button.click()
        named = desk.window_controller.current_conversation
        _rename(desk, named, "Ideas for later")
        _click_row(desk, older)
        await asyncio.sleep(0.1)  # (a drop would happen from the event loop)
        assert set(_listed(desk)) == {older, drafted, named}

        # Deleting an empty conversation still offers Undo, which brings it back.
        sidebar.new_button.click()
        deleted = desk.window_controller.current_conversation
        assert deleted is not None
        desk.window_controller.actions.delete_conversation(deleted)
        assert deleted not in _listed(desk)
        assert desk.window_controller.actions.undo_delete()
        assert desk.window_controller.current_conversation == deleted
        assert deleted in _listed(desk)

    run_app(qloop, tmp_path, body, gateway)
