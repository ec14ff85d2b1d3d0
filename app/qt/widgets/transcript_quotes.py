"""A bar left of every block quote in the transcript, as Markdown readers show quotes.

Qt's rich text draws no borders on blocks, and a table per quote would make every later edit of the document
pay for one more frame. Instead the view paints the bars itself: Qt marks each block of a ``<blockquote>``
with ``BlockQuoteLevel``, and only the blocks on screen are looked at.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QRectF
from PySide6.QtGui import QColor, QPainter, QTextFormat
from PySide6.QtWidgets import QTextEdit

from app.qt.widgets.transcript_column import column_left
from app.render.markdown import QUOTE_INDENT

__all__ = ["paint_quote_bars"]

_BAR_WIDTH = 3.0


def paint_quote_bars(view: QTextEdit, area: QRect, color: QColor) -> None:
    """Paint the bars of the block quotes visible in ``area`` of ``view``'s viewport."""
    document = view.document()
    layout = document.documentLayout()
    dx, dy = view.horizontalScrollBar().value(), view.verticalScrollBar().value()
    block = view.cursorForPosition(QPoint(0, area.top())).block()
    painter: QPainter | None = None
    while block.isValid():
        rect = layout.blockBoundingRect(block).translated(-dx, -dy)
        if rect.top() > area.bottom():
            break
        block_format = block.blockFormat()
        if block_format.hasProperty(QTextFormat.Property.BlockQuoteLevel):
            if painter is None:
                painter = QPainter(view.viewport())
            # Nested quotes add their indent to the margin: one bar per level, each at its quote's edge.
            levels = max(1, round(block_format.leftMargin() / QUOTE_INDENT))
            for level in range(levels):
                x = column_left(document) - dx + level * QUOTE_INDENT + 4
                painter.fillRect(QRectF(x, rect.top(), _BAR_WIDTH, rect.height()), color)
        block = block.next()
    if painter is not None:
        painter.end()
