"""Where things are in the transcript: a message's extent, its header line's action bar, a link's text.

Document coordinates throughout (``QTextDocument`` layout), except ``bar_place``, which answers in the
viewport's. ``MessageFocus`` rings and reveals what these measure.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize
from PySide6.QtGui import QTextBlock, QTextDocument, QTextLine
from PySide6.QtWidgets import QTextEdit

from app.qt.render.document_edit import MessageRecord
from app.render.design import SPACE_S

__all__ = ["bar_place", "link_rect", "lowest_on_screen", "message_rect", "scroll_offset"]


def scroll_offset(view: QTextEdit) -> QPointF:
    """How far the view is scrolled: document coordinates minus this are the viewport's."""
    return QPointF(view.horizontalScrollBar().value(), view.verticalScrollBar().value())


def message_rect(view: QTextEdit, message: MessageRecord) -> QRectF:
    """The message's extent in document coordinates: the column's width, header to last region."""
    document = view.document()
    layout = document.documentLayout()
    first = layout.blockBoundingRect(document.findBlock(message.start.position() + 1))
    last = layout.blockBoundingRect(document.findBlock(max(message.end() - 1, message.start.position())))
    return QRectF(first.left(), first.top(), first.width(), last.bottom() - first.top())


def bar_place(view: QTextEdit, message: MessageRecord, size: QSize) -> QPoint | None:
    """Where an action bar of ``size`` goes, in the viewport (None: the header line is not on screen).

    At the right end of an answer's header line, left of "You" over a question. A message taller than the
    view keeps its bar at the top of the view while any of it shows.
    """
    document = view.document()
    block = document.findBlock(message.start.position() + 1)
    if not block.isValid() or block.layout().lineCount() == 0:
        return None
    line = block.layout().lineAt(0)
    origin = block.layout().position()
    scroll = scroll_offset(view)
    line_left = origin.x() + line.x()
    line_right = line_left + line.width()
    natural = line.naturalTextWidth()
    if message.role == "user":  # the header line is right-aligned: "You" (and the versions) at its end
        x = line_right - natural - SPACE_S - size.width()
    else:
        x = max(line_right - size.width(), line_left + natural + SPACE_S)
    y = origin.y() + line.y() + (line.height() - size.height()) / 2
    bottom = message_rect(view, message).bottom()
    top_of_view = scroll.y() + 2
    y = max(y, min(top_of_view, bottom - size.height()))
    point = QPointF(x, y) - scroll
    viewport = view.viewport().rect()
    if point.y() + size.height() < 0 or point.y() > viewport.height():
        return None
    x = min(max(point.x(), 0.0), float(viewport.width() - size.width()))
    return QPoint(round(x), round(point.y()))


def lowest_on_screen(view: QTextEdit, messages: Mapping[int, MessageRecord]) -> int | None:
    """The last message whose top shows in the view (else the one the view is inside)."""
    top = view.verticalScrollBar().value()
    bottom = top + view.viewport().height()
    found = None
    for message_id, message in messages.items():
        rect = message_rect(view, message)
        if rect.top() < bottom - 2 * SPACE_S and rect.bottom() > top:
            found = message_id
    return found


def link_rect(document: QTextDocument, start: int, end: int, href: str) -> QRectF | None:
    """The text of the link to ``href`` between positions ``start`` and ``end``, in document coordinates.

    The link's run on its first line (an icon and its label are one run); None when no such link is drawn
    there (the caller then rings what holds it).
    """
    layout = document.documentLayout()
    block = document.findBlock(max(start, 0))
    while block.isValid() and block.position() < end:
        found = _link_in_block(block, href)
        if found is not None:
            first, last = found
            text_layout = block.layout()
            line = text_layout.lineForTextPosition(first)
            if line.isValid():
                last = min(last, line.textStart() + line.textLength())
                left = _x_at(line, first)
                right = _x_at(line, last)
                origin = layout.blockBoundingRect(block).topLeft()
                return QRectF(
                    origin.x() + min(left, right), origin.y() + line.y(), abs(right - left), line.height()
                )
        block = block.next()
    return None


def _link_in_block(block: QTextBlock, href: str) -> tuple[int, int] | None:
    """The first run of characters of ``block`` linking to ``href``: (first, end) positions in the block."""
    first: int | None = None
    last = 0
    iterator = block.begin()
    while not iterator.atEnd():
        fragment = iterator.fragment()
        if fragment.isValid():
            linked = fragment.charFormat().isAnchor() and fragment.charFormat().anchorHref() == href
            if linked:
                if first is None:
                    first = fragment.position() - block.position()
                last = fragment.position() - block.position() + fragment.length()
            elif first is not None:
                break
        iterator += 1
    return None if first is None else (first, last)


def _x_at(line: QTextLine, position: int) -> float:
    # PySide6's QTextLine.cursorToX returns (x, position), typed as a bare object.
    result = line.cursorToX(position)
    return float(result[0] if isinstance(result, tuple) else result)  # type: ignore[arg-type]
