"""An answer's header says which model wrote it and when, in local time and the UI language."""

from __future__ import annotations

import time
from pathlib import Path

import qasync
from PySide6.QtCore import QDateTime, QLocale

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.message_times import message_time
from tests.helpers.app_harness import run_app, send_and_wait, transcript_text
from tests.helpers.languages import ui_language

DAY = 86_400.0


def _clock(timestamp: float) -> str:
    return QLocale().toString(
        QDateTime.fromSecsSinceEpoch(int(timestamp)).time(), QLocale.FormatType.ShortFormat
    )


def test_the_answers_header_shows_the_model_and_the_time_it_was_written(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        conversation_id, reply_id, _status = await send_and_wait(desk, "hello")
        reply = desk.store.get_message(reply_id)
        assert reply is not None
        shown = transcript_text(desk)
        assert f"Gemini 2.5 Flash · {_clock(reply.created_at)}" in shown, shown[:300]
        # Opened again later, the stored answer keeps its own time.
        desk.window.sidebar.select(conversation_id)
        assert f"Gemini 2.5 Flash · {_clock(reply.created_at)}" in transcript_text(desk)

    run_app(qloop, tmp_path, body, gateway)


def test_an_older_answer_also_says_its_day_in_the_ui_language() -> None:
    now = time.mktime((2026, 12, 7, 15, 0, 0, 0, 0, -1))
    two_days_ago, last_year = now - 2 * DAY, now - 400 * DAY
    with ui_language("en"):
        QLocale.setDefault(QLocale("en_US"))
        assert message_time(now - 60, now) == _clock(now - 60)  # today: the time alone
        assert message_time(two_days_ago, now) == f"Dec 5 {_clock(two_days_ago)}"
        assert message_time(last_year, now).startswith("Nov 2, 2025 ")
    with ui_language("zh_CN"):
        assert message_time(two_days_ago, now) == f"12月5日 {_clock(two_days_ago)}"
        assert message_time(last_year, now).startswith("2025年11月2日 ")
