"""Where the API key comes from, and storing or forgetting it, without ever freezing the window.

Every keyring call goes through ``KeyStore``'s async API: it runs on the store's worker thread and is bounded
by a timeout, so an unlock prompt nobody answers costs a message, not a hung window. The key itself is never
logged and never written anywhere but the keyring; a key kept "for this session only" lives in memory.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from PySide6.QtCore import QObject, Signal

from app.core.key_file import KeyFileStore
from app.core.key_sources import ResolvedKey, SecretStore, SessionKeys, resolve_key
from app.core.secrets import (
    DEFAULT_TIMEOUT,
    ENV_API_KEY,
    KeyStore,
    SecretStoreError,
    account_for_base_url,
    legacy_account,
)
from app.qt.async_support import cancel_and_wait, spawn
from app.qt.translations import core_text

log = logging.getLogger(__name__)

KeyStateSource = Literal["environment", "session", "keyring", "file", "none"]


@dataclass(frozen=True)
class KeyState:
    """The key in use and where it lives.

    Attributes:
        key: The key, or None when there is none. Never shown in ``repr``.
        source: "environment" (``GEMINI_API_KEY``, session only), "session" (kept in memory for this run),
            "keyring" (stored in the OS keyring), "file" (in the key file the user chose) or "none".
        backend_name: The keyring backend's display name, when known ("" otherwise).
        error: A user-facing message when the keyring could not be used, else None.
    """

    key: str | None = field(default=None, repr=False)
    source: KeyStateSource = "none"
    backend_name: str = ""
    error: str | None = None

    @property
    def has_key(self) -> bool:
        """Whether a key is available."""
        return bool(self.key)

    @property
    def is_saved(self) -> bool:
        """Whether the key survives a restart (keyring and key-file keys do)."""
        return self.source in ("keyring", "file")


@dataclass(frozen=True)
class SaveResult:
    """The outcome of ``KeyController.save``.

    Attributes:
        ok: Whether the key is now stored in the keyring.
        message: Why it failed (user-facing, with advice), or None on success.
    """

    ok: bool
    message: str | None = None


class KeyController(QObject):
    """Loads, stores and forgets the API key of the current gateway.

    Resolution order: ``GEMINI_API_KEY`` from the environment (used for this session, never stored), then a
    key kept for this session, then the keyring, or the key file instead when the user chose it
    (``use_key_file``; never chosen here on the user's behalf).

    Args:
        store: The keyring access.
        environ: The process environment (passed in so tests need not touch ``os.environ``).
        base_url: The current gateway (the keyring account is derived from its host).
        timeout: Seconds to wait for the keyring before giving up.
        key_file: The key file, for users who choose it instead of the keyring.
        use_key_file: Whether the user chose it (the ``key_storage`` setting).
        parent: The QObject parent.

    Signals:
        key_state_changed(KeyState): After every load, save, session choice or forget.
        save_failed(str): Storing the key failed; the message says why and that the key can still be used for
            this session (``keep_for_session``).
        forget_failed(str): Removing the key from the keyring failed.
        key_file_ended(): Forgetting removed the key file's last key: the keyring holds keys again.
    """

    key_state_changed = Signal(object)
    save_failed = Signal(str)
    forget_failed = Signal(str)
    key_file_ended = Signal()

    def __init__(
        self,
        store: KeyStore,
        environ: Mapping[str, str],
        base_url: str,
        timeout: float = DEFAULT_TIMEOUT,
        *,
        parent: QObject | None = None,
        key_file: KeyFileStore | None = None,
        use_key_file: bool = False,
    ) -> None:
        super().__init__(parent)
        self._keyring = store
        self._key_file = key_file
        self._store: SecretStore = key_file if use_key_file and key_file is not None else store
        self._environ = environ
        self._base_url = base_url
        self._timeout = timeout
        self._session = SessionKeys()
        self._state = KeyState()
        self._backend_name = ""
        self._tasks: set[asyncio.Task[Any]] = set()

    # Queries ------------------------------------------------------------------------------------------------

    @property
    def state(self) -> KeyState:
        """The last known state."""
        return self._state

    @property
    def base_url(self) -> str:
        """The gateway whose key is managed."""
        return self._base_url

    @property
    def uses_key_file(self) -> bool:
        """Whether keys are stored in the key file (the user's choice) rather than the keyring."""
        return self._store is self._key_file

    @property
    def secret_store(self) -> SecretStore:
        """Where secrets are stored now: the keyring, or the key file the user chose."""
        return self._store

    def use_key_file(self, enabled: bool) -> None:
        """Store keys in the key file (``enabled``) or in the keyring from now on."""
        store = self._key_file if enabled and self._key_file is not None else self._keyring
        if store is not self._store:
            self._store = store
            self._backend_name = ""

    def env_key_present(self) -> bool:
        """Whether ``GEMINI_API_KEY`` is set (it then wins over any stored key)."""
        return bool(self._environ.get(ENV_API_KEY, "").strip())

    # Async API ----------------------------------------------------------------------------------------------

    async def load(self, base_url: str | None = None) -> KeyState:
        """Find the key for ``base_url`` (default: the current gateway) and emit ``key_state_changed``."""
        if base_url is not None:
            self._base_url = base_url
        account = account_for_base_url(self._base_url)
        legacy = legacy_account(self._base_url)
        resolved = await resolve_key(
            self._environ, self._store, account, self._session, self._timeout, legacy=legacy
        )
        if resolved.key is None and (chosen := self._session.get(account)) is not None:
            # The user chose a key for this session while the keyring was being asked (an unlock prompt
            # nobody answers takes the whole timeout): that choice stands, and the keyring's failure is told.
            resolved = ResolvedKey(chosen, "session", resolved.error)
        error = core_text(resolved.error.user_message()) if resolved.error is not None else None
        if resolved.source in ("keyring", "file") or (resolved.key is None and error is None):
            # The keyring answered, so the backend is resolved and naming it returns at once.
            await self._learn_backend_name()
        return self._set_state(
            KeyState(
                key=resolved.key,
                source=resolved.source or "none",
                backend_name=self._backend_name,
                error=error,
            )
        )

    async def save(self, key: str, base_url: str | None = None) -> SaveResult:
        """Store ``key`` in the keyring for ``base_url`` (default: the current gateway).

        On failure ``save_failed`` is emitted and the result carries the same message; the key is then not in
        use until the caller decides (``keep_for_session``). Meanwhile the previous key stays in use if it
        belongs to the same gateway; after a change of gateway only that gateway's session key (or
        ``GEMINI_API_KEY``) is used.
        """
        key = key.strip()
        if not key:
            message = self.tr("The API key is empty.")
            self.save_failed.emit(message)
            return SaveResult(False, message)
        previous_account = account_for_base_url(self._base_url)
        if base_url is not None:
            self._base_url = base_url
        account = account_for_base_url(self._base_url)
        try:
            await self._store.aset(account, key, self._timeout)
        except SecretStoreError as exc:
            log.warning("could not store the API key in the keyring: %s", type(exc).__name__)
            message = core_text(exc.user_message())
            self._set_state(self._state_after_failed_save(account, account != previous_account, message))
            self.save_failed.emit(message)
            return SaveResult(False, message)
        self._session.forget(account)
        await self._learn_backend_name()
        if self.env_key_present():
            # The environment still wins for this run; the stored key is used once the variable is gone.
            env_key = self._environ[ENV_API_KEY].strip()
            self._set_state(KeyState(env_key, "environment", self._backend_name))
        else:
            self._set_state(KeyState(key, self._store.source, self._backend_name))
        return SaveResult(True)

    def keep_for_session(self, key: str, base_url: str | None = None) -> KeyState:
        """Use ``key`` until the app exits without storing it anywhere."""
        if base_url is not None:
            self._base_url = base_url
        account = account_for_base_url(self._base_url)
        self._session.set(account, key)
        if self.env_key_present():
            return self._set_state(
                KeyState(self._environ[ENV_API_KEY].strip(), "environment", self._backend_name)
            )
        return self._set_state(KeyState(key.strip(), "session", self._backend_name))

    async def forget(self) -> KeyState:
        """Remove the key of the current gateway from the keyring and from this session.

        A key from ``GEMINI_API_KEY`` stays in use (it is not ours to forget). On a keyring failure
        ``forget_failed`` is emitted and the state keeps the keyring key, since it may still be stored.
        """
        account = account_for_base_url(self._base_url)
        self._session.forget(account)
        try:
            await self._store.adelete(account, self._timeout)
        except SecretStoreError as exc:
            log.warning("could not remove the API key from the keyring: %s", type(exc).__name__)
            message = core_text(exc.user_message())
            self.forget_failed.emit(message)
            keep = self._state.key if self._state.source in ("keyring", "file", "environment") else None
            source: KeyStateSource = self._state.source if keep else "none"
            return self._set_state(KeyState(keep, source, self._backend_name, error=message))
        if self._key_file is not None and self.uses_key_file and not self._key_file.exists():
            self.use_key_file(False)
            self.key_file_ended.emit()
        if self.env_key_present():
            return self._set_state(
                KeyState(self._environ[ENV_API_KEY].strip(), "environment", self._backend_name)
            )
        return self._set_state(KeyState(None, "none", self._backend_name))

    # Fire-and-forget entry points for signal connections ---------------------------------------------------

    def start_load(self, base_url: str | None = None) -> asyncio.Task[Any]:
        """Run ``load`` as a task owned by this controller."""
        return spawn(self.load(base_url), self._tasks)

    def start_forget(self) -> asyncio.Task[Any]:
        """Run ``forget`` as a task owned by this controller."""
        return spawn(self.forget(), self._tasks)

    async def aclose(self) -> None:
        """At shutdown: cancel the running tasks, wait a moment for them to end, end the keyring's thread."""
        await cancel_and_wait(self._tasks)
        self._keyring.close()

    # Internals ----------------------------------------------------------------------------------------------

    async def _learn_backend_name(self) -> None:
        if self._backend_name:
            return
        try:
            name, _usable = await self._store.aresolve_backend(self._timeout)
        except SecretStoreError:
            return
        self._backend_name = name

    def _state_after_failed_save(self, account: str, moved: bool, message: str) -> KeyState:
        """The key in use after the keyring refused a new one: the previous key, if it is for this gateway.

        A key kept for another host must not follow the settings to this one (keys are stored per host),
        so after a gateway change only this gateway's own session key, or the environment's, is in use.
        """
        backend = self._backend_name
        if self.env_key_present():
            return KeyState(self._environ[ENV_API_KEY].strip(), "environment", backend, error=message)
        if not moved:
            return KeyState(self._state.key, self._state.source, self._state.backend_name, error=message)
        chosen = self._session.get(account)
        if chosen is not None:
            return KeyState(chosen, "session", backend, error=message)
        return KeyState(None, "none", backend, error=message)

    def _set_state(self, state: KeyState) -> KeyState:
        self._state = state
        self.key_state_changed.emit(state)
        return state
