"""The per-conversation settings dialog: system instruction, sampling, thinking, safety, output and tools.

A passive, non-modal view. It is filled with a ``GenerationSettings`` value and the conversation's model, and
emits the edited value on Apply/OK. Every change is validated at once with the core's ``validate`` for the
model in use; the messages appear under the fields they concern and keep Apply, OK and "Save as default"
disabled until they are fixed. Numeric fields left empty mean "let the model decide" (``None``).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.chat.generation import (
    MAX_STOP_SEQUENCES,
    GenerationSettings,
    validate,
)
from app.core.chat.parameter_text import parse_number, stop_lines
from app.qt.dialogs.parameter_card import ParameterCard, settings_form
from app.qt.dialogs.safety_controls import SafetyControls
from app.qt.dialogs.sampling_controls import SamplingControls
from app.qt.dialogs.settings_sections import page_head, section_style
from app.qt.dialogs.thinking_controls import ThinkingControls
from app.qt.dialogs.welcome_page import error_label, muted_label
from app.qt.render.palette import palette_for
from app.qt.translations import core_text
from app.render.design import SPACE_L, SPACE_M, SPACE_S, SPACE_XS
from app.render.palette import RenderPalette


def _style(p: RenderPalette) -> str:
    """The cards as in Settings; error lines in the theme's error colour (checked against WCAG AA)."""
    return f"QLabel[role='error'] {{ color: {p.error_text}; }}" + section_style(p)


