"""The model picker shows names, ids, token limits and what each model can do, from the gateway's list."""

from __future__ import annotations

from pathlib import Path

import qasync
from PySide6.QtCore import QModelIndex

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.models.model_entries import DISPLAY_NAME_ROLE, FEATURES_ROLE
from app.qt.widgets.model_item_delegate import model_row_texts
from app.qt.widgets.model_picker import MODEL_ID_ROLE
from tests.helpers.app_harness import run_app, wait_until


def row_of(desk: GeminiDesk, model_id: str) -> QModelIndex:
    combo = desk.window.model_picker.combo
    row = combo.findData(model_id, MODEL_ID_ROLE)
    assert row >= 0, model_id
    return combo.model().index(row, 0)


def shown(index: QModelIndex) -> tuple[str, str, list[str]]:
    """The texts the popup draws for a model's row (name; id and limits; badges)."""
    return model_row_texts(
        index.data(MODEL_ID_ROLE), index.data(DISPLAY_NAME_ROLE), index.data(FEATURES_ROLE)
    )


def test_the_picker_shows_names_limits_and_badges_from_googles_model_list(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    # No /v1/models: the app lists Google's /v1beta/models, which has names and limits.
    gateway.v1_models_available = False

    async def body(desk: GeminiDesk) -> None:
        picker = desk.window.model_picker
        await wait_until(lambda: picker.model_info("gemini-2.5-pro") is not None, what="the model list")
        assert shown(row_of(desk, "gemini-2.5-pro")) == (
            "Gemini 2.5 Pro",
            "gemini-2.5-pro · 1M in · 64K out",
            ["Thinking", "Vision"],
        )
        assert shown(row_of(desk, "gemini-2.5-flash-image")) == (
            "Nano Banana",
            "gemini-2.5-flash-image · 32K in · 32K out",
            ["Thinking", "Vision", "Image output"],
        )
        picker.combo.showPopup()
        view = picker.combo.view()
        index = row_of(desk, "gemini-2.5-pro")
        assert view.visualRect(index).height() >= 2 * view.fontMetrics().height()  # name, then id and limits
        # Choosing it puts the id (what requests use) in the field, not the display name.
        picker.combo.hidePopup()
        picker.combo.setCurrentIndex(index.row())
        picker.combo.activated.emit(index.row())
        assert picker.current_model() == "gemini-2.5-pro"

    run_app(qloop, tmp_path, body, gateway)
