"""At 800×600 the transcript never scrolls sideways: long code lines, wide tables, URLs, inline code."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from app.demo.responses import text_stream
from app.demo.scenario import Scenario
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import run_app, send_and_wait, transcript_text

LONG_WORD = "x" * 40 + "_" + "y" * 200
ANSWERS = {
    "code": "```python\nvalues = [" + ", ".join(str(n) for n in range(200)) + "]  # " + LONG_WORD + "\n```\n",
    "table": "| "
    + " | ".join(f"column_number_{n}" for n in range(16))
    + " |\n"
    + "|"
    + "---|" * 16
    + "\n| "
    + " | ".join(f"value_{n}_{LONG_WORD[:30]}" for n in range(16))
    + " |\n",
    "url": "See https://example.com/" + "a/" * 60 + "?q=" + "b" * 150 + " for details.\n",
    "inline-code": "Run `" + "--option=" + "z" * 250 + "` first.\n",
    "plain": "A word without spaces: " + LONG_WORD + " and 中文" + "很长" * 120 + "。\n",
}


@pytest.mark.parametrize("kind", list(ANSWERS))
def test_a_long_line_never_makes_the_transcript_scroll_sideways(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble, kind: str
) -> None:
    gateway.set_scenario(Scenario("wide", chunks=text_stream(ANSWERS[kind], size=200)))

    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        window.resize(800, 600)
        window.show()
        QApplication.processEvents()
        _, _, status = await send_and_wait(desk, f"a wide {kind}")
        assert status == "complete"
        await asyncio.sleep(0.3)  # layout settles
        view = window.transcript
        assert "wide" in transcript_text(desk)
        bar = view.horizontalScrollBar()
        assert bar.maximum() == 0, f"the transcript scrolls sideways by {bar.maximum()} px for a long {kind}"
        width = view.document().size().width()
        assert width <= view.viewport().width() + 1, (width, view.viewport().width())

    run_app(qloop, tmp_path, body, gateway)
