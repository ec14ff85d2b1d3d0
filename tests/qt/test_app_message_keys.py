"""The keyboard path to a message's actions: Tab to the transcript, arrows between messages, into its bar."""

from __future__ import annotations

import asyncio
from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from app.demo import content
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import (
    await_future,
    finished_future,
    press,
    run_app,
    send_and_wait,
    type_and_send,
    wait_until,
)

CTRL = Qt.KeyboardModifier.ControlModifier


def focused() -> QWidget | None:
    return QApplication.focusWidget()


async def key(widget: QWidget | None, which: Qt.Key, modifiers: Qt.KeyboardModifier | None = None) -> None:
    assert widget is not None
    QTest.keyClick(widget, which, modifiers or Qt.KeyboardModifier.NoModifier)
    await asyncio.sleep(0.03)


def test_tab_reaches_the_last_message_then_its_actions_then_the_message_box(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        await send_and_wait(desk, "First question")
        await send_and_wait(desk, "Second question")
        transcript, focus = window.transcript, window.transcript.message_focus
        bar = focus.bar
        ids = transcript.shown_ids()
        question = ids[0]
        assert not bar.isVisible()  # nothing hovered, nothing focused: no actions on show

        await press(desk, window.settings_button, Qt.Key.Key_Tab)
        assert focused() is transcript
        assert focus.current == ids[-1] and focus.ringed == ids[-1]  # the last answer, ringed
        assert not transcript.textCursor().hasSelection()  # no link picked out
        assert "message 4 of 4" in transcript.accessibleName()
        assert bar.isVisible() and bar.message_id == ids[-1]
        assert "message 4 of 4" in bar.accessibleName()

        # Tab walks the answer's buttons, then leaves for the message box; Shift+Tab comes back the same way.
        await key(transcript, Qt.Key.Key_Tab)
        assert focused() is bar.buttons["copy-message"]
        assert bar.buttons["copy-message"].accessibleName() == "Copy"
        await key(focused(), Qt.Key.Key_Tab)
        assert focused() is bar.buttons["regenerate"]
        await key(focused(), Qt.Key.Key_Tab)
        assert focused() is window.composer.editor  # then the row under it: paperclip, model, Send
        await wait_until(lambda: not bar.isVisible(), 2.0, "the bar to go with the focus")
        await key(focused(), Qt.Key.Key_Backtab)
        assert focused() is transcript and focus.current == ids[-1]

        # Up goes to the question above; the bar and the spoken name follow.
        await key(transcript, Qt.Key.Key_Up)
        assert focus.current == ids[-2] and bar.message_id == ids[-2]
        assert "message 3 of 4" in transcript.accessibleName()
        assert "Second question" in transcript.accessibleDescription()
        await key(transcript, Qt.Key.Key_Up)
        await key(transcript, Qt.Key.Key_Up)
        assert focus.current == question
        await key(transcript, Qt.Key.Key_Up)  # the first message: nowhere further up
        assert focus.current == question
        await key(transcript, Qt.Key.Key_End)
        assert focus.current == ids[-1]
        await key(transcript, Qt.Key.Key_Home)
        assert focus.current == question

        # Enter goes into the question's bar: Copy, then Right to Edit, Enter edits it.
        await key(transcript, Qt.Key.Key_Return)
        assert focused() is bar.buttons["copy-message"]
        await key(focused(), Qt.Key.Key_Right)
        assert focused() is bar.buttons["edit"]
        await key(focused(), Qt.Key.Key_Return)
        assert window.composer.text() == "First question"  # the message box holds it for editing

        # Esc in the bar goes back to the message; Esc on the message goes back to the message box.
        await press(desk, window.settings_button, Qt.Key.Key_Tab)
        await key(transcript, Qt.Key.Key_Return)
        assert bar.focused_index() == 0
        await key(focused(), Qt.Key.Key_Escape)
        assert focused() is transcript
        await key(transcript, Qt.Key.Key_Escape)
        assert focused() is window.composer.editor

    run_app(qloop, tmp_path, body, gateway)


def test_ctrl_c_on_a_message_copies_it_and_a_selection_still_copies_the_selection(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        await send_and_wait(desk, "Copy me with the keyboard")
        transcript = window.transcript
        await press(desk, window.settings_button, Qt.Key.Key_Tab)
        await key(transcript, Qt.Key.Key_Up)  # the question
        QGuiApplication.clipboard().setText("before")
        await key(transcript, Qt.Key.Key_C, CTRL)
        assert QGuiApplication.clipboard().text() == "Copy me with the keyboard"
        transcript.selectAll()
        await key(transcript, Qt.Key.Key_C, CTRL)
        assert QGuiApplication.clipboard().text() != "Copy me with the keyboard"  # the whole selection

    run_app(qloop, tmp_path, body, gateway)


def test_esc_on_a_message_still_stops_an_answer_that_is_arriving(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario(content.slow_chunks(1.0))

    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        finished = finished_future(desk)
        type_and_send(desk, "Stop me from the transcript")
        await wait_until(lambda: window.transcript.live_message_id is not None, what="the answer to start")
        await press(desk, window.settings_button, Qt.Key.Key_Tab)
        assert focused() is window.transcript
        await key(window.transcript, Qt.Key.Key_Escape)
        _, _, status = await await_future(finished, 5.0)
        assert status == "stopped"

    run_app(qloop, tmp_path, body, gateway)


def test_left_and_right_show_the_focused_answers_versions_and_its_bar_opens_thinking(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        transcript, focus = window.transcript, window.transcript.message_focus
        _, first, _ = await send_and_wait(desk, "/think Name a colour")
        finished = finished_future(desk)
        await press(desk, window.settings_button, Qt.Key.Key_Tab)
        assert focus.current == first
        # The answer's Thinking opens from its bar, and the button then says it closes it.
        thinking = focus.bar.buttons["toggle-thoughts"]
        assert not thinking.isHidden() and thinking.toolTip() == "Show thinking"
        await key(transcript, Qt.Key.Key_Return)
        for _ in range(focus.bar.shown_buttons().index(thinking)):
            await key(focused(), Qt.Key.Key_Right)
        assert focused() is thinking
        await key(thinking, Qt.Key.Key_Space)
        assert transcript.message_focus.bar.buttons["toggle-thoughts"].toolTip() == "Hide thinking"
        # Regenerate from the bar: a second version, and the keyboard stays on the answer.
        await key(focused(), Qt.Key.Key_Escape)
        await key(transcript, Qt.Key.Key_Return)
        while focused() is not focus.bar.buttons["regenerate"]:
            await key(focused(), Qt.Key.Key_Right)
        await key(focused(), Qt.Key.Key_Return)
        second = (await await_future(finished))[1]
        await wait_until(lambda: transcript.shown_ids()[-1] == second, what="the second version shown")
        transcript.setFocus(Qt.FocusReason.BacktabFocusReason)
        await asyncio.sleep(0.03)
        assert focus.current == second
        assert "Version 2 of 2" in transcript.accessibleDescription()
        # With versions, the bar offers to delete this one too.
        assert not focus.bar.buttons["delete-version"].isHidden()
        assert focus.bar.buttons["delete-version"].toolTip() == "Delete version"
        await key(transcript, Qt.Key.Key_Left)
        await wait_until(lambda: transcript.shown_ids()[-1] == first, what="the first version again")
        assert focus.current == first  # the keyboard stays on the answer, now its first version
        await key(transcript, Qt.Key.Key_Right)
        await wait_until(lambda: transcript.shown_ids()[-1] == second, what="the second version again")

    run_app(qloop, tmp_path, body, gateway)
