"""The "Keyboard shortcuts" help dialog: the app's shortcut table, in the platform's own key names."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.qt.follows_changes import FollowsLanguageAndTheme
from app.qt.shortcuts import SHORTCUTS, TRANSCRIPT_ROWS, ShortcutSpec, composer_rows, native_text


class ShortcutsDialog(FollowsLanguageAndTheme, QDialog):
    """A read-only two-column table: what a shortcut does, and its keys.

    Args:
        send_key: The "send with" setting, which decides the message box's rows.
        parent: The main window.
        rows: The rows to show; the app's table by default.
    """

    def __init__(
        self, send_key: str, parent: QWidget | None = None, rows: Sequence[ShortcutSpec] | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self._send_key, self._rows = send_key, rows
        self.table = QTableWidget(len(self._shown()), 2, self)
        self.table.setObjectName("shortcutsTable")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self._retranslate()

    def _shown(self) -> list[ShortcutSpec]:
        rows = self._rows or (*SHORTCUTS, *composer_rows(self._send_key), *TRANSCRIPT_ROWS)
        return [row for row in rows if native_text(row.keys)]

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        for row, spec in enumerate(self._shown()):
            action = QTableWidgetItem(spec.label())
            keys = QTableWidgetItem(native_text(spec.keys))
            keys.setData(Qt.ItemDataRole.AccessibleTextRole, keys.text())
            self.table.setItem(row, 0, action)
            self.table.setItem(row, 1, keys)
        self._fit()

    def _fit(self) -> None:
        header = self.table.horizontalHeader()
        # Columns sized from the texts' measured advances: the views' size hints can miss the width of glyphs
        # that come from a fallback (CJK) font and clip "复制最后一条回答" or "Ctrl++ 或 Ctrl+=".
        metrics = self.table.fontMetrics()
        cell_padding = 3 * metrics.averageCharWidth()
        for column in (0, 1):
            items = [self.table.item(row, column) for row in range(self.table.rowCount())]
            items.append(self.table.horizontalHeaderItem(column))
            texts = [item.text() for item in items if item is not None]
            header.resizeSection(column, max(metrics.horizontalAdvance(t) for t in texts) + cell_padding)
        header.setStretchLastSection(True)
        self.table.resizeRowsToContents()
        # Tall enough to show every row without scrolling (the table is short), capped by the screen.
        frame = 2 * self.table.frameWidth()
        # The columns' own size hints (the header's lengths are not settled before the first show), with room
        # for the cell padding, so the longest key text ("Ctrl++ 或 Ctrl+=") and the last row are not clipped.
        padding = 4 * self.fontMetrics().averageCharWidth()
        height = self.table.horizontalHeader().sizeHint().height() + self.table.verticalHeader().length()
        content = header.sectionSize(0) + header.sectionSize(1) + padding
        width = max(content, self.fontMetrics().averageCharWidth() * 56)
        tallest = self._screen_height() * 2 // 3
        self.table.setMinimumSize(width + frame, min(height + frame + padding, tallest))
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.adjustSize()

    def _screen_height(self) -> int:
        screen = self.screen()
        return screen.availableGeometry().height() if screen is not None else 768

    def rows(self) -> list[tuple[str, str]]:
        """The shown (action, keys) texts, top to bottom."""
        rows: list[tuple[str, str]] = []
        for row in range(self.table.rowCount()):
            action, keys = self.table.item(row, 0), self.table.item(row, 1)
            rows.append((action.text() if action else "", keys.text() if keys else ""))
        return rows
