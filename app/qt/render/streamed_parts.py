"""A streamed answer's committed blocks in a document: kept places, swapped when typeset, joined at the end.

Shared by the transcript's live reply and the side-by-side answers, which stream through the same
``StreamingMarkdown``. A committed block that shows a formula as its source is a region of its own whose place
is kept, to swap it for its final HTML once its formulas are typeset; so is the start of a block carrying on
a long paragraph committed in parts, to join it to the block before once nothing waits (a space instead of the
block separator: exactly the HTML of the whole render, without rendering and inserting the message again).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtGui import QTextCursor, QTextDocument

from app.render.incremental import RenderUpdate, StreamingMarkdown

__all__ = ["StreamedParts", "insert_committed", "join_parts", "swap_typeset_blocks"]

_BLOCK_SEPARATOR = "\u2029"  # how a selection shows the end of a block

StreamedParts = tuple[dict[int, tuple[QTextCursor, int]], dict[int, QTextCursor]]
"""Waiting blocks (key -> a cursor at the block start, its length), joins (key -> a cursor at its start)."""

Insert = Callable[[int, str], int]
"""Inserts a region of HTML at a position and returns its length."""


def insert_committed(
    document: QTextDocument, pos: int, update: RenderUpdate, insert: Insert, parts: StreamedParts
) -> int:
    """Insert the blocks ``update`` committed at ``pos``, keeping the places of waiting and joining ones.

    Returns:
        The length inserted.
    """
    waiting_blocks, joins = parts
    waiting = dict(update.waiting)
    joining = dict(update.joins)
    start = pos
    run: list[str] = []
    for index, html_text in enumerate(update.committed):
        if index not in waiting and index not in joining:
            run.append(html_text)
            continue
        pos += insert(pos, "".join(run))
        run.clear()
        length = insert(pos, html_text)
        if index in joining:
            joins[joining[index]] = _cursor_at(document, pos)
        if index in waiting:
            waiting_blocks[waiting[index]] = (_cursor_at(document, pos), length)
        pos += length
    pos += insert(pos, "".join(run))
    return pos - start


def swap_typeset_blocks(
    markdown: StreamingMarkdown,
    parts: StreamedParts,
    insert: Insert,
    remove: Callable[[int, int], None],
    deadline: float | None = None,
) -> tuple[int, bool]:
    """Swap the committed blocks whose formulas are all typeset now for their final HTML.

    Until ``time.perf_counter()`` passes ``deadline`` (at least one block; all when None): 3,000 formulas'
    blocks swapped in one frame stalled the window.

    Returns:
        How much longer the document got, and whether blocks may be left for the next frame.
    """
    waiting_blocks, joins = parts
    change = 0
    while True:
        done = markdown.typeset_blocks(limit=None if deadline is None else 1)
        for key, html_text in done:
            place, length = waiting_blocks.pop(key)
            pos = place.position()
            remove(pos, pos + length)
            change += insert(pos, html_text) - length
            join = joins.get(key)
            if join is not None:
                join.setPosition(pos)  # it moved past the block inserted at its place
        if deadline is None or not done or not waiting_blocks:
            return change, False
        if time.perf_counter() >= deadline:
            return change, True


def join_parts(document: QTextDocument, joins: dict[int, QTextCursor]) -> None:
    """Join the paragraphs committed in parts: each part's block separator becomes a space.

    A few milliseconds of layout, where rendering the message again took most of a second (see
    ``app.render.incremental``); only once nothing waits for formulas.
    """
    cursor = QTextCursor(document)
    for place in sorted(joins.values(), key=QTextCursor.position, reverse=True):
        at = place.position()
        cursor.setPosition(at)
        cursor.setPosition(at + 1, QTextCursor.MoveMode.KeepAnchor)
        if cursor.selectedText() == _BLOCK_SEPARATOR:
            # As the line end (or space) at the cut reads in the whole paragraph: in the paragraph's own
            # format, not that of the text before it (a code span, a link).
            plain = document.findBlock(at + 1).charFormat()
            cursor.insertText(" ", plain)
    joins.clear()


def _cursor_at(document: QTextDocument, pos: int) -> QTextCursor:
    place = QTextCursor(document)
    place.setPosition(pos)
    return place
