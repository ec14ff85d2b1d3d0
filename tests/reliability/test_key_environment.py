"""``GEMINI_API_KEY`` is the app's alone: once read, it leaves the process environment, so programs the app
starts (a browser opening a link, a file manager) never inherit it. The app itself still uses it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.core.key_sources import detach_environment_key
from app.core.secrets import ENV_API_KEY

ROOT = Path(__file__).resolve().parents[2]

# Runs the real app; once the key is in use it reports what the process and a child process can see.
PROBE = r"""
import json, os, subprocess, sys
from app.qt.controllers.key_controller import KeyController

original = KeyController._set_state

def report(self, state):
    original(self, state)
    if state.key:
        child = subprocess.run(
            [sys.executable, "-c", "import os; print(os.environ.get('GEMINI_API_KEY', ''))"],
            capture_output=True, text=True,
        ).stdout.strip()
        print("REPORT " + json.dumps({"source": state.source, "in_environ": "GEMINI_API_KEY" in os.environ,
                                      "child": child}), flush=True)
        os._exit(0)

KeyController._set_state = report
from app.launch import main
sys.exit(main(sys.argv[1:]))
"""


def test_the_running_app_uses_the_environment_key_but_its_child_processes_do_not_see_it(
    tmp_path: Path,
) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", ENV_API_KEY: "sk-env-only-0123456789"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--data-dir", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("REPORT ")]
    assert lines, done.stdout + done.stderr
    report = json.loads(lines[0].removeprefix("REPORT "))
    assert report == {"source": "environment", "in_environ": False, "child": ""}


def test_detaching_keeps_a_copy_for_the_app() -> None:
    environ = {ENV_API_KEY: "sk-x", "HOME": "/h"}
    assert detach_environment_key(environ) == {ENV_API_KEY: "sk-x", "HOME": "/h"}
    assert environ == {"HOME": "/h"}
