"""``gemini-desk-cli`` against a gateway whose one line never ends: the production event limit stops it.

A real process with the app's own limits (no test values): the gateway keeps sending one SSE line, up to far
more than the limit; the command stops reading at the limit, says why, and keeps its memory to that.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import ExitCode
from app.core.gemini.limits import EVENT_LIMIT, MIB
from app.core.store.conversations import ConversationStore
from app.core.store.db import Database
from tests.helpers.child_app import write_settings
from tests.helpers.endless_gateway import EndlessBody
from tests.helpers.endless_gateway import endless_line as running_endless_line

ROOT = Path(__file__).resolve().parents[2]
CAP = EVENT_LIMIT + 80 * MIB  # what the gateway sends at most: main read it all and held ~5x that
# Runs the command in a grandchild and writes its peak RSS (wait4) to argv[1]: the peak of a child forked
# from pytest itself would start at pytest's own size, which the fork copies before the exec.
_LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, *sys.argv[2:]])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as peak:
    peak.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""
RSS_BOUND = 2 * EVENT_LIMIT + 160 * MIB  # the limit, the interpreter, and generous room; far below 5x CAP


@pytest.fixture
def endless_line() -> Iterator[EndlessBody]:
    with running_endless_line(CAP) as server:
        yield server


def test_a_line_that_never_ends_stops_at_the_apps_event_limit_with_its_reason(
    tmp_path: Path, endless_line: EndlessBody
) -> None:
    write_settings(tmp_path, endless_line.url)
    env = {k: v for k, v in os.environ.items() if k != "GEMINI_DESK_DATA_DIR"}
    env.update(GEMINI_API_KEY="test-key", PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    peak_path = tmp_path / "peak.txt"
    command = ["-m", "app.cli", "--data-dir", str(tmp_path), "Hello"]
    result = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, str(peak_path), *command],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
    )
    stderr = result.stderr
    assert result.returncode == ExitCode.BAD_ANSWER, stderr
    assert "The gateway sent one piece of the answer over 48 MB" in stderr
    assert endless_line.sent < CAP, "the command read the whole endless line"
    peak = int(peak_path.read_text()) * 1024  # kilobytes on Linux
    assert peak < RSS_BOUND, f"peak RSS {peak / MIB:.0f} MB for a {EVENT_LIMIT / MIB:.0f} MB event limit"
    database = Database.open(tmp_path / "gemini-desk.sqlite3")
    try:
        (reply,) = [m for m in ConversationStore(database).list_messages(1) if m.role == "model"]
    finally:
        database.close()
    assert reply.status == "error"
