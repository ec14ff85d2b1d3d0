"""Enter in the message box while a tool call waits says where the answer is awaited; Alt+A answers it."""

from __future__ import annotations

from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import run_app, transcript_text, type_and_send, wait_until
from tests.helpers.tool_calls import add_call_settings

WAIT = 60.0  # a new Python process starts the server: generous on a loaded machine


def test_enter_while_a_call_waits_points_at_the_card_and_alt_a_allows_it(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    settings = add_call_settings(gateway)

    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        approval = window.tool_approval
        type_and_send(desk, "Add two and three")
        await wait_until(approval.isVisible, WAIT, "the approval card")
        editor = window.composer.editor
        editor.setFocus()
        editor.setPlainText("next question")
        QTest.keyClick(editor, Qt.Key.Key_Return)
        status = window.status_line.state_label.text()
        assert "waiting for your answer" in status and "Alt+A" in status, status
        assert editor.toPlainText() == "next question", "the draft was lost"
        assert approval.isVisible(), "Enter in the message box answered the call"
        QTest.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
        await wait_until(lambda: not approval.isVisible(), WAIT, "Alt+A to allow the call")
        await wait_until(
            lambda: "Result of tests/add · allowed once" in transcript_text(desk), WAIT, "the call to run"
        )

    run_app(
        qloop,
        tmp_path,
        body,
        gateway,
        settings=settings,
        timeout=180,
    )
