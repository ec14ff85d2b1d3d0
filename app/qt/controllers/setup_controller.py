"""First run, Settings and the model list: where the key and the gateway settings change."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import replace as _replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox

from app.core.chat.connection import ClientProvider, Connection
from app.core.chat.generation import without_local_tool_state
from app.core.gemini.models_list import ModelInfo
from app.core.gemini.proxy_route import proxy_applies
from app.core.secrets import account_for_base_url
from app.core.settings import Settings
from app.core.settings_store import SettingsStore
from app.qt.controllers.connection_controller import ConnectionController, gemini_client_factory
from app.qt.controllers.key_controller import KeyController, KeyState
from app.qt.controllers.key_prompts import KeyPrompts, KeyringStatus
from app.qt.controllers.plain_http_guard import PlainHttpGuard
from app.qt.controllers.settings_save_report import report_settings_save_failure
from app.qt.controllers.welcome_flow import WelcomeFlow
from app.qt.main_window import MainWindow
from app.qt.theme import apply_theme

if TYPE_CHECKING:
    from app.core.demo_exit import DemoExit
    from app.qt.dialogs.settings_dialog import SettingsDialog

KEYRING_PATIENCE = 1.5
"""Seconds the keyring may take before the user is told it is slow and offered the welcome page."""


class SetupController(QObject):
    """Keeps the client, the welcome page, the Settings dialog and the model picker in step.

    Args:
        window: The main window.
        settings_store: Where settings are saved.
        settings: The settings at start.
        keys: Finds, stores and forgets the API key.
        connection: Tests the gateway and lists its models.
        clients: Hands the chat its client; reconfigured whenever the key or the settings change.
        start_demo: Switches the app to the built-in demo gateway.
        leave_demo_folder: Given when the demo runs in a data folder of its own (``--demo``): leaving it
            for a real gateway hands the accepted settings and the key to this callable, which opens the
            user's own folder, instead of switching gateways in the demo's folder.
        confirm_gateway: The stored gateway address was lost (see ``SettingsRepair.gateway_uncertain``): no
            key is used until the user confirms a gateway on the welcome page or in Settings, so a key meant
            for their own gateway never goes to the default one unasked.

    Signals:
        settings_changed(Settings): The settings in force changed (they are saved too, when possible).
        demo_left(): The app left the demo gateway for the user's own (a key and gateway from Settings); the
            window title and the status line no longer mention the demo.
    """

    settings_changed = Signal(object)  # Settings
    demo_left = Signal()
    settings_opened = Signal(object)  # the SettingsDialog, just opened

    def __init__(
        self,
        window: MainWindow,
        settings_store: SettingsStore,
        settings: Settings,
        keys: KeyController,
        connection: ConnectionController,
        clients: ClientProvider,
        start_demo: Callable[[], None],
        confirm_gateway: bool = False,
        leave_demo_folder: Callable[[Settings, str], None] | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._settings_store = settings_store
        self._settings = settings
        self._keys = keys
        self._connection = connection
        self._clients = clients
        self._leave_demo_folder = leave_demo_folder
        self._dialog: SettingsDialog | None = None
        self._demo = False
        self._demo_url = ""
        # The keyring notice this controller put on the status line, cleared once a key is in use.
        self._keyring_status = KeyringStatus(window.status_line)
        # Asks or tells the user when the keyring refuses a key.
        self._key_prompts = KeyPrompts(self)
        # The key typed in Settings while the keyring stores it: it is in use meanwhile (a prompt sent at
        # once goes to the gateway it was typed for), and until the user answers if the keyring refuses it.
        self._pending_key: str | None = None
        self._gateway_unconfirmed = confirm_gateway
        self._tasks: set[asyncio.Task[Any]] = set()
        # Nothing carrying the key goes to a remote plain-http:// gateway before the user agreed.
        self.plain_http_guard = PlainHttpGuard(self)

        # The welcome page's buttons; the settings are read when one is pressed.
        self._welcome = WelcomeFlow(
            self,
            window,
            keys,
            connection,
            self.plain_http_guard,
            settings=lambda: self._settings,
            choose=self._choose_on_welcome,
            start_demo=start_demo,
        )
        window.settings_button.clicked.connect(self.open_settings)
        window.model_picker.refresh_requested.connect(self.refresh_models)
        connection.test_finished.connect(self._on_test_finished)
        connection.models_changed.connect(self._on_models_changed)
        connection.busy_changed.connect(window.model_picker.set_loading)
        connection.refresh_failed.connect(window.status_line.set_state)
        keys.key_state_changed.connect(self._on_key_state)
        keys.forget_failed.connect(self._on_forget_failed)
        # Forgetting the key file's last key ends the choice: keys go to the keyring again.
        keys.key_file_ended.connect(
            lambda: self._save_settings(_replace(self._settings, key_storage="keyring"))
        )

    @property
    def key_box(self) -> QMessageBox | None:
        """The message box about a keyring failure, while shown."""
        return self._key_prompts.box

    @property
    def settings(self) -> Settings:
        """The settings in force."""
        return self._settings

    async def load_key(self, restore: Callable[[Settings], Awaitable[Settings]] | None = None) -> KeyState:
        """Find the key (environment, session, keyring) and show the welcome page if there is none.

        A keyring that keeps the app waiting (an unlock prompt behind another window) gets a notice and the
        welcome page after a moment, so the user can enter a key for this session instead of waiting.
        ``restore`` first adds what else the keyring holds for the settings (the proxy's password).
        """
        # A timer rather than a second task: the lookup stays this coroutine's own await, so cancelling
        # start() cancels it, and nothing else changes when the keyring answers at once.
        slow = asyncio.get_running_loop().call_later(KEYRING_PATIENCE, self._on_keyring_slow)
        try:
            if restore is not None:
                before = self._settings
                restored = await restore(before)
                if self._settings is before:  # settings saved meanwhile are the user's newer choice
                    self._settings = restored
            state = await self._keys.load(self._settings.base_url)
        finally:
            slow.cancel()
        if self._demo:  # the user chose the demo meanwhile; the keyring's answer changes nothing on screen
            return state
        if state.error:
            # The status line names the problem (a chosen session key stays in use: this is news, not a
            # stale notice); the welcome page, if shown, explains it in full and offers the session key.
            self._keyring_status.show(state.error)
        self._window.welcome.set_keyring_problem(state.error or "")
        return state

    def _on_keyring_slow(self) -> None:
        if self._demo:
            return
        text = self.tr(
            "Waiting for the system keyring… An unlock prompt may be open, perhaps behind "
            "another window. You can also enter a key for this session only."
        )
        self._keyring_status.show(text)
        self._window.welcome.set_keyring_problem(text)
        self._window.show_welcome(True)

    def use_demo(self, base_url: str, key: str) -> None:
        """Point the client and the model list at the demo gateway."""
        self._demo = True
        self._demo_url = base_url
        self._keyring_status.forget()  # the demo's own notice replaces it
        self._apply_connection(key, base_url)
        self._window.show_welcome(False)

    def _leave_demo(self, base_url: str) -> str:
        """Switch away from the demo; returns the one sentence that says so (also on the status line)."""
        self._demo = False
        # The title main.py gave the window before the demo changed it (same context, same translation).
        self._window.setWindowTitle(QCoreApplication.translate("MainWindow", "Gemini Desk"))
        ended = self._demo_ended(base_url)
        self._window.status_line.set_state(ended)
        # What the welcome page showed before the demo (another address, a failed test) is stale now.
        self._window.welcome.set_base_url(base_url)
        self._window.welcome.clear_test_result()
        # The demo's scenario models mean nothing to the real gateway; its own list replaces them.
        self._window.model_picker.set_models([])
        self._connection.set_connection(base_url, "", self._settings.proxy_mode, self._settings.proxy_url)
        self._clients.configure(None)
        self.demo_left.emit()
        return ended

    def _demo_ended(self, base_url: str) -> str:
        """The one sentence that says the demo is over (the status line; the keyring prompt's lead)."""
        return self.tr("The demo has ended: requests now go to %1.").replace("%1", base_url)

    def refresh_models(self) -> None:
        """Fetch the gateway's model list again."""
        self._connection.refresh_models()

    # --- key and connection -------------------------------------------------------------------------------

    def _on_key_state(self, state: KeyState) -> None:
        self._window.status_line.show_key_file(state.backend_name if state.source == "file" else None)
        if self._demo:
            if self._dialog is not None:
                self._dialog.set_key_state(state)
            return
        if self._pending_key is not None and state.key != self._pending_key:
            # The keyring refused the key typed in Settings: it stays in use until the user answers.
            if self._dialog is not None:
                self._dialog.set_key_state(state)
            return
        if state.has_key:
            self._keyring_status.clear()
        if self._gateway_unconfirmed:
            self._clients.configure(None)
            self._window.show_welcome(True)
            if self._dialog is not None:
                self._dialog.set_key_state(state)
            return
        if state.key:
            self._apply_connection(state.key)
        else:
            self._clients.configure(None)
        self._window.show_welcome(not state.has_key)
        if self._dialog is not None:
            self._dialog.set_key_state(state)

    def _apply_connection(self, key: str, base_url: str | None = None) -> None:
        settings = self._settings
        target = base_url or settings.base_url
        if not self.plain_http_guard.check(
            target,
            self._window,
            lambda: self._apply_connection(key, base_url),
            lambda: self._window.status_line.set_state(self.plain_http_guard.refusal_message(target)),
            through_proxy=proxy_applies(target, settings.proxy_mode, settings.proxy_url),
        ):
            self._clients.configure(None)  # the chat cannot send anything meanwhile
            return
        connection = Connection.from_settings(settings, key, base_url=base_url)
        self._clients.configure(connection)
        self._connection.set_client_factory(
            gemini_client_factory(settings.connect_timeout, settings.idle_timeout)
        )
        self._connection.set_connection(connection.base_url, key, settings.proxy_mode, settings.proxy_url)
        if not self._connection.cached_models():
            self._connection.refresh_models()

    def _on_models_changed(self, models: list[ModelInfo]) -> None:
        current = self._window.model_picker.current_model()
        self._window.model_picker.set_models(models)
        if current:
            self._window.model_picker.set_current_model(current)
        if self._dialog is not None:
            self._dialog.set_models(models)

    def _choose_on_welcome(self, settings: Settings) -> None:
        """The user chose the gateway in ``settings`` on the welcome page: it is confirmed now."""
        self._gateway_unconfirmed = False
        self._save_settings(settings)

    # --- settings dialog ----------------------------------------------------------------------------------

    def open_settings(self) -> None:
        """Open the Settings dialog (non-modal: never exec() while the loop runs)."""
        if self._dialog is not None:
            self._dialog.raise_()
            self._dialog.activateWindow()
            return
        from app.qt.dialogs.settings_dialog import SettingsDialog  # built on first use, not at start

        dialog = SettingsDialog(self._settings, self._window)
        dialog.set_key_state(self._keys.state)
        dialog.set_models(self._window.model_picker.models())
        if self._demo:
            dialog.set_demo_gateway(self._demo_url, own_folder=self._leave_demo_folder is not None)
        # The key field is read in _on_settings_accepted, together with the gateway it belongs to.
        dialog.settings_accepted.connect(self._on_settings_accepted)
        dialog.key_forgotten.connect(self._keys.start_forget)
        dialog.test_requested.connect(self._on_dialog_test)
        dialog.test_cancel_requested.connect(self._connection.cancel_test)
        dialog.refresh_models_requested.connect(self.refresh_models)
        dialog.finished.connect(self._on_dialog_closed)
        self._dialog = dialog
        self.settings_opened.emit(dialog)
        dialog.open()

    def _on_dialog_closed(self, _result: int) -> None:
        if self._dialog is not None:
            self._key_prompts.parent_closed(self._dialog)  # its box is deleted with it
            self._dialog.deleteLater()
        self._dialog = None

    def _on_test_finished(self, ok: bool, message: str, _models: list[ModelInfo]) -> None:
        if self._dialog is not None:
            self._dialog.set_testing(False)
            self._dialog.show_test_result(ok, message)

    def _on_dialog_test(self, base_url: str, key: str, proxy_mode: str, proxy_url: str) -> None:
        dialog = self._dialog

        def refused() -> None:
            if dialog is not None and dialog is self._dialog:
                dialog.set_testing(False)
                dialog.show_test_result(False, self.plain_http_guard.refusal_message(base_url))

        if not self.plain_http_guard.check(
            base_url,
            dialog or self._window,
            lambda: self._on_dialog_test(base_url, key, proxy_mode, proxy_url),
            refused,
            through_proxy=proxy_applies(base_url, proxy_mode, proxy_url),
        ):
            return
        if self._dialog is not None:
            self._dialog.set_testing(True)
        self._connection.test_connection(base_url, key or (self._keys.state.key or ""), proxy_mode, proxy_url)

    def _on_settings_accepted(self, settings: Settings) -> None:
        key = self._dialog.edited_key() if self._dialog is not None else ""
        if self._demo and key and self._leave_demo_folder is not None:
            # Nothing is written to the demo's folder: the user's own folder gets it all (GeminiDesk).
            self._leave_demo_folder(_replace(settings, tools=self._settings.tools), key)
            return
        base_changed = settings.base_url != self._settings.base_url or self._gateway_unconfirmed
        self._gateway_unconfirmed = False
        # The Tools page saves its changes as they are made: OK keeps them, whatever the dialog started with.
        settings = _replace(settings, tools=self._settings.tools)
        self._save_settings(settings)
        self._window.composer.set_send_key(settings.send_key)
        apply_theme(settings.theme)
        ended = ""
        if self._demo:
            if not key:
                return  # no key for a real gateway yet: the demo goes on
            ended = self._leave_demo(settings.base_url)
        current = self._keys.state
        # Keys are stored per host: the key in the field belongs to the gateway now in force.
        moved = account_for_base_url(settings.base_url) != account_for_base_url(self._keys.base_url)
        typed = bool(key) and key != (current.key or "")
        if current.source == "environment":
            # GEMINI_API_KEY wins over anything stored (the field is read-only then).
            if base_changed:
                self._keys.start_load(settings.base_url)
            elif current.key:
                self._apply_connection(current.key)
        elif current.source == "session" and key and moved and not typed:
            # The user chose not to store this key; it follows the gateway for this session.
            self._keys.keep_for_session(key, settings.base_url)
        elif typed or (key and moved) or ended:
            self._store_key(key, settings.base_url, lead=ended)
        elif base_changed:
            self._keys.start_load(settings.base_url)
        elif current.key:
            self._apply_connection(current.key)

    def carry_from_demo(self, carry: DemoExit) -> None:
        """Apply what the user entered in the demo's Settings to these settings, as OK in Settings would.

        The app has just started on the user's own data folder after leaving a ``--demo`` session. The
        settings changed there apply and are saved (a proxy password goes to the keyring); the key is used
        at once and stored (asked about when the keyring refuses it).
        """
        self._gateway_unconfirmed = False
        settings = carry.applied_to(self._settings)
        self._save_settings(settings)
        self._window.composer.set_send_key(settings.send_key)
        apply_theme(settings.theme)
        ended = self._demo_ended(settings.base_url)
        self._window.status_line.set_state(ended)
        self._store_key(carry.key, settings.base_url, lead=ended)

    def _store_key(self, key: str, base_url: str, *, lead: str = "") -> None:
        """Use ``key`` for ``base_url`` at once, and store it; ``lead`` says what else just happened."""
        self._pending_key = key.strip()
        self._apply_connection(self._pending_key)
        self._window.show_welcome(False)
        task = asyncio.ensure_future(self._store_key_from_settings(key, base_url, lead))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _store_key_from_settings(self, key: str, base_url: str, lead: str) -> None:
        previous = self._keys.state
        try:
            result = await self._keys.save(key, base_url)
        except BaseException:
            self._pending_key = None
            raise
        if result.ok:
            self._pending_key = None
            return
        # Not stored: say why and offer the key for this session; it stays in use until the user answers,
        # and is never silently dropped. Declined, the previous key (for this gateway) or none is used.
        keeps_previous = previous.has_key and self._keys.state.key == previous.key

        def on_answer(use: bool) -> None:
            self._pending_key = None
            if use:
                self._keys.keep_for_session(key, base_url)
            else:
                self._on_key_state(self._keys.state)

        self._key_prompts.ask_after_failed_save(
            self._dialog if self._dialog is not None else self._window,
            lead=lead,
            detail=result.message or "",
            keeps_previous=keeps_previous,
            on_answer=on_answer,
        )

    def _on_forget_failed(self, message: str) -> None:
        self._key_prompts.report_failed_forget(
            self._dialog if self._dialog is not None else self._window, message
        )

    def save_generation_defaults(self, defaults: dict[str, Any]) -> None:
        """Make ``defaults`` the generation settings new conversations start with, and save them.

        Raises:
            OSError: The settings file could not be written.
        """
        kept = without_local_tool_state(defaults)
        self._save_settings(_replace(self._settings, generation_defaults=kept), report=False)

    def save_tools(self, tools: dict[str, Any]) -> None:
        """Save the tool settings (MCP servers without their secrets, approvals, limits); reports failures."""
        self._save_settings(_replace(self._settings, tools=dict(tools)))

    def save_font_size(self, size: int | None) -> None:
        """Remember the transcript's text size (changed with the zoom shortcuts); None is the default size.

        Raises:
            OSError: The settings file could not be written.
        """
        self._save_settings(_replace(self._settings, font_size=size), report=False)

    def save_update_check(self, when: float) -> None:
        """Remember when the release feed was last asked (at most one check a day).

        Raises:
            OSError: The settings file could not be written.
        """
        self._save_settings(_replace(self._settings, last_update_check=when), report=False)

    def _save_settings(self, settings: Settings, *, report: bool = True) -> None:
        """Put ``settings`` in force and write them.

        Args:
            settings: The new settings; they apply even when the file cannot be written.
            report: Tell the user when writing fails; otherwise raise, for callers that report it.

        Raises:
            OSError: Only with ``report=False``: the file could not be written.
        """
        self._settings = settings
        try:
            self._settings_store.save(settings)
        except OSError as error:
            if not report:
                raise
            report_settings_save_failure(self._window, error, self._settings_store.path)
        finally:
            self.settings_changed.emit(settings)
