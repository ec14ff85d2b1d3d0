"""Conversation search on a thread of its own, so a slow search never holds up the window.

A search over a long history reads the texts it found (a snippet each), and multi-megabyte answers make that
take a noticeable time; on the GUI thread every key typed in the search field froze the window for as long.
:class:`SearchWorker` runs :class:`~app.core.store.search.SearchIndex` on one thread with a connection of its
own (a ``sqlite3`` connection belongs to the thread that made it; WAL lets it read while the app writes).

The newest query wins: a query waiting for the thread is replaced by a newer one, a search still running
when a newer query comes is interrupted (an SQLite progress handler), and every result carries its ticket,
so the caller shows a result only if its ticket is still :attr:`SearchWorker.latest`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Final

from app.core.store.db import Database, StoreError
from app.core.store.records import SearchHit
from app.core.store.search import SearchIndex

__all__ = ["SearchDone", "SearchWorker"]

#: Receives ``(ticket, hits or the store's error)``; called on the worker thread.
SearchDone = Callable[[int, "list[SearchHit] | StoreError"], None]

_PROGRESS_STEPS: Final = 2_000
"""SQLite virtual-machine steps between two looks at whether the running search is still wanted."""

_JOIN_SECONDS: Final = 5.0
"""How long ``close`` waits for the thread (an interrupted search ends within milliseconds)."""


class SearchWorker:
    """Runs conversation searches one at a time on a thread of its own; the newest query wins.

    The thread starts with the first search and opens its connection then.

    Args:
        path: The database file the app already has open (and migrated).
        limit: At most this many conversations per search.
    """

    def __init__(self, path: Path, *, limit: int = 50) -> None:
        self._path = path
        self._limit = limit
        self._wake = threading.Condition()
        self._pending: tuple[int, str, SearchDone] | None = None
        self._latest = 0
        self._closed = False
        self._thread: threading.Thread | None = None

    @property
    def latest(self) -> int:
        """The ticket of the newest query (or of the newest ``cancel``): only its result is current."""
        return self._latest

    def search(self, query: str, done: SearchDone) -> int:
        """Search for ``query`` on the worker thread; ``done(ticket, result)`` is called there when found.

        A query still waiting is dropped (its ``done`` is never called) and a running one is interrupted.

        Returns:
            The query's ticket.
        """
        with self._wake:
            if self._closed:
                raise RuntimeError("the search worker is closed")
            self._latest += 1
            self._pending = (self._latest, query, done)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="conversation-search", daemon=True)
                self._thread.start()
            self._wake.notify()
            return self._latest

    def cancel(self) -> None:
        """Drop the waiting query and interrupt the running one (the search field was cleared)."""
        with self._wake:
            self._latest += 1
            self._pending = None

    def close(self) -> None:
        """Stop the thread (interrupting a running search) and close its connection. Safe to call twice."""
        with self._wake:
            self._closed = True
            self._latest += 1
            self._pending = None
            self._wake.notify()
            thread = self._thread
        if thread is not None:
            thread.join(_JOIN_SECONDS)

    def _run(self) -> None:
        database: Database | None = None
        running = [0]  # the ticket being searched for, read by the progress handler
        try:
            while True:
                with self._wake:
                    while self._pending is None and not self._closed:
                        self._wake.wait()
                    if self._closed:
                        return
                    assert self._pending is not None
                    (ticket, query, done), self._pending = self._pending, None
                running[0] = ticket
                try:
                    if database is None:
                        database = Database.open(self._path)
                        # Non-zero interrupts the statement: a newer query (or close) came meanwhile.
                        database.connection.set_progress_handler(
                            lambda: running[0] != self._latest, _PROGRESS_STEPS
                        )
                    result: list[SearchHit] | StoreError = SearchIndex(database).search(query, self._limit)
                except StoreError as error:
                    result = error
                if ticket == self._latest:
                    done(ticket, result)
        finally:
            if database is not None:
                database.close()
