"""The model chooser: an editable combo box with the gateway's models and a refresh button.

Models are grouped by how they answer on the gateway's Gemini endpoint (`ModelInfo.reach`): native models
first; then, under a heading, models the gateway answers through conversion (marked, since they lose Google
Search, code execution and URL context); models that cannot answer here are hidden behind a "Show all models"
entry and, when shown, greyed with the reason in their tooltip. They stay selectable: users may know better.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QCompleter, QHBoxLayout, QToolButton, QWidget

from app.core.chat.model_features import model_features
from app.core.gemini import model_catalog
from app.core.gemini.models_list import ModelInfo
from app.qt import model_reach_texts
from app.qt.icons.ui_icons import ui_icon
from app.qt.models.model_entries import (
    ACTION_ROLE,
    DISPLAY_NAME_ROLE,
    FEATURES_ROLE,
    IS_CHAT_ROLE,
    MODEL_ID_ROLE,
    REACH_ROLE,
    SHOW_ALL_ACTION,
    Entry,
    ModelEntries,
)
from app.qt.plain_text import shown_literally
from app.qt.render.palette import palette_for
from app.qt.widgets.model_item_delegate import ModelItemDelegate, model_row_texts
from app.render.design import ICON_S

__all__ = [
    "ACTION_ROLE",
    "DISPLAY_NAME_ROLE",
    "FEATURES_ROLE",
    "IS_CHAT_ROLE",
    "MODEL_ID_ROLE",
    "REACH_ROLE",
    "SHOW_ALL_ACTION",
    "ModelPicker",
]


class ModelPicker(QWidget):
    """Lets the user pick a model from the list or type any model name.

    Native models come first, then converted ones under a heading; models that cannot answer on the Gemini
    endpoint appear only after "Show all models" (or when one of them is the current model), greyed but still
    selectable, because the user may know better than the rules. A name typed by hand (or set with
    ``set_current_model``) that the gateway does not list stays in the combo box to be picked again.

    Signals:
        model_chosen(str): The user picked or typed a model (trimmed, never empty). Not emitted for
            ``set_current_model`` / ``set_models``, nor when the choice did not change.
        refresh_requested(): The user asked to fetch the list again.
        shown_changed(str, str): The model shown changed (also when set from code, or when the list brings
            its display name): its id and display name ("" when the list gives none).
    """

    model_chosen = Signal(str)
    shown_changed = Signal(str, str)
    refresh_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelPickerContainer")
        self._models: list[ModelInfo] = []
        self._by_id: dict[str, ModelInfo] = {}
        self._custom: list[str] = []
        self._committed = ""
        self._loading = False
        self._show_all = False

        self._item_model = ModelEntries(self._describe, self)
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
        # Names, ids, token limits and badges: a model's row says what it is and what it can do.
        self.combo.setItemDelegate(ModelItemDelegate(self.combo))
        line_edit = self.combo.lineEdit()
        assert line_edit is not None  # editable combo boxes always have one
        self._line_edit = line_edit
        line_edit.setPlaceholderText(self.tr("Model name"))
        line_edit.setAccessibleName(self.tr("Model name"))

        completer = QCompleter(self._item_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionRole(MODEL_ID_ROLE)  # headings and the toggle are no completions
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.combo.setCompleter(completer)

        self.refresh_button = QToolButton(self)
        self.refresh_button.setObjectName("refreshModelsButton")
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
        self._set_icons()

    # Setters ------------------------------------------------------------------------------------------------

    def set_models(self, models: Sequence[ModelInfo]) -> None:
        """Show ``models`` grouped by reach (native, converted, unavailable). Keeps the current text."""
        self._models = sorted(models, key=lambda m: model_catalog.reach_order(m.reach))
        self._by_id = {}
        for model in self._models:
            self._by_id.setdefault(model.id, model)
        self._rebuild()

    def set_show_all(self, show_all: bool) -> None:
        """Show (or hide again) the models that cannot answer on the gateway's Gemini endpoint."""
        if show_all != self._show_all:
            self._show_all = show_all
            self._rebuild()

    def shows_all(self) -> bool:
        """Whether the models that cannot answer here are listed."""
        return self._show_all

    def model_info(self, model_id: str) -> ModelInfo | None:
        """What the gateway's list says about ``model_id`` (None when it is not listed)."""
        return self._by_id.get(model_id)

    def set_current_model(self, model_id: str) -> None:
        """Show ``model_id`` as the current model, adding it as a custom entry if the list lacks it."""
        model_id = model_id.strip()
        self._committed = model_id
        if model_id and model_id not in self._known_ids():
            self._custom = [model_id]
            self._rebuild(model_id)
        else:
            self._select(model_id)

    def current_model(self) -> str:
        """The model shown (trimmed; may be a name the gateway does not list)."""
        return self.combo.currentText().strip()

    def models(self) -> list[ModelInfo]:
        """The models last passed to ``set_models``, native models first."""
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
        """Grey the non-chat models in the disabled-text colour of a new theme; speak a new language."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.combo.setAccessibleName(self.tr("Model"))
            self._line_edit.setPlaceholderText(self.tr("Model name"))
            self._line_edit.setAccessibleName(self.tr("Model name"))
            self.refresh_button.setAccessibleName(self.tr("Refresh the model list"))
            self.set_loading(self._loading)
        if event.type() == QEvent.Type.PaletteChange:
            self._set_icons()
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.LanguageChange) and self._models:
            self._rebuild()

    def _set_icons(self) -> None:
        self.refresh_button.setIcon(ui_icon("regenerate", palette_for(self.palette()).text, ICON_S))

    def _known_ids(self) -> dict[str, ModelInfo]:
        return self._by_id

    def _rebuild(self, shown: str | None = None) -> None:
        """List the entries again, then show ``shown`` (by default the text shown, else the model in use)."""
        if shown is None:
            shown = self.combo.currentText().strip() or self._committed
        known = self._known_ids()
        self._custom = [name for name in self._custom if name not in known]
        by_reach: dict[str, list[ModelInfo]] = {}
        for model in self._models:
            by_reach.setdefault(model.reach, []).append(model)
        unavailable = by_reach.get(model_catalog.UNAVAILABLE, [])
        # The model in use stays visible even when its group is hidden.
        listed = (
            unavailable if self._show_all else [m for m in unavailable if m.id in (shown, self._committed)]
        )
        entries = [Entry("model", model.id, model) for model in by_reach.get(model_catalog.NATIVE, [])]
        for name in self._custom:
            tip = self.tr("%1 (not in the gateway's list)").replace("%1", name)
            entries.append(Entry("custom", name, tooltip=shown_literally(tip)))
        self._append_group(entries, model_catalog.CONVERTED, by_reach.get(model_catalog.CONVERTED, []))
        self._append_group(entries, model_catalog.UNAVAILABLE, listed)
        hidden = len(unavailable) - len(listed)
        if unavailable and (hidden or self._show_all):
            self._append_toggle(entries, hidden)
        greyed = self.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        with QSignalBlocker(self.combo):
            self._item_model.set_entries(entries, greyed)
        self._select(shown)

    @staticmethod
    def _append_group(entries: list[Entry], reach: str, models: Sequence[ModelInfo]) -> None:
        if not models:
            return
        if entries:
            entries.append(Entry("separator"))
        entries.append(Entry("heading", model_reach_texts.group_title(reach)))
        entries.extend(Entry("model", model.id, model) for model in models)

    def _append_toggle(self, entries: list[Entry], hidden: int) -> None:
        text = (
            self.tr("Hide models that cannot answer here")
            if self._show_all
            else self.tr("Show all models (%1 more)").replace("%1", str(hidden))
        )
        tip = self.tr(
            "Models the gateway lists that cannot answer on its Gemini endpoint, each with the reason"
        )
        if entries:
            entries.append(Entry("separator"))
        entries.append(Entry("toggle", text, tooltip=tip))

    def _describe(self, model: ModelInfo) -> str:
        """A gateway model's tooltip: its name, id, limits and badges, then why it is marked, if it is."""
        features = model_features(model)
        title, secondary, badges = model_row_texts(model.id, model.display_name, features)
        tip = shown_literally(" · ".join(filter(None, [title, secondary, ", ".join(badges)])))
        note = model_reach_texts.reach_note(model)
        return tip + shown_literally(note) if note else tip

    def _select(self, model_id: str) -> None:
        with QSignalBlocker(self.combo):
            index = self.combo.findData(model_id, MODEL_ID_ROLE) if model_id else -1
            self.combo.setCurrentIndex(index)
            self.combo.setEditText(model_id)
        self._announce(model_id)

    def _announce(self, model_id: str) -> None:
        info = self.model_info(model_id)
        self.shown_changed.emit(model_id, info.display_name if info is not None else "")

    def _commit(self, text: str) -> None:
        name = text.strip()
        row = self.combo.findText(name) if name else -1
        if row >= 0 and self.combo.itemData(row, MODEL_ID_ROLE) is None:
            # A heading or the "Show all models" entry reached with the arrow keys: no model name.
            self._select(self._committed)
            return
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
        else:
            self._announce(name)
        self.model_chosen.emit(name)

    def choose_row(self, row: int) -> bool:
        """Choose entry ``row`` of the list as picking it does; return whether it was a model.

        The "Show all models" entry shows (or hides) the models that cannot answer here instead.
        """
        if self.combo.itemData(row, ACTION_ROLE) == SHOW_ALL_ACTION:
            self.set_show_all(not self._show_all)
            self._select(self._committed)
            return False
        model_id = self.combo.itemData(row, MODEL_ID_ROLE)
        if not isinstance(model_id, str):
            return False
        self._commit(model_id)
        return True

    def choose_name(self, name: str) -> None:
        """Use the model called ``name``, typed by the user (listed or not)."""
        with QSignalBlocker(self.combo):
            self.combo.setEditText(name.strip())  # as if typed into the combo box: the list keeps it
        self._commit(name)

    @property
    def item_model(self) -> ModelEntries:
        """The list's entries: models (id in ``MODEL_ID_ROLE``), group headings, separators, the toggle."""
        return self._item_model

    def _on_activated(self, index: int) -> None:
        if not self.choose_row(index) and self.combo.itemData(index, ACTION_ROLE) == SHOW_ALL_ACTION:
            # The popup closed on the click: open it again on the longer (or shorter) list.
            QTimer.singleShot(0, self.combo, self.combo.showPopup)

    def _on_completer_activated(self, text: str) -> None:
        self._commit(text)

    def _on_editing_finished(self) -> None:
        self._commit(self.combo.currentText())
