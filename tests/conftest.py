"""Shared pytest fixtures."""

from __future__ import annotations

import atexit
import gc
import os
import shutil
import sys
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.demo.server import GatewayDouble
from tests.helpers.screens import SUITE_SCREEN, offscreen_platform

# pytester runs a test file in a child pytest: the harness checks below are tested that way.
pytest_plugins = ["pytester"]

# The app never asks the real release feed during tests (nothing but loopback is contacted); the update tests
# build their own controller against a feed on 127.0.0.1.
os.environ["GEMINI_DESK_NO_UPDATE_CHECK"] = "1"

# The offscreen platform's own screen is 800×600; the app sizes its first window to the screen, so the suite
# chooses a laptop's screen before Qt starts (tests of other screens run the app in a child process).
if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
    _screens = Path(tempfile.mkdtemp(prefix="gd-screen-"))
    atexit.register(shutil.rmtree, _screens, ignore_errors=True)
    os.environ["QT_QPA_PLATFORM"] = offscreen_platform(_screens, *SUITE_SCREEN)


@pytest.fixture
def gateway() -> Iterator[GatewayDouble]:
    """A started local gateway double accepting the key ``test-key``; stopped after the test."""
    with GatewayDouble("test-key") as double:
        yield double


def _qt_application() -> object | None:
    # Tests that never load Qt (the core's) stay free of it: Qt is imported here only once something has.
    if "PySide6.QtWidgets" not in sys.modules:
        return None
    from tests.helpers.windows import qt_application

    return qt_application()


@pytest.fixture(autouse=True)
def nothing_outlives_its_test() -> Iterator[None]:
    """Collect each test's garbage right after it, and fail a test that left a resource unclosed or one of the
    app's top-level windows alive (the windows are deleted then).

    Left to the automatic collector, a test's cyclic garbage is freed in the middle of a later test, or on
    another thread: a Qt object freed off the GUI thread crashes Qt, and a finaliser that closes what nobody
    closed (an event loop, a subprocess transport) can fail there, in a test that did nothing wrong (an MCP
    host's loop once failed CI so, "Invalid file descriptor: -1"). Collected here, on the main thread, the
    failure is the leaking test's, every run: pytest reports a finaliser's exception as this test's, and a
    ``ResourceWarning`` (an unclosed socket, file, event loop or process) fails it. The app itself runs the
    collector only on the GUI thread (``app.qt.gc_guard``).

    A window nobody deletes keeps its children, timers and models for the rest of the run: it is polished
    again on every theme change and adds megabytes to every later test. Windows are the business of
    ``qtbot.addWidget`` (a widget test's) or of the ``qloop`` fixture and ``run_app`` (an app scenario's);
    this fixture is torn down after those, and after the collection, so a window only Python held is gone.
    """
    from_before = _windows_now()
    yield
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        if _qt_application() is not None:
            from tests.helpers.windows import delete_posted

            delete_posted()  # what was deleted with deleteLater (qtbot.addWidget's windows) goes first
        gc.collect()
        leaked = _delete_new_windows(from_before)
        if leaked:
            gc.collect()  # the deleted windows' Python side
    unclosed = [
        str(w.message)
        for w in caught
        # Python 3.13 warns of an unclosed sqlite3 connection too; freeing one closes it, touching nothing
        # else, so it is no hazard to the tests that run after.
        if issubclass(w.category, ResourceWarning) and "sqlite3.Connection" not in str(w.message)
    ]
    problems = []
    if leaked:
        problems.append(
            "it left top-level windows alive (give them to qtbot.addWidget, or build the app with run_app or "
            f"on the qloop fixture): {leaked}"
        )
    if unclosed:
        problems.append(f"it left these for the garbage collector to close: {unclosed}")
    if problems:
        pytest.fail("; ".join(problems), pytrace=False)


def _windows_now() -> list[Any]:
    if _qt_application() is None:
        return []
    from tests.helpers.windows import own_windows

    return list(own_windows())


def _delete_new_windows(before: list[Any]) -> list[str]:
    if _qt_application() is None:
        return []
    from tests.helpers.windows import delete_new_windows

    return delete_new_windows(before)
