from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.gemini.models_list import ModelInfo
from app.qt.widgets.model_picker import ACTION_ROLE, IS_CHAT_ROLE, MODEL_ID_ROLE, SHOW_ALL_ACTION, ModelPicker

MODELS = [
    ModelInfo("text-embedding-004", "Text Embedding 004", "google", False),
    ModelInfo("gemini-2.5-pro", "Gemini 2.5 Pro", "vertex-ai", True),
    ModelInfo("veo-3.0-generate-001", "Veo 3", "google", False),
    ModelInfo("gemini-2.5-flash", "Gemini 2.5 Flash", "vertex-ai", True),
]


def make_picker(qtbot: QtBot) -> tuple[ModelPicker, list[str]]:
    picker = ModelPicker()
    qtbot.addWidget(picker)
    picker.show()
    chosen: list[str] = []
    picker.model_chosen.connect(chosen.append)
    return picker, chosen


def rows(picker: ModelPicker) -> list[tuple[object, object]]:
    combo = picker.combo
    return [(combo.itemData(i, MODEL_ID_ROLE), combo.itemData(i, IS_CHAT_ROLE)) for i in range(combo.count())]


NEW_API = [
    ModelInfo("claude-sonnet-4-20250514", "", "anthropic", False, endpoint_types=("anthropic", "openai")),
    ModelInfo("gpt-4o", "", "openai", True, endpoint_types=("openai",)),
    ModelInfo("gemini-2.5-pro", "", "vertex-ai", True, endpoint_types=("gemini", "openai")),
    ModelInfo("gpt-image-1", "", "openai", False, endpoint_types=("image-generation", "openai")),
]


def texts(picker: ModelPicker) -> list[str]:
    return [picker.combo.itemText(i) for i in range(picker.combo.count())]


def row_of(picker: ModelPicker, text: str) -> int:
    return texts(picker).index(text)


def test_chat_models_come_first_and_the_others_wait_behind_show_all(qtbot: QtBot) -> None:
    picker, _chosen = make_picker(qtbot)
    picker.set_models(MODELS)
    assert picker.combo.objectName() == "modelPicker"
    assert picker.combo.accessibleName() == "Model"
    assert rows(picker) == [
        ("gemini-2.5-pro", True),
        ("gemini-2.5-flash", True),
        (None, None),  # the separator
        (None, None),  # "Show all models (2 more)"
    ]
    assert texts(picker)[-1] == "Show all models (2 more)"
    picker.set_show_all(True)
    assert [model_id for model_id, _chat in rows(picker) if model_id] == [
        "gemini-2.5-pro",
        "gemini-2.5-flash",
        "text-embedding-004",
        "veo-3.0-generate-001",
    ]
    veo = picker.combo.findData("veo-3.0-generate-001", MODEL_ID_ROLE)
    assert "Not a chat model" in picker.combo.itemData(veo, Qt.ItemDataRole.ToolTipRole)


def test_new_api_models_are_grouped_native_then_converted_with_the_reason(qtbot: QtBot) -> None:
    picker, _chosen = make_picker(qtbot)
    picker.set_models(NEW_API)
    shown = texts(picker)
    assert shown[0] == "gemini-2.5-pro"
    heading = row_of(picker, "Through conversion (no Google Search, code execution or URL context)")
    assert shown[heading + 1] == "gpt-4o"
    assert not picker.combo.model().flags(picker.combo.model().index(heading, 0)) & Qt.ItemFlag.ItemIsEnabled
    gpt = picker.combo.findData("gpt-4o", MODEL_ID_ROLE)
    assert "Google Search" in picker.combo.itemData(gpt, Qt.ItemDataRole.ToolTipRole)
    assert "claude-sonnet-4-20250514" not in shown
    assert shown[-1] == "Show all models (2 more)"


