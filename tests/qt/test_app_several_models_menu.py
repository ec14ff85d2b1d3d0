"""The "Several models" menu: only models that can answer, a search, and ticking keeps it open."""

from __future__ import annotations

from pathlib import Path

import qasync
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.widgets.model_checklist import SHOWN_AT_ONCE, ModelChecklist
from tests.helpers.app_harness import run_app, wait_until


def _tick(checklist: ModelChecklist, model: str) -> None:
    """Tick ``model`` as a click on its check box does."""
    row = checklist.shown_ids().index(model)
    checklist.list.item(row).setCheckState(Qt.CheckState.Checked)


def test_the_menu_lists_models_that_answer_finds_them_and_stays_open_while_ticking(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        menu = window.compare_menu
        await wait_until(lambda: window.model_picker.models(), what="the model list")
        menu.popup(window.compare_button.mapToGlobal(QPoint(0, window.compare_button.height())))
        await wait_until(menu.isVisible, what="the several-models menu")
        checklist = menu.findChild(ModelChecklist)
        assert checklist is not None, "the menu has no searchable list of models"
        shown = checklist.shown_ids()
        assert "gemini-2.5-flash" in shown and "gemini-2.5-pro" in shown
        for cannot_answer in ("text-embedding-004", "gemini-embedding-001", "imagen-4.0-generate-001"):
            assert cannot_answer not in shown, f"{cannot_answer} cannot answer a question"

        _tick(checklist, "gemini-2.5-flash")
        _tick(checklist, "gemini-2.5-pro")
        assert menu.isVisible(), "ticking a model closed the menu"
        assert desk.window_controller.parallel.chosen_models() == ["gemini-2.5-flash", "gemini-2.5-pro"]

        checklist.search.setText("lite")
        assert checklist.shown_ids()[:2] == ["gemini-2.5-flash", "gemini-2.5-pro"], "chosen ones stay listed"
        assert checklist.shown_ids()[2:] == ["gemini-2.5-flash-lite"]
        menu.hide()

    run_app(qloop, tmp_path, body, gateway)


def test_thousands_of_models_list_a_page_and_a_search_finds_the_rest(qtbot: QtBot) -> None:
    checklist = ModelChecklist()
    qtbot.addWidget(checklist)
    models = [(f"vendor-model-{n:05}", f"Vendor model {n}") for n in range(20_000)]
    checklist.set_models(models, ["vendor-model-19999"], full=False)
    assert len(checklist.shown_ids()) == SHOWN_AT_ONCE
    assert checklist.shown_ids()[0] == "vendor-model-19999"
    assert checklist.list.count() == SHOWN_AT_ONCE + 1  # and a line saying how many more there are
    checklist.search.setText("model 1234")
    assert "vendor-model-01234" in checklist.shown_ids()
    assert all("1234" in model for model in checklist.shown_ids()[1:])
