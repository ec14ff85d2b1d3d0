"""Settings → Tools: groups like the other sections, roomy at 1000×760, reworded when the language changes."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from app.core.settings import Settings
from app.core.tools.host import ServerState
from app.core.tools.servers import McpServerConfig
from app.qt.dialogs.settings_dialog import SettingsDialog
from app.qt.translations import install_language
from tests.helpers.app_harness import child

SERVERS = [
    McpServerConfig("time", command="uvx", args=("mcp-server-time",)),
    McpServerConfig("search", transport="http", url="https://mcp.example.com/mcp", enabled=False),
]


def _tools(qtbot: QtBot, width: int = 1000, height: int = 760) -> SettingsDialog:
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.resize(width, height)
    page = dialog.tools_tab
    page.set_servers(SERVERS)
    page.set_state("time", ServerState("failed", error="exit status 3"))
    dialog.tabs.setCurrentWidget(page)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _visible_texts(widget: QWidget) -> set[str]:
    shown = [
        w for w in widget.findChildren(QLabel) + widget.findChildren(QPushButton) if w.isVisibleTo(widget)
    ]
    return {w.text().replace("&", "") for w in shown if w.text()}


def test_the_tools_section_rewords_at_once_when_the_language_changes(qtbot: QtBot) -> None:
    dialog = _tools(qtbot)
    page = dialog.tools_tab
    before = _visible_texts(page)
    assert {"New server", "Test", "Ask again", "Servers", "Steps in a row"} <= before
    assert child(page, QLabel, "toolServerStatus").text().startswith("Failed")
    installed = install_language("zh_CN")
    try:
        qtbot.waitUntil(lambda: "新建服务器" in _visible_texts(page))
        after = _visible_texts(page)
        assert not {"Servers", "New server", "Always allowed", "Steps in a row", "Test", "Limits"} & after
        assert {"新建服务器", "始终允许", "限制"} <= after
        assert child(page, QLabel, "toolServerStatus").text().startswith("失败")
        assert child(page, QPushButton, "toolExportButton").text() == "导出为 mcpServers JSON…"
        assert page.timeout.suffix() == " 秒"
    finally:
        installed.remove()
    qtbot.waitUntil(lambda: "Servers" in _visible_texts(page))


@pytest.mark.parametrize("size", [(1000, 760), (880, 620)])
def test_the_server_form_has_the_sections_full_width_and_never_scrolls_inside(
    qtbot: QtBot, size: tuple[int, int]
) -> None:
    dialog = _tools(qtbot, *size)
    page = dialog.tools_tab
    command = child(page, QLineEdit, "toolFormCommand")
    # As wide as the fields of the other sections: the width of the page less its label column.
    assert command.width() >= page.width() * 0.6, (command.width(), page.width())
    inner = [a for a in page.findChildren(QScrollArea) if a.verticalScrollBar().isVisible()]
    assert inner == [], "the form scrolls in a box of its own inside the scrolling section"
    # The whole form is reachable by scrolling the section, each row at its full height.
    form = page.form
    assert form.height() >= form.sizeHint().height()
    assert command.height() >= command.sizeHint().height()
    assert page.servers.height() >= 90
