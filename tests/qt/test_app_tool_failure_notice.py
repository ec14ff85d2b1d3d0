"""A tool server that does not start: shown while the answer arrives, and under the answer afterwards."""

from __future__ import annotations

from pathlib import Path

import qasync

from app.demo.responses import chunk, usage
from app.demo.scenario import Scenario
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import run_app, transcript_text, type_and_send, wait_until
from tests.helpers.mcp_servers import stdio_command

WAIT = 60.0  # a tool server is a new Python process: generous on a loaded machine


def test_a_server_that_does_not_start_stays_in_view_while_the_answer_arrives_and_under_it_after(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    command, args = stdio_command("--fail-start")
    tools = {"servers": [{"name": "broken", "command": command, "args": list(args)}]}
    words = [chunk([{"text": f"word{i} "}]) for i in range(12)]
    gateway.queue_scenarios(
        Scenario(
            "slow",
            chunks=[*words, chunk([{"text": "done."}], usage_metadata=usage(5, 13), finish_reason="STOP")],
            chunk_delay=0.25,
        )
    )

    async def body(desk: GeminiDesk) -> None:
        state = desk.window.status_line.state_label
        type_and_send(desk, "Hello")
        # The answer has started: the line says so, and still says that the tool server did not start.
        await wait_until(lambda: "is answering" in state.text(), WAIT, "the answer to start")
        assert "The tool server broken could not start" in state.text(), state.text()
        assert "word0" in transcript_text(desk)
        await wait_until(lambda: "done." in transcript_text(desk) and state.text() == "Ready.", WAIT)
        # After it: a lasting notice under the answer, kept after reopening the conversation.
        shown = transcript_text(desk)
        assert shown.index("The tool server broken could not start") > shown.index("done.")
        conversation = desk.window_controller.current_conversation
        assert conversation is not None
        desk.window_controller.open_conversation(conversation)
        assert "The tool server broken could not start" in transcript_text(desk)

    run_app(qloop, tmp_path, body, gateway, settings={"tools": tools}, timeout=180)
