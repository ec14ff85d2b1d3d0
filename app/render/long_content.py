"""Markdown that would freeze the window, shown in a form that costs little: nothing of the text is lost.

A pasted log, a CSV turned into a table or a model stuck repeating one character can make an answer that
Qt or the parser takes seconds over, all on the GUI thread. Four bounds keep every answer cheap to show:

- **Long runs without a break** (a 200 KB line of a log, a base64 blob): Qt looks for a line break
  opportunity from each line's start to the end of the run, so laying out a run costs its length squared.
  ``soft_breaks`` puts an invisible break opportunity (``SOFT_BREAK``, a zero-width space) into such runs;
  the view leaves it out of copied text.
- **Long runs of emphasis or link brackets** (``*`` × 20,000): each character is a delimiter the parser
  pairs up, and thousands of nested ``<strong>`` make Qt's HTML reader crawl. A run of more than
  ``MAX_DELIMITER_RUN`` is text (``literal_runs``): no Markdown means anything by such a run.
- **Paragraphs thick with asterisks** (``*a `` × 50,000): more than ``MAX_ASTERISKS`` in one paragraph and
  it is text, not parsed inline (``literal_paragraphs``).
- **Large tables** (more than ``MAX_TABLE_CELLS`` cells or ``MAX_TABLE_COLUMNS`` columns): Qt's table
  layout costs about a millisecond per cell. They are shown as aligned text in a shaded block under a
  caption saying so (``use_large_table_guard``); copying the message still gives the Markdown table.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

SOFT_BREAK = "\u200b"
"""An invisible line break opportunity, put into long runs without one (see ``soft_breaks``)."""

#: Runs of at least this many characters without a space get a soft break every ``_BREAK_EVERY``.
LONG_RUN = 1000
_BREAK_EVERY = 500
_LONG = re.compile(rf"\S{{{LONG_RUN},}}")

#: Longer runs of ``*``, ``_``, ``~`` or ``[`` are shown as text.
MAX_DELIMITER_RUN = 40
_DELIMITERS = frozenset("*_~[")

#: A paragraph with more asterisks is shown as text ("*a " × 50,000: a token per asterisk, ten times the cost
#: of ordinary text). Underscores are not counted: a paragraph of formulas has thousands of subscripts.
MAX_ASTERISKS = 10_000
LITERAL_TEXT = "literal_text"
"""The token type of a paragraph's text shown as it is written (``content``), never parsed inline."""

#: Larger tables are shown as text.
MAX_TABLE_CELLS = 1000
MAX_TABLE_COLUMNS = 30
#: A cell wider than this does not widen its column in a table shown as text.
_WIDEST_COLUMN = 40

TABLE_TEXT = "table_text"
"""The token type standing for a large table shown as text: ``content`` is the text, ``meta`` has ``rows``
and ``columns``."""


def soft_breaks(text: str) -> str:
    """``text`` with a ``SOFT_BREAK`` every few hundred characters of each run of ``LONG_RUN`` or more."""
    if len(text) < LONG_RUN:
        return text
    return _LONG.sub(_broken, text)


def _broken(match: re.Match[str]) -> str:
    run = match.group()
    return SOFT_BREAK.join(run[i : i + _BREAK_EVERY] for i in range(0, len(run), _BREAK_EVERY))


def without_soft_breaks(text: str) -> str:
    """``text`` as written: without the soft breaks the view put in."""
    return text.replace(SOFT_BREAK, "")


def use_long_run_guard(parser: MarkdownIt) -> None:
    """Make ``parser`` read long runs of emphasis or bracket characters as text (before it pairs them).

    Also a paragraph (any inline run) with more than ``MAX_ASTERISKS`` asterisks: ``literal_paragraphs``.
    """
    parser.inline.ruler.before("strikethrough", "literal_runs", literal_runs)
    parser.core.ruler.before("inline", "literal_paragraphs", literal_paragraphs)


