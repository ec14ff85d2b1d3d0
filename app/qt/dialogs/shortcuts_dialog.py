"""The "Keyboard shortcuts" help dialog: the app's shortcuts in groups, their keys drawn as key caps.

Laid out like a Settings section (``settings_sections``): a title, one line saying what the sheet lists, then
a search field and the table. The table's rows are the groups' headings (spanning both columns) and under
each its shortcuts: what it does, and its keys in the platform's own names (``key_caps``). Typing in the
search field keeps the rows whose description or keys hold the words, and the headings of their groups.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.text_search import matches_words, search_key, search_words
from app.qt.dialogs.key_caps import CAPS_ROLE, KeyCapDelegate, key_caps
from app.qt.dialogs.settings_sections import page_head
from app.qt.dialogs.welcome_page import muted_label
from app.qt.follows_changes import FollowsLanguageAndTheme
from app.qt.icons.ui_icons import ui_icon
from app.qt.render.palette import palette_for
from app.qt.shortcuts import SHORTCUTS, TRANSCRIPT_ROWS, ShortcutSpec, composer_rows, native_text
from app.render.design import ICON_S, RADIUS_M, SPACE_L, SPACE_M, SPACE_S, SPACE_XS
from app.render.palette import RenderPalette

# Marks a heading row (its data under this role is True).
_HEADING_ROLE = Qt.ItemDataRole.UserRole + 41


def _group(spec: ShortcutSpec) -> str:
    """The group of a window shortcut: its menu's; those in no menu go with what they act on."""
    if spec.menu:
        return spec.menu
    # Undoing a deletion acts on conversations; Next and Previous match go with Find, in View.
    return "conversation" if spec.name == "undo_delete" else "view"


def _style(p: RenderPalette) -> str:
    """The table as a card of the theme's colours, like a Settings group."""
    return f"""
#shortcutsTable {{ border: 1px solid {p.border}; border-radius: {RADIUS_M}px; background: {p.base};
    color: {p.text}; selection-background-color: {p.selection}; selection-color: {p.selection_text};
    padding: {SPACE_XS}px; }}
#shortcutsTable:focus {{ border: 2px solid {p.focus}; padding: {SPACE_XS - 1}px; }}
"""


