"""Changing the gateway in Settings takes effect at once; leaving the demo is one step with one message."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import qasync
from keyring.backend import KeyringBackend
from keyring.backends import fail
from PySide6.QtWidgets import QMessageBox

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import generation_requests, in_use, run_app, send_and_wait, wait_until
from tests.helpers.keyrings import MemoryKeyring
from tests.helpers.setup_steps import (
    box_button,
    open_settings,
    shown_box,
    start_with_session_key,
    use_keyring,
)

SECOND_KEY = "sk-second-gateway-333333"


class SlowKeyring(MemoryKeyring):
    """A working keyring that takes a while to store (an unlock prompt, a busy Secret Service)."""

    def set_password(self, service: str, username: str, password: str) -> None:
        time.sleep(1.0)  # on the keyring's worker thread, never the GUI thread
        super().set_password(service, username, password)


@pytest.fixture
def slow_keyring() -> Iterator[SlowKeyring]:
    with use_keyring(SlowKeyring()) as backend:
        assert isinstance(backend, SlowKeyring)
        yield backend


@pytest.fixture
def no_keyring() -> Iterator[KeyringBackend]:
    with use_keyring(fail.Keyring()) as backend:
        yield backend


@pytest.fixture
def second_gateway() -> Iterator[GatewayDouble]:
    with GatewayDouble(SECOND_KEY) as double:
        yield double


def test_a_prompt_sent_right_after_changing_the_gateway_goes_to_the_new_gateway(
    qloop: qasync.QEventLoop,
    tmp_path: Path,
    slow_keyring: SlowKeyring,
    gateway: GatewayDouble,
    second_gateway: GatewayDouble,
) -> None:
    async def body(desk: GeminiDesk) -> None:
        await start_with_session_key(desk, "test-key")
        dialog = open_settings(desk)
        dialog.base_url_edit.setText(second_gateway.base_url)
        dialog.key_field.set_key(SECOND_KEY)
        dialog.accept()
        # At once, while the keyring is still storing the new key.
        _, _, status = await send_and_wait(desk, "Hello, new gateway")
        assert status == "complete"
        assert len(generation_requests(second_gateway)) == 1, "the prompt did not go to the new gateway"
        assert generation_requests(gateway) == [], "the prompt went to the old gateway"
        await wait_until(lambda: slow_keyring.stored(second_gateway.base_url) == SECOND_KEY, what="storing")
        assert in_use(desk) == second_gateway.base_url

    run_app(qloop, tmp_path, body, environ={}, settings={"base_url": gateway.base_url})


def test_leaving_the_demo_through_settings_is_one_step_with_one_message(
    qloop: qasync.QEventLoop, tmp_path: Path, no_keyring: KeyringBackend, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        window, welcome = desk.window, desk.window.welcome
        await wait_until(lambda: window.pages.currentWidget() is welcome, what="the welcome page")
        # A failed connection test first leaves a red error on the welcome page.
        welcome.key_field.set_key("sk-nothing-listens-here")
        welcome.connection_test.button.click()
        result = welcome.connection_test.result_label
        await wait_until(lambda: result.isVisibleTo(welcome) and result.text(), what="the test's error")
        welcome.demo_button.click()
        await wait_until(lambda: window.pages.currentWidget() is window.chat_page, what="the demo chat")

        dialog = open_settings(desk)
        dialog.base_url_edit.setText(gateway.base_url)
        dialog.key_field.set_key("test-key")
        dialog.accept()
        # The keyring cannot store it: one question, which says the demo has ended, over the chat page.
        box = await shown_box(desk, "keySaveFailed")
        assert [b for b in window.findChildren(QMessageBox) if b.isVisible()] == [box]
        assert "demo has ended" in box.text() and gateway.base_url in box.text()
        assert window.pages.currentWidget() is window.chat_page, "the welcome page came up under the question"
        assert in_use(desk) == gateway.base_url
        box_button(box, "sessionOnlyButton").click()
        await wait_until(lambda: not box.isVisible(), what="the question to close")
        assert window.pages.currentWidget() is window.chat_page
        assert not result.isVisibleTo(welcome), "the welcome page still shows the old error"
        assert welcome.base_url_edit.text() == gateway.base_url
        _, _, status = await send_and_wait(desk, "Hello, real gateway")
        assert status == "complete" and len(generation_requests(gateway)) == 1
        assert window.status_line.state_label.text().startswith("Ready")

    run_app(qloop, tmp_path, body, environ={}, settings={"base_url": "http://127.0.0.1:9"})
