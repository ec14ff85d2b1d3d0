"""The "Copied" note a Copy link shows for a moment next to where it was clicked."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QCursor, QPalette
from PySide6.QtWidgets import QLabel, QWidget

COPIED_NOTE_MS = 2000
"""How long "Copied" stays next to a Copy link that was clicked, in milliseconds."""


class CopiedNote(QLabel):
    """A small tooltip-coloured label over ``area`` that hides itself after ``COPIED_NOTE_MS``.

    Args:
        area: The widget it is shown over (a scroll area's viewport).
    """

    def __init__(self, area: QWidget) -> None:
        super().__init__(area)
        self._area = area
        self.setObjectName("copiedNote")
        self.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(COPIED_NOTE_MS)
        self._timer.timeout.connect(self.hide)

    def confirm(self, fallback: QPoint) -> str:
        """Show "Copied" where the user looks: at the pointer, else at ``fallback`` (a link keys activated).

        Returns:
            The text shown, for a status line to repeat.
        """
        area = self._area
        text = self.tr("Copied")
        palette = area.palette()
        self.setText(text)
        self.setStyleSheet(
            f"QLabel {{ background-color: {palette.color(QPalette.ColorRole.ToolTipBase).name()}; "
            f"color: {palette.color(QPalette.ColorRole.ToolTipText).name()}; "
            f"border: 1px solid {palette.color(QPalette.ColorRole.Mid).name()}; "
            "border-radius: 4px; padding: 2px 8px; }"
        )
        self.adjustSize()
        at = area.mapFromGlobal(QCursor.pos())
        if not area.rect().contains(at):
            at = fallback
        # Above and to the right of the link, so it hides neither the link nor the text being copied.
        x = min(max(0, at.x() + 12), max(0, area.width() - self.width()))
        y = min(max(0, at.y() - self.height() - 8), max(0, area.height() - self.height()))
        self.move(x, y)
        self.show()
        self.raise_()
        self._timer.start()
        return text
