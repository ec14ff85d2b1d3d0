"""Time the conversation list with 10,000 conversations: build the model, show the view, search, refresh.

Baseline in the same run: a model that reads every conversation row up front (what a naive list would do).
Run: QT_QPA_PLATFORM=offscreen python -m bench.conversation_list [--quick]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication, QListView

from app.core.store.conversations import ConversationStore
from app.core.store.db import Database
from app.core.store.search import SearchIndex
from app.qt.models.conversation_list_model import ConversationListModel

COUNT = 10_000


def fill(store: ConversationStore, db: Database, count: int) -> None:
    now = time.time()
    rows = [
        (f"对话 {i} conversation about topic {i % 97}", "gemini-2.5-flash", now - i, now - i)
        for i in range(count)
    ]
    with db.transaction() as conn:
        conn.executemany(
            "INSERT INTO conversations (title, model, created_at, updated_at) VALUES (?, ?, ?, ?)", rows
        )


def timed(label: str, action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    elapsed = (time.perf_counter() - start) * 1000
    print(f"{label:<48} {elapsed:8.1f} ms")
    return elapsed


def main() -> int:
    count = 1_000 if "--quick" in sys.argv[1:] else COUNT  # --quick: a few seconds, for the bench tests
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.open(Path(tmp) / "bench.sqlite3")
        store = ConversationStore(db)
        fill(store, db, count)
        view = QListView()
        view.setUniformItemSizes(True)
        view.resize(280, 800)
        holder: dict[str, ConversationListModel] = {}

        def build() -> None:
            holder["model"] = ConversationListModel(store)
            view.setModel(holder["model"])
            view.show()
            app.processEvents()

        ours = timed(f"lazy model: build + first paint ({count} rows)", build)
        baseline = timed("baseline: read every conversation row", lambda: store.list(limit=count))
        print(f"{'ratio baseline / ours':<48} {baseline / ours:8.1f} x")
        model = holder["model"]
        first = model.conversation_id_at(count - 1)
        assert first is not None
        timed(
            "touch the oldest conversation (moves to top)",
            lambda: (
                store.rename(first, "x"),
                store.add_message(first, "user", [{"text": "hi"}], "hi"),
                model.refresh_conversation(first),
            ),
        )
        search = SearchIndex(db)
        timed(
            "search 'topic 42' + show results", lambda: model.show_search_results(search.search("topic 42"))
        )
        timed(
            "search '对话' (2 chars, LIKE) + show results",
            lambda: model.show_search_results(search.search("对话")),
        )
        timed("reload the full list", model.reload)
        db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
