"""Tools in the window: the approval card, the conversation's tools button, and changes to Settings → Tools.

The chat controller asks :meth:`ToolController.ask` about function calls; the card shows one call at a time
and each answer is kept: "allow in this conversation" by the tool loop, "always allow" here, in Settings.
Server states come from the MCP host's thread and are re-emitted on the GUI thread.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMenu, QToolButton

from app.core.chat.generation import GenerationSettings
from app.core.json_depth import shown_json
from app.core.store.conversations import ConversationStore
from app.core.texts import Text
from app.core.tools.calls import DECISIONS, CallRecord, Decision, PendingCall
from app.core.tools.credentials import find_credentials, move_credentials, plain_http_secrets
from app.core.tools.export import is_left_out_copy
from app.core.tools.removal import (
    conversation_renaming_server,
    conversation_without_server,
    settings_renaming_server,
    settings_without_server,
)
from app.core.tools.server_secrets import carry_secrets, delete_secrets, write_secrets
from app.core.tools.servers import (
    McpServerConfig,
    ServerConfigError,
    parse_mcp_servers,
    secret_accounts,
    split_secrets,
    unique_name,
)
from app.core.tools.service import ToolService, ToolSettings
from app.qt.async_support import cancel_and_wait
from app.qt.controllers.tool_export import ToolExport
from app.qt.plain_text import shown_literally
from app.qt.recent_folder import RecentFolder
from app.qt.translations import core_text
from app.qt.widgets.tool_approval import ToolApprovalCard
from app.qt.widgets.tool_progress import ToolProgressCard

if TYPE_CHECKING:
    from app.core.tools.host import ServerState
    from app.qt.dialogs.settings_dialog import SettingsDialog
    from app.qt.dialogs.settings_tools_page import ToolsPage

_Report = tuple[float, float | None, str | None]  # a call's progress: done, total or None, message or None


class ToolController(QObject):
    """Asks about calls, keeps approvals, and switches a conversation's tools on and off.

    Args:
        service: The app's tools.
        store: Conversations (a conversation's choice of tools is in its settings).
        card: The approval card of the main window.
        button: The main window's tools button (its menu switches servers for the open conversation).
        progress: The main window's card of running calls.
        current: Returns the open conversation's id.
        save: Saves ``Settings.tools`` (the setup controller's ``save_tools``).
        parent: The owner.
        write_secret: Stores a server's secret value in the keyring (account, value).
        delete_secret: Removes a server's secret value from the keyring (account); bounded in time.
        folder: Where the export's file dialog starts (the folder last used).
    """

    #: A server's state changed (name, ServerState); emitted on the GUI thread.
    server_state_changed = Signal(str, object)
    #: A line for the status bar (a call running): its wording, a function giving it in the current language.
    status = Signal(object)
    _state_from_host = Signal(str, object)

    def __init__(
        self,
        service: ToolService,
        store: ConversationStore,
        card: ToolApprovalCard,
        button: QToolButton,
        progress: ToolProgressCard,
        current: Callable[[], int | None],
        save: Callable[[dict[str, Any]], None],
        parent: QObject | None = None,
        *,
        write_secret: Callable[[str, str], Awaitable[None]] | None = None,
        delete_secret: Callable[[str], Awaitable[None]] | None = None,
        folder: RecentFolder | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._store = store
        self._card = card
        self._button = button
        self._progress = progress
        # Running calls by (conversation id, call's id): server, tool, last progress; the card shows the
        # open conversation's.
        self._running: dict[tuple[int, int], tuple[str, str, _Report | None]] = {}
        self._current = current
        self._save = save
        self._write_secret = write_secret
        self._delete_secret = delete_secret
        self._tasks: set[asyncio.Task[Any]] = set()
        self._pending_import: list[McpServerConfig] = []
        self._page: ToolsPage | None = None
        # Settings → Tools → Export, with or without the secret values.
        self.export = ToolExport(service, folder, self)
        self.export.done.connect(lambda text: self._page.show_import_result(text) if self._page else None)
        self._answer: asyncio.Future[Decision] | None = None
        self._asking = asyncio.Lock()
        card.decided.connect(self._on_decided)
        # Queued: the host calls this from its own thread.
        self._state_from_host.connect(self.server_state_changed, Qt.ConnectionType.QueuedConnection)
        self._menu = QMenu(button)
        self._menu.setObjectName("toolsMenu")
        self._menu.aboutToShow.connect(self._fill_menu)
        button.setMenu(self._menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.refresh_button()

    def host_state_listener(self, name: str, state: ServerState) -> None:
        """Give to ``McpHost(on_state=...)``: any thread."""
        self._state_from_host.emit(name, state)

    # --- approval -----------------------------------------------------------------------------------------

    async def ask(self, conversation_id: int, calls: Sequence[PendingCall]) -> list[Decision]:
        """Ask about each call in turn on the card; a Stop (cancellation) hides it."""
        async with self._asking:  # two conversations asking at once take turns on the one card
            decisions: list[Decision] = []
            try:
                for position, call in enumerate(calls, start=1):
                    loop = asyncio.get_running_loop()
                    self._answer = loop.create_future()
                    self._card.ask(call.server, call.tool, shown_json(call.arguments), position, len(calls))
                    self.say_waiting()
                    decisions.append(await self._answer)
            finally:
                self._answer = None
                self._card.hide()
            return decisions

    def say_waiting(self) -> None:
        """While the card asks, say on the status line that the user's answer is awaited."""
        if self._answer is not None and not self._answer.done():
            self.status.emit(lambda: self.tr("Waiting for your answer: allow or deny the tool call."))

    def call_started(self, conversation_id: int, call: PendingCall) -> None:
        """An approved call runs: say so in the status line and on the card of running calls."""
        self.status.emit(lambda: self.tr("Running {0} on {1}…").format(call.tool, call.server))
        self._running[(conversation_id, id(call))] = (call.server, call.tool, None)
        self.show_running()

    def call_progress(self, conversation_id: int, call: PendingCall, report: _Report) -> None:
        """A running call's server reported progress (done, total or None, message or None)."""
        key = (conversation_id, id(call))
        if key in self._running:  # (a report can arrive after its call ended: queued from the host)
            self._running[key] = (call.server, call.tool, report)
            if conversation_id == self._current():
                self._progress.progress(key, *report)

    def call_finished(self, conversation_id: int, record: CallRecord) -> None:
        """A call ended: its row goes."""
        key = (conversation_id, id(record.pending))
        self._running.pop(key, None)
        self._progress.finished(key)

    def streaming_changed(self, conversation_id: int, streaming: bool) -> None:
        """A reply ended (or was stopped): none of its calls runs any more."""
        if not streaming:
            for key in [k for k in self._running if k[0] == conversation_id]:
                del self._running[key]
            self.show_running()

    def show_running(self) -> None:
        """Show the open conversation's running calls (call when another conversation opens)."""
        self._progress.clear()
        current = self._current()
        for key, (server, tool, report) in self._running.items():
            if key[0] == current:
                self._progress.started(key, server, tool)
                if report is not None:
                    self._progress.progress(key, *report)

    def _on_decided(self, decision: str) -> None:
        answer = self._answer
        if answer is not None and not answer.done() and decision in DECISIONS:
            answer.set_result(decision)

    def remember_always(self, key: str) -> None:
        """Allow ``key`` (``server/tool``) without asking from now on (Settings → Tools can revoke it)."""
        settings = self._service.settings
        if key not in settings.always_allowed:
            self._save_tools(dataclasses.replace(settings, always_allowed=(*settings.always_allowed, key)))

    def revoke_always(self, key: str) -> None:
        """Ask again before ``key`` runs."""
        settings = self._service.settings
        kept = tuple(k for k in settings.always_allowed if k != key)
        self._save_tools(dataclasses.replace(settings, always_allowed=kept))

    def _save_tools(self, settings: ToolSettings) -> None:
        self._save(settings.to_dict())
        self.refresh_button()
        self._show_settings()

    # --- Settings → Tools ---------------------------------------------------------------------------------

    def attach_settings(self, dialog: SettingsDialog) -> None:
        """Fill the Settings dialog's Tools page and act on it (connect to ``settings_opened``)."""
        page = dialog.tools_tab
        self._page = page
        page.import_requested.connect(self._on_import)
        page.credentials_answered.connect(self._on_credentials_answered)
        page.form.saved.connect(lambda old, server, typed: self._spawn(self._save_server(old, server, typed)))
        page.export_requested.connect(self._on_export)
        page.test_requested.connect(lambda name: self._spawn(self._test(name)))
        page.remove_requested.connect(self._on_remove)
        page.enabled_changed.connect(self._on_enabled)
        page.revoke_requested.connect(self.revoke_always)
        page.limits_changed.connect(self._on_limits)
        page.log_requested.connect(
            lambda name: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._service.host.log_path(name))))
        )
        self.server_state_changed.connect(self._show_state)
        dialog.destroyed.connect(self._forget_page)
        for server in self._service.settings.servers:
            self._show_state(server.name, self._service.host.state(server.name))
        self._show_settings()

    def _show_state(self, name: str, state: ServerState) -> None:
        """A server's state on the Tools page, with the tools a request leaves out (too many, too large)."""
        if self._page is not None:
            self._page.set_state(name, state, self._service.left_out(state))

    def _forget_page(self) -> None:
        self._page = None

    def _show_settings(self) -> None:
        page = self._page
        if page is None:
            return
        settings = self._service.settings
        page.set_servers(settings.servers)
        page.set_always_allowed(settings.always_allowed)
        page.set_limits(settings.step_limit, settings.timeout, settings.result_limit)

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def aclose(self) -> None:
        """Cancel the tests and the export still running (at quit)."""
        await cancel_and_wait(self._tasks)
        await self.export.aclose()

    def _on_import(self, text: str) -> None:
        page = self._page
        try:
            servers = parse_mcp_servers(text)
        except ServerConfigError as error:
            if page is not None:
                page.show_import_result(core_text(Text(error.code, server=error.server)))
            return
        found = [(s.name, find_credentials(s)) for s in servers]
        listed = "; ".join(f"{name}: {', '.join(f.label for f in items)}" for name, items in found if items)
        if listed and page is not None:
            self._pending_import = servers  # until the user says whether to move them
            page.ask_about_credentials(listed)
            return
        self._spawn(self._add_servers(servers))

    def _on_credentials_answered(self, move: bool) -> None:
        servers, self._pending_import = self._pending_import, []
        if servers:
            self._spawn(self._add_servers([move_credentials(s) for s in servers] if move else servers))

    async def _add_servers(self, servers: Sequence[McpServerConfig]) -> None:
        settings = self._service.settings
        existing = {s.name: s for s in settings.servers}
        kept: list[McpServerConfig] = []
        renamed: list[str] = []
        failed: list[str] = []
        same: list[str] = []
        for server in servers:
            known = existing.get(server.name)
            if known is not None and is_left_out_copy(known, server):
                same.append(server.name)  # our own export without its values: the stored ones stay
                continue
            if known is not None and not known.same_endpoint(server):
                # A pasted server may reuse a known name while pointing elsewhere: it must not take over that
                # server's approvals ("always allow" is keyed by name), so it gets a name of its own.
                taken = {*existing, *(s.name for s in kept)}
                server = dataclasses.replace(server, name=unique_name(server.name, taken))
                renamed.append(server.name)
            stripped, secrets = split_secrets(server)
            failed += await write_secrets(secrets, self._write_secret)
            kept.append(stripped)
        names = {s.name for s in kept}
        merged = tuple(s for s in settings.servers if s.name not in names) + tuple(kept)
        self._save_tools(dataclasses.replace(settings, servers=merged))
        text = self.tr("Added: {0}.").format(", ".join(sorted(names))) if names else ""
        if same:
            text += " " + self.tr(
                "Already here, unchanged (their secret values stay in the keyring): {0}."
            ).format(", ".join(same))
        text = text.strip()
        if renamed:
            text += " " + self.tr(
                "A server of that name already runs something else, so the new one was renamed: {0}."
            ).format(", ".join(renamed))
        if failed:
            text += " " + self.tr("Could not store in the keyring (enter them again later): {0}.").format(
                ", ".join(failed)
            )
        plain = sorted(s.name for s in kept if plain_http_secrets(s))
        if plain:
            text += " " + self.tr(
                "Sent over plain http:// to another machine, their secrets can be read on the network: {0}."
            ).format(", ".join(plain))
        if self._page is not None:
            self._page.show_import_result(text)
            self._page.json_edit.clear()

    def _on_export(self) -> None:
        if self._page is not None:
            self.export.start(self._page.window())

    async def _save_server(self, old_name: str, server: McpServerConfig, typed: dict[str, str]) -> None:
        """The form saved a server: check it, keep its secrets in the keyring, and apply it."""
        page = self._page
        settings = self._service.settings
        old = next((s for s in settings.servers if s.name == old_name), None) if old_name else None
        try:
            server.validate()
            if server.name != old_name and any(s.name == server.name for s in settings.servers):
                raise ServerConfigError("tools.server.name_taken", server.name)
        except ServerConfigError as error:
            if page is not None:
                page.form.show_error(core_text(Text(error.code, server=error.server)))
            return
        previous = await self._service.with_secrets(old) if old is not None else None
        failed = await carry_secrets(
            old, previous, server, typed, write=self._write_secret, delete=self._delete_secret
        )
        servers = tuple(server if s.name == old_name else s for s in settings.servers)
        updated = dataclasses.replace(settings, servers=servers if old is not None else (*servers, server))
        if old is not None and server.name != old_name:
            # Renamed by the user: the same server, so its approvals and tool choices follow the new name.
            updated = settings_renaming_server(updated, old_name, server.name)
            self._store.rewrite_settings(
                lambda stored: conversation_renaming_server(stored, old_name, server.name)
            )
        self._save_tools(updated)
        if old is not None:
            await self._service.host.stop(old_name)  # the next use starts it as it is now
            if server.name != old_name:
                self._service.host.remove_log(old_name)
        text = self.tr("Saved {0}.").format(server.name)
        if failed:
            text += " " + self.tr("Could not store in the keyring (enter them again later): {0}.").format(
                ", ".join(failed)
            )
        if plain_http_secrets(server):
            text += " " + self.tr(
                "Sent over plain http:// to another machine, their secrets can be read on the network: {0}."
            ).format(server.name)
        if self._page is not None:
            self._page.select_server(server.name)
            self._page.show_import_result(text)
            self._page.form.show_error("")

    async def _test(self, name: str) -> None:
        server = next((s for s in self._service.settings.servers if s.name == name), None)
        if server is not None:
            await self._service.start(server)

    def _on_remove(self, name: str) -> None:
        settings = self._service.settings
        server = next((s for s in settings.servers if s.name == name), None)
        if server is None:
            return
        # Nothing keyed by the name may outlive the server: a later server of that name inherits nothing.
        self._save_tools(settings_without_server(settings, name))
        self._store.rewrite_settings(lambda stored: conversation_without_server(stored, name))
        self._spawn(self._forget(server))

    async def _forget(self, server: McpServerConfig) -> None:
        """Stop a removed server, delete its log, and take its secret values out of the keyring."""
        await self._service.host.stop(server.name)
        # The stop may take seconds: a server added again meanwhile under the same name owns its log and
        # keyring accounts now, and keeps them.
        current = self._service.settings.servers
        if all(s.name != server.name for s in current):
            self._service.host.remove_log(server.name)
        owned = {account for s in current for account in secret_accounts(s).values()}
        accounts = {entry: a for entry, a in secret_accounts(server).items() if a not in owned}
        kept = await delete_secrets(accounts, self._delete_secret)
        text = self.tr("Removed {0}.").format(server.name)
        if kept:
            text += " " + self.tr(
                "Its secret values could not be deleted from the keyring (remove them there): {0}."
            ).format(", ".join(kept))
        if self._page is not None:
            self._page.show_import_result(text)

    def _on_enabled(self, name: str, enabled: bool) -> None:
        settings = self._service.settings
        servers = tuple(
            dataclasses.replace(s, enabled=enabled) if s.name == name else s for s in settings.servers
        )
        self._save_tools(dataclasses.replace(settings, servers=servers))
        if not enabled:
            self._spawn(self._service.host.stop(name))

    def _on_limits(self, step_limit: int, timeout: int, result_limit: int) -> None:
        settings = self._service.settings
        self._save_tools(
            dataclasses.replace(
                settings, step_limit=step_limit, timeout=float(timeout), result_limit=result_limit
            )
        )

    # --- the conversation's tools -------------------------------------------------------------------------

    def refresh_button(self) -> None:
        """Show whether the open conversation has tools on (the header's tools button)."""
        servers = [s for s in self._service.settings.servers if s.enabled]
        self._button.setVisible(bool(servers))
        on = self._service.active_servers(self._selection())
        self._button.setText(self.tr("Tools: {0}").format(len(on)) if on else self.tr("Tools: off"))
        self._button.setProperty("toolsOn", bool(on))
        self._button.setToolTip(
            # Server names come from pasted or imported mcpServers: shown as written, never read as HTML.
            shown_literally(
                self.tr("Tools on in this conversation: {0}").format(", ".join(s.name for s in on))
            )
            if on
            else self.tr("No tools in this conversation")
        )

    def _selection(self) -> tuple[str, ...] | None:
        conversation_id = self._current()
        conversation = self._store.get(conversation_id) if conversation_id is not None else None
        if conversation is None:
            return self._service.settings.default_tools
        return GenerationSettings.from_dict(conversation.settings).mcp_tools

    def _fill_menu(self) -> None:
        self._menu.clear()
        active = {s.name for s in self._service.active_servers(self._selection())}
        for server in self._service.settings.servers:
            if not server.enabled:
                continue
            action = self._menu.addAction(server.name)
            action.setObjectName(f"toolServerAction:{server.name}")
            action.setCheckable(True)
            action.setChecked(server.name in active)
            action.toggled.connect(lambda on, name=server.name: self.set_server_on(name, on))
        self._menu.addSeparator()
        default = self._menu.addAction(self.tr("Use these tools in new conversations"))
        default.setObjectName("toolDefaultAction")
        default.triggered.connect(self.make_default)

    def make_default(self) -> None:
        """New conversations start with the open conversation's servers on."""
        chosen = tuple(s.name for s in self._service.active_servers(self._selection()))
        self._save_tools(dataclasses.replace(self._service.settings, default_tools=chosen))
        self.status.emit(lambda: self.tr("New conversations will use these tools."))

    def set_server_on(self, name: str, on: bool) -> None:
        """Switch a server's tools on or off for the open conversation."""
        conversation_id = self._current()
        conversation = self._store.get(conversation_id) if conversation_id is not None else None
        if conversation is None or conversation_id is None:
            return
        active = [s.name for s in self._service.active_servers(self._selection())]
        chosen = [n for n in active if n != name] + ([name] if on else [])
        settings = GenerationSettings.from_dict(conversation.settings)
        updated = dataclasses.replace(settings, mcp_tools=tuple(chosen))
        self._store.set_settings(conversation_id, {**conversation.settings, **updated.to_dict()})
        self.refresh_button()
