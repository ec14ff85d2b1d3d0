"""What the user is told and asked when the keyring refuses to store or remove the API key, or is slow."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from app.qt.widgets.status_line import StatusLine


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


class KeyringStatus:
    """The keyring's problem on the status line, in one line, until a key is in use.

    Args:
        status_line: The line it writes.
    """

    def __init__(self, status_line: StatusLine) -> None:
        self._line = status_line
        self._text: str | None = None

    def show(self, text: str) -> None:
        """Say the first sentence of ``text`` (all of it, with its advice, is on the welcome card)."""
        self._text = _first_sentence(text)
        self._line.set_state(self._text)

    def clear(self) -> None:
        """Remove the notice from the status line, unless something else has replaced it."""
        if self._text is not None and self._line.state_label.text() == self._text:
            self._line.set_state("")
        self._text = None

    def forget(self) -> None:
        """Leave the status line alone: another notice (the demo's) has replaced this one."""
        self._text = None


def _first_sentence(text: str) -> str:
    """The first sentence of a message (English or Chinese), for the one-line status."""
    ends = [i for i in (text.find(". "), text.find("。"), text.find("… ")) if i >= 0]
    return text[: min(ends) + 1].strip() if ends else text
