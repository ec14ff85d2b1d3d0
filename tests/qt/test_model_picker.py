from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.gemini.models_list import ModelInfo
from app.qt.widgets.model_picker import IS_CHAT_ROLE, MODEL_ID_ROLE, ModelPicker

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


def test_chat_models_come_first_and_others_follow_a_separator(qtbot: QtBot) -> None:
    picker, _chosen = make_picker(qtbot)
    picker.set_models(MODELS)
    assert picker.combo.objectName() == "modelPicker"
    assert picker.combo.accessibleName() == "Model"
    assert rows(picker) == [
        ("gemini-2.5-pro", True),
        ("gemini-2.5-flash", True),
        (None, None),  # the separator
        ("text-embedding-004", False),
        ("veo-3.0-generate-001", False),
    ]


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
