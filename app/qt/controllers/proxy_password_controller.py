"""The proxy's password in the keyring: moved there from an older settings file, read back, kept up to date.

The rules are ``app.core.proxy_password``'s; this controller runs them off the GUI thread (every keyring
call is bounded by a timeout) and tells the user, once, when the keyring cannot hold the password. Without a
keyring the app keeps working: a password already in ``settings.json`` stays there until a keyring takes it,
and a newly typed one is used for this session only. It is never written in clear on the app's own choice.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.core.proxy_credentials import split_password
from app.core.proxy_password import ProxyPasswords
from app.core.secrets import SecretStoreError
from app.core.settings import Settings
from app.core.settings_store import SettingsStore
from app.qt.async_support import cancel_and_wait, spawn
from app.qt.translations import core_text

log = logging.getLogger(__name__)


class ProxyPasswordController(QObject):
    """Keeps the proxy's password where the API key is kept.

    Args:
        passwords: Reads and writes passwords in the secret store in use.
        settings_store: The settings file (it writes an older file's password back until it is moved).
        parent: The QObject parent.

    Signals:
        notice(str): Something the user should know, once per kind and session: the keyring could not take,
            give or store the password.

    Attributes:
        told: What ``notice`` said this session, in order.
    """

    notice = Signal(str)

    def __init__(
        self, passwords: ProxyPasswords, settings_store: SettingsStore, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._passwords = passwords
        self._settings_store = settings_store
        # The proxy URL (password included) whose password is stored where it belongs.
        self._url = ""
        self._told: set[str] = set()
        self.told: list[str] = []
        self._tasks: set[asyncio.Task[Any]] = set()

    async def start(self, settings: Settings) -> Settings:
        """Move an older file's password to the keyring, or read the stored one back; never raises.

        Returns:
            ``settings`` with the proxy's password in its URL, when one is known.
        """
        legacy = self._settings_store.legacy_proxy_url
        if legacy and legacy == settings.proxy_url:
            self._url = legacy
            try:
                await self._passwords.keep("", legacy)
            except SecretStoreError as error:
                log.warning("could not move the proxy password to the keyring: %s", type(error).__name__)
                self._tell(
                    "move",
                    self.tr(
                        "The proxy password stays in the settings file for now: the keyring could not take "
                        "it. %1 It moves to the keyring at a later start, once the keyring works."
                    ),
                    error,
                )
                return settings
            self._settings_store.legacy_proxy_url = ""
            try:
                self._settings_store.save(settings)  # rewritten without it
            except OSError as error:
                log.warning("could not rewrite the settings without the proxy password: %s", error.strerror)
            return settings
        try:
            restored = await self._passwords.restore(settings)
        except SecretStoreError as error:
            log.warning("could not read the proxy password from the keyring: %s", type(error).__name__)
            self._tell(
                "read",
                self.tr(
                    "The proxy password could not be read from the keyring, so the proxy may refuse "
                    "requests. %1 You can enter it again in Settings."
                ),
                error,
            )
            restored = settings
        self._url = restored.proxy_url
        return restored

    def settings_changed(self, settings: Settings) -> None:
        """Store a changed proxy URL's password (and remove the one no longer used), in the background."""
        if settings.proxy_url == self._url:
            return
        old, self._url = self._url, settings.proxy_url
        if self._settings_store.legacy_proxy_url != settings.proxy_url:
            # The file was just written without the older password: nothing of it is left to move.
            self._settings_store.legacy_proxy_url = ""
        spawn(self._keep(old, settings.proxy_url), self._tasks)

    async def _keep(self, old: str, new: str) -> None:
        try:
            await self._passwords.keep(old, new)
        except SecretStoreError as error:
            log.warning("could not store the proxy password in the keyring: %s", type(error).__name__)
            if split_password(new)[1]:
                self._tell(
                    "store",
                    self.tr(
                        "The proxy password could not be stored in the keyring; it is used for this "
                        "session only. %1"
                    ),
                    error,
                )

    def _tell(self, kind: str, text: str, error: SecretStoreError) -> None:
        if kind in self._told:
            return
        self._told.add(kind)
        self.told.append(text.replace("%1", core_text(error.problem())))
        self.notice.emit(self.told[-1])

    async def wait_idle(self) -> None:
        """Wait until every password being stored is stored (or refused)."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def aclose(self, patience: float = 3.0) -> None:
        """At shutdown: let a password being stored get there (for ``patience`` seconds), then cancel."""
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=patience)
        await cancel_and_wait(self._tasks)
