"""The composition root: parses arguments, builds every service and the window, runs the qasync loop.

Nothing else in the app constructs services; everything receives what it needs from here.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__

if TYPE_CHECKING:
    from app.core.store.db import Database
    from app.demo.server import GatewayDouble

DEMO_KEY = "demo-key"


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
    parser.add_argument("--version", action="version", version=f"gemini-desk {__version__}")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Start Gemini Desk and return its exit status."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    # Imported here so --help and --version answer without loading Qt.
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Gemini Desk")
    app.setOrganizationName("gemini-desk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("gemini-desk")
    app.setQuitOnLastWindowClosed(False)  # the main coroutine decides when to quit, after saving
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        return int(loop.run_until_complete(run(args)))
    finally:
        loop.close()
        asyncio.set_event_loop(None)


async def run(args: argparse.Namespace) -> int:
    """Build the app's services and window, and wait until the window is closed."""
    from app.qt.async_support import install_asyncgen_hooks

    install_asyncgen_hooks()
    from app.qt.gc_guard import GuiThreadCollector

    collector = GuiThreadCollector()
    try:
        app = GeminiDesk(args, os.environ)
    except Exception as error:
        await _show_fatal(error)
        return 1
    try:
        await app.start()
        return await app.wait_closed()
    finally:
        await app.shutdown()
        collector.stop()


class GeminiDesk:
    """Every service of one running app, built and connected here and nowhere else."""

    def __init__(self, args: argparse.Namespace, environ: Mapping[str, str]) -> None:
        from app.core.chat.connection import ClientProvider
        from app.core.chat.turn import TurnRunner
        from app.core.model_cache import ModelCache
        from app.core.paths import resolve_paths
        from app.core.secrets import KeyStore
        from app.core.settings import SettingsStore
        from app.core.store.conversations import ConversationStore
        from app.core.store.search import SearchIndex
        from app.qt.controllers.chat_controller import ChatController
        from app.qt.controllers.connection_controller import ConnectionController, gemini_client_factory
        from app.qt.controllers.conversation_settings_controller import ConversationSettingsController
        from app.qt.controllers.export_controller import ExportController
        from app.qt.controllers.key_controller import KeyController
        from app.qt.controllers.setup_controller import SetupController
        from app.qt.controllers.title_controller import TitleController
        from app.qt.controllers.window_controller import WindowController
        from app.qt.main_window import MainWindow
        from app.qt.models.conversation_list_model import ConversationListModel

        self._args = args
        self._environ = environ
        self.paths = resolve_paths(args.data_dir, environ)
        self.settings_store = SettingsStore(self.paths.settings_path)
        self.settings = self.settings_store.load()
        self.database, self.database_notice = _open_database(self.paths.database_path)
        self.store = ConversationStore(self.database)
        self.interrupted_at_start = self.store.mark_streaming_as_interrupted()
        self.search = SearchIndex(self.database)
        self.clients = ClientProvider()
        self.demo: GatewayDouble | None = None
        self.conversations = ConversationListModel(self.store)
        self.window = MainWindow(self.conversations, self.settings.send_key, self.settings.language)
        language = self.presenter_language
        self.keys = KeyController(KeyStore(), environ, self.settings.base_url, language, parent=self.window)
        self.connection = ConnectionController(
            gemini_client_factory(self.settings.connect_timeout, self.settings.idle_timeout),
            ModelCache(self.paths.cache_dir),
            language,
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
            language,
        )
        self.chat = ChatController(self.store, TurnRunner(self.store), self.clients.get)
        self.presenter = WindowController(
            self.window,
            self.store,
            self.search,
            self.chat,
            default_model=self.settings.default_model,
            default_settings=dict(self.settings.generation_defaults),
            lang=_ui_language(self.settings.language),
        )
        self.conversation_settings = ConversationSettingsController(
            self.window, self.store, self.presenter, self.setup, language
        )
        self.titles = TitleController(self.store, self.chat, self.clients.get, self.conversations, self.chat)
        self.exports = ExportController(self.window, self.store, self.database, self.presenter, language)
        self.setup.settings_changed.connect(
            lambda settings: self.presenter.set_default_settings(settings.generation_defaults)
        )
        self._closed: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self.window.close_requested.connect(self._on_close_requested)

    async def start(self) -> None:
        """Show the window, then find the key (off the GUI thread) and open the last conversation."""
        from PySide6.QtCore import QByteArray

        from app.qt.theme import apply_theme

        state = self.settings.window
        if state.geometry:
            self.window.restoreGeometry(QByteArray.fromBase64(state.geometry.encode("ascii")))
        if len(state.splitter_sizes) == 2:
            self.window.splitter.setSizes(list(state.splitter_sizes))
        apply_theme(self.settings.theme)
        self.window.show()
        if self.database_notice:
            self.window.status_line.set_state(self.database_notice)
        last = self.settings.window.last_conversation_id
        first = self.conversations.conversation_id_at(0)
        target = last if last is not None and self.store.get(last) is not None else first
        if target is not None:
            self.presenter.open_conversation(target)
        if self._args.demo:
            self.start_demo()
        else:
            await self.setup.load_key()

    def start_demo(self) -> None:
        """Use the in-process demo gateway (scripted answers, no key, no network)."""
        from app.demo.server import GatewayDouble

        if self.demo is None:
            self.demo = GatewayDouble(api_key=None, scripted_delay=0.03)
            self.demo.start()
        self.setup.use_demo(self.demo.base_url, DEMO_KEY)
        self.window.setWindowTitle(self.window.tr("Gemini Desk — demo gateway (scripted answers)"))
        self.window.status_line.set_state(
            self.window.tr("Demo gateway on {0}: answers are scripted.").format(self.demo.base_url)
        )

    @property
    def presenter_language(self) -> str:
        """``en`` or ``zh``."""
        return _ui_language(self.settings.language)

    def _on_close_requested(self) -> None:
        if not self._closed.done():
            self._closed.set_result(0)

    async def wait_closed(self) -> int:
        """Wait until the user closes the window."""
        return await self._closed

    async def shutdown(self) -> None:
        """Stop streams (their partial answers are stored), save settings, close everything."""
        import dataclasses

        await self.chat.shutdown()
        self.titles.cancel_all()
        self.keys.cancel_all()
        self.connection.cancel()
        current = self.presenter.current_conversation
        window_state = dataclasses.replace(
            self.setup.settings.window,
            geometry=bytes(self.window.saveGeometry().toBase64().data()).decode("ascii"),
            splitter_sizes=tuple(self.window.splitter.sizes()),
            last_conversation_id=current,
        )
        self.settings_store.save(dataclasses.replace(self.setup.settings, window=window_state))
        self.presenter.save_draft()
        await self.clients.aclose()
        if self.demo is not None:
            self.demo.stop()
        self.window.allow_close()
        self.window.close()
        self.database.close()


