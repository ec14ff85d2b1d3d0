"""The proxy's password is never written to settings.json nor to the copies of a damaged one; it lives in the
store that holds the API key, and a password an older version wrote is kept until the keyring took it."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from pathlib import Path

import pytest

from app.core.key_file import KEY_FILE_NAME, KeyFileStore
from app.core.key_sources import SecretStore
from app.core.proxy_credentials import (
    proxy_account,
    scrub_credentials,
    split_password,
    with_password,
    without_password,
)
from app.core.proxy_password import ProxyPasswords
from app.core.secrets import KeyStore, SecretStoreError
from app.core.settings import Settings, settings_to_dict
from app.core.settings_store import SettingsStore
from tests.helpers.keyrings import LockedKeyring, MemoryKeyring

FULL = "http://alice:pa%40ss:w0rd@proxy.example:3128"
BARE = "http://alice@proxy.example:3128"
PASSWORD = "pa%40ss:w0rd"


@pytest.mark.parametrize(
    ("url", "bare", "password"),
    [
        (FULL, BARE, PASSWORD),
        ("socks5h://bob:x@y@10.0.0.1:1080", "socks5h://bob@10.0.0.1:1080", "x@y"),
        ("http://bob:@proxy:1", "http://bob@proxy:1", ""),
        ("http://bob@proxy:1", "http://bob@proxy:1", ""),
        ("http://proxy:1", "http://proxy:1", ""),
        ("", "", ""),
    ],
)
def test_the_password_comes_out_of_the_url_and_back_unchanged(url: str, bare: str, password: str) -> None:
    assert split_password(url) == (bare, password)
    if password:
        assert with_password(bare, password) == url
    assert with_password("http://proxy:1", "pw") == "http://proxy:1", "no user, nowhere to put it"
    assert proxy_account(url) == "proxy-password:" + bare


def test_a_proxy_password_is_kept_apart_by_scheme() -> None:
    # Like the API key: the password saved for an https:// proxy is not the one of http:// or socks5://.
    accounts = {proxy_account(f"{scheme}://bob@proxy:3128") for scheme in ("https", "http", "socks5")}
    assert len(accounts) == 3


def test_scrubbing_a_broken_file_removes_every_password_and_keeps_the_rest() -> None:
    text = '{"proxy_url": "socks5://u:p@ss@h:1", "base_url": "https://gw.example" , x: http://a:b@c/d'
    scrubbed = scrub_credentials(text)
    assert "p@ss" not in scrubbed and ":b@" not in scrubbed
    assert "socks5://u@h:1" in scrubbed and "http://a@c/d" in scrubbed and "https://gw.example" in scrubbed


def test_settings_are_written_without_the_password(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    store.save(Settings(proxy_mode="url", proxy_url=FULL))
    text = store.path.read_text(encoding="utf-8")
    assert PASSWORD not in text and json.loads(text)["proxy_url"] == BARE
    assert PASSWORD not in repr(Settings(proxy_url=FULL))
    assert settings_to_dict(Settings(proxy_url=FULL), keep_proxy_password=True)["proxy_url"] == FULL


def test_an_older_files_password_is_written_back_until_the_keyring_took_it(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"proxy_mode": "url", "proxy_url": FULL}), encoding="utf-8")
    store = SettingsStore(path)
    settings = store.load()
    assert settings.proxy_url == FULL and store.legacy_proxy_url == FULL
    store.save(dataclasses.replace(settings, theme="dark"))
    assert PASSWORD in path.read_text(encoding="utf-8"), "a save before the move must not lose it"
    # Another proxy typed meanwhile is never written in clear.
    store.save(dataclasses.replace(settings, proxy_url="http://carol:other@proxy.example:1"))
    assert "other" not in path.read_text(encoding="utf-8")
    store.legacy_proxy_url = ""  # the keyring took it
    store.save(settings)
    assert PASSWORD not in path.read_text(encoding="utf-8")


def test_copies_of_a_damaged_settings_file_never_carry_the_password(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    store = SettingsStore(path)
    # A field that cannot be used: the file is copied aside before the repair.
    path.write_text(json.dumps({"proxy_url": FULL, "theme": 5}), encoding="utf-8")
    store.load()
    assert store.repair is not None and store.repair.kept_as
    copy = (tmp_path / store.repair.kept_as).read_text(encoding="utf-8")
    assert PASSWORD not in copy and json.loads(copy)["proxy_url"] == BARE and json.loads(copy)["theme"] == 5
    # Not JSON any more: the file is moved aside, scrubbed.
    path.write_text('{"proxy_url": "' + FULL + '", "theme": ', encoding="utf-8")
    store.load()
    assert store.repair is not None and store.repair.kept_as
    moved = (tmp_path / store.repair.kept_as).read_text(encoding="utf-8")
    assert PASSWORD not in moved and BARE in moved
    # A password the pattern cannot see through (a JSON escape): the copy is written anew, still without it.
    path.write_text(json.dumps({"proxy_url": 'http://alice:pa"ss@proxy:1', "theme": 5}), encoding="utf-8")
    store.load()
    assert store.repair is not None and store.repair.kept_as
    copy = (tmp_path / store.repair.kept_as).read_text(encoding="utf-8")
    assert (
        "pa" not in copy.replace("proxy_url", "") and json.loads(copy)["proxy_url"] == "http://alice@proxy:1"
    )
    assert all(PASSWORD not in p.read_text(encoding="utf-8") for p in tmp_path.iterdir() if p.is_file())


def _stores(tmp_path: Path) -> list[SecretStore]:
    return [KeyStore(backend=MemoryKeyring()), KeyFileStore(tmp_path / KEY_FILE_NAME)]


@pytest.mark.parametrize("kind", [0, 1], ids=["keyring", "key file"])
def test_passwords_are_stored_restored_and_removed_where_the_api_key_is(tmp_path: Path, kind: int) -> None:
    store = _stores(tmp_path)[kind]
    passwords = ProxyPasswords(lambda: store)
    other = "http://bob:second@proxy.example:3128"

    async def scenario() -> None:
        await passwords.keep("", FULL)
        assert await store.aget(proxy_account(BARE)) == PASSWORD
        restored = await passwords.restore(Settings(proxy_url=BARE))
        assert restored.proxy_url == FULL
        assert (await passwords.restore(Settings(proxy_url="http://proxy:1"))).proxy_url == "http://proxy:1"
        # Another user: the new password is stored and the old one removed.
        await passwords.keep(FULL, other)
        assert await store.aget(proxy_account(BARE)) is None
        assert await store.aget(proxy_account(other)) == "second"
        # The password taken out of the URL: removed too.
        await passwords.keep(other, without_password(other))
        assert await store.aget(proxy_account(other)) is None

    asyncio.run(scenario())


def test_a_keyring_that_refuses_raises_and_removes_nothing() -> None:
    backend = MemoryKeyring()
    store = KeyStore(backend=backend)
    backend.secrets[("gemini-desk", proxy_account(BARE))] = PASSWORD
    locked = KeyStore(backend=LockedKeyring())

    async def scenario() -> None:
        with pytest.raises(SecretStoreError):
            await ProxyPasswords(lambda: locked).keep(FULL, "http://bob:x@proxy.example:1")
        with pytest.raises(SecretStoreError):
            await ProxyPasswords(lambda: locked).restore(Settings(proxy_url=BARE))
        assert await store.aget(proxy_account(BARE)) == PASSWORD

    asyncio.run(scenario())
