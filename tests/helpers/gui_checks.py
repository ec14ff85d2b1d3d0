"""Checks shared by the GUI reliability tests: "nothing is left running" and "the UI kept responding"."""

from __future__ import annotations

import asyncio
import time
from types import TracebackType

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QPlainTextEdit

from app.demo import failures
from app.demo.responses import text_stream
from app.main import GeminiDesk
from app.qt.widgets.waiting_clock import WaitingClock
from tests.helpers.app_harness import transcript_text

__all__ = ["UiLag", "assert_idle", "interrupted_text_before", "last_line", "plain_paste_seconds"]


def assert_idle(desk: GeminiDesk, conversation_id: int) -> None:
    """Nothing keeps spinning: Send is offered again, Stop is gone, no clock ticks, no stream runs."""
    composer = desk.window.composer
    assert not desk.chat.is_streaming(conversation_id), "a stream is still running"
    something_to_send = bool(composer.text().strip()) or bool(composer.attachments())
    assert composer.send_button.isVisible(), "Send is not offered"
    assert composer.send_button.isEnabled() == something_to_send, "Send is not offered for what is typed"
    assert not composer.stop_button.isVisible(), "Stop is still shown"
    assert not composer.editor.isReadOnly()
    clocks = desk.window.transcript.findChildren(WaitingClock)
    assert clocks and all(clock.seconds is None for clock in clocks), "the waiting clock still runs"
    assert "Thinking…" not in transcript_text(desk), "a 'Thinking… N s' line is left in the transcript"
    state = desk.window.status_line.state_label.text()
    assert not state.startswith(("Waiting for", "Retrying in")), f"the status line still says {state!r}"


def interrupted_text_before(count: int) -> str:
    """The answer text carried by the first ``count`` events of the failure scenarios' stream."""
    chunks = text_stream(failures.INTERRUPTED_TEXT, size=60, finish_reason=None)
    return "".join(
        part.get("text", "")
        for chunk in chunks[:count]
        for part in chunk["candidates"][0]["content"].get("parts", [])
    )


def last_line(text: str) -> str:
    """The last non-empty line of ``text``: what the transcript must still show of a partial answer."""
    return next(line.strip(" *") for line in reversed(text.splitlines()) if line.strip())


def plain_paste_seconds(text: str) -> float:
    """How long pasting ``text`` into a bare ``QPlainTextEdit`` takes here and now: Qt's own cost of it.

    A baseline measured in the same run, so a test can bound what the app adds to a paste however loaded the
    machine is.
    """
    editor = QPlainTextEdit()
    mime = QMimeData()
    mime.setText(text)
    try:
        started = time.perf_counter()
        editor.insertFromMimeData(mime)
        return time.perf_counter() - started
    finally:
        editor.deleteLater()


class UiLag:
    """Measures how long the event loop went without running a 10 ms ticker (the UI's worst freeze).

    Use as ``async with UiLag() as lag: ...``; ``lag.worst`` is the longest gap in seconds.
    """

    def __init__(self, tick: float = 0.01) -> None:
        self._tick = tick
        self._task: asyncio.Task[None] | None = None
        self.worst = 0.0

    async def __aenter__(self) -> UiLag:
        self._task = asyncio.ensure_future(self._run())
        await asyncio.sleep(0)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await asyncio.sleep(self._tick * 2)  # count the gap still open when the block ended
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self) -> None:
        last = time.monotonic()
        while True:
            await asyncio.sleep(self._tick)
            now = time.monotonic()
            self.worst = max(self.worst, now - last - self._tick)
            last = now
