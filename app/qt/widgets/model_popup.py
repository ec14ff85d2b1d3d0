"""The model picker's popup: opened from the composer's model chip, a searchable list of the gateway's models.

It shows above the chip: a search field (with the refresh button beside it) over the picker's list, each model
with its name, id, limits and badges. Typing filters the list by name or id; Up and Down move in it, Enter
picks the highlighted model (or, when nothing matches, uses the typed name as a model name), Esc closes. The
``ModelPicker`` it is built on keeps the list and the rules of choosing; its own combo box stays hidden here.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QSize,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from app.qt.follows_changes import FollowsLanguageAndTheme
from app.qt.icons.ui_icons import ui_icon
from app.qt.models.model_entries import MODEL_ID_ROLE
from app.qt.models.model_matches import ModelMatches
from app.qt.render.palette import palette_for
from app.qt.widgets.model_chip import ModelChip
from app.qt.widgets.model_item_delegate import ModelItemDelegate
from app.qt.widgets.model_picker import ModelPicker
from app.render.design import ICON_S, SPACE_S, SPACE_XS

__all__ = ["ModelPopup"]

# The popup's width, and the most height its list takes before it scrolls.
POPUP_WIDTH = 400
LIST_MAX_HEIGHT = 380

# Rows laid out per pass of the event loop (each asks the delegate for its size).
_LAYOUT_BATCH = 200

# Keys the search field hands to the list (moving the highlight).
_LIST_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


class ModelPopup(FollowsLanguageAndTheme, QFrame):
    """A search field over the list of models; it closes on a choice, on Esc or on a click elsewhere."""

    _search: QLineEdit
    _list: QListView

    def __init__(self, picker: ModelPicker, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("modelPickerPopup")
        self.picker = picker
        picker.setParent(self)
        picker.hide()  # its list and rules serve here; the combo box itself is not shown
        self.setFixedWidth(POPUP_WIDTH)
        picker.model_chosen.connect(lambda _model: self.hide())
        # The search field and the list are built when the popup first opens: nothing before the first frame.
        self._built = False

    @property
    def search(self) -> QLineEdit:
        """The search field; Enter with no match uses its text as a model name."""
        self._build()
        return self._search

    @property
    def list(self) -> QListView:
        """The models matching the search."""
        self._build()
        return self._list

    def _build(self) -> None:
        if self._built:
            return
        self._built = True
        self._matching = ModelMatches(self.picker.item_model, self)
        self._search = QLineEdit(self)
        self._search.setObjectName("modelSearch")
        self._search.setClearButtonEnabled(True)
        self._search.textChanged.connect(self._on_search)
        self._search.installEventFilter(self)
        self._search_icon = self._search.addAction(
            ui_icon("search", palette_for(self.palette()).muted, ICON_S),
            QLineEdit.ActionPosition.LeadingPosition,
        )
        self._list = QListView(self)
        self._list.setObjectName("modelList")
        self._list.setItemDelegate(ModelItemDelegate(self._list))
        self._list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self._list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Rows are laid out a batch at a time between events: a gateway may list thousands of models.
        self._list.setLayoutMode(QListView.LayoutMode.Batched)
        self._list.setBatchSize(_LAYOUT_BATCH)
        self._list.setModel(self._matching)  # once the view is set up: each setting above lays it out again
        self._list.setMouseTracking(True)  # the row under the pointer is highlighted
        self._list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays in the search field
        self._list.clicked.connect(self._choose)
        # A list that arrives (or changes) while the popup is open gets its height again.
        self._matching.modelReset.connect(self._refit_shown)
        self._matching.layoutChanged.connect(self._refit_shown)
        top = QHBoxLayout()
        top.setSpacing(SPACE_XS)
        top.addWidget(self._search, 1)
        top.addWidget(self.picker.refresh_button)  # the picker keeps it up to date (disabled while loading)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE_S, SPACE_S, SPACE_S, SPACE_S)
        layout.setSpacing(SPACE_S)
        layout.addLayout(top)
        layout.addWidget(self._list)
        self._retranslate()

    def _retranslate(self) -> None:
        if not self._built:
            return
        self._search.setPlaceholderText(self.tr("Search models or type a model name"))
        self._search.setAccessibleName(self.tr("Model name"))
        self._list.setAccessibleName(self.tr("Model"))

    def _follow_palette(self) -> None:
        if self._built:
            self._search_icon.setIcon(ui_icon("search", palette_for(self.palette()).muted, ICON_S))

    def open_for(self, chip: ModelChip, several: QMenu) -> None:
        """The model chip was clicked: the picker, or the menu of several models while those are chosen."""
        if chip.several:
            several.popup(chip.mapToGlobal(chip.rect().bottomLeft()))
        else:
            self.open_above(chip)

    def open_above(self, anchor: QWidget) -> None:
        """Show the list above ``anchor`` (below it when the screen has no room), the model in use lit."""
        self.search.clear()
        self._fit_list()
        self.adjustSize()
        above = anchor.mapToGlobal(QPoint(0, -self.height() - SPACE_XS))
        self.move(above if above.y() >= 0 else anchor.mapToGlobal(anchor.rect().bottomLeft()))
        self.show()
        self.search.setFocus(Qt.FocusReason.PopupFocusReason)
        current = self.picker.item_model.match(
            self.picker.item_model.index(0, 0),
            MODEL_ID_ROLE,
            self.picker.current_model(),
            1,
            Qt.MatchFlag.MatchExactly,
        )
        if current:
            shown = self._matching.mapFromSource(current[0])
            self.list.setCurrentIndex(shown)
            self.list.scrollTo(shown, QAbstractItemView.ScrollHint.PositionAtCenter)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keys in the search field: arrows move in the list, Enter picks, Esc closes."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in _LIST_KEYS:
                self.list.keyPressEvent(event)  # its cursor moves over models only, skipping headings
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                current = self.list.currentIndex()
                if current.isValid() and self.list.selectionModel().isSelected(current):
                    self._choose(current)
                elif self.search.text().strip():
                    self.picker.choose_name(self.search.text())
                    self.hide()
                return True
            if key == Qt.Key.Key_Escape:
                self.hide()
                return True
        return super().eventFilter(watched, event)

    def _on_search(self, text: str) -> None:
        self._matching.search(text)
        first = self._first_model()
        if first.isValid():
            self.list.setCurrentIndex(first)
        else:
            self.list.clearSelection()
            self.list.setCurrentIndex(QModelIndex())

    def _first_model(self) -> QModelIndex:
        for row in range(self._matching.rowCount()):
            index = self._matching.index(row, 0)
            if isinstance(index.data(MODEL_ID_ROLE), str):
                return index
        return QModelIndex()

    def _choose(self, index: QModelIndex | QPersistentModelIndex) -> None:
        source = self._matching.mapToSource(self._matching.index(index.row(), 0))
        if not source.isValid():
            return  # the "more" row
        if self.picker.choose_row(source.row()):
            self.hide()  # also when the model did not change (no model_chosen then)
        else:
            self._fit_list()  # "Show all models" made the list longer (or shorter)

    def _fit_list(self) -> None:
        """As tall as the entries, up to ``LIST_MAX_HEIGHT``; then it scrolls."""
        height = 2 * self.list.frameWidth()
        for row in range(self._matching.rowCount()):
            if height >= LIST_MAX_HEIGHT:
                break  # the rest scrolls: no need to measure thousands of rows
            height += self.list.sizeHintForRow(row)
        self.list.setFixedHeight(max(self.list.fontMetrics().height() * 2, min(height, LIST_MAX_HEIGHT)))

    def _refit_shown(self) -> None:
        if self.isVisible():
            self._fit_list()
            self.adjustSize()

    def sizeHint(self) -> QSize:
        """The fixed width, as tall as the search field and the fitted list."""
        return QSize(POPUP_WIDTH, super().sizeHint().height())
