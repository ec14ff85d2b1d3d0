"""The API key in the operating system's keyring; the only module that imports ``keyring``.

Where a key is stored: service ``"gemini-desk"``, account ``"api-key:<host[:port]>"`` of the normalised
gateway base URL, or ``"api-key:http://<host[:port]>"`` for plain http (see ``account_for_base_url``), so a
user can keep keys for several gateways side by side, and a key saved for ``https://host`` is never the one
sent in clear text to ``http://host``.

Every keyring call runs on a worker thread owned by the ``KeyStore`` and is waited for with a timeout: with a
desktop session the Secret Service may show an unlock prompt that nobody answers, and that call never returns.
The worker is a daemon thread, not the default executor, so a hung call neither blocks interpreter exit nor
later calls: after a timeout the store starts a fresh worker (the stuck one is abandoned).

Only backends that encrypt at rest are used. Plain-text file stores (``keyrings.alt``) and the fail/null
backends are refused rather than silently holding the key in a readable file.

The exception tree; every error has ``user_message()`` with advice (a text of ``app.core.texts``, worded in
the UI language when shown) and never contains the secret::

    SecretStoreError
    ├── NoKeyringError           no usable backend (headless Linux without D-Bus, no Secret Service)
    │   └── InsecureKeyringError the configured backend stores secrets unencrypted
    ├── KeyringLockedError       the keyring is locked or unlocking was dismissed
    ├── KeyringTimeoutError      the call did not return in time (an unanswered unlock prompt)
    └── KeyringAccessError       any other failure
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import itertools
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, TypeVar
from urllib.parse import urlsplit

from app.core.gemini.urls import sends_key_in_clear
from app.core.redaction import redact_text
from app.core.texts import REFERENCE, Text, render

if TYPE_CHECKING:
    import keyring.backend

# keyring is imported on first use, on the store's worker thread: its import (with importlib_metadata,
# urllib.request and email for its entry points) costs about 40 ms, a tenth of start-up, and the key is read
# only after the window's first frame.

log = logging.getLogger(__name__)

SERVICE_NAME = "gemini-desk"
ENV_API_KEY = "GEMINI_API_KEY"
DEFAULT_TIMEOUT = 10.0

_T = TypeVar("_T")


class SecretStoreError(Exception):
    """Root of the keyring errors; ``str(error)`` is the message in English, for logs.

    Attributes:
        detail: What the backend said, for logs, with the secret removed. Not shown to users.
    """

    # The code of this class's text in the catalogues of app/core/texts (always followed by the advice that
    # the key can still be used for this session).
    _CODE: ClassVar[str] = "keyring.failed"

    def __init__(self, detail: str = "") -> None:
        super().__init__(render(self.user_message(), REFERENCE))
        self.detail = detail

    def _problem(self) -> Text:
        return Text(self._CODE)

    def problem(self) -> Text:
        """What happened, without the advice about the API key (for other secrets, such as a proxy's)."""
        return self._problem()

    def user_message(self) -> Text:
        """What happened and what to do."""
        return Text("keyring.with_advice", problem=self._problem(), advice=Text("keyring.session_advice"))


class NoKeyringError(SecretStoreError):
    """No usable keyring backend exists."""

    _CODE = "keyring.none"


class InsecureKeyringError(NoKeyringError):
    """The configured backend keeps secrets unencrypted, so it is not used."""

    _CODE = "keyring.insecure"


class KeyringLockedError(SecretStoreError):
    """The keyring is locked, or the unlock prompt was dismissed."""

    _CODE = "keyring.locked"


class KeyringTimeoutError(SecretStoreError):
    """The keyring did not answer within the timeout."""

    _CODE = "keyring.timeout"

    def __init__(self, timeout: float, detail: str = "") -> None:
        self.timeout = timeout
        super().__init__(detail)

    def _problem(self) -> Text:
        return Text(self._CODE, timeout=f"{self.timeout:g}")


class KeyringAccessError(SecretStoreError):
    """Any other keyring failure."""

    _CODE = "keyring.access"


def account_for_base_url(base_url: str) -> str:
    """The keyring account name for a gateway: ``"api-key:<host[:port]>"``, with ``http://`` for plain http.

    Plain http has accounts of its own: a settings file, an import or a link that changes only the scheme
    would otherwise send the key saved for ``https://host`` in clear text to ``http://host``. The https
    name is the one every earlier version used for both, so a saved https key is found as it was.

    Args:
        base_url: A base URL as normalised by ``app.core.gemini.urls.normalize_base_url`` (``https://`` is
            assumed without a scheme).

    Returns:
        The account, e.g. ``"api-key:gogogotoken.ai"`` or ``"api-key:http://10.0.0.5:3000"``. The path is
        not part of it: one host, one key.
    """
    scheme, address = _scheme_and_address(base_url)
    return f"api-key:http://{address}" if scheme == "http" else f"api-key:{address}"


def legacy_account(base_url: str) -> str | None:
    """The name a plain-http gateway's key was stored under before plain http had its own, if it may move.

    Earlier versions kept ``http://host`` and ``https://host`` under one name, so such an entry may be the
    https key. Only for a gateway on this computer (loopback, where no key crosses the network; one port
    speaks one of the two) is it taken over; for one on the network it stays the https key it may be.

    Returns:
        The old account of a plain-http gateway on this computer, else None.
    """
    scheme, address = _scheme_and_address(base_url)
    if scheme != "http" or sends_key_in_clear(base_url):
        return None
    return f"api-key:{address}"


def _scheme_and_address(base_url: str) -> tuple[str, str]:
    """The lower-cased scheme and ``host[:port]`` of ``base_url``."""
    text = base_url.strip()
    parts = urlsplit(text if "://" in text else "https://" + text)
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return parts.scheme.lower(), f"{host}:{port}" if port is not None else host


# Display names by "module.Class" of keyring's own backends. Anything else shows keyring's generated name.
_FRIENDLY_NAMES = {
    "keyring.backends.SecretService.Keyring": "Secret Service (GNOME Keyring or compatible)",
    "keyring.backends.libsecret.Keyring": "Secret Service via libsecret (GNOME Keyring or compatible)",
    "keyring.backends.kwallet.DBusKeyring": "KWallet",
    "keyring.backends.kwallet.DBusKeyringKWallet4": "KWallet 4",
    "keyring.backends.macOS.Keyring": "macOS Keychain",
    "keyring.backends.Windows.WinVaultKeyring": "Windows Credential Manager",
    "keyring.backends.fail.Keyring": "No keyring available",
    "keyring.backends.null.Keyring": "Disabled keyring (stores nothing)",
}
# File-based backends that keep secrets readable on disk or ask for a password on a terminal nobody sees.
_INSECURE_MODULE_PREFIXES = ("keyrings.alt", "keyrings.cryptfile")


def describe_backend(backend: keyring.backend.KeyringBackend) -> str:
    """A human-readable name for ``backend``, e.g. "macOS Keychain"."""
    from keyring.backends import chainer

    if isinstance(backend, chainer.ChainerBackend):
        names = [describe_backend(b) for b in backend.backends]
        return " + ".join(names) if names else _FRIENDLY_NAMES["keyring.backends.fail.Keyring"]
    cls = type(backend)
    return _FRIENDLY_NAMES.get(f"{cls.__module__}.{cls.__qualname__}") or str(cls.name)


def is_secure(backend: keyring.backend.KeyringBackend) -> bool:
    """Whether ``backend`` can hold the key safely (encrypted at rest, never a silent plain-text fallback)."""
    from keyring.backends import chainer, fail, null

    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        # The chain searches every member on read, so one plain-text member is enough to refuse it.
        members = list(backend.backends)
        return bool(members) and all(is_secure(b) for b in members)
    cls = type(backend)
    if cls.__module__.startswith(_INSECURE_MODULE_PREFIXES):
        return False
    return "plaintext" not in cls.__name__.lower()


def _translate(exc: BaseException, secret: str | None) -> SecretStoreError:
    """Map a backend exception onto our tree, keeping a redacted description for logs."""
    text = f"{type(exc).__name__}: {exc}"
    if secret:
        text = redact_text(text, [secret])
    if isinstance(exc, SecretStoreError):
        return exc
    import keyring.errors

    if isinstance(exc, keyring.errors.NoKeyringError):
        return NoKeyringError(text)
    if isinstance(exc, keyring.errors.KeyringLocked | keyring.errors.InitError):
        return KeyringLockedError(text)
    # secretstorage / jeepney / dbus exceptions, matched by name: those packages exist only on Linux.
    names = " ".join(c.__name__ for c in type(exc).__mro__) + " " + str(getattr(exc, "name", ""))
    if "Locked" in names:  # also "org.freedesktop.Secret.Error.IsLocked"
        return KeyringLockedError(text)
    if "NotAvailable" in names or "ServiceUnknown" in names:
        return NoKeyringError(text)
    return KeyringAccessError(text)


@dataclass
class _Job(Generic[_T]):
    call: Callable[[], _T]
    secret: str | None  # only to redact it from error details
    future: concurrent.futures.Future[_T] = field(default_factory=concurrent.futures.Future)

    def run(self) -> None:
        # False when the caller gave up (timed out or was cancelled) before the job started.
        if not self.future.set_running_or_notify_cancel():
            return
        error: SecretStoreError | None = None
        try:
            result = self.call()
        except BaseException as exc:
            error = _translate(exc, self.secret)
        # Set outside the except block so the backend's exception (which may quote the secret) is not
        # attached as __context__ of the error the caller sees.
        if error is None:
            self.future.set_result(result)
        else:
            self.future.set_exception(error)


class _Worker:
    """One daemon thread running keyring jobs in order."""

    _ids = itertools.count(1)

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[_Job[Any] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(
            target=self._loop, name=f"keyring-worker-{next(self._ids)}", daemon=True
        )
        self._thread.start()

    def submit(self, job: _Job[Any]) -> None:
        self._jobs.put(job)

    def retire(self) -> list[_Job[Any]]:
        """Stop taking jobs; return those not yet started so a fresh worker can run them."""
        pending: list[_Job[Any]] = []
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                break
            if job is not None:
                pending.append(job)
        self._jobs.put(None)  # ends the loop if the stuck call ever returns
        return pending

    def finish(self) -> None:
        """End the thread once the jobs given to it so far have run."""
        self._jobs.put(None)

    def _loop(self) -> None:
        while (job := self._jobs.get()) is not None:
            job.run()


class KeyStore:
    """API keys in the OS keyring, with every call off the calling thread and bounded by a timeout.

    Args:
        backend: The keyring backend; None selects the platform's (keyring's own choice, honouring the
            user's keyring configuration) lazily on the worker, because probing it talks to D-Bus.
        service: The keyring service name.
    """

    source: Literal["keyring"] = "keyring"

    def __init__(
        self, backend: keyring.backend.KeyringBackend | None = None, service: str = SERVICE_NAME
    ) -> None:
        self._backend = backend
        self._service = service
        self._lock = threading.Lock()
        self._worker: _Worker | None = None

    # Backend information ------------------------------------------------------------------------------------

    def backend_name(self, timeout: float = DEFAULT_TIMEOUT) -> str:
        """A human-readable name of the backend, e.g. "Secret Service (GNOME Keyring or compatible)".

        Raises:
            KeyringTimeoutError: Selecting the backend did not finish in time.
        """
        return self._run_sync(lambda: describe_backend(self._resolve_backend()), None, timeout)

    def is_secure_backend(self, timeout: float = DEFAULT_TIMEOUT) -> bool:
        """Whether the backend can be used at all (False for fail, null, empty chains and plain-text stores).

        Raises:
            KeyringTimeoutError: Selecting the backend did not finish in time.
        """
        return self._run_sync(lambda: is_secure(self._resolve_backend()), None, timeout)

    async def aresolve_backend(self, timeout: float = DEFAULT_TIMEOUT) -> tuple[str, bool]:
        """Select the backend off the event loop (probing it talks to D-Bus) and describe it.

        Returns:
            The backend's display name and whether it is usable.

        Raises:
            KeyringTimeoutError: Selecting the backend did not finish in time.
        """

        def describe() -> tuple[str, bool]:
            backend = self._resolve_backend()
            return describe_backend(backend), is_secure(backend)

        return await self._run_async(describe, None, timeout)

    # Synchronous API (blocks the caller for at most `timeout`) ----------------------------------------------

    def get(self, account: str, timeout: float = DEFAULT_TIMEOUT) -> str | None:
        """The stored secret for ``account``, or None.

        Raises:
            SecretStoreError: See the module docstring.
        """
        return self._run_sync(lambda: self._get(account), None, timeout)

    def set(self, account: str, secret: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Store ``secret`` (surrounding whitespace removed) for ``account``, replacing any previous one.

        Raises:
            ValueError: The secret is empty.
            SecretStoreError: See the module docstring.
        """
        secret = clean_secret(secret)
        self._run_sync(lambda: self._set(account, secret), secret, timeout)

    def delete(self, account: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Remove the secret for ``account``; nothing happens if none is stored.

        Raises:
            SecretStoreError: See the module docstring.
        """
        self._run_sync(lambda: self._delete(account), None, timeout)

    # Asynchronous API (the event loop keeps running while the keyring thinks) -----------------------------

    async def aget(self, account: str, timeout: float = DEFAULT_TIMEOUT) -> str | None:
        """Async ``get``."""
        return await self._run_async(lambda: self._get(account), None, timeout)

    async def aset(self, account: str, secret: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Async ``set``."""
        secret = clean_secret(secret)
        await self._run_async(lambda: self._set(account, secret), secret, timeout)

    async def adelete(self, account: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        """Async ``delete``."""
        await self._run_async(lambda: self._delete(account), None, timeout)

    # Blocking bodies, run on the worker ---------------------------------------------------------------------

    def _resolve_backend(self) -> keyring.backend.KeyringBackend:
        if self._backend is None:
            import keyring

            self._backend = keyring.get_keyring()
            log.info("keyring backend: %s", describe_backend(self._backend))
        return self._backend

    def _usable_backend(self) -> keyring.backend.KeyringBackend:
        from keyring.backends import chainer, fail, null

        backend = self._resolve_backend()
        if isinstance(backend, fail.Keyring | null.Keyring) or (
            isinstance(backend, chainer.ChainerBackend) and not list(backend.backends)
        ):
            raise NoKeyringError(describe_backend(backend))
        if not is_secure(backend):
            raise InsecureKeyringError(describe_backend(backend))
        return backend

    def _get(self, account: str) -> str | None:
        return self._usable_backend().get_password(self._service, account)

    def _set(self, account: str, secret: str) -> None:
        self._usable_backend().set_password(self._service, account, secret)

    def _delete(self, account: str) -> None:
        import keyring.errors

        backend = self._usable_backend()
        try:
            backend.delete_password(self._service, account)
        except keyring.errors.PasswordDeleteError:
            # Backends raise this both for "not found" and for real failures; only the former is fine.
            if backend.get_password(self._service, account) is not None:
                raise

    # Threading ----------------------------------------------------------------------------------------------

    def close(self) -> None:
        """Let the worker thread end once its jobs have run (at quit); a later call starts a new one.

        Without it every store ever used keeps a thread waiting for jobs until the process ends.
        """
        with self._lock:
            worker, self._worker = self._worker, None
        if worker is not None:
            worker.finish()

    def _submit(self, call: Callable[[], _T], secret: str | None) -> tuple[_Job[_T], _Worker]:
        job = _Job(call, secret)
        with self._lock:
            if self._worker is None:
                self._worker = _Worker()
            worker = self._worker
            worker.submit(job)
        return job, worker

    def _abandon(self, worker: _Worker) -> None:
        """After a timeout: leave the stuck worker behind and move its queued jobs to a fresh one."""
        with self._lock:
            if self._worker is not worker:
                return  # another caller already replaced it
            log.warning("keyring call timed out; starting a fresh keyring worker")
            self._worker = _Worker()
            for job in worker.retire():
                self._worker.submit(job)

    def _run_sync(self, call: Callable[[], _T], secret: str | None, timeout: float) -> _T:
        job, worker = self._submit(call, secret)
        try:
            result = job.future.result(timeout)
        except concurrent.futures.TimeoutError:
            job.future.cancel()
            self._abandon(worker)
            raise KeyringTimeoutError(timeout) from None
        return result

    async def _run_async(self, call: Callable[[], _T], secret: str | None, timeout: float) -> _T:
        job, worker = self._submit(call, secret)
        waiter = asyncio.wrap_future(job.future)
        try:
            # wait_for cancels the wrapper on timeout, which cancels the job if it has not started yet.
            result = await asyncio.wait_for(waiter, timeout)
        except TimeoutError:
            self._abandon(worker)
            raise KeyringTimeoutError(timeout) from None
        return result


def clean_secret(secret: str) -> str:
    """``secret`` without surrounding whitespace.

    Raises:
        ValueError: Nothing is left.
    """
    cleaned = secret.strip()
    if not cleaned:
        raise ValueError("The API key is empty.")
    return cleaned
