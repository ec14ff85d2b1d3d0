"""Glue between Qt signals and asyncio running on a qasync loop."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Coroutine, Iterable
from typing import Any

from PySide6.QtCore import SignalInstance


def install_asyncgen_hooks() -> None:
    """Let the running loop finalise abandoned async generators.

    qasync installs no async-generator hooks, so an httpx stream abandoned mid-iteration would be
    finalised by the garbage collector outside the loop and raise. Call this at the start of the
    main coroutine, from the running loop.
    """
    loop = asyncio.get_running_loop()
    # These are BaseEventLoop's own hooks, the ones asyncio.run() would install.
    sys.set_asyncgen_hooks(
        firstiter=loop._asyncgen_firstiter_hook,  # type: ignore[attr-defined]
        finalizer=loop._asyncgen_finalizer_hook,  # type: ignore[attr-defined]
    )


def signal_future(signal: SignalInstance) -> asyncio.Future[tuple[Any, ...]]:
    """Return a future resolved with the arguments of the next emission of ``signal``."""
    future: asyncio.Future[tuple[Any, ...]] = asyncio.get_running_loop().create_future()

    def on_emitted(*args: Any) -> None:
        signal.disconnect(on_emitted)
        if not future.done():
            future.set_result(args)

    signal.connect(on_emitted)
    return future


def spawn(coro: Coroutine[Any, Any, Any], tasks: set[asyncio.Task[Any]]) -> asyncio.Task[Any]:
    """Start ``coro`` as a task kept alive in ``tasks`` until it ends (asyncio keeps only weak refs)."""
    task = asyncio.ensure_future(coro)
    tasks.add(task)
    task.add_done_callback(tasks.discard)
    return task


async def cancel_and_wait(tasks: Iterable[asyncio.Task[Any]], timeout: float = 2.0) -> None:
    """Cancel ``tasks`` and give them up to ``timeout`` seconds to run their cleanup.

    At shutdown a task that is only cancelled would run its ``finally`` (closing an HTTP client, say) while
    the loop is being torn down, where it fails; waiting lets it finish while the loop still runs.
    """
    pending = [task for task in tasks if not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending, timeout=timeout)


def finish_tasks(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel what still runs and let it clean up, then close async generators, as ``asyncio.run`` does."""
    pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.wait(pending, timeout=2.0))
    loop.run_until_complete(loop.shutdown_asyncgens())
