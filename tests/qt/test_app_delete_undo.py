"""Deleting conversations: the Delete key, the menu, several at once, and a visible Undo that waits."""

from __future__ import annotations

import asyncio
from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.models.conversation_list_model import ConversationRole
from tests.helpers.app_harness import press, run_app, send_and_wait, wait_until

CTRL = Qt.KeyboardModifier.ControlModifier


def _listed(desk: GeminiDesk) -> list[int]:
    model = desk.conversations
    return [model.index(row).data(ConversationRole.Id) for row in range(model.rowCount())]


async def _three_conversations(desk: GeminiDesk) -> list[int]:
    ids = []
    for text in ("first", "second", "third"):
        desk.window.sidebar.new_button.click()
        ids.append((await send_and_wait(desk, text))[0])
    return ids


def _click_row(
    desk: GeminiDesk, conversation_id: int, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    view = desk.window.sidebar.list_view
    rect = view.visualRect(desk.conversations.index(desk.conversations.row_of(conversation_id)))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifiers, rect.center())


def test_the_delete_key_on_the_list_deletes_and_a_visible_undo_button_brings_it_back(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        _first, second, _third = await _three_conversations(desk)
        bar = desk.window.undo_bar
        assert not bar.isVisible()
        _click_row(desk, second)
        assert desk.window_controller.current_conversation == second
        await press(desk, desk.window.sidebar.list_view, Qt.Key.Key_Delete)
        assert second not in _listed(desk)
        assert bar.isVisible() and bar.text_label.text() == "Conversation deleted."
        assert bar.undo_button.isVisible() and bar.undo_button.text() == "Undo"
        assert bar.countdown_label.text() == "10 s"
        # The conversation opened in its place is the one highlighted in the list.
        opened = desk.window_controller.current_conversation
        assert opened is not None and desk.window.sidebar.selected_ids() == [opened]

        # Typing elsewhere first does not take the Undo away: the button is still there to click.
        await press(desk, desk.window.composer.editor, Qt.Key.Key_A)
        QTest.mouseClick(bar.undo_button, Qt.MouseButton.LeftButton)
        assert second in _listed(desk) and not bar.isVisible()
        assert desk.window_controller.current_conversation == second
        assert desk.store.get(second).deleted_at is None  # type: ignore[union-attr]

    run_app(qloop, tmp_path, body, gateway)


def test_several_selected_conversations_are_deleted_together_and_one_undo_restores_them_all(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        first, second, third = await _three_conversations(desk)
        sidebar = desk.window.sidebar
        _click_row(desk, first)
        await asyncio.sleep(0.1)
        _click_row(desk, third, CTRL)
        assert sorted(sidebar.selected_ids()) == sorted([first, third])
        await press(desk, sidebar.list_view, Qt.Key.Key_Delete)
        assert _listed(desk) == [second]
        bar = desk.window.undo_bar
        assert bar.text_label.text() == "2 conversations deleted."
        # Ctrl+Z with the Undo button focused undoes the deletion (the message box has typing to undo).
        await press(desk, desk.window.composer.editor, Qt.Key.Key_B)
        await press(desk, bar.undo_button, Qt.Key.Key_Z, CTRL)
        assert sorted(_listed(desk)) == sorted([first, second, third])
        # The typing was not what Ctrl+Z undid here: it is kept as the draft of the conversation typed in.
        assert desk.store.get(second).draft == "b"  # type: ignore[union-attr]

    run_app(qloop, tmp_path, body, gateway)


def test_the_conversation_menu_deletes_the_open_conversation(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        first, _second, _third = await _three_conversations(desk)
        desk.window_controller.open_conversation(first)
        menu = desk.window.menuBar().findChild(QWidget, "conversationMenu")
        assert menu is not None
        (action,) = [a for a in menu.actions() if a.text() == "Delete conversation"]
        assert action.shortcut().toString() == "Del"
        action.trigger()
        assert first not in _listed(desk) and desk.window.undo_bar.isVisible()

    run_app(qloop, tmp_path, body, gateway)


def test_the_countdown_waits_while_the_window_is_hidden_and_dismissing_deletes_for_good(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        first, second, _third = await _three_conversations(desk)
        bar = desk.window.undo_bar
        desk.window.sidebar.delete_requested.emit(first)
        assert bar.remaining == 10
        desk.window.hide()
        await asyncio.sleep(2.5)
        assert bar.remaining == 10, "the countdown ran while nobody could see it"
        desk.window.show()
        await wait_until(lambda: bar.remaining <= 8, 6.0, "the countdown to run again")
        assert desk.store.get(first) is not None  # still undoable

        QTest.mouseClick(bar.close_button, Qt.MouseButton.LeftButton)
        assert not bar.isVisible()
        assert desk.store.get(first) is None and desk.store.list_messages(first) == []
        assert not desk.window_controller.actions.undo_delete()

        # Left alone, the offer ends by itself after its ten seconds.
        desk.window.sidebar.delete_requested.emit(second)
        await wait_until(lambda: not bar.isVisible(), 15.0, "the Undo offer to run out")
        assert desk.store.get(second) is None

    run_app(qloop, tmp_path, body, gateway, timeout=60.0)
