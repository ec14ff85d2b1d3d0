"""The welcome page's buttons: test the gateway, store the key (keyring, key file, this session), the demo."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace as _replace
from typing import Any

from PySide6.QtCore import QObject

from app.core.gemini.models_list import ModelInfo
from app.core.gemini.proxy_route import proxy_applies
from app.core.settings import Settings
from app.qt.controllers.connection_controller import ConnectionController
from app.qt.controllers.key_controller import KeyController
from app.qt.controllers.plain_http_guard import PlainHttpGuard
from app.qt.main_window import MainWindow


class WelcomeFlow(QObject):
    """Acts on the welcome page, shown while there is no key, for the setup controller.

    Args:
        parent: The setup controller.
        window: The main window (its welcome page).
        keys: Stores the key.
        connection: Tests the gateway.
        guard: Asks before a key goes to a remote plain-http:// gateway.
        settings: The settings in force, read when a button is pressed.
        choose: Puts settings in force and saves them; the gateway in them is the user's confirmed choice.
        start_demo: Switches the app to the built-in demo gateway.
    """

    def __init__(
        self,
        parent: QObject,
        window: MainWindow,
        keys: KeyController,
        connection: ConnectionController,
        guard: PlainHttpGuard,
        settings: Callable[[], Settings],
        choose: Callable[[Settings], None],
        start_demo: Callable[[], None],
    ) -> None:
        super().__init__(parent)
        self._window = window
        self._keys = keys
        self._connection = connection
        self._guard = guard
        self._settings = settings
        self._choose = choose
        self._tasks: set[asyncio.Task[Any]] = set()
        welcome = window.welcome
        welcome.set_base_url(settings().base_url)
        welcome.test_requested.connect(self._on_test)
        welcome.test_cancel_requested.connect(connection.cancel_test)
        welcome.save_requested.connect(self._on_save)
        welcome.session_only_requested.connect(self._on_session_only)
        welcome.key_file_requested.connect(self._on_key_file)
        welcome.demo_requested.connect(start_demo)
        connection.test_finished.connect(self._on_test_finished)

    def _on_test(self, base_url: str, key: str) -> None:
        welcome = self._window.welcome
        settings = self._settings()

        def refused() -> None:
            welcome.set_testing(False)
            welcome.show_test_result(False, self._guard.refusal_message(base_url))

        if not self._guard.check(
            base_url,
            self._window,
            lambda: self._on_test(base_url, key),
            refused,
            through_proxy=proxy_applies(base_url, settings.proxy_mode, settings.proxy_url),
        ):
            return
        welcome.set_testing(True)
        self._connection.test_connection(base_url, key, settings.proxy_mode, settings.proxy_url)

    def _on_test_finished(self, ok: bool, message: str, _models: list[ModelInfo]) -> None:
        self._window.welcome.set_testing(False)
        self._window.welcome.show_test_result(ok, message)

    def _on_save(self, base_url: str, key: str) -> None:
        self._choose(_replace(self._settings(), base_url=base_url))
        self._window.welcome.set_saving(True)
        task = asyncio.ensure_future(self._save_key(key))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _save_key(self, key: str) -> None:
        try:
            result = await self._keys.save(key, self._settings().base_url)
        finally:
            self._window.welcome.set_saving(False)
        if not result.ok:
            self._window.welcome.show_save_failed(result.message or "")
        else:
            self._window.welcome.set_keyring_problem("")

    def _on_session_only(self, base_url: str, key: str) -> None:
        self._choose(_replace(self._settings(), base_url=base_url))
        self._keys.keep_for_session(key, base_url)

    def _on_key_file(self, base_url: str, key: str) -> None:
        """The user chose to keep the key in a file only they can read (instead of a keyring)."""
        self._choose(_replace(self._settings(), key_storage="file", base_url=base_url))
        self._keys.use_key_file(True)
        self._on_save(base_url, key)
