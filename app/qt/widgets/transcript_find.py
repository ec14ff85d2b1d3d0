"""Finding text in the transcript: every match highlighted, one of them current and scrolled into view.

The matches are found again whenever the transcript's text changes (a new message, an answer arriving, the
conversation drawn again for a theme or another version), so the marks and the "n of m" count never point at
text that is gone. While an answer streams that happens at most every ``REFIND_MS``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

# How strongly the matches that are not the current one are tinted with the selection colour.
_OTHER_MATCH_ALPHA = 90

REFIND_MS = 400
"""At most this often (milliseconds) the matches are found again while the transcript keeps changing."""


class TranscriptFinder(QObject):
    """The matches of one query in a transcript, and which of them is current.

    Signals:
        refound(): The matches were found again because the transcript changed; ``count`` and ``current``
            may differ (the current match keeps its number, or the last one when fewer are left).

    Args:
        view: The transcript (also the parent); its extra selections show the matches.
        load_all: Renders every message of the conversation (earlier pages are rendered on demand), so that
            matches in older messages are found too.
    """

    refound = Signal()

    def __init__(self, view: QTextEdit, load_all: Callable[[], None]) -> None:
        super().__init__(view)
        self._view = view
        self._load_all = load_all
        self._matches: list[QTextCursor] = []
        self._current = -1
        self.query = ""
        self._refind_timer = QTimer(self)
        self._refind_timer.setSingleShot(True)
        self._refind_timer.timeout.connect(self._refind)
        self._refound_at = 0.0
        view.document().contentsChanged.connect(self._on_text_changed)

    @property
    def count(self) -> int:
        """How many matches there are."""
        return len(self._matches)

    @property
    def current(self) -> int:
        """The current match, counted from 1 (0: none is current)."""
        return self._current + 1

    def find(self, query: str) -> int:
        """Highlight every case-insensitive occurrence of ``query``, none current yet; return the count."""
        self.query = query
        self._current = -1
        self._refind_timer.stop()
        if query:
            self._load_all()
        self._matches = self._search(query)
        self._paint()
        return len(self._matches)

    def _search(self, query: str) -> list[QTextCursor]:
        matches: list[QTextCursor] = []
        if query:
            document = self._view.document()
            cursor = document.find(query, 0)
            while not cursor.isNull():
                matches.append(cursor)
                cursor = document.find(query, cursor)
        return matches

    def _on_text_changed(self) -> None:
        # Right after a redraw (the marks would sit on text that is gone), then at most every REFIND_MS.
        if not self.query or self._refind_timer.isActive():
            return
        since = (time.monotonic() - self._refound_at) * 1000
        self._refind_timer.start(max(0, round(REFIND_MS - since)))

    def _refind(self) -> None:
        """Find the query again in the changed transcript, not scrolling: the reader stays where they are."""
        self._refound_at = time.monotonic()
        self._matches = self._search(self.query)
        self._current = min(self._current, len(self._matches) - 1)
        self._paint()
        self.refound.emit()

    def step(self, forward: bool) -> int:
        """Make the next (or previous) match current, wrapping around, and scroll to it."""
        if not self._matches:
            return 0
        if self._current < 0:
            self._current = 0 if forward else len(self._matches) - 1
        else:
            self._current = (self._current + (1 if forward else -1)) % len(self._matches)
        self._paint()
        match = self._matches[self._current]
        cursor = QTextCursor(match)
        cursor.setPosition(match.selectionStart())
        self._view.setTextCursor(cursor)
        # A third of the way down the view, with its context around it, not at an edge.
        bar = self._view.verticalScrollBar()
        bar.setValue(bar.value() + self._view.cursorRect().top() - self._view.viewport().height() // 3)
        return self.current

    def clear(self) -> None:
        """Remove the highlighting."""
        self.find("")

    def _paint(self) -> None:
        palette = self._view.palette()
        other = QTextCharFormat()
        tint = QColor(palette.color(QPalette.ColorRole.Highlight))
        tint.setAlpha(_OTHER_MATCH_ALPHA)
        other.setBackground(tint)
        current = QTextCharFormat()
        current.setBackground(palette.color(QPalette.ColorRole.Highlight))
        current.setForeground(palette.color(QPalette.ColorRole.HighlightedText))
        selections = []
        for index, match in enumerate(self._matches):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = match
            selection.format = current if index == self._current else other
            selections.append(selection)
        self._view.setExtraSelections(selections)
