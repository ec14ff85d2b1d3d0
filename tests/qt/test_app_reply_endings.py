"""How a reply ends when it never streamed, or was cancelled by something other than Stop.

A row left ``streaming`` looks like an answer still arriving; a quit is not the user's Stop; the first-token
figure of the side-by-side answers counts from the request, not from the tool server's start before it.
"""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path

import qasync
from PySide6.QtWidgets import QLabel

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.async_support import signal_future
from tests.helpers.app_harness import await_future, run_app, type_and_send, wait_until
from tests.helpers.mcp_servers import stdio_command

WAIT = 60.0  # a tool server is a new Python process: generous on a loaded machine


def _slow_server(seconds: float) -> dict[str, object]:
    command, args = stdio_command(f"--slow-start={seconds}")
    return {"servers": [{"name": "slow", "command": command, "args": list(args)}]}


def _finished(desk: GeminiDesk) -> list[tuple[int, str]]:
    finished: list[tuple[int, str]] = []
    desk.chat.reply_finished.connect(lambda _c, message_id, status: finished.append((message_id, status)))
    return finished


def test_quitting_while_the_tool_server_starts_ends_the_reply_as_interrupted_not_as_a_stop(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        finished = _finished(desk)
        type_and_send(desk, "Hello")
        conversation = desk.window_controller.current_conversation
        assert conversation is not None
        [reply_id] = desk.chat.live_models(conversation)
        await asyncio.sleep(2.0)  # the reply waits for the tool server, which takes 30 s to answer
        assert desk.chat.is_streaming(conversation)
        await desk.chat.shutdown()  # what quitting does first
        assert finished == [(reply_id, "interrupted")]
        stored = desk.store.get_message(reply_id)
        assert stored is not None and stored.status == "interrupted"
        assert not [r for r in gateway.requests if r.path.endswith(":streamGenerateContent")]

    run_app(qloop, tmp_path, body, gateway, settings={"tools": _slow_server(30)}, timeout=120)


def test_stop_at_once_after_send_ends_the_reply_and_the_conversation_stops_streaming(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    # Stop before the reply's task took its first step: that task never runs its own clean-up.
    async def body(desk: GeminiDesk) -> None:
        finished = _finished(desk)
        type_and_send(desk, "Hello")
        conversation = desk.window_controller.current_conversation
        assert conversation is not None and desk.chat.is_streaming(conversation)
        [reply_id] = desk.chat.live_models(conversation)
        desk.chat.stop(conversation)
        await wait_until(lambda: not desk.chat.is_streaming(conversation), 10, "the stream to end")
        assert finished == [(reply_id, "stopped")]
        stored = desk.store.get_message(reply_id)
        assert stored is not None and stored.status == "stopped"
        assert not desk.window.composer.stop_button.isVisible()

    run_app(qloop, tmp_path, body, gateway)


def test_the_first_token_of_several_models_counts_from_the_request_not_from_the_tool_server_start(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    delay = 5.0  # the tool server's start, before any request is sent

    async def body(desk: GeminiDesk) -> None:
        desk.window_controller.parallel.set_models(["gemini-2.5-flash", "gemini-2.5-pro"])
        finished = _finished(desk)
        started = signal_future(desk.chat.several_started)
        sent = time.monotonic()
        type_and_send(desk, "Which colour is the sky?")
        _conversation, replies = await await_future(started)
        await wait_until(lambda: len(finished) == 2, WAIT, "both answers")
        requests = [r for r in gateway.requests if r.path.endswith(":streamGenerateContent")]
        assert len(requests) == 2 and all(r.received_at - sent >= delay - 0.5 for r in requests)
        for message_id in replies:
            column = desk.window.parallel_replies.column(message_id)
            assert column is not None
            label = column.findChild(QLabel, "parallelReplyFigures")
            assert label is not None
            figures = label.text()
            match = re.search(r"first token ([\d.]+) s", figures)
            assert match is not None, figures
            # Gross bound: without the server's start the figure is the gateway's (a local double).
            assert float(match.group(1)) < delay - 1.0, figures

    run_app(qloop, tmp_path, body, gateway, settings={"tools": _slow_server(delay)}, timeout=120)


def test_a_cancellation_from_elsewhere_while_asking_about_a_call_is_no_stop(
    qloop: qasync.QEventLoop, tmp_path: Path
) -> None:
    # The approval's answer is cancelled by something other than the user's Stop: the reply is cut off, not
    # "stopped", and the call still gets its answer in the history.
    async def body(desk: GeminiDesk) -> None:
        finished = _finished(desk)
        card = desk.window.tool_approval
        type_and_send(desk, "/tools")
        await wait_until(card.isVisible, WAIT, "the approval card")
        conversation = desk.window_controller.current_conversation
        assert conversation is not None
        answer = desk.tool_controller._answer
        assert answer is not None
        answer.cancel()
        await wait_until(lambda: not desk.chat.is_streaming(conversation), WAIT, "the reply to end")
        [(turn, first), (ended, status)] = finished
        assert (first, ended, status) == ("complete", turn, "interrupted")
        assert not card.isVisible()
        last = desk.store.list_messages(conversation)[-1]
        assert last.role == "user" and "functionResponse" in last.parts[0]

    run_app(qloop, tmp_path, body, demo=True, timeout=180)
