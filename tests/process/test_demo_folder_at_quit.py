"""Quitting a ``--demo`` session removes the demo's own data folder; the real one is left as it was."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG variables apply on Linux")


def test_closing_the_demo_removes_its_folder_and_keeps_the_real_one(tmp_path: Path) -> None:
    xdg = {
        name: str(tmp_path / name.lower()) for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")
    }
    real = Path(xdg["XDG_DATA_HOME"]) / "gemini-desk"
    real.mkdir(parents=True)
    (real / "gemini-desk.sqlite3").write_bytes(b"the real history")
    env = {**os.environ, **xdg, "QT_QPA_PLATFORM": "offscreen", "LANG": "en_US.UTF-8"}
    env.pop("GEMINI_DESK_DATA_DIR", None)
    result = subprocess.run(
        [sys.executable, "-m", "tests.process.quit_runner", "-", "3.0", "--demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "CLOSING" in result.stdout, "the window never opened"
    assert not (real / "demo").exists(), "the demo's folder outlived the demo"
    assert (real / "gemini-desk.sqlite3").read_bytes() == b"the real history"
