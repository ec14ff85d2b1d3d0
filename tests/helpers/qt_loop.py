"""The qasync event loop that async Qt scenarios run on; the Qt and reliability tests' ``conftest.py`` files
make it theirs (the collection after every test is the root ``conftest.py``'s)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator

import pytest
import qasync
from PySide6.QtWidgets import QApplication

from app.qt.async_support import install_asyncgen_hooks
from tests.helpers.windows import delete_new_windows, own_windows


async def _install_hooks() -> None:
    install_asyncgen_hooks()


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    """A qasync loop on the test's QApplication, set as the current event loop.

    Run a scenario with ``qloop.run_until_complete(coro)``; Qt events are processed meanwhile, so widgets
    repaint and timers fire. Tasks still running at the end are cancelled and awaited, async generators are
    finalised, the previous loop and async-generator hooks are restored, and the windows the test's scenario
    opened are deleted (as ``run_app`` does; a scenario built with ``start_desk`` or ``app.launch.run`` ends
    with its window only closed, hidden for the rest of the run).
    """
    old_hooks = sys.get_asyncgen_hooks()
    windows_before = own_windows()
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(_install_hooks())
        yield loop
    finally:
        try:
            pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
            for task in pending:
                task.cancel()
            if pending:
                # Bounded: a task that cannot finish its cancellation fails this test instead of hanging the
                # run (calling QApplication.processEvents() inside a coroutine can lose a task's wake-up).
                loop.run_until_complete(asyncio.wait(pending, timeout=10))
                stuck = [task for task in pending if not task.done()]
                assert not stuck, f"tasks still running after the test, cancelled 10 s ago: {stuck}"
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            loop.close()
            asyncio.set_event_loop(None)
            sys.set_asyncgen_hooks(*old_hooks)
            delete_new_windows(windows_before)
