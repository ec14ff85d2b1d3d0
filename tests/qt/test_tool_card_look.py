"""The tool approval card and Settings → Tools wear the app's design tokens: palette, radii and an icon."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.qt.dialogs.settings_sections import section_style
from app.qt.style_sheet import style_sheet
from app.qt.widgets.tool_approval import ToolApprovalCard
from app.render.design import RADIUS_L, RADIUS_S
from app.render.palette import DARK, LIGHT


def test_the_approval_card_has_the_tools_icon_and_the_notice_colours(qtbot: QtBot) -> None:
    card = ToolApprovalCard()
    qtbot.addWidget(card)
    card.ask("clock", "get_time", "{}", 1, 1)
    pixmap = card.icon.pixmap()
    assert not pixmap.isNull() and pixmap.width() > 0
    for palette in (LIGHT, DARK):
        sheet = style_sheet(palette)
        rule = sheet[sheet.index("#toolApprovalCard {") :].split("}")[0]
        assert palette.notice_border in rule and palette.notice_background in rule
        assert f"border-radius: {RADIUS_L}px" in rule


def test_the_tools_page_fields_take_the_palette_and_radii() -> None:
    for palette in (LIGHT, DARK):
        sheet = section_style(palette)
        rule = sheet[sheet.index("#toolsPage QListWidget, #toolsPage QPlainTextEdit {") :].split("}")[0]
        assert palette.border_strong in rule and palette.base in rule
        assert f"border-radius: {RADIUS_S}px" in rule
