"""The whole app chatting with the local gateway double: streaming, Stop, Regenerate, Edit, switching."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import qasync
from PySide6.QtWidgets import QMessageBox

from app.demo import content
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.async_support import signal_future
from tests.helpers.app_harness import (
    TIMEOUT,
    answer_discard_question,
    await_future,
    click_action,
    finished_future,
    generation_requests,
    has_action_link,
    run_app,
    send_and_wait,
    transcript_text,
    type_and_send,
    wait_until,
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


def test_regenerate_replaces_the_reply_with_a_new_answer(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        conversation_id, first_reply, status = await send_and_wait(desk, "What is a haiku?")
        assert status == "complete"
        assert transcript_text(desk).count("You wrote") == 1

        finished = finished_future(desk)
        click_action(desk, "regenerate", first_reply)
        _, second_reply, status = await await_future(finished)
        assert status == "complete"

        requests = generation_requests(gateway)
        assert len(requests) == 2
        # The old answer is not sent back as history: only the question is asked again.
        assert requests[1].body["contents"] == [{"role": "user", "parts": [{"text": "What is a haiku?"}]}]
        messages = desk.store.list_messages(conversation_id)
        assert [(m.role, m.status) for m in messages] == [("user", "complete"), ("model", "complete")]
        assert messages[1].id == second_reply != first_reply
        assert desk.store.get_message(first_reply) is None
        assert transcript_text(desk).count("You wrote") == 1, "the old reply is still shown"

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
        # The header's links are there while the reply streams (the header never changes when it ends).
        assert has_action_link(desk, "regenerate", first_reply)
        gateway.set_scenario(None)  # the second answer comes at once
        click_action(desk, "regenerate", first_reply)
        _, reply_id, status = await await_future(stopped, 2.0)
        assert (reply_id, status) == (first_reply, "stopped")
        finished = finished_future(desk)
        _, second_reply, status = await await_future(finished)
        assert status == "complete" and second_reply != first_reply
        messages = desk.store.list_messages(conversation_id)
        assert [(m.role, m.status) for m in messages] == [("user", "complete"), ("model", "complete")]
        assert len(generation_requests(gateway)) == 2

    run_app(qloop, tmp_path, body, gateway)


def test_edit_and_resend_replaces_the_question_and_everything_after_it(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        conversation_id, _, _ = await send_and_wait(desk, "first question")
        await send_and_wait(desk, "second question")
        first_user = desk.store.list_messages(conversation_id)[0]
        assert len(desk.store.list_messages(conversation_id)) == 4

        click_action(desk, "edit", first_user.id)
        assert desk.window.composer.text() == "first question"
        # Sending asks first: the second question and its answer would be deleted. Cancel changes nothing.
        finished = finished_future(desk)
        type_and_send(desk, "edited question")
        question = answer_discard_question(desk, proceed=False)
        assert "deletes everything after its answer. Messages that would be deleted: 2." in question
        assert len(desk.store.list_messages(conversation_id)) == 4
        assert desk.window.composer.text() == "edited question"
        desk.window.composer.send_button.click()
        answer_discard_question(desk, proceed=True)
        _, _, status = await await_future(finished)
        assert status == "complete"

        messages = desk.store.list_messages(conversation_id)
        assert (messages[0].role, messages[0].text) == ("user", "edited question")
        assert len(messages) == 2, "the later messages were not replaced"
        assert messages[0].id == first_user.id
        last_request = generation_requests(gateway)[-1]
        assert last_request.body["contents"] == [{"role": "user", "parts": [{"text": "edited question"}]}]
        shown = transcript_text(desk)
        assert "edited question" in shown
        assert "first question" not in shown and "second question" not in shown
        assert desk.window.composer.text() == ""

    run_app(qloop, tmp_path, body, gateway)


def test_a_reply_keeps_streaming_in_the_background_and_drafts_stay_per_conversation(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario(content.slow_chunks(0.3))

    async def body(desk: GeminiDesk) -> None:
        window, controller = desk.window, desk.window_controller
        first_text = signal_future(desk.chat.text_received)
        finished = finished_future(desk)
        type_and_send(desk, "long story please")
        first = controller.current_conversation
        assert first is not None
        await await_future(first_text)
        window.composer.set_text("draft for the first")

        window.sidebar.new_button.click()
        second = controller.current_conversation
        assert second is not None and second != first
        assert window.composer.text() == ""
        assert "long story please" not in transcript_text(desk)
        assert window.composer.send_button.isVisible(), "the new conversation looks busy"
        window.composer.set_text("draft for the second")

        # Back to the first while it still streams: the partial reply is shown and keeps growing.
        await asyncio.sleep(0.3)
        assert desk.chat.is_streaming(first)
        window.sidebar.list_view.setCurrentIndex(desk.conversations.index(desk.conversations.row_of(first)))
        assert controller.current_conversation == first
        assert window.composer.text() == "draft for the first"
        assert window.composer.stop_button.isVisible()
        assert FIRST_WORDS in transcript_text(desk)

        # Away again; the reply finishes while another conversation is open.
        window.sidebar.list_view.setCurrentIndex(desk.conversations.index(desk.conversations.row_of(second)))
        assert window.composer.text() == "draft for the second"
        conversation_id, reply_id, status = await await_future(finished)
        assert (conversation_id, status) == (first, "complete")
        assert LAST_WORDS not in transcript_text(desk)

        controller.open_conversation(first)
        shown = transcript_text(desk)
        assert shown.count(LAST_WORDS) == 1
        assert shown.count(FIRST_WORDS) == 1
        assert window.composer.send_button.isVisible()
        assert desk.store.get_message(reply_id).text == content.SAMPLE_TEXT  # type: ignore[union-attr]
        assert window.composer.text() == "draft for the first"

    run_app(qloop, tmp_path, body, gateway)


def test_drafts_survive_a_restart(qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble) -> None:
    async def write_draft(desk: GeminiDesk) -> None:
        await send_and_wait(desk, "hello")
        desk.window.composer.set_text("unsent thought")

    async def read_draft(desk: GeminiDesk) -> None:
        await wait_until(
            lambda: desk.window_controller.current_conversation is not None, TIMEOUT, "the last conversation"
        )
        assert desk.window.composer.text() == "unsent thought"
        assert "hello" in transcript_text(desk)

    run_app(qloop, tmp_path, write_draft, gateway)
    run_app(qloop, tmp_path, read_draft, gateway)


def test_thought_summaries_stay_above_the_answer_after_the_transcript_is_redrawn(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario("thoughts")

    async def body(desk: GeminiDesk) -> None:
        await send_and_wait(desk, "Think first")
        conversation = desk.window_controller.current_conversation
        assert conversation is not None
        reply = desk.store.list_messages(conversation)[-1]
        thoughts = "".join(p["text"] for p in reply.parts if p.get("thought"))
        assert thoughts and thoughts not in reply.text
        # Leave and come back: the transcript is rebuilt from the store.
        other = desk.window_controller.actions.new_conversation()
        desk.window_controller.open_conversation(conversation)
        assert other != conversation
        text = transcript_text(desk)
        assert "Thinking" in text
        assert text.index("Thinking") < text.index("After thinking it over")

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


def test_regenerating_an_earlier_answer_asks_before_deleting_what_follows(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        conversation_id, first_reply, _ = await send_and_wait(desk, "question one")
        await send_and_wait(desk, "question two")
        requests = len(generation_requests(gateway))

        click_action(desk, "regenerate", first_reply)
        question = answer_discard_question(desk, proceed=False)
        assert "deletes everything after it. Messages that would be deleted: 2." in question
        assert len(desk.store.list_messages(conversation_id)) == 4
        assert len(generation_requests(gateway)) == requests

        finished = finished_future(desk)
        click_action(desk, "regenerate", first_reply)
        answer_discard_question(desk, proceed=True)
        _, _, status = await await_future(finished)
        assert status == "complete"
        assert [m.text for m in desk.store.list_messages(conversation_id) if m.role == "user"] == [
            "question one"
        ]

        # The last answer has nothing after it: no question.
        finished = finished_future(desk)
        click_action(desk, "regenerate", desk.store.list_messages(conversation_id)[-1].id)
        assert not [b for b in desk.window.findChildren(QMessageBox) if b.isVisible()]
        await await_future(finished)

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
        assert status.state_label.text() == "Waiting for gemini-2.5-flash…"
        await await_future(first_text)
        assert status.state_label.text() == "gemini-2.5-flash is answering…"

        # Another conversation: nothing about the stream next door, and no figures of someone else's reply.
        second = controller.actions.new_conversation()
        assert second is not None
        assert status.state_label.text() == "" and status.figures_label.text() == ""
        controller.open_conversation(first)
        assert status.state_label.text() == "gemini-2.5-flash is answering…"
        controller.open_conversation(second)
        await await_future(finished)
        assert status.state_label.text() == "", "the finished stream next door took over the status line"

        controller.open_conversation(first)
        assert "first token" in status.figures_label.text()
        window.sidebar.delete_requested.emit(first)
        assert status.figures_label.text() == ""

    run_app(qloop, tmp_path, body, gateway)
