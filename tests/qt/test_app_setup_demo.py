"""Leaving the demo: "Try the demo" first, then the user's own gateway and key entered in Settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import qasync
from PySide6.QtWidgets import QComboBox

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import (
    generation_requests,
    in_use,
    run_app,
    send_and_wait,
    transcript_text,
    wait_until,
)
from tests.helpers.keyrings import MemoryKeyring
from tests.helpers.setup_steps import open_settings, use_keyring

DEMO_BANNER = "Demo gateway — scripted answer."


@pytest.fixture
def keyring_backend() -> Iterator[MemoryKeyring]:
    """A working keyring, empty at first (never the machine's own)."""
    backend = MemoryKeyring()
    with use_keyring(backend):
        yield backend


def test_settings_with_a_gateway_and_key_leave_the_demo_and_settings_without_a_key_do_not(
    qloop: qasync.QEventLoop, tmp_path: Path, keyring_backend: MemoryKeyring, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        await wait_until(lambda: window.pages.currentWidget() is window.welcome, what="the welcome page")
        window.welcome.demo_button.click()
        await wait_until(lambda: window.pages.currentWidget() is window.chat_page, what="the demo chat")
        assert desk.demo is not None
        folder = desk.paths.data_dir  # the user's own: "Try the demo" on the welcome page keeps it

        # Settings say that the demo answers, and how to leave it.
        dialog = open_settings(desk)
        notice = dialog.demo_notice
        assert notice.isVisibleTo(dialog)
        assert desk.demo.base_url in notice.text() and "leave the demo" in notice.text()
        # OK without a key changes the other settings and keeps the demo.
        theme = dialog.findChild(QComboBox, "themeCombo")
        assert theme is not None
        theme.setCurrentIndex(theme.findData("dark"))
        dialog.accept()
        assert desk.setup.settings.theme == "dark"
        assert "demo" in window.windowTitle().lower()
        _, _, status = await send_and_wait(desk, "still the demo?")
        assert status == "complete" and DEMO_BANNER in transcript_text(desk)

        # The user's own gateway and key: OK leaves the demo.
        dialog = open_settings(desk)
        dialog.base_url_edit.setText(gateway.base_url)
        dialog.key_field.set_key("test-key")
        dialog.accept()
        await wait_until(
            lambda: keyring_backend.stored(gateway.base_url) == "test-key", what="storing the key"
        )
        # The keyring thread has written the key; the app switches once it hears back on the GUI thread.
        await wait_until(lambda: in_use(desk) == gateway.base_url, what="the real gateway in use")
        assert window.windowTitle() == "Gemini Desk"
        assert desk.paths.data_dir == folder and not desk.paths.demo_scratch
        status_text = window.status_line.state_label.text()
        assert status_text.startswith("The demo has ended") and gateway.base_url in status_text
        before = len(generation_requests(gateway))
        _, _, status = await send_and_wait(desk, "Hello, real gateway")
        assert status == "complete"
        assert len(generation_requests(gateway)) == before + 1, "the prompt did not reach the real gateway"

        # Settings opened now show the real gateway, not the demo notice.
        dialog = open_settings(desk)
        assert not dialog.demo_notice.isVisibleTo(dialog)
        assert dialog.key_field.key() == "test-key"
        dialog.reject()

    run_app(qloop, tmp_path, body, environ={}, settings={"base_url": "http://127.0.0.1:9"})
