"""The tool card, Settings → Tools and the list's selected rows wear the design tokens and fit their room."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from app.core.store.conversations import ConversationStore
from app.core.store.db import Database
from app.qt.dialogs.settings_sections import section_style
from app.qt.main_window import MainWindow
from app.qt.models.conversation_list_model import ConversationListModel
from app.qt.style_sheet import style_sheet
from app.qt.widgets.conversation_delegate import ROW_ACTIONS
from app.qt.widgets.tool_approval import ToolApprovalCard
from app.render.design import ICON_S, RADIUS_L, RADIUS_S, SPACE_XS
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


def test_a_selected_rows_title_ends_with_an_ellipsis_before_its_action_icons(
    qtbot: QtBot, tmp_path: Path
) -> None:
    database = Database.open(tmp_path / "history.sqlite3")
    try:
        store = ConversationStore(database)
        store.create("A title long enough to run under the icons " * 3, "gemini-2.5-flash")
        window = MainWindow(ConversationListModel(store))
        qtbot.addWidget(window)
        window.resize(1200, 700)
        window.show()
        qtbot.waitExposed(window)
        view = window.sidebar.list_view
        index = view.model().index(0, 0)
        delegate = view.itemDelegateForIndex(index)
        assert isinstance(delegate, QStyledItemDelegate)
        option = QStyleOptionViewItem()
        option.initFrom(view.viewport())
        option.rect = view.visualRect(index)
        option.state |= QStyle.StateFlag.State_Selected
        delegate.initStyleOption(option, index)
        assert option.text.endswith("…")
        icons = len(ROW_ACTIONS) * (ICON_S + 2 * SPACE_XS)
        assert option.fontMetrics.horizontalAdvance(option.text) <= option.rect.width() - icons
        option.state &= ~QStyle.StateFlag.State_Selected
        delegate.initStyleOption(option, index)
        assert not option.text.endswith("…")  # a quiet row leaves eliding to the view, at its full width
    finally:
        database.close()
