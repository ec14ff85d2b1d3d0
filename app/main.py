"""The composition root: reads the command line's settings and builds every service and the window.

Nothing else in the app constructs services; everything receives what it needs from here. The process
around it (the single-instance claim, the qasync loop, what runs at exit) is ``app.launch``.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import logging
import sys
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from app import __version__

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from app.core.demo_exit import DemoExit
    from app.core.settings import Settings
    from app.demo.server import GatewayDouble
    from app.qt.controllers.update_controller import UpdateController
    from app.qt.dialogs.settings_dialog import SettingsDialog

DEMO_KEY = "demo-key"

_log = logging.getLogger(__name__)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(prog="gemini-desk", description="A desktop chat client for Gemini.")
    parser.add_argument(
        "--demo", action="store_true", help="use a built-in demo gateway with scripted answers"
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="keep all state (database, settings, cache, logs) in DIR (also: GEMINI_DESK_DATA_DIR)",
    )
    parser.add_argument(
        "--self-test",
        nargs="?",
        const="offscreen",
        choices=("offscreen", "display"),
        help="check this installation (database, keyring, demo chat), print a report and exit; 'display' "
        "shows the window on the real display (loads the platform plugin: xcb, wayland, windows, cocoa) "
        "instead of Qt's offscreen platform",
    )
    parser.add_argument("--version", action="version", version=f"gemini-desk {__version__}")
    return parser.parse_args(argv)


class GeminiDesk:
    """Every service of one running app, built and connected here and nowhere else.

    Args:
        args: The command line.
        environ: The process environment.
        update_checks: Ask the release feed (the app's own run only).
        carry: What the user entered in a ``--demo`` session they just left (``leave_demo_folder``).
    """

    def __init__(
        self,
        args: argparse.Namespace,
        environ: Mapping[str, str],
        *,
        update_checks: bool = False,
        carry: DemoExit | None = None,
    ) -> None:
        from app.core.chat.connection import ClientProvider
        from app.core.chat.turn import TurnRunner
        from app.core.key_file import KEY_FILE_NAME, KeyFileStore
        from app.core.logs import AppLogging
        from app.core.model_cache import ModelCache
        from app.core.paths import resolve_paths
        from app.core.proxy_password import ProxyPasswords
        from app.core.secrets import ENV_API_KEY, KeyStore
        from app.core.settings_store import SettingsStore
        from app.core.store.conversations import ConversationStore, worker_store
        from app.core.store.search_worker import SearchWorker
        from app.qt.controllers.attachment_controller import AttachmentController
        from app.qt.controllers.chat_controller import ChatController
        from app.qt.controllers.connection_controller import ConnectionController, gemini_client_factory
        from app.qt.controllers.conversation_settings_controller import ConversationSettingsController
        from app.qt.controllers.export_controller import ExportController
        from app.qt.controllers.find_controller import FindInConversation
        from app.qt.controllers.key_controller import KeyController
        from app.qt.controllers.proxy_password_controller import ProxyPasswordController
        from app.qt.controllers.quota_controller import QuotaController
        from app.qt.controllers.setup_controller import SetupController
        from app.qt.controllers.title_controller import TitleController
        from app.qt.controllers.window_controller import WindowController
        from app.qt.fonts import use_cjk_fonts
        from app.qt.main_window import MainWindow
        from app.qt.models.conversation_list_model import ConversationListModel
        from app.qt.recent_folder import RecentFolder
        from app.qt.settings_notice import settings_notice
        from app.qt.startup_messages import open_database
        from app.qt.theme import apply_theme
        from app.qt.translations import install_language, resolve_language
        from app.wiring_tools import ToolWiring

        self.args = args
        self._environ = environ
        self._carry = carry
        self.demo_exit: DemoExit | None = None  # set when the user leaves a --demo session's own folder
        self._shut_down = False
        self.paths = resolve_paths(args.data_dir, environ, demo=args.demo)
        self.logging = AppLogging(self.paths.log_dir, environ)
        self.logging.add_secret(environ.get(ENV_API_KEY))
        self.settings_store = SettingsStore(self.paths.settings_path)
        self.settings = self.settings_store.load()
        repair = self.settings_store.repair
        # Before any widget exists: widgets translate their texts when they are built. One decision picks
        # both the Qt translations and the language of the core's texts (see translations.core_text).
        carried = carry.changes if carry is not None else {}
        self.ui_language = resolve_language(carried.get("language", self.settings.language))
        self.installed_language = install_language(self.ui_language)
        self.settings_notice = settings_notice(repair)
        self.database, self.database_notice = open_database(self.paths.database_path)
        self.store = ConversationStore(self.database)
        self.interrupted_at_start = self.store.mark_streaming_as_interrupted()
        # Conversations deleted in a session that ended before purging them (a crash) go now.
        self.store.purge_deleted(older_than=time.time())
        self.search = SearchWorker(self.database.path)  # its own thread and connection
        self.clients = ClientProvider()
        self.demo: GatewayDouble | None = None
        self.updates: UpdateController | None = None
        # The app's own run only: tests, benchmarks and the self-test build it without, so never ask the feed.
        self.update_checks = update_checks
        self.notice_box: QMessageBox | None = None  # what start() had to tell the user, if anything
        self.conversations = ConversationListModel(self.store)
        use_cjk_fonts()
        # The theme before the first widget: widgets are built (their icons tinted, the style sheet applied)
        # once, in its colours, instead of being built in the platform's and polished again.
        apply_theme(carried.get("theme", self.settings.theme))
        self.window = MainWindow(self.conversations, self.settings.send_key)
        self.window.data_folder = str(self.paths.data_dir)
        self.keys = KeyController(
            KeyStore(),
            environ,
            self.settings.base_url,
            parent=self.window,
            key_file=KeyFileStore(self.paths.config_dir / KEY_FILE_NAME),
            use_key_file=self.settings.key_storage == "file",
        )
        # Connected before anything else uses a key, so log lines never carry it (debug logging included).
        self.keys.key_state_changed.connect(lambda state: self.logging.add_secret(state.key))
        welcome = self.window.welcome
        for typed in (welcome.test_requested, welcome.save_requested, welcome.session_only_requested):
            typed.connect(lambda _base_url, key: self.logging.add_secret(key))
        self.connection = ConnectionController(
            gemini_client_factory(self.settings.connect_timeout, self.settings.idle_timeout),
            ModelCache(self.paths.cache_dir),
            parent=self.window,
        )
        self.setup = SetupController(
            self.window,
            self.settings_store,
            self.settings,
            self.keys,
            self.connection,
            self.clients,
            self.start_demo,
            confirm_gateway=repair is not None and repair.gateway_uncertain,
            # `--demo` keeps a folder (and settings) of its own: leaving it opens the user's folder.
            leave_demo_folder=self._leave_demo_folder if args.demo else None,
        )
        # The proxy's password lives beside the API key, never in settings.json (docs/SECURITY.md).
        self.proxy_passwords = ProxyPasswordController(
            ProxyPasswords(lambda: self.keys.secret_store), self.settings_store, parent=self.window
        )
        self.proxy_passwords.notice.connect(self.window.status_line.set_state)
        self.setup.settings_changed.connect(self.proxy_passwords.settings_changed)
        database_path = self.database.path
        turns = TurnRunner(self.store, open_worker_store=lambda: worker_store(database_path))
        # Tools: MCP sessions on a thread of their own, the host built on first use (docs/TOOLS.md).
        self.tools = ToolWiring(
            self.store,
            turns,
            self.paths.log_dir,
            api_key=lambda: self.keys.state.key or "",
            tool_settings=lambda: self.setup.settings.tools,
            in_demo=lambda: self.demo is not None,
        )
        self.tool_service = self.tools.service
        self.chat = ChatController(
            self.store, turns, self.clients.get, tools=self.tools.loop, ask=self.tools.ask
        )
        # The composer's paperclip, drops and pastes: files read off the GUI thread, oversized requests asked.
        # Every file dialog starts where the user last chose a file (else home), across starts too.
        self.recent_folder = RecentFolder(self.settings.window.last_folder)
        self.window.transcript.images.folder = self.recent_folder
        self.attachments = AttachmentController.for_composer(self.window.composer, self.recent_folder)
        self.window_controller = WindowController(
            self.window,
            self.store,
            self.search,
            self.chat,
            self.attachments,
            default_model=self.settings.default_model,
            default_settings=dict(self.settings.generation_defaults),
        )
        self.tool_controller = self.tools.connect(
            self.window, self.chat, self.window_controller, self.setup, self.recent_folder
        )
        self.conversation_settings = ConversationSettingsController(
            self.window, self.store, self.window_controller, self.setup
        )
        self.titles = TitleController(
            self.store, self.chat, self.clients.get, self.conversations, parent=self.chat
        )
        # The key's quota: fetched when the connection changes and after replies (throttled), never awaited.
        self.quota = QuotaController(self.clients.get, parent=self.window)
        self.quota.quota_changed.connect(self.window.status_line.show_quota)
        self.clients.add_listener(self.quota.reset)
        self.chat.reply_finished.connect(lambda *_reply: self.quota.refresh())
        self.setup.settings_opened.connect(self._show_quota_in_settings)
        # Ctrl+F, and where an opened search result matched.
        self.find = FindInConversation(self.window, self.window.transcript.finder, parent=self.window)
        self.window_controller.conversation_opened.connect(self.find.conversation_opened)
        self.exports = ExportController(
            self.window, self.store, self.database, self.window_controller, self.recent_folder
        )
        self.setup.settings_changed.connect(
            lambda settings: setattr(
                self.window_controller.defaults, "settings", dict(settings.generation_defaults)
            )
        )
        self.setup.settings_changed.connect(
            lambda settings: self.window.set_transcript_font_size(settings.font_size)
        )
        self.window.font_size_changed.connect(self._on_font_size_changed)
        self.setup.demo_left.connect(self._stop_demo)
        self.setup.settings_changed.connect(lambda _settings: self.start_update_checks())
        # A new language applies at once, like a new theme: every widget hears Qt's LanguageChange.
        self.setup.settings_changed.connect(self._apply_language)
        self._closed: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self.window.close_requested.connect(self._on_close_requested)

    async def start(self) -> None:
        """Show the window, then find the key (off the GUI thread) and open the last conversation."""
        from app.qt.startup import StartupReport, first_frame
        from app.qt.startup_messages import show_notice
        from app.qt.window_state import restore_geometry

        report = StartupReport(self._environ)
        state = self.settings.window
        restore_geometry(self.window, self.window.splitter, state)
        if self._carry is not None and self._carry.geometry:
            from PySide6.QtCore import QByteArray

            self.window.restoreGeometry(QByteArray(self._carry.geometry))  # where the demo's window was
        self.window.set_transcript_font_size(self.settings.font_size)
        self.window.show()
        # Let the window paint once before the slow part (rendering the last conversation, the keyring).
        await first_frame(self.window)
        report.mark("first-frame")
        notices = [text for text in (self.settings_notice, self.database_notice) if text]
        if notices:
            self.window.status_line.set_state(notices[-1])
            self.notice_box = show_notice(self.window, "\n\n".join(notices))
        last = self.settings.window.last_conversation_id
        first = self.conversations.conversation_id_at(0)
        target = last if last is not None and self.store.get(last) is not None else first
        if state.last_model:
            self.window_controller.defaults.model = state.last_model
        if target is not None:
            self.window_controller.open_conversation(target)
        else:
            # The model the first message will go to, rather than an empty picker.
            self.window.model_picker.set_current_model(state.last_model or self.settings.default_model)
        # Typing goes to the message box from the start (the search field came first in the focus chain).
        self.window.composer.editor.setFocus()
        report.mark("conversation-open")
        if self.args.demo:
            self.start_demo()
        else:
            from app.core.gemini.preload import alongside_http_stack

            # A key found starts the model list and quota requests: their HTTP stack is loaded by then.
            restore = self.proxy_passwords.start
            await self.setup.load_key(restore=lambda settings: alongside_http_stack(restore(settings)))
            if self._carry is not None:
                self.setup.carry_from_demo(self._carry)
        self.start_update_checks()

    def start_update_checks(self) -> None:
        """Check the release feed now if due, then daily, unless checks are off.

        Never with ``--demo`` (nothing leaves the machine there), never when the app was built without
        ``update_checks`` or with GEMINI_DESK_NO_UPDATE_CHECK=1 (the test suite sets it for the app processes
        it starts), and only while the Settings switch is on.
        """
        settings = self.setup.settings
        if (
            not self.update_checks
            or self.updates is not None
            or self.args.demo
            or self._environ.get("GEMINI_DESK_NO_UPDATE_CHECK") == "1"
            or not settings.check_updates
        ):
            return
        from app.core.updates.checker import checker_for_this_app
        from app.qt.controllers.update_controller import UpdateController

        checker = checker_for_this_app(settings, self._environ, self.paths.cache_dir / "updates")
        self.updates = UpdateController(
            self.window.update_bar,
            checker,
            last_check=settings.last_update_check,
            remember_check=self.setup.save_update_check,
            environ=self._environ,
            parent=self.window,
        )
        self.updates.quit_requested.connect(self._on_close_requested)
        self.updates.start_daily()

    def start_demo(self) -> None:
        """Use the in-process demo gateway (scripted answers, no key, no network)."""
        from app.demo.server import GatewayDouble

        if self.demo is None:
            self.demo = GatewayDouble(api_key=None, scripted_delay=0.03, record_requests=False)
            # Like the default gateway: new-api's mixed model list and the key's quota.
            self.demo.act_as_new_api()
            self.demo.start()
        self.setup.use_demo(self.demo.base_url, DEMO_KEY)
        self.tool_controller.refresh_button()  # the demo brings its own tools server
        from PySide6.QtCore import QCoreApplication

        translate = QCoreApplication.translate
        self.window.setWindowTitle(translate("GeminiDesk", "Gemini Desk — demo gateway (scripted answers)"))
        self.window.transcript.empty_state.set_demo(True)
        url = self.demo.base_url
        self.window.status_line.set_state(
            lambda: translate("GeminiDesk", "Demo gateway on {0}: answers are scripted.").format(url)
        )

    def _show_quota_in_settings(self, dialog: SettingsDialog) -> None:
        """Settings → Account shows the key's quota, kept current while the dialog is open."""
        dialog.set_quota(self.quota.quota())
        self.quota.quota_changed.connect(dialog.set_quota)
        dialog.quota_refresh_requested.connect(lambda: self.quota.refresh(force=True))

    def _stop_demo(self) -> None:
        """The user left the demo (started from the welcome page) for a real gateway: its server goes."""
        if self.demo is not None:
            self.demo.stop()
            self.demo = None
        self.tool_controller.refresh_button()

    def _leave_demo_folder(self, settings: Settings, key: str) -> None:
        """Settings → OK with a gateway and key in ``--demo``: end this session for the user's own folder.

        The window closes like a quit (``wait_closed`` returns) with ``demo_exit`` set; the caller then runs
        ``app.launch.leave_demo_folder``: the app starts on the user's own folder with what they entered.
        """
        from app.core.demo_exit import DemoExit

        geometry = bytes(self.window.saveGeometry().data())
        self.demo_exit = DemoExit.between(self.settings, settings, key, geometry)
        self._on_close_requested()

    def stay_in_demo(self) -> None:
        """Another copy of the app has the user's own folder (its window came forward): the demo goes on."""
        from PySide6.QtCore import QCoreApplication

        self.demo_exit = None
        self._closed = asyncio.get_running_loop().create_future()
        self.window.status_line.set_state(
            QCoreApplication.translate(
                "GeminiDesk",
                "Gemini Desk is already open with your own conversations: enter your gateway and key there.",
            )
        )

    def _on_font_size_changed(self, size: int) -> None:
        try:
            self.setup.save_font_size(size or None)
        except OSError as error:  # the size still applies to this session
            print(f"gemini-desk: could not save the text size: {error}", file=sys.stderr)

    def _on_close_requested(self) -> None:
        if not self._closed.done():
            self._closed.set_result(0)

    async def wait_closed(self) -> int:
        """Wait until the user closes the window."""
        return await self._closed

    def _apply_language(self, settings: Settings) -> None:
        """Install the translations of the language ``settings`` ask for, if it is another one."""
        from app.qt.translations import install_language, resolve_language

        language = resolve_language(settings.language)
        if language != self.ui_language:
            self.installed_language.remove()
            self.installed_language = install_language(language)
            self.ui_language = language

    async def shutdown(self) -> None:
        """Stop streams (their partial answers are stored), save settings, close everything (once)."""
        from app.qt.window_state import capture_window_state

        if self._shut_down:
            return
        self._shut_down = True
        await self.chat.shutdown()
        # Every MCP server's whole process group, and the keyring worker of their secrets.
        await self.tools.aclose()
        if self.updates is not None:
            await self.updates.aclose()
        await self.titles.aclose()
        await self.quota.aclose()
        await self.proxy_passwords.aclose()
        await self.keys.aclose()
        await self.connection.aclose()
        window_state = capture_window_state(
            self.window,
            self.window.splitter,
            self.setup.settings.window,
            conversation_id=self.window_controller.current_conversation,
            model=self.window.model_picker.current_model(),
            folder=self.recent_folder.remembered,
        )
        try:
            self.settings_store.save(dataclasses.replace(self.setup.settings, window=window_state))
        except OSError as error:  # closing goes on: the database and the streams' answers matter more
            print(f"gemini-desk: could not save the settings: {error}", file=sys.stderr)
        # The panel closes while the store is still open: closing it may discard the conversation it started.
        self.conversation_settings.close_dialog()
        self.window_controller.drafts.save_at_quit()
        # A deleted conversation does not outlive the session.
        self.window_controller.actions.purge_pending_delete()
        await self.clients.aclose()
        if self.demo is not None:
            self.demo.stop()
        self.window.allow_close()
        self.window.close()
        self.search.close()  # its thread's connection first: the last one to close checkpoints the log
        self.database.close()
        self.window.language_changed.disconnect()  # nothing is redrawn from the closed database
        self.installed_language.remove()
        self.logging.close()
