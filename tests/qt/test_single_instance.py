"""One app per user and data folder: a second launch brings the first window forward and exits."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDir, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.qt.single_instance import LOCK_NAME, Claim, SingleInstance, _send_activate, server_name

ROOT = Path(__file__).resolve().parents[2]

# A second launch's request, as the app's own code sends it.
_SENDER = """
import sys, time
from PySide6.QtCore import QCoreApplication
from app.qt.single_instance import _send_activate
app = QCoreApplication([])
print(_send_activate(sys.argv[1], time.monotonic() + 10))
"""


@pytest.fixture
def instances(qapp: QApplication) -> Iterator[list[SingleInstance]]:
    """Instances made by a test, released afterwards."""
    made: list[SingleInstance] = []
    yield made
    for instance in made:
        instance.release()


def test_the_name_is_per_data_folder_and_independent_of_spelling(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")
    assert server_name(tmp_path / "a") == server_name(tmp_path / "b" / ".." / "a")
    assert len(server_name(tmp_path / "a")) < 40  # Unix socket paths are limited to about 100 bytes


def test_the_first_claim_wins_and_a_second_on_the_same_folder_does_not(
    tmp_path: Path, instances: list[SingleInstance]
) -> None:
    first = SingleInstance(tmp_path)
    instances.append(first)
    previous = os.umask(0o022)
    try:
        assert first.claim() is Claim.FIRST and first.listening
    finally:
        os.umask(previous)
    if os.name == "posix":  # the lock (process id, host name) is the user's only, as every file of the app
        assert (tmp_path / LOCK_NAME).stat().st_mode & 0o777 == 0o600
    other_folder = tmp_path / "other"
    other_folder.mkdir()
    independent = SingleInstance(other_folder)
    instances.append(independent)
    assert independent.claim() is Claim.FIRST
    # The first instance cannot answer while this thread blocks, which is what a hung app looks like.
    second = SingleInstance(tmp_path)
    instances.append(second)
    started = time.monotonic()
    assert second.claim(timeout=0.5) is Claim.NOT_ANSWERING
    # Gross failure only: ignoring the 0.5 s timeout would wait for the default 5 s, or forever.
    assert time.monotonic() - started < 4.5
    first.release()
    assert second.claim(timeout=0.5) is Claim.FIRST


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes leave no file behind")
def test_a_socket_left_by_a_crash_does_not_block_the_start(
    tmp_path: Path, instances: list[SingleInstance]
) -> None:
    leftover = Path(QDir.tempPath()) / server_name(tmp_path)
    leftover.write_bytes(b"")
    try:
        instance = SingleInstance(tmp_path)
        instances.append(instance)
        assert instance.claim() is Claim.FIRST
        assert instance.listening
    finally:
        leftover.unlink(missing_ok=True)


def _launch(data_dir: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "GEMINI_DESK_DATA_DIR"}
    env.update({"QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"})
    return subprocess.Popen(
        [sys.executable, "-m", "app", "--demo", "--data-dir", str(data_dir)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def _wait_until_it_answers(process: subprocess.Popen[str], name: str, timeout: float = 30.0) -> None:
    """Ask the running app to come forward until it confirms (that is: it runs, listens and reacts)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the app exited early: {process.communicate()[1][-2000:]}")
        if _send_activate(name, time.monotonic() + 1.0):
            return
        time.sleep(0.2)
    raise AssertionError("the app never answered")


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.kill()
    process.communicate(timeout=10)


@pytest.mark.timeout(90)
def test_a_second_launch_hands_over_and_a_crash_leaves_nothing_in_the_way(
    tmp_path: Path, qapp: QApplication
) -> None:
    name = server_name(tmp_path)
    first = _launch(tmp_path)
    try:
        _wait_until_it_answers(first, name)
        second = _launch(tmp_path)
        try:
            assert second.wait(timeout=30) == 0
        finally:
            _stop(second)
        assert first.poll() is None, "the first app must keep running"
        first.send_signal(signal.SIGKILL)  # a crash: lock file and socket stay behind
        first.wait(timeout=10)
        assert (tmp_path / LOCK_NAME).exists()
    finally:
        _stop(first)

    third = _launch(tmp_path)
    try:
        _wait_until_it_answers(third, name)
        assert third.poll() is None
    finally:
        _stop(third)


def test_an_activate_request_brings_the_window_forward(
    tmp_path: Path, instances: list[SingleInstance], qtbot: QtBot
) -> None:
    from app.core.store.conversations import ConversationStore
    from app.core.store.db import Database
    from app.qt.main_window import MainWindow
    from app.qt.models.conversation_list_model import ConversationListModel

    database = Database.open(tmp_path / "db.sqlite3")
    window = MainWindow(ConversationListModel(ConversationStore(database)))
    qtbot.addWidget(window)
    window.show()
    window.setWindowState(Qt.WindowState.WindowMinimized)
    first = SingleInstance(tmp_path)
    instances.append(first)
    assert first.claim() is Claim.FIRST
    first.activation_requested.connect(window.bring_to_front)
    # The second launch, in its own process (it blocks while it waits for the answer).
    sender = subprocess.Popen(
        [sys.executable, "-c", _SENDER, first.name],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.PIPE,
        text=True,
    )
    qtbot.waitUntil(lambda: sender.poll() is not None, timeout=20000)
    assert sender.communicate()[0].strip() == "True"
    assert not window.windowState() & Qt.WindowState.WindowMinimized
    assert window.isVisible()
    database.close()
