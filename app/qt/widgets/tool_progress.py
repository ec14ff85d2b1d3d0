"""The card above the message box while tools run: each running call, with the progress its server reports.

MCP servers may send progress notifications during a call (a step count, a total when they know it, and a
message). Each running call gets a row: which tool on which server, a bar (busy until the server says how
far it is, then "n of total"), and the server's latest message, shown as plain text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QProgressBar, QVBoxLayout, QWidget

from app.core.visible_text import reveal_invisible
from app.qt.follows_changes import FollowsLanguageAndTheme

_MESSAGE_CHARS = 300  # a server's progress message is shown up to this long


@dataclass
class _Row:
    server: str
    tool: str
    title: QLabel
    bar: QProgressBar
    message: QLabel
    done: float = 0.0
    total: float | None = None
    reported: bool = False


class ToolProgressCard(FollowsLanguageAndTheme, QFrame):
    """A passive card listing running calls by key; hidden when none runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toolProgressCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(10, 6, 10, 6)
        self._rows: dict[object, _Row] = {}
        self.hide()

    def _retranslate(self) -> None:
        for row in self._rows.values():
            self._word(row)

    def started(self, key: object, server: str, tool: str) -> None:
        """A call runs: add its row (busy until the server reports progress)."""
        if key in self._rows:
            return
        title = QLabel(self)
        title.setObjectName("toolProgressTitle")
        title.setTextFormat(Qt.TextFormat.PlainText)
        title.setWordWrap(True)
        bar = QProgressBar(self)
        bar.setObjectName("toolProgressBar")
        bar.setRange(0, 0)  # busy
        bar.setTextVisible(False)
        bar.setMaximumHeight(8)
        message = QLabel(self)
        message.setObjectName("toolProgressMessage")
        message.setTextFormat(Qt.TextFormat.PlainText)
        message.setWordWrap(True)
        message.hide()
        row = _Row(server, tool, title, bar, message)
        for widget in (title, bar, message):
            self._layout.addWidget(widget)
        self._rows[key] = row
        self._word(row)
        self.show()

    def progress(self, key: object, done: float, total: float | None, message: str | None) -> None:
        """The server reported how far the call is (``total`` None when it cannot tell)."""
        row = self._rows.get(key)
        if row is None or not math.isfinite(done):
            return  # NaN or infinity from a server: nothing a card can show
        if total is not None and not (math.isfinite(total) and total > 0):
            total = None
        row.done, row.total, row.reported = done, total, True
        if total is not None and total > 0:
            row.bar.setRange(0, 1000)
            row.bar.setValue(round(min(max(done / total, 0.0), 1.0) * 1000))
        if message:
            # The server's words: plain text, invisible characters shown, never obeyed.
            row.message.setText(reveal_invisible(message[:_MESSAGE_CHARS]))
            row.message.show()
        self._word(row)

    def finished(self, key: object) -> None:
        """The call ended: drop its row, and the card when it was the last."""
        row = self._rows.pop(key, None)
        if row is not None:
            for widget in (row.title, row.bar, row.message):
                self._layout.removeWidget(widget)
                widget.hide()
                widget.setParent(None)  # gone at once, not only when the deletion is processed
                widget.deleteLater()
        if not self._rows:
            self.hide()

    def clear(self) -> None:
        """Drop every row (the reply ended or was stopped)."""
        for key in list(self._rows):
            self.finished(key)

    def _word(self, row: _Row) -> None:
        title = self.tr("Running {tool} on {server}").format(
            tool=f"“{reveal_invisible(row.tool)}”", server=f"“{reveal_invisible(row.server)}”"
        )
        if row.reported and row.total is not None and row.total > 0:
            title += " · " + self.tr("{0} of {1}").format(f"{row.done:g}", f"{row.total:g}")
        elif row.reported:
            title += " · " + self.tr("step {0}").format(f"{row.done:g}")
        row.title.setText(title)
        row.bar.setAccessibleName(title)
