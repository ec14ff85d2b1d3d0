"""The conversation settings dialog: round trip, inline validation, the thinking control per model."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from app.core.chat.generation import GenerationSettings
from app.qt.dialogs.conversation_settings import ConversationSettingsDialog
from app.qt.dialogs.parameter_card import ParameterCard
from app.qt.render.palette import palette_for
from app.qt.theme import apply_theme
from app.render.design import RADIUS_M
from app.render.palette import contrast_ratio
from tests.helpers.languages import ui_language

FLASH = "gemini-2.5-flash"
PRO = "gemini-2.5-pro"
GEMINI_3 = "gemini-3-pro-preview"

EVERYTHING = GenerationSettings(
    system_instruction="Answer like a pirate.\nKeep it short. 用中文也行。",
    temperature=0.7,
    top_p=0.95,
    top_k=40,
    max_output_tokens=2048,
    stop_sequences=("END", "  two spaces", "停"),
    seed=1234,
    thinking_budget=8192,
    thinking_level="low",
    include_thoughts=False,
    safety={"HARM_CATEGORY_HARASSMENT": "BLOCK_NONE", "HARM_CATEGORY_DANGEROUS_CONTENT": "OFF"},
    image_output=True,
    google_search=True,
    code_execution=True,
    url_context=True,
)


def make_dialog(
    qtbot: QtBot,
    settings: GenerationSettings = EVERYTHING,
    model: str = FLASH,
    defaults: GenerationSettings | None = None,
) -> tuple[ConversationSettingsDialog, list[GenerationSettings]]:
    dialog = ConversationSettingsDialog(settings, model, defaults or GenerationSettings())
    qtbot.addWidget(dialog)
    applied: list[GenerationSettings] = []
    dialog.settings_applied.connect(applied.append)
    dialog.show()
    return dialog, applied


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def test_unchanged_dialog_gives_back_exactly_the_settings_it_was_given(qtbot: QtBot) -> None:
    dialog, applied = make_dialog(qtbot)
    assert dialog.error_messages() == []
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert applied == [EVERYTHING]
    assert not dialog.isVisible()


def test_default_settings_round_trip_with_every_number_left_to_the_model(qtbot: QtBot) -> None:
    dialog, applied = make_dialog(qtbot, GenerationSettings())
    assert dialog.temperature_edit.text() == ""
    assert dialog.temperature_edit.placeholderText() == "Model default"
    dialog.apply_button.click()
    assert applied == [GenerationSettings()]
    assert dialog.isVisible(), "Apply closed the dialog"


def test_edits_made_like_a_user_are_applied(qtbot: QtBot) -> None:
    dialog, applied = make_dialog(qtbot, GenerationSettings())
    qtbot.keyClicks(dialog.system_edit, "Be terse.")
    type_into(qtbot, dialog.temperature_edit, "0,4")  # a decimal comma is accepted
    dialog.google_search_check.click()
    dialog.thinking_budget_combo.setCurrentIndex(3)  # a fixed budget
    dialog.thinking_budget_spin.setValue(2048)
    dialog.safety_combos["HARM_CATEGORY_HATE_SPEECH"].setCurrentIndex(
        dialog.safety_combos["HARM_CATEGORY_HATE_SPEECH"].findData("BLOCK_ONLY_HIGH")
    )
    dialog.stop_edit.setPlainText("one\n\ntwo\n")
    dialog.apply_button.click()
    (settings,) = applied
    assert settings == GenerationSettings(
        system_instruction="Be terse.",
        temperature=0.4,
        thinking_budget=2048,
        google_search=True,
        safety={"HARM_CATEGORY_HATE_SPEECH": "BLOCK_ONLY_HIGH"},
        stop_sequences=("one", "two"),
    )


def test_clearing_a_number_returns_it_to_the_model_default(qtbot: QtBot) -> None:
    dialog, applied = make_dialog(qtbot)
    type_into(qtbot, dialog.temperature_edit, "")
    dialog.thinking_budget_combo.setCurrentIndex(0)
    dialog.apply_button.click()
    assert applied[-1].temperature is None
    assert applied[-1].thinking_budget is None


def test_temperature_out_of_range_blocks_ok_with_the_message(qtbot: QtBot) -> None:
    dialog, applied = make_dialog(qtbot, GenerationSettings())
    type_into(qtbot, dialog.temperature_edit, "3")
    assert dialog.error_messages() == ["Temperature must be between 0 and 2."]
    label = dialog.findChild(type(dialog.model_label), "temperatureError")
    assert label is not None and label.isVisible() and label.text() == "Temperature must be between 0 and 2."
    assert not dialog.ok_button.isEnabled()
    assert not dialog.apply_button.isEnabled()
    assert not dialog.save_default_button.isEnabled()
    dialog.accept()  # Enter in a field: still refused
    qtbot.keyClick(dialog.temperature_edit, Qt.Key.Key_Return)
    assert applied == [] and dialog.isVisible()

    type_into(qtbot, dialog.temperature_edit, "2")
    assert dialog.error_messages() == []
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert applied[-1].temperature == 2.0


def test_text_in_a_number_field_is_pointed_out(qtbot: QtBot) -> None:
    dialog, applied = make_dialog(qtbot, GenerationSettings())
    type_into(qtbot, dialog.top_k_edit, "4.5")
    assert dialog.error_messages() == [
        "Enter a whole number, or leave the field empty for the model's default."
    ]
    assert dialog.edited_settings() is None
    dialog.apply_button.click()
    assert applied == []


def test_pro_with_thinking_off_blocks_ok_in_the_ui_language(qtbot: QtBot) -> None:
    dialog, applied = make_dialog(qtbot, GenerationSettings(thinking_budget=0), model=PRO)
    assert dialog.thinking_budget_combo.currentText() == "Off"
    assert dialog.error_messages() == [
        "Pro models cannot turn thinking off: choose a budget of 128 to 32768 tokens, or dynamic."
    ]
    assert not dialog.ok_button.isEnabled()
    dialog.accept()
    assert applied == []

    with ui_language("zh_CN"):
        chinese, _ = make_dialog(qtbot, GenerationSettings(thinking_budget=0), model=PRO)
    assert chinese.error_messages() == ["Pro 模型无法关闭思考：请选择 128 到 32768 之间的预算，或选择动态。"]

    dialog.thinking_budget_combo.setCurrentIndex(1)  # dynamic
    assert dialog.error_messages() == []
    dialog.accept()
    assert applied[-1].thinking_budget == -1


def test_six_stop_sequences_block_ok_and_five_are_fine(qtbot: QtBot) -> None:
    dialog, applied = make_dialog(qtbot, GenerationSettings())
    dialog.stop_edit.setPlainText("a\nb\nc\nd\ne\nf")
    assert dialog.error_messages() == ["At most 5 stop sequences are allowed."]
    assert dialog.stop_count_label.text() == "6 of 5"
    assert not dialog.ok_button.isEnabled()
    dialog.accept()
    assert applied == []
    dialog.stop_edit.setPlainText("a\nb\nc\nd\ne")
    assert dialog.ok_button.isEnabled()
    dialog.accept()
    assert applied[-1].stop_sequences == ("a", "b", "c", "d", "e")


def test_thinking_control_follows_the_model(qtbot: QtBot) -> None:
    dialog, applied = make_dialog(qtbot, GenerationSettings(thinking_budget=4096, thinking_level="high"))
    assert dialog.thinking_budget_combo.isVisible()
    assert not dialog.thinking_level_combo.isVisible()
    assert dialog.thinking_budget_spin.value() == 4096

    dialog.set_model(GEMINI_3)
    assert dialog.thinking_level_combo.isVisible()
    assert not dialog.thinking_budget_combo.isVisible()
    assert dialog.thinking_level_combo.currentData() == "high"
    assert "gemini-3-pro-preview" in dialog.model_label.text()

    dialog.set_model("gemini-2.5-flash-image")
    assert not dialog.thinking_level_combo.isVisible()
    assert not dialog.thinking_budget_combo.isVisible()
    assert dialog.no_thinking_label.isVisible()
    assert not dialog.include_thoughts_check.isEnabled()

    # The value for the other generation is kept while hidden.
    dialog.set_model(FLASH)
    dialog.accept()
    assert (applied[-1].thinking_budget, applied[-1].thinking_level) == (4096, "high")


def test_changing_the_model_revalidates(qtbot: QtBot) -> None:
    dialog, _ = make_dialog(qtbot, GenerationSettings(thinking_budget=0), model=FLASH)
    assert dialog.ok_button.isEnabled()
    dialog.set_model(PRO)
    assert not dialog.ok_button.isEnabled()
    assert "Pro models cannot turn thinking off" in dialog.error_messages()[0]
    dialog.set_model(GEMINI_3)  # a budget is not sent to Gemini 3 at all
    assert dialog.ok_button.isEnabled()


def test_reset_fills_the_defaults_without_applying_them(qtbot: QtBot) -> None:
    defaults = GenerationSettings(temperature=0.2, system_instruction="Default voice")
    dialog, applied = make_dialog(qtbot, defaults=defaults)
    dialog.reset_button.click()
    assert applied == []
    assert dialog.system_edit.toPlainText() == "Default voice"
    assert dialog.temperature_edit.text() == "0.2"
    assert not dialog.google_search_check.isChecked()
    dialog.accept()
    assert applied == [defaults]


def test_save_as_default_emits_the_edited_settings(qtbot: QtBot) -> None:
    dialog, applied = make_dialog(qtbot, GenerationSettings())
    saved: list[GenerationSettings] = []
    dialog.save_default_requested.connect(saved.append)
    dialog.url_context_check.click()
    dialog.save_default_button.click()
    assert saved == [GenerationSettings(url_context=True)]
    assert applied == [], "saving the default must not apply to the conversation by itself"


def test_unknown_stored_values_survive_and_are_reported(qtbot: QtBot) -> None:
    odd = GenerationSettings(safety={"HARM_CATEGORY_CIVIC_INTEGRITY": "BLOCK_NONE"})
    dialog, _ = make_dialog(qtbot, odd)
    assert dialog.edited_settings() == odd
    assert dialog.error_messages() == ["Unknown safety setting HARM_CATEGORY_CIVIC_INTEGRITY=BLOCK_NONE."]


def test_widgets_are_named_for_accessibility(qtbot: QtBot) -> None:
    dialog, _ = make_dialog(qtbot)
    assert dialog.objectName() == "conversationSettingsDialog"
    assert not dialog.isModal()
    for kind, name in (
        (QPlainTextEdit, "systemInstructionEdit"),
        (QPlainTextEdit, "stopSequencesEdit"),
        (QLineEdit, "temperatureEdit"),
        (QComboBox, "thinkingBudgetCombo"),
        (QComboBox, "responseModalitiesCombo"),
    ):
        widget = dialog.findChild(kind, name)
        assert widget is not None and widget.accessibleName(), name


def test_the_dialog_is_never_larger_than_a_small_window(qtbot: QtBot) -> None:
    window = QWidget()
    window.resize(800, 600)
    qtbot.addWidget(window)
    dialog = ConversationSettingsDialog(
        GenerationSettings(), "gemini-2.5-flash", GenerationSettings(), window
    )
    assert dialog.width() <= 800 and dialog.height() <= 600
    roomy = QWidget()
    roomy.resize(1600, 1000)
    qtbot.addWidget(roomy)
    big = ConversationSettingsDialog(GenerationSettings(), "gemini-2.5-flash", GenerationSettings(), roomy)
    screen = big.screen().availableGeometry()
    assert (big.width(), big.height()) == (min(900, screen.width()), min(680, screen.height()))


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_error_text_is_the_themes_error_colour_and_reads_at_aa(qtbot: QtBot, theme: str) -> None:
    apply_theme(theme)
    try:
        dialog, _ = make_dialog(qtbot)
        type_into(qtbot, dialog.temperature_edit, "9")
        label = dialog._errors["temperature"]
        assert label.isVisible()
        label.ensurePolished()
        shown = label.palette().color(QPalette.ColorRole.WindowText).name()
        background = dialog.palette().color(QPalette.ColorRole.Window).name()
        expected = palette_for(dialog.palette()).error_text
        assert shown == expected
        assert contrast_ratio(shown, background) >= 4.5
    finally:
        apply_theme("system")


def test_the_dialog_is_laid_out_like_settings_cards_with_a_heading_and_a_note(qtbot: QtBot) -> None:
    dialog, _ = make_dialog(qtbot)
    assert dialog.title_label.text() == "Conversation settings" and dialog.summary_label.text()
    cards = dialog.findChildren(ParameterCard)
    headings = {card.heading.text() for card in cards}
    assert headings == {
        "System instruction",
        "Stop sequences",
        "Safety filters",
        "Sampling",
        "Thinking",
        "Output and tools",
    }
    for card in cards:
        # The heading names the group for screen readers; the note says what the card's settings do.
        assert card.accessibleName() == card.heading.text() and card.note.text()
        assert card.title() == card.heading.text()
    # Drawn as Settings draws its groups: the theme's base colour, its border and the medium radius.
    sheet = dialog.styleSheet()
    assert 'QGroupBox[card="true"]' in sheet and f"border-radius: {RADIUS_M}px" in sheet
    card = cards[0]
    card.ensurePolished()
    background = card.grab().toImage().pixelColor(card.width() // 2, card.height() - 4).name()
    assert background == palette_for(dialog.palette()).base
