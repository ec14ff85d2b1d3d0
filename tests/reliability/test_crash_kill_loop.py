"""kill -9 at random moments while a reply streams, twenty times over one data directory.

Each round starts the real app in a subprocess (offscreen) on the same data directory, reads what the restart
found, lets one short reply complete, sends a long one and kills the process (SIGKILL) at a random moment:
before the first byte, mid-stream, or while the gateway is silent in the middle of a reply. After a restart:

* the database opens and every completed message (user prompts and finished replies) has exactly its text;
* the reply that was streaming at the kill is marked ``interrupted`` and keeps at least all the text that
  reached the app more than a second before the kill (the app checkpoints a growing reply every second).

The child stamps each piece of text with the wall-clock time it reached the app, so the test knows what had
arrived, and when, relative to its own kill time. Set ``GEMINI_DESK_CRASH_SEED`` to replay a failing run.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.core.store.db import Database
from app.demo.server import GatewayDouble
from tests.helpers.child_output import ChildOutput

ROOT = Path(__file__).resolve().parents[2]
KEY = "crash-test-key-0123456789"
ROUNDS = 20
CHECKPOINT_INTERVAL = 1.0  # the app's promise: app.core.chat.turn.CHECKPOINT_INTERVAL
# Scheduling slack on top of the interval: a checkpoint timer that fires late on a loaded machine.
SLACK = 0.3
SCRIPTED_DELAY = 0.08  # seconds between scripted chunks; the first byte comes after ten times that
# The long reply takes about 3.4 s (0.8 s to the first byte, 33 chunks), so a kill within 2.6 s lands before
# its end. The stalled reply delivers two chunks at about 0.9 s and then nothing: a kill after 2.3 s proves
# that text which arrived just before a silence is checkpointed although no later chunk triggers a write.
LONG_KILL_WINDOW = (0.0, 2.6)
STALL_KILL_WINDOW = (2.3, 3.0)
LONG_PROMPT = "Please write something long /long"
STALL_PROMPT = "Please start and then stall /scenario stall"


@dataclass
class Round:
    """What one round of the loop sent, saw and killed."""

    number: int
    prompts: list[str]
    kill_after: float
    stdout: list[str] = field(default_factory=list)
    killed_at: float = 0.0

    def arrivals(self) -> list[tuple[float, int, str]]:
        """(time, message id, text) for every piece of answer text that reached the app."""
        pieces = []
        for line in self.stdout:
            if line.startswith("TEXT "):
                _, stamp, message, text = line.split(" ", 3)
                pieces.append((float(stamp), int(message), json.loads(text)))
        return pieces

    def finished(self) -> dict[int, str]:
        """Message id -> status of the replies that ended before the kill."""
        ended = {}
        for line in self.stdout:
            if line.startswith("FINISHED "):
                _, message, status = line.split()
                ended[int(message)] = status
        return ended


@pytest.fixture
def gateway() -> Iterator[GatewayDouble]:
    double = GatewayDouble(KEY, scripted_delay=SCRIPTED_DELAY)
    double.start()
    try:
        yield double
    finally:
        double.stop()


def _start(data_dir: Path, base_url: str, prompts: list[str]) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "GEMINI_DESK_DATA_DIR"}
    env.update({"QT_QPA_PLATFORM": "offscreen", "GEMINI_API_KEY": KEY, "PYTHONUNBUFFERED": "1"})
    return subprocess.Popen(
        [sys.executable, "-m", "tests.process.crash_runner", str(data_dir), base_url, *prompts],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def _play(data_dir: Path, base_url: str, plan: Round) -> dict[str, object]:
    """Run one round; return the STATE the restart reported."""
    process = _start(data_dir, base_url, plan.prompts)
    output = ChildOutput(process)
    try:
        state: dict[str, object] = json.loads(output.wait_for("STATE ", 30.0)[6:])
        output.wait_for("SENT ", 30.0, count=len(plan.prompts))
        time.sleep(plan.kill_after)
        plan.killed_at = time.time()
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    output.join()
    plan.stdout = list(output.lines)
    assert process.returncode == -signal.SIGKILL, output.errors[-30:]
    return state


def _check_restart(state: dict[str, object], rounds: list[Round], completed: dict[int, str]) -> None:
    """What the restart found, against everything the previous rounds saw."""
    messages = {m["id"]: m for m in state["messages"]}  # type: ignore[attr-defined]
    for message_id, text in completed.items():
        assert message_id in messages, f"completed message {message_id} is gone"
        assert messages[message_id]["text"] == text, f"completed message {message_id} changed"
        assert messages[message_id]["status"] == "complete"
    if not rounds:
        return
    last = rounds[-1]
    arrivals = last.arrivals()
    finished = last.finished()
    streaming_ids = {message for _, message, _ in arrivals if message not in finished}
    # The killed reply: the newest model message (it exists from the moment the prompt was sent).
    for message_id, status in finished.items():
        if status == "complete":  # stored exactly as it reached the app
            text = "".join(piece for _, message, piece in arrivals if message == message_id)
            assert messages[message_id]["text"] == text, f"round {last.number}: reply {message_id} differs"
    killed = max((m for m in messages.values() if m["role"] == "model"), key=lambda m: m["id"])
    assert killed["id"] not in finished, f"round {last.number}: the last reply ended before the kill"
    assert streaming_ids <= {killed["id"]}
    assert killed["status"] == "interrupted", f"round {last.number}: {killed['status']}"
    assert state["interrupted_at_start"] == 1
    arrived = "".join(text for _, message, text in arrivals if message == killed["id"])
    safe = "".join(
        text
        for stamp, message, text in arrivals
        if message == killed["id"] and stamp <= last.killed_at - CHECKPOINT_INTERVAL - SLACK
    )
    kept = killed["text"]
    assert kept.startswith(safe), (
        f"round {last.number} (kill {last.kill_after:.2f} s after sending): kept {len(kept)} characters, "
        f"but {len(safe)} had arrived more than {CHECKPOINT_INTERVAL} s before the kill"
    )
    # A checkpoint may hold text that the app had not yet reported when it died; never anything else.
    assert arrived.startswith(kept) or kept.startswith(arrived)


def _record_completed(state: dict[str, object], plan: Round, completed: dict[int, str]) -> None:
    """Remember the messages that are complete for good: every user prompt and every finished reply."""
    for message in state["messages"]:  # type: ignore[attr-defined]
        if message["role"] == "user" or message["status"] == "complete":
            completed.setdefault(message["id"], message["text"])


@pytest.mark.timeout(240)
def test_kill_minus_9_twenty_times_loses_no_completed_message_and_keeps_checkpointed_text(
    tmp_path: Path, gateway: GatewayDouble
) -> None:
    seed = int(os.environ.get("GEMINI_DESK_CRASH_SEED", time.time_ns() % 1_000_000))
    rng = random.Random(seed)
    rounds: list[Round] = []
    completed: dict[int, str] = {}
    started = time.monotonic()
    for number in range(ROUNDS):
        # Every fourth round stalls mid-reply: text arrives, then the gateway goes silent until the kill.
        stall = number % 4 == 3
        long_prompt = STALL_PROMPT if stall else LONG_PROMPT
        prompts = [f"Short question number {number}", long_prompt] if number % 2 == 0 else [long_prompt]
        plan = Round(
            number, prompts, kill_after=rng.uniform(*(STALL_KILL_WINDOW if stall else LONG_KILL_WINDOW))
        )
        state = _play(tmp_path, gateway.base_url, plan)
        try:
            _check_restart(state, rounds, completed)
        except AssertionError as error:
            raise AssertionError(f"seed {seed}: {error}") from None
        _record_completed(state, plan, completed)
        rounds.append(plan)

    # The last kill is checked by one more start, which only reports.
    final = Round(ROUNDS, [long_prompt], kill_after=0.0)
    state = _play(tmp_path, gateway.base_url, final)
    try:
        _check_restart(state, rounds, completed)
    except AssertionError as error:
        raise AssertionError(f"seed {seed}: {error}") from None

    replies = [m for m in state["messages"] if m["role"] == "model"]  # type: ignore[attr-defined]
    assert sum(m["status"] == "complete" for m in replies) >= ROUNDS // 2, "too few replies completed"
    assert sum(m["status"] == "interrupted" for m in replies) >= ROUNDS
    assert sum(bool(m["text"]) for m in replies if m["status"] == "interrupted") >= ROUNDS // 2, (
        "too few kills landed mid-stream to prove anything"
    )
    db = Database.open(tmp_path / "gemini-desk.sqlite3")
    try:
        assert db.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()
    print(f"crash loop: {ROUNDS + 1} starts, seed {seed}, {time.monotonic() - started:.1f} s")
