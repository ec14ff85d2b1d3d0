"""kill -9 while a reply streams, twenty times over one data directory.

Each round starts the real app in a subprocess (offscreen) on the same data directory, reads what the restart
found, lets one short reply complete, sends a long one and kills the process (SIGKILL): early (at a random
moment around the first byte), mid-stream, or while the gateway is silent in the middle of a reply. A
mid-stream or silent kill is aimed by the stream's progress, not by the clock alone: it comes a random moment
more than a checkpoint interval after text reached the app, so each of them proves that text was kept. A kill
that came after the reply had ended anyway (a very slow machine) proves nothing: that round is played again.
After a restart:

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
# The long reply takes about 3.4 s (0.8 s to the first byte, then 33 chunks over 2.6 s). An early kill comes
# within 1.0 s of sending. A mid-stream kill comes CHECKPOINT_INTERVAL + SLACK plus up to MID_JITTER after the
# newest text the app had when the test looked, which is about 1 s before the reply's end. The stalled reply
# delivers two chunks and then nothing: a kill the same delay after its last text proves that text which
# arrived just before a silence is checkpointed although no later chunk triggers a write.
EARLY_KILL_WINDOW = (0.0, 1.0)
MID_JITTER = 0.4
STALL_JITTER = 0.7
STALL_SETTLE = 0.3  # seconds to let the stalled reply's second chunk arrive before taking the newest text
# Kills that missed the stream (the reply ended first) are played again, up to this many in one run.
MAX_MISSES = 5
LONG_PROMPT = "Please write something long /long"
STALL_PROMPT = "Please start and then stall /scenario stall"


@dataclass
class Round:
    """What one round of the loop sent, saw and killed."""

    number: int
    prompts: list[str]
    kind: str  # "early", "mid" (mid-stream) or "silence" (the gateway silent in the middle of the reply)
    jitter: float  # for "early", seconds after sending; otherwise seconds on top of the checkpoint delay
    stdout: list[str] = field(default_factory=list)
    killed_at: float = 0.0
    missed: bool = False  # the reply ended before the kill: nothing was killed mid-stream

    @property
    def aimed(self) -> bool:
        """Whether the kill was aimed at a moment text had long reached the app (it must have been kept)."""
        return self.kind != "early"

    def last_reply_texts(self) -> list[tuple[float, str]]:
        """(time, text) of each piece of the last reply seen so far (the lines after the last SENT)."""
        lines = list(self.stdout)
        sent = max((i for i, line in enumerate(lines) if line.startswith("SENT ")), default=len(lines))
        pieces = []
        for line in lines[sent + 1 :]:
            if line.startswith("TEXT "):
                _, stamp, _message, text = line.split(" ", 3)
                pieces.append((float(stamp), json.loads(text)))
        return pieces

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
    with GatewayDouble(KEY, scripted_delay=SCRIPTED_DELAY) as double:
        yield double


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


def _wait_for_text(output: ChildOutput, plan: Round, timeout: float = 30.0) -> float:
    """Wait until the last reply's text reached the app; return the time of the newest piece."""
    deadline = time.monotonic() + timeout
    while True:
        plan.stdout = list(output.lines)
        pieces = plan.last_reply_texts()
        if pieces:
            break
        assert time.monotonic() < deadline, (
            f"round {plan.number}: no text within {timeout} s: {output.lines[-20:]}"
        )
        time.sleep(0.01)
    if plan.kind == "silence":
        time.sleep(STALL_SETTLE)
        plan.stdout = list(output.lines)
        pieces = plan.last_reply_texts()
    return max(stamp for stamp, _ in pieces)


def _play(data_dir: Path, base_url: str, plan: Round) -> dict[str, object]:
    """Run one round; return the STATE the restart reported."""
    process = _start(data_dir, base_url, plan.prompts)
    output = ChildOutput(process)
    try:
        state: dict[str, object] = json.loads(output.wait_for("STATE ", 30.0)[6:])
        output.wait_for("SENT ", 30.0, count=len(plan.prompts))
        if plan.aimed:
            # Wall-clock time, as the child stamps its text: the kill comes well after text had arrived.
            newest = _wait_for_text(output, plan)
            time.sleep(max(0.0, newest + CHECKPOINT_INTERVAL + SLACK + plan.jitter - time.time()))
        else:
            time.sleep(plan.jitter)
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
    if killed["id"] in finished or (killed["status"] == "complete" and state["interrupted_at_start"] == 0):
        # The reply ended before the kill (its end may have been stored a moment before its report was
        # printed): nothing was interrupted, and the reply is stored whole. The round is played again.
        arrived = "".join(text for _, message, text in arrivals if message == killed["id"])
        assert killed["status"] == "complete" and killed["text"].startswith(arrived)
        assert state["interrupted_at_start"] == 0
        last.missed = True
        return
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
    if last.aimed:  # the kill was aimed past a checkpoint: this round proves that text survives
        assert safe, f"round {last.number}: the kill came too soon after the text to prove anything"
    assert kept.startswith(safe), (
        f"round {last.number} ({last.kind} kill, jitter {last.jitter:.2f} s): kept {len(kept)} characters, "
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
    # Each start checks the kill before it. A kill that missed the stream is played again, so ROUNDS kills
    # of their planned kind are checked: each fourth early, each fourth stalled (text arrives, then silence
    # until the kill), the rest mid-stream. One more start (killed at once, never checked) checks the last.
    while (counted := len([r for r in rounds if not r.missed])) <= ROUNDS:
        number = len(rounds)
        if counted == ROUNDS:
            plan = Round(number, [LONG_PROMPT], "early", 0.0)
        else:
            kind = ("early", "mid", "mid", "silence")[counted % 4]
            long_prompt = STALL_PROMPT if kind == "silence" else LONG_PROMPT
            prompts = [f"Short question number {number}", long_prompt] if number % 2 == 0 else [long_prompt]
            jitter = {"early": EARLY_KILL_WINDOW[1], "mid": MID_JITTER, "silence": STALL_JITTER}[kind]
            plan = Round(number, prompts, kind, rng.uniform(0.0, jitter))
        state = _play(tmp_path, gateway.base_url, plan)
        try:
            _check_restart(state, rounds, completed)
        except AssertionError as error:
            raise AssertionError(f"seed {seed}: {error}") from None
        _record_completed(state, plan, completed)
        rounds.append(plan)
        misses = [r.number for r in rounds if r.missed]
        assert len(misses) <= MAX_MISSES, f"seed {seed}: the reply ended before the kill in rounds {misses}"

    checked = [r for r in rounds[:-1] if not r.missed]
    replies = [m for m in state["messages"] if m["role"] == "model"]  # type: ignore[attr-defined]
    assert sum(m["status"] == "complete" for m in replies) >= ROUNDS // 2, "too few replies completed"
    assert sum(m["status"] == "interrupted" for m in replies) >= len(checked) == ROUNDS
    # Every aimed kill came more than a checkpoint interval after text had arrived: each kept text.
    aimed = sum(r.aimed for r in checked)
    assert aimed >= ROUNDS // 2
    assert sum(bool(m["text"]) for m in replies if m["status"] == "interrupted") >= aimed
    db = Database.open(tmp_path / "gemini-desk.sqlite3")
    try:
        assert db.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()
    print(
        f"crash loop: {len(rounds)} starts ({len(rounds) - ROUNDS - 1} played again), seed {seed}, "
        f"{time.monotonic() - started:.1f} s"
    )
