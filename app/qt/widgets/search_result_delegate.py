"""A search result in the conversation list: its title, and under it the snippet with the hit marked."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.qt.models.conversation_list_model import ConversationRole
from app.qt.render.palette import palette_for

_Index = QModelIndex | QPersistentModelIndex
_GAP = 2  # pixels between the two lines and around them


class SearchResultDelegate(QStyledItemDelegate):
    """Two lines per result: the title, then the text around the match with the match in bold, tinted."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        """Room for the title and the snippet line, inside the padding the style sheet gives a row."""
        size = super().sizeHint(option, index)  # one line of text plus the row's padding
        return QSize(size.width(), size.height() + option.fontMetrics.height() + 3 * _GAP)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        """Draw the row as the style does (background, icon, focus), then the two lines of text."""
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        title = item.text
        item.text = ""
        widget = item.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, widget)
        area = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, item, widget)
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        # The theme's own colours, as the style sheet paints the row: the palette's highlight colours are
        # those of the platform style, white text that is unreadable on the light theme's pale selection.
        colours = palette_for(item.palette)
        text_colour = QColor(colours.selection_text if selected else colours.text)
        metrics: QFontMetrics = item.fontMetrics
        line = metrics.height()
        painter.save()
        painter.setClipRect(area)
        painter.setPen(text_colour)
        title_rect = QRect(area.left(), area.top() + _GAP, area.width(), line)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(
            title_rect, flags, metrics.elidedText(title, Qt.TextElideMode.ElideRight, area.width())
        )
        snippet = str(index.data(ConversationRole.Snippet) or "")
        start, length = index.data(ConversationRole.SnippetMatch) or (-1, 0)
        y = area.top() + 2 * _GAP + line
        pieces = [(snippet, False)]
        if start >= 0 and length > 0:
            # The hit stays in view in a narrow list: the text before it gives way first.
            before = metrics.elidedText(snippet[:start], Qt.TextElideMode.ElideLeft, area.width() // 4)
            hit, after = snippet[start : start + length], snippet[start + length :]
            pieces = [(before, False), (hit, True), (after, False)]
        x = area.left()
        for text, marked in pieces:
            font = QFont(item.font)
            font.setBold(marked)
            painter.setFont(font)
            width = QFontMetrics(font).horizontalAdvance(text)
            rect = QRect(x, y, width, line)
            if marked:
                # The hit on a ground of its own, readable on a selected row too.
                painter.fillRect(rect, QColor(colours.base if selected else colours.selection))
                painter.setPen(QColor(colours.text if selected else colours.selection_text))
            else:
                painter.setPen(text_colour)
            painter.drawText(rect, flags, text)
            x += width
        painter.restore()
