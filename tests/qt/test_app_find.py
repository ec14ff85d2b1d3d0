"""Search results show where they matched; opening one, or Ctrl+F, highlights every match."""

from __future__ import annotations

import asyncio
from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QToolButton
from pytestqt.qtbot import QtBot

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.models.conversation_list_model import ConversationRole
from app.qt.theme import apply_theme
from tests.helpers.app_harness import child, run_app, send_and_wait, transcript_text, wait_until

CTRL = Qt.KeyboardModifier.ControlModifier


def find_bar_count(desk: GeminiDesk) -> str:
    return child(desk.window, QLabel, "findCount").text()


def match_on_screen(desk: GeminiDesk) -> bool:
    """Whether the transcript shows its current match (the cursor sits at it) inside the viewport."""
    view = desk.window.transcript
    return view.viewport().rect().contains(view.cursorRect().center())


def test_a_search_result_shows_its_snippet_and_opens_at_the_first_match_with_all_marked(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble, qtbot: QtBot
) -> None:
    async def body(desk: GeminiDesk) -> None:
        tulips, _, _ = await send_and_wait(desk, "How deep should tulip bulbs be planted? /long")
        await send_and_wait(desk, "And tulip bulbs in pots?")
        desk.window.shortcut_actions["new_conversation"].trigger()
        other, _, _ = await send_and_wait(desk, "Something else entirely")
        assert desk.window_controller.current_conversation == other

        sidebar = desk.window.sidebar
        qtbot.keyClicks(sidebar.search, "TULIP")
        await wait_until(lambda: desk.conversations.is_searching and desk.conversations.rowCount() == 1)
        index = desk.conversations.index(0)
        snippet = index.data(ConversationRole.Snippet)
        start, length = index.data(ConversationRole.SnippetMatch)
        assert snippet[start : start + length].lower() == "tulip"
        # The result is two lines tall: the title, then the snippet with the hit marked.
        assert sidebar.list_view.visualRect(index).height() >= 2 * sidebar.list_view.fontMetrics().height()

        QTest.keyClick(sidebar.search, Qt.Key.Key_Down)  # to the results, and the first one opens
        await wait_until(
            lambda: desk.window_controller.current_conversation == tulips, what="the result opened"
        )
        bar = child(desk.window, QLineEdit, "findField")
        assert bar.isVisible() and bar.text() == "TULIP"
        total = len(desk.window.transcript.extraSelections())
        assert total >= 3 and total == transcript_text(desk).lower().count("tulip")
        assert find_bar_count(desk) == f"1 of {total}"
        marked = [s.cursor.selectedText().lower() for s in desk.window.transcript.extraSelections()]
        assert set(marked) == {"tulip"}
        await asyncio.sleep(0.05)
        assert match_on_screen(desk)  # the long answer was scrolled back up to the first match

        child(desk.window, QToolButton, "findNext").click()
        assert find_bar_count(desk) == f"2 of {total}"
        child(desk.window, QToolButton, "findPrevious").click()
        child(desk.window, QToolButton, "findPrevious").click()
        assert find_bar_count(desk) == f"{total} of {total}"  # wraps around
        await asyncio.sleep(0.05)
        assert match_on_screen(desk)

    run_app(qloop, tmp_path, body, gateway)


def test_ctrl_f_finds_in_the_open_conversation_and_esc_clears_the_marks(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble, qtbot: QtBot
) -> None:
    async def body(desk: GeminiDesk) -> None:
        await send_and_wait(desk, "Tell me about the Shanghai Tower")
        await send_and_wait(desk, "How tall is the tower?")
        window = desk.window
        window.activateWindow()
        await wait_until(lambda: QApplication.activeWindow() is window, 2.0)
        window.composer.editor.setFocus()
        QTest.keyClick(window.composer.editor, Qt.Key.Key_F, CTRL)
        field = child(window, QLineEdit, "findField")
        assert field.isVisible() and QApplication.focusWidget() is field
        qtbot.keyClicks(field, "tower")
        total = len(window.transcript.extraSelections())
        assert total >= 3 and total == transcript_text(desk).lower().count("tower")
        assert find_bar_count(desk) == f"1 of {total}"
        QTest.keyClick(field, Qt.Key.Key_Return)
        assert find_bar_count(desk) == f"2 of {total}"
        QTest.keyClick(field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
        assert find_bar_count(desk) == f"1 of {total}"
        qtbot.keyClicks(field, "zzz")
        assert find_bar_count(desk) == "No matches" and window.transcript.extraSelections() == []
        QTest.keyClick(field, Qt.Key.Key_Escape)
        assert not field.isVisible() and window.transcript.extraSelections() == []

    run_app(qloop, tmp_path, body, gateway)


def _marked(desk: GeminiDesk) -> list[str]:
    return [s.cursor.selectedText().lower() for s in desk.window.transcript.extraSelections()]


def test_the_marks_and_the_count_follow_new_messages_and_a_redraw(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble, qtbot: QtBot
) -> None:
    async def body(desk: GeminiDesk) -> None:
        await send_and_wait(desk, "Tell me about the Shanghai Tower")
        window = desk.window
        window.activateWindow()
        await wait_until(lambda: QApplication.activeWindow() is window, 2.0)
        window.composer.editor.setFocus()
        QTest.keyClick(window.composer.editor, Qt.Key.Key_F, CTRL)
        field = child(window, QLineEdit, "findField")
        qtbot.keyClicks(field, "tower")
        before = len(window.transcript.extraSelections())
        assert before >= 2 and find_bar_count(desk) == f"1 of {before}"
        QTest.keyClick(field, Qt.Key.Key_Return)  # the second match is current

        # A new question and its answer: their matches are marked too, and counted.
        await send_and_wait(desk, "How tall is the tower?")
        total = transcript_text(desk).lower().count("tower")
        assert total > before
        await wait_until(lambda: len(window.transcript.extraSelections()) == total, what="the new marks")
        assert set(_marked(desk)) == {"tower"}
        assert find_bar_count(desk) == f"2 of {total}"  # the current match keeps its number

        # The whole conversation drawn again (another theme): the marks sit on the new text, not at its start.
        apply_theme("dark")
        await wait_until(lambda: set(_marked(desk)) == {"tower"}, what="the marks on the redrawn text")
        assert len(window.transcript.extraSelections()) == total
        assert find_bar_count(desk) == f"2 of {total}"

    try:
        run_app(qloop, tmp_path, body, gateway)
    finally:
        apply_theme("system")
