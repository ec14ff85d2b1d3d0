"""Find in the open conversation (Ctrl+F), and showing where a search result matched when it is opened."""

from __future__ import annotations

from PySide6.QtCore import QObject

from app.qt.main_window import MainWindow
from app.qt.widgets.transcript_find import TranscriptFinder


class FindInConversation(QObject):
    """Connects the find bar to the transcript's matches.

    Opening a conversation from a search of the list opens the find bar with that search, every match
    highlighted and the first one scrolled into view; Enter, the arrows or F3 go through the others.

    Args:
        window: The main window (its find bar, transcript and conversation list).
        finder: The transcript's matches.
        parent: The owner.
    """

    def __init__(self, window: MainWindow, finder: TranscriptFinder, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._window = window
        self._finder = finder
        bar = window.find_bar
        bar.query_changed.connect(self._on_query_changed)
        bar.next_requested.connect(lambda: self._step(True))
        bar.previous_requested.connect(lambda: self._step(False))
        bar.closed.connect(self._finder.clear)
        finder.refound.connect(self._show_count)
        window.find_requested.connect(self.open_bar)

    def open_bar(self) -> None:
        """Ctrl+F: show the bar; the text selected in the transcript, if any, is what is found."""
        selected = self._window.transcript.textCursor().selectedText().strip()
        self._window.find_bar.open_with(selected or None)
        self._find(self._window.find_bar.query())

    def conversation_opened(self, _conversation_id: int) -> None:
        """A conversation was opened: show the list's search in it, or keep finding what the bar holds."""
        sidebar = self._window.sidebar
        searched = sidebar.search.text().strip() if sidebar.model.is_searching else ""
        if searched:
            self._window.find_bar.open_with(searched, focus=False)
        query = self._window.find_bar.query()
        if query:
            self._find(query)

    def _on_query_changed(self, query: str) -> None:
        self._find(query)

    def _find(self, query: str) -> None:
        self._finder.find(query)
        self._finder.step(True)  # the first match is current, scrolled into view
        self._show_count()

    def _step(self, forward: bool) -> None:
        if self._finder.query != self._window.find_bar.query():
            self._finder.find(self._window.find_bar.query())
        self._finder.step(forward)
        self._show_count()

    def _show_count(self) -> None:
        self._window.find_bar.show_count(self._finder.current, self._finder.count)
