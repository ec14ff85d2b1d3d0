"""A server that does not start: remembered for the session, and never left pending at shutdown."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from app.core.tools.host import McpHost
from app.core.tools.servers import McpServerConfig
from tests.helpers.mcp_servers import stdio_command

START = 2.0  # the host's start timeout here: a server sleeping longer never starts


def _stdio(name: str, *extra: str) -> McpServerConfig:
    command, args = stdio_command(*extra)
    return McpServerConfig(name, command=command, args=args)


def test_a_server_that_did_not_start_is_not_waited_for_again_until_started_or_changed(tmp_path: Path) -> None:
    host = McpHost(tmp_path / "logs", start_timeout=START)
    slow = _stdio("slow", "--slow-start=60")

    async def scenario() -> None:
        began = time.monotonic()
        first = await host.ensure(slow)
        waited = time.monotonic() - began
        assert first.state == "failed" and waited >= START, (first, waited)
        # The next Send asks again: the same failure, at once, without a new start.
        began = time.monotonic()
        again = await host.ensure(slow)
        assert again is first, again
        assert time.monotonic() - began < waited / 2
        # Settings → Tools: changed settings start it again.
        changed = _stdio("slow", "--slow-start=61")
        began = time.monotonic()
        retried = await host.ensure(changed)
        assert retried is not first and retried.state == "failed"
        assert time.monotonic() - began >= START

    try:
        asyncio.run(scenario())
    finally:
        host.shutdown()


def test_a_server_that_exits_at_start_is_not_started_again_by_ensure(tmp_path: Path) -> None:
    host = McpHost(tmp_path / "logs")
    broken = _stdio("broken", "--fail-start")

    async def scenario() -> None:
        first = await host.ensure(broken)
        assert first.state == "failed"
        assert await host.ensure(broken) is first
        restarted = await host.start(broken)  # "Test" in Settings tries again
        assert restarted.state == "failed" and restarted is not first

    try:
        asyncio.run(scenario())
    finally:
        host.shutdown()


def test_shutdown_ends_a_start_still_under_way_and_the_host_can_start_again(tmp_path: Path) -> None:
    host = McpHost(tmp_path / "logs")  # the default start timeout (30 s): longer than the test waits

    async def scenario() -> None:
        pending = asyncio.ensure_future(host.ensure(_stdio("slow", "--slow-start=120")))
        deadline = time.monotonic() + 60
        while host.state("slow").state != "starting":
            assert time.monotonic() < deadline, "the server never began to start"
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)
        closing = asyncio.ensure_future(asyncio.to_thread(host.shutdown, 2.0))
        await asyncio.sleep(0.5)  # the shutdown waits for the starting server: a second start comes now
        late = asyncio.ensure_future(host.ensure(_stdio("late", "--slow-start=120")))
        await closing
        done, _ = await asyncio.wait({pending, late}, timeout=15)
        assert done == {pending, late}, "a caller of ensure() still waits after the shutdown"
        for task in done:  # ended: a failed start, or an error saying the host is gone (never a hang)
            if task.exception() is None:
                assert task.result().state != "ready"
        # The host starts again after a shutdown (the app's next use).
        state = await asyncio.wait_for(host.ensure(_stdio("fast")), 60)
        assert state.state == "ready", state

    try:
        asyncio.run(scenario())
    finally:
        host.shutdown()
