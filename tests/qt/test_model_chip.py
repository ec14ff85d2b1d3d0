"""The model in use is a chip inside the composer's frame: it names the model and opens the picker."""

from __future__ import annotations

import asyncio
from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFrame, QToolButton

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import child, run_app, send_and_wait, wait_until


def test_the_chip_names_the_conversations_model_and_opens_the_picker_from_the_keyboard(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.v1_models_available = False  # Google's model list, which has display names

    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        chip = child(window.composer, QToolButton, "modelChip")
        assert child(window.composer, QFrame, "composerFrame").isAncestorOf(chip)
        await wait_until(lambda: window.model_picker.model_info("gemini-2.5-pro"), what="the model list")
        await wait_until(lambda: chip.text() == "Gemini 2.5 Flash", what="the model's display name")
        assert "gemini-2.5-flash" in chip.toolTip()
        assert chip.accessibleName() == "Model: Gemini 2.5 Flash"
        first, _, _ = await send_and_wait(desk, "hello")

        # Choosing another model in the picker: the chip follows.
        combo = window.model_picker.combo
        combo.setCurrentIndex(combo.findData("gemini-2.5-pro", Qt.ItemDataRole.UserRole + 1))
        combo.activated.emit(combo.currentIndex())
        await wait_until(lambda: chip.text() == "Gemini 2.5 Pro", what="the chip after a new model")
        assert "gemini-2.5-pro" in chip.toolTip()

        # A new conversation takes the default model again; going back shows that conversation's model.
        window.shortcut_actions["new_conversation"].trigger()
        await asyncio.sleep(0.05)
        window.sidebar.select(first)
        await wait_until(lambda: chip.text() == "Gemini 2.5 Pro", what="the first conversation's model")

        # Keyboard: Tab from the message box reaches the chip; Space opens the picker's list.
        window.activateWindow()
        await wait_until(lambda: QApplication.activeWindow() is window, 2.0)
        window.composer.editor.setFocus()
        for _ in range(4):
            focused = QApplication.focusWidget()
            if focused is None or focused is chip:
                break
            QTest.keyClick(focused, Qt.Key.Key_Tab)
            await asyncio.sleep(0.01)
        assert QApplication.focusWidget() is chip
        QTest.keyClick(chip, Qt.Key.Key_Space)
        await wait_until(lambda: window.model_popup.list.isVisible(), what="the model list")
        window.model_popup.hide()

    run_app(qloop, tmp_path, body, gateway)


def test_with_several_models_the_chip_says_how_many_and_opens_their_menu(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.v1_models_available = False

    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        chip = window.composer.model_chip
        await wait_until(lambda: window.model_picker.models(), what="the model list")
        desk.window_controller.parallel.set_models(["gemini-2.5-flash", "gemini-2.5-pro"])
        assert chip.text() == "2 models"
        assert "Gemini 2.5 Flash, Gemini 2.5 Pro" in chip.toolTip()
        chip.click()
        await wait_until(lambda: window.compare_menu.isVisible(), what="the several-models menu")
        window.compare_menu.hide()
        desk.window_controller.parallel.set_models([])
        assert chip.text() == "Gemini 2.5 Flash"

    run_app(qloop, tmp_path, body, gateway)


def test_the_picker_opens_above_the_chip_and_closes_on_a_choice(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        chip = window.composer.model_chip
        popup = window.model_popup
        await wait_until(lambda: window.model_picker.models(), what="the model list")
        assert not window.model_picker.isVisible()  # no second model box in the header
        chip.click()
        await wait_until(popup.isVisible, what="the picker's popup")
        assert popup.geometry().bottom() < chip.mapToGlobal(chip.rect().topLeft()).y()
        await wait_until(popup.list.isVisible, what="the model list")
        row = next(
            row
            for row in range(popup.list.model().rowCount())
            if popup.list.model().index(row, 0).data(Qt.ItemDataRole.UserRole + 1) == "gemini-2.5-pro"
        )
        QTest.mouseClick(
            popup.list.viewport(),
            Qt.MouseButton.LeftButton,
            pos=popup.list.visualRect(popup.list.model().index(row, 0)).center(),
        )
        await wait_until(lambda: not popup.isVisible(), what="the popup closing")
        assert chip.text() == "Gemini 2.5 Pro" and "gemini-2.5-pro" in chip.toolTip()  # new-api names none
        # The header's buttons are icons with their words.
        for button in (window.settings_button, window.conversation_settings_button, window.compare_button):
            assert not button.icon().isNull() and button.text()

    run_app(qloop, tmp_path, body, gateway)


def test_on_a_new_api_gateway_the_chip_reads_as_a_name_with_the_id_in_its_tooltip(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    # The double's /v1/models is new-api's, as in --demo: ids only, no display names.
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        chip = child(window.composer, QToolButton, "modelChip")
        await wait_until(lambda: chip.text() == "Gemini 2.5 Flash", what="a name read from the id")
        assert "gemini-2.5-flash" in chip.toolTip()
        assert chip.accessibleName() == "Model: Gemini 2.5 Flash"
        # The picker's row: the name first, the id on its second line.
        await wait_until(lambda: window.model_picker.models(), what="the model list")
        info = window.model_picker.model_info("gemini-2.5-flash-lite")
        assert info is not None and info.display_name == "Gemini 2.5 Flash-Lite"
        # A conversation whose model the gateway no longer lists still reads as a name.
        window.composer.model_chip.show_model("gemini-2.0-flash-001")
        assert chip.text() == "Gemini 2.0 Flash 001" and "gemini-2.0-flash-001" in chip.toolTip()

    run_app(qloop, tmp_path, body, gateway)
