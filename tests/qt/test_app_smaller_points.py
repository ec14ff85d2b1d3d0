"""Smaller everyday points: the conversation menu, Thinking blocks, editing attachments, About."""

from __future__ import annotations

from pathlib import Path

import qasync
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.qt.app_harness import click_action, run_app, send_and_wait, transcript_text, wait_until


def right_click(widget: QWidget, position: QPoint) -> None:
    """A right-click as the window system delivers it: the button press, then the context-menu event."""
    QTest.mousePress(widget, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, position)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, position, widget.mapToGlobal(position))
    QApplication.sendEvent(widget, event)
    QTest.mouseRelease(widget, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, position)


def visible_menus(desk: GeminiDesk) -> list[QMenu]:
    return [m for m in desk.window.sidebar.findChildren(QMenu) if m.isVisible()]


def test_right_click_on_a_conversation_shows_its_menu_without_opening_it(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        first, _, _ = await send_and_wait(desk, "first conversation")
        desk.window.shortcut_actions["new_conversation"].trigger()
        second, _, _ = await send_and_wait(desk, "second conversation")
        assert desk.window_controller.current_conversation == second
        view = desk.window.sidebar.list_view
        index = desk.conversations.index(desk.conversations.row_of(first))
        right_click(view.viewport(), view.visualRect(index).center())
        await wait_until(lambda: visible_menus(desk), what="the conversation's menu")
        assert desk.window_controller.current_conversation == second
        assert desk.window.sidebar.current_id() == second
        assert "second conversation" in desk.window.transcript.toPlainText()
        # The menu acts on the conversation that was right-clicked.
        (menu,) = visible_menus(desk)
        assert "Rename" in [a.text() for a in menu.actions()]
        menu.close()
        assert desk.window_controller.current_conversation == second

    run_app(qloop, tmp_path, body, gateway)


def test_an_expanded_thinking_block_stays_open_when_the_next_message_arrives(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        transcript = desk.window.transcript
        _, reply, _ = await send_and_wait(desk, "/think Think first")
        assert "Listing the primes" not in transcript_text(desk)  # collapsed: only the latest heading
        click_action(desk, "toggle-thoughts", reply)
        assert "Listing the primes" in transcript_text(desk)
        await send_and_wait(desk, "And then?")
        assert "Listing the primes" in transcript_text(desk)  # still open above the new answer

    run_app(qloop, tmp_path, body, gateway)
