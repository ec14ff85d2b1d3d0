"""A tool server offering too many and too large tools: the request is capped, the user told in the answer
and in Settings → Tools."""

from __future__ import annotations

from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import run_app, transcript_text, type_and_send, wait_until
from tests.helpers.mcp_servers import stdio_command
from tests.helpers.tools_page import open_tools_page

WAIT = 60.0  # a tool server is a new Python process: generous on a loaded machine


def test_the_tools_left_out_are_named_under_the_answer_and_in_settings_with_why(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    # 12 tools of its own, one with a 200 KB schema, then 300 more.
    command, args = stdio_command("--huge-schema=200000", "--many=300")
    tools = {"servers": [{"name": "hostile", "command": command, "args": list(args)}]}

    async def body(desk: GeminiDesk) -> None:
        type_and_send(desk, "Hello")
        await wait_until(lambda: "Tools left out" in transcript_text(desk), WAIT, "the notice")
        await wait_until(lambda: not desk.chat.is_streaming(desk.window_controller.current_conversation or 0))
        [request] = [r for r in gateway.requests if r.path.endswith(":streamGenerateContent")]
        assert len(request.body["tools"][-1]["functionDeclarations"]) == 128
        shown = transcript_text(desk)
        assert "Tools left out, their declaration being over 64 KB (1): hostile/huge_schema" in shown
        assert "Tools left out because a request offers at most 128 (184): hostile/many_0116, " in shown
        page = open_tools_page(desk)
        QTest.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: page.status.text().startswith("Ready"), WAIT, "the server to be ready")
        status = page.status.text()
        assert status.startswith("Ready: 313 tools: echo, add, ")
        assert (
            "Not offered to the model (185): huge_schema (declaration over 64 KB), "
            "many_0116 (past the first 128 tools), many_0117 (past the first 128 tools)"
        ) in status
        assert len(status) < 3000  # the names of 313 tools are not all listed

    run_app(qloop, tmp_path, body, gateway, settings={"tools": tools}, timeout=180)
