"""Finding text in the transcript: every match highlighted, one of them current and scrolled into view."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QPalette, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

# How strongly the matches that are not the current one are tinted with the selection colour.
_OTHER_MATCH_ALPHA = 90


class TranscriptFinder(QObject):
    """The matches of one query in a transcript, and which of them is current.

    Args:
        view: The transcript (also the parent); its extra selections show the matches.
        load_all: Renders every message of the conversation (earlier pages are rendered on demand), so that
            matches in older messages are found too.
    """

    def __init__(self, view: QTextEdit, load_all: Callable[[], None]) -> None:
        super().__init__(view)
        self._view = view
        self._load_all = load_all
        self._matches: list[QTextCursor] = []
        self._current = -1
        self.query = ""

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
        self._matches = []
        self._current = -1
        if query:
            self._load_all()
            document = self._view.document()
            cursor = document.find(query, 0)
            while not cursor.isNull():
                self._matches.append(cursor)
                cursor = document.find(query, cursor)
        self._paint()
        return len(self._matches)

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
