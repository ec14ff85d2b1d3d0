"""The multi-line prompt editor: Enter or Ctrl+Enter sends, and never during an IME composition."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Literal

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

SendKey = Literal["enter", "ctrl_enter"]

_RETURN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class PromptEdit(QPlainTextEdit):
    """A plain-text editor that asks to send on the configured key.

    With ``send_key="enter"`` Enter (and Ctrl+Enter) sends and Shift+Enter inserts a new line; with
    ``"ctrl_enter"`` only Ctrl+Enter sends. While an input method is composing (a Chinese or Japanese
    pre-edit string is showing), Enter belongs to the input method: it commits the composition and
    must never send the half-typed prompt.
    """

    send_requested = Signal()
    attachments_pasted = Signal(QMimeData)  # pasted or dropped files / an image, to attach instead of insert

    def __init__(self, parent: QWidget | None = None, send_key: SendKey = "enter") -> None:
        super().__init__(parent)
        self._send_key: SendKey = send_key
        self._composing = False
        self.setObjectName("promptEdit")
        self.setTabChangesFocus(True)
        # Tells whether pasted or dropped data is something to attach; plain text is inserted as usual.
        self.attachment_filter: Callable[[QMimeData], bool] | None = None

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        """Also accept files and images (a paste or a drop), which become attachments."""
        if self.attachment_filter is not None and self.attachment_filter(source):
            return True
        return super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Hand files and images to the composer; insert anything else as text."""
        if self.attachment_filter is not None and self.attachment_filter(source):
            self.attachments_pasted.emit(source)
            return
        super().insertFromMimeData(source)

    def sizeHint(self) -> QSize:
        """About three lines: the transcript, not the composer, should get the height."""
        hint = super().sizeHint()
        return QSize(hint.width(), self.fontMetrics().lineSpacing() * 3 + 16)

    def lines_height(self, max_lines: int) -> int:
        """The height in pixels of the text's first ``max_lines`` lines as laid out (at least one line).

        Measured from the layout, not as lines times the font's line spacing: a line holding Chinese text,
        an emoji or another fallback font is taller than the editor's own font makes it, and a frame sized
        by the font alone cut the third such line off behind a scroll bar.
        """
        layout = self.document().documentLayout()
        height, lines = 0.0, 0
        block = self.document().begin()
        while block.isValid() and lines < max_lines:
            count = max(1, block.layout().lineCount())
            block_height = layout.blockBoundingRect(block).height()
            if not block.next().isValid():  # the last block's rectangle also holds the margin below the text
                block_height -= self.document().documentMargin()
            taken = min(count, max_lines - lines)
            height += block_height * taken / count
            lines += taken
            block = block.next()
        return max(self.fontMetrics().lineSpacing(), math.ceil(height))

    @property
    def send_key(self) -> SendKey:
        """Which key combination sends the prompt."""
        return self._send_key

    def set_send_key(self, send_key: SendKey) -> None:
        """Change which key combination sends the prompt."""
        self._send_key = send_key

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        """Track whether a composition is active before the editor handles it."""
        self._composing = bool(event.preeditString())
        super().inputMethodEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Send on the configured key; otherwise edit as usual."""
        if event.key() in _RETURN_KEYS and self._composing:
            # The input method owns this Enter (it commits the pre-edit); neither send nor break the line.
            event.accept()
            return
        if event.key() in _RETURN_KEYS and self._is_send_combination(event):
            event.accept()
            self.send_requested.emit()
            return
        if event.key() in _RETURN_KEYS and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            # Shift+Enter would insert a paragraph separator (U+2029) in some styles; insert a plain newline.
            self.insertPlainText("\n")
            event.accept()
            return
        super().keyPressEvent(event)

    def _is_send_combination(self, event: QKeyEvent) -> bool:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl = modifiers == Qt.KeyboardModifier.ControlModifier
        if self._send_key == "ctrl_enter":
            return ctrl
        return ctrl or modifiers == Qt.KeyboardModifier.NoModifier
