"""A one-line label that ends in "…" when its room is short, instead of widening the window or being cut.

Its ``text()`` stays the whole text (screen readers, tooltips and tests read that); only the painting is
elided. It asks for its whole text's width but accepts as little as ``least_chars`` average characters, so a
layout short of room shrinks it before it pushes its neighbours off the window.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

__all__ = ["ElidingLabel"]


class ElidingLabel(QLabel):
    """A plain-text label painted elided to its width."""

    def __init__(self, parent: QWidget | None = None, *, least_chars: int = 0) -> None:
        super().__init__(parent)
        self._least_chars = least_chars
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def minimumSizeHint(self) -> QSize:
        """As narrow as ``least_chars`` characters (never wider than the whole text)."""
        least = min(self.fontMetrics().averageCharWidth() * self._least_chars, self.sizeHint().width())
        return QSize(least, super().minimumSizeHint().height())

    def is_elided(self) -> bool:
        """Whether the text is cut at the label's present width."""
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the text elided to the room there is, in the label's colours and alignment."""
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter = QPainter(self)
        alignment = int(self.alignment())
        role = self.foregroundRole()
        self.style().drawItemText(painter, rect, alignment, self.palette(), self.isEnabled(), shown, role)
