"""Check boxes, combo boxes and spin boxes can be seen in every theme (WCAG 2.1 non-text contrast, 3:1).

Measured on the drawn pixels of the real Settings → Tools page: the outline of a control, and the ring of the
one with keyboard focus, against the background right beside it. An unticked server in the Tools list was all
but invisible in the dark theme: the platform style outlined it with the window colour made a little darker.
"""

from __future__ import annotations

from statistics import median

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QListWidget,
    QStyle,
    QStyleOptionButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.core.settings import Settings
from app.core.tools.servers import McpServerConfig
from app.qt.dialogs.settings_dialog import SettingsDialog
from app.qt.theme import ThemeController
from app.render.palette import contrast_ratio
from tests.helpers.app_harness import child

#: WCAG 2.1 success criterion 1.4.11: the parts of a control needed to see it, and its state, at 3:1.
NON_TEXT = 3.0

SERVERS = [
    McpServerConfig("time", command="uvx", args=("mcp-server-time",)),
    McpServerConfig("search", transport="http", url="https://mcp.example.com/mcp", enabled=False),
]


@pytest.fixture(params=["light", "dark", "contrast"])
def tools_page(request: pytest.FixtureRequest, theme: ThemeController, qtbot: QtBot) -> SettingsDialog:
    """Settings on its Tools page, one ticked and one unticked server, in each theme (``theme`` puts the
    system's back)."""
    theme.apply(request.param)
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.resize(1000, 760)
    dialog.tools_tab.set_servers(SERVERS)
    dialog.tabs.setCurrentWidget(dialog.tools_tab)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _hex(image: QImage, point: QPoint) -> str:
    return str(image.pixelColor(point).name())


def _outline_contrast(dialog: QWidget, widget: QWidget, rect: QRect) -> float:
    """How well the outline of ``rect`` (in ``widget``) stands out from the background just outside it.

    For each point along the four sides (corners left out, they are rounded), the stronger of the edge pixel
    and the one inside it, against the pixel two outside; the median over the sides.
    """
    image = dialog.grab().toImage()
    area = QRect(widget.mapTo(dialog, rect.topLeft()), rect.size())
    ratios: list[float] = []
    left, top, right, bottom = area.left(), area.top(), area.right(), area.bottom()
    for x in range(left + 4, right - 3):
        for y, inward, outside in ((top, 1, top - 2), (bottom, -1, bottom + 2)):
            behind = _hex(image, QPoint(x, outside))
            ratios.append(max(contrast_ratio(_hex(image, QPoint(x, y + d)), behind) for d in (0, inward)))
    for y in range(top + 4, bottom - 3):
        for x, inward, outside in ((left, 1, left - 2), (right, -1, right + 2)):
            behind = _hex(image, QPoint(outside, y))
            ratios.append(max(contrast_ratio(_hex(image, QPoint(x + d, y)), behind) for d in (0, inward)))
    return median(ratios)


def _indicator(box: QCheckBox) -> QRect:
    option = QStyleOptionButton()
    option.initFrom(box)
    return box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, option, box)


def test_an_unticked_server_in_the_tools_list_can_be_seen(tools_page: SettingsDialog) -> None:
    servers = child(tools_page, QListWidget, "toolServerList")
    unticked = servers.item(1)
    assert unticked.checkState() == Qt.CheckState.Unchecked
    row = servers.visualItemRect(unticked)
    image = tools_page.grab().toImage()
    origin = servers.viewport().mapTo(tools_page, row.topLeft())
    behind = _hex(image, origin + QPoint(1, 1))
    # The box is the only thing drawn in the row's first 24 pixels: its outline is the strongest edge there.
    strongest = max(
        contrast_ratio(_hex(image, origin + QPoint(x, y)), behind)
        for x in range(2, 24)
        for y in range(1, row.height() - 1)
    )
    assert strongest >= NON_TEXT, f"the unticked box reaches only {strongest:.2f}:1 against the list"


def test_the_selected_server_reads_on_its_highlight(tools_page: SettingsDialog) -> None:
    servers = child(tools_page, QListWidget, "toolServerList")
    servers.setCurrentRow(0)
    QApplication.processEvents()
    row = servers.visualItemRect(servers.item(0))
    image = tools_page.grab().toImage()
    origin = servers.viewport().mapTo(tools_page, row.topLeft())
    highlight = _hex(image, origin + QPoint(row.width() - 8, row.height() // 2))
    text = max(
        contrast_ratio(_hex(image, origin + QPoint(x, y)), highlight)
        for x in range(30, 200)
        for y in range(2, row.height() - 2)
    )
    assert text >= 4.5, f"the selected server's name reaches only {text:.2f}:1 on its row"


def test_check_box_combo_and_spin_box_outlines_reach_three_to_one(tools_page: SettingsDialog) -> None:
    page = tools_page.tools_tab
    enabled = child(page, QCheckBox, "toolFormEnabled")
    transport = child(page, QComboBox, "toolFormTransport")
    timeout = child(page, QAbstractSpinBox, "toolTimeout")
    measured = {
        "ticked check box": _outline_contrast(tools_page, enabled, _indicator(enabled)),
        "combo box": _outline_contrast(tools_page, transport, transport.rect()),
    }
    enabled.setChecked(False)
    QApplication.processEvents()
    measured["unticked check box"] = _outline_contrast(tools_page, enabled, _indicator(enabled))
    tools_page.tabs.reveal(timeout)  # further down the section: scrolled to, as a user would
    QApplication.processEvents()
    measured["spin box"] = _outline_contrast(tools_page, timeout, timeout.rect())
    weak = {name: round(ratio, 2) for name, ratio in measured.items() if ratio < NON_TEXT}
    assert not weak, f"outlines under {NON_TEXT}:1: {weak}"


def test_keyboard_focus_shows_a_ring_of_its_own(tools_page: SettingsDialog, qtbot: QtBot) -> None:
    page = tools_page.tools_tab
    enabled = child(page, QCheckBox, "toolFormEnabled")
    transport = child(page, QComboBox, "toolFormTransport")
    tools_page.activateWindow()
    qtbot.waitActive(tools_page)
    for widget, rect in ((enabled, enabled.rect), (transport, transport.rect)):
        image = tools_page.grab().toImage()
        edge = widget.mapTo(tools_page, QPoint(rect().center().x(), rect().top()))
        before = _hex(image, edge)
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(widget.hasFocus)
        QApplication.processEvents()
        ring = _outline_contrast(tools_page, widget, rect())
        after = _hex(tools_page.grab().toImage(), edge)
        assert after != before, f"{widget.objectName()} looks the same with keyboard focus"
        assert ring >= NON_TEXT, f"{widget.objectName()}'s focus ring reaches only {ring:.2f}:1"
