"""A gateway listing thousands of models: the picker builds, opens and filters without touching every row."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.core.gemini.models_list import ModelInfo
from app.qt.models.model_entries import DISPLAY_NAME_ROLE, MODEL_ID_ROLE, ModelEntries
from app.qt.models.model_matches import SHOWN_AT_ONCE
from app.qt.widgets.model_picker import ModelPicker
from app.qt.widgets.model_popup import LIST_MAX_HEIGHT, ModelPopup

COUNT = 20_000


def _many(count: int) -> list[ModelInfo]:
    half = count // 2
    native = [ModelInfo(f"gemini-x-{i}", f"Gemini X {i}", "google", True) for i in range(half)]
    converted = [
        ModelInfo(f"gpt-x-{i}", f"GPT X {i}", "openai", True, endpoint_types=("openai",)) for i in range(half)
    ]
    return native + converted


class _Counting:
    """Counts the rows whose details (features, tooltip) a view asked the entries for."""

    def __init__(self, entries: ModelEntries) -> None:
        self.entries = entries

    def worked_out(self) -> int:
        return len(self.entries._features) + len(self.entries._tooltips)


def _popup(qtbot: QtBot) -> tuple[QWidget, ModelPicker, ModelPopup]:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(800, 600)
    window.show()
    picker = ModelPicker(window)
    popup = ModelPopup(picker, window)
    return window, picker, popup


def test_a_list_of_twenty_thousand_models_is_built_opened_and_searched_without_reading_every_row(
    qtbot: QtBot,
) -> None:
    window, picker, popup = _popup(qtbot)
    counting = _Counting(picker.item_model)
    picker.set_models(_many(COUNT))
    assert picker.item_model.rowCount() == COUNT + 2  # a separator and the converted group's heading
    assert counting.worked_out() == 0  # nothing is worked out until a view shows the row

    popup.open_above(window)
    QApplication.processEvents()
    # The list shows a few rows and lays the rest out in batches: far from every row's details.
    assert counting.worked_out() < COUNT // 10
    assert popup.list.height() <= LIST_MAX_HEIGHT

    popup.search.setText("gpt-x-1999")
    QApplication.processEvents()
    shown = [popup.list.model().index(r, 0).data(MODEL_ID_ROLE) for r in range(popup.list.model().rowCount())]
    assert shown == ["gpt-x-1999"]
    assert counting.worked_out() < COUNT // 10


def test_model_ids_are_found_by_row_lookup_and_other_searches_still_work(qtbot: QtBot) -> None:
    parts = _popup(qtbot)  # the window must stay referenced: it owns the picker
    picker = parts[1]
    picker.set_models(_many(COUNT))
    combo = picker.combo
    row = combo.findData("gpt-x-7000", MODEL_ID_ROLE)
    assert combo.itemData(row, MODEL_ID_ROLE) == "gpt-x-7000"
    assert combo.findData("no-such-model", MODEL_ID_ROLE) == -1
    # Not an exact id search: Qt's own matching, row by row.
    found = picker.item_model.match(
        picker.item_model.index(0, 0), MODEL_ID_ROLE, "gemini-x-12", 3, Qt.MatchFlag.MatchStartsWith
    )
    assert [index.data(MODEL_ID_ROLE) for index in found] == ["gemini-x-12", "gemini-x-120", "gemini-x-121"]
    picker.set_current_model("typed-by-hand")
    assert combo.itemData(combo.findData("typed-by-hand", MODEL_ID_ROLE), MODEL_ID_ROLE) == "typed-by-hand"


def test_a_list_arriving_while_the_popup_is_open_gets_its_full_height(qtbot: QtBot) -> None:
    window, picker, popup = _popup(qtbot)
    popup.open_above(window)  # no models yet: the list is at its smallest
    empty_height = popup.list.height()
    picker.set_models(_many(40))
    QApplication.processEvents()
    assert popup.list.height() > 2 * empty_height
    assert popup.list.height() <= LIST_MAX_HEIGHT
    assert popup.height() > popup.list.height()  # the popup grew around it


def test_fifty_thousand_models_open_as_a_screenful_and_a_search_reaches_past_it(qtbot: QtBot) -> None:
    # The view once held every row: it laid out 50,000 rows before painting the first (6 s, blank), and
    # again after each key typed.
    window, picker, popup = _popup(qtbot)
    picker.set_models([ModelInfo(f"gemini-x-{i}", f"Gemini X {i}", "google", True) for i in range(50_000)])
    popup.open_above(window)
    QApplication.processEvents()
    shown = popup.list.model()
    assert shown.rowCount() == SHOWN_AT_ONCE + 1
    more = shown.index(SHOWN_AT_ONCE, 0)
    assert more.data() == f"{50_000 - SHOWN_AT_ONCE} more: type to narrow the list"
    assert not more.flags() & Qt.ItemFlag.ItemIsSelectable

    popup.search.setText("X 49999")  # every word, in any case, in the id or the name
    QApplication.processEvents()
    assert [shown.index(r, 0).data(MODEL_ID_ROLE) for r in range(shown.rowCount())] == ["gemini-x-49999"]
    assert popup.list.currentIndex().data(MODEL_ID_ROLE) == "gemini-x-49999"
    popup.search.setText("x-4")
    QApplication.processEvents()
    assert shown.rowCount() == SHOWN_AT_ONCE + 1
    assert shown.index(SHOWN_AT_ONCE, 0).data() == f"{11_111 - SHOWN_AT_ONCE} more: type to narrow the list"


def test_a_model_id_from_the_gateway_is_drawn_on_one_line_with_nothing_hidden(qtbot: QtBot) -> None:
    from app.core.gemini.models_list import parse_model_list

    _window, picker, _ = _popup(qtbot)
    listed = parse_model_list({"data": [{"id": "acme-\u202eexe.live"}, {"id": "odd\nid"}]})
    picker.set_models(listed)
    picker.set_show_all(True)  # such ids are no chat models the app knows: they are listed under "all"
    rows = [
        r for r in range(picker.item_model.rowCount()) if picker.item_model.index(r, 0).data(MODEL_ID_ROLE)
    ]
    tips = [picker.item_model.index(r, 0).data(Qt.ItemDataRole.ToolTipRole) for r in rows]
    names = [picker.item_model.index(r, 0).data(DISPLAY_NAME_ROLE) for r in rows]
    assert "acme-[U+202E]exe.live" in names and "odd[U+000A]id" in names
    assert not any(c in "".join(map(str, tips + names)) for c in "\u202e\n")
    ids = {picker.item_model.index(r, 0).data(MODEL_ID_ROLE) for r in rows}
    assert ids == {"acme-\u202eexe.live", "odd\nid"}  # what requests use stays as the gateway sent it
