"""A real app process killed (SIGKILL) in the middle of a reply loses at most about a second of it.

The reply is checkpointed into the database about once a second while it streams. After the kill, the next
start marks the half-written reply ``interrupted`` and shows it with a notice and a way to ask again.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.store.conversations import ConversationStore
from app.core.store.db import Database
from app.demo.responses import text_stream
from app.demo.scenario import Scenario
from app.demo.server import GatewayDouble

ROOT = Path(__file__).resolve().parents[2]
FULL_TEXT = "".join(f"Sentence {number:02d} of a long story. " for number in range(80))
CHUNK_DELAY = 0.1  # 80 chunks: about 8 s in all, far longer than the test lets it run
STREAM_BEFORE_KILL = 2.6
CHECKPOINT_SLACK = 1.3  # the checkpoint interval (1 s) plus scheduling slack


class _Output:
    """Collects a child's stdout lines on a thread, so the test can wait for one without blocking."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._thread.start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        with process.stdout:  # closed at EOF, not left to the garbage collector
            for line in process.stdout:
                with self._changed:
                    self.lines.append(line.rstrip("\n"))
                    self._changed.notify_all()

    def wait_for(self, prefix: str, timeout: float) -> str:
        with self._changed:
            found = self._changed.wait_for(lambda: self._find(prefix), timeout)
        if not found:
            raise AssertionError(f"no {prefix!r} line within {timeout} s; output: {self.lines[-20:]}")
        return found

    def _find(self, prefix: str) -> str | None:
        return next((line for line in self.lines if line.startswith(prefix)), None)


def _runner(*args: str, key: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "GEMINI_DESK_DATA_DIR"}
    env.update({"QT_QPA_PLATFORM": "offscreen", "GEMINI_API_KEY": key, "PYTHONUNBUFFERED": "1"})
    return subprocess.Popen(
        [sys.executable, "-m", "tests.process.app_runner", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


@pytest.fixture
def slow_gateway() -> Iterator[GatewayDouble]:
    gateway = GatewayDouble("test-key")
    gateway.set_scenario(
        Scenario("long-slow", chunks=text_stream(FULL_TEXT, size=30), chunk_delay=CHUNK_DELAY)
    )
    gateway.start()
    try:
        yield gateway
    finally:
        gateway.stop()


def _reply_in_db(data_dir: Path) -> tuple[str, str]:
    db = Database.open(data_dir / "gemini-desk.sqlite3")
    try:
        store = ConversationStore(db)
        (conversation_id,) = store.list_ids()
        reply = store.list_messages(conversation_id)[-1]
        assert reply.role == "model"
        return reply.status, reply.text
    finally:
        db.close()


@pytest.mark.timeout(60)
def test_a_killed_app_keeps_the_checkpointed_reply_and_marks_it_interrupted(
    tmp_path: Path, slow_gateway: GatewayDouble
) -> None:
    base_url = slow_gateway.base_url
    process = _runner("stream", str(tmp_path), base_url, "Tell me a long story", key="test-key")
    try:
        output = _Output(process)
        try:
            output.wait_for("STREAMING", 20.0)
        except AssertionError:
            process.kill()
            raise AssertionError(process.communicate(timeout=10)[1][-3000:]) from None
        time.sleep(STREAM_BEFORE_KILL)
        killed_at = time.time()
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()  # nobody reads it (communicate() above closes it itself)
    assert process.returncode == -signal.SIGKILL
    assert not any(line.startswith("FINISHED") for line in output.lines), "the reply ended before the kill"

    # What the app had received a checkpoint interval before the kill must be on disk.
    arrivals = [line.split() for line in output.lines if line.startswith("TEXT ")]
    safe = [int(count) for _, stamp, count in arrivals if float(stamp) <= killed_at - CHECKPOINT_SLACK]
    must_keep = max(safe, default=0)
    assert must_keep > 0, f"too little streamed before the kill: {arrivals}"

    status, text = _reply_in_db(tmp_path)
    assert status == "streaming", "nothing but the app's next start should change the killed reply"
    assert FULL_TEXT.startswith(text)
    assert len(text) >= must_keep, (
        f"kept {len(text)} characters, but {must_keep} had arrived well before the kill"
    )
    assert len(text) < len(FULL_TEXT)

    # The next start marks it interrupted and shows it, with its notice and a way to ask again.
    restarted = _runner("status", str(tmp_path), base_url, key="test-key")
    stdout, stderr = restarted.communicate(timeout=30)
    assert restarted.returncode == 0, stderr[-3000:]
    report = json.loads(next(line for line in stdout.splitlines() if line.startswith("STATUS "))[7:])
    assert report["interrupted_at_start"] == 1
    user, reply = report["messages"]
    assert (user["role"], user["text"]) == ("user", "Tell me a long story")
    assert reply["status"] == "interrupted"
    assert reply["text"] == text
    assert "Sentence 00 of a long story." in report["transcript"]
    assert "Reply interrupted" in report["transcript"]
    assert {"retry", "regenerate"} & set(reply["links"]), "no way to ask again is shown"

    assert _reply_in_db(tmp_path) == ("interrupted", text)
