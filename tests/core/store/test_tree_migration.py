"""Schema 4 turns every existing conversation into a one-line tree: nothing lost, the old order kept."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from app.core.store import migrations
from app.core.store.conversations import ConversationStore
from app.core.store.db import Database, StorageIOError
from app.core.store.search import SearchIndex

SIGNED = [
    {"text": "thinking…", "thought": True},
    {"text": "Answer 天气", "thoughtSignature": "c2lnbmF0dXJl"},
]
# Every kind of message today's app stores: (role, status, parts, text, error, meta).
KINDS: list[tuple[str, str, list[Any], str, object, dict[str, Any]]] = [
    ("user", "complete", [{"text": "plain question"}], "plain question", None, {}),
    ("model", "complete", SIGNED, "Answer 天气", None, {"model": "gemini-2.5-pro", "usage": {"total": 9}}),
    (
        "user",
        "complete",
        [{"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}}, {"text": "what is this"}],
        "what is this",
        None,
        {"attachment_names": ["cat.png"]},
    ),
    (
        "model",
        "complete",
        [{"functionCall": {"name": "f", "args": {}}, "thoughtSignature": "eA=="}],
        "",
        None,
        {},
    ),
    ("user", "complete", [{"functionResponse": {"name": "f", "response": {"ok": True}}}], "", None, {}),
    ("model", "stopped", [{"text": "half an ans"}], "half an ans", None, {"model": "m"}),
    ("user", "complete", [{"text": "again"}], "again", None, {}),
    ("model", "error", [], "", {"code": "gemini.rate_limit", "params": {}}, {"model": "m"}),
    ("user", "complete", [{"text": "blocked one"}], "blocked one", None, {}),
    ("model", "complete", [], "", None, {"prompt_feedback": {"blockReason": "SAFETY"}}),
    ("user", "complete", [{"text": "code please"}], "code please", None, {}),
    (
        "model",
        "complete",
        [
            {"executableCode": {"language": "PYTHON", "code": "print(2)"}},
            {"codeExecutionResult": {"outcome": "OUTCOME_OK", "output": "2\n"}},
        ],
        "",
        None,
        {},
    ),
    ("user", "complete", [{"text": "last"}], "last", None, {}),
    ("model", "streaming", [{"text": "cut off by a crash"}], "cut off by a crash", None, {}),
]


TODAY = 3
"""The schema before the tree: what today's app writes."""


def _database_of_today(path: Path) -> dict[int, list[int]]:
    """A history as today's app (schema 3) leaves it: each conversation's message ids in position order."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    for step in migrations.MIGRATIONS[:TODAY]:
        step(conn)
    conn.execute(f"PRAGMA user_version = {TODAY}")
    ids: dict[int, list[int]] = {}
    for title in ("every kind", "empty", "gaps"):
        cid = int(
            conn.execute(
                "INSERT INTO conversations (title, created_at, updated_at) VALUES (?, 1, 1)", (title,)
            ).lastrowid
            or 0
        )
        ids[cid] = []
    conversations = list(ids)
    # Interleaved like real use, and positions with gaps (deletes of old versions left them).
    for index, (role, status, parts, text, error, meta) in enumerate(KINDS):
        for cid, position in ((conversations[0], index), (conversations[2], index * 3 + 1)):
            cursor = conn.execute(
                "INSERT INTO messages (conversation_id, position, role, status, created_at, updated_at, text,"
                " error_json, meta_json, parts_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    cid,
                    position,
                    role,
                    status,
                    index,
                    index,
                    text,
                    None if error is None else json.dumps(error),
                    json.dumps(meta),
                    json.dumps(parts),
                ),
            )
            ids[cid].append(int(cursor.lastrowid or 0))
    conn.execute("COMMIT")
    conn.close()
    return ids


def test_every_message_survives_in_its_old_order(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    ids = _database_of_today(path)
    before = sqlite3.connect(path)
    rows_before = before.execute("SELECT * FROM messages ORDER BY id").fetchall()
    before.close()
    with Database.open(path) as db:
        assert db.schema_version == migrations.LATEST_VERSION > TODAY
        store = ConversationStore(db)
        for cid, expected in ids.items():
            shown = store.list_messages(cid)
            assert [m.id for m in shown] == expected
            assert [m.parent_id for m in shown] == [None, *expected[:-1]][: len(expected)]
        every_kind = store.list_messages(next(iter(ids)))
        assert [(m.role, m.status, m.parts, m.text, m.meta) for m in every_kind] == [
            (role, status, parts, text, meta) for role, status, parts, text, _e, meta in KINDS
        ]
        assert every_kind[7].error == KINDS[7][4]
        # The old columns are untouched, row for row.
        old_columns = (
            "id, conversation_id, position, role, status, created_at, updated_at,"
            " text, error_json, meta_json, parts_json"
        )
        assert db.connection.execute(f"SELECT {old_columns} FROM messages ORDER BY id").fetchall() == [
            row[:11] for row in rows_before
        ]
        assert sorted(h.message_id or 0 for h in SearchIndex(db).search("天气")) == [ids[1][1], ids[3][1]]
        db.connection.execute("INSERT INTO message_fts (message_fts) VALUES ('integrity-check')")
        # A conversation continues where it was.
        new = store.add_message(1, "user", [{"text": "next"}], "next")
        assert new.parent_id == ids[1][-1]


def test_a_failing_step_leaves_the_old_schema_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "history.sqlite3"
    _database_of_today(path)

    tree_step = migrations.MIGRATIONS[TODAY]

    def half_then_fail(conn: sqlite3.Connection) -> None:
        tree_step(conn)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS[:TODAY], half_then_fail))
    with pytest.raises(StorageIOError):
        Database.open(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == TODAY
    columns = [row[1] for row in conn.execute("PRAGMA table_info(messages)")]
    assert "parent_id" not in columns
    conn.close()
