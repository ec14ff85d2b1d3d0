"""Which messages of a long conversation are rendered: the most recent page first, earlier pages on demand.

Rows are cheap tuples of already-loaded text; only rendering is deferred. The rows not rendered yet are the
oldest ones, so a page is always taken from the end of what is left.
"""

from __future__ import annotations

from collections.abc import Sequence

#: One message: (id, role, markdown, header, status, notice).
MessageRow = (
    tuple[int, str, str, str, str, str | None]
    | tuple[int, str, str, str, str, str | None, str]
    | tuple[int, str, str, str, str, str | None, str, str]
)
"""(id, role, markdown, header, status, notice[, thoughts[, footer]]): a reply's thought summary and its
figures line (tokens, speed) are optional."""

#: An error shown on a message: (title, detail, retry).
ErrorBox = tuple[str, str, bool]


def page_start(rows: Sequence[MessageRow], end: int, size: int, chars: int) -> int:
    """Index of the first row of the page ending just before ``rows[end]``.

    A page has at most ``size`` rows and ends (going back in time) once it holds ``chars`` characters of
    Markdown, but it always has at least one row when ``end > 0``.
    """
    start, total = end, 0
    while start > 0 and end - start < size and (start == end or total < chars):
        start -= 1
        total += len(rows[start][2])
    return start


class EarlierRows:
    """The oldest rows of the shown conversation that are not rendered yet, and errors waiting for them.

    Args:
        page_size: At most this many rows per page.
        page_chars: A page ends once it holds this many characters (about two screens of text).
    """

    def __init__(self, page_size: int, page_chars: int) -> None:
        self.page_size = max(1, page_size)
        self.page_chars = page_chars
        self._rows: list[MessageRow] = []
        self._ids: set[int] = set()
        self._errors: dict[int, ErrorBox] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def rows(self) -> list[MessageRow]:
        """A copy of the rows not rendered yet, oldest first."""
        return list(self._rows)

    def reset(self, rows: Sequence[MessageRow] = ()) -> None:
        """Hold ``rows`` (oldest first) as not rendered; forget waiting errors."""
        self._rows = list(rows)
        self._ids = {row[0] for row in self._rows}
        self._errors = {}

    def last_page_count(self, rows: Sequence[MessageRow]) -> int:
        """How many rows at the end of ``rows`` make the first page to render."""
        return len(rows) - page_start(rows, len(rows), self.page_size, self.page_chars)

    def take_page(self) -> list[MessageRow]:
        """Remove and return the most recent page of the rows not rendered yet (oldest first)."""
        start = page_start(self._rows, len(self._rows), self.page_size, self.page_chars)
        page = self._rows[start:]
        del self._rows[start:]
        self._ids.difference_update(row[0] for row in page)
        return page

    def discard(self, message_id: int) -> None:
        """Forget the row of a message that is now shown another way (a reply streamed again)."""
        if message_id in self._ids:
            self._rows = [row for row in self._rows if row[0] != message_id]
            self._ids.discard(message_id)
            self._errors.pop(message_id, None)

    def remember_error(self, message_id: int, error: ErrorBox) -> bool:
        """Keep ``error`` for a message that is not rendered yet; return False for a message not held here."""
        if message_id not in self._ids:
            return False
        self._errors[message_id] = error
        return True

    def pop_error(self, message_id: int) -> ErrorBox | None:
        """The error waiting for a message being rendered now, if any."""
        return self._errors.pop(message_id, None)

    def errors(self) -> dict[int, ErrorBox]:
        """A copy of the waiting errors."""
        return dict(self._errors)

    def restore_errors(self, errors: dict[int, ErrorBox]) -> None:
        """Put back waiting errors (after a re-render) for rows still held."""
        self._errors.update({k: v for k, v in errors.items() if k in self._ids})
