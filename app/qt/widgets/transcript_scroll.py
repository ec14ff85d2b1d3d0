"""Where the transcript's reader is: following the end of the conversation, or reading somewhere above it.

A reader at the bottom follows: new text keeps them at the end. A reader who scrolled up stays where they are
while the document changes around them, also when earlier messages are inserted above what they read. Reaching
the top asks for earlier messages, always from the event loop: loading them from inside a scroll handler would
edit the document during a layout change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QScrollBar

__all__ = ["ScrollFollower"]

_BOTTOM_SLACK_PX = 4
_TOP_SLACK_PX = 4


class ScrollFollower(QObject):
    """Keeps a scroll bar at the end while the reader follows it, and where the reader left it otherwise.

    Signals:
        top_reached(): The reader is at the top (emitted from the event loop after scrolling or a wheel turn).

    Args:
        bar: The vertical scroll bar of the view; also the parent.
    """

    top_reached = Signal()

    def __init__(self, bar: QScrollBar) -> None:
        super().__init__(bar)
        self._bar = bar
        #: Whether the reader is at the end, so new content keeps them there.
        self.follow = True
        self._adjusting = False
        self._top_timer = QTimer(self)
        self._top_timer.setSingleShot(True)
        self._top_timer.setInterval(0)
        self._top_timer.timeout.connect(self._on_top_timer)
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_range_changed)

    @contextmanager
    def holding(self, shift: Callable[[], float] | None = None) -> Iterator[None]:
        """Keep the reader's place while the document changes inside the ``with`` block.

        Replacing text shrinks the document for a moment, which would clamp the scroll value and drag a reader
        who scrolled up near the end; their position is restored, moved by ``shift()`` pixels when content
        was inserted above it, and a reader following the end is kept there.
        """
        value = self._bar.value()
        self._adjusting = True
        try:
            yield
        finally:
            offset = round(shift()) if shift is not None else 0
            self._bar.setValue(
                self._bar.maximum() if self.follow else min(value + offset, self._bar.maximum())
            )
            self._adjusting = False

    def scroll_to_bottom(self) -> None:
        """Show the end without counting it as the reader's own scrolling."""
        self._adjusting = True
        try:
            self._bar.setValue(self._bar.maximum())
        finally:
            self._adjusting = False

    def check_top(self) -> None:
        """Emit ``top_reached`` from the event loop if the reader is at the top by then."""
        self._top_timer.start()

    def cancel_top_check(self) -> None:
        """Forget a pending ``check_top``."""
        self._top_timer.stop()

    def at_top(self) -> bool:
        """Whether the view shows the very top of the document."""
        return self._bar.value() <= self._bar.minimum()

    def _near_top(self) -> bool:
        return self._bar.value() <= self._bar.minimum() + _TOP_SLACK_PX

    @Slot(int)
    def _on_scrolled(self, _value: int) -> None:
        if not self._adjusting:
            self.follow = self._bar.value() >= self._bar.maximum() - _BOTTOM_SLACK_PX
            if self._near_top():
                self.check_top()

    @Slot(int, int)
    def _on_range_changed(self, _minimum: int, _maximum: int) -> None:
        if self.follow and not self._adjusting:
            self.scroll_to_bottom()

    @Slot()
    def _on_top_timer(self) -> None:
        if self._near_top():
            self.top_reached.emit()
