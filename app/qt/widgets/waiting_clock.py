"""The clock behind "Thinking… N s": how long a reply has been waited for, ticking once a second."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal

__all__ = ["WaitingClock"]


class WaitingClock(QObject):
    """Counts the whole seconds since ``start`` until ``stop``.

    Signals:
        ticked(): Another second has passed while running.

    Args:
        parent: The owner.
    """

    ticked = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._since: float | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.ticked)

    @property
    def seconds(self) -> int | None:
        """Seconds waited so far, or ``None`` when not running."""
        if self._since is None:
            return None
        # Rounded: timer ticks may come a few ms early, and 0.99 s should read as 1 s.
        return round(time.monotonic() - self._since)

    def start(self) -> None:
        """Start counting from zero."""
        self._since = time.monotonic()
        self._timer.start()

    def stop(self) -> bool:
        """Stop counting; return whether the clock was running."""
        running = self._since is not None
        self._since = None
        self._timer.stop()
        return running
