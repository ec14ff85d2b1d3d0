"""The model popup's rows: the picker's entries matching the search, at most ``SHOWN_AT_ONCE`` of them.

A gateway may list 50,000 models. A view over all of them lays out every row (asking the delegate for each
row's size) before it paints the first, seconds on a laptop, and again after each key typed. Here the view
holds the first ``SHOWN_AT_ONCE`` matches and a last row saying how many more a search would narrow down,
so the list opens and filters as fast with 50,000 models as with ten. Matching reads each entry's search key,
made once per list, not the entries' texts on every key.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from app.core.text_search import matching, search_words
from app.qt.models.model_entries import ModelEntries

__all__ = ["SHOWN_AT_ONCE", "ModelMatches"]

# The most entries the popup lists at once; a search narrows the rest down.
SHOWN_AT_ONCE = 500

_Index = QModelIndex | QPersistentModelIndex


class ModelMatches(QAbstractListModel):
    """The entries of ``entries`` matching the search (all of them while it is blank), capped.

    While searching, group headings, separators and the "Show all models" entry step aside: only models match.
    """

    def __init__(self, entries: ModelEntries, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries = entries
        self._words: tuple[str, ...] = ()
        self._rows: list[int] = []
        self._shown: dict[int, int] = {}
        self._more = 0
        entries.modelReset.connect(self._on_entries_reset)
        self._fill()

    def search(self, text: str) -> None:
        """Show the entries matching ``text`` (every word, in any case, in the model's id or name)."""
        words = search_words(text)
        if words != self._words:
            self._words = words
            self.beginResetModel()
            self._fill()
            self.endResetModel()

    @property
    def more(self) -> int:
        """How many matching models are not listed (past ``SHOWN_AT_ONCE``)."""
        return self._more

    def mapToSource(self, index: _Index) -> QModelIndex:
        """The entry shown at ``index`` (invalid for the "more" row)."""
        row = index.row() if index.isValid() else -1
        return self._entries.index(self._rows[row], 0) if 0 <= row < len(self._rows) else QModelIndex()

    def mapFromSource(self, index: _Index) -> QModelIndex:
        """Where the entry at ``index`` is shown (invalid when it is not)."""
        row = self._shown.get(index.row(), -1) if index.isValid() else -1
        return self.index(row, 0) if row >= 0 else QModelIndex()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """The entries shown, and the "more" row when matches are left out."""
        return 0 if parent.isValid() else len(self._rows) + (1 if self._more else 0)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """As the entry's; the "more" row can be neither chosen nor highlighted."""
        source = self.mapToSource(index)
        return self._entries.flags(source) if source.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The entry's data; the "more" row says how many matches a search would narrow down."""
        source = self.mapToSource(index)
        if source.isValid():
            return self._entries.data(source, role)
        if not index.isValid() or index.row() != len(self._rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr("%n more: type to narrow the list", "", self._more)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _on_entries_reset(self) -> None:
        self.beginResetModel()
        self._fill()
        self.endResetModel()

    def _fill(self) -> None:
        if not self._words:
            count = self._entries.rowCount()
            self._rows = list(range(min(count, SHOWN_AT_ONCE)))
            self._more = self._entries.models_in(0, count) - self._entries.models_in(0, SHOWN_AT_ONCE)
        else:
            found = matching(self._words, self._entries.search_keys())
            self._rows = found[:SHOWN_AT_ONCE]
            self._more = len(found) - len(self._rows)
        self._shown = {source: shown for shown, source in enumerate(self._rows)}
