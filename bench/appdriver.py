"""Driving the real app (``GeminiDesk``, offscreen) inside a benchmark process, and an event-loop lag probe.

The benchmark process is the app's process: what it measures (timestamps of arriving text, the lag of a 5 ms
timer, RSS, CPU time) is the app's own. The gateway runs in another process (`bench.gateway`).
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.main import GeminiDesk, parse_args
from app.qt.async_support import install_asyncgen_hooks, signal_future
from app.qt.feature_scan import skip_feature_scan
from app.qt.gc_guard import GuiThreadCollector
from bench.common import write_settings

# As app.launch does: without it PySide's feature scan reads the source of every module imported later (the
# HTTP and render stacks...) and keeps it in linecache (about 500 files, 6 MB at idle); the app does not.
skip_feature_scan()

T = TypeVar("T")


def run_qasync(main: Callable[[], Awaitable[T]]) -> T:
    """Run the coroutine function ``main`` on a qasync loop of a (new or existing) QApplication."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)

    async def wrapped() -> T:
        install_asyncgen_hooks()
        return await main()

    try:
        return loop.run_until_complete(wrapped())
    finally:
        loop.close()
        asyncio.set_event_loop(None)


async def start_desk(data_dir: Path, base_url: str, api_key: str) -> GeminiDesk:
    """Start Gemini Desk on ``data_dir`` against the gateway at ``base_url``, as ``app.launch`` runs it."""
    write_settings(data_dir, base_url)
    # As app.launch does: garbage is collected on the GUI thread, and start-up's objects are frozen once the
    # render stack has been warmed in the background.
    # Imported here, as app.launch does: the render stack it loads is read by the feature scan's new reader.
    from app.qt.warm_start import warm_after_start

    collector = GuiThreadCollector(QApplication.instance(), hold=True)
    desk = GeminiDesk(parse_args(["--data-dir", str(data_dir)]), {"GEMINI_API_KEY": api_key})
    await desk.start()
    warm_after_start(desk.window, collector)
    return desk


def new_named_conversation(desk: GeminiDesk, title: str = "benchmark") -> int:
    """Create and open an empty conversation whose title is not automatic (so no title request follows)."""
    conversation_id = desk.window_controller.actions.new_conversation()
    desk.store.rename(conversation_id, title)
    desk.window_controller.open_conversation(conversation_id)
    return conversation_id


async def send_and_wait(
    desk: GeminiDesk, text: str, on_text: Callable[[int, int, str], Any] | None = None, timeout: float = 600
) -> tuple[int, int, str]:
    """Type ``text``, click Send, wait for the reply to finish; ``on_text`` sees every text delta."""
    finished = signal_future(desk.chat.reply_finished)
    if on_text is not None:
        desk.chat.text_received.connect(on_text)
    try:
        desk.window.composer.set_text(text)
        desk.window.composer.send_button.click()
        conversation_id, message_id, status = await asyncio.wait_for(finished, timeout)
    finally:
        if on_text is not None:
            desk.chat.text_received.disconnect(on_text)
    return int(conversation_id), int(message_id), str(status)


async def settle(seconds: float) -> None:
    """Let the loop run (paint, deliver timers) for ``seconds``."""
    await asyncio.sleep(seconds)


class LagProbe:
    """A 5 ms precise timer; the lag of each tick is how late it fired (the event loop was busy meanwhile)."""

    def __init__(self, interval_ms: int = 5) -> None:
        self.interval = interval_ms / 1000
        self.lags: list[float] = []
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0

    def start(self) -> None:
        """Start sampling (clears earlier samples)."""
        self.lags.clear()
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        """Stop sampling."""
        self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.lags.append(max(0.0, now - self._last - self.interval))
        self._last = now
