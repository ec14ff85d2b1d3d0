"""The "Test connection" button, busy bar and result line shared by the welcome page and Settings."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QWidget


class ConnectionTestControls(QObject):
    """Owns the three widgets of a connection test; the owner places them in its own layout.

    While a test runs the button reads "Cancel": a click then ends the busy state, says the test was
    cancelled and emits ``cancel_requested`` instead of ``test_clicked``.

    The result label carries a ``state`` property ("ok", "error" or "neutral") for the owner's style sheet.

    Signals:
        test_clicked(): The button was clicked to start a test.
        cancel_requested(): The button was clicked to cancel the test in flight.
    """

    test_clicked = Signal()
    cancel_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._testing = False
        self.button = QPushButton(parent)
        self.button.setObjectName("testConnectionButton")
        self.button.clicked.connect(self._on_clicked)
        self.busy_bar = QProgressBar(parent)
        self.busy_bar.setObjectName("testBusyBar")
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setFixedHeight(4)
        self.busy_bar.hide()
        self.result_label = QLabel(parent)
        self.result_label.setObjectName("testResultLabel")
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)  # it quotes the gateway's own words
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.result_label.hide()
        self.retranslate()

    def retranslate(self) -> None:
        """Speak the UI language (the owner calls it on a language change: a QObject hears none)."""
        self.button.setText(self.tr("Cancel") if self._testing else self.tr("Test connection"))
        self.button.setAccessibleName(
            self.tr("Cancel the connection test") if self._testing else self.tr("Test connection")
        )
        self.busy_bar.setAccessibleName(self.tr("Testing the connection"))
        self.result_label.setAccessibleName(self.tr("Connection test result"))

    @property
    def is_testing(self) -> bool:
        """Whether a test is running."""
        return self._testing

    def set_testing(self, testing: bool) -> None:
        """Show or end the busy state of a connection test."""
        self._testing = testing
        self.busy_bar.setVisible(testing)
        self.retranslate()
        if testing:
            self.result_label.hide()

    def _on_clicked(self) -> None:
        if not self._testing:
            self.test_clicked.emit()
            return
        self.set_testing(False)
        self.show_result("neutral", self.tr("Connection test cancelled."))
        self.cancel_requested.emit()

    def show_result(self, state: str, message: str) -> None:
        """Show ``message`` styled by ``state`` ("ok", "error" or "neutral")."""
        label = self.result_label
        label.setProperty("state", state)
        label.setText(message)
        # Re-polish so the [state=...] style rule applies to the new property value.
        label.style().unpolish(label)
        label.style().polish(label)
        label.show()

    def clear_result(self) -> None:
        """Hide the last outcome (the settings it was about are no longer in force)."""
        self.result_label.clear()
        self.result_label.hide()
