"""A damaged database file: the app keeps it as a backup, says so, and starts with a fresh history.

The real app runs in a subprocess (offscreen) on a data directory whose database was damaged in different
ways: not SQLite at all, cut short after the header, and a real history whose schema page was overwritten.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app.core.store.conversations import ConversationStore
from app.core.store.db import Database

ROOT = Path(__file__).resolve().parents[2]
DB_NAME = "gemini-desk.sqlite3"


def _real_history(path: Path) -> None:
    db = Database.open(path)
    try:
        store = ConversationStore(db)
        conversation = store.create("A conversation worth keeping")
        for number in range(40):
            store.add_message(conversation.id, "user", [{"text": f"question {number}"}], f"question {number}")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()


def _garbage(path: Path) -> None:
    path.write_bytes(os.urandom(64 * 1024))


def _cut_after_header(path: Path) -> None:
    _real_history(path)
    with path.open("r+b") as file:
        file.truncate(700)


def _schema_page_overwritten(path: Path) -> None:
    _real_history(path)
    with path.open("r+b") as file:
        file.seek(100)  # keep the 100-byte header, destroy the sqlite_schema b-tree page after it
        file.write(b"\xa5" * 3000)


DAMAGES: dict[str, Callable[[Path], None]] = {
    "not-sqlite": _garbage,
    "cut-after-header": _cut_after_header,
    "schema-page-overwritten": _schema_page_overwritten,
}


def _start_and_report(data_dir: Path) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != "GEMINI_DESK_DATA_DIR"}
    env.update({"QT_QPA_PLATFORM": "offscreen", "GEMINI_API_KEY": "corrupt-db-test-key"})
    done = subprocess.run(
        # No gateway is contacted: the base URL points at a closed loopback port and nothing is sent.
        [sys.executable, "-m", "tests.process.crash_runner", str(data_dir), "http://127.0.0.1:9"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(line for line in done.stdout.splitlines() if line.startswith("STATE "))
    state: dict[str, object] = json.loads(line[6:])
    return state


@pytest.mark.timeout(120)
@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_database_is_kept_as_a_backup_and_the_app_starts_fresh(tmp_path: Path, damage: str) -> None:
    path = tmp_path / DB_NAME
    DAMAGES[damage](path)
    original = path.read_bytes()

    state = _start_and_report(tmp_path)

    backups = sorted(tmp_path.glob(DB_NAME + ".corrupt-*"))
    main_backups = [b for b in backups if not b.name.endswith(("-wal", "-shm", "-journal"))]
    assert len(main_backups) == 1, backups
    assert main_backups[0].read_bytes() == original, "the backup must be the damaged file, byte for byte"
    notice = state["database_notice"]
    assert isinstance(notice, str)
    assert main_backups[0].name in notice
    assert "could not be read" in notice
    assert state["notice_box"] == notice, "the user must see the notice until they close it"
    assert state["messages"] == []

    # The fresh database is healthy and the next start has nothing to complain about.
    with Database.open(path) as db:
        assert db.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    again = _start_and_report(tmp_path)
    assert again["database_notice"] is None
    assert again["notice_box"] is None
