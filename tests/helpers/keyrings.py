"""Keyring backends for tests: real ``KeyringBackend`` subclasses, and a way to make one the app's keyring.

In the test process, ``tests.helpers.setup_steps.use_keyring(backend)`` makes a backend the one every
``KeyStore()`` of the app picks.
An app process under test picks one by name: ``PYTHON_KEYRING_BACKEND=tests.helpers.keyrings.LockedKeyring``.

* ``MemoryKeyring``: works; keeps secrets in memory (nothing is written anywhere, so it cannot hide a leak
  from a test that greps the app's files) and records every call.
* ``LockedKeyring``: every call fails as a locked keyring whose unlock prompt was dismissed.
* ``HangingKeyring``: every call blocks, like an unlock prompt nobody answers, until ``release`` is set (then
  it carries on as a memory keyring) or ``HANG_SECONDS`` pass (then it fails as locked).
"""

from __future__ import annotations

import os
import threading

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import KeyringLocked, PasswordDeleteError

from app.core.secrets import SERVICE_NAME, account_for_base_url

HANG_SECONDS = 120.0


class MemoryKeyring(KeyringBackend):
    """A working keyring backend that keeps secrets in a dict and records every call.

    Every backend class registers itself with keyring; a viable one would join keyring's default chain for the
    rest of the test run. So these backends are viable only in a process that names one of them in
    ``PYTHON_KEYRING_BACKEND``; anywhere else their priority raises.
    """

    @properties.classproperty
    def priority(cls) -> float:
        if os.environ.get("PYTHON_KEYRING_BACKEND") == f"{cls.__module__}.{getattr(cls, '__name__', '')}":
            return 1.0
        raise RuntimeError("test double")

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}
        self.calls: list[str] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.calls.append("get")
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls.append("set")
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.calls.append("delete")
        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")

    def stored(self, base_url: str) -> str | None:
        """The key stored for ``base_url``'s host, as the app names its keyring entries."""
        return self.secrets.get((SERVICE_NAME, account_for_base_url(base_url)))


class LockedKeyring(MemoryKeyring):
    """A keyring that stays locked: every call fails."""

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringLocked("the collection is locked and unlocking was dismissed")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringLocked("the collection is locked and unlocking was dismissed")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringLocked("the collection is locked and unlocking was dismissed")


class HangingKeyring(MemoryKeyring):
    """Every call blocks, like a Secret Service unlock prompt that nobody answers."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def _hang(self) -> None:
        if not self.release.wait(HANG_SECONDS):
            raise KeyringLocked("the unlock prompt was never answered")

    def get_password(self, service: str, username: str) -> str | None:
        self._hang()
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        self._hang()
        super().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        self._hang()
        super().delete_password(service, username)