def test_show_all_opens_the_hidden_group_with_reasons_and_keeps_the_model_in_use(qtbot: QtBot) -> None:
    picker, chosen = make_picker(qtbot)
    picker.set_models(NEW_API)
    picker.set_current_model("gemini-2.5-pro")
    toggle = picker.combo.count() - 1
    assert picker.combo.itemData(toggle, ACTION_ROLE) == SHOW_ALL_ACTION
    picker.combo.activated.emit(toggle)  # what a click on the entry does
    assert picker.shows_all()
    assert picker.current_model() == "gemini-2.5-pro"
    assert chosen == []
    shown = texts(picker)
    assert row_of(picker, "Cannot answer on this gateway's Gemini endpoint") < row_of(
        picker, "claude-sonnet-4-20250514"
    )
    claude = picker.combo.findData("claude-sonnet-4-20250514", MODEL_ID_ROLE)
    assert "Claude-type channel" in picker.combo.itemData(claude, Qt.ItemDataRole.ToolTipRole)
    assert shown[-1] == "Hide models that cannot answer here"
    picker.combo.activated.emit(claude)  # still selectable
    assert chosen == ["claude-sonnet-4-20250514"]
    picker.set_show_all(False)
    assert "claude-sonnet-4-20250514" in texts(picker)  # the model in use stays listed


def test_the_toggle_text_is_never_taken_as_a_model_name(qtbot: QtBot) -> None:
    picker, chosen = make_picker(qtbot)
    picker.set_models(NEW_API)
    picker.set_current_model("gemini-2.5-pro")
    edit = picker.combo.lineEdit()
    assert edit is not None
    edit.setText("Show all models (2 more)")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert chosen == []
    assert picker.current_model() == "gemini-2.5-pro"


def test_programmatic_changes_do_not_emit_model_chosen(qtbot: QtBot) -> None:
    picker, chosen = make_picker(qtbot)
    picker.set_current_model("gemini-2.5-flash")
    picker.set_models(MODELS)
    picker.set_current_model("gemini-2.5-pro")
    picker.combo.setFocus()
    picker.combo.clearFocus()  # editing finished by focus loss, with nothing typed
    assert chosen == []
    assert picker.current_model() == "gemini-2.5-pro"


def test_free_text_model_is_kept_across_list_updates(qtbot: QtBot) -> None:
    picker, chosen = make_picker(qtbot)
    picker.set_models(MODELS)
    picker.set_current_model("my-private-model")
    picker.set_models(MODELS[:2])
    assert picker.current_model() == "my-private-model"
    assert "my-private-model" in [model_id for model_id, _chat in rows(picker)]
    assert chosen == []


def test_typed_name_is_emitted_trimmed_once(qtbot: QtBot) -> None:
    picker, chosen = make_picker(qtbot)
    picker.set_models(MODELS)
    picker.set_current_model("gemini-2.5-pro")
    edit = picker.combo.lineEdit()
    assert edit is not None
    edit.clear()
    qtbot.keyClicks(edit, "  custom-model-x ")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    edit.clearFocus()
    assert chosen == ["custom-model-x"]
    assert picker.current_model() == "custom-model-x"


def test_choosing_from_the_list_emits_the_id(qtbot: QtBot) -> None:
    picker, chosen = make_picker(qtbot)
    picker.set_models(MODELS)
    picker.set_current_model("gemini-2.5-pro")
    index = picker.combo.findData("gemini-2.5-flash", MODEL_ID_ROLE)
    picker.combo.setCurrentIndex(index)
    picker.combo.activated.emit(index)  # what a click in the popup does
    assert chosen == ["gemini-2.5-flash"]


def test_emptied_field_restores_the_model_in_use(qtbot: QtBot) -> None:
    picker, chosen = make_picker(qtbot)
    picker.set_current_model("gemini-2.5-pro")
    edit = picker.combo.lineEdit()
    assert edit is not None
    edit.clear()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert chosen == []
    assert picker.current_model() == "gemini-2.5-pro"


def test_refresh_button_and_loading_state(qtbot: QtBot) -> None:
    picker, _chosen = make_picker(qtbot)
    with qtbot.waitSignal(picker.refresh_requested, timeout=1000):
        qtbot.mouseClick(picker.refresh_button, Qt.MouseButton.LeftButton)
    picker.set_loading(True)
    assert not picker.refresh_button.isEnabled()
    picker.set_loading(False)
    assert picker.refresh_button.isEnabled()


def test_completer_offers_matches_anywhere_in_the_name(qtbot: QtBot) -> None:
    picker, _chosen = make_picker(qtbot)
    picker.set_models(MODELS)
    completer = picker.combo.completer()
    assert completer is not None
    completer.setCompletionPrefix("FLASH")
    assert completer.currentCompletion() == "gemini-2.5-flash"
