"""The whole app chatting with the local gateway double: streaming, Stop, Regenerate, Edit, switching."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.demo import content
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.async_support import signal_future
from tests.helpers.app_harness import (
    await_future,
    click_action,
    finished_future,
    generation_requests,
    has_action_link,
    run_app,
    send_and_wait,
    transcript_text,
    type_and_send,
)

FIRST_WORDS = "Hello! 你好，世界"
LAST_WORDS = "cross every boundary. 完。"


def test_reply_streams_into_the_transcript_and_is_stored_complete(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario(content.slow_chunks(0.3))

    async def body(desk: GeminiDesk) -> None:
        first_text = signal_future(desk.chat.text_received)
        finished = finished_future(desk)
        type_and_send(desk, "Tell me something 有趣的")
        await await_future(first_text)
        await asyncio.sleep(0.1)  # one frame
        early = transcript_text(desk)
        assert "Tell me something 有趣的" in early
        assert FIRST_WORDS in early
        assert LAST_WORDS not in early, "the whole answer was shown before it had arrived"
        assert not finished.done()
        assert desk.window.composer.stop_button.isVisible()
        assert not desk.window.composer.send_button.isVisible()

        conversation_id, reply_id, status = await await_future(finished)
        assert status == "complete"
        assert LAST_WORDS in transcript_text(desk)
        assert desk.window.composer.send_button.isVisible()
        assert desk.window.composer.text() == ""

        user, reply = desk.store.list_messages(conversation_id)
        assert (user.role, user.text) == ("user", "Tell me something 有趣的")
        assert reply.id == reply_id
        assert reply.status == "complete"
        assert reply.text == content.SAMPLE_TEXT
        assert reply.meta["usage"]["totalTokenCount"] > 0
        assert reply.meta["finish_reason"] == "STOP"

        (request,) = generation_requests(gateway)
        assert request.path == "/v1beta/models/gemini-2.5-flash:streamGenerateContent"
        assert request.query.get("alt") == "sse"
        assert request.headers["authorization"] == "Bearer test****"
        assert request.body["contents"] == [{"role": "user", "parts": [{"text": "Tell me something 有趣的"}]}]

        # The sidebar lists the conversation under a title made from the message.
        assert desk.conversations.rowCount() == 1
        assert "Tell me something" in desk.conversations.index(0).data()

    run_app(qloop, tmp_path, body, gateway)


def test_stop_ends_a_slow_reply_at_once_and_keeps_the_partial_text(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    # The next chunk is 5 s away: a Stop that waited for it is a gross failure, whatever the load.
    gateway.set_scenario(content.slow_chunks(5.0))

    async def body(desk: GeminiDesk) -> None:
        first_text = signal_future(desk.chat.text_received)
        finished = finished_future(desk)
        type_and_send(desk, "Please stop me")
        await await_future(first_text)
        await asyncio.sleep(0.05)
        pressed = time.monotonic()
        desk.window.composer.stop_button.click()
        conversation_id, reply_id, status = await await_future(finished, 4.0)
        assert time.monotonic() - pressed < 4.0, "Stop took as long as waiting for the next chunk"
        assert status == "stopped"

        reply = desk.store.get_message(reply_id)
        assert reply is not None and reply.status == "stopped"
        assert reply.text and content.SAMPLE_TEXT.startswith(reply.text)
        assert len(reply.text) < len(content.SAMPLE_TEXT)
        shown = transcript_text(desk)
        assert FIRST_WORDS in shown and LAST_WORDS not in shown
        assert "Stopped. The answer so far is kept." in shown
        assert desk.window.composer.send_button.isVisible()
        assert not desk.window.composer.stop_button.isVisible()
        assert not desk.chat.is_streaming(conversation_id)

    run_app(qloop, tmp_path, body, gateway)


def test_regenerate_adds_a_version_and_the_arrows_switch_between_them(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        conversation_id, first_reply, status = await send_and_wait(desk, "What is a haiku?")
        assert status == "complete"
        assert transcript_text(desk).count("You wrote") == 1
        assert not has_action_link(desk, "version-previous", first_reply)
        question = desk.store.list_messages(conversation_id)[0].id
        question_record = desk.window.transcript._regions.messages[question]

        finished = finished_future(desk)
        click_action(desk, "regenerate", first_reply)
        assert not [b for b in desk.window.findChildren(QMessageBox) if b.isVisible()], "nothing to confirm"
        _, second_reply, status = await await_future(finished)
        assert status == "complete"

        requests = generation_requests(gateway)
        assert len(requests) == 2
        # The old answer is not sent back as history: only the question is asked again.
        assert requests[1].body["contents"] == [{"role": "user", "parts": [{"text": "What is a haiku?"}]}]
        messages = desk.store.list_messages(conversation_id)
        assert [(m.role, m.status) for m in messages] == [("user", "complete"), ("model", "complete")]
        assert messages[1].id == second_reply != first_reply
        assert desk.store.get_message(first_reply) is not None, "the old answer was thrown away"
        shown = transcript_text(desk)
        assert shown.count("You wrote") == 1, "the old reply is still shown"
        assert "‹ 2 / 2 ›" in shown
        assert has_action_link(desk, "version-previous", second_reply)
        assert not has_action_link(desk, "version-next", second_reply)

        # ‹ shows the first answer again: only what is below the question is drawn again.
        click_action(desk, "version-previous", second_reply)
        assert "‹ 1 / 2 ›" in transcript_text(desk)
        assert desk.window.transcript.shown_ids() == [question, first_reply]
        assert desk.window.transcript._regions.messages[question] is question_record
        assert [m.id for m in desk.store.list_messages(conversation_id)] == [question, first_reply]
        # The conversation goes on from the version shown.
        await send_and_wait(desk, "and another?")
        contents = generation_requests(gateway)[-1].body["contents"]
        first_text = desk.store.get_message(first_reply).parts  # type: ignore[union-attr]
        assert contents[1] == {"role": "model", "parts": first_text}
        assert len(contents) == 3
        # The keyboard steps through the versions of the last answer with versions too.
        desk.window.shortcut_actions["next_version"].trigger()
        assert desk.window.transcript.shown_ids() == [question, second_reply]

    run_app(qloop, tmp_path, body, gateway)


def test_regenerate_on_a_streaming_reply_stops_it_and_asks_again(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario(content.slow_chunks(1.0))

    async def body(desk: GeminiDesk) -> None:
        started = signal_future(desk.chat.reply_started)
        first_text = signal_future(desk.chat.text_received)
        stopped = finished_future(desk)
        type_and_send(desk, "Please answer twice")
        conversation_id, first_reply = (await await_future(started))[:2]
        await await_future(first_text)
        # The reply still arriving offers Regenerate too, on its action bar (here reached by keys).
        transcript = desk.window.transcript
        transcript.setFocus(Qt.FocusReason.TabFocusReason)
        bar = transcript.message_focus.bar
        assert bar.message_id == first_reply and not bar.buttons["regenerate"].isHidden()
        gateway.set_scenario(None)  # the second answer comes at once
        bar.buttons["regenerate"].click()
        _, reply_id, status = await await_future(stopped, 2.0)
        assert (reply_id, status) == (first_reply, "stopped")
        finished = finished_future(desk)
        _, second_reply, status = await await_future(finished)
        assert status == "complete" and second_reply != first_reply
        messages = desk.store.list_messages(conversation_id)
        assert [(m.role, m.status) for m in messages] == [("user", "complete"), ("model", "complete")]
        assert len(generation_requests(gateway)) == 2

    run_app(qloop, tmp_path, body, gateway)


def test_edit_and_resend_adds_a_version_of_the_question_and_keeps_the_old_one(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        conversation_id, _, _ = await send_and_wait(desk, "first question")
        await send_and_wait(desk, "second question")
        old_path = [m.id for m in desk.store.list_messages(conversation_id)]
        first_user = desk.store.get_message(old_path[0])
        assert first_user is not None and len(old_path) == 4

        click_action(desk, "edit", first_user.id)
        assert desk.window.composer.text() == "first question"
        # Sending asks nothing: the old question and everything after it stay, as another version.
        finished = finished_future(desk)
        type_and_send(desk, "edited question")
        assert not [b for b in desk.window.findChildren(QMessageBox) if b.isVisible()], "nothing to confirm"
        _, _, status = await await_future(finished)
        assert status == "complete"

        messages = desk.store.list_messages(conversation_id)
        assert (messages[0].role, messages[0].text) == ("user", "edited question")
        assert len(messages) == 2
        assert messages[0].id != first_user.id
        last_request = generation_requests(gateway)[-1]
        assert last_request.body["contents"] == [{"role": "user", "parts": [{"text": "edited question"}]}]
        shown = transcript_text(desk)
        assert "edited question" in shown and "‹ 2 / 2 ›" in shown
        assert "first question" not in shown and "second question" not in shown
        assert desk.window.composer.text() == ""

        # The old version comes back whole, with its answers.
        click_action(desk, "version-previous", messages[0].id)
        assert desk.window.transcript.shown_ids() == old_path
        shown = transcript_text(desk)
        assert "first question" in shown and "second question" in shown and "edited question" not in shown

    run_app(qloop, tmp_path, body, gateway)


def test_a_blocked_question_is_not_sent_again_with_the_next_one(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.queue_scenarios(content.blocked_prompt())

    async def body(desk: GeminiDesk) -> None:
        conversation_id, blocked_reply, _ = await send_and_wait(desk, "a prompt the gateway blocks")
        assert desk.store.get_message(blocked_reply).parts == []  # type: ignore[union-attr]
        # Not "Ready.": the status line says what happened.
        assert desk.window.status_line.state_label.text() == "Message blocked by safety filters"
        _, _, status = await send_and_wait(desk, "what is 2+2?")
        assert status == "complete"
        contents = generation_requests(gateway)[-1].body["contents"]
        assert contents == [{"role": "user", "parts": [{"text": "what is 2+2?"}]}]
        # The blocked question stays in the conversation, with its notice.
        texts = [m.text for m in desk.store.list_messages(conversation_id) if m.role == "user"]
        assert texts == ["a prompt the gateway blocks", "what is 2+2?"]

    run_app(qloop, tmp_path, body, gateway)


def test_regenerating_an_earlier_answer_keeps_what_followed_it(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        conversation_id, first_reply, _ = await send_and_wait(desk, "question one")
        await send_and_wait(desk, "question two")
        old_path = [m.id for m in desk.store.list_messages(conversation_id)]

        finished = finished_future(desk)
        click_action(desk, "regenerate", first_reply)
        assert not [b for b in desk.window.findChildren(QMessageBox) if b.isVisible()], "nothing to confirm"
        _, new_reply, status = await await_future(finished)
        assert status == "complete"
        assert [m.id for m in desk.store.list_messages(conversation_id)] == [old_path[0], new_reply]
        assert desk.window.transcript.shown_ids() == [old_path[0], new_reply]
        assert "question two" not in transcript_text(desk)

        click_action(desk, "version-previous", new_reply)
        assert desk.window.transcript.shown_ids() == old_path
        assert "question two" in transcript_text(desk)

    run_app(qloop, tmp_path, body, gateway)


def test_the_status_line_describes_the_open_conversation(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        window, controller, status = desk.window, desk.window_controller, desk.window.status_line
        first, _, _ = await send_and_wait(desk, "a quick one")
        first_figures = status.figures_label.text()
        assert "first token" in first_figures

        gateway.set_scenario(content.slow_chunks(0.3))
        first_text = signal_future(desk.chat.text_received)
        finished = finished_future(desk)
        type_and_send(desk, "a long one")
        assert status.state_label.text() == "Waiting for Gemini 2.5 Flash…"
        await await_future(first_text)
        assert status.state_label.text() == "Gemini 2.5 Flash is answering…"

        # Another conversation: nothing about the stream next door, and no figures of someone else's reply.
        second = controller.actions.new_conversation()
        assert second is not None
        assert status.state_label.text() == "" and status.figures_label.text() == ""
        controller.open_conversation(first)
        assert status.state_label.text() == "Gemini 2.5 Flash is answering…"
        controller.open_conversation(second)
        await await_future(finished)
        assert status.state_label.text() == "", "the finished stream next door took over the status line"

        controller.open_conversation(first)
        assert "first token" in status.figures_label.text()
        window.sidebar.delete_requested.emit(first)
        assert status.figures_label.text() == ""

    run_app(qloop, tmp_path, body, gateway)
