"""Telling the user, without blocking, that the chat history could not be written (a full disk…)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox

from app.core.store.db import StoreError
from app.qt.main_window import MainWindow
from app.qt.translations import core_text


class StorageAlerts(QObject):
    """Runs store writes for the window and reports the ones the store refuses.

    Args:
        window: Its status line and a warning box show the problem.
        parent: The owner.
    """

    def __init__(self, window: MainWindow, *, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._window = window
        #: The last problem (message, hint), for an answer that was not saved.
        self.last_problem = ("", "")

    def write(self, write: Callable[[], object]) -> bool:
        """Run one store write; if the store refuses it, tell the user and return False."""
        try:
            write()
        except StoreError as error:
            self.report(error)
            return False
        return True

    def report(self, error: StoreError) -> None:
        """Tell the user about a refused write."""
        self.show(core_text(error.message), core_text(error.hint))

    def show(self, message: str, hint: str) -> None:
        """The chat history could not be written: say so where it cannot be missed, without blocking."""
        self.last_problem = (message, hint)
        self._window.status_line.set_state(message)
        for earlier in self._window.findChildren(QMessageBox, "storageError"):
            earlier.close()  # one at a time: the newest says what failed last
        box = QMessageBox(self._window)
        box.setObjectName("storageError")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Cannot save"))
        box.setTextFormat(Qt.TextFormat.PlainText)  # it quotes the system's words (paths, errors)
        box.setText(message)
        box.setInformativeText(hint)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.finished.connect(box.deleteLater)
        box.open()  # never exec(): streams keep running
