"""Smaller everyday points: the conversation menu, Thinking blocks, editing attachments, About."""

from __future__ import annotations

import asyncio
import base64
from pathlib import Path

import qasync
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMenu, QTextBrowser, QToolButton, QWidget

from app import __version__
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.widgets.attachment_strip import AttachmentChip
from tests.helpers.app_harness import (
    await_future,
    child,
    click_action,
    finished_future,
    generation_requests,
    run_app,
    send_and_wait,
    transcript_text,
    wait_until,
)


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
        _, reply, _ = await send_and_wait(desk, "/think Think first")
        assert "Listing the primes" not in transcript_text(desk)  # collapsed: only the latest heading
        click_action(desk, "toggle-thoughts", reply)
        assert "Listing the primes" in transcript_text(desk)
        await send_and_wait(desk, "And then?")
        assert "Listing the primes" in transcript_text(desk)  # still open above the new answer

    run_app(qloop, tmp_path, body, gateway)


def test_editing_a_message_shows_its_files_and_a_removed_one_is_not_sent_again(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    notes, todo = tmp_path / "notes.txt", tmp_path / "todo.txt"
    notes.write_text("buy milk\n", encoding="utf-8")
    todo.write_text("call mum\n", encoding="utf-8")
    draft = tmp_path / "draft.txt"
    draft.write_text("unsent\n", encoding="utf-8")

    async def body(desk: GeminiDesk) -> None:
        composer = desk.window.composer
        desk.attachments.add_paths([str(notes), str(todo)])
        await asyncio.wait_for(desk.attachments.wait_idle(), 10)
        conversation_id, _, _ = await send_and_wait(desk, "Read these")
        # Something attached for the next message, before the edit begins.
        desk.attachments.add_paths([str(draft)])
        await asyncio.wait_for(desk.attachments.wait_idle(), 10)
        (question,) = [m for m in desk.store.list_messages(conversation_id) if m.role == "user"]
        click_action(desk, "edit", question.id)
        assert [chip_name(c) for c in composer.attachment_strip.chips()] == ["notes.txt", "todo.txt"]
        # Remove todo.txt with its ✕, then send the edit.
        (todo_chip,) = [c for c in composer.attachment_strip.chips() if chip_name(c) == "todo.txt"]
        child(todo_chip, QToolButton, "removeAttachmentButton").click()
        finished = finished_future(desk)
        composer.set_text("Read this one")
        composer.send_button.click()
        await await_future(finished)
        parts = generation_requests(gateway)[-1].body["contents"][-1]["parts"]
        assert [base64.b64decode(p["inlineData"]["data"]) for p in parts if "inlineData" in p] == [
            b"buy milk\n"
        ]
        shown = transcript_text(desk)
        assert "notes.txt" in shown and "todo.txt" not in shown
        # What was attached before the edit is back in the composer.
        assert [chip_name(c) for c in composer.attachment_strip.chips()] == ["draft.txt"]

    run_app(qloop, tmp_path, body, gateway)


def chip_name(chip: AttachmentChip) -> str:
    return chip.text().split(" · ")[0]


def test_help_about_shows_the_version_the_data_folder_and_the_licences(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        menu = child(desk.window.menuBar(), QMenu, "helpMenu")
        assert menu is not None
        (about,) = [a for a in menu.actions() if a.text() == "About Gemini Desk"]
        about.trigger()
        dialog = child(desk.window, QDialog, "aboutDialog")
        assert dialog is not None and dialog.isVisible()
        assert f"Version {__version__}" in child(dialog, QLabel, "aboutTitle").text()
        folder = child(dialog, QLabel, "aboutDataFolder").text()
        assert str(desk.paths.data_dir) in folder and str(tmp_path) in folder
        licences = child(dialog, QTextBrowser, "aboutLicences").toPlainText()
        assert "MIT License" in licences and "LGPL-3.0-only" in licences and "httpx" in licences
        dialog.reject()

    run_app(qloop, tmp_path, body, gateway)
