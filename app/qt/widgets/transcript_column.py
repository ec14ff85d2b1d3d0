"""The transcript's reading column and the user's bubbles.

The column: at most ``READING_WIDTH`` pixels of text, centred, by setting the document root frame's left and
right margins whenever the view's width changes (Qt lays the text out again on a resize anyway).

The bubbles: the user's messages sit on a tinted rounded shape. Qt's rich text draws no rounded or shrinking
boxes, and a table per message would make every later edit of the document dearer (each table is a frame),
so the view paints them under the text, like the quote bars, and only for the messages on screen.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTextBlock, QTextDocument
from PySide6.QtWidgets import QTextEdit

from app.qt.render.document_edit import MessageRecord
from app.render.design import BUBBLE_PADDING, RADIUS_L, reading_margin

__all__ = ["column_left", "paint_bubbles", "set_reading_column"]


def set_reading_column(document: QTextDocument, view_width: int) -> None:
    """Centre a column of at most ``READING_WIDTH`` pixels in a view ``view_width`` pixels wide."""
    # The root frame's side margins replace the document margin on that side (they are not added to it).
    side = float(max(reading_margin(view_width), round(document.documentMargin())))
    root = document.rootFrame()
    frame = root.frameFormat()
    if frame.leftMargin() == side and frame.rightMargin() == side:
        return
    frame.setLeftMargin(side)
    frame.setRightMargin(side)
    root.setFrameFormat(frame)


def column_left(document: QTextDocument) -> float:
    """Where the column's text starts, in document coordinates."""
    return document.rootFrame().frameFormat().leftMargin()


def paint_bubbles(
    view: QTextEdit, area: QRect, messages: Iterable[MessageRecord], fill: QColor, edge: QColor
) -> None:
    """Paint the bubble behind every user message of ``messages`` that shows in ``area`` of the viewport."""
    document = view.document()
    layout = document.documentLayout()
    dx, dy = view.horizontalScrollBar().value(), view.verticalScrollBar().value()
    top, bottom = area.top() + dy, area.bottom() + dy
    painter: QPainter | None = None
    for message in messages:
        if message.role != "user" or message.body_len <= 1:
            continue
        start = message.region_start("body")
        first = document.findBlock(start + 1)  # a region starts with the separator ending the block before
        last = document.findBlock(start + message.body_len - 1)
        if not first.isValid() or not last.isValid():
            continue
        first_rect = layout.blockBoundingRect(first)
        last_rect = layout.blockBoundingRect(last)
        if first_rect.top() > bottom:
            break  # document order: the rest are below the area
        if last_rect.bottom() < top:
            continue
        shape = _text_extent(document, first, last)
        if shape is None:
            continue
        if painter is None:
            painter = QPainter(view.viewport())
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(edge, 1.0))
            painter.setBrush(fill)
        shape = shape.adjusted(-BUBBLE_PADDING - 2, -BUBBLE_PADDING / 2, BUBBLE_PADDING, BUBBLE_PADDING / 2)
        painter.drawRoundedRect(shape.translated(QPointF(-dx, -dy)), RADIUS_L, RADIUS_L)
    if painter is not None:
        painter.end()


def _text_extent(document: QTextDocument, first: QTextBlock, last: QTextBlock) -> QRectF | None:
    """The rectangle the text of blocks ``first`` to ``last`` covers (its lines, not the blocks' width)."""
    layout = document.documentLayout()
    left, right = float("inf"), float("-inf")
    top = bottom = 0.0
    block = first
    found = False
    while block.isValid():
        rect = layout.blockBoundingRect(block)
        text_layout = block.layout()
        right_aligned = bool(block.blockFormat().alignment() & Qt.AlignmentFlag.AlignRight)
        for index in range(text_layout.lineCount()):
            line = text_layout.lineAt(index)
            natural = max(line.naturalTextWidth(), 1.0)
            # A right-aligned line keeps its full width; its text sits at the line's end.
            x = rect.left() + line.x() + (line.width() - natural if right_aligned else 0.0)
            left = min(left, x)
            right = max(right, x + natural)
        if not found:
            top = rect.top()
            found = True
        bottom = rect.bottom()
        if block == last:
            break
        block = block.next()
    if not found or right <= left:
        return None
    return QRectF(left, top, right - left, bottom - top)
