"""MCP sessions against real servers written with the SDK: over stdio (a process) and streamable HTTP."""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import time
import warnings
from pathlib import Path

import pytest

from app.core.tools.host import McpHost
from app.core.tools.servers import McpServerConfig
from tests.helpers.mcp_servers import http_server, stdio_command


def _stdio(name: str = "t", *extra: str, env: dict[str, str] | None = None) -> McpServerConfig:
    command, args = stdio_command(*extra)
    return McpServerConfig(name, command=command, args=args, env=env or {})


def test_a_stdio_server_lists_its_tools_and_answers_calls(host: McpHost) -> None:
    async def scenario() -> None:
        state = await host.start(_stdio())
        assert state.state == "ready"
        assert {"echo", "add", "crash", "hang", "image"} <= {t.name for t in state.tools}
        add = next(t for t in state.tools if t.name == "add")
        assert add.input_schema["properties"].keys() == {"a", "b"}
        outcome = await host.call("t", "add", {"a": 2, "b": 3}, timeout=30)
        assert outcome.outcome == "ok"
        assert outcome.result is not None and outcome.result.structured == {"result": 5.0}
        failed = await host.call("t", "fail", {"reason": "why"}, timeout=30)
        assert failed.outcome == "tool_error" and failed.result is not None and failed.result.is_error

    asyncio.run(scenario())


def test_an_http_server_is_reached_with_its_headers(host: McpHost) -> None:
    with http_server() as url:

        async def scenario() -> None:
            config = McpServerConfig("web", transport="http", url=url, headers={"X-Test": "1"})
            state = await host.start(config)
            assert state.state == "ready", state
            outcome = await host.call("web", "echo", {"text": "hi"}, timeout=30)
            assert outcome.outcome == "ok"
            assert outcome.result is not None and outcome.result.text() == "echo: hi"

        asyncio.run(scenario())


def test_the_api_key_never_reaches_a_servers_environment(host: McpHost) -> None:
    async def scenario() -> None:
        env = {"LEAK": "Bearer test-key-abc123", "KEEP": "fine"}
        assert (await host.start(_stdio(env=env))).state == "ready"
        leak = await host.call("t", "env", {"name": "LEAK"}, timeout=30)
        keep = await host.call("t", "env", {"name": "KEEP"}, timeout=30)
        inherited = await host.call("t", "env", {"name": "GEMINI_API_KEY"}, timeout=30)
        assert leak.result is not None and leak.result.text() == "<unset>"
        assert keep.result is not None and keep.result.text() == "fine"
        assert inherited.result is not None and inherited.result.text() == "<unset>"

    os.environ["GEMINI_API_KEY"] = "test-key-abc123"
    try:
        asyncio.run(scenario())
    finally:
        del os.environ["GEMINI_API_KEY"]


def test_a_server_that_fails_to_start_says_why_with_its_stderr(host: McpHost) -> None:
    state = asyncio.run(host.start(_stdio("broken", "--fail-start")))
    assert state.state == "failed"
    assert "cannot open the database: permission denied" in state.stderr_tail
    assert state.error
    assert "permission denied" in host.log_path("broken").read_text()


def test_a_missing_program_fails_with_its_name(host: McpHost) -> None:
    state = asyncio.run(host.start(McpServerConfig("ghost", command="/nonexistent/mcp-server")))
    assert state.state == "failed"
    assert "/nonexistent/mcp-server" in state.error


def test_a_server_crashing_mid_call_fails_the_call_and_can_be_restarted(host: McpHost) -> None:
    async def scenario() -> None:
        await host.start(_stdio())
        outcome = await host.call("t", "crash", {}, timeout=30)
        assert outcome.outcome == "failed"
        assert "about to crash" in outcome.detail
        assert host.state("t").state == "failed"
        assert "about to crash" in host.state("t").stderr_tail
        again = await host.ensure(_stdio())
        assert again.state == "ready"
        assert (await host.call("t", "echo", {"text": "back"}, timeout=30)).outcome == "ok"

    asyncio.run(scenario())


def test_a_hanging_tool_times_out_and_the_server_keeps_working(host: McpHost) -> None:
    async def scenario() -> None:
        await host.start(_stdio())
        outcome = await host.call("t", "hang", {}, timeout=1.0)
        assert outcome.outcome == "timeout"
        assert (await host.call("t", "echo", {"text": "still here"}, timeout=30)).outcome == "ok"

    asyncio.run(scenario())


