"""The model picker is a searchable list: type to filter, arrows to move, Enter to pick, Esc to close."""

from __future__ import annotations

import asyncio
from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.widgets.model_picker import MODEL_ID_ROLE
from app.qt.widgets.model_popup import ModelPopup
from app.render.palette import contrast_ratio
from tests.helpers.app_harness import run_app, wait_until


def _shown_ids(popup: ModelPopup) -> list[object]:
    model = popup.list.model()
    return [model.index(row, 0).data(MODEL_ID_ROLE) for row in range(model.rowCount())]


async def _open(desk: GeminiDesk) -> ModelPopup:
    window = desk.window
    popup = window.model_popup
    window.composer.model_chip.click()
    await wait_until(popup.list.isVisible, what="the model list")
    await wait_until(lambda: QApplication.focusWidget() is popup.search, what="the search field's focus")
    return popup


def test_typing_filters_the_models_and_the_keyboard_picks_one(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        chip = window.composer.model_chip
        await wait_until(lambda: window.model_picker.models(), what="the model list")
        window.activateWindow()
        popup = await _open(desk)
        assert popup.search.accessibleName() == "Model name" and popup.list.accessibleName() == "Model"
        everything = _shown_ids(popup)
        # A model's id under its name reads clearly (WCAG AA), not in the disabled grey.
        row = everything.index("gemini-2.5-pro")
        lower = popup.list.visualRect(popup.list.model().index(row, 0))
        lower.setTop(lower.center().y() + 2)
        image = popup.list.viewport().grab(lower).toImage()
        background = image.pixelColor(image.width() - 2, 1).name()
        contrast = max(
            contrast_ratio(image.pixelColor(x, y).name(), background)
            for x in range(image.width())
            for y in range(image.height())
        )
        assert contrast >= 4.5, contrast
        assert popup.list.currentIndex().data(MODEL_ID_ROLE) == "gemini-2.5-flash"  # the model in use

        QTest.keyClicks(popup.search, "PRO")
        await asyncio.sleep(0.01)
        matching = _shown_ids(popup)
        assert matching and len(matching) < len(everything)
        assert all(isinstance(model, str) and "pro" in model for model in matching), matching
        assert popup.list.currentIndex().data(MODEL_ID_ROLE) == matching[0]  # the first match is lit
        if len(matching) > 1:
            QTest.keyClick(popup.search, Qt.Key.Key_Down)
            assert popup.list.currentIndex().data(MODEL_ID_ROLE) == matching[1]
            QTest.keyClick(popup.search, Qt.Key.Key_Up)
        chosen = popup.list.currentIndex().data(MODEL_ID_ROLE)
        QTest.keyClick(popup.search, Qt.Key.Key_Return)
        await wait_until(lambda: not popup.isVisible(), what="the popup closing")
        assert window.model_picker.current_model() == chosen
        assert chosen in chip.toolTip()

        # A name the gateway does not list: Enter uses it as typed.
        popup = await _open(desk)
        assert popup.search.text() == "" and len(_shown_ids(popup)) == len(everything)
        QTest.keyClicks(popup.search, "my-own-model")
        assert _shown_ids(popup) == []
        QTest.keyClick(popup.search, Qt.Key.Key_Enter)
        await wait_until(lambda: not popup.isVisible(), what="the popup closing")
        assert window.model_picker.current_model() == "my-own-model"

        # Esc closes it and changes nothing.
        popup = await _open(desk)
        QTest.keyClicks(popup.search, "flash")
        QTest.keyClick(popup.search, Qt.Key.Key_Escape)
        await wait_until(lambda: not popup.isVisible(), what="the popup closing")
        assert window.model_picker.current_model() == "my-own-model"

    run_app(qloop, tmp_path, body, gateway)
