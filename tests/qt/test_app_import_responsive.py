"""A large import or "Export all" keeps the window responsive: the database work runs on a worker thread.

Both used to read or write every conversation on the GUI thread (an import of 20,000 conversations froze the
window for over a minute). Each test measures the longest pause of the event loop during the operation and
compares it with the operation's own duration, measured in the same run (no wall-clock limit).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import qasync
from PySide6.QtWidgets import QMessageBox

from app.core.chat.export_json import FORMAT_ID
from app.core.chat.importer import MAX_IMPORT_BYTES, import_conversations, parse_export
from app.core.store.conversations import ConversationStore
from app.core.store.db import Database
from app.main import GeminiDesk
from app.qt.async_support import signal_future
from tests.helpers.app_harness import await_future, run_app

CONVERSATIONS = 2_000

_T = TypeVar("_T")


def _export_document(count: int) -> dict[str, Any]:
    """``count`` conversations, each a question with two answers, the second one shown."""
    conversations = [
        {
            "uid": f"u{number}",
            "title": f"Imported {number}",
            "model": "gemini-2.5-flash",
            "messages": [
                {"role": "user", "text": f"question {number}", "parts": [{"text": f"question {number}"}]},
                {
                    "role": "model",
                    "text": f"first {number}",
                    "parts": [{"text": f"first {number}"}],
                    "parent": 0,
                    "shown": False,
                },
                {
                    "role": "model",
                    "text": f"second {number}",
                    "parts": [{"text": f"second {number}"}],
                    "parent": 0,
                },
            ],
        }
        for number in range(count)
    ]
    return {"format": FORMAT_ID, "version": 2, "conversations": conversations}


async def _timed(start: Callable[[], Awaitable[_T]]) -> tuple[_T, float, float]:
    """Start an operation and await it; return its result, its duration and the event loop's longest pause.

    The clock starts before ``start`` is called: work done before it hands over to a task counts as a pause.
    """
    started = last = time.monotonic()
    task = asyncio.ensure_future(start())
    longest = 0.0
    while not task.done():
        await asyncio.sleep(0.005)
        now = time.monotonic()
        longest = max(longest, now - last)
        last = now
    return task.result(), time.monotonic() - started, longest


def _shown_texts(store: ConversationStore, conversation_id: int) -> list[str]:
    return [message.text for message in store.list_messages(conversation_id)]


def test_a_large_import_leaves_the_window_responsive(qloop: qasync.QEventLoop, tmp_path: Path) -> None:
    export = tmp_path / "big.json"
    export.write_text(json.dumps(_export_document(CONVERSATIONS)), encoding="utf-8")

    async def body(desk: GeminiDesk) -> None:
        ids, duration, longest = await _timed(lambda: desk.exports.import_from(str(export)))
        assert len(ids) == CONVERSATIONS
        assert longest < duration / 2, f"the loop paused {longest:.2f} s during a {duration:.2f} s import"
        store = desk.store
        assert store.count() == CONVERSATIONS
        first, last = store.get(ids[0]), store.get(ids[-1])
        assert first is not None and first.title == "Imported 0" and first.uid == "u0"
        assert last is not None and last.title == f"Imported {CONVERSATIONS - 1}"
        for number in (0, CONVERSATIONS // 2, CONVERSATIONS - 1):
            assert _shown_texts(store, ids[number]) == [f"question {number}", f"second {number}"]
            assert store.count_messages(ids[number]) == 3  # the other answer is kept as a version
        assert desk.conversations.rowCount() == CONVERSATIONS  # the list reloaded

    run_app(qloop, tmp_path / "data", body, timeout=600)


def test_exporting_a_large_history_leaves_the_window_responsive(
    qloop: qasync.QEventLoop, tmp_path: Path
) -> None:
    export = tmp_path / "all.json"
    conversations = parse_export(json.dumps(_export_document(CONVERSATIONS)))

    async def body(desk: GeminiDesk) -> None:
        seeding = Database.open(desk.database.path)
        try:
            import_conversations(seeding, conversations, now=time.time())
        finally:
            seeding.close()
        written, duration, longest = await _timed(lambda: desk.exports.export_to(None, "json", str(export)))
        assert written
        assert longest < duration / 2, f"the loop paused {longest:.2f} s during a {duration:.2f} s export"
        document = json.loads(export.read_text(encoding="utf-8"))
        exported = document["conversations"]
        assert len(exported) == CONVERSATIONS
        again = {item["uid"]: item for item in exported}
        for number in (0, CONVERSATIONS // 2, CONVERSATIONS - 1):
            messages = again[f"u{number}"]["messages"]
            assert [(m["text"], m["parent"], m["shown"]) for m in messages] == [
                (f"question {number}", None, True),
                (f"first {number}", 0, False),
                (f"second {number}", 0, True),
            ]

    run_app(qloop, tmp_path / "data", body, timeout=600)


def test_a_file_over_the_import_limit_is_refused_unread(qloop: qasync.QEventLoop, tmp_path: Path) -> None:
    export = tmp_path / "huge.json"
    with export.open("wb") as file:  # sparse: no disk space taken
        file.truncate(MAX_IMPORT_BYTES + 1)

    async def body(desk: GeminiDesk) -> None:
        failed = signal_future(desk.exports.import_failed)
        assert await desk.exports.import_from(str(export)) == []
        (message,) = await await_future(failed)
        assert message == "huge.json is too large to import: 513 MB, at most 512 MB."
        boxes = [b for b in desk.window.findChildren(QMessageBox) if b.isVisible()]
        assert [b.text() for b in boxes] == [message]
        boxes[0].close()
        assert desk.store.count() == 0

    run_app(qloop, tmp_path / "data", body)
