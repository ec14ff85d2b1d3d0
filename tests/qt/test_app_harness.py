"""The app harness (``tests/helpers/app_harness.run_app``) leaves nothing of a finished app behind.

A finished app's windows kept alive would make the test process grow by megabytes per scenario and be
polished again whenever a later test changes the theme; a deletion left to the next event loop would
happen in the middle of the next test.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import qasync
import shiboken6
from PySide6.QtWidgets import QApplication

from app.core.secrets import SERVICE_NAME, account_for_base_url
from app.core.tools.servers import McpServerConfig, secret_accounts
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import TIMEOUT, run_app, send_and_wait
from tests.helpers.keyrings import MemoryKeyring
from tests.helpers.setup_steps import use_keyring


def test_the_apps_windows_are_deleted_before_run_app_returns(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    windows_before = len(QApplication.topLevelWidgets())
    seen: dict[str, object] = {}
    destroyed: list[str] = []

    async def body(desk: GeminiDesk) -> None:
        await send_and_wait(desk, "Hello")
        seen.update(window=desk.window, transcript=desk.window.transcript, composer=desk.window.composer)
        desk.window.destroyed.connect(lambda *_args: destroyed.append("window"))

    run_app(qloop, tmp_path, body, gateway)

    # Gone now, while no event loop runs: not left to a loop that the next test starts.
    assert destroyed == ["window"]
    assert [name for name, widget in seen.items() if shiboken6.isValid(widget)] == []
    assert len(QApplication.topLevelWidgets()) == windows_before


def test_a_task_the_scenario_left_running_ends_while_the_window_still_exists(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    titles: list[str] = []

    async def lingering(desk: GeminiDesk) -> None:
        try:
            await asyncio.sleep(3600)
        finally:
            titles.append(desk.window.windowTitle())  # raises if the window was deleted first

    async def body(desk: GeminiDesk) -> None:
        asyncio.get_running_loop().create_task(lingering(desk))
        await asyncio.sleep(0)

    run_app(qloop, tmp_path, body, gateway)

    assert len(titles) == 1 and titles[0]


def test_a_finished_app_leaves_no_keyring_thread_waiting(qloop: qasync.QEventLoop, tmp_path: Path) -> None:
    def keyring_threads() -> set[threading.Thread]:
        return {t for t in threading.enumerate() if t.name.startswith("keyring-worker-")}

    before = keyring_threads()
    started: set[threading.Thread] = set()

    async def body(desk: GeminiDesk) -> None:
        # No key in the environment: the app looked for one in the keyring, on its keyring thread.
        started.update(keyring_threads() - before)
        # A tool server's secret comes from a keyring store of its own, with its own thread.
        assert (await desk.tool_service.with_secrets(server)).env["SERVICE_TOKEN"] == "tok-1"
        assert len(keyring_threads() - before) == 2, "the tools used no keyring thread of their own"
        started.update(keyring_threads() - before)

    server = McpServerConfig("tests", command="unused", secret_names=("env:SERVICE_TOKEN",))
    backend = MemoryKeyring()
    backend.set_password(SERVICE_NAME, account_for_base_url("https://gateway.example"), "stored-key")
    backend.set_password(SERVICE_NAME, secret_accounts(server)["env:SERVICE_TOKEN"], "tok-1")
    with use_keyring(backend):
        run_app(qloop, tmp_path, body, environ={}, settings={"base_url": "https://gateway.example"})

    assert started, "the app used no keyring thread: this test proves nothing"
    for thread in started:
        thread.join(TIMEOUT)  # a bound on a hang only
    # Each would wait for keyring jobs until the process ends: dozens in a test run.
    assert [t.name for t in started if t.is_alive()] == []
