"""The status line: connection state and figures for the last reply."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from app.core.chat.display import usage_line
from app.qt.render.display_labels import display_labels


class StatusLine(QStatusBar):
    """Shows the connection state on the left and the last reply's timing and usage on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusLine")
        self.state_label = QLabel(self)
        self.state_label.setObjectName("connectionState")
        self.figures_label = QLabel(self)
        self.figures_label.setObjectName("replyFigures")
        # Screen readers hear a change of these names (Qt sends NameChanged), so the state is announced.
        self.setAccessibleName(self.tr("Status"))
        self.state_label.setAccessibleDescription(self.tr("Connection and reply status"))
        self.figures_label.setAccessibleName(self.tr("Reply figures"))
        self.addWidget(self.state_label, 1)
        self.addPermanentWidget(self.figures_label)

    def set_state(self, text: str) -> None:
        """Describe the connection (``Connected to …``, ``Streaming…``, ``Retrying in 2 s…``)."""
        self.state_label.setText(text)
        self.state_label.setAccessibleName(text)

    def show_reply_figures(self, meta: dict[str, Any]) -> None:
        """Show usage, time to first token and tokens per second from a reply's stored metadata."""
        self.figures_label.setText(self.describe_figures(meta))
        self.figures_label.setAccessibleDescription(self.figures_label.text())

    def describe_figures(self, meta: dict[str, Any]) -> str:
        """The figures of a reply as one line of text, exactly as the transcript shows them under it."""
        return usage_line(meta, labels=display_labels())
