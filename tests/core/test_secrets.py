"""The keyring wrapper's own logic, against in-process keyring backends (real KeyringBackend subclasses)."""

# keyring's backend constructors are untyped.
# mypy: allow-untyped-calls

from __future__ import annotations

import asyncio
import functools
import re
import threading
import time
import traceback
from collections.abc import Callable, Coroutine, Iterator
from typing import Any, ParamSpec

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import PasswordDeleteError

from app.core.key_sources import ResolvedKey, SessionKeys, resolve_key
from app.core.secrets import (
    ENV_API_KEY,
    InsecureKeyringError,
    KeyringAccessError,
    KeyringLockedError,
    KeyringTimeoutError,
    KeyStore,
    NoKeyringError,
    SecretStoreError,
    account_for_base_url,
    describe_backend,
    is_secure,
    legacy_account,
)
from app.core.texts import render
from tests.helpers.keyrings import LockedKeyring, MemoryKeyring

P = ParamSpec("P")


def run_async(test: Callable[P, Coroutine[Any, Any, None]]) -> Callable[P, None]:
    """Run an async test on a fresh event loop (keeps these tests free of an async pytest plugin)."""

    @functools.wraps(test)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper


CJK = re.compile(r"[\u4e00-\u9fff]")
SECRET = "test-SECRET-do-not-leak-0123456789"
ACCOUNT = "api-key:gateway.test"


class LeakyBackend(MemoryKeyring):
    """Fails with the secret in its own message, as a careless backend might."""

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("boom")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError(f"could not store {password!r} for {username}")

    def delete_password(self, service: str, username: str) -> None:
        raise RuntimeError("boom")


class UndeletableBackend(MemoryKeyring):
    def delete_password(self, service: str, username: str) -> None:
        raise PasswordDeleteError("access denied")


class GatedBackend(MemoryKeyring):
    """A memory backend whose calls block while `gate` is set: an unlock prompt nobody answers."""

    def __init__(self) -> None:
        super().__init__()
        self.gate: threading.Event | None = None

    def get_password(self, service: str, username: str) -> str | None:
        gate = self.gate
        if gate is not None:
            gate.wait(10)  # bounded, so a broken test cannot leave a thread behind forever
        return super().get_password(service, username)


class PlaintextKeyring(MemoryKeyring):
    pass


# Pretend to be the keyrings.alt file backend, which keeps secrets readable on disk.
PlaintextKeyring.__module__ = "keyrings.alt.file"


class EmptyChain(chainer.ChainerBackend):
    # Every backend class registers itself with keyring; a viable chain would win keyring's own backend
    # selection for the rest of this process (and break the real-keyring tests).
    viable = False
    backends: list[KeyringBackend] = []  # noqa: RUF012 - mirrors keyring's class-level property


@pytest.fixture
def gated() -> Iterator[GatedBackend]:
    backend = GatedBackend()
    yield backend
    if backend.gate is not None:
        backend.gate.set()  # let the abandoned worker finish


def _hang(backend: GatedBackend) -> threading.Event:
    backend.gate = threading.Event()
    return backend.gate


def _all_text(error: BaseException) -> str:
    parts = [str(error), "".join(traceback.format_exception(error))]
    if isinstance(error, SecretStoreError):
        parts += [error.detail, render(error.user_message(), "en"), render(error.user_message(), "zh")]
    return "\n".join(parts)


# Round trips ------------------------------------------------------------------------------------------------


def test_sync_round_trip_replace_and_delete() -> None:
    store = KeyStore(MemoryKeyring())

    assert store.get(ACCOUNT) is None
    store.set(ACCOUNT, "first")
    assert store.get(ACCOUNT) == "first"
    store.set(ACCOUNT, "second")
    assert store.get(ACCOUNT) == "second"
    store.delete(ACCOUNT)
    assert store.get(ACCOUNT) is None


def _keyring_workers() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name.startswith("keyring-worker-")}


def test_closing_the_store_ends_its_thread_and_a_later_call_starts_another() -> None:
    before = _keyring_workers()
    store = KeyStore(MemoryKeyring())
    store.set(ACCOUNT, "first")
    (worker,) = _keyring_workers() - before

    store.close()
    worker.join(30)  # a bound on a hang only
    assert not worker.is_alive(), "the keyring worker outlived its store"
    assert store.get(ACCOUNT) == "first"  # a later call is served by a new thread
    (second,) = _keyring_workers() - before
    store.close()
    second.join(30)
    assert not second.is_alive()


