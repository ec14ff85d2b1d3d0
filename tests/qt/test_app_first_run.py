"""The first start: no key shows the welcome page promptly; the demo works without any key."""

from __future__ import annotations

import time
from pathlib import Path

import qasync
from PySide6.QtWidgets import QApplication

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import run_app, send_and_wait, transcript_text, wait_until

BANNER_TEXT = "Demo gateway — scripted answer."


def test_without_a_key_the_welcome_page_shows_within_seconds(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    """No key in the environment and (in CI) no usable keyring: the app must not hang on the keyring."""
    started = time.monotonic()

    async def body(desk: GeminiDesk) -> None:
        # Gross failure only: waiting for the keyring would take its 10 s timeout.
        assert time.monotonic() - started < 9.0, "starting without a key took too long"
        window = desk.window
        assert window.pages.currentWidget() is window.welcome
        assert window.welcome.isVisible()
        assert not window.sidebar.isEnabled()
        assert gateway.requests == [], "something was sent without a key"

    # The base URL points at the local double so that nothing can reach the real network.
    run_app(qloop, tmp_path, body, environ={}, settings={"base_url": gateway.base_url})


def test_try_the_demo_switches_to_a_chat_with_scripted_answers(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        await wait_until(lambda: window.pages.currentWidget() is window.welcome, 5.0, "the welcome page")
        demo_button = window.welcome.findChild(type(window.welcome.demo_button), "tryDemoButton")
        assert demo_button is not None
        demo_button.click()
        await wait_until(lambda: window.pages.currentWidget() is window.chat_page, 5.0, "the chat page")
        assert window.sidebar.isEnabled()
        assert "demo" in window.windowTitle().lower()

        _, reply_id, status = await send_and_wait(desk, "Hello demo, 你好")
        assert status == "complete"
        shown = transcript_text(desk)
        assert BANNER_TEXT in shown
        assert "Hello demo, 你好" in shown
        assert "这是演示网关的脚本回答" in shown  # a CJK prompt gets a Chinese paragraph
        reply = desk.store.get_message(reply_id)
        assert reply is not None and reply.status == "complete"
        assert gateway.requests == [], "the demo talked to the configured gateway"

    run_app(qloop, tmp_path, body, environ={}, settings={"base_url": gateway.base_url})


def test_demo_flag_starts_straight_in_the_chat(qloop: qasync.QEventLoop, tmp_path: Path) -> None:
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        assert window.pages.currentWidget() is window.chat_page
        _, _, status = await send_and_wait(desk, "/help")
        assert status == "complete"
        assert "Demo commands" in transcript_text(desk)

    run_app(qloop, tmp_path, body, demo=True, environ={})


def test_the_window_opens_ready_to_type_with_the_model_that_will_answer(
    qloop: qasync.QEventLoop, tmp_path: Path
) -> None:
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        await wait_until(lambda: QApplication.focusWidget() is not None, 5.0, "a focused widget")
        assert QApplication.focusWidget() is window.composer.editor
        assert window.model_picker.current_model() == desk.settings.default_model

    run_app(qloop, tmp_path, body, demo=True, environ={})
