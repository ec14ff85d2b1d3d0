"""MCP sessions on a dedicated asyncio thread: start servers, list their tools, call them, stop them.

Why a thread of its own rather than the GUI's qasync loop: on Windows qasync's loop cannot start subprocesses
(only the Proactor loop can), and the SDK runs on anyio, whose task groups and cancel scopes must be entered
and left by one task; a loop of our own, the same on every platform, gives both. Every public method is a
coroutine of the caller's loop that waits for the work done on the host's loop (``run_coroutine_threadsafe``
+ ``wrap_future``), so cancelling the caller (Stop) cancels the call. docs/TOOLS.md has the whole picture.

The ``mcp`` SDK is imported on first use, inside the host's thread, never at start-up.

A stdio server runs in a session (process group) of its own: stopping it signals the whole group (the SDK
sends SIGTERM, then SIGKILL; past the stop budget the host kills the group itself). Its stderr goes to a
per-server log file (``log_path``, capped and private: ``server_log``), whose last lines explain a
failure. Its environment is a minimal safe one plus its configured variables, minus any value that holds one
of the app's secrets (the API key): those are dropped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Awaitable, Callable, Iterable, Mapping
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from app.core.texts import Text
from app.core.tools.credentials import expand_placeholders
from app.core.tools.declarations import McpTool
from app.core.tools.failures import CONNECTION_CLOSED, failure_reason, innermost, without_url_secrets
from app.core.tools.process_group import child_sessions, end_group
from app.core.tools.results import CallOutcome, ToolResult
from app.core.tools.server_log import ServerLog, log_file_name, read_tail
from app.core.tools.servers import McpServerConfig

if TYPE_CHECKING:
    from mcp.client.session import ClientSession

    from app.core.tools.http_limit import HttpLimit

__all__ = ["McpHost", "ServerState", "State"]

_log = logging.getLogger(__name__)
_T = TypeVar("_T")

State = Literal["stopped", "starting", "ready", "failed"]

START_TIMEOUT = 30.0
"""Seconds a server has to start and list its tools."""

STOP_BUDGET = 6.0
"""Seconds stopping servers may take, all of them together, at quit as on Remove. The SDK's own escalation
(stdin closed, 2 s, SIGTERM to the group, 2 s, SIGKILL) fits in it; what still runs after it is killed."""


_SHUT_DOWN = "The tool host was shut down."

Progress = Callable[[float, float | None, str | None], None]


@dataclass(frozen=True)
class ServerState:
    """A server as the host sees it.

    Attributes:
        state: ``stopped``, ``starting``, ``ready`` (tools listed) or ``failed``.
        tools: Its tools, once ready.
        error: Why it failed, in the exception's own words, "" otherwise.
        stderr_tail: The last lines it wrote to stderr, for a failure.
        reason: What the failure means, in the app's catalogue (``failures.failure_reason``).
    """

    state: State = "stopped"
    tools: tuple[McpTool, ...] = ()
    error: str = ""
    stderr_tail: str = ""
    reason: Text | None = None


def _describe(error: BaseException) -> str:
    """An exception in words, looking inside anyio's exception groups for the real cause."""
    error = innermost(error)
    text = str(error).strip()
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _plain_result(result: Any) -> ToolResult:
    content = [block.model_dump(mode="json", by_alias=True, exclude_none=True) for block in result.content]
    return ToolResult(
        content=tuple(content), structured=result.structured_content, is_error=bool(result.is_error)
    )


@dataclass
class _Server:
    config: McpServerConfig
    log_path: Path
    state: ServerState = field(default_factory=ServerState)
    session: ClientSession | None = None
    stop: asyncio.Event = field(default_factory=asyncio.Event)
    owner: asyncio.Task[None] | None = None
    group: int | None = None  # the stdio server's process group, where known (see _child_sessions)
    log: ServerLog | None = None  # its stderr's copy into the log file, while it runs
    http_limit: HttpLimit | None = None  # an HTTP server's client's bound on one answer
    start_failed: bool = False  # it never became ready: ensure() does not wait for it again

    async def caught_up(self) -> None:
        """Wait (briefly) until what the server wrote before it went away is in its log."""
        if self.log is not None:
            await asyncio.to_thread(self.log.wait, 1.0)


