"""The model picker's entries: a list model that works out a row's texts only when a view asks for them.

Gateways that aggregate many providers list thousands of models (20,000 have been seen). Building a
``QStandardItem`` for each, with its tooltip and features, cost about 45 µs a model on the GUI thread, close
to a second for such a list, and again on every theme or language change. Here a row is a small record
until it is shown; its features and tooltip are worked out once, the first time a view asks, and the row of
a model id is looked up in a dictionary rather than by asking every row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.core.chat.model_features import ModelFeatures, model_features
from app.core.gemini import model_catalog
from app.core.gemini.models_list import ModelInfo
from app.core.text_search import search_key

__all__ = [
    "ACTION_ROLE",
    "DISPLAY_NAME_ROLE",
    "FEATURES_ROLE",
    "IS_CHAT_ROLE",
    "MODEL_ID_ROLE",
    "REACH_ROLE",
    "SHOW_ALL_ACTION",
    "Entry",
    "ModelEntries",
]

# Item data roles: the model id (None on separators, headings and the toggle), whether the entry can answer
# here (native, converted or typed by hand), its reach, and what an entry that is no model does.
MODEL_ID_ROLE = Qt.ItemDataRole.UserRole + 1
IS_CHAT_ROLE = Qt.ItemDataRole.UserRole + 2
REACH_ROLE = Qt.ItemDataRole.UserRole + 3
ACTION_ROLE = Qt.ItemDataRole.UserRole + 4
# A model's display name and its `ModelFeatures`, which the delegate draws (name, limits, badges).
DISPLAY_NAME_ROLE = Qt.ItemDataRole.UserRole + 10
FEATURES_ROLE = Qt.ItemDataRole.UserRole + 11
SHOW_ALL_ACTION = "show-all"

_Index = QModelIndex | QPersistentModelIndex
# The match types of Qt.MatchFlag (the low four bits); MatchExactly is 0.
_MATCH_TYPE_MASK = 0x0F


@dataclass(frozen=True)
class Entry:
    """One row of the picker's list.

    Attributes:
        kind: "model" (from the gateway's list), "custom" (a name typed by hand), "heading", "separator" or
            "toggle" (shows or hides the models that cannot answer here).
        text: The model id or custom name; the heading's or the toggle's text; "" for a separator.
        model: The gateway's entry, for "model" rows.
        tooltip: The tooltip of rows that are no gateway model (a model's is worked out when asked for).
    """

    kind: str
    text: str = ""
    model: ModelInfo | None = None
    tooltip: str = ""


class ModelEntries(QAbstractListModel):
    """The picker's rows; ``describe`` gives a gateway model's tooltip (in the picker's words)."""

    def __init__(self, describe: Callable[[ModelInfo], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._describe = describe
        self._entries: list[Entry] = []
        self._rows: dict[str, int] = {}
        self._model_rows = 0
        self._search_keys: list[tuple[int, str]] | None = None
        self._tooltips: dict[int, str] = {}
        self._features: dict[int, ModelFeatures] = {}
        self._greyed = QColor()

    def set_entries(self, entries: Sequence[Entry], greyed: QColor) -> None:
        """Show ``entries``; models that cannot answer here are drawn in ``greyed``."""
        self.beginResetModel()
        self._entries = list(entries)
        self._greyed = QColor(greyed)
        self._tooltips.clear()
        self._features.clear()
        self._rows = {}
        self._model_rows = 0
        self._search_keys = None
        for row, entry in enumerate(self._entries):
            if entry.kind in ("model", "custom"):
                self._rows.setdefault(entry.text, row)
                self._model_rows += 1
        self.endResetModel()

    def models_in(self, first: int, last: int) -> int:
        """How many rows from ``first`` up to (not including) ``last`` are models (or custom names)."""
        first, last = max(first, 0), min(last, len(self._entries))
        if first == 0 and last == len(self._entries):
            return self._model_rows
        return sum(1 for entry in self._entries[first:last] if entry.kind in ("model", "custom"))

    def entry(self, row: int) -> Entry | None:
        """The entry at ``row`` (None outside the list)."""
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def search_keys(self) -> list[tuple[int, str]]:
        """Each model's (or custom name's) row and search key (id and display name), made once per list."""
        if self._search_keys is None:
            self._search_keys = [
                (row, search_key(entry.text, entry.model.display_name if entry.model is not None else ""))
                for row, entry in enumerate(self._entries)
                if entry.kind in ("model", "custom")
            ]
        return self._search_keys

    def row_of(self, model_id: str) -> int:
        """The first row holding ``model_id`` (-1 when none does)."""
        return self._rows.get(model_id, -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """How many entries the list has (no children: it is a list)."""
        return 0 if parent.isValid() else len(self._entries)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Headings and separators can be neither chosen nor highlighted."""
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None or entry.kind in ("heading", "separator"):
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A row's text, id, reach, features, tooltip, font and colour, worked out when first asked for."""
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None:
            return None
        row = index.row()
        model = entry.model
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return entry.text
        if role == MODEL_ID_ROLE:
            return entry.text if entry.kind in ("model", "custom") else None
        if role == IS_CHAT_ROLE:
            if entry.kind == "custom":
                return True
            return model.reach != model_catalog.UNAVAILABLE if model is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if model is None:
                return entry.tooltip or None
            if row not in self._tooltips:
                self._tooltips[row] = self._describe(model)
            return self._tooltips[row]
        if model is not None:
            return self._model_data(row, model, role)
        return self._other_data(entry, role)

    def _model_data(self, row: int, model: ModelInfo, role: int) -> Any:
        if role == REACH_ROLE:
            return model.reach
        if role == DISPLAY_NAME_ROLE:
            return model.display_name
        if role == FEATURES_ROLE:
            if row not in self._features:
                self._features[row] = model_features(model)
            return self._features[row]
        if role == Qt.ItemDataRole.ForegroundRole and model.reach == model_catalog.UNAVAILABLE:
            return QBrush(self._greyed)
        return None

    @staticmethod
    def _other_data(entry: Entry, role: int) -> Any:
        if role == ACTION_ROLE and entry.kind == "toggle":
            return SHOW_ALL_ACTION
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and entry.kind == "separator":
            return "separator"  # what QComboBox's own separators carry; the delegates draw a line
        if role == Qt.ItemDataRole.FontRole and entry.kind in ("heading", "toggle"):
            font = QFont()
            font.setBold(entry.kind == "heading")
            font.setItalic(entry.kind == "toggle")
            return font
        return None

    def match(
        self,
        start: _Index,
        role: int,
        value: Any,
        hits: int = 1,
        flags: Qt.MatchFlag = Qt.MatchFlag.MatchStartsWith | Qt.MatchFlag.MatchWrap,
    ) -> list[QModelIndex]:
        """An exact search for a model id from the top is a dictionary look-up, not a call per row."""
        exact = (Qt.MatchFlag(flags).value & _MATCH_TYPE_MASK) == 0
        if role == MODEL_ID_ROLE and exact and isinstance(value, str) and start.row() == 0 and hits == 1:
            row = self.row_of(value)
            return [self.index(row, 0)] if row >= 0 else []
        return super().match(start, role, value, hits, flags)
