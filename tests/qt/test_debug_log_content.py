"""The debug log is for bug reports: qasync's executor records (job arguments and results) stay out of it."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import qasync

from app.core.logs import LOG_FILE_NAME, AppLogging

CHAT = "My private conversation about the quarterly numbers"


def _echo(text: str) -> str:
    return text.upper()


def test_a_job_run_on_qasyncs_executor_leaves_neither_its_argument_nor_its_result_in_the_debug_log(
    tmp_path: Path, qloop: qasync.QEventLoop
) -> None:
    logs = AppLogging(tmp_path, {"GEMINI_DESK_LOG": "debug"}, stream=io.StringIO())
    try:

        async def scenario() -> str:
            result: str = await qloop.run_in_executor(None, _echo, CHAT)
            return result

        assert qloop.run_until_complete(scenario()) == CHAT.upper()
        logging.getLogger("app.test").debug("sent a message of %d characters", len(CHAT))
        logging.getLogger("httpx").debug("HTTP Request: POST https://gw.example/v1beta/models")
    finally:
        logs.close()
    text = (tmp_path / LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "sent a message of 51 characters" in text
    assert "HTTP Request: POST" in text
    assert "quarterly" not in text.lower()
