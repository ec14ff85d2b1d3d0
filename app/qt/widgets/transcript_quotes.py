"""A bar left of every block quote in the transcript, as Markdown readers show quotes.

Qt's rich text draws no borders on blocks, and a table per quote would make every later edit of the document
pay for one more frame. Instead the view paints the bars itself, beside every block inside a quote (its
paragraphs, lists and code alike: their right margin says how many quotes they sit in, see
``app.render.block_styles``), and only the blocks on screen are looked at.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QRectF
from PySide6.QtGui import QColor, QPainter, QTextBlock
from PySide6.QtWidgets import QTextEdit

from app.qt.widgets.transcript_code import CodeColours, code_padding
from app.qt.widgets.transcript_column import column_left
from app.render.block_styles import QUOTE_INDENT, QUOTE_MARK

__all__ = ["paint_quote_bars"]

_BAR_WIDTH = 3.0


def paint_quote_bars(view: QTextEdit, area: QRect, color: QColor, code: CodeColours) -> None:
    """Paint the bars of the block quotes visible in ``area`` of ``view``'s viewport."""
    document = view.document()
    layout = document.documentLayout()
    dx, dy = view.horizontalScrollBar().value(), view.verticalScrollBar().value()
    block = view.cursorForPosition(QPoint(0, area.top())).block()
    painter: QPainter | None = None
    levels = _quote_levels(block)
    while block.isValid():
        rect = layout.blockBoundingRect(block).translated(-dx, -dy)
        if rect.top() > area.bottom():
            break
        following = block.next()
        next_levels = _quote_levels(following) if following.isValid() else 0
        if levels > 0:
            if painter is None:
                painter = QPainter(view.viewport())
            # Nested quotes add their indent to the left margin: one bar per level, each at its quote's edge
            # (the outermost quote's edge is in from the column when the quote sits in a user's bubble).
            # A code block's padding is left margin too (``transcript_code``): not part of the quote's.
            outer = block.blockFormat().leftMargin() - levels * QUOTE_INDENT - code_padding(block, code)
            # A bar runs on through the gap to the next block while that block is still in its quote.
            joined = layout.blockBoundingRect(following).top() - dy if next_levels else rect.bottom()
            for level in range(levels):
                x = column_left(document) - dx + outer + level * QUOTE_INDENT + 4
                bottom = max(rect.bottom(), joined) if level < next_levels else rect.bottom()
                painter.fillRect(QRectF(x, rect.top(), _BAR_WIDTH, bottom - rect.top()), color)
        block, levels = following, next_levels
    if painter is not None:
        painter.end()


def _quote_levels(block: QTextBlock) -> int:
    """How many block quotes ``block`` sits in (see ``app.render.block_styles.QUOTE_MARK``)."""
    return round(block.blockFormat().rightMargin() / QUOTE_MARK)
