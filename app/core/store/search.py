"""Full-text search over conversation titles and message text.

Queries of three or more characters use the FTS5 ``trigram`` indexes (see :mod:`app.core.store.migrations`):
a trigram index finds any substring, so Chinese and Japanese words are found inside sentences without word
breaks, and Latin text matches case-insensitively. The query is always passed as one quoted phrase, so user
input such as ``"``, ``*``, ``AND``, ``NEAR(...)`` or ``title:`` is plain text, never FTS syntax.

The phrase given to the index is at most :data:`MATCH_MAX_CHARS` characters long: a pasted page of text
would otherwise become an index query of as many trigrams, each one looked up. A longer query asks the index
for the rows holding its beginning, and each of those is checked against the whole query
(``app.core.text_search.find_text``, the rule that also marks the match), so the results are the same.

A trigram index cannot answer one- or two-character queries (common in Chinese, where "cat" is one character
and "weather" two), so those scan with ``LIKE`` from the newest message backwards and stop as soon as enough
conversations were found; a cap on the rows examined bounds the cost of a rare query on a very large history.

Results are grouped by conversation: conversations whose title matches come first, then conversations in the
order of their most recent matching message. Soft-deleted conversations and replies still being streamed are
never returned.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, cast

from app.core.store.db import Database
from app.core.store.records import SearchHit
from app.core.text_search import find_text
from app.core.visible_text import strip_markup

TRIGRAM_MIN_CHARS: Final = 3
"""Queries at least this long use the trigram index; shorter ones use ``LIKE``."""

DEFAULT_SCAN_LIMIT: Final = 20_000
"""How many matching (FTS) or candidate (LIKE) message rows one search may examine at most."""

MATCH_MAX_CHARS: Final = 32
"""The index is asked for at most this many characters of a query (30 trigrams); longer ones are checked."""

_SNIPPET_READ: Final = 65_536
"""Characters of a found message read for its snippet; the whole text only when the match lies further."""
_READ_BEGINNING: Final = f"SELECT id, substr(text, 1, {_SNIPPET_READ}) FROM messages"
_READ_TEXT: Final = "SELECT text FROM messages WHERE id = ?"

_SNIPPET_BEFORE: Final = 30
_SNIPPET_LENGTH: Final = 120
_WHITESPACE: Final = re.compile(r"\s")
_SPACES: Final = re.compile(r"\s+")


def fts_phrase(query: str) -> str:
    """Quote ``query`` as one FTS5 phrase: wrap it in double quotes and double any quote inside."""
    return '"' + query.replace('"', '""') + '"'


def match_phrase(query: str) -> tuple[str, bool]:
    """The FTS5 phrase for ``query``, of its first :data:`MATCH_MAX_CHARS` characters at most.

    Returns:
        ``(phrase, shortened)``: ``shortened`` says the phrase holds only the beginning of ``query``, so
        the rows it finds must still be checked against the whole of it.
    """
    return fts_phrase(query[:MATCH_MAX_CHARS]), len(query) > MATCH_MAX_CHARS


def like_pattern(query: str) -> str:
    r"""Build a ``LIKE ... ESCAPE '\'`` pattern that matches ``query`` literally anywhere in a text."""
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def make_snippet(text: str, query: str) -> tuple[str, int, int]:
    """Cut the part of ``text`` around the first case-insensitive occurrence of ``query``.

    Args:
        text: The full text.
        query: What was searched for.

    Returns:
        ``(snippet, match_start, match_length)``; the match offsets index into the snippet, and are
        ``(-1, 0)`` when the query is not found literally (the snippet is then the start of the text).
        Line breaks become spaces so the snippet fits one line; "…" marks a cut.
    """
    found = find_text(text, query)
    if found is None:
        start, hit_start, hit_end = 0, 0, 0
    else:
        # A match longer than a snippet (a pasted page searched for) is marked as far as the snippet goes.
        hit_start, hit_end = found[0], min(found[1], found[0] + _SNIPPET_LENGTH)
        start = max(0, hit_start - _SNIPPET_BEFORE)
    end = min(len(text), start + max(_SNIPPET_LENGTH, hit_end - start))
    # The words around the match are read as plain text (no "**", backticks or "#" of the Markdown); the
    # match itself stays as written, so a search for "snake_case" or "**" still marks what it found.
    before = _SPACES.sub(" ", strip_markup(text[start:hit_start]))
    after = _SPACES.sub(" ", strip_markup(text[hit_end:end]))
    if start == 0:
        before = before.lstrip()
    # Line breaks in the match become spaces one for one, so the match keeps its length.
    snippet = before + _WHITESPACE.sub(" ", text[hit_start:hit_end]) + after.rstrip()
    match_start, match_length = (len(before), hit_end - hit_start) if found is not None else (-1, 0)
    if start > 0:
        snippet = "…" + snippet
        match_start += 1 if match_start >= 0 else 0
    if end < len(text):
        snippet += "…"
    return snippet, match_start, match_length


