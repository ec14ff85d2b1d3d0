"""Every way a reply with tools can end before its request is sent leaves its row ended, never ``streaming``.

The tool servers start before the request is built: a Stop, or a failure, while they do must end the reply
row as a Stop or an error (a row left ``streaming`` looks like an answer still arriving, until a restart).
"""

from __future__ import annotations

import asyncio
import contextlib

from app.core.chat.tool_loop import ToolLoop
from app.core.chat.turn import TurnOutcome, TurnRunner, cancelled_status
from app.core.gemini.client import ClientConfig, GeminiClient, ProxyConfig
from app.core.store.conversations import ConversationStore
from app.core.tools.host import McpHost
from app.core.tools.servers import McpServerConfig
from app.core.tools.service import ToolService, ToolSettings
from app.demo.server import GatewayDouble
from tests.helpers.mcp_servers import stdio_command
from tests.helpers.turn_listeners import QuietToolListener

MODEL = "gemini-3-flash-preview"


def _server(*options: str) -> McpServerConfig:
    command, args = stdio_command(*options)
    return McpServerConfig("slow", command=command, args=args)


def _setup(
    store: ConversationStore, host: McpHost, server: McpServerConfig
) -> tuple[ToolLoop, TurnRunner, int]:
    settings = ToolSettings(servers=(server,))
    service = ToolService(lambda: host, lambda: settings)
    runner = TurnRunner(store)
    conversation = store.create("tools", MODEL, {})
    store.add_message(conversation.id, "user", [{"text": "hello"}], "hello")
    return ToolLoop(store, runner, service), runner, conversation.id


def _client(gateway: GatewayDouble) -> GeminiClient:
    return GeminiClient(
        ClientConfig(base_url=gateway.base_url, api_key="test-key", proxy=ProxyConfig(mode="none"))
    )


def test_stop_while_the_tool_server_starts_ends_the_reply_as_stopped(
    store: ConversationStore, gateway: GatewayDouble, host: McpHost
) -> None:
    loop, runner, conversation_id = _setup(store, host, _server("--slow-start=30"))
    reply = runner.begin_reply(conversation_id, MODEL)

    async def scenario() -> None:
        client = _client(gateway)
        try:
            task = asyncio.ensure_future(loop.run(client, conversation_id, reply, MODEL, QuietToolListener()))
            # The server is a new process that waits before it answers: the loop is still starting it.
            await asyncio.sleep(2.0)
            assert not task.done()
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            assert task.cancelled()
        finally:
            await client.aclose()

    asyncio.run(scenario())
    stored = store.get_message(reply.id)
    assert stored is not None and stored.status == "stopped"
    assert not [r for r in gateway.requests if r.path.endswith(":streamGenerateContent")]


def test_a_failure_while_the_tool_servers_start_ends_the_reply_as_an_error(
    store: ConversationStore, gateway: GatewayDouble
) -> None:
    def no_host() -> McpHost:  # the host's thread is built on first use, and may fail to start
        raise RuntimeError("can't start new thread")

    settings = ToolSettings(servers=(_server(),))
    runner = TurnRunner(store)
    loop = ToolLoop(store, runner, ToolService(no_host, lambda: settings))
    conversation = store.create("tools", MODEL, {})
    store.add_message(conversation.id, "user", [{"text": "hello"}], "hello")
    reply = runner.begin_reply(conversation.id, MODEL)

    async def scenario() -> TurnOutcome:
        client = _client(gateway)
        try:
            return await loop.run(client, conversation.id, reply, MODEL, QuietToolListener())
        finally:
            await client.aclose()

    outcome = asyncio.run(scenario())
    assert outcome.status == "error" and outcome.error is not None
    assert "can't start new thread" in str(outcome.error)
    stored = store.get_message(reply.id)
    assert stored is not None and stored.status == "error" and stored.error


def test_only_a_cancellation_of_the_task_itself_counts_as_a_stop() -> None:
    async def scenario() -> tuple[str, str]:
        seen: list[str] = []

        async def waits(future: asyncio.Future[None]) -> None:
            try:
                await future
            except asyncio.CancelledError:
                seen.append(cancelled_status())
                raise

        # Something else cancels what the task awaits (a tool server's call ended on its side).
        elsewhere: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        task = asyncio.ensure_future(waits(elsewhere))
        await asyncio.sleep(0)
        elsewhere.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        # The task itself is cancelled (Stop, Ctrl+C).
        task = asyncio.ensure_future(waits(asyncio.get_running_loop().create_future()))
        await asyncio.sleep(0)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        return seen[0], seen[1]

    assert asyncio.run(scenario()) == ("interrupted", "stopped")
