"""Closing the window while requests hang ends the process promptly and cleanly.

The gateway here accepts connections and never answers, so the model list request started at launch is still
waiting when the user closes the window. The app must cancel it, let it close its connection while the event
loop still runs, and exit 0 with nothing alarming on stderr (a task cleaned up after the loop stopped fails
with "no running event loop" or similar).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.loopback import LoopbackListener

ROOT = Path(__file__).resolve().parents[2]
ALARMING = (
    "Traceback",
    "unexpectedly",
    "Task was destroyed",
    "Exception in callback",
    "no running event loop",
)


@pytest.fixture
def silent_gateway() -> Iterator[LoopbackListener]:
    """A gateway that accepts connections and never sends a byte."""
    gateway = LoopbackListener(hang_up=False)
    yield gateway
    gateway.close()


def test_closing_the_window_during_a_hanging_model_list_request_exits_cleanly(
    tmp_path: Path, silent_gateway: LoopbackListener
) -> None:
    config = tmp_path / "config"
    config.mkdir()
    settings = {"base_url": silent_gateway.url, "language": "en", "default_model": "gemini-2.5-flash"}
    (config / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
    env = {**os.environ, "GEMINI_API_KEY": "test-key", "QT_QPA_PLATFORM": "offscreen"}
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "tests.process.quit_runner", str(tmp_path), "2.0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    elapsed = time.monotonic() - started
    assert silent_gateway.accepted, "the model list request never reached the gateway"
    assert "CLOSING" in result.stdout
    assert result.returncode == 0, result.stdout + result.stderr
    assert "EXIT 0" in result.stdout
    assert not [word for word in ALARMING if word in result.stderr], result.stderr
    # The request would wait for the idle timeout (minutes); closing must not.
    assert elapsed < 20, f"quitting took {elapsed:.1f} s"
