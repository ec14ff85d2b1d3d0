"""The app against a gateway whose one line never ends: the reply stops at the app's own event limit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import qasync

from app.core.gemini.limits import EVENT_LIMIT, MIB
from app.main import GeminiDesk
from tests.helpers.app_harness import run_app, send_and_wait, transcript_text
from tests.helpers.endless_gateway import EndlessBody
from tests.helpers.endless_gateway import endless_line as running_endless_line

CAP = EVENT_LIMIT + 80 * MIB  # far past the limit: without it the app read (and held) all of it


@pytest.fixture
def endless_line() -> Iterator[EndlessBody]:
    with running_endless_line(CAP) as server:
        yield server


def test_a_line_that_never_ends_stops_the_reply_with_its_reason(
    qloop: qasync.QEventLoop, tmp_path: Path, endless_line: EndlessBody
) -> None:
    async def body(desk: GeminiDesk) -> None:
        _, _, status = await send_and_wait(desk, "Hello", timeout=60)
        assert status == "error"
        shown = transcript_text(desk)
        assert "The gateway sent one piece of the answer over 48 MB" in shown
        assert "Any partial answer is kept" in shown
        assert endless_line.sent < CAP, "the app read the whole endless line"

    settings = {"base_url": endless_line.url, "default_model": "gemini-2.5-flash"}
    run_app(qloop, tmp_path, body, settings=settings, environ={"GEMINI_API_KEY": "test-key"}, timeout=90)
