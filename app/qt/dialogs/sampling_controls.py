"""The "Sampling" group of the conversation settings: temperature, top P, top K, output limit and seed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from app.qt.dialogs.parameter_card import ParameterCard, settings_form
from app.qt.dialogs.welcome_page import with_error
from app.qt.follows_changes import FollowsLanguageAndTheme


class SamplingControls(FollowsLanguageAndTheme, ParameterCard):
    """One text field per sampling number; empty means the model's own default.

    Args:
        error: Makes the error label of a named settings field (the dialog shows validation messages there).
        parent: The dialog's body.

    Signals:
        changed(): The user edited one of the numbers.
    """

    changed = Signal()

    def __init__(self, error: Callable[[str], QLabel], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = settings_form(self)
        self.temperature_edit = self._number_edit("temperatureEdit")
        self.top_p_edit = self._number_edit("topPEdit")
        self.top_k_edit = self._number_edit("topKEdit")
        self.max_tokens_edit = self._number_edit("maxOutputTokensEdit")
        self.seed_edit = self._number_edit("seedEdit")
        self._labels: list[QLabel] = []
        for edit, field_name in self._fields():
            label = QLabel(self)
            self._labels.append(label)
            form.addRow(label, with_error(edit, error(field_name)))
        self._retranslate()

    def _fields(self) -> tuple[tuple[QLineEdit, str], ...]:
        return (
            (self.temperature_edit, "temperature"),
            (self.top_p_edit, "top_p"),
            (self.top_k_edit, "top_k"),
            (self.max_tokens_edit, "max_output_tokens"),
            (self.seed_edit, "seed"),
        )

    def _number_edit(self, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.textChanged.connect(self.changed)
        return edit

    def _retranslate(self) -> None:
        self.setTitle(self.tr("Sampling"))
        self.set_note(self.tr("How varied the answers are. Empty fields use the model's own defaults."))
        texts = (
            (self.tr("Temperature"), self.tr("0 to 2; empty for the model's default")),
            (self.tr("Top P"), self.tr("0 to 1; empty for the model's default")),
            (self.tr("Top K"), self.tr("1 or more; empty for the model's default")),
            (
                self.tr("Max output tokens"),
                self.tr("Thinking counts against this limit; empty for the model's maximum"),
            ),
            (self.tr("Seed"), self.tr("A whole number for repeatable answers; optional")),
        )
        for label, (edit, _name), (name, hint) in zip(self._labels, self._fields(), texts, strict=True):
            label.setText(name)
            edit.setAccessibleName(name)
            edit.setPlaceholderText(self.tr("Model default"))
            edit.setToolTip(hint)
