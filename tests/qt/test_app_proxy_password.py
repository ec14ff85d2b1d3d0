"""The proxy's password in the app: moved from an older settings.json into the real keyring at start, read
back after a restart, stored when Settings change it, and kept in the file (with one notice) when no keyring
can take it.

Every request goes to a proxy on loopback that records what it was sent and hangs up: its
``Proxy-Authorization`` header shows which password the app used. The keyring test uses this OS's real
keyring service (``scripts/dev test`` starts a private gnome-keyring, as for
``tests/core/test_secrets_real_keyring.py``).
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
import qasync
from keyring.backends import fail

from app.core.proxy_credentials import proxy_account
from app.core.secrets import KeyStore
from app.main import GeminiDesk
from tests.helpers.app_harness import run_app, wait_until
from tests.helpers.loopback import LoopbackListener
from tests.helpers.setup_steps import open_settings
from tests.helpers.strict import missing

KEY = "sk-proxy-password-test-0123456789"
GATEWAY = "https://gateway.example"
PASSWORD = "s3cret-Pr0xy-pw"


@pytest.fixture
def proxy() -> Iterator[LoopbackListener]:
    """A proxy that records what each connection sent, then hangs up."""
    recorder = LoopbackListener(hang_up=True)
    yield recorder
    recorder.close()


def _proxy_url(proxy: LoopbackListener, user: str, password: str = "") -> str:
    host = proxy.url.removeprefix("http://")
    return f"http://{user}:{password}@{host}" if password else f"http://{user}@{host}"


def _authorizations(proxy: LoopbackListener) -> set[str]:
    """The user:password pairs the proxy was sent."""
    found = set()
    for head in proxy.heads:
        for line in head.split("\r\n"):
            name, _, value = line.partition(":")
            if name.lower() == "proxy-authorization" and value.strip().startswith("Basic "):
                found.add(base64.b64decode(value.strip()[6:]).decode())
    return found


def _settings_text(data_dir: Path) -> str:
    return (data_dir / "config" / "settings.json").read_text(encoding="utf-8")


def _every_file_text(data_dir: Path) -> str:
    return "".join(p.read_bytes().decode("latin-1") for p in data_dir.rglob("*") if p.is_file())


def _older_settings(proxy: LoopbackListener) -> dict[str, object]:
    """What an older version wrote: the password inside the proxy URL in settings.json."""
    return {"base_url": GATEWAY, "proxy_mode": "url", "proxy_url": _proxy_url(proxy, "alice", PASSWORD)}


@pytest.fixture
def real_keyring() -> Iterator[KeyStore]:
    if os.environ.get("GEMINI_DESK_REAL_KEYRING") != "1":
        missing("needs a real keyring service: set GEMINI_DESK_REAL_KEYRING=1 (scripts/dev test does)")
    store = KeyStore()
    accounts: list[str] = []
    store.accounts = accounts  # type: ignore[attr-defined]  # what the test stored, removed afterwards
    yield store
    for account in accounts:
        store.delete(account)


def test_an_older_files_password_moves_to_the_keyring_and_is_used_after_a_restart(
    qloop: qasync.QEventLoop, tmp_path: Path, proxy: LoopbackListener, real_keyring: KeyStore
) -> None:
    alice = proxy_account(_proxy_url(proxy, "alice"))
    bob = proxy_account(_proxy_url(proxy, "bob"))
    real_keyring.accounts += [alice, bob]  # type: ignore[attr-defined]
    environ = {"GEMINI_API_KEY": KEY}

    async def first_start(desk: GeminiDesk) -> None:
        await wait_until(lambda: _authorizations(proxy), what="a request through the proxy")
        assert _authorizations(proxy) == {f"alice:{PASSWORD}"}
        assert await real_keyring.aget(alice) == PASSWORD
        assert PASSWORD not in _settings_text(tmp_path)
        assert json.loads(_settings_text(tmp_path))["proxy_url"] == _proxy_url(proxy, "alice")
        assert desk.proxy_passwords.told == []

    run_app(qloop, tmp_path, first_start, environ=environ, settings=_older_settings(proxy))
    assert stat.S_IMODE((tmp_path / "config" / "settings.json").stat().st_mode) == 0o600
    assert PASSWORD not in _every_file_text(tmp_path)
    proxy.heads.clear()

    async def after_restart(desk: GeminiDesk) -> None:
        await wait_until(lambda: _authorizations(proxy), what="a request through the proxy")
        assert _authorizations(proxy) == {f"alice:{PASSWORD}"}, "the password comes back from the keyring"
        # A new proxy user in Settings: stored, and the old entry removed.
        dialog = open_settings(desk)
        dialog.proxy_url_edit.setText(_proxy_url(proxy, "bob", "other-Pw-2"))
        dialog.accept()
        await desk.proxy_passwords.wait_idle()
        assert await real_keyring.aget(bob) == "other-Pw-2"
        assert await real_keyring.aget(alice) is None
        assert "other-Pw-2" not in _settings_text(tmp_path)

    run_app(qloop, tmp_path, after_restart, environ=environ)
    assert "other-Pw-2" not in _every_file_text(tmp_path) and PASSWORD not in _every_file_text(tmp_path)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


def test_without_a_keyring_the_password_stays_in_the_file_and_the_user_is_told_once(
    qloop: qasync.QEventLoop, tmp_path: Path, proxy: LoopbackListener, no_keyring: None
) -> None:
    async def body(desk: GeminiDesk) -> None:
        await wait_until(lambda: _authorizations(proxy), what="a request through the proxy")
        assert _authorizations(proxy) == {f"alice:{PASSWORD}"}, "the app keeps working"
        assert len(desk.proxy_passwords.told) == 1
        assert "proxy password stays in the settings file" in desk.proxy_passwords.told[0]
        assert "No system keyring" in desk.proxy_passwords.told[0]
        # Any save keeps it there (it is not lost); a password typed now is for this session only.
        desk.setup.save_font_size(15)
        assert PASSWORD in _settings_text(tmp_path)
        dialog = open_settings(desk)
        dialog.proxy_url_edit.setText(_proxy_url(proxy, "bob", "typed-Pw-3"))
        dialog.accept()
        await desk.proxy_passwords.wait_idle()
        assert len(desk.proxy_passwords.told) == 2 and "this session only" in desk.proxy_passwords.told[1]
        assert desk.window.status_line.state_label.text() == desk.proxy_passwords.told[1]
        proxy.heads.clear()
        desk.setup.refresh_models()
        await wait_until(lambda: _authorizations(proxy), what="a request through the proxy")
        assert _authorizations(proxy) == {"bob:typed-Pw-3"}
        await asyncio.sleep(0)

    run_app(qloop, tmp_path, body, environ={"GEMINI_API_KEY": KEY}, settings=_older_settings(proxy))
    assert "typed-Pw-3" not in _every_file_text(tmp_path) and PASSWORD not in _every_file_text(tmp_path)