@dataclass(frozen=True, slots=True)
class _Found:
    conversation_id: int
    message_id: int | None


class SearchIndex:
    """Searches a :class:`~app.core.store.db.Database`'s conversations and messages.

    Args:
        db: The open database.
        scan_limit: At most this many message rows are examined per search (see :data:`DEFAULT_SCAN_LIMIT`).
    """

    def __init__(self, db: Database, *, scan_limit: int = DEFAULT_SCAN_LIMIT) -> None:
        self._db = db
        self._scan_limit = scan_limit

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Find conversations whose title or messages contain ``query``.

        Args:
            query: Any user input; surrounding whitespace is ignored.
            limit: At most this many conversations.

        Returns:
            One hit per conversation, title matches first, then by most recent matching message.
        """
        needle = query.strip()
        if not needle or limit <= 0:
            return []
        use_fts = len(needle) >= TRIGRAM_MIN_CHARS
        with self._db.translate_errors():
            conn = self._db.connection
            titles = self._title_matches(conn, needle, limit, use_fts)
            found = [_Found(conversation_id, None) for conversation_id in titles]
            seen = set(titles)
            # Message texts read to check a shortened query's rows, kept for their snippets.
            texts: dict[int, str] = {}
            if len(found) < limit:
                cursor = self._message_matches(conn, needle, use_fts)
                check = use_fts and match_phrase(needle)[1]
                try:
                    for examined, (message_id, conversation_id) in enumerate(cursor, start=1):
                        if conversation_id not in seen and (
                            not check or _holds(conn, message_id, needle, texts)
                        ):
                            seen.add(conversation_id)
                            found.append(_Found(conversation_id, message_id))
                            if len(found) >= limit:
                                break
                        if examined >= self._scan_limit:
                            break
                finally:
                    # Reset the statement now: an open read statement would pin the WAL snapshot.
                    cursor.close()
            return self._hits(conn, found, needle, texts)

    def _title_matches(self, conn: sqlite3.Connection, needle: str, limit: int, use_fts: bool) -> list[int]:
        if use_fts:
            phrase, shortened = match_phrase(needle)
            sql = (
                "SELECT c.id, c.title FROM conversation_fts f JOIN conversations c ON c.id = f.rowid"
                " WHERE conversation_fts MATCH ? AND c.deleted_at IS NULL ORDER BY c.updated_at DESC LIMIT ?"
            )
            # A shortened phrase's titles are checked here (LIMIT -1: all of them); titles are short.
            cursor = conn.execute(sql, (phrase, -1 if shortened else limit))
            try:
                matching = (
                    row[0] for row in cursor if not shortened or find_text(row[1], needle) is not None
                )
                return list(itertools.islice(matching, limit))
            finally:
                cursor.close()
        sql = (
            "SELECT id FROM conversations WHERE deleted_at IS NULL AND title LIKE ? ESCAPE '\\'"
            " ORDER BY updated_at DESC LIMIT ?"
        )
        return [row[0] for row in conn.execute(sql, (like_pattern(needle), limit))]

    def _message_matches(self, conn: sqlite3.Connection, needle: str, use_fts: bool) -> sqlite3.Cursor:
        # Newest first by id (ids grow with time): the caller stops after enough conversations, so a common
        # word costs a few rows instead of the whole match list.
        if use_fts:
            sql = (
                "SELECT m.id, m.conversation_id FROM message_fts f"
                " JOIN messages m ON m.id = f.rowid JOIN conversations c ON c.id = m.conversation_id"
                " WHERE message_fts MATCH ? AND c.deleted_at IS NULL ORDER BY f.rowid DESC"
            )
            return conn.execute(sql, (match_phrase(needle)[0],))
        # LIKE has no index: look only at the newest scan_limit messages (a rowid range, read newest first).
        floor = conn.execute(
            "SELECT id FROM messages ORDER BY id DESC LIMIT 1 OFFSET ?", (self._scan_limit - 1,)
        ).fetchone()
        sql = (
            "SELECT m.id, m.conversation_id FROM messages m JOIN conversations c ON c.id = m.conversation_id"
            " WHERE m.id >= ? AND m.status != 'streaming' AND c.deleted_at IS NULL"
            " AND m.text LIKE ? ESCAPE '\\' ORDER BY m.id DESC"
        )
        return conn.execute(sql, (0 if floor is None else floor[0], like_pattern(needle)))

    def _hits(
        self, conn: sqlite3.Connection, found: list[_Found], needle: str, texts: dict[int, str]
    ) -> list[SearchHit]:
        if not found:
            return []
        conversations = _rows_by_id(
            conn, "SELECT id, title, updated_at FROM conversations", [f.conversation_id for f in found]
        )
        unread = [f.message_id for f in found if f.message_id is not None and f.message_id not in texts]
        # Each text's beginning first: a multi-megabyte answer is read whole only if its match lies further.
        for id_, row in _rows_by_id(conn, _READ_BEGINNING, unread).items():
            beginning = cast(str, row[1])
            at = find_text(beginning, needle)
            if len(beginning) >= _SNIPPET_READ and (at is None or at[1] + _SNIPPET_LENGTH > len(beginning)):
                beginning = cast(str, conn.execute(_READ_TEXT, (id_,)).fetchone()[0])
            texts[id_] = beginning
        hits: list[SearchHit] = []
        for item in found:
            _, title, updated_at = cast(tuple[int, str, float], conversations[item.conversation_id])
            source = title if item.message_id is None else texts[item.message_id]
            snippet, match_start, match_length = make_snippet(source, needle)
            hits.append(
                SearchHit(
                    conversation_id=item.conversation_id,
                    title=title,
                    message_id=item.message_id,
                    snippet=snippet,
                    match_start=match_start,
                    match_length=match_length,
                    updated_at=updated_at,
                )
            )
        return hits


def _holds(conn: sqlite3.Connection, message_id: int, needle: str, texts: dict[int, str]) -> bool:
    """Whether the message holds the whole ``needle`` (its text kept in ``texts`` if it does)."""
    row = conn.execute(_READ_TEXT, (message_id,)).fetchone()
    if row is None or find_text(row[0], needle) is None:
        return False
    texts[message_id] = row[0]
    return True


def _rows_by_id(conn: sqlite3.Connection, select: str, ids: Iterable[int]) -> dict[int, tuple[object, ...]]:
    id_list = list(ids)
    if not id_list:
        return {}
    # json_each keeps the statement text constant whatever the number of ids (no "IN (?, ?, ...)" building).
    rows = conn.execute(f"{select} WHERE id IN (SELECT value FROM json_each(?))", (str(id_list),))
    return {row[0]: tuple(row) for row in rows}