@run_async
async def test_async_round_trip_replace_and_delete() -> None:
    store = KeyStore(MemoryKeyring())

    await store.aset(ACCOUNT, "first")
    assert await store.aget(ACCOUNT) == "first"
    await store.aset(ACCOUNT, "second")
    assert await store.aget(ACCOUNT) == "second"
    await store.adelete(ACCOUNT)
    assert await store.aget(ACCOUNT) is None


@run_async
async def test_accounts_and_services_are_kept_apart() -> None:
    backend = MemoryKeyring()
    await KeyStore(backend).aset("api-key:a.test", "key-a")
    await KeyStore(backend, service="other-app").aset("api-key:a.test", "other")

    assert await KeyStore(backend).aget("api-key:a.test") == "key-a"
    assert await KeyStore(backend).aget("api-key:b.test") is None


def test_set_strips_pasted_whitespace_and_refuses_an_empty_key() -> None:
    backend = MemoryKeyring()
    store = KeyStore(backend)

    store.set(ACCOUNT, "  pasted-key\n")
    assert store.get(ACCOUNT) == "pasted-key"
    with pytest.raises(ValueError):
        store.set(ACCOUNT, " \n")
    assert store.get(ACCOUNT) == "pasted-key"


def test_deleting_a_missing_key_is_not_an_error() -> None:
    store = KeyStore(MemoryKeyring())
    store.delete(ACCOUNT)
    assert store.get(ACCOUNT) is None


def test_a_delete_that_really_failed_is_reported() -> None:
    backend = UndeletableBackend()
    store = KeyStore(backend)
    store.set(ACCOUNT, "still-there")

    with pytest.raises(KeyringAccessError):
        store.delete(ACCOUNT)


# Error mapping ----------------------------------------------------------------------------------------------


@run_async
async def test_locked_keyring_raises_keyring_locked_error() -> None:
    store = KeyStore(LockedKeyring())

    with pytest.raises(KeyringLockedError):
        await store.aget(ACCOUNT)
    with pytest.raises(KeyringLockedError):
        await store.aset(ACCOUNT, SECRET)
    with pytest.raises(KeyringLockedError):
        store.delete(ACCOUNT)


@run_async
async def test_fail_backend_raises_no_keyring_error() -> None:
    store = KeyStore(fail.Keyring())

    with pytest.raises(NoKeyringError) as caught:
        await store.aget(ACCOUNT)
    assert not isinstance(caught.value, InsecureKeyringError)
    assert not store.is_secure_backend()
    assert store.backend_name() == "No keyring available"


@pytest.mark.parametrize("backend", [null.Keyring(), EmptyChain()], ids=["null", "empty-chain"])
@run_async
async def test_backends_that_store_nothing_are_unusable(backend: KeyringBackend) -> None:
    store = KeyStore(backend)

    assert not store.is_secure_backend()
    with pytest.raises(NoKeyringError):
        await store.aset(ACCOUNT, SECRET)


@run_async
async def test_plaintext_backend_is_refused_and_never_receives_the_key() -> None:
    backend = PlaintextKeyring()
    store = KeyStore(backend)

    assert not store.is_secure_backend()
    with pytest.raises(InsecureKeyringError):
        await store.aset(ACCOUNT, SECRET)
    with pytest.raises(InsecureKeyringError):
        await store.aget(ACCOUNT)
    assert backend.calls == []
    assert backend.secrets == {}


def test_a_chain_with_one_plaintext_member_is_refused() -> None:
    class MixedChain(chainer.ChainerBackend):
        viable = False  # see EmptyChain
        backends = [MemoryKeyring(), PlaintextKeyring()]  # noqa: RUF012

    assert is_secure(MixedChain()) is False
    assert is_secure(MemoryKeyring()) is True


def test_other_backend_failures_become_access_errors_without_the_secret() -> None:
    store = KeyStore(LeakyBackend())

    with pytest.raises(KeyringAccessError) as caught:
        store.set(ACCOUNT, SECRET)

    error = caught.value
    assert "RuntimeError" in error.detail  # still useful in a log
    assert SECRET not in _all_text(error)
    assert error.__cause__ is None
    assert error.__context__ is None


@run_async
async def test_async_errors_do_not_carry_the_secret_either() -> None:
    with pytest.raises(KeyringAccessError) as caught:
        await KeyStore(LeakyBackend()).aset(ACCOUNT, SECRET)
    assert SECRET not in _all_text(caught.value)


# Timeouts ---------------------------------------------------------------------------------------------------


