"""Failures seen through the running app: the gateway's words and advice inline, partial text kept, Retry."""

from __future__ import annotations

from pathlib import Path

import qasync

from app.demo import failures
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.qt.app_harness import (
    await_future,
    click_action,
    finished_future,
    generation_requests,
    has_action_link,
    run_app,
    send_and_wait,
    transcript_text,
)

PARTIAL_START = "This answer starts normally"


def _assert_idle(desk: GeminiDesk, conversation_id: int) -> None:
    """Nothing keeps spinning: the composer offers Send again and no stream is left running."""
    composer = desk.window.composer
    assert not desk.chat.is_streaming(conversation_id)
    assert composer.send_button.isVisible()
    assert not composer.stop_button.isVisible()
    assert "Waiting for" not in desk.window.status_line.state_label.text()


def test_a_rejected_key_shows_the_gateway_message_and_retry_works_once_fixed(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario("401-zh")

    async def body(desk: GeminiDesk) -> None:
        conversation_id, reply_id, status = await send_and_wait(desk, "hello")
        assert status == "error"
        shown = transcript_text(desk)
        assert "无效的令牌" in shown
        assert "Check the API key in Settings" in shown
        assert has_action_link(desk, "retry", reply_id)
        reply = desk.store.get_message(reply_id)
        assert reply is not None and reply.status == "error"
        assert reply.error is not None and reply.error["status"] == 401
        assert len(generation_requests(gateway)) == 1, "a rejected key was retried"
        assert desk.window.status_line.state_label.text() == "The request failed."
        _assert_idle(desk, conversation_id)

        gateway.set_scenario(None)
        finished = finished_future(desk)
        click_action(desk, "retry", reply_id)
        _, new_reply, status = await await_future(finished)
        assert status == "complete"
        shown = transcript_text(desk)
        assert "无效的令牌" not in shown, "the old error is still shown after a successful retry"
        assert "You wrote" in shown
        messages = desk.store.list_messages(conversation_id)
        assert [(m.role, m.status) for m in messages] == [("user", "complete"), ("model", "complete")]
        assert messages[1].id == new_reply
        _assert_idle(desk, conversation_id)

    run_app(qloop, tmp_path, body, gateway)


def test_a_model_the_key_may_not_use_says_what_to_do(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario("503-model-not-found")

    async def body(desk: GeminiDesk) -> None:
        conversation_id, reply_id, status = await send_and_wait(desk, "hello")
        assert status == "error"
        shown = transcript_text(desk)
        assert "The gateway has no channel for this model in your key's group" in shown
        assert "Pick a model your key's group has (refresh the model list)" in shown
        assert "无可用渠道" in shown
        assert has_action_link(desk, "retry", reply_id)
        _assert_idle(desk, conversation_id)

    run_app(qloop, tmp_path, body, gateway)


def test_an_error_in_the_middle_keeps_the_partial_answer_above_the_error(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario("midstream-error-event")

    async def body(desk: GeminiDesk) -> None:
        conversation_id, reply_id, status = await send_and_wait(desk, "hello")
        assert status == "error"
        reply = desk.store.get_message(reply_id)
        assert reply is not None and reply.status == "error"
        assert reply.text and failures.INTERRUPTED_TEXT.startswith(reply.text)
        assert len(reply.text) < len(failures.INTERRUPTED_TEXT)
        shown = transcript_text(desk)
        assert PARTIAL_START in shown
        assert "The model is overloaded" in shown
        assert shown.index(PARTIAL_START) < shown.index("The gateway reported an error while answering")
        assert has_action_link(desk, "retry", reply_id)
        _assert_idle(desk, conversation_id)

    run_app(qloop, tmp_path, body, gateway)


def test_a_cut_connection_keeps_the_partial_answer_with_a_notice(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario("cut-connection")

    async def body(desk: GeminiDesk) -> None:
        conversation_id, reply_id, status = await send_and_wait(desk, "hello")
        assert status in ("interrupted", "error")
        reply = desk.store.get_message(reply_id)
        assert reply is not None and reply.status == status
        assert reply.text and failures.INTERRUPTED_TEXT.startswith(reply.text)
        shown = transcript_text(desk)
        assert PARTIAL_START in shown
        assert "The connection was cut" in shown or "cut off" in shown
        assert shown.index(PARTIAL_START) < max(shown.find("The connection was cut"), shown.find("cut off"))
        assert has_action_link(desk, "retry", reply_id) or has_action_link(desk, "regenerate", reply_id)
        _assert_idle(desk, conversation_id)

    run_app(qloop, tmp_path, body, gateway)


def test_errors_are_still_shown_after_a_restart(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario("401-zh")

    async def fail(desk: GeminiDesk) -> None:
        _, _, status = await send_and_wait(desk, "hello")
        assert status == "error"

    async def reopen(desk: GeminiDesk) -> None:
        shown = transcript_text(desk)
        assert "无效的令牌" in shown
        assert "Retry" in shown

    run_app(qloop, tmp_path, fail, gateway)
    run_app(qloop, tmp_path, reopen, gateway)
