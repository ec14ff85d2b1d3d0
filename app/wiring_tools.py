"""The composition root's part for tools (MCP servers): their service, loop, controller and keyring entries.

Only ``app.main`` builds this, in two steps: ``ToolWiring`` before the chat controller (which runs the tool
loop), ``connect`` once the window's controllers exist. The host (the servers' processes) is built when tools
are first used (docs/TOOLS.md); the keyring worker of the servers' secrets ends at ``aclose``.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.core.chat.tool_loop import ToolLoop
    from app.core.chat.turn import TurnRunner
    from app.core.store.conversations import ConversationStore
    from app.core.tools.calls import Decision, PendingCall
    from app.core.tools.host import McpHost
    from app.core.tools.service import ToolService, ToolSettings
    from app.qt.controllers.chat_controller import ChatController
    from app.qt.controllers.setup_controller import SetupController
    from app.qt.controllers.tool_controller import ToolController
    from app.qt.controllers.window_controller import WindowController
    from app.qt.main_window import MainWindow
    from app.qt.recent_folder import RecentFolder


class ToolWiring:
    """The app's tools, built by ``app.main``; ``connect`` completes them once the window's controllers exist.

    Args:
        store: Conversations.
        turns: Runs a reply's turns (the tool loop's rounds).
        log_dir: Where each server's log goes.
        api_key: The API key in use (kept out of the servers' logs).
        tool_settings: ``Settings.tools`` as they are now.
        in_demo: Whether the demo gateway runs (it brings its own tools server).
    """

    def __init__(
        self,
        store: ConversationStore,
        turns: TurnRunner,
        log_dir: Path,
        *,
        api_key: Callable[[], str],
        tool_settings: Callable[[], dict[str, Any]],
        in_demo: Callable[[], bool],
    ) -> None:
        from app.core.chat.tool_loop import ToolLoop
        from app.core.secrets import KeyStore
        from app.core.tools.service import ToolService

        self._store = store
        self._log_dir = log_dir
        self._api_key = api_key
        self._tool_settings = tool_settings
        self._in_demo = in_demo
        # The servers' secret values (mcp/<server>/...), beside the API key's entry; its own keyring worker.
        self.secrets = KeyStore()
        self.service: ToolService = ToolService(self._host, self._settings, read_secret=self.secrets.aget)
        self.loop: ToolLoop = ToolLoop(
            store, turns, self.service, lambda key: self.controller.remember_always(key)
        )
        self.controller: ToolController  # set by connect()

    async def ask(self, conversation_id: int, calls: Sequence[PendingCall]) -> list[Decision]:
        """The chat controller's question before calls run: the approval card's (``ToolController.ask``)."""
        return await self.controller.ask(conversation_id, calls)

    def connect(
        self,
        window: MainWindow,
        chat: ChatController,
        window_controller: WindowController,
        setup: SetupController,
        folder: RecentFolder,
    ) -> ToolController:
        """Build the tools' controller on the window's cards and button, and connect it; returns it."""
        from PySide6.QtCore import Qt

        from app.qt.controllers.tool_controller import ToolController

        self.controller = controller = ToolController(
            self.service,
            self._store,
            window.tool_approval,
            window.tools_button,
            window.tool_progress,
            lambda: window_controller.current_conversation,
            setup.save_tools,
            parent=window,
            write_secret=self.secrets.aset,
            delete_secret=self.secrets.adelete,
            folder=folder,
        )
        setup.settings_opened.connect(controller.attach_settings)
        window_controller.conversation_opened.connect(lambda _id: controller.refresh_button())
        window_controller.conversation_opened.connect(lambda _id: controller.show_running())
        setup.settings_changed.connect(lambda _settings: controller.refresh_button())
        window.language_changed.connect(controller.refresh_button)
        chat.tool_call_started.connect(controller.call_started)
        # Emitted on the MCP host's thread: queued, so the card is only ever touched on the GUI thread.
        chat.tool_call_progress.connect(controller.call_progress, Qt.ConnectionType.QueuedConnection)
        chat.tool_call_finished.connect(controller.call_finished)
        chat.streaming_changed.connect(controller.streaming_changed)
        controller.status.connect(window.status_line.set_state)
        return controller

    async def aclose(self) -> None:
        """Stop every server's process group (off the GUI thread), then end the secrets' keyring worker."""
        await self.controller.aclose()
        # A server may take seconds to stop.
        await asyncio.to_thread(self.service.shutdown)
        self.secrets.close()

    def _host(self) -> McpHost:
        """The MCP host, built when tools are first used (Tools settings, a conversation with tools)."""
        from app.core.tools.host import McpHost

        on_state = self.controller.host_state_listener
        return McpHost(self._log_dir, secrets=lambda: [self._api_key()], on_state=on_state)

    def _settings(self) -> ToolSettings:
        """``Settings.tools``; in the demo, with the bundled demo server as well (for this session only)."""
        from app.core.tools.service import ToolSettings

        settings = ToolSettings.from_dict(self._tool_settings())
        if not self._in_demo() or any(s.name == "demo" for s in settings.servers):
            return settings
        from app.core.tools.servers import McpServerConfig
        from app.demo.mcp_server import server_command

        command, args = server_command()
        demo = McpServerConfig("demo", command=command, args=args)
        return dataclasses.replace(settings, servers=(*settings.servers, demo), session_only=("demo",))