class ShortcutsDialog(FollowsLanguageAndTheme, QDialog):
    """A read-only sheet of the shortcuts, grouped, with a search field.

    Args:
        send_key: The "send with" setting, which decides the message box's rows.
        parent: The main window.
        rows: The rows to show, in one group; the app's groups by default.
    """

    def __init__(
        self, send_key: str, parent: QWidget | None = None, rows: Sequence[ShortcutSpec] | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self._send_key, self._rows = send_key, rows
        self.title, self.summary = page_head(self, "shortcuts")
        self.search = QLineEdit(self)
        self.search.setObjectName("shortcutsSearch")
        self.search.setClearButtonEnabled(True)
        self._search_icon = self.search.addAction(
            ui_icon("search", palette_for(self.palette()).muted, ICON_S),
            QLineEdit.ActionPosition.LeadingPosition,
        )
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("shortcutsTable")
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._caps = KeyCapDelegate(" or ", self.table)
        self.table.setItemDelegateForColumn(1, self._caps)
        self.no_match = QLabel(self)
        self.no_match.setObjectName("shortcutsNoMatch")
        muted_label(self.no_match)
        self.no_match.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE_L, SPACE_L, SPACE_L, SPACE_M)
        layout.setSpacing(SPACE_XS)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addSpacing(SPACE_S)
        layout.addWidget(self.search)
        layout.addSpacing(SPACE_XS)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.no_match)
        layout.addSpacing(SPACE_S)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self._filter)
        self.setStyleSheet(_style(palette_for(self.palette())))
        self._retranslate()

    def _groups(self) -> list[tuple[str, list[ShortcutSpec]]]:
        if self._rows is not None:
            groups = [("", list(self._rows))]
        else:
            window = [
                (self.tr("Conversations"), [s for s in SHORTCUTS if _group(s) == "conversation"]),
                (self.tr("View"), [s for s in SHORTCUTS if _group(s) == "view"]),
                (self.tr("Help"), [s for s in SHORTCUTS if _group(s) == "help"]),
            ]
            groups = [
                *window,
                (self.tr("In the message box"), list(composer_rows(self._send_key))),
                (self.tr("On a message of the conversation"), list(TRANSCRIPT_ROWS)),
            ]
        shown = [(title, [s for s in specs if native_text(s.keys)]) for title, specs in groups]
        return [(title, specs) for title, specs in shown if specs]

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.title.setText(self.tr("Keyboard shortcuts"))
        self.summary.setText(
            self.tr("Keys that work anywhere in the window, in the message box and on a message.")
        )
        self.search.setPlaceholderText(self.tr("Search shortcuts"))
        self.search.setAccessibleName(self.tr("Search shortcuts"))
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        # A literal context: the same word as between the keys of the menus' tooltips.
        self._caps.or_text = QCoreApplication.translate("Shortcuts", " or ")
        self.table.clearSpans()
        groups = self._groups()
        self.table.setRowCount(sum(len(specs) + (1 if title else 0) for title, specs in groups))
        row = 0
        for title, specs in groups:
            if title:
                heading = QTableWidgetItem(title)
                heading.setData(_HEADING_ROLE, True)
                heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = QFont(self.table.font())
                font.setWeight(QFont.Weight.DemiBold)
                heading.setFont(font)
                self.table.setItem(row, 0, heading)
                self.table.setItem(row, 1, QTableWidgetItem())
                self.table.setSpan(row, 0, 1, 2)
                row += 1
            for spec in specs:
                keys = QTableWidgetItem(native_text(spec.keys))
                keys.setData(Qt.ItemDataRole.AccessibleTextRole, keys.text())
                keys.setData(CAPS_ROLE, key_caps(spec.keys))
                self.table.setItem(row, 0, QTableWidgetItem(spec.label()))
                self.table.setItem(row, 1, keys)
                row += 1
        self._fit()
        self._filter(self.search.text())

    def _follow_palette(self) -> None:
        colours = palette_for(self.palette())
        self._search_icon.setIcon(ui_icon("search", colours.muted, ICON_S))
        sheet = _style(colours)
        if self.styleSheet() != sheet:  # a new sheet sends another PaletteChange: only when it differs
            self.setStyleSheet(sheet)

    def _filter(self, text: str) -> None:
        """Show the rows holding every word of ``text`` (in any case), and the headings of their groups."""
        words = search_words(text)
        heading_row: int | None = None
        heading_needed = False
        shown = 0
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(_HEADING_ROLE):
                if heading_row is not None:
                    self.table.setRowHidden(heading_row, not heading_needed)
                heading_row, heading_needed = row, False
                continue
            action, keys = self._texts(row)
            match = matches_words(words, search_key(action, keys))
            self.table.setRowHidden(row, not match)
            heading_needed = heading_needed or match
            shown += match
        if heading_row is not None:
            self.table.setRowHidden(heading_row, not heading_needed)
        self.no_match.setText(self.tr("No shortcut matches “{0}”.").format(text.strip()))
        self.no_match.setVisible(shown == 0)
        self.table.setVisible(shown > 0)

    def _fit(self) -> None:
        header = self.table.horizontalHeader()
        # Columns sized from the texts' measured advances: the views' size hints can miss the width of glyphs
        # that come from a fallback (CJK) font and clip "复制最后一条回答".
        metrics = self.table.fontMetrics()
        cell_padding = 3 * metrics.averageCharWidth()
        actions = [self._texts(row)[0] for row in range(self.table.rowCount()) if not self._is_heading(row)]
        header.resizeSection(0, max(metrics.horizontalAdvance(t) for t in actions) + cell_padding)
        keys_width = self._caps_width()
        header.resizeSection(1, keys_width)
        header.setStretchLastSection(True)
        self.table.resizeRowsToContents()
        # Tall enough to show every row without scrolling (the table is short), capped by the screen.
        frame = 2 * self.table.frameWidth() + 2 * SPACE_XS + 4
        padding = 4 * self.fontMetrics().averageCharWidth()
        height = self.table.verticalHeader().length()
        width = max(header.sectionSize(0) + keys_width + padding, self.fontMetrics().averageCharWidth() * 56)
        tallest = self._screen_height() * 2 // 3
        self.table.setMinimumSize(width + frame, min(height + frame, tallest))
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.adjustSize()

    def _caps_width(self) -> int:
        metrics = self.table.fontMetrics()
        widths = [
            self._caps.width_of(metrics, item.data(CAPS_ROLE) or [])
            for row in range(self.table.rowCount())
            if (item := self.table.item(row, 1)) is not None
        ]
        return max(widths, default=0) + 2 * SPACE_M

    def _is_heading(self, row: int) -> bool:
        item = self.table.item(row, 0)
        return bool(item is not None and item.data(_HEADING_ROLE))

    def _texts(self, row: int) -> tuple[str, str]:
        action, keys = self.table.item(row, 0), self.table.item(row, 1)
        return (action.text() if action else "", keys.text() if keys else "")

    def _screen_height(self) -> int:
        screen = self.screen()
        return screen.availableGeometry().height() if screen is not None else 768

    def rows(self) -> list[tuple[str, str]]:
        """The shown (action, keys) texts, top to bottom (the groups' headings left out)."""
        return [
            self._texts(row)
            for row in range(self.table.rowCount())
            if not self._is_heading(row) and not self.table.isRowHidden(row)
        ]
