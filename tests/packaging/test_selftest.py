"""``gemini-desk --self-test``: every check passes on a working install, and a broken part fails clearly."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app import selftest
from tests.helpers.strict import missing

ROOT = Path(__file__).resolve().parents[2]


def test_self_test_from_source_streams_a_demo_reply_and_exits_zero(tmp_path: Path) -> None:
    # No display and no keyring service: the test must pass on a headless build machine all the same.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS")
    }
    env["TMPDIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "app", "--self-test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    checks = {line.split()[1]: line for line in lines if line.startswith(("ok ", "FAIL"))}
    assert set(checks) == {"store", "keyring", "highlighting", "translations", "math", "updates", "chat"}
    assert all(line.startswith("ok") for line in checks.values()), result.stdout
    assert "FTS5 trigram" in checks["store"]
    assert "Ed25519 verification load" in checks["updates"]
    assert "characters streamed from http://127.0.0.1:" in checks["chat"]
    assert lines[-1].startswith("self-test passed")
    # It ran in its own temporary folder and removed it.
    assert list(tmp_path.iterdir()) == []


def test_store_check_finds_text_through_the_trigram_index(tmp_path: Path) -> None:
    assert "FTS5 trigram search works" in selftest.check_store(tmp_path)
    assert (tmp_path / "selftest.sqlite3").exists()


def test_keyring_check_fails_when_the_backend_entry_points_are_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What a bundle built without keyring's package metadata looks like from the inside.
    import importlib.metadata

    real = importlib.metadata.entry_points

    def without_keyring(**params: Any) -> Any:
        if params.get("group") == "keyring.backends":
            return importlib.metadata.EntryPoints(())
        return real(**params)

    monkeypatch.setattr(importlib.metadata, "entry_points", without_keyring)
    with pytest.raises(selftest.SelfTestFailure, match=r"entry points missing.*metadata"):
        selftest.check_keyring()


def test_keyring_check_names_the_backend_modules_it_loaded() -> None:
    detail = selftest.check_keyring()
    if sys.platform.startswith("linux"):
        assert "SecretService" in detail
    # Either a service answers, or the report says why keys would be session-only; never an exception.
    assert "in use:" in detail or "session-only" in detail or "no keyring service" in detail


def test_a_bundle_without_compiled_translations_fails_the_translations_check(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, qapp: object
) -> None:
    import app

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(app, "__file__", str(tmp_path / "app" / "__init__.py"))
    with pytest.raises(selftest.SelfTestFailure, match="no compiled translations"):
        selftest.check_translations()


def test_a_failed_check_is_reported_on_its_line_and_the_run_continues() -> None:
    out = io.StringIO()

    def broken() -> str:
        raise selftest.SelfTestFailure("the part is missing")

    assert selftest._report(out, "part", broken) is False
    assert selftest._report(out, "other", lambda: "fine") is True
    first, second = out.getvalue().splitlines()
    assert first.startswith("FAIL part") and "the part is missing" in first
    assert second.startswith("ok   other")


def _without_display(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "QT_QPA_PLATFORM")
    }
    env["TMPDIR"] = str(tmp_path)
    return env


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Xvfb is a Linux display server")
def test_display_mode_loads_the_real_platform_plugin_under_xvfb(tmp_path: Path) -> None:
    if shutil.which("xvfb-run") is None:
        missing("xvfb-run is not installed (Debian: xvfb, xauth)")
    env = _without_display(tmp_path)
    env["QT_QPA_PLATFORM"] = "offscreen"  # what the test suite sets: display mode must not stay on it
    result = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", sys.executable, "-m", "app", "--self-test=display"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    checks = {
        line.split()[1]: line for line in result.stdout.splitlines() if line.startswith(("ok ", "FAIL"))
    }
    assert checks["platform"].startswith("ok") and "xcb plugin loaded, screen 1280x800" in checks["platform"]
    assert checks["chat"].startswith("ok")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 and Wayland are Linux displays")
def test_display_mode_without_a_display_fails_where_the_offscreen_mode_passes(tmp_path: Path) -> None:
    # The class of failure the offscreen self-test cannot see: the real platform plugin does not start.
    result = subprocess.run(
        [sys.executable, "-m", "app", "--self-test=display"],
        cwd=ROOT,
        env=_without_display(tmp_path),
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert result.returncode != 0
    assert "self-test passed" not in result.stdout
    assert "platform plugin" in result.stderr
