"""How Markdown's blocks are laid out in the transcript, measured from the document's layout and pixels:
even list spacing (also nested, loose lists and footnotes), a bar beside the whole of a block quote, a heading
scale that goes down to h6, and code set in from its shade and edge without characters a copy would carry."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QPalette, QTextBlock, QTextCursor
from pytestqt.qtbot import QtBot

from app.qt.widgets.transcript_column import column_left
from app.qt.widgets.transcript_view import TranscriptView
from app.render.design import CODE_PADDING, LIST_INDENT, SPACE_S
from tests.helpers.transcripts import transcript_view

PROSE = "A paragraph of prose long enough to wrap onto a second line in the reading column. " * 3


@pytest.fixture
def view(qtbot: QtBot) -> TranscriptView:
    return transcript_view(qtbot, 800, 1400)


def _block(view: TranscriptView, text: str) -> QTextBlock:
    block = view.document().begin()
    while block.isValid():
        if block.text().strip().startswith(text):
            return block
        block = block.next()
    raise AssertionError(f"{text!r} is not in the transcript")


def _top(view: TranscriptView, text: str) -> float:
    return view.document().documentLayout().blockBoundingRect(_block(view, text)).top()


def _steps(view: TranscriptView, texts: list[str]) -> list[float]:
    tops = [_top(view, text) for text in texts]
    return [round(after - before, 1) for before, after in itertools.pairwise(tops)]


def _text_left(view: TranscriptView, text: str) -> int:
    cursor = QTextCursor(_block(view, text))
    return view.cursorRect(cursor).left()


def _prose_line_step(view: TranscriptView) -> float:
    layout = _block(view, "A paragraph of prose").layout()
    assert layout.lineCount() >= 2
    return layout.lineAt(1).y() - layout.lineAt(0).y()


def test_list_items_step_like_lines_of_prose_also_nested_and_nest_by_one_indent(view: TranscriptView) -> None:
    view.add_message(
        1,
        "model",
        f"{PROSE}\n\n1. First\n2. Second\n   - nested a\n   - nested b\n     1. deep\n3. Third\n\n"
        "Between.\n\n- loose a\n\n- loose b\n\n- loose c\n",
    )
    line = _prose_line_step(view)
    tight = _steps(view, ["First", "Second", "nested a", "nested b", "deep", "Third"])
    # Even: every item of the tight list, nested or not, is as far from the next as the first from the second,
    # at least a line of prose apart (not cramped at the font's own line height) and only a little more.
    assert len(set(tight)) == 1, tight
    assert line <= tight[0] <= line + SPACE_S, (tight, line)
    loose = _steps(view, ["loose a", "loose b", "loose c"])
    assert len(set(loose)) == 1 and tight[0] <= loose[0] <= tight[0] + SPACE_S, (loose, tight)
    # One level of nesting sets the text in by one list indent, not more.
    for parent, child in (("Second", "nested a"), ("nested b", "deep")):
        assert 0 < _text_left(view, child) - _text_left(view, parent) <= LIST_INDENT


def test_footnotes_are_spaced_like_a_tight_list(view: TranscriptView) -> None:
    view.add_message(
        1,
        "model",
        f"{PROSE}\n\n- one\n- two\n\nA claim[^1] and another[^2].\n\n[^1]: First note.\n[^2]: Second note.\n",
    )
    [tight] = _steps(view, ["one", "two"])
    [notes] = _steps(view, ["First note.", "Second note."])
    assert notes <= tight, (notes, tight)


def _bar_beside(view: TranscriptView, text: str) -> bool:
    """Whether a solid bar runs down the quote bars' column beside the whole height of ``text``'s block."""
    shot = view.viewport().grab().toImage()
    rect = view.document().documentLayout().blockBoundingRect(_block(view, text))
    x = int(column_left(view.document())) + 5 - view.horizontalScrollBar().value()
    top = int(rect.top()) - view.verticalScrollBar().value()
    base = view.palette().color(QPalette.ColorRole.Base)
    return all(shot.pixelColor(QPoint(x, y)) != base for y in range(top + 1, top + int(rect.height()) - 1))


def test_the_bar_runs_beside_the_whole_quote_lists_and_code_included(view: TranscriptView) -> None:
    view.add_message(
        1,
        "model",
        "Before the quote.\n\n> A quote with a list:\n> - item in quote\n>\n"
        "> ```\n> code in quote\n> second line\n> ```\n>\n> > nested quote\n\nAfter the quote.\n",
    )
    for text in ("A quote with a list:", "item in quote", "code in quote", "second line", "nested quote"):
        assert _bar_beside(view, text), f"no bar beside {text!r}"
    for text in ("Before the quote.", "After the quote."):
        assert not _bar_beside(view, text), f"a bar beside {text!r}"


def _line_height(view: TranscriptView, text: str) -> float:
    line = _block(view, text).layout().lineAt(0)
    return line.ascent() + line.descent()


def test_each_heading_level_down_to_h6_looks_different_from_the_next_and_from_body_text(
    view: TranscriptView,
) -> None:
    view.add_message(
        1,
        "model",
        "# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six\n\nBody **bold** text.\n",
    )
    sizes = [_line_height(view, name) for name in ("One", "Two", "Three", "Four")]
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == 4, sizes
    body = _line_height(view, "Body")
    assert sizes[3] >= body > _line_height(view, "Five") == _line_height(view, "Six")
    # h6 differs from h5 by its muted colour; both are bold, unlike body text.
    five, six = (QTextCursor(_block(view, name)) for name in ("Five", "Six"))
    for cursor in (five, six):
        cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)
        assert cursor.charFormat().fontWeight() >= 600
    assert five.charFormat().foreground().color() != six.charFormat().foreground().color()


CODE = (
    'def add(a, b):\n    """Add."""\n    return a + b  # '
    + "a comment long enough to wrap in the column " * 4
    + "\n\nprint(add(1, 2))"
)


def test_a_selection_over_a_code_block_copies_exactly_the_code(view: TranscriptView) -> None:
    # What a mouse drag from the first character to the last selects: pasted, it must run as written
    # (a space added in front of each line gave "IndentationError: unexpected indent").
    view.add_message(1, "model", f"Some code:\n\n```python\n{CODE}\n```\n\nAfter.\n")
    first, last = _block(view, "def add"), _block(view, "print(add")
    cursor = QTextCursor(first)
    cursor.setPosition(last.position() + last.length() - 1, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    assert view.createMimeDataFromSelection().text() == CODE


def test_code_is_set_in_from_its_shade_on_every_line_and_the_block_has_an_edge(view: TranscriptView) -> None:
    view.add_message(1, "model", f"Some code:\n\n```python\n{CODE}\n```\n\nAfter.\n")
    palette = view._html.palette
    block = _block(view, "return a + b")
    layout = block.layout()
    assert layout.lineCount() >= 2  # the comment wraps
    rect = view.document().documentLayout().blockBoundingRect(block)
    dx, dy = view.horizontalScrollBar().value(), view.verticalScrollBar().value()
    shot = view.viewport().grab().toImage()
    for index in (0, 1):  # the first line and a wrapped one start alike, inside the shade
        line = layout.lineAt(index)
        x = int(rect.left() + line.x()) - dx
        y = int(rect.top() + line.y() + line.height() / 2) - dy
        assert line.x() == layout.lineAt(0).x()
        for inside in range(x - CODE_PADDING, x):
            assert shot.pixelColor(QPoint(inside, y)).name() == palette.code_background, (index, inside)
        # Just outside the shade: the block's edge.
        assert shot.pixelColor(QPoint(x - CODE_PADDING - 1, y)).name() == palette.code_border, index