def literal_paragraphs(state: Any) -> None:
    """A core rule: an inline run with more than ``MAX_ASTERISKS`` asterisks becomes one ``LITERAL_TEXT``."""
    for token in state.tokens:
        if token.type == "inline" and token.content.count("*") > MAX_ASTERISKS:
            token.type = LITERAL_TEXT


def literal_runs(state: Any, silent: bool) -> bool:
    """An inline rule: a run of more than ``MAX_DELIMITER_RUN`` of one delimiter character is text."""
    src: str = state.src
    start: int = state.pos
    marker = src[start]
    if marker not in _DELIMITERS:
        return False
    end = start + 1
    limit = min(state.posMax, start + MAX_DELIMITER_RUN + 1)
    while end < limit and src[end] == marker:
        end += 1
    if end - start <= MAX_DELIMITER_RUN:
        return False
    while end < state.posMax and src[end] == marker:
        end += 1
    if not silent:
        state.pending += src[start:end]
    state.pos = end
    return True


def use_large_table_guard(parser: MarkdownIt) -> None:
    """Make ``parser`` read a table too large to lay out as one ``TABLE_TEXT`` token.

    markdown-it's own table rule decides what is a table and reads a table of usual size; a large one is
    read here, without the tokens for each cell and the inline parsing of each (most of its cost).
    """
    from markdown_it.rules_block.table import table

    def bounded_table(state: Any, start_line: int, end_line: int, silent: bool) -> bool:
        if not table(state, start_line, end_line, True):
            return False
        if silent:
            return True
        rows, end = _table_rows(state, start_line, end_line)
        columns = len(rows[0])
        if columns <= MAX_TABLE_COLUMNS and len(rows) * columns <= MAX_TABLE_CELLS:
            return table(state, start_line, end_line, False)
        token = state.push(TABLE_TEXT, "", 0)
        token.content = _aligned(rows)
        token.map = [start_line, end]
        token.meta = {"rows": len(rows) - 1, "columns": columns}
        state.line = end
        return True

    parser.block.ruler.at("table", bounded_table, {"alt": ["paragraph", "reference"]})


def _table_rows(state: Any, start: int, end: int) -> tuple[list[list[str]], int]:
    """The cells of the table starting at line ``start`` (header row first), and the line after it.

    The rows end where markdown-it's table rule ends them; each has the header's number of cells.
    """
    header = _cells(_line(state, start))
    rows = [header]
    terminators = state.md.block.ruler.getRules("blockquote")
    parent = state.parentType
    state.parentType = "table"
    line = start + 2
    while line < end and state.sCount[line] >= state.blkIndent:
        text = _line(state, line)
        # No block that ends a table starts with a pipe: most rows need no look at the other rules.
        if not text.startswith("|") and any(rule(state, line, end, True) for rule in terminators):
            break
        if not text or state.is_code_block(line):
            break
        cells = _cells(text)
        rows.append((cells + [""] * len(header))[: len(header)])
        line += 1
    state.parentType = parent
    return rows, line


def _line(state: Any, line: int) -> str:
    return str(state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]).strip()


def _cells(text: str) -> list[str]:
    """A table row's cells (GFM: pipes split cells unless escaped; outer pipes are optional)."""
    cells = _PIPE.split(text)
    if cells and not cells[0].strip():
        cells.pop(0)
    if cells and not cells[-1].strip():
        cells.pop()
    return [cell.strip() for cell in cells]


_PIPE = re.compile(r"(?<!\\)\|")


def _aligned(rows: list[list[str]]) -> str:
    """The rows as a Markdown table whose columns line up (as far as ``_WIDEST_COLUMN`` allows)."""
    if not rows:
        return ""
    widths = [min(_WIDEST_COLUMN, max(map(len, column))) for column in zip(*rows, strict=True)]
    lines = ["| " + " | ".join(map(str.ljust, row, widths)) + " |" for row in rows]
    rule = "|" + "|".join("-" * (width + 2) for width in widths) + "|"
    return "\n".join([lines[0], rule, *lines[1:]])
