"""What the status line and the live reply say: fresh figures, an honest "Stopped", retries, errors."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.demo import content
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.async_support import signal_future
from tests.helpers.app_harness import (
    await_future,
    finished_future,
    run_app,
    send_and_wait,
    transcript_text,
    type_and_send,
    wait_until,
)
from tests.helpers.setup_steps import box_button, open_settings, shown_box


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_new_answer_does_not_show_the_previous_answers_figures(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        figures = desk.window.status_line.figures_label
        await send_and_wait(desk, "first")
        assert figures.text(), "the first answer showed no figures"
        gateway.set_scenario("drip")
        started = signal_future(desk.chat.reply_started)
        type_and_send(desk, "second")
        await await_future(started)
        assert figures.text() == "", "the previous answer's figures stay while the new one streams"
        ended = finished_future(desk)
        desk.window.composer.stop_button.click()
        await await_future(ended)

    run_app(qloop, tmp_path, body, gateway)


def test_stopped_says_the_answer_is_kept_only_when_something_had_arrived(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        gateway.set_scenario("drip")  # nothing arrives for seconds
        started = signal_future(desk.chat.reply_started)
        type_and_send(desk, "stop at once")
        await await_future(started)
        ended = finished_future(desk)
        desk.window.composer.stop_button.click()
        assert (await await_future(ended))[2] == "stopped"
        shown = transcript_text(desk)
        assert "Stopped before any answer arrived." in shown
        assert "The answer so far is kept" not in shown

        gateway.set_scenario(content.slow_chunks(1.0))
        text = signal_future(desk.chat.text_received)
        type_and_send(desk, "stop after the first words")
        await await_future(text)
        ended = finished_future(desk)
        desk.window.composer.stop_button.click()
        await await_future(ended)
        assert "Stopped. The answer so far is kept." in transcript_text(desk)

    run_app(qloop, tmp_path, body, gateway)


def test_an_automatic_retry_says_retrying_not_thinking(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.queue_scenarios("500-google")  # the first attempt fails; the retry is answered
    seen: list[str] = []

    async def body(desk: GeminiDesk) -> None:
        # Connected after the app's own slots: sees what they have just shown.
        desk.chat.retrying.connect(lambda *_: seen.append(transcript_text(desk)))
        _, _, status = await send_and_wait(desk, "hello")
        assert status == "complete"

    run_app(qloop, tmp_path, body, gateway)
    assert seen, "the client never retried"
    assert "Retrying (1)…" in seen[0] and "Thinking…" not in seen[0]


def test_an_unreachable_proxy_is_reported_as_the_proxy_being_unreachable(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    proxy = f"http://127.0.0.1:{_closed_port()}"

    async def body(desk: GeminiDesk) -> None:
        # The gateway double speaks plain http through a proxy: agree to it, as a user would.
        box = await shown_box(desk, "plainHttpWarning")
        box_button(box, "sendUnencryptedButton").click()
        await wait_until(lambda: desk.clients.get() is not None, what="the client")
        _, _, status = await send_and_wait(desk, "hello", timeout=30)
        assert status == "error"
        shown = transcript_text(desk)
        assert "The proxy could not be reached" in shown
        assert "could not connect to the gateway" not in shown

    run_app(qloop, tmp_path, body, gateway, settings={"proxy_mode": "url", "proxy_url": proxy})


def test_a_wrong_key_tested_in_settings_is_not_told_to_check_settings(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        dialog = open_settings(desk)
        dialog.key_field.set_key("sk-wrong-key-4444444")
        QTest.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        result = dialog.result_label
        await wait_until(lambda: result.isVisible() and "rejected" in result.text(), what="the test result")
        assert "Check the API key entered here" in result.text()
        assert "in Settings" not in result.text()
        dialog.reject()

    run_app(qloop, tmp_path, body, gateway)


def test_in_english_a_gateways_chinese_message_is_quoted_under_an_english_explanation(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario("401-zh")

    async def body(desk: GeminiDesk) -> None:
        _, _, status = await send_and_wait(desk, "hello")
        assert status == "error"
        lines = transcript_text(desk).splitlines()
        title = next(i for i, line in enumerate(lines) if "The API key was rejected" in line)
        quoted = next(i for i, line in enumerate(lines) if "无效的令牌" in line)
        assert quoted > title  # our explanation first, in English
        assert lines[quoted].strip().startswith('Gateway message: "')  # then the gateway's words, quoted
        assert not any("无效的令牌" in line for line in lines[: title + 1])
        await asyncio.sleep(0)

    run_app(qloop, tmp_path, body, gateway)
