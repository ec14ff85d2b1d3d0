"""A bar offering Undo for a few seconds after something was deleted, with a visible countdown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from app.qt.follows_changes import FollowsLanguageAndTheme

UNDO_SECONDS = 10
"""How long Undo is offered; the countdown pauses while the window is hidden and while the bar is in use."""


class UndoBar(FollowsLanguageAndTheme, QFrame):
    """Says what was deleted and offers Undo until the countdown ends (or the bar is dismissed).

    The countdown only runs while the user can see it: not while the window is hidden or minimised, and
    not while the pointer rests on the bar or the keyboard is in it (someone about to click Undo).

    Signals:
        undo_clicked(): Undo was clicked (or Ctrl+Z pressed, through the window's Undo).
        expired(): The time ran out, or the bar was dismissed: what was deleted goes for good.
    """

    undo_clicked = Signal()
    expired = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.text_label = QLabel(self)
        self.text_label.setObjectName("undoBarText")
        self.text_label.setTextFormat(Qt.TextFormat.PlainText)
        self.countdown_label = QLabel(self)
        self.countdown_label.setObjectName("undoCountdown")
        self.undo_button = QPushButton(self)
        self.undo_button.setObjectName("undoButton")
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("undoBarClose")
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 4, 4)
        layout.addWidget(self.text_label, 1)
        layout.addWidget(self.countdown_label)
        layout.addWidget(self.undo_button)
        layout.addWidget(self.close_button)
        self._remaining = 0
        self._wording: Callable[[], str] = str
        self._shortcut = ""
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        self.undo_button.clicked.connect(self._on_undo)
        self.close_button.clicked.connect(self.dismiss)
        self._retranslate()
        self.hide()

    def _retranslate(self) -> None:
        self.setAccessibleName(self.tr("Undo"))
        self.undo_button.setText(self.tr("Undo"))
        self.close_button.setAccessibleName(self.tr("Dismiss"))
        self.close_button.setToolTip(self.tr("Dismiss (the deletion stays)"))
        self.text_label.setText(self._wording())
        shortcut = self._shortcut
        self.undo_button.setToolTip(self.tr("Undo ({0})").format(shortcut) if shortcut else "")
        if self._remaining:
            self._show_remaining()

    @property
    def remaining(self) -> int:
        """Seconds left to undo (0 when the bar is not offering anything)."""
        return self._remaining

    def offer(self, wording: Callable[[], str], shortcut: str = "", seconds: int = UNDO_SECONDS) -> None:
        """Say what was deleted, with an Undo button, for ``seconds`` (restarting the countdown).

        Args:
            wording: Words what was deleted in the current language ("Conversation deleted."); asked again
                when the language changes while the bar is shown.
            shortcut: The key that also undoes, for the button's tool tip ("Ctrl+Z"), or "".
            seconds: How long Undo is offered while the window is visible.
        """
        self._wording = wording
        self._shortcut = shortcut
        self._remaining = seconds
        self._retranslate()
        self.show()
        self._timer.start()

    def withdraw(self) -> None:
        """Hide the bar without a signal (what it offered was undone or is settled elsewhere)."""
        self._timer.stop()
        self._remaining = 0
        self.hide()

    def dismiss(self) -> None:
        """End the offer now: the deletion stays."""
        if self._remaining:
            self.withdraw()
            self.expired.emit()

    def _on_undo(self) -> None:
        if self._remaining:
            self.withdraw()
            self.undo_clicked.emit()

    def _tick(self) -> None:
        if not self._counting():
            return
        self._remaining -= 1
        if self._remaining > 0:
            self._show_remaining()
            return
        self.withdraw()
        self.expired.emit()

    def _counting(self) -> bool:
        """Whether the countdown runs now: the bar can be seen, and the user is not reaching for it."""
        window = self.window()
        if not window.isVisible() or window.isMinimized():
            return False  # nobody can see the offer: it waits
        if self.underMouse():
            return False
        focus = self.focusWidget()
        return not (focus is not None and self.isAncestorOf(focus) and focus.hasFocus())

    def _show_remaining(self) -> None:
        self.countdown_label.setText(self.tr("%n s", "", self._remaining))
