"""The model chooser: an editable combo box with the gateway's models and a refresh button."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QHBoxLayout, QStyle, QToolButton, QWidget

from app.core.gemini.models_list import ModelInfo

# Item data roles: the model id (None on separators) and whether the entry is a chat model.
MODEL_ID_ROLE = Qt.ItemDataRole.UserRole + 1
IS_CHAT_ROLE = Qt.ItemDataRole.UserRole + 2


class ModelPicker(QWidget):
    """Lets the user pick a model from the list or type any model name.

    Chat models come first; other models (embeddings, Imagen, Veo …) follow after a separator, greyed but
    still selectable, because the user may know better than the name heuristics. A name typed by hand (or set
    with ``set_current_model``) that the gateway does not list stays in the combo box to be picked again.

    Signals:
        model_chosen(str): The user picked or typed a model (trimmed, never empty). Not emitted for
            ``set_current_model`` / ``set_models``, nor when the choice did not change.
        refresh_requested(): The user asked to fetch the list again.
    """

    model_chosen = Signal(str)
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelPickerContainer")
        self._models: list[ModelInfo] = []
        self._custom: list[str] = []
        self._committed = ""
        self._loading = False

        self._item_model = QStandardItemModel(self)
        self.combo = QComboBox(self)
        self.combo.setObjectName("modelPicker")
        self.combo.setAccessibleName(self.tr("Model"))
        self.combo.setEditable(True)
        self.combo.setModel(self._item_model)
        # Typed names must not be appended to the list on Enter: the list is the gateway's, plus the custom
        # entries _rebuild adds deliberately.
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(18)
        self.combo.setMaxVisibleItems(20)
        line_edit = self.combo.lineEdit()
        assert line_edit is not None  # editable combo boxes always have one
        self._line_edit = line_edit
        line_edit.setPlaceholderText(self.tr("Model name"))
        line_edit.setAccessibleName(self.tr("Model name"))

        completer = QCompleter(self._item_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.combo.setCompleter(completer)

        self.refresh_button = QToolButton(self)
        self.refresh_button.setObjectName("refreshModelsButton")
        self.refresh_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        self.refresh_button.setAccessibleName(self.tr("Refresh the model list"))
        self.refresh_button.setAutoRaise(True)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.refresh_button)
        self.setFocusProxy(self.combo)

        self.combo.activated.connect(self._on_activated)
        line_edit.editingFinished.connect(self._on_editing_finished)
        completer.activated.connect(self._on_completer_activated)
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.set_loading(False)

    # Setters ------------------------------------------------------------------------------------------------

    def set_models(self, models: Sequence[ModelInfo]) -> None:
        """Show ``models``: chat models first, the others greyed after a separator. Keeps the current text."""
        chat = [m for m in models if m.is_chat]
        other = [m for m in models if not m.is_chat]
        self._models = chat + other
        self._rebuild()

    def set_current_model(self, model_id: str) -> None:
        """Show ``model_id`` as the current model, adding it as a custom entry if the list lacks it."""
        model_id = model_id.strip()
        self._committed = model_id
        if model_id and model_id not in self._known_ids():
            self._custom = [model_id]
            self._rebuild()
        else:
            self._select(model_id)

    def current_model(self) -> str:
        """The model shown (trimmed; may be a name the gateway does not list)."""
        return self.combo.currentText().strip()

    def models(self) -> list[ModelInfo]:
        """The models last passed to ``set_models``, chat models first."""
        return list(self._models)

    def set_loading(self, loading: bool) -> None:
        """Show that the list is being fetched (the refresh button is disabled meanwhile)."""
        self._loading = loading
        self.refresh_button.setEnabled(not loading)
        tip = self.tr("Loading the model list…") if loading else self.tr("Refresh the model list")
        self.refresh_button.setToolTip(tip)
        self.combo.setToolTip(tip if loading else self.tr("Choose a model or type its name"))

    def is_loading(self) -> bool:
        """Whether ``set_loading(True)`` is in effect."""
        return self._loading

    # Internals ----------------------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        """Grey the non-chat models in the disabled-text colour of a new theme."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._models:
            self._rebuild()

    def _known_ids(self) -> set[str]:
        return {m.id for m in self._models}

    def _rebuild(self) -> None:
        shown = self.combo.currentText().strip() or self._committed
        known = self._known_ids()
        self._custom = [name for name in self._custom if name not in known]
        grey = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        with QSignalBlocker(self.combo):
            self._item_model.clear()
            chat = [m for m in self._models if m.is_chat]
            other = [m for m in self._models if not m.is_chat]
            for model in chat:
                self._item_model.appendRow(self._item(model.id, model.display_name, model.owned_by, True))
            for name in self._custom:
                item = self._item(name, name, "", True)
                item.setToolTip(self.tr("%1 (not in the gateway's list)").replace("%1", name))
                self._item_model.appendRow(item)
            if other:
                if self._item_model.rowCount():
                    self.combo.insertSeparator(self._item_model.rowCount())
                for model in other:
                    item = self._item(model.id, model.display_name, model.owned_by, False)
                    item.setForeground(grey)
                    item.setToolTip(
                        self.tr("%1 — probably not a chat model").replace("%1", item.toolTip() or model.id)
                    )
                    self._item_model.appendRow(item)
        self._select(shown)

    @staticmethod
    def _item(model_id: str, display_name: str, owned_by: str, is_chat: bool) -> QStandardItem:
        item = QStandardItem(model_id)
        item.setData(model_id, MODEL_ID_ROLE)
        item.setData(is_chat, IS_CHAT_ROLE)
        details = [display_name] if display_name and display_name != model_id else []
        if owned_by:
            details.append(owned_by)
        item.setToolTip(f"{model_id} ({', '.join(details)})" if details else model_id)
        item.setEditable(False)
        return item

    def _select(self, model_id: str) -> None:
        with QSignalBlocker(self.combo):
            index = self.combo.findData(model_id, MODEL_ID_ROLE) if model_id else -1
            self.combo.setCurrentIndex(index)
            self.combo.setEditText(model_id)

    def _commit(self, text: str) -> None:
        name = text.strip()
        if not name or name == self._committed:
            if not name:
                # An emptied field goes back to the model in use rather than leaving "no model".
                self._select(self._committed)
            return
        self._committed = name
        if name not in self._known_ids() and name not in self._custom:
            self._custom = [name]
            self._rebuild()
        elif self.combo.currentText() != name:
            self._select(name)
        self.model_chosen.emit(name)

    def _on_activated(self, index: int) -> None:
        model_id = self.combo.itemData(index, MODEL_ID_ROLE)
        if isinstance(model_id, str):
            self._commit(model_id)

    def _on_completer_activated(self, text: str) -> None:
        self._commit(text)

    def _on_editing_finished(self) -> None:
        self._commit(self.combo.currentText())