class McpHost:
    """Runs MCP sessions on a thread of its own. Build one per app; call :meth:`shutdown` at quit.

    Args:
        log_dir: Where each server's stderr log goes (``mcp-<name>.log``).
        secrets: The values no server may receive in its environment (the API key), asked at each start.
        on_state: Called on the host's thread whenever a server's state changes (name, state); the Qt layer
            re-posts it to the GUI thread.
        message_limit: Bytes one answer of an HTTP server may reach (``http_limit.MESSAGE_LIMIT`` if None).
        start_timeout: Seconds a server has to start and list its tools.
    """

    def __init__(
        self,
        log_dir: Path,
        *,
        secrets: Callable[[], Iterable[str]] = tuple,
        on_state: Callable[[str, ServerState], None] | None = None,
        message_limit: int | None = None,
        start_timeout: float = START_TIMEOUT,
    ) -> None:
        self._log_dir = log_dir
        self._start_timeout = start_timeout
        self._pending: set[Future[Any]] = set()  # the callers' work on the host's loop, ended by shutdown
        self._closing = False  # a shutdown is under way: no new work
        self._message_limit = message_limit
        self._secrets = secrets
        self._on_state = on_state
        self._servers: dict[str, _Server] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._spawning: asyncio.Lock | None = None  # one stdio spawn at a time, to tell whose group is new

    # ---- the thread ----

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                started = threading.Event()

                def run() -> None:
                    asyncio.set_event_loop(loop)
                    loop.call_soon(started.set)
                    try:
                        loop.run_forever()
                    finally:
                        # Closed here, by its own thread: a stopped loop left to the garbage collector
                        # closes itself there, in whatever code is running, after its pipe is gone.
                        loop.close()

                self._thread = threading.Thread(target=run, name="mcp-host", daemon=True)
                self._thread.start()
                started.wait()
                self._loop = loop
            return self._loop

    async def _on_host(self, work: Awaitable[_T]) -> _T:
        """Run ``work`` (a coroutine) on the host's loop; cancelling the caller cancels it there."""
        if self._closing:  # a server started now would outlive the stopping loop
            if asyncio.iscoroutine(work):
                work.close()
            raise RuntimeError(_SHUT_DOWN)
        future: Future[_T] = asyncio.run_coroutine_threadsafe(work, self._ensure_loop())  # type: ignore[arg-type]
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)
        return await asyncio.wrap_future(future)

    # ---- public API (caller's loop) ----

    def state(self, name: str) -> ServerState:
        """The server's current state (``stopped`` for a server never started)."""
        server = self._servers.get(name)
        return server.state if server is not None else ServerState()

    def log_path(self, name: str) -> Path:
        """The file holding the server's stderr (it may not exist yet)."""
        return self._log_dir / log_file_name(name)

    def remove_log(self, name: str) -> None:
        """Delete the server's log (it was removed: what it wrote may name its secrets)."""
        with contextlib.suppress(OSError):
            self.log_path(name).unlink(missing_ok=True)

    async def start(self, config: McpServerConfig) -> ServerState:
        """Start ``config`` (stopping a running server of that name first) and list its tools.

        Returns:
            Its state: ``ready`` with the tools, or ``failed`` with the reason and its stderr's last lines.
        """
        return await self._on_host(self._start(config))

    async def ensure(self, config: McpServerConfig) -> ServerState:
        """The server running with ``config``: started when it is not running, or runs with other settings.

        A server that failed to start with these settings is not started again (each Send would wait for it
        anew): its failed state is returned until it is started explicitly (:meth:`start`), stopped, or its
        settings change.
        """
        server = self._servers.get(config.name)
        if (
            server is not None
            and server.config == config
            and (server.state.state == "ready" or server.start_failed)
        ):
            return server.state
        return await self.start(config)

    async def call(
        self,
        server: str,
        tool: str,
        arguments: Mapping[str, Any],
        *,
        timeout: float,
        progress: Progress | None = None,
    ) -> CallOutcome:
        """Call ``tool`` on a ready ``server``; never raises for what the tool or server did.

        Returns:
            ``ok`` or ``tool_error`` with the result, ``timeout`` after ``timeout`` seconds, ``failed`` when
            the server is not running or its connection broke (the server is then marked failed, with the
            tail of its stderr).

        Raises:
            asyncio.CancelledError: The caller was cancelled (Stop); the call is cancelled on the server too.
        """
        return await self._on_host(self._call(server, tool, dict(arguments), timeout, progress))

    async def stop(self, name: str, budget: float = STOP_BUDGET) -> None:
        """Stop the server (its whole process group, for stdio) and wait until it is gone.

        Takes at most about ``budget`` seconds: a server still running then is killed.
        """
        if name in self._servers:
            await self._on_host(self._stop(name, budget))

    def shutdown(self, budget: float = STOP_BUDGET) -> None:
        """Stop every server, in parallel, and the thread (at quit).

        Blocks for about ``budget`` seconds at most, plus a second to kill what outlived it; never longer,
        whatever a server does (the thread is a daemon: the app exits even if a stop is stuck in it).
        """
        loop = self._loop
        if loop is None:
            return
        self._closing = True
        try:
            self._close(loop, budget)
        finally:
            self._closing = False

    def _close(self, loop: asyncio.AbstractEventLoop, budget: float) -> None:
        future = asyncio.run_coroutine_threadsafe(self._stop_all(budget), loop)
        with contextlib.suppress(Exception):
            future.result(budget + 1.0)
            # The helper threads of the host's loop (group kills, log copies) end with it.
            asyncio.run_coroutine_threadsafe(loop.shutdown_default_executor(), loop).result(1.0)
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(1.0)
        self._loop = None
        self._thread = None
        # A start still under way (a server that never answers) is not left hanging: its caller would wait
        # forever on a loop that is gone.
        for future in list(self._pending):
            with contextlib.suppress(InvalidStateError):
                future.set_exception(RuntimeError(_SHUT_DOWN))
        self._pending.clear()
        self._servers.clear()

    # ---- host's loop ----

    def _set_state(self, server: _Server, state: ServerState) -> None:
        server.state = state
        if self._on_state is not None:
            try:
                self._on_state(server.config.name, state)
            except Exception:
                _log.exception("an MCP state listener failed")

    async def _start(self, config: McpServerConfig) -> ServerState:
        if config.name in self._servers:
            await self._stop(config.name)
        self._log_dir.mkdir(parents=True, exist_ok=True)
        server = _Server(config, self.log_path(config.name))
        self._servers[config.name] = server
        self._set_state(server, ServerState("starting"))
        ready: asyncio.Future[tuple[McpTool, ...]] = asyncio.get_running_loop().create_future()
        server.owner = asyncio.create_task(self._own(server, ready), name=f"mcp-{config.name}")
        try:
            await ready
        except Exception as error:
            await asyncio.wait({server.owner})
            server.start_failed = True
            self._fail(server, error)
        return server.state

    def _fail(self, server: _Server, error: BaseException) -> None:
        reason = failure_reason(error, server.config, self._start_timeout)
        tail = read_tail(server.log_path)
        words = without_url_secrets(_describe(error), server.config)
        state = ServerState("failed", error=words, stderr_tail=tail, reason=reason)
        self._set_state(server, state)
        _log.debug("MCP server %r failed: %s", server.config.name, words)

    def _environment(self, config: McpServerConfig) -> dict[str, str]:
        secrets = [s for s in self._secrets() if s]
        env = {}
        for name, value in config.env.items():
            if any(secret in value for secret in secrets):
                _log.warning("MCP server %r: a variable holding the API key was left out", config.name)
                continue
            env[name] = value
        return env

    async def _own(self, server: _Server, ready: asyncio.Future[tuple[McpTool, ...]]) -> None:
        """The task owning one server's transport and session from start to stop (anyio needs one task)."""
        from mcp.client.session import ClientSession

        config = expand_placeholders(server.config)  # ${NAME} in args and URL, from its (secret) variables
        log: ServerLog | None = None
        try:
            log = server.log = ServerLog(server.log_path)
            async with contextlib.AsyncExitStack() as stack:
                if config.transport == "http":
                    from mcp.client.streamable_http import streamable_http_client

                    from app.core.tools.http_limit import HttpLimit

                    limit = server.http_limit = HttpLimit(self._message_limit)  # one answer's size, as read
                    http = await stack.enter_async_context(limit.client(config.headers))
                    streams = await stack.enter_async_context(
                        streamable_http_client(config.url, http_client=http, max_sse_event_size=limit.limit)
                    )
                else:
                    from mcp.client.stdio import StdioServerParameters, stdio_client

                    params = StdioServerParameters(
                        command=config.command,
                        args=list(config.args),
                        env=self._environment(config),
                        cwd=config.cwd or None,
                    )
                    if self._spawning is None:
                        self._spawning = asyncio.Lock()
                    async with self._spawning:
                        before = child_sessions()
                        try:
                            streams = await stack.enter_async_context(
                                stdio_client(params, errlog=log.writer())
                            )
                        finally:
                            log.spawned()
                        new = child_sessions() - before
                        server.group = new.pop() if len(new) == 1 else None
                read, write = streams[0], streams[1]
                session = await stack.enter_async_context(ClientSession(read, write))
                async with asyncio.timeout(self._start_timeout):
                    await session.initialize()
                    tools = await self._list_tools(session, config.name)
                server.session = session
                self._set_state(server, ServerState("ready", tools=tools))
                ready.set_result(tools)
                await server.stop.wait()
        except BaseException as error:
            if not ready.done():
                ready.set_exception(error if isinstance(error, Exception) else RuntimeError(_describe(error)))
            elif server.state.state == "ready" and not isinstance(error, asyncio.CancelledError):
                await server.caught_up()
                self._fail(server, error)
            if isinstance(error, asyncio.CancelledError):
                raise
        finally:
            server.session = None
            if server.group is not None:
                # The SDK signals the group only when the server outlives its stdin; a server that exits
                # at once can leave children behind (a shell script's background job, a spawned helper).
                await asyncio.to_thread(end_group, server.group)
            if log is not None:
                log.spawned()  # (an HTTP server, or a start that failed before the spawn)
                # What the server wrote last explains its end: let the copy reach the file.
                await asyncio.to_thread(log.wait, 1.0)

    @staticmethod
    async def _list_tools(session: ClientSession, server: str) -> tuple[McpTool, ...]:
        from mcp_types import PaginatedRequestParams

        tools: list[McpTool] = []
        cursor: str | None = None
        for _page in range(100):
            result = await session.list_tools(
                params=PaginatedRequestParams(cursor=cursor) if cursor else None
            )
            for tool in result.tools:
                schema = tool.input_schema if isinstance(tool.input_schema, dict) else {}
                tools.append(McpTool(server, tool.name, tool.description or "", schema))
            cursor = result.next_cursor
            if not cursor:
                break
        return tuple(tools)

    async def _call(
        self, name: str, tool: str, arguments: dict[str, Any], timeout: float, progress: Progress | None
    ) -> CallOutcome:
        from mcp.shared.exceptions import MCPError

        server = self._servers.get(name)
        session = server.session if server is not None else None
        if server is None or session is None:
            detail = server.state.error if server is not None else "not running"
            return CallOutcome("failed", detail=f"The server {name!r} is not running ({detail}).")

        listener = progress
        limit = server.http_limit
        refused = limit.refused if limit is not None else 0

        async def report(progress: float, total: float | None, message: str | None) -> None:
            if listener is not None:
                listener(progress, total, message)

        try:
            async with asyncio.timeout(timeout):
                result = await session.call_tool(tool, arguments, progress_callback=report)
        except TimeoutError:
            return CallOutcome("timeout", detail=f"No answer after {timeout:g} s.")
        except MCPError as error:
            if limit is not None and limit.refused > refused:
                return CallOutcome("failed", detail=limit.detail(name))
            if error.code == CONNECTION_CLOSED:
                return await self._broken(server, error)
            return CallOutcome(
                "tool_error", ToolResult(({"type": "text", "text": error.message},), is_error=True)
            )
        except asyncio.CancelledError:
            raise
        except Exception as error:
            return await self._broken(server, error)
        plain = _plain_result(result)
        return CallOutcome("tool_error" if plain.is_error else "ok", plain)

    async def _broken(self, server: _Server, error: BaseException) -> CallOutcome:
        """A call failed because the server went away: mark it failed (it can be restarted) and say so."""
        await server.caught_up()  # its last words explain the failure
        self._fail(server, error)
        server.stop.set()
        tail = server.state.stderr_tail
        words = without_url_secrets(_describe(error), server.config)
        detail = f"The server {server.config.name!r} stopped: {words}."
        return CallOutcome("failed", detail=f"{detail} Its last output: {tail[-500:]}" if tail else detail)

    async def _stop(self, name: str, budget: float = STOP_BUDGET) -> None:
        server = self._servers.get(name)
        if server is None:
            return
        server.stop.set()
        owner = server.owner
        if owner is not None and not owner.done():
            try:
                async with asyncio.timeout(budget):
                    await asyncio.shield(owner)
            except (TimeoutError, Exception):
                # The budget is spent: kill what runs, then let the owner unwind (its own stop is bounded,
                # and a dead group makes it quick).
                if server.group is not None:
                    await asyncio.to_thread(end_group, server.group, at_once=True)
                owner.cancel()
                with contextlib.suppress(BaseException):
                    async with asyncio.timeout(0.5):
                        await owner
        if server.state.state != "failed":
            self._set_state(server, replace(ServerState("stopped"), tools=()))
        self._servers.pop(name, None)

    async def _stop_all(self, budget: float) -> None:
        await asyncio.gather(
            *(self._stop(name, budget) for name in list(self._servers)), return_exceptions=True
        )
