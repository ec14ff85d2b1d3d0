"""The checks every test gets from ``tests/conftest.py``: a test that leaves a top-level window alive, or a
resource for the garbage collector to close, fails itself, every run, instead of a later test by chance."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

LEAKY_TESTS = """
import asyncio
import socket

from PySide6.QtWidgets import QDialog, QWidget

kept = []


def test_a_window_kept_alive(qapp):
    window = QWidget()
    window.show()
    kept.append(window)


def test_a_dialog_python_no_longer_holds_but_qt_does(qapp):
    dialog = QDialog()
    dialog.finished.connect(lambda: dialog.objectName())  # Qt holds the lambda, the lambda holds the dialog
    dialog.show()


def test_a_window_opened_on_the_qloop(qloop):
    window = QWidget()
    window.show()
    kept.append(window)


def test_a_window_given_to_qtbot(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    window.show()


def test_a_window_python_alone_held(qapp):
    QWidget().show()


def test_a_socket_in_a_reference_cycle():
    cycle = [socket.socket()]
    cycle.append(cycle)


def test_an_event_loop_nobody_closed():
    loop = asyncio.new_event_loop()
    loop.run_until_complete(asyncio.sleep(0))


def test_nothing_left():
    with socket.socket() as connection:
        assert connection.fileno() >= 0
"""


def test_a_test_that_leaks_a_window_or_an_unclosed_resource_fails_itself(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(
        "from tests.conftest import nothing_outlives_its_test\nfrom tests.helpers.qt_loop import qloop\n"
    )
    pytester.makepyfile(test_leaky=LEAKY_TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-rE")
    failed = {line.split("::")[1].split(" ")[0] for line in result.outlines if line.startswith("ERROR ")}
    assert failed == {
        "test_a_window_kept_alive",
        "test_a_dialog_python_no_longer_holds_but_qt_does",
        "test_a_socket_in_a_reference_cycle",
        "test_an_event_loop_nobody_closed",
    }, result.stdout.str()
    result.assert_outcomes(passed=8, errors=4)


@pytest.fixture(autouse=True)
def _the_project_on_the_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # The child pytest runs in a scratch folder: it imports the project's tests package from here.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
