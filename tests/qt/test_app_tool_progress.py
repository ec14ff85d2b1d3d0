"""The card of running calls: which tool runs, and the progress its MCP server reports ("n of total")."""

from __future__ import annotations

from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from app.core.tools.servers import McpServerConfig, servers_to_settings
from app.demo.responses import chunk, usage
from app.demo.scenario import Scenario
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import run_app, type_and_send, wait_until
from tests.helpers.mcp_servers import stdio_command

WAIT = 60.0  # a new Python process starts the server: generous on a loaded machine


def _texts(desk: GeminiDesk, name: str) -> list[str]:
    card = desk.window.tool_progress
    return [label.text() for label in card.findChildren(QLabel, name) if not label.isHidden()]


def test_a_running_call_shows_its_servers_progress_then_goes(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    command, args = stdio_command()
    server = McpServerConfig("tests", command=command, args=args)
    call = {"functionCall": {"name": "steps", "args": {"count": 8}, "id": "c1"}}
    gateway.queue_scenarios(
        Scenario("call", chunks=[chunk([call], usage_metadata=usage(5, 5), finish_reason="STOP")]),
        Scenario(
            "answer",
            chunks=[chunk([{"text": "All done."}], usage_metadata=usage(9, 2), finish_reason="STOP")],
        ),
    )

    async def body(desk: GeminiDesk) -> None:
        card = desk.window.tool_progress
        approval = desk.window.tool_approval
        assert not card.isVisible()
        type_and_send(desk, "Count to eight slowly")
        await wait_until(approval.isVisible, WAIT, "the approval card")
        QTest.mouseClick(approval.buttons["once"], Qt.MouseButton.LeftButton)
        await wait_until(card.isVisible, WAIT, "the card of running calls")
        assert any("“steps” on “tests”" in t for t in _texts(desk, "toolProgressTitle"))
        await wait_until(
            lambda: any(" of 8" in t for t in _texts(desk, "toolProgressTitle")), WAIT, "n of total"
        )
        assert any(t.startswith("step ") for t in _texts(desk, "toolProgressMessage"))
        await wait_until(lambda: not card.isVisible(), WAIT, "the card to go when the call ends")
        assert not _texts(desk, "toolProgressTitle")

    run_app(
        qloop,
        tmp_path,
        body,
        gateway,
        settings={"tools": {"servers": servers_to_settings([server])}},
        timeout=180,
    )
