"""The API key in a file only the user can read: an explicit choice for systems without a keyring.

Chosen only by the user ("Store the key in a file that only you can read (less safe than a keyring)"), never
as a silent fallback, and shown in the status bar while in use. The file is ``api-keys.json`` in the config
folder: mode 0600 in a 0700 folder on POSIX, written atomically. It holds one key per gateway host, under the
same account names as the keyring (``app.core.secrets.account_for_base_url``).

What it protects against: other user accounts on the same computer. What it does not: anything running as
the user, administrators, a disk read without full-disk encryption, backups of the config folder. A keyring
encrypts at rest and may ask before releasing a secret; this file does neither (``docs/SECURITY.md``).

``KeyFileStore`` has the asynchronous methods of ``app.core.secrets.KeyStore`` that the key controller uses,
so either can hold the key.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from app.core.key_sources import KeySource
from app.core.private_files import restrict, write_atomically
from app.core.secrets import DEFAULT_TIMEOUT, KeyringAccessError, clean_secret

KEY_FILE_NAME = "api-keys.json"
_VERSION = 1


class KeyFileStore:
    """API keys in a private JSON file.

    Args:
        path: The file, usually ``config_dir / KEY_FILE_NAME``.
    """

    source: KeySource = "file"

    def __init__(self, path: Path) -> None:
        self.path = path

    def exists(self) -> bool:
        """Whether the file exists (the user chose it at some point and has not forgotten every key)."""
        return self.path.is_file()

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise KeyringAccessError(f"{type(exc).__name__} reading {self.path.name}") from None
        restrict(self.path)  # a copy restored from a backup may have lost its mode
        keys = data.get("keys") if isinstance(data, dict) else None
        if not isinstance(keys, dict):
            return {}
        return {k: v for k, v in keys.items() if isinstance(k, str) and isinstance(v, str) and v}

    def _write(self, keys: dict[str, str]) -> None:
        if not keys:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            return
        payload: dict[str, Any] = {"version": _VERSION, "keys": keys}
        try:
            write_atomically(self.path, json.dumps(payload, indent=1).encode("utf-8"))
        except OSError as exc:
            raise KeyringAccessError(f"{type(exc).__name__} writing {self.path.name}") from None

    async def aget(self, account: str, timeout: float = DEFAULT_TIMEOUT) -> str | None:
        """The key stored for ``account``, or None.

        Raises:
            KeyringAccessError: The file exists but cannot be read.
        """
        return self._read().get(account)

    async def aset(self, account: str, secret: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Store ``secret`` for ``account``.

        Raises:
            ValueError: The secret is empty.
            KeyringAccessError: The file cannot be written.
        """
        keys = self._read()
        keys[account] = clean_secret(secret)
        self._write(keys)

    async def adelete(self, account: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Remove the key of ``account``; the file itself goes with its last key."""
        keys = self._read()
        if keys.pop(account, None) is not None or not keys:
            self._write(keys)

    async def aresolve_backend(self, timeout: float = DEFAULT_TIMEOUT) -> tuple[str, bool]:
        """The store's display name (the file's path) and that it is usable."""
        return str(self.path), True
