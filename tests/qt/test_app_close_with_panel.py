"""Closing the window while the conversation settings panel is open ends cleanly (no closed store)."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import TIMEOUT, start_desk, stop_desk


@pytest.mark.parametrize("with_conversation", [False, True], ids=["started-for-the-panel", "open"])
def test_closing_the_window_with_the_conversation_settings_open_logs_no_store_error(
    qloop: qasync.QEventLoop,
    tmp_path: Path,
    gateway: GatewayDouble,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
    with_conversation: bool,
) -> None:
    caplog.set_level(logging.WARNING)

    async def scenario() -> None:
        desk: GeminiDesk = await start_desk(tmp_path, gateway)
        if with_conversation:
            desk.window_controller.actions.new_conversation()
        desk.window.conversation_settings_button.click()
        dialog = desk.conversation_settings.dialog
        assert dialog is not None and dialog.isVisible()
        desk.window.close()  # the title bar's close button: the app shuts down from here
        await asyncio.wait_for(desk.wait_closed(), TIMEOUT)
        await stop_desk(desk)

    qloop.run_until_complete(scenario())
    QApplication.processEvents()  # what closing posted (the panel's own close among it)
    logged = caplog.text + capfd.readouterr().err
    assert "closed database" not in logged and "StoreError" not in logged, logged