@run_async
async def test_hanging_keyring_times_out_while_the_event_loop_keeps_running(gated: GatedBackend) -> None:
    store = KeyStore(gated)
    _hang(gated)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.02)
            ticks += 1

    ticking = asyncio.create_task(ticker())
    started = time.monotonic()
    try:
        with pytest.raises(KeyringTimeoutError) as caught:
            await store.aget(ACCOUNT, timeout=0.3)
    finally:
        ticking.cancel()
    elapsed = time.monotonic() - started

    assert 0.25 <= elapsed < 5.0  # gross failure only: the keyring hangs until the test ends
    assert ticks >= 5  # a blocked loop would not have ticked at all
    assert caught.value.timeout == 0.3
    assert "0.3" in render(caught.value.user_message(), "en")
    assert "0.3" in render(caught.value.user_message(), "zh")


def test_sync_call_times_out_too(gated: GatedBackend) -> None:
    store = KeyStore(gated)
    _hang(gated)

    started = time.monotonic()
    with pytest.raises(KeyringTimeoutError):
        store.get(ACCOUNT, timeout=0.3)
    assert time.monotonic() - started < 5.0  # gross failure only: the keyring hangs until the test ends


@run_async
async def test_a_call_after_a_hang_uses_a_fresh_worker(gated: GatedBackend) -> None:
    store = KeyStore(gated)
    gated.secrets[("gemini-desk", ACCOUNT)] = "stored"
    gate = _hang(gated)

    with pytest.raises(KeyringTimeoutError):
        await store.aget(ACCOUNT, timeout=0.3)
    gated.gate = None  # the keyring answers again, but the first call is still stuck

    started = time.monotonic()
    assert await store.aget(ACCOUNT, timeout=10.0) == "stored"
    assert (
        time.monotonic() - started < 5.0
    )  # gross failure only: a stuck worker would make this call time out
    assert not gate.is_set()  # the first call really was still blocked


@run_async
async def test_calls_queued_behind_a_hang_move_to_the_fresh_worker(gated: GatedBackend) -> None:
    store = KeyStore(gated)
    gated.secrets[("gemini-desk", ACCOUNT)] = "stored"
    _hang(gated)

    stuck = asyncio.create_task(store.aget(ACCOUNT, timeout=5.0))
    await asyncio.sleep(0.05)  # the stuck call now occupies the worker
    gated.gate = None
    waiting = asyncio.create_task(store.aget(ACCOUNT, timeout=5.0))  # queued behind it
    with pytest.raises(KeyringTimeoutError):
        await store.aget(ACCOUNT, timeout=0.3)  # this timeout retires the stuck worker

    started = time.monotonic()
    assert await waiting == "stored"
    assert (
        time.monotonic() - started < 4.0
    )  # gross failure only: queued behind the stuck call, it would wait 5 s
    stuck.cancel()


# Backend description ----------------------------------------------------------------------------------------


def test_test_doubles_can_never_become_the_default_backend() -> None:
    import keyring.backend

    viable = {type(b) for b in keyring.backend.get_all_keyring()}
    doubles = {MemoryKeyring, GatedBackend, LockedKeyring, LeakyBackend, PlaintextKeyring, EmptyChain}
    assert not viable & doubles


def test_backend_names_are_human_readable() -> None:
    from keyring.backends import SecretService

    assert "Secret Service" in describe_backend(SecretService.Keyring())
    assert describe_backend(fail.Keyring()) == "No keyring available"
    assert describe_backend(MemoryKeyring())  # falls back to keyring's own name


@run_async
async def test_resolve_backend_reports_name_and_usability() -> None:
    expected = (describe_backend(PlaintextKeyring()), False)
    assert await KeyStore(PlaintextKeyring()).aresolve_backend() == expected
    name, usable = await KeyStore(MemoryKeyring()).aresolve_backend()
    assert usable and name


# Messages ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        SecretStoreError(),
        NoKeyringError(),
        InsecureKeyringError(),
        KeyringLockedError(),
        KeyringTimeoutError(0.3),
        KeyringAccessError(),
    ],
    ids=lambda e: type(e).__name__,
)
def test_every_error_explains_itself_in_english_and_chinese(error: SecretStoreError) -> None:
    english, chinese = render(error.user_message(), "en"), render(error.user_message(), "zh_CN")

    assert str(error) == english
    assert len(english) > 40 and not CJK.search(english)
    assert CJK.search(chinese)
    assert "session" in english  # the way out: keep the key for this session only
    assert "本次运行" in chinese  # "会话" would read as "conversation" in this app


def test_specific_errors_have_specific_advice() -> None:
    assert "GNOME Keyring" in render(NoKeyringError().user_message(), "en")
    assert "unencrypted" in render(InsecureKeyringError().user_message(), "en")
    assert "locked" in render(KeyringLockedError().user_message(), "en")
    distinct = {str(e) for e in (NoKeyringError(), KeyringLockedError(), KeyringAccessError())}
    assert len(distinct) == 3


