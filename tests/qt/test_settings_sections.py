"""Settings is one page per section, chosen from a list, each with a line saying what it is for."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QListWidget, QWidget
from pytestqt.qtbot import QtBot

from app.core.settings import Settings
from app.qt.dialogs.settings_dialog import SettingsDialog
from app.qt.dialogs.settings_sections import SettingsSections
from tests.helpers.app_harness import child
from tests.helpers.languages import ui_language

SECTIONS = ["Gateway & key", "Usage & quota", "Models", "General", "Appearance", "Network", "Tools"]


def _dialog(qtbot: QtBot) -> SettingsDialog:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_sections_are_listed_and_each_page_says_what_it_is_for(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    sections = child(dialog, SettingsSections, "settingsTabs")
    names = child(dialog, QListWidget, "settingsSectionList")
    assert [names.item(i).text() for i in range(names.count())] == SECTIONS
    assert names.accessibleName() == "Settings sections"
    for index, name in enumerate(SECTIONS):
        names.setCurrentRow(index)
        page = sections.currentWidget()
        assert page is not None and page.isVisible()
        shown = sections.stack.currentWidget()
        assert shown is not None
        title = child(shown, QLabel, "settingsSectionTitle")
        summary = child(shown, QLabel, "settingsSectionSummary")
        assert title.text() == name and summary.isVisible() and summary.text().endswith(".")
        assert names.item(index).toolTip() == summary.text()
    # The controls sit in titled groups; rows that need it carry a one-line explanation under the field.
    groups = [w for w in dialog.findChildren(QFrame, "settingsGroup")]
    assert len(groups) >= 8
    for group in groups:
        assert child(group, QLabel, "settingsGroupHeading").text()
    notes = [label.text() for label in dialog.findChildren(QLabel, "settingsNote")]
    assert "How long to wait for the gateway to accept the connection." in notes
    # Every control the dialog had keeps its object name (tests and the dialog find them by it).
    for name in (
        "connectionTab", "accountTab", "networkTab", "chatTab", "appearanceTab", "toolsPage",
        "modelsTab", "baseUrlEdit", "apiKeyEdit", "proxyModeCombo", "proxyUrlEdit", "connectTimeoutSpin",
        "idleTimeoutSpin", "sendKeyCombo", "defaultModelPicker", "checkUpdatesBox", "themeCombo",
        "languageCombo", "fontSizeSpin", "testConnectionButton", "forgetKeyButton", "refreshQuotaButton",
        "settingsButtonBox",
    ):  # fmt: skip
        assert dialog.findChild(QWidget, name) is not None, name


def test_the_keyboard_moves_between_sections(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    sections = dialog.tabs
    names = sections.list
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    names.setFocus()
    QTest.keyClick(names, Qt.Key.Key_Down)
    assert sections.currentWidget() is dialog.account_tab
    QTest.keyClick(names, Qt.Key.Key_End)
    assert sections.currentWidget() is dialog.tools_tab
    # From a field, Ctrl+Tab and Ctrl+Shift+Tab step through the sections, as they did through tabs.
    sections.setCurrentWidget(dialog.network_tab)
    combo = dialog.proxy_mode_combo
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert sections.currentWidget() is dialog.tools_tab
    QTest.keyClick(
        combo,
        Qt.Key.Key_Backtab,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert sections.currentWidget() is dialog.network_tab


def test_section_names_are_translated(qtbot: QtBot) -> None:
    with ui_language("zh_CN"):
        dialog = _dialog(qtbot)
        names = dialog.tabs.list
        assert [names.item(i).text() for i in range(names.count())][:3] == [
            "网关与密钥",
            "用量与额度",
            "模型",
        ]
