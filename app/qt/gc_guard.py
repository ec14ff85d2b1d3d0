"""Run Python's cyclic garbage collector on the GUI thread only, and keep it off what start-up built.

An automatic collection can start on whatever thread happens to allocate, such as the keyring worker
thread; if it then frees Qt objects from that thread, Qt crashes. So automatic collection is turned off
and a timer on the GUI thread does the same work, generation by generation, as the thresholds ask.

A full collection walks every tracked object: after start-up some 70,000 (widgets' wrappers, modules,
compiled patterns), which took 40-90 ms on the GUI thread each time, a visible stall in the middle of an
answer. Those objects live as long as the app, so once start-up and the render warm-up are done they are
moved out of the collector's sight (``gc.freeze``, as the Python documentation suggests for long-lived
start-up state), and a full collection walks only what was made since.

Freezing needs no collection before it. The first pass after start-up walked all of start-up's objects
(10-17 ms of the GUI thread, measured with 37,000-52,000 young objects) to free a few hundred; it came
a few hundred milliseconds after start-up, in the middle of a first answer sent at once. A collector that
holds (``hold=True``) makes no pass until start-up is frozen.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    """Owns the timer that collects garbage; create it on the GUI thread and keep a reference.

    Args:
        parent: The owner.
        hold: Make no pass until ``freeze_when``'s condition holds (start-up's objects are then frozen).
    """

    def __init__(self, parent: QObject | None = None, *, hold: bool = False) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._freeze_when: Callable[[], bool] | None = None
        self._hold = hold
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def freeze_when(self, ready: Callable[[], bool]) -> None:
        """Freeze what exists at the first tick at which ``ready()`` is true (start-up is over by then)."""
        self._freeze_when = ready

    def collect_due(self) -> int:
        """Collect the oldest generation whose allocation count passed its threshold; return objects freed."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                return gc.collect(generation)
        return 0

    def stop(self) -> None:
        """Give collection back to the interpreter (at shutdown), the frozen objects included."""
        self._timer.stop()
        gc.unfreeze()
        gc.enable()

    def _tick(self) -> None:
        if self._freeze_when is not None and self._freeze_when():
            self._freeze_when = None
            self._hold = False
            # No pass first: it would walk every object start-up made to free a few hundred (see above).
            gc.freeze()
            return
        if not self._hold:
            self.collect_due()
