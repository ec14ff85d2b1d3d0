"""The shaded padding and the edge of the transcript's code blocks.

Qt's rich text shades a block only as wide as its lines and has no padding or borders for blocks, and a
one-cell table per code block would make every later edit of the document pay for one more frame. So the
code's left margin (``CODE_PADDING``, set by ``app.render.highlight``) keeps every line, wrapped ones too,
off the shaded edge without adding characters a copied selection would carry, and the view paints that
margin in the code's colour and a thin edge around the header bar and the code, only for the blocks on screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QPoint, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTextBlock
from PySide6.QtWidgets import QTextEdit

from app.render.design import CODE_PADDING
from app.render.palette import RenderPalette

__all__ = ["CodeColours", "code_blocks_painted", "code_padding", "paint_code_blocks"]


class CodeColours:
    """The colours that say a block is code (its shade, its header bar's) and the edge drawn around them."""

    def __init__(self, palette: RenderPalette) -> None:
        self.body = QColor(palette.code_background)
        self.header = QColor(palette.code_header)
        self.edge = QColor(palette.code_border)

    def kind(self, block: QTextBlock) -> int:
        """0: not code; 1: a code block's header bar; 2: a line of code."""
        brush = block.blockFormat().background()
        if brush.style() == Qt.BrushStyle.NoBrush:
            return 0
        colour = brush.color()
        if colour == self.body:
            return 2
        return 1 if colour == self.header else 0


def code_padding(block: QTextBlock, colours: CodeColours) -> float:
    """The part of ``block``'s left margin that is a code block's padding (0 for any other block)."""
    return float(CODE_PADDING) if colours.kind(block) == 2 else 0.0


@contextmanager
def code_blocks_painted(view: QTextEdit, area: QRect, colours: CodeColours, shown: bool) -> Iterator[None]:
    """Around painting the text: the code blocks' padding under it, their edges over it (when ``shown``)."""
    if shown:
        paint_code_blocks(view, area, colours, edges=False)
    yield
    if shown:
        paint_code_blocks(view, area, colours, edges=True)


def paint_code_blocks(view: QTextEdit, area: QRect, colours: CodeColours, *, edges: bool) -> None:
    """Paint the padding of the code blocks visible in ``area`` of ``view``'s viewport, or their edges.

    Called twice a paint: under the text (``edges=False``: the padding's shade) and over it (``edges=True``:
    the 1 px edge, just outside the shade so it never covers a glyph).
    """
    document = view.document()
    layout = document.documentLayout()
    dx, dy = view.horizontalScrollBar().value(), view.verticalScrollBar().value()
    block = view.cursorForPosition(QPoint(0, area.top())).block()
    # Back to the start of a block the area begins inside, so its edge is drawn where the block starts; only
    # as far as a line above the viewport, where its top edge is out of sight: a long code block was walked
    # back line by line on every paint (a streamed 200 KB block took a minute to show).
    while (
        block.previous().isValid()
        and colours.kind(block.previous())
        and layout.blockBoundingRect(block).bottom() >= dy
    ):
        block = block.previous()
    painter = QPainter(view.viewport())
    painter.setPen(QPen(colours.edge, 1.0))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.translate(-dx, -dy)
    run: QRectF | None = None  # the header bar and code lines so far of the block being drawn
    while block.isValid():
        rect = layout.blockBoundingRect(block)
        if rect.top() - dy > area.bottom():
            if run is not None and edges:  # the block goes on below the area: so does its edge
                run.setBottom(area.bottom() + dy + 2)
                painter.drawRect(run.adjusted(-1.0, -1.0, 0.0, 0.0))
            break
        kind = colours.kind(block)
        if kind:
            # Where Qt draws the block's shade: its lines' extent, placed where blockBoundingRect puts it.
            shade = block.layout().boundingRect().translated(rect.topLeft())
            if kind == 2:
                shade.setLeft(shade.left() - CODE_PADDING)
                if not edges:
                    painter.fillRect(
                        QRectF(shade.left(), shade.top(), CODE_PADDING, shade.height()), colours.body
                    )
            run = shade if run is None else run | shade
            following = block.next()
            if not following.isValid() or colours.kind(following) != 2:
                if edges:
                    painter.drawRect(run.adjusted(-1.0, -1.0, 0.0, 0.0))
                run = None
        block = block.next()
    painter.end()
