"""Start-up timing: wait for the window's first frame, and report start-up stages for benchmarks.

The composition root shows the window, waits for `first_frame`, and only then does the slower work (opening
the last conversation, reading the key), so the user sees the window as early as possible.

With ``GEMINI_DESK_REPORT_STARTUP=1`` in the environment, `StartupReport.mark` prints one line per stage to
standard error::

    gemini-desk startup: first-frame 0.412 s since process start (wall 1732480000.123456)

The wall-clock time lets a benchmark that launched the process compute the elapsed time itself (its own clock,
its own start); the in-process figure comes from the process start time the kernel recorded (Linux only,
10 ms resolution), or is ``nan`` elsewhere.
"""

from __future__ import annotations

import asyncio
import math
import os
import sys
import time
from collections.abc import Mapping
from typing import TextIO

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

REPORT_ENV = "GEMINI_DESK_REPORT_STARTUP"
MARKER = "gemini-desk startup:"


def process_age() -> float:
    """Seconds since this process started, from ``/proc`` (``nan`` where that is not available)."""
    try:
        with open("/proc/self/stat", "rb") as stat:
            # The command name (field 2) may contain spaces; the fields after its closing parenthesis don't.
            fields = stat.read().rsplit(b")", 1)[1].split()
        with open("/proc/uptime", "rb") as uptime:
            since_boot = float(uptime.read().split()[0])
        return since_boot - int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return math.nan


class StartupReport:
    """Prints start-up stages when the environment asks for it; does nothing otherwise.

    Args:
        environ: The process environment (``GEMINI_DESK_REPORT_STARTUP`` switches the report on).
        stream: Where the lines go.
    """

    def __init__(self, environ: Mapping[str, str], stream: TextIO | None = None) -> None:
        self.enabled = environ.get(REPORT_ENV, "") not in ("", "0")
        self._stream = stream

    def mark(self, stage: str) -> None:
        """Report that start-up reached ``stage`` (for example ``first-frame``)."""
        if not self.enabled:
            return
        stream = self._stream or sys.stderr
        print(
            f"{MARKER} {stage} {process_age():.3f} s since process start (wall {time.time():.6f})",
            file=stream,
        )
        stream.flush()


class _FirstPaint(QObject):
    """Resolves a future once the watched window has painted and its frame has been flushed."""

    def __init__(self, window: QWidget, future: asyncio.Future[None]) -> None:
        super().__init__(window)
        self._window = window
        self._future = future
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Watch for the window's first paint event."""
        if event.type() == QEvent.Type.Paint and watched is self._window:
            self._window.removeEventFilter(self)
            # The paint event comes first; the rest of the frame is painted and flushed before the timer.
            QTimer.singleShot(0, self._resolve)
        return False

    def _resolve(self) -> None:
        if not self._future.done():
            self._future.set_result(None)
        self.deleteLater()


async def first_frame(window: QWidget, timeout: float = 2.0) -> None:
    """Wait until the shown ``window`` has painted its first frame, or for ``timeout`` seconds at most.

    The timeout covers platforms that never expose the window (started minimised, a locked screen).
    """
    future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    watch = _FirstPaint(window, future)
    try:
        await asyncio.wait_for(asyncio.shield(future), timeout)
    except TimeoutError:
        window.removeEventFilter(watch)
        watch.deleteLater()
