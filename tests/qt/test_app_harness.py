"""The app harness (``tests/helpers/app_harness.run_app``) leaves nothing of a finished app behind.

A finished app's windows kept alive would make the test process grow by megabytes per scenario and be
polished again whenever a later test changes the theme; a deletion left to the next event loop would
happen in the middle of the next test.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import qasync
import shiboken6
from PySide6.QtWidgets import QApplication

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import run_app, send_and_wait


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
