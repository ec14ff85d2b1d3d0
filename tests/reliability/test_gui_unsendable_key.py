"""A key that cannot be sent (an invisible character pasted with it) fails the reply clearly, sends nothing,
and Retry works once the key is pasted again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import qasync

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import (
    await_future,
    click_action,
    finished_future,
    generation_requests,
    has_action_link,
    run_app,
    send_and_wait,
    transcript_text,
    wait_until,
)
from tests.helpers.gui_checks import assert_idle

# Copied from a web page: a zero-width space came along.
PASTED_KEY = "test-key\u200b"


def test_a_key_with_an_invisible_character_fails_the_reply_clearly_and_retry_works_once_fixed(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    loop_errors: list[dict[str, Any]] = []
    qloop.set_exception_handler(lambda _loop, context: loop_errors.append(context))

    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        await wait_until(lambda: window.pages.currentWidget() is window.welcome, what="the welcome page")
        window.welcome.key_field.set_key(PASTED_KEY)
        window.welcome.session_button.click()
        await wait_until(lambda: window.pages.currentWidget() is window.chat_page, what="the chat page")

        conversation_id, reply_id, status = await send_and_wait(desk, "hello")
        assert status == "error"
        reply = desk.store.get_message(reply_id)
        assert reply is not None and reply.status == "error", "the reply was left unfinished"
        shown = transcript_text(desk)
        assert "The API key contains a character that cannot be sent" in shown
        assert "invisible or non-ASCII character, often from copying. Paste the key again" in shown
        assert desk.window.status_line.state_label.text() == "The request failed."
        assert has_action_link(desk, "retry", reply_id)
        assert generation_requests(gateway) == [], "a request went out with the broken key"
        assert_idle(desk, conversation_id)

        desk.keys.keep_for_session("test-key")  # pasted again, cleanly
        finished = finished_future(desk)
        click_action(desk, "retry", reply_id)
        _, new_reply, status = await await_future(finished)
        assert status == "complete"
        assert "cannot be sent" not in transcript_text(desk)
        messages = desk.store.list_messages(conversation_id)
        assert [(m.role, m.status) for m in messages] == [("user", "complete"), ("model", "complete")]
        assert messages[1].id == new_reply
        assert len(generation_requests(gateway)) == 1
        assert_idle(desk, conversation_id)

    run_app(qloop, tmp_path, body, environ={}, settings={"base_url": gateway.base_url})
    assert [context.get("message") for context in loop_errors] == []
