"""What the user is told and asked when the keyring refuses to store or remove the API key."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget


class KeyPrompts(QObject):
    """Shows one message box at a time about a keyring failure (a newer one replaces one still open).

    Args:
        parent: The owner.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.box: QMessageBox | None = None
        """The box shown now ("the key could not be stored / removed"), or None."""

    def ask_after_failed_save(
        self,
        parent: QWidget,
        *,
        lead: str,
        detail: str,
        keeps_previous: bool,
        on_answer: Callable[[bool], None],
    ) -> QMessageBox:
        """Say that a new key could not be stored, and ask whether to use it for this session only.

        Args:
            parent: The window or dialog the box belongs to.
            lead: What just happened besides (such as "The demo has ended…"), put first; "" for nothing.
            detail: The keyring's reason, in full.
            keeps_previous: A previous key stays in use if the new one is declined (the button says so).
            on_answer: Called with True for "use it for this session", False otherwise.
        """
        text = self.tr("The new API key could not be stored in the system keyring.")
        box = self._build(parent, "keySaveFailed", self.tr("Key not saved"), f"{lead} {text}".strip(), detail)
        use = box.addButton(self.tr("Use this key for this session only"), QMessageBox.ButtonRole.AcceptRole)
        use.setObjectName("sessionOnlyButton")
        keep_text = self.tr("Keep the previous key") if keeps_previous else self.tr("Do not use it")
        keep = box.addButton(keep_text, QMessageBox.ButtonRole.RejectRole)
        keep.setObjectName("keepPreviousKeyButton")
        box.setDefaultButton(use)
        box.setEscapeButton(keep)
        box.finished.connect(lambda _result: on_answer(box.clickedButton() is use))
        box.open()
        return box

    def report_failed_forget(self, parent: QWidget, detail: str) -> QMessageBox:
        """Say that the key could not be removed from the keyring (``detail``: the keyring's reason)."""
        box = self._build(
            parent,
            "keyForgetFailed",
            self.tr("Key not removed"),
            self.tr(
                "The API key could not be removed from the system keyring; it may still be stored there."
            ),
            detail,
        )
        box.addButton(QMessageBox.StandardButton.Ok)
        box.open()
        return box

    def parent_closed(self, parent: QWidget) -> None:
        """``parent`` (the Settings dialog) is being deleted, and its box with it."""
        if self.box is not None and self.box.parent() is parent:
            self.box = None

    def _build(self, parent: QWidget, name: str, title: str, text: str, detail: str) -> QMessageBox:
        """The message box about a keyring failure (not yet open), replacing one still shown."""
        if self.box is not None:
            self.box.close()
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
        box.setObjectName(name)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(detail)
        self.box = box

        def on_finished(_result: int) -> None:
            if self.box is box:
                self.box = None
            box.deleteLater()

        box.finished.connect(on_finished)
        return box
