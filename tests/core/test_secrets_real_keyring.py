"""KeyStore against the real keyring library and this OS's real keyring service.

These tests run when GEMINI_DESK_REAL_KEYRING=1: on Linux ``scripts/dev test`` sets it inside
``dbus-run-session`` with an unlocked gnome-keyring (the Secret Service); the release workflow's test script
sets it on the macOS runner (the login Keychain) and the Windows runner (Credential Manager). In a strict run
(``GEMINI_DESK_STRICT=1``) they must not be skipped silently: without the variable they fail there.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.secrets import KeyStore, NoKeyringError
from tests.helpers.strict import missing

REPO_ROOT = Path(__file__).resolve().parents[2]
# A separate service name: even a throwaway test keyring should never hold entries that look like the app's.
TEST_SERVICE = "gemini-desk-tests"
# The backend each OS's real keyring service must be (KeyStore.backend_name's words).
EXPECTED_BACKEND = {"darwin": "macOS Keychain", "win32": "Windows Credential Manager"}.get(
    sys.platform, "Secret Service"
)

# Reads one account in a brand-new interpreter, as the app would after a restart.
READ_BACK = textwrap.dedent(
    """
    import sys
    from app.core.secrets import KeyStore
    value = KeyStore(service=sys.argv[1]).get(sys.argv[2], timeout=10.0)
    print("<none>" if value is None else "value:" + value)
    """
)

# Asks the platform's default backend for a key with no D-Bus session at all.
WITHOUT_DBUS = textwrap.dedent(
    """
    from app.core.secrets import KeyStore, SecretStoreError
    from app.core.texts import render
    store = KeyStore(service="gemini-desk-tests")
    try:
        store.get("api-key:nothing.test", timeout=10.0)
    except SecretStoreError as exc:
        print(type(exc).__name__)
        print(render(exc.user_message(), "en"))
    else:
        print("no error")
    """
)


def _has_real_keyring() -> bool:
    return os.environ.get("GEMINI_DESK_REAL_KEYRING") == "1"


def _require_real_keyring() -> None:
    """Called first in each test, so that a strict run without a keyring fails the test, not its setup."""
    if _has_real_keyring():
        return
    missing(
        f"needs a real keyring ({EXPECTED_BACKEND}): set GEMINI_DESK_REAL_KEYRING=1 "
        "(scripts/dev test does on Linux, packaging/run-tests.sh on every OS)"
    )


@pytest.fixture
def account() -> Iterator[str]:
    name = f"api-key:test-{uuid.uuid4().hex}.invalid"
    yield name
    if _has_real_keyring():
        KeyStore(service=TEST_SERVICE).delete(name)  # leave nothing behind, even after a failure


def _read_in_new_process(account: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", READ_BACK, TEST_SERVICE, account],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO_ROOT,
        env=env,
        check=True,
    )
    return done.stdout.strip()


@pytest.mark.keyring
def test_backend_is_this_systems_keyring_service() -> None:
    _require_real_keyring()
    store = KeyStore(service=TEST_SERVICE)

    assert EXPECTED_BACKEND in store.backend_name()
    assert store.is_secure_backend()


@pytest.mark.keyring
def test_key_survives_a_restart_is_replaced_and_deleted(account: str) -> None:
    _require_real_keyring()
    secret_one = f"test-key-one-{uuid.uuid4().hex}"
    secret_two = f"test-key-two-{uuid.uuid4().hex}"

    async def scenario() -> None:
        store = KeyStore(service=TEST_SERVICE)
        assert await store.aget(account) is None

        await store.aset(account, secret_one)
        assert _read_in_new_process(account) == f"value:{secret_one}"

        await store.aset(account, secret_two)
        assert _read_in_new_process(account) == f"value:{secret_two}"
        assert await KeyStore(service=TEST_SERVICE).aget(account) == secret_two

        await store.adelete(account)
        assert _read_in_new_process(account) == "<none>"
        await store.adelete(account)  # deleting again is harmless

    asyncio.run(scenario())


@pytest.mark.keyring
def test_sync_calls_work_against_the_real_service(account: str) -> None:
    _require_real_keyring()
    store = KeyStore(service=TEST_SERVICE)
    store.set(account, "sync-test-value")
    assert store.get(account) == "sync-test-value"
    store.delete(account)
    assert store.get(account) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the D-Bus Secret Service exists on Linux")
def test_without_a_dbus_session_the_error_is_clear_and_quick(tmp_path: Path) -> None:
    dropped = ("DBUS_SESSION_BUS_ADDRESS", "PYTHON_KEYRING_BACKEND")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    # An empty config home: a developer's own keyringrc must not choose the backend for this test.
    env.update(PYTHONPATH=str(REPO_ROOT), XDG_CONFIG_HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path))

    started = time.monotonic()
    command = [sys.executable, "-c", WITHOUT_DBUS]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=REPO_ROOT, env=env)
    elapsed = time.monotonic() - started

    name, _, message = done.stdout.strip().partition("\n")
    assert done.returncode == 0, done.stderr
    assert name == NoKeyringError.__name__
    assert "GNOME Keyring" in message
    assert elapsed < 15
