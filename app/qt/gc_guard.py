"""Run Python's cyclic garbage collector on the GUI thread only.

An automatic collection can start on whatever thread happens to allocate, such as the keyring worker
thread; if it then frees Qt objects from that thread, Qt crashes. So automatic collection is turned off
and a timer on the GUI thread does the same work, generation by generation, as the thresholds ask.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    """Owns the timer that collects garbage; create it on the GUI thread and keep a reference."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start()

    def collect_due(self) -> int:
        """Collect the oldest generation whose allocation count passed its threshold; return objects freed."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                return gc.collect(generation)
        return 0

    def stop(self) -> None:
        """Give collection back to the interpreter (at shutdown)."""
        self._timer.stop()
        gc.enable()
