"""Deleting is final: after a purge, the raw files (database, write-ahead log, shared memory) hold no trace
of the text."""

from __future__ import annotations

import random
import string
from pathlib import Path

from app.core.store.conversations import ConversationStore
from app.core.store.db import Database


def _raw_files(database_path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in database_path.parent.iterdir() if p.is_file())


def _long_message(seed: int, size: int = 15_000) -> str:
    # Words of a private alphabet: nothing else in the file can contain a 40-character piece of it by chance.
    rng = random.Random(seed)
    words = ("".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9))) for _ in range(size))
    return " ".join(words)[:size]


def test_a_purged_long_message_and_a_short_word_are_in_no_file_while_open_or_after_close(
    tmp_path: Path,
) -> None:
    path = tmp_path / "history.sqlite3"
    database = Database.open(path)
    store = ConversationStore(database)
    long_text = _long_message(14)
    kept = store.create("kept", "m", {})
    gone = store.create("gone", "m", {})
    for index in range(30):  # many search-index segments, as a real history has
        store.add_message(kept.id, "user", [{"text": f"kept message {index}"}], f"kept message {index}")
        if index == 10:
            store.add_message(gone.id, "user", [{"text": long_text}], long_text)
            store.add_message(gone.id, "model", [{"text": "Wombatique"}], "Wombatique")
    pieces = [long_text[i : i + 40].encode() for i in range(0, len(long_text) - 40, 1000)]
    assert any(piece in _raw_files(path) for piece in pieces)  # the check can see the text while it exists

    store.purge(gone.id)

    raw = _raw_files(path)
    assert [piece for piece in pieces if piece in raw] == []
    assert b"Wombatique" not in raw and b"ombatiqu" not in raw
    database.close()
    raw = _raw_files(path)
    assert [piece for piece in pieces if piece in raw] == []
    assert b"Wombatique" not in raw and b"ombatiqu" not in raw


def test_purging_old_deletions_at_start_up_also_leaves_no_trace(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    clock = iter(range(1_700_000_000, 1_800_000_000))
    database = Database.open(path)
    store = ConversationStore(database, clock=lambda: float(next(clock)))
    long_text = _long_message(7)
    store.add_message(store.create("kept", "m", {}).id, "user", [{"text": "hello"}], "hello")
    gone = store.create("gone", "m", {})
    store.add_message(gone.id, "user", [{"text": long_text}], long_text)
    store.add_message(gone.id, "user", [{"text": "Quokkafig"}], "Quokkafig")
    store.delete(gone.id)
    assert store.purge_deleted(older_than=2_000_000_000.0) == 1
    raw = _raw_files(path)
    assert long_text[5000:5040].encode() not in raw
    assert b"Quokkafig" not in raw and b"uokkafi" not in raw
    database.close()
