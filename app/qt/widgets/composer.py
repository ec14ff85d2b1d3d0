"""The composer at the bottom of the window: the prompt editor with Send and Stop."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from app.qt.widgets.prompt_edit import PromptEdit, SendKey


class Composer(QWidget):
    """Collects a prompt and emits intents; it never talks to the client or the store itself."""

    send_requested = Signal(str)
    stop_requested = Signal()

    def __init__(self, parent: QWidget | None = None, send_key: SendKey = "enter") -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self.editor = PromptEdit(self, send_key)
        self.editor.setAccessibleName(self.tr("Prompt"))
        self.editor.setAccessibleDescription(self.tr("Type a message for the model"))
        self.editor.setPlaceholderText(self._placeholder(send_key))
        self.editor.setMinimumHeight(56)
        self.editor.setMaximumHeight(160)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        self.send_button = QPushButton(self.tr("Send"), self)
        self.send_button.setObjectName("sendButton")
        self.send_button.setAccessibleName(self.tr("Send"))
        self.send_button.setDefault(False)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setObjectName("stopButton")
        self.stop_button.setAccessibleName(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop the answer (Esc)"))

        buttons = QVBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.stop_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.addWidget(self.editor, 1)
        layout.addLayout(buttons)

        self._streaming = False
        self.editor.send_requested.connect(self._on_send)
        self.send_button.clicked.connect(self._on_send)
        self.stop_button.clicked.connect(self.stop_requested)
        self.set_streaming(False)

    def set_send_key(self, send_key: SendKey) -> None:
        """Change which key combination sends, and say so in the placeholder."""
        self.editor.set_send_key(send_key)
        self.editor.setPlaceholderText(self._placeholder(send_key))

    def set_streaming(self, streaming: bool) -> None:
        """Show Stop while an answer streams, Send otherwise."""
        self._streaming = streaming
        self.stop_button.setVisible(streaming)
        self.stop_button.setEnabled(streaming)
        self.send_button.setVisible(not streaming)

    def text(self) -> str:
        """The prompt as typed."""
        return self.editor.toPlainText()

    def set_text(self, text: str) -> None:
        """Replace the prompt (restoring a draft, or editing a sent message) and put the cursor at its end."""
        self.editor.setPlainText(text)
        cursor = self.editor.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.editor.setTextCursor(cursor)

    def _on_send(self) -> None:
        text = self.text()
        if text.strip() and not self._streaming:
            self.send_requested.emit(text)

    def _placeholder(self, send_key: SendKey) -> str:
        if send_key == "ctrl_enter":
            return self.tr("Message Gemini… (Ctrl+Enter to send, Enter for a new line)")
        return self.tr("Message Gemini… (Enter to send, Shift+Enter for a new line)")
