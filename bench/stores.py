"""Filling a benchmark database quickly: bulk inserts in one transaction, straight into the app's schema.

The app's triggers keep the search index in step, so a database built here is what the app would have
after the same conversations were typed and streamed.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from app.core.store.db import Database
from app.core.store.migrations import link_in_position_order
from app.core.store.rows import dump_json
from bench.content import make_conversation


def add_short_conversations(db: Database, count: int, messages_each: int = 2, first_id: int = 1) -> None:
    """``count`` conversations of ``messages_each`` short messages, newest last."""
    rng = random.Random(11)
    now = time.time() - count * 60
    with db.transaction() as conn:
        conn.executemany(
            "INSERT INTO conversations (id, title, title_is_auto, model, created_at, updated_at)"
            " VALUES (?, ?, 0, 'gemini-2.5-flash', ?, ?)",
            (
                (first_id + i, f"对话 {i} conversation about topic {i % 97}", now + i * 60, now + i * 60)
                for i in range(count)
            ),
        )
        rows = []
        for i in range(count):
            for position in range(messages_each):
                role = "user" if position % 2 == 0 else "model"
                text = f"Question {i}.{position}: how do I do {rng.randint(0, 999)}? 请解释一下。"
                rows.append(
                    (
                        first_id + i,
                        position,
                        role,
                        "complete",
                        now + i * 60,
                        now + i * 60,
                        text,
                        "{}",
                        dump_json([{"text": text}]),
                    )
                )
        conn.executemany(
            "INSERT INTO messages (conversation_id, position, role, status, created_at, updated_at, text,"
            " meta_json, parts_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        link_in_position_order(conn)


def add_long_conversations(db: Database, count: int, messages: int, first_id: int) -> list[int]:
    """``count`` conversations of ``messages`` realistic messages each (about 2.5 KB per message).

    Two message sets are generated and used alternately: generating is slower than inserting.
    """
    variants = [make_conversation(0, messages, seed) for seed in (1, 2)]
    now = time.time()
    ids = []
    with db.transaction() as conn:
        for n in range(count):
            cid = first_id + n
            ids.append(cid)
            conn.execute(
                "INSERT INTO conversations (id, title, title_is_auto, model, created_at, updated_at)"
                " VALUES (?, ?, 0, 'gemini-2.5-pro', ?, ?)",
                (cid, f"Long conversation {n}", now - 3600 - n, now - 3600 - n),
            )
            meta = dump_json({"model": "gemini-2.5-pro"})
            conn.executemany(
                "INSERT INTO messages (conversation_id, position, role, status, created_at, updated_at, text,"
                " meta_json, parts_json) VALUES (?, ?, ?, 'complete', ?, ?, ?, ?, ?)",
                (
                    (
                        cid,
                        position,
                        role,
                        now,
                        now,
                        text,
                        meta if role == "model" else "{}",
                        dump_json([{"text": text}]),
                    )
                    for position, (_id, role, text, *_rest) in enumerate(variants[n % 2])
                ),
            )
        link_in_position_order(conn)
    return ids


def open_database(data_dir: Path) -> Database:
    """The app's database under ``--data-dir`` (created with the app's schema)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    return Database.open(data_dir / "gemini-desk.sqlite3")
