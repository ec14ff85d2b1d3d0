"""The key file the user may choose instead of a keyring: private, per gateway, gone with its last key."""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path

import pytest

from app.core.key_file import KEY_FILE_NAME, KeyFileStore
from app.core.key_sources import resolve_key
from app.core.secrets import KeyringAccessError


def test_keys_round_trip_per_account_in_a_private_file_that_goes_with_its_last_key(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        store = KeyFileStore(tmp_path / "config" / KEY_FILE_NAME)

        async def scenario() -> None:
            assert await store.aget("api-key:a.example") is None and not store.exists()
            await store.aset("api-key:a.example", "  sk-aaaa-1111  ")
            await store.aset("api-key:b.example", "sk-bbbb-2222")
            assert await store.aget("api-key:a.example") == "sk-aaaa-1111"
            if os.name == "posix":
                assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
                assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
            resolved = await resolve_key({}, store, "api-key:b.example")
            assert (resolved.key, resolved.source) == ("sk-bbbb-2222", "file")
            await store.adelete("api-key:a.example")
            assert store.exists()
            await store.adelete("api-key:b.example")
            assert not store.exists()

        asyncio.run(scenario())
    finally:
        os.umask(previous)


def test_a_damaged_key_file_is_an_error_not_an_empty_store(tmp_path: Path) -> None:
    path = tmp_path / KEY_FILE_NAME
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(KeyringAccessError):
        asyncio.run(KeyFileStore(path).aget("api-key:a.example"))
