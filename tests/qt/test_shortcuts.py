"""Keyboard shortcuts, pressed as keys on the real main window of the running app."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import qasync
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.core.settings_store import SettingsStore
from app.demo import content
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.async_support import signal_future
from app.qt.dialogs.key_caps import CAPS_ROLE
from app.qt.dialogs.settings_dialog import SettingsDialog
from app.qt.dialogs.shortcuts_dialog import ShortcutsDialog
from app.qt.fonts import MAX_FONT_SIZE, MIN_FONT_SIZE
from app.qt.shortcuts import (
    SHORTCUTS,
    TRANSCRIPT_ROWS,
    ShortcutPriority,
    composer_rows,
    key_sequences,
    native_text,
)
from app.qt.widgets.message_stops import body_links
from app.render.code_blocks import code_sources
from tests.helpers.app_harness import (
    await_future,
    finished_future,
    generation_requests,
    press,
    run_app,
    send_and_wait,
    type_and_send,
)

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def test_no_two_actions_share_a_key(qapp: QApplication) -> None:
    """Qt fires neither action when two claim the same keys, so a clash would silently break both."""
    seen: dict[str, str] = {}
    for spec in SHORTCUTS:
        for sequence in key_sequences(spec.keys):
            text = sequence.toString(QKeySequence.SequenceFormat.PortableText)
            assert text not in seen, f"{text} is used by {seen[text]} and {spec.name}"
            seen[text] = spec.name


def test_search_and_composer_focus_keys(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        search, editor = window.sidebar.search, window.composer.editor
        await press(desk, window.transcript, Qt.Key.Key_K, CTRL)
        assert focused() is search
        # The message box binds Ctrl+K to "delete to the end of the line"; the window's key must win.
        window.composer.set_text("keep this text")
        editor.moveCursor(editor.textCursor().MoveOperation.Start)
        await press(desk, editor, Qt.Key.Key_K, CTRL)
        assert focused() is search
        assert window.composer.text() == "keep this text"
        await press(desk, search, Qt.Key.Key_L, CTRL)
        assert focused() is editor
        await press(desk, editor, Qt.Key.Key_F, CTRL | SHIFT)
        assert focused() is search
        # Ctrl+F finds inside the open conversation instead.
        await press(desk, editor, Qt.Key.Key_F, CTRL)
        assert focused() is window.find_bar.field

    run_app(qloop, tmp_path, body, gateway)


def test_new_conversation_rename_and_copy_last_answer_keys(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        conversation_id, reply_id, _ = await send_and_wait(desk, "Say something")
        answer = desk.store.get_message(reply_id)
        assert answer is not None and answer.text

        QGuiApplication.clipboard().setText("nothing yet")
        await press(desk, window.transcript, Qt.Key.Key_C, CTRL | SHIFT)
        assert QGuiApplication.clipboard().text() == answer.text

        await press(desk, window.sidebar.list_view, Qt.Key.Key_F2)
        assert window.sidebar.list_view.state() == QAbstractItemView.State.EditingState
        editor = QApplication.focusWidget()
        assert editor is not None
        QTest.keyClick(editor, Qt.Key.Key_Escape)  # Esc cancels the rename
        await asyncio.sleep(0.03)
        assert window.sidebar.list_view.state() != QAbstractItemView.State.EditingState

        await press(desk, window.transcript, Qt.Key.Key_N, CTRL)
        assert desk.window_controller.current_conversation not in (None, conversation_id)
        assert desk.conversations.rowCount() == 2
        assert focused() is window.composer.editor
        # The new conversation has no answer yet: nothing is copied, and the user is told so.
        await press(desk, window.transcript, Qt.Key.Key_C, CTRL | SHIFT)
        assert QGuiApplication.clipboard().text() == answer.text
        assert "no answer" in window.status_line.currentMessage()

    run_app(qloop, tmp_path, body, gateway)


def test_escape_stops_a_streaming_answer(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario(content.slow_chunks(1.0))

    async def body(desk: GeminiDesk) -> None:
        first_text = signal_future(desk.chat.text_received)
        finished = finished_future(desk)
        type_and_send(desk, "Please stop me")
        await await_future(first_text)
        await press(desk, desk.window.composer.editor, Qt.Key.Key_Escape)
        _, _, status = await await_future(finished, 2.0)
        assert status == "stopped"

    run_app(qloop, tmp_path, body, gateway)


def test_settings_and_help_keys_open_their_dialogs(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        await press(desk, window.transcript, Qt.Key.Key_Comma, CTRL)
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, SettingsDialog)]
        assert any(dialog.isVisible() for dialog in dialogs)
        for dialog in dialogs:
            dialog.reject()
        await asyncio.sleep(0.05)

        for key, modifiers in ((Qt.Key.Key_F1, NONE), (Qt.Key.Key_Slash, CTRL)):
            await press(desk, window.transcript, key, modifiers)
            shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, ShortcutsDialog)]
            assert [dialog.isVisible() for dialog in shown] == [True]
            rows = dict(shown[0].rows())
            shown[0].reject()
            await asyncio.sleep(0.05)
        # Every shortcut is listed, in the platform's own key names, with the message box's send keys and the
        # keys on a message of the conversation.
        for spec in (*SHORTCUTS, *composer_rows("enter"), *TRANSCRIPT_ROWS):
            keys = native_text(spec.keys)
            if keys:
                assert rows[spec.label()] == keys
        new_keys = QKeySequence(QKeySequence.StandardKey.New).toString(QKeySequence.SequenceFormat.NativeText)
        assert new_keys in rows["New conversation"]

    run_app(qloop, tmp_path, body, gateway)


def test_text_size_keys_are_bounded_and_remembered(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    sizes: dict[str, int] = {}

    async def body(desk: GeminiDesk) -> None:
        window, transcript = desk.window, desk.window.transcript
        default = transcript.font().pointSize()
        await press(desk, transcript, Qt.Key.Key_Equal, CTRL)
        larger = transcript.font().pointSize()
        assert larger > default
        assert window.composer.editor.font().pointSize() == larger
        assert SettingsStore(desk.paths.settings_path).load().font_size == larger
        await press(desk, transcript, Qt.Key.Key_Minus, CTRL)
        await press(desk, transcript, Qt.Key.Key_Minus, CTRL)
        assert transcript.font().pointSize() < default
        await press(desk, transcript, Qt.Key.Key_0, CTRL)
        assert transcript.font().pointSize() == default
        assert SettingsStore(desk.paths.settings_path).load().font_size is None
        for _ in range(20):
            await press(desk, transcript, Qt.Key.Key_Equal, CTRL)
        assert transcript.font().pointSize() == MAX_FONT_SIZE
        for _ in range(20):
            await press(desk, transcript, Qt.Key.Key_Minus, CTRL)
        assert transcript.font().pointSize() == MIN_FONT_SIZE
        await press(desk, transcript, Qt.Key.Key_Equal, CTRL)
        sizes["saved"] = transcript.font().pointSize()

    async def again(desk: GeminiDesk) -> None:
        sizes["restored"] = desk.window.transcript.font().pointSize()

    run_app(qloop, tmp_path, body, gateway)
    run_app(qloop, tmp_path, again, gateway)
    assert sizes["restored"] == sizes["saved"] > MIN_FONT_SIZE


class _GreedyEditor(QPlainTextEdit):
    """Claims Ctrl+K for itself, as text editors do on Linux and macOS ("delete to the end of the line")."""

    def event(self, event: QEvent) -> bool:
        ctrl_k = QKeySequence("Ctrl+K")[0].toCombined()  # type: ignore[index]  # PySide6 has __getitem__
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.keyCombination().toCombined() == ctrl_k
        ):
            event.accept()
            return True
        return super().event(event)


@pytest.mark.parametrize("priority", [False, True])
def test_window_keys_win_over_an_editor_that_claims_them(qtbot: QtBot, priority: bool) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    editor = _GreedyEditor(window)
    window.setCentralWidget(editor)
    fired: list[bool] = []
    action = QAction("search", window)
    action.setShortcut(QKeySequence("Ctrl+K"))
    action.triggered.connect(lambda: fired.append(True))
    window.addAction(action)
    if priority:
        editor.installEventFilter(ShortcutPriority([QKeySequence("Ctrl+K")], editor))
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    editor.setFocus()
    QTest.keyClick(editor, Qt.Key.Key_K, CTRL)
    assert fired == ([True] if priority else [])


def test_ctrl_z_in_the_message_box_undoes_typing_first_then_brings_back_a_deleted_conversation(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        editor = desk.window.composer.editor
        kept, _, _ = await send_and_wait(desk, "keep me")
        desk.window.sidebar.new_button.click()
        doomed, _, _ = await send_and_wait(desk, "delete me")
        desk.window.sidebar.delete_requested.emit(doomed)
        assert desk.window_controller.current_conversation == kept

        await press(desk, editor, Qt.Key.Key_A)
        assert desk.window.composer.text() == "a"
        await press(desk, editor, Qt.Key.Key_Z, CTRL)  # the message box's own undo comes first
        assert desk.window.composer.text() == ""
        assert desk.store.get(doomed).deleted_at is not None  # type: ignore[union-attr]
        await press(desk, editor, Qt.Key.Key_Z, CTRL)  # nothing left to undo there: the deletion is undone
        assert desk.store.get(doomed).deleted_at is None  # type: ignore[union-attr]
        assert desk.window_controller.current_conversation == doomed

    run_app(qloop, tmp_path, body, gateway)


def test_everyday_keys_switch_attach_regenerate_and_hide_the_list(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        first, _, _ = await send_and_wait(desk, "first")
        await press(desk, window.composer.editor, Qt.Key.Key_N, CTRL)
        second, _, _ = await send_and_wait(desk, "second")
        editor = window.composer.editor
        # The list is newest first: Ctrl+PgDown goes down the list to the older one, Ctrl+PgUp back.
        await press(desk, editor, Qt.Key.Key_PageDown, CTRL)
        assert desk.window_controller.current_conversation == first
        await press(desk, editor, Qt.Key.Key_PageUp, CTRL)
        assert desk.window_controller.current_conversation == second

        await press(desk, editor, Qt.Key.Key_O, CTRL)
        dialog = window.findChild(QFileDialog, "attachFileDialog")
        assert dialog is not None and dialog.isVisible()
        dialog.reject()

        requests = len(generation_requests(gateway))
        finished = finished_future(desk)
        await press(desk, editor, Qt.Key.Key_R, CTRL)
        await await_future(finished)
        assert len(generation_requests(gateway)) == requests + 1

        await press(desk, editor, Qt.Key.Key_B, CTRL)
        assert not window.sidebar.isVisible()
        await press(desk, editor, Qt.Key.Key_B, CTRL)
        assert window.sidebar.isVisible()

    run_app(qloop, tmp_path, body, gateway)


def test_the_new_keys_are_in_the_menus_and_the_shortcuts_sheet(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        menus = {m.objectName(): m for m in window.menuBar().findChildren(QMenu)}
        entries = {
            a.text(): a.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
            for name in ("conversationMenu", "viewMenu")
            for a in menus[name].actions()
        }
        assert entries["Delete conversation"] == "Del"
        assert entries["Regenerate the last answer"] == "Ctrl+R"
        assert entries["Attach files…"] == "Ctrl+O"
        assert entries["Next conversation"] == "Ctrl+PgDown"
        assert entries["Previous conversation"] == "Ctrl+PgUp"
        assert entries["Show or hide the conversation list"] == "Ctrl+B"
        await press(desk, window.transcript, Qt.Key.Key_F1)
        (sheet,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, ShortcutsDialog)]
        rows = dict(sheet.rows())
        sheet.reject()
        for label in entries:
            if entries[label]:
                assert label in rows, label

    run_app(qloop, tmp_path, body, gateway)


def test_tab_passes_over_the_transcript_links_and_page_keys_in_the_message_box_scroll_it(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        for text in ("one /long", "two /long"):
            await send_and_wait(desk, text)
        transcript, editor = window.transcript, window.composer.editor
        # Tab from the last header button enters the transcript on its last message, the next Tabs walk that
        # message's two buttons, its code blocks' Copy and its own links, then leave: no walk through all the
        # transcript's links from the top.
        await press(desk, window.settings_button, Qt.Key.Key_Tab)
        assert focused() is transcript
        assert not transcript.textCursor().hasSelection()  # no link picked out
        last = transcript.shown_ids()[-1]
        answer = desk.store.get_message(last)
        assert answer is not None
        record = transcript._regions.messages[last]
        links = body_links(transcript.document(), record)
        assert links, "the answer has links of its own"
        for _ in range(3 + len(code_sources(answer.text)) + len(links)):
            now = focused()
            assert now is not None and transcript.message_focus.current == last
            QTest.keyClick(now, Qt.Key.Key_Tab)
        assert focused() is editor  # the message box, then the row under it (paperclip, model, Send)
        QTest.keyClick(editor, Qt.Key.Key_Backtab)
        assert focused() is transcript

        bar = transcript.verticalScrollBar()
        bar.setValue(bar.maximum())
        editor.setFocus()
        window.composer.set_text("draft")
        await press(desk, editor, Qt.Key.Key_PageUp)
        assert bar.value() == bar.maximum() - bar.pageStep()
        await press(desk, editor, Qt.Key.Key_PageDown)
        assert bar.value() == bar.maximum()
        assert window.composer.text() == "draft" and focused() is editor

    run_app(qloop, tmp_path, body, gateway)


def _text(sheet: ShortcutsDialog, row: int) -> str:
    item = sheet.table.item(row, 0)
    assert item is not None
    return item.text()


def _caps(sheet: ShortcutsDialog, row: int) -> object:
    item = sheet.table.item(row, 1)
    assert item is not None
    return item.data(CAPS_ROLE)


def test_the_sheet_groups_the_shortcuts_draws_keys_as_caps_and_filters_as_you_type(qtbot: QtBot) -> None:
    sheet = ShortcutsDialog("enter")
    qtbot.addWidget(sheet)
    sheet.show()
    everything = sheet.rows()
    headings = [
        _text(sheet, row) for row in range(sheet.table.rowCount()) if sheet.table.columnSpan(row, 0) == 2
    ]
    assert headings == [
        "Conversations",
        "View",
        "Help",
        "In the message box",
        "On a message of the conversation",
    ]
    assert not any(action in headings for action, _keys in everything)  # headings are not rows of keys
    caps = {_text(sheet, row): _caps(sheet, row) for row in range(sheet.table.rowCount())}
    assert caps["Copy the last answer"] == [("Ctrl", "Shift", "C")]
    assert caps["Larger text"] == [("Ctrl", "+"), ("Ctrl", "=")]
    assert sheet.search.accessibleName() == "Search shortcuts"
    qtbot.keyClicks(sheet.search, "LAST answer")
    assert [action for action, _keys in sheet.rows()] == [
        "Regenerate the last answer",
        "Copy the last answer",
        "Show the previous version of the last answer",
        "Show the next version of the last answer",
    ]
    shown_headings = [
        _text(sheet, row)
        for row in range(sheet.table.rowCount())
        if sheet.table.columnSpan(row, 0) == 2 and not sheet.table.isRowHidden(row)
    ]
    assert shown_headings == ["Conversations"]
    sheet.search.setText("zebra")
    assert sheet.rows() == [] and sheet.no_match.isVisible() and "zebra" in sheet.no_match.text()
    sheet.search.clear()
    assert sheet.rows() == everything and not sheet.no_match.isVisible()
