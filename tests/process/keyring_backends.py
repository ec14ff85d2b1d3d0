"""Keyring backends for app processes under test, chosen with ``PYTHON_KEYRING_BACKEND=<module>.<Class>``.

* ``MemoryKeyring``: works, keeps secrets in the process's memory only (for machines without a Secret Service;
  nothing is written anywhere, so it cannot hide a leak from a test that greps the app's files).
* ``LockedKeyring``: every call fails as a locked keyring whose unlock prompt was dismissed.
* ``HangingKeyring``: every call blocks (an unlock prompt nobody answers) for ``HANG_SECONDS``.
"""

from __future__ import annotations

import threading

import keyring.backend
import keyring.errors

HANG_SECONDS = 120.0


class MemoryKeyring(keyring.backend.KeyringBackend):
    """Secrets in a dict, for one process."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self._secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        """The stored secret, or None."""
        return self._secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        """Store a secret."""
        self._secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        """Remove a secret."""
        if self._secrets.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")


class LockedKeyring(keyring.backend.KeyringBackend):
    """A keyring that stays locked."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        """Fail: locked."""
        raise keyring.errors.KeyringLocked("the collection is locked and unlocking was dismissed")

    def set_password(self, service: str, username: str, password: str) -> None:
        """Fail: locked."""
        raise keyring.errors.KeyringLocked("the collection is locked and unlocking was dismissed")

    def delete_password(self, service: str, username: str) -> None:
        """Fail: locked."""
        raise keyring.errors.KeyringLocked("the collection is locked and unlocking was dismissed")


class HangingKeyring(keyring.backend.KeyringBackend):
    """A keyring whose every call waits for an unlock prompt that nobody answers."""

    priority = 1  # type: ignore[assignment]

    def _hang(self) -> None:
        threading.Event().wait(HANG_SECONDS)
        raise keyring.errors.KeyringLocked("the unlock prompt was never answered")

    def get_password(self, service: str, username: str) -> str | None:
        """Block, then fail."""
        self._hang()
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        """Block, then fail."""
        self._hang()

    def delete_password(self, service: str, username: str) -> None:
        """Block, then fail."""
        self._hang()
