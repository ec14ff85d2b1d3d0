"""Keyring backends for tests: real ``KeyringBackend`` subclasses that keep secrets in memory."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import PasswordDeleteError

from app.core.secrets import SERVICE_NAME, account_for_base_url


class MemoryKeyring(KeyringBackend):
    """A working keyring backend that keeps secrets in a dict and records every call.

    Every backend class registers itself with keyring; a viable one would join keyring's default chain for
    the rest of the test run, so this one (and every subclass) is never viable: its priority raises.
    """

    @properties.classproperty
    def priority(cls) -> float:
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
