"""The "Safety filters" group of the conversation settings: one threshold per harm category."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from app.core.chat.generation import SAFETY_CATEGORIES, SAFETY_THRESHOLDS
from app.qt.dialogs.parameter_card import ParameterCard, settings_form
from app.qt.dialogs.thinking_controls import select_or_add
from app.qt.follows_changes import FollowsLanguageAndTheme


class SafetyControls(FollowsLanguageAndTheme, ParameterCard):
    """A combo box per harm category: "Default" (None: the model's own) or a threshold.

    Categories a stored setting names that have no combo here (newer API ones) are kept as they are.

    Signals:
        changed(): The user picked another threshold.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form: QFormLayout = settings_form(self)
        self._extra: dict[str, str] = {}
        # The combo box of each category, by API name (public: tests and the dialog read them).
        self.combos: dict[str, QComboBox] = {}
        self._labels: dict[str, QLabel] = {}
        for category in SAFETY_CATEGORIES:
            combo = QComboBox(self)
            combo.setObjectName(f"safetyCombo_{category}")
            combo.addItem("", None)
            for threshold in SAFETY_THRESHOLDS:
                combo.addItem("", threshold)
            combo.currentIndexChanged.connect(self.changed)
            self.combos[category] = combo
            self._labels[category] = QLabel(self)
            self.form.addRow(self._labels[category], combo)
        self._retranslate()

    def _retranslate(self) -> None:
        self.setTitle(self.tr("Safety filters"))
        self.set_note(self.tr("How readily answers are blocked; Default leaves it to the model."))
        names = {
            "HARM_CATEGORY_HARASSMENT": self.tr("Harassment"),
            "HARM_CATEGORY_HATE_SPEECH": self.tr("Hate speech"),
            "HARM_CATEGORY_SEXUALLY_EXPLICIT": self.tr("Sexually explicit"),
            "HARM_CATEGORY_DANGEROUS_CONTENT": self.tr("Dangerous content"),
        }
        thresholds = {
            "BLOCK_NONE": self.tr("Block none"),
            "BLOCK_ONLY_HIGH": self.tr("Block only high"),
            "BLOCK_MEDIUM_AND_ABOVE": self.tr("Block medium and above"),
            "BLOCK_LOW_AND_ABOVE": self.tr("Block low and above"),
            "OFF": self.tr("Off"),
        }
        for category, combo in self.combos.items():
            label = names.get(category, category)
            self._labels[category].setText(label)
            combo.setAccessibleName(label)
            for index in range(combo.count()):
                threshold = combo.itemData(index)
                # A stored threshold this version does not know keeps its API name (select_or_add).
                text = (
                    self.tr("Default")
                    if threshold is None
                    else thresholds.get(str(threshold), str(threshold))
                )
                combo.setItemText(index, text)

    def set_safety(self, safety: Mapping[str, str]) -> None:
        """Show ``safety`` (thresholds by category)."""
        self._extra = {k: v for k, v in safety.items() if k not in self.combos}
        for category, combo in self.combos.items():
            select_or_add(combo, safety.get(category))

    def safety(self) -> dict[str, str]:
        """The thresholds chosen, with the categories kept from the stored setting."""
        safety = dict(self._extra)
        for category, combo in self.combos.items():
            threshold = combo.currentData()
            if threshold is not None:
                safety[category] = str(threshold)
        return safety