# Accounts and key resolution --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base_url", "account"),
    [
        ("https://gogogotoken.ai", "api-key:gogogotoken.ai"),
        ("https://GoGoGoToken.ai/prefix", "api-key:gogogotoken.ai"),
        ("http://127.0.0.1:8080", "api-key:http://127.0.0.1:8080"),
        ("HTTP://Gateway.test", "api-key:http://gateway.test"),
        ("gateway.test", "api-key:gateway.test"),
    ],
)
def test_account_is_per_gateway_host_and_plain_http_has_its_own(base_url: str, account: str) -> None:
    assert account_for_base_url(base_url) == account


@run_async
async def test_a_key_saved_for_https_is_not_the_key_of_plain_http_to_the_same_host() -> None:
    backend = MemoryKeyring()
    store = KeyStore(backend)
    await store.aset(account_for_base_url("https://gateway.test"), "sk-for-https")

    for url in ("http://gateway.test", "http://gateway.test:443"):
        resolved = await resolve_key({}, store, account_for_base_url(url), legacy=legacy_account(url))
        assert resolved == ResolvedKey(), url  # nothing to send in clear text
    assert backend.secrets == {("gemini-desk", "api-key:gateway.test"): "sk-for-https"}  # left where it was
    assert legacy_account("https://127.0.0.1:8443") is None


@run_async
async def test_a_plain_http_gateway_on_this_computer_keeps_the_key_saved_under_the_old_name() -> None:
    # Earlier versions named http://127.0.0.1:3000's entry as https's; on this computer no key crosses the
    # network, so it moves to the plain-http name (and forgetting that one forgets it).
    backend = MemoryKeyring()
    backend.secrets[("gemini-desk", "api-key:127.0.0.1:3000")] = "sk-local"
    url = "http://127.0.0.1:3000"

    resolved = await resolve_key({}, KeyStore(backend), account_for_base_url(url), legacy=legacy_account(url))

    assert resolved == ResolvedKey("sk-local", "keyring")
    assert backend.secrets == {("gemini-desk", "api-key:http://127.0.0.1:3000"): "sk-local"}


@run_async
async def test_environment_key_wins_and_the_keyring_is_not_touched() -> None:
    backend = MemoryKeyring()
    backend.secrets[("gemini-desk", ACCOUNT)] = "from-keyring"
    session = SessionKeys()
    session.set(ACCOUNT, "from-session")

    resolved = await resolve_key({ENV_API_KEY: " from-env "}, KeyStore(backend), ACCOUNT, session)

    assert (resolved.key, resolved.source) == ("from-env", "environment")
    assert backend.calls == []
    assert backend.secrets == {("gemini-desk", ACCOUNT): "from-keyring"}


@run_async
async def test_session_key_comes_before_the_keyring() -> None:
    backend = MemoryKeyring()
    backend.secrets[("gemini-desk", ACCOUNT)] = "from-keyring"
    session = SessionKeys()
    session.set(ACCOUNT, "from-session")

    resolved = await resolve_key({ENV_API_KEY: ""}, KeyStore(backend), ACCOUNT, session)

    assert (resolved.key, resolved.source) == ("from-session", "session")
    assert backend.calls == []


@run_async
async def test_keyring_key_is_used_when_nothing_else_is_set() -> None:
    backend = MemoryKeyring()
    backend.secrets[("gemini-desk", ACCOUNT)] = "from-keyring"

    resolved = await resolve_key({}, KeyStore(backend), ACCOUNT, SessionKeys())

    assert resolved == ResolvedKey("from-keyring", "keyring")


@run_async
async def test_no_key_anywhere() -> None:
    assert await resolve_key({}, KeyStore(MemoryKeyring()), ACCOUNT) == ResolvedKey()


@run_async
async def test_a_keyring_failure_is_reported_not_raised() -> None:
    resolved = await resolve_key({}, KeyStore(LockedKeyring()), ACCOUNT, SessionKeys())

    assert resolved.key is None and resolved.source is None
    assert isinstance(resolved.error, KeyringLockedError)


@run_async
async def test_session_key_rescues_a_broken_keyring() -> None:
    session = SessionKeys()
    session.set(ACCOUNT, "typed-now")

    resolved = await resolve_key({}, KeyStore(fail.Keyring()), ACCOUNT, session)

    assert (resolved.key, resolved.source, resolved.error) == ("typed-now", "session", None)


def test_reprs_never_show_keys() -> None:
    session = SessionKeys()
    session.set(ACCOUNT, SECRET)

    assert SECRET not in repr(session)
    assert SECRET not in repr(ResolvedKey(SECRET, "session"))
    session.forget(ACCOUNT)
    assert session.get(ACCOUNT) is None
