"""The "Several models" menu's list: a search field over the models that can answer, each with a check box.

It sits in the menu as one widget, so ticking a model keeps the menu open (a menu closes after an action),
and it holds only the models matching the search, at most ``SHOWN_AT_ONCE``: a gateway with thousands of
models opens it as fast as one with ten.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from app.core.text_search import matches_words, search_key, search_words
from app.qt.follows_changes import FollowsLanguageAndTheme
from app.qt.plain_text import shown_literally
from app.render.design import SPACE_XS

__all__ = ["SHOWN_AT_ONCE", "ModelChecklist"]

# The most models listed at once; a search narrows the rest down.
SHOWN_AT_ONCE = 100
_ID = Qt.ItemDataRole.UserRole


class ModelChecklist(FollowsLanguageAndTheme, QWidget):
    """A search field and the matching models with check boxes; passive: it emits what was ticked.

    Signals:
        toggled(str, bool): A model was ticked (True) or unticked.

    Args:
        parent: The menu holding it.
    """

    toggled = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit(self)
        self.search.setObjectName("compareModelSearch")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setObjectName("compareModelList")
        self.list.setMinimumWidth(280)
        self._models: list[tuple[str, str]] = []
        self._chosen: list[str] = []
        self._full = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE_XS, SPACE_XS, SPACE_XS, SPACE_XS)
        layout.setSpacing(SPACE_XS)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self.search.textChanged.connect(self._fill)
        self.list.itemChanged.connect(self._on_item_changed)
        self._retranslate()

    def _retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Find a model"))
        self.search.setAccessibleName(self.tr("Find a model"))
        self.list.setAccessibleName(self.tr("Models to ask"))

    def set_models(self, models: Sequence[tuple[str, str]], chosen: Sequence[str], full: bool) -> None:
        """List ``models`` (id, display name) matching the search, ticking ``chosen``.

        ``full``: no more can be chosen, so the unticked ones are greyed.
        """
        self._models = list(models)
        self._chosen = list(chosen)
        self._full = full
        self._fill()

    def shown_ids(self) -> list[str]:
        """The ids of the models listed now (those matching the search, at most ``SHOWN_AT_ONCE``)."""
        items = (self.list.item(row) for row in range(self.list.count()))
        return [str(item.data(_ID)) for item in items if item.data(_ID) is not None]

    def _fill(self) -> None:
        words = search_words(self.search.text())
        # The chosen ones first and whatever the search, so they can always be unticked.
        matching = [entry for entry in self._models if entry[0] in self._chosen]
        matching += [
            (model, name)
            for model, name in self._models
            if model not in self._chosen and matches_words(words, search_key(model, name))
        ]
        with QSignalBlocker(self.list):
            self.list.clear()
            for model, name in matching[:SHOWN_AT_ONCE]:
                item = QListWidgetItem(name or model, self.list)
                item.setData(_ID, model)
                item.setToolTip(shown_literally(model))  # the gateway's id, never read as HTML
                self._show_state(item)
            more = len(matching) - SHOWN_AT_ONCE
            if more > 0:
                note = QListWidgetItem(self.tr("%n more: type to narrow the list", "", more), self.list)
                note.setFlags(Qt.ItemFlag.NoItemFlags)
            elif not matching:
                note = QListWidgetItem(self.tr("No model matches"), self.list)
                note.setFlags(Qt.ItemFlag.NoItemFlags)

    def set_chosen(self, chosen: Sequence[str], full: bool) -> None:
        """Tick ``chosen`` and grey the others when ``full``, keeping the list as it is (no rebuild)."""
        self._chosen = list(chosen)
        self._full = full
        with QSignalBlocker(self.list):
            for row in range(self.list.count()):
                item = self.list.item(row)
                if item.data(_ID) is not None:
                    self._show_state(item)

    def _show_state(self, item: QListWidgetItem) -> None:
        ticked = item.data(_ID) in self._chosen
        item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        enabled = ticked or not self._full
        flags = item.flags()
        item.setFlags(flags | Qt.ItemFlag.ItemIsEnabled if enabled else flags & ~Qt.ItemFlag.ItemIsEnabled)

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        model = item.data(_ID)
        if model is not None:
            self.toggled.emit(str(model), item.checkState() == Qt.CheckState.Checked)