async def _show_fatal(error: Exception) -> None:
    """Tell the user why the app cannot start (a database from a newer version, an unwritable folder…)."""
    from PySide6.QtWidgets import QMessageBox

    from app.qt.async_support import signal_future

    message = str(error)
    hint = getattr(error, "hint", "")
    print(f"gemini-desk: {message} {hint}".strip(), file=sys.stderr)
    box = QMessageBox(QMessageBox.Icon.Critical, "Gemini Desk", message)
    if hint:
        box.setInformativeText(hint)
    finished = signal_future(box.finished)
    box.open()  # never exec() inside a coroutine
    await finished


def _ui_language(setting: str) -> str:
    if setting != "system":
        return "zh" if setting.startswith("zh") else "en"
    from PySide6.QtCore import QLocale

    return "zh" if QLocale.system().name().startswith("zh") else "en"


def _open_database(path: Path) -> tuple[Database, str | None]:
    """Open the database; a corrupt one is set aside (kept as a backup) and a fresh one started.

    Returns:
        The database, and a message for the user when the old file had to be set aside.
    """
    from app.core.store.db import Database, DatabaseCorruptError, backup_corrupt_file

    try:
        return Database.open(path), None
    except DatabaseCorruptError:
        backup = backup_corrupt_file(path)
        notice = (
            f"The conversation database could not be read and was kept as {backup.name}; "
            "a new, empty database was started."
        )
        return Database.open(path), notice
