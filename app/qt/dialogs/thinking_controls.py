"""The conversation settings' Thinking group: a budget or a level (as the model takes it), and thoughts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from app.core.chat.generation import THINKING_LEVELS, model_traits
from app.qt.dialogs.parameter_card import ParameterCard, settings_form
from app.qt.dialogs.welcome_page import muted_label, with_error
from app.qt.follows_changes import FollowsLanguageAndTheme

# Positions of the thinking-budget combo box; a fixed budget takes its number from the spin box.
_BUDGET_DEFAULT, _BUDGET_DYNAMIC, _BUDGET_OFF, _BUDGET_FIXED = range(4)
_BUDGET_MAX = 65536  # above every model's limit, so a too-large budget is reported rather than clamped


class ThinkingControls(FollowsLanguageAndTheme, ParameterCard):
    """Shows the thinking control that fits the model and reads the budget, level and "Show thoughts".

    Args:
        error: Makes the error label of a named settings field (the dialog shows validation messages there).
        parent: The dialog's body.

    Signals:
        changed(): The user changed one of the controls.
    """

    changed = Signal()

    def __init__(self, error: Callable[[str], QLabel], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._form = form = settings_form(self)
        self._model = ""
        self.budget_combo = QComboBox(self)
        self.budget_combo.setObjectName("thinkingBudgetCombo")
        for _ in range(4):  # model default, dynamic, off, fixed budget (worded in _retranslate)
            self.budget_combo.addItem("")
        self.budget_spin = QSpinBox(self)
        self.budget_spin.setObjectName("thinkingBudgetSpin")
        self.budget_spin.setRange(1, _BUDGET_MAX)
        self.budget_spin.setValue(1024)
        self.budget_spin.setSingleStep(512)
        budget_row = QWidget(self)
        budget_layout = QHBoxLayout(budget_row)
        budget_layout.setContentsMargins(0, 0, 0, 0)
        budget_layout.addWidget(self.budget_combo, 1)
        budget_layout.addWidget(self.budget_spin, 1)

        self.level_combo = QComboBox(self)
        self.level_combo.setObjectName("thinkingLevelCombo")
        self.level_combo.addItem("", None)
        for level in THINKING_LEVELS:
            self.level_combo.addItem("", level)

        self.no_thinking_label = QLabel(self)
        self.no_thinking_label.setObjectName("noThinkingLabel")
        muted_label(self.no_thinking_label)
        self.include_thoughts_check = QCheckBox(self)
        self.include_thoughts_check.setObjectName("includeThoughtsCheck")

        self._budget_rows = with_error(budget_row, error("thinking_budget"))
        self._level_rows = with_error(self.level_combo, error("thinking_level"))
        self._budget_label, self._level_label = QLabel(self), QLabel(self)
        form.addRow(self._budget_label, self._budget_rows)
        form.addRow(self._level_label, self._level_rows)
        form.addRow("", self.no_thinking_label)
        form.addRow("", self.include_thoughts_check)

        self.budget_combo.currentIndexChanged.connect(self._on_changed)
        self.budget_spin.valueChanged.connect(self._on_changed)
        self.level_combo.currentIndexChanged.connect(self._on_changed)
        self.include_thoughts_check.toggled.connect(self._on_changed)
        self._retranslate()

    def _retranslate(self) -> None:
        self.setTitle(self.tr("Thinking"))
        self.set_note(self.tr("How much the model thinks before it answers, and whether you see it."))
        self.budget_combo.setAccessibleName(self.tr("Thinking budget"))
        budgets = (self.tr("Model default"), self.tr("Dynamic"), self.tr("Off"), self.tr("Fixed budget"))
        for index, text in enumerate(budgets):
            self.budget_combo.setItemText(index, text)
        self.budget_spin.setAccessibleName(self.tr("Thinking budget in tokens"))
        self.budget_spin.setSuffix(self.tr(" tokens"))
        self.level_combo.setAccessibleName(self.tr("Thinking level"))
        named = (self.tr("Minimal"), self.tr("Low"), self.tr("Medium"), self.tr("High"))
        levels: dict[str | None, str] = {None: self.tr("Model default")}
        levels.update(zip(THINKING_LEVELS, named, strict=True))
        for index in range(self.level_combo.count()):
            level = self.level_combo.itemData(index)
            self.level_combo.setItemText(index, levels.get(level, str(level)))
        self.no_thinking_label.setText(self.tr("This model does not think."))
        self.include_thoughts_check.setText(self.tr("Show thoughts"))
        self.include_thoughts_check.setToolTip(self.tr("Ask for a summary of the model's thinking"))
        self._budget_label.setText(self.tr("Budget"))
        self._level_label.setText(self.tr("Level"))
        if self._model:
            self.set_model(self._model)

    def set_model(self, model: str) -> None:
        """Show the budget, the level or "does not think", as ``model`` takes it (Pro cannot turn it off)."""
        self._model = model
        traits = model_traits(model)
        thinks = traits.supports_thinking
        self._form.setRowVisible(self._budget_rows, thinks and not traits.uses_thinking_level)
        self._form.setRowVisible(self._level_rows, thinks and traits.uses_thinking_level)
        self._form.setRowVisible(self.no_thinking_label, not thinks)
        self.include_thoughts_check.setEnabled(thinks)
        model_items = self.budget_combo.model()
        assert isinstance(model_items, QStandardItemModel)  # QComboBox's own model
        off_item = model_items.item(_BUDGET_OFF)
        if off_item is not None:
            off_item.setEnabled(not traits.is_pro)
            off_item.setToolTip(self.tr("Pro models always think") if traits.is_pro else "")

    def show_values(self, budget: int | None, level: str | None, include_thoughts: bool) -> None:
        """Show stored values: a budget of -1 is dynamic, 0 is off, None is the model's default."""
        if budget is None:
            index = _BUDGET_DEFAULT
        elif budget == -1:
            index = _BUDGET_DYNAMIC
        elif budget == 0:
            index = _BUDGET_OFF
        else:
            index = _BUDGET_FIXED
            self.budget_spin.setValue(budget)
        self.budget_combo.setCurrentIndex(index)
        self.budget_spin.setEnabled(index == _BUDGET_FIXED)
        select_or_add(self.level_combo, level)
        self.include_thoughts_check.setChecked(include_thoughts)

    def budget(self) -> int | None:
        """The budget as edited: -1 dynamic, 0 off, a number of tokens, or None for the model's default."""
        index = self.budget_combo.currentIndex()
        if index == _BUDGET_DYNAMIC:
            return -1
        if index == _BUDGET_OFF:
            return 0
        if index == _BUDGET_FIXED:
            return self.budget_spin.value()
        return None

    def level(self) -> str | None:
        """The level as edited, or None for the model's default."""
        level = self.level_combo.currentData()
        return None if level is None else str(level)

    def _on_changed(self, *_args: object) -> None:
        self.budget_spin.setEnabled(self.budget_combo.currentIndex() == _BUDGET_FIXED)
        self.changed.emit()


def select_or_add(combo: QComboBox, value: str | None) -> None:
    """Select the item holding ``value``; an unknown stored value gets its own item, so it is kept."""
    index = combo.findData(value)
    if index < 0 and value is not None:
        combo.addItem(value, value)
        index = combo.count() - 1
    combo.setCurrentIndex(max(index, 0))
