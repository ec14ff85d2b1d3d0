"""Asking before an action deletes later messages of a conversation (regenerate, edit high up)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def confirm_discarding(
    parent: QWidget, later: int, text: str, accept_text: str, action: Callable[[], None]
) -> QMessageBox | None:
    """Run ``action`` at once when nothing later would be deleted, else after the user agrees.

    Args:
        parent: The window the question belongs to.
        later: How many messages ``action`` would delete.
        text: The question, naming what would be deleted.
        accept_text: The label of the button that goes ahead ("Regenerate", "Send").
        action: What to do.

    Returns:
        The question, while it is open (None when ``action`` ran at once).
    """
    if later == 0:
        action()
        return None
    title = QCoreApplication.translate("DiscardConfirm", "Delete later messages?")
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setObjectName("discardLaterConfirm")
    box.setInformativeText(QCoreApplication.translate("DiscardConfirm", "This cannot be undone."))
    proceed = box.addButton(accept_text, QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)

    def finished(_result: int) -> None:
        if box.clickedButton() is proceed:
            action()
        box.deleteLater()

    box.finished.connect(finished)
    box.open()  # never exec(): streams keep running
    return box
