"""The search thread: results come with their ticket, the newest query wins, close ends the thread."""

from __future__ import annotations

import threading
from pathlib import Path

from app.core.store.conversations import ConversationStore
from app.core.store.db import Database, StoreError
from app.core.store.records import SearchHit
from app.core.store.search_worker import SearchDone, SearchWorker

_WAIT = 30.0


def _history(path: Path) -> None:
    db = Database.open(path)
    try:
        store = ConversationStore(db)
        for n in range(30):
            conversation = store.create(f"Chat {n}", "m")
            text = f"word{n} " * 2000
            store.add_message(conversation.id, "user", [{"text": text}], text)
    finally:
        db.close()


def test_only_the_newest_query_is_answered_and_close_ends_the_thread(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    _history(path)
    worker = SearchWorker(path)
    answered: list[tuple[int, str, list[SearchHit] | StoreError]] = []
    done = threading.Event()

    def on(query: str) -> SearchDone:
        def deliver(ticket: int, result: list[SearchHit] | StoreError) -> None:
            answered.append((ticket, query, result))
            done.set()

        return deliver

    try:
        worker.search("word", on("word"))
        newest = worker.search("word17 ", on("word17"))
        assert newest == worker.latest
        assert done.wait(_WAIT)
        ((_ticket, query, result),) = [a for a in answered if a[0] == worker.latest]
        assert query == "word17" and not isinstance(result, StoreError)
        assert [hit.title for hit in result] == ["Chat 17"]
        assert all(a[0] == newest for a in answered), "a superseded query was answered after a newer one came"

        done.clear()
        worker.search("word", on("cleared"))
        worker.cancel()  # the search field was cleared: nothing may come
        assert not done.wait(1.0)
    finally:
        worker.close()
    thread = next((t for t in threading.enumerate() if t.name == "conversation-search"), None)
    assert thread is None, "the search thread outlived close()"
    worker.close()  # twice is fine
