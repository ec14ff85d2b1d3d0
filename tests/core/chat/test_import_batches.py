"""An import writes in batches on its own connection: the app's writes go on meanwhile, and a failure leaves
nothing. (Real SQLite files, a real worker thread.)"""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from pathlib import Path

import pytest

from app.core.chat import importer
from app.core.chat.export_json import FORMAT_ID
from app.core.chat.importer import ImportedConversation, import_at, parse_export
from app.core.store.conversations import ConversationStore
from app.core.store.db import Database

CONVERSATIONS = 1_500


def _conversations(count: int) -> list[ImportedConversation]:
    document = {
        "format": FORMAT_ID,
        "version": 2,
        "conversations": [
            {
                "uid": f"u{number}",
                "title": f"Imported {number}",
                "messages": [
                    {"role": "user", "text": f"question {number}", "parts": [{"text": "q"}]},
                    {"role": "model", "text": f"answer {number} " * 20, "parts": [{"text": "a"}]},
                ],
            }
            for number in range(count)
        ],
    }
    return parse_export(json.dumps(document))


def test_the_apps_own_writes_go_on_while_an_import_writes(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    conversations = _conversations(CONVERSATIONS)
    with Database.open(path) as database:
        store = ConversationStore(database)
        result: list[list[int]] = []
        worker = threading.Thread(target=lambda: result.append(import_at(path, conversations, now=1.0)))
        started = time.monotonic()
        worker.start()
        mine: list[int] = []
        longest = 0.0
        while worker.is_alive():
            before = time.monotonic()
            mine.append(store.create(f"mine {len(mine)}", "m").id)  # what the window writes meanwhile
            longest = max(longest, time.monotonic() - before)
            # Nothing of the import shows before it is whole.
            assert store.count() in (len(mine), len(mine) + CONVERSATIONS)
            time.sleep(0.002)
        worker.join()
        duration = time.monotonic() - started
        assert longest < duration / 2, f"a write waited {longest:.2f} s during a {duration:.2f} s import"
        (ids,) = result
        assert len(ids) == CONVERSATIONS
        assert store.count() == CONVERSATIONS + len(mine)
        last = store.get(ids[-1])
        assert last is not None and last.deleted_at is None and last.uid == f"u{CONVERSATIONS - 1}"
        assert store.list_messages(ids[-1])[0].text == f"question {CONVERSATIONS - 1}"


def test_an_import_that_fails_in_a_later_batch_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "IMPORT_BATCH_SECONDS", 0.0)  # one conversation per batch
    monkeypatch.setattr(importer, "IMPORT_PAUSE_SECONDS", 0.0)
    path = tmp_path / "history.sqlite3"
    conversations = _conversations(30)
    broken = conversations[-1]
    # A parent the file never had: writing this conversation, in the last batch, fails.
    conversations[-1] = dataclasses.replace(
        broken, messages=(broken.messages[0], dataclasses.replace(broken.messages[1], parent=7))
    )
    with Database.open(path) as database:
        kept = ConversationStore(database).create("already here", "m")
        with pytest.raises(IndexError):
            import_at(path, conversations, now=1.0)
        assert database.execute("SELECT id FROM conversations").fetchall() == [(kept.id,)]
        assert database.execute("SELECT count(*) FROM messages").fetchone() == (0,)