def test_stop_cancels_a_running_call(host: McpHost) -> None:
    async def scenario() -> None:
        await host.start(_stdio())
        call = asyncio.ensure_future(host.call("t", "hang", {}, timeout=600))
        await asyncio.sleep(1.0)
        started = time.monotonic()
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        assert time.monotonic() - started < 60  # gross failure only: it did not wait for the tool
        assert (await host.call("t", "echo", {"text": "after stop"}, timeout=30)).outcome == "ok"

    asyncio.run(scenario())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead too (its parent has not reaped it yet).
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "State:\tZ" in status.read_text())


def _expect_gone(pid: int, seconds: float, why: str) -> None:
    """Wait up to ``seconds`` for ``pid`` to end; otherwise kill it and fail with ``why``."""
    deadline = time.monotonic() + seconds
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
        pytest.fail(why)


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups are POSIX")
def test_shutdown_stops_the_whole_process_group(tmp_path: Path) -> None:
    host = McpHost(tmp_path / "logs")
    script = tmp_path / "spawner.sh"
    # A server that starts a child of its own, then serves: stopping must end both.
    command, args = stdio_command()
    script.write_text(f"sleep 600 &\necho $! > {tmp_path / 'child.pid'}\nexec {command} {' '.join(args)}\n")
    config = McpServerConfig("group", command="sh", args=(str(script),))
    state = asyncio.run(host.start(config))
    assert state.state == "ready"
    child = int((tmp_path / "child.pid").read_text())
    assert _alive(child)
    host.shutdown()
    _expect_gone(child, 30, "the server's child outlived the shutdown")


def test_shutdown_leaves_no_event_loop_for_the_garbage_collector(tmp_path: Path) -> None:
    # A stopped loop that nobody closed is closed by its finaliser in whatever code runs at the next
    # collection, after its pipe's socket is gone: it raised there ("Invalid file descriptor: -1").
    host = McpHost(tmp_path / "logs")
    assert asyncio.run(host.start(_stdio())).state == "ready"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        host.shutdown()
        del host
        gc.collect()
    assert not [w for w in caught if "unclosed event loop" in str(w.message)]


def test_each_server_keeps_its_own_private_log(tmp_path: Path) -> None:
    host = McpHost(tmp_path)
    assert host.log_path("a b") != host.log_path("a_b")
    state = asyncio.run(host.start(McpServerConfig("ghost", command="/nonexistent/mcp-server")))
    assert state.state == "failed"
    assert host.log_path("ghost").stat().st_mode & 0o077 == 0, "another user could read the server's stderr"


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups are POSIX")
def test_quit_kills_a_server_that_ignores_its_stop_within_the_budget(tmp_path: Path) -> None:
    # The server ignores SIGTERM and outlives its stdin: the SDK's escalation needs about 4 s, and the quit
    # gives 1 s. Whatever still runs when the budget is spent is killed, never left behind.
    host = McpHost(tmp_path / "logs")

    async def start() -> int:
        assert (await host.start(_stdio("stubborn", "--stubborn"))).state == "ready"
        outcome = await host.call("stubborn", "pid", {}, timeout=30)
        assert outcome.result is not None
        return int(outcome.result.text())

    pid = asyncio.run(start())
    started = time.monotonic()
    host.shutdown(1.0)
    assert time.monotonic() - started < 30  # gross failure only: the quit never hangs
    _expect_gone(pid, 3, "a server outlived the quit")


def test_a_servers_log_is_capped_and_keeps_the_newest_output(host: McpHost) -> None:
    from app.core.tools.server_log import CUT_MARKER, LOG_CAP_BYTES

    async def scenario() -> None:
        await host.start(_stdio())
        outcome = await host.call("t", "shout", {"size": 3 * LOG_CAP_BYTES}, timeout=120)
        assert outcome.outcome == "ok"
        await host.stop("t")

    asyncio.run(scenario())
    log = host.log_path("t")
    data = log.read_bytes()
    assert len(data) <= LOG_CAP_BYTES, "the log grew past its cap"
    assert data.startswith(CUT_MARKER)
    assert data.rstrip().endswith(b"the last words")
    assert data[len(CUT_MARKER) :].startswith(b"line "), "the kept part starts mid-line"
    assert log.stat().st_mode & 0o077 == 0
