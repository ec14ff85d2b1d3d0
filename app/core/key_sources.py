"""Where the API key in use comes from: the environment, a key kept for this session, or the keyring.

``resolve_key`` is the one order of precedence; ``SessionKeys`` holds keys the user chose to keep for this run
only, in memory. The stored key comes from a ``SecretStore``: the keyring (``app.core.secrets.KeyStore``), or
the key file the user chose instead (``app.core.key_file.KeyFileStore``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Literal, Protocol

from app.core.secrets import DEFAULT_TIMEOUT, ENV_API_KEY, SecretStoreError, clean_secret

log = logging.getLogger(__name__)

KeySource = Literal["environment", "session", "keyring", "file"]


class SecretStore(Protocol):
    """Where keys are stored: the keyring, or the key file."""

    @property
    def source(self) -> KeySource:
        """What ``ResolvedKey.source`` says for a key found here."""
        ...

    async def aget(self, account: str, timeout: float = DEFAULT_TIMEOUT) -> str | None:
        """The key stored for ``account``, or None."""
        ...

    async def aset(self, account: str, secret: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Store ``secret`` for ``account``."""
        ...

    async def adelete(self, account: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Remove the key of ``account``."""
        ...

    async def aresolve_backend(self, timeout: float = DEFAULT_TIMEOUT) -> tuple[str, bool]:
        """The store's display name and whether it can be used."""
        ...


class SessionKeys:
    """Keys the user chose to keep for this run only: in memory, never written anywhere."""

    def __init__(self) -> None:
        self._keys: dict[str, str] = {}

    def get(self, account: str) -> str | None:
        """The session key for ``account``, or None."""
        return self._keys.get(account)

    def set(self, account: str, secret: str) -> None:
        """Keep ``secret`` for ``account`` until the app exits (or ``forget``)."""
        self._keys[account] = clean_secret(secret)

    def forget(self, account: str) -> None:
        """Drop the session key for ``account``, if any."""
        self._keys.pop(account, None)

    def __repr__(self) -> str:
        return f"SessionKeys(accounts={sorted(self._keys)})"


@dataclass(frozen=True)
class ResolvedKey:
    """The key to use and where it came from.

    Attributes:
        key: The key, or None when there is none.
        source: "environment", "session" or "keyring"; None without a key.
        error: Why the keyring could not be read, when it could not (the UI explains it; the user can still
            enter a key for this session).
    """

    key: str | None = field(default=None, repr=False)
    source: KeySource | None = None
    error: SecretStoreError | None = None


async def resolve_key(
    environ: Mapping[str, str],
    store: SecretStore,
    account: str,
    session: SessionKeys | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    legacy: str | None = None,
) -> ResolvedKey:
    """Find the API key: the environment, then this session's key, then the keyring.

    ``GEMINI_API_KEY`` wins and is never written to the keyring. A session key comes before the keyring
    because it is a choice the user made in this very run (for example a different key than the stored one),
    and using it avoids an unlock prompt.

    Args:
        environ: The process environment.
        store: The keyring.
        account: The keyring account, see ``account_for_base_url``.
        session: Keys kept for this session only.
        timeout: Seconds to wait for the keyring.
        legacy: Where the key was stored before ``account`` existed (``app.core.secrets.legacy_account``):
            a key found only there moves to ``account``.

    Returns:
        The key and its source; a keyring failure is reported in ``error`` rather than raised.
    """
    from_env = environ.get(ENV_API_KEY, "").strip()
    if from_env:
        return ResolvedKey(from_env, "environment")
    if session is not None and (from_session := session.get(account)):
        return ResolvedKey(from_session, "session")
    try:
        stored = await store.aget(account, timeout)
        if not stored and legacy is not None:
            stored = await _move(store, legacy, account, timeout)
    except SecretStoreError as exc:
        log.warning("could not read the API key from the keyring: %s", type(exc).__name__)
        return ResolvedKey(error=exc)
    return ResolvedKey(stored, store.source) if stored else ResolvedKey()


async def _move(store: SecretStore, old: str, new: str, timeout: float) -> str | None:
    """The key stored under ``old``, moved to ``new`` (so forgetting the key of ``new`` forgets it)."""
    key = await store.aget(old, timeout)
    if key:
        try:
            await store.aset(new, key, timeout)
            await store.adelete(old, timeout)
        except SecretStoreError as exc:  # used all the same; moved on a later start
            log.warning("could not move the API key to its new keyring entry: %s", type(exc).__name__)
    return key


def detach_environment_key(environ: MutableMapping[str, str]) -> dict[str, str]:
    """A copy of ``environ`` for the app, and ``GEMINI_API_KEY`` removed from ``environ`` itself.

    Programs the app starts (a browser for a link, a file manager) inherit the process environment; the key
    is the app's alone. Removing it from ``os.environ`` also unsets it for the process (``unsetenv``).
    """
    snapshot = dict(environ)
    environ.pop(ENV_API_KEY, None)
    return snapshot