class ConversationSettingsDialog(QDialog):
    """Edits one conversation's ``GenerationSettings``.

    Args:
        settings: The conversation's settings.
        model: The conversation's model; decides which thinking control is shown and how values are checked.
        defaults: What "Reset to defaults" restores (the app's defaults for new conversations).
        parent: The main window.

    Signals:
        settings_applied(GenerationSettings): Apply or OK with valid values.
        save_default_requested(GenerationSettings): "Save as default for new conversations" with valid values.
    """

    settings_applied = Signal(object)
    save_default_requested = Signal(object)

    def __init__(
        self,
        settings: GenerationSettings,
        model: str,
        defaults: GenerationSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conversationSettingsDialog")
        self.setModal(False)
        self.setStyleSheet(_style(palette_for(self.palette())))
        # Its preferred size, but never larger than the window it belongs to, or the screen.
        room = self.screen().availableGeometry().size()
        room = room.boundedTo(parent.size()) if parent is not None else room
        self.resize(QSize(900, 680).boundedTo(room).expandedTo(QSize(480, 400)))
        self._model = model
        self._defaults = defaults
        self._original = settings
        self._errors: dict[str, QLabel] = {}
        self._loading = False
        # Cards and labels, each with the words it shows (see _retranslate).
        self._groups: dict[str, ParameterCard] = {}
        self._labels: dict[str, QLabel] = {}

        # The head, as on a Settings page: a title, what the settings are for, and the model they are for.
        self.title_label, self.summary_label = page_head(self, "conversationSettings")
        self.model_label = QLabel(self)
        self.model_label.setObjectName("conversationModelLabel")
        self.model_label.setTextFormat(Qt.TextFormat.PlainText)  # a model id from the gateway or an import
        self.model_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        body = QWidget(self)
        body.setObjectName("settingsSectionPage")
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, SPACE_S, 0)
        columns.setSpacing(SPACE_L)
        left = QVBoxLayout()
        left.setSpacing(SPACE_M)
        left.addWidget(self._build_instruction_group(body), 1)
        left.addWidget(self._build_stop_group(body))
        left.addWidget(self._build_safety_group(body))
        right = QVBoxLayout()
        right.setSpacing(SPACE_M)
        right.addWidget(self._build_sampling_group(body))
        self.thinking = ThinkingControls(self._error, parent=body)
        self.thinking.changed.connect(self._on_changed)
        # Named here as well: tests and the dialog's callers reach the thinking fields through the dialog.
        self.thinking_budget_combo, self.thinking_budget_spin = (
            self.thinking.budget_combo,
            self.thinking.budget_spin,
        )
        self.thinking_level_combo = self.thinking.level_combo
        self.no_thinking_label = self.thinking.no_thinking_label
        self.include_thoughts_check = self.thinking.include_thoughts_check
        right.addWidget(self.thinking)
        right.addWidget(self._build_output_group(body))
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Not a tab stop of its own: Tab goes to the fields, and the area scrolls to the focused one.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(body)

        self.general_error = self._error("general")
        self.notice_label = QLabel(self)
        self.notice_label.setObjectName("conversationSettingsNotice")
        muted_label(self.notice_label)
        self._build_buttons()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE_L, SPACE_L, SPACE_L, SPACE_M)
        layout.setSpacing(SPACE_S)
        head = QVBoxLayout()
        head.setSpacing(SPACE_XS)
        head.addWidget(self.title_label)
        head.addWidget(self.summary_label)
        head.addWidget(self.model_label)
        layout.addLayout(head)
        layout.addSpacing(SPACE_XS)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.button_box)

        self._retranslate()
        self.set_settings(settings)
        self.set_model(model)

    def changeEvent(self, event: QEvent) -> None:
        """Speak a newly chosen language (the edits stay as they are); take a new theme's colours."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self.set_model(self._model)
            self._on_changed()
        elif event.type() == QEvent.Type.PaletteChange:
            sheet = _style(palette_for(self.palette()))
            if self.styleSheet() != sheet:  # a new sheet sends another PaletteChange: only when it differs
                self.setStyleSheet(sheet)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Conversation settings"))
        self.title_label.setText(self.tr("Conversation settings"))
        self.summary_label.setText(self.tr("How the model answers in this conversation, and only in it."))
        instruction_note = self.tr("Sent with every request as the system instruction, not as a message.")
        stop_note = self.tr("The answer ends where the model would write one of these.")
        output_note = self.tr("What an answer may hold, and what the model may use.")
        for key, title, note in (
            ("instruction", self.tr("System instruction"), instruction_note),
            ("stop", self.tr("Stop sequences"), stop_note),
            ("output", self.tr("Output and tools"), output_note),
        ):
            self._groups[key].setTitle(title)
            self._groups[key].set_note(note)
        for key, text in {
            "response": self.tr("Response"),
            "tools": self.tr("Tools"),
        }.items():
            self._labels[key].setText(text)
        self.system_edit.setAccessibleName(self.tr("System instruction"))
        self.system_edit.setPlaceholderText(
            self.tr("How the model should behave in this conversation, e.g. “Answer briefly, in English.”")
        )
        self.stop_edit.setAccessibleName(self.tr("Stop sequences, one per line"))
        self.stop_edit.setPlaceholderText(self.tr("One per line, at most %n", "", MAX_STOP_SEQUENCES))
        self.modalities_combo.setAccessibleName(self.tr("Response modalities"))
        self.modalities_combo.setItemText(0, self.tr("Text"))
        self.modalities_combo.setItemText(1, self.tr("Text and images"))
        self.google_search_check.setText(self.tr("Google Search"))
        self.code_execution_check.setText(self.tr("Code execution"))
        self.url_context_check.setText(self.tr("URL context"))
        self.reset_button.setText(self.tr("Reset to defaults"))
        self.save_default_button.setText(self.tr("Save as default for new conversations"))

    # Building -----------------------------------------------------------------------------------------------

    def _error(self, field_name: str) -> QLabel:
        label = error_label(f"{field_name}Error", self)
        label.setProperty("role", "error")
        self._errors[field_name] = label
        return label

    def _build_instruction_group(self, parent: QWidget) -> ParameterCard:
        group = self._groups["instruction"] = ParameterCard(parent)
        self.system_edit = QPlainTextEdit(group)
        self.system_edit.setObjectName("systemInstructionEdit")
        self.system_edit.setMinimumHeight(self.system_edit.fontMetrics().lineSpacing() * 5)
        group.body.addWidget(self.system_edit, 1)
        self.system_edit.textChanged.connect(self._on_changed)
        return group

    def _build_stop_group(self, parent: QWidget) -> ParameterCard:
        group = self._groups["stop"] = ParameterCard(parent)
        self.stop_edit = QPlainTextEdit(group)
        self.stop_edit.setObjectName("stopSequencesEdit")
        self.stop_edit.setTabChangesFocus(True)
        line = self.stop_edit.fontMetrics().lineSpacing()
        self.stop_edit.setFixedHeight(line * MAX_STOP_SEQUENCES + 12)
        self.stop_count_label = QLabel(group)
        self.stop_count_label.setObjectName("stopSequencesCount")
        muted_label(self.stop_count_label)
        group.body.addWidget(self.stop_edit)
        group.body.addWidget(self.stop_count_label)
        group.body.addWidget(self._error("stop_sequences"))
        self.stop_edit.textChanged.connect(self._on_changed)
        return group

    def _build_sampling_group(self, parent: QWidget) -> ParameterCard:
        self.sampling = SamplingControls(self._error, parent)
        self.sampling.changed.connect(self._on_changed)
        # Named here as well: tests and the dialog's callers reach the fields through the dialog.
        self.temperature_edit, self.top_p_edit = self.sampling.temperature_edit, self.sampling.top_p_edit
        self.top_k_edit, self.max_tokens_edit = self.sampling.top_k_edit, self.sampling.max_tokens_edit
        self.seed_edit = self.sampling.seed_edit
        return self.sampling

    def _build_output_group(self, parent: QWidget) -> ParameterCard:
        group = self._groups["output"] = ParameterCard(parent)
        form = settings_form(group)
        self.modalities_combo = QComboBox(group)
        self.modalities_combo.setObjectName("responseModalitiesCombo")
        self.modalities_combo.addItem("", False)
        self.modalities_combo.addItem("", True)
        self.google_search_check = QCheckBox(group)
        self.google_search_check.setObjectName("googleSearchCheck")
        self.code_execution_check = QCheckBox(group)
        self.code_execution_check.setObjectName("codeExecutionCheck")
        self.url_context_check = QCheckBox(group)
        self.url_context_check.setObjectName("urlContextCheck")
        tools = QVBoxLayout()
        tools.setSpacing(2)
        for check in (self.google_search_check, self.code_execution_check, self.url_context_check):
            tools.addWidget(check)
            check.toggled.connect(self._on_changed)
        # Why the tools are off for this model (a gateway answering it through conversion drops them).
        self.tools_note = QLabel(group)
        self.tools_note.setObjectName("toolsNote")
        self.tools_note.setWordWrap(True)
        self.tools_note.setTextFormat(Qt.TextFormat.PlainText)
        self.tools_note.setVisible(False)
        tools.addWidget(self.tools_note)
        self._labels["response"], self._labels["tools"] = QLabel(group), QLabel(group)
        form.addRow(self._labels["response"], self.modalities_combo)
        form.addRow(self._labels["tools"], tools)
        self.modalities_combo.currentIndexChanged.connect(self._on_changed)
        return group

    def _build_safety_group(self, parent: QWidget) -> ParameterCard:
        self.safety = SafetyControls(parent)
        self.safety.changed.connect(self._on_changed)
        self.safety_combos = self.safety.combos
        self.safety.form.addRow("", self._error("safety"))
        return self.safety

    def _build_buttons(self) -> None:
        buttons = QDialogButtonBox.StandardButton
        self.button_box = QDialogButtonBox(
            buttons.Ok | buttons.Apply | buttons.Cancel | buttons.RestoreDefaults, self
        )
        self.button_box.setObjectName("conversationSettingsButtonBox")
        self.ok_button = self._standard_button(buttons.Ok)
        self.apply_button = self._standard_button(buttons.Apply)
        self.reset_button = self._standard_button(buttons.RestoreDefaults)
        self.reset_button.setObjectName("resetDefaultsButton")
        self.save_default_button = QPushButton(self)
        self.save_default_button.setObjectName("saveDefaultButton")
        self.save_default_button.setAutoDefault(False)
        self.button_box.addButton(self.save_default_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        self.apply_button.clicked.connect(self.apply)
        self.reset_button.clicked.connect(self.reset_to_defaults)
        self.save_default_button.clicked.connect(self._on_save_default)

    def _standard_button(self, which: QDialogButtonBox.StandardButton) -> QPushButton:
        button = self.button_box.button(which)
        assert button is not None  # every standard button asked for exists
        return button

    # Setters ------------------------------------------------------------------------------------------------

    def set_settings(self, settings: GenerationSettings) -> None:
        """Show ``settings`` in the fields (unapplied edits are dropped)."""
        self._loading = True
        try:
            self._original = settings
            self.system_edit.setPlainText(settings.system_instruction)
            self.stop_edit.setPlainText("\n".join(settings.stop_sequences))
            for edit, value in (
                (self.temperature_edit, settings.temperature),
                (self.top_p_edit, settings.top_p),
                (self.top_k_edit, settings.top_k),
                (self.max_tokens_edit, settings.max_output_tokens),
                (self.seed_edit, settings.seed),
            ):
                edit.setText("" if value is None else str(value))
            self.thinking.show_values(
                settings.thinking_budget, settings.thinking_level, settings.include_thoughts
            )
            self.modalities_combo.setCurrentIndex(1 if settings.image_output else 0)
            self.google_search_check.setChecked(settings.google_search)
            self.code_execution_check.setChecked(settings.code_execution)
            self.url_context_check.setChecked(settings.url_context)
            # Categories this version does not show are kept as they are; validation reports them.
            self.safety.set_safety(settings.safety)
        finally:
            self._loading = False
        self.notice_label.clear()
        self.revalidate()

    def set_tools_note(self, note: str, *, tools_available: bool = True) -> None:
        """Say how the model answers on this gateway; with ``tools_available`` False the tools are disabled.

        The tools keep their ticks, so that they apply again once a model that has them is chosen.
        """
        for check in (self.google_search_check, self.code_execution_check, self.url_context_check):
            check.setEnabled(tools_available)
        self.tools_note.setText(note)
        self.tools_note.setVisible(bool(note))

    def set_model(self, model: str) -> None:
        """Show the thinking control that fits ``model`` and check the values against it."""
        self._model = model
        self.model_label.setText(self.tr("Model: %1").replace("%1", model or self.tr("(none)")))
        self.thinking.set_model(model)
        self.revalidate()

    def set_defaults(self, defaults: GenerationSettings) -> None:
        """What "Reset to defaults" restores from now on."""
        self._defaults = defaults

    def show_notice(self, text: str, error: bool = False) -> None:
        """A short line above the buttons ("Applied.", "Saved as the default…", or why saving failed)."""
        self.notice_label.setProperty("role", "error" if error else "")
        self.notice_label.style().unpolish(self.notice_label)
        self.notice_label.style().polish(self.notice_label)
        self.notice_label.setText(text)

    # Reading ------------------------------------------------------------------------------------------------

    @property
    def model(self) -> str:
        """The model the values are checked against."""
        return self._model

    def edited_settings(self) -> GenerationSettings | None:
        """The settings as edited, or None while a number field holds something that is not a number.

        The values may still be out of range for the model: see ``error_messages``.
        """
        settings, _bad = self._read()
        return settings

    def error_messages(self) -> list[str]:
        """Every problem shown now, in the UI language; empty when the settings may be applied."""
        return [label.text() for label in self._errors.values() if not label.isHidden() and label.text()]

    def revalidate(self) -> bool:
        """Check the edited values against the model, show the messages, and enable the buttons to match."""
        messages: dict[str, list[str]] = {}
        settings, bad = self._read()
        for field_name, message in bad:
            messages.setdefault(field_name, []).append(message)
        if settings is not None:
            for problem in validate(settings, self._model):
                name = problem.field_name if problem.field_name in self._errors else "general"
                messages.setdefault(name, []).append(core_text(problem.message))
        for name, label in self._errors.items():
            text = "\n".join(messages.get(name, []))
            label.setText(text)
            label.setVisible(bool(text))
        count = len(stop_lines(self.stop_edit.toPlainText()))
        self.stop_count_label.setText(
            self.tr("%1 of %2").replace("%1", str(count)).replace("%2", str(MAX_STOP_SEQUENCES))
        )
        valid = not messages
        for button in (self.ok_button, self.apply_button, self.save_default_button):
            button.setEnabled(valid)
        return valid

    # Actions ------------------------------------------------------------------------------------------------

    def apply(self) -> bool:
        """Emit ``settings_applied`` if the values are valid; the dialog stays open."""
        if not self.revalidate():
            return False
        settings = self.edited_settings()
        assert settings is not None  # valid implies parsed
        self._original = settings
        self.settings_applied.emit(settings)
        return True

    def accept(self) -> None:
        """Apply and close, or stay open while something is invalid."""
        if self.apply():
            super().accept()

    def reset_to_defaults(self) -> None:
        """Fill the fields with the defaults for new conversations (applied only by Apply or OK)."""
        self.set_settings(self._defaults)
        self.show_notice(self.tr("Defaults restored. Apply to use them in this conversation."))

    def _on_save_default(self) -> None:
        if not self.revalidate():
            return
        settings = self.edited_settings()
        assert settings is not None
        self.save_default_requested.emit(settings)

    def _on_changed(self, *_args: object) -> None:
        if self._loading:
            return
        self.notice_label.clear()
        self.revalidate()

    # Internals ----------------------------------------------------------------------------------------------

    def _read(self) -> tuple[GenerationSettings | None, list[tuple[str, str]]]:
        """The edited settings (None if a field cannot be read) and the fields that could not be read."""
        bad: list[tuple[str, str]] = []

        def number(edit: QLineEdit, field_name: str, whole: bool) -> float | int | None:
            text = edit.text().strip()
            if not text:
                return None
            value = parse_number(text, whole)
            if value is None:
                bad.append(
                    (
                        field_name,
                        self.tr("Enter a whole number, or leave the field empty for the model's default.")
                        if whole
                        else self.tr("Enter a number, or leave the field empty for the model's default."),
                    )
                )
            return value

        temperature = number(self.temperature_edit, "temperature", False)
        top_p = number(self.top_p_edit, "top_p", False)
        top_k = number(self.top_k_edit, "top_k", True)
        max_tokens = number(self.max_tokens_edit, "max_output_tokens", True)
        seed = number(self.seed_edit, "seed", True)
        if bad:
            return None, bad
        safety = self.safety.safety()
        settings = replace(
            self._original,
            system_instruction=self.system_edit.toPlainText(),
            temperature=None if temperature is None else float(temperature),
            top_p=None if top_p is None else float(top_p),
            top_k=None if top_k is None else int(top_k),
            max_output_tokens=None if max_tokens is None else int(max_tokens),
            seed=None if seed is None else int(seed),
            stop_sequences=tuple(stop_lines(self.stop_edit.toPlainText())),
            thinking_budget=self.thinking.budget(),
            thinking_level=self.thinking.level(),
            include_thoughts=self.include_thoughts_check.isChecked(),
            safety=safety,
            image_output=bool(self.modalities_combo.currentData()),
            google_search=self.google_search_check.isChecked(),
            code_execution=self.code_execution_check.isChecked(),
            url_context=self.url_context_check.isChecked(),
        )
        return settings, bad
