"""Settings → Tools in a running app, opened as a user does (for the GUI tests of tools)."""

from __future__ import annotations

from app.main import GeminiDesk
from app.qt.dialogs.settings_dialog import SettingsDialog
from app.qt.dialogs.settings_tools_page import ToolsPage


def open_tools_page(desk: GeminiDesk) -> ToolsPage:
    """Open Settings with the Settings button and show its Tools page."""
    desk.window.settings_button.click()
    dialog = desk.window.findChild(SettingsDialog)
    assert dialog is not None
    dialog.tabs.setCurrentWidget(dialog.tools_tab)
    return dialog.tools_tab
