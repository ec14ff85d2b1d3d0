"""The composer while an answer streams: Stop while something streams, Send when idle, never a dead Enter.

Regenerate, Edit and a second Send clicked while the answer still arrives (the demo's ``drip``: one byte a
tick) are acted on as a user does, and the buttons and the status line are checked as they are shown.
"""

from __future__ import annotations

from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.async_support import signal_future
from tests.helpers.app_harness import (
    await_future,
    click_action,
    finished_future,
    run_app,
    type_and_send,
    wait_until,
)


def _shows_stop(desk: GeminiDesk) -> bool:
    composer = desk.window.composer
    return composer.stop_button.isVisible() and not composer.send_button.isVisible()


def _shows_send(desk: GeminiDesk) -> bool:
    composer = desk.window.composer
    return composer.send_button.isVisible() and not composer.stop_button.isVisible()


def _press(desk: GeminiDesk, key: Qt.Key) -> None:
    editor = desk.window.composer.editor
    editor.setFocus()
    QTest.keyClick(editor, key)


def test_regenerate_while_an_answer_streams_keeps_stop_and_enter_says_why_it_waits(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario("drip")

    async def body(desk: GeminiDesk) -> None:
        started = signal_future(desk.chat.reply_started)
        type_and_send(desk, "Drip, please")
        conversation_id, first_reply = (await await_future(started))[:2]
        assert _shows_stop(desk)
        stopped, restarted = finished_future(desk), signal_future(desk.chat.reply_started)
        click_action(desk, "regenerate", first_reply)
        assert (await await_future(stopped))[2] == "stopped"
        second_reply = (await await_future(restarted))[1]
        assert second_reply != first_reply and desk.chat.is_streaming(conversation_id)
        await wait_until(lambda: not desk.window.composer.isHidden(), what="the composer")
        assert _shows_stop(desk), "the new answer streams, but the composer offers Send"

        # Enter while it streams: nothing is sent, and the status line says why and what to do.
        desk.window.composer.set_text("a second question")
        _press(desk, Qt.Key.Key_Return)
        state = desk.window.status_line.state_label.text()
        assert "still arriving" in state and "Esc" in state
        assert desk.window.composer.text() == "a second question"  # kept, not lost

        # Esc (which the status line just named) stops it; the composer is back to Send.
        ended = finished_future(desk)
        _press(desk, Qt.Key.Key_Escape)
        assert (await await_future(ended))[2] == "stopped"
        await wait_until(lambda: _shows_send(desk), what="Send after Stop")

    run_app(qloop, tmp_path, body, gateway)


def test_edit_while_an_answer_streams_stops_it_and_opens_the_edit_with_send(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario("drip")

    async def body(desk: GeminiDesk) -> None:
        started = signal_future(desk.chat.reply_started)
        type_and_send(desk, "Question to edit")
        conversation_id = (await await_future(started))[0]
        question = desk.store.list_messages(conversation_id)[0]
        stopped = finished_future(desk)
        click_action(desk, "edit", question.id)
        assert (await await_future(stopped))[2] == "stopped"
        await wait_until(lambda: desk.window.composer.text() == "Question to edit", what="the edit")
        assert _shows_send(desk)
        assert "Editing a sent message" in desk.window.status_line.state_label.text()

        # Edit and resend starts a new answer: Stop again while it streams.
        gateway.set_scenario("drip")
        resent = signal_future(desk.chat.reply_started)
        desk.window.composer.set_text("Question, edited")
        _press(desk, Qt.Key.Key_Return)
        await await_future(resent)
        await wait_until(lambda: _shows_stop(desk), what="Stop for the resent question")
        texts = [m.text for m in desk.store.list_messages(conversation_id)]
        assert texts[0] == "Question, edited"

    run_app(qloop, tmp_path, body, gateway)


def test_deleting_the_only_conversation_while_it_answers_leaves_send_and_a_working_enter(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario("drip")

    async def body(desk: GeminiDesk) -> None:
        started = signal_future(desk.chat.reply_started)
        type_and_send(desk, "Drip, please")
        deleted = (await await_future(started))[0]
        assert _shows_stop(desk)

        ended = finished_future(desk)
        menu = desk.window.menuBar().findChild(QWidget, "conversationMenu")
        assert menu is not None
        (delete,) = [a for a in menu.actions() if a.text() == "Delete conversation"]
        delete.trigger()  # no other conversation to open in its place
        assert (await await_future(ended))[2] == "stopped"
        await wait_until(lambda: _shows_send(desk), what="Send once the deleted conversation's answer ended")
        assert desk.window.status_line.state_label.text() == ""  # no "Waiting for…" of the deleted one

        # Enter asks the next question in a new conversation, as after any delete.
        gateway.set_scenario(None)
        answered = finished_future(desk)
        desk.window.composer.set_text("A new question")
        _press(desk, Qt.Key.Key_Return)
        conversation_id, _, status = await await_future(answered)
        assert status == "complete" and conversation_id != deleted

    run_app(qloop, tmp_path, body, gateway)


def test_send_is_offered_once_there_is_something_to_send(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        composer = desk.window.composer
        assert _shows_send(desk) and not composer.send_button.isEnabled()  # an empty prompt: greyed
        QTest.keyClicks(composer.editor, "   ")
        assert not composer.send_button.isEnabled()  # only spaces: nothing to send
        QTest.keyClicks(composer.editor, "Hello")
        assert composer.send_button.isEnabled()
        answered = finished_future(desk)
        QTest.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)
        assert (await await_future(answered))[2] == "complete"
        assert composer.text() == "" and not composer.send_button.isEnabled()  # sent: greyed again

    run_app(qloop, tmp_path, body, gateway)
