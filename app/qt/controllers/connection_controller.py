"""Connection tests and the model list, run as tasks the controller owns and can cancel.

At most one test and one refresh run at a time: a new test cancels the test in flight (the user changed the
URL and pressed Test again; its answer would describe settings that are no longer on screen), and a new
refresh the refresh in flight. A superseded request emits nothing, since the newer one will answer; a test
and a refresh never cancel each other, so a refresh cannot leave a test without its result. Each request
uses its own client, closed when the request ends, so a proxy or key change is always honoured.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal

from app.core.gemini.errors import GeminiError
from app.core.gemini.models_list import ModelInfo
from app.core.gemini.quota import KeyQuota
from app.core.gemini.status_errors import AuthenticationError
from app.core.model_cache import ModelCache
from app.core.texts import Text
from app.qt import quota_texts
from app.qt.async_support import cancel_and_wait, spawn
from app.qt.translations import core_text

log = logging.getLogger(__name__)

# How many model names the success message quotes before "…".
_NAMES_SHOWN = 3
# The quota line of a connection test waits this long at most: the models are the answer that matters.
_QUOTA_WAIT = 10.0
# A connection test gives up on the model list after this long: a gateway that accepts and never answers
# would otherwise keep "Testing…" up for the whole idle timeout (minutes) of the chat requests.
TEST_TIMEOUT = 20.0


class ModelListClient(Protocol):
    """What the controller needs from a client (``GeminiClient`` provides it)."""

    async def list_models(self) -> list[ModelInfo]:
        """Fetch the gateway's models."""
        ...

    async def aclose(self) -> None:
        """Release connections."""
        ...


ClientFactory = Callable[[str, str, str, str], ModelListClient]
"""``make_client(base_url, api_key, proxy_mode, proxy_url)``; proxy_mode is "system", "none" or "url"."""


def gemini_client_factory(connect_timeout: float = 10.0, idle_timeout: float = 300.0) -> ClientFactory:
    """A ``ClientFactory`` building real ``GeminiClient``s with the given timeouts."""

    def make_client(base_url: str, api_key: str, proxy_mode: str, proxy_url: str) -> ModelListClient:
        # Imported on the first request, not before: httpx is not needed to show the window (and tests that
        # inject a factory never load it).
        from app.core.gemini.client import ClientConfig, GeminiClient, ProxyConfig

        mode = proxy_mode if proxy_mode in ("system", "none", "url") else "system"
        proxy = ProxyConfig(mode=mode, url=proxy_url or None)  # type: ignore[arg-type]  # checked above
        config = ClientConfig(
            base_url, api_key, proxy=proxy, connect_timeout=connect_timeout, idle_timeout=idle_timeout
        )
        return GeminiClient(config)

    return make_client


class ConnectionController(QObject):
    """Tests connections and keeps the model list of the configured gateway fresh.

    Args:
        make_client: Builds a client for (base_url, api_key, proxy_mode, proxy_url).
        cache: Where model lists are kept between runs (per gateway).
        test_timeout: Seconds a connection test waits for the model list before it reports no answer.
        parent: The QObject parent.

    Signals:
        test_finished(bool, str, list): ok, a user-facing message ("Connected: 9 models (…)" or the error
            with advice), and the models (empty on failure).
        models_changed(list): The configured gateway's models (``ModelInfo``), chat models first; from the
            cache or freshly fetched.
        refresh_failed(str): Fetching the model list failed; the user-facing message.
        busy_changed(bool): A request started, or none is left running.
    """

    test_finished = Signal(bool, str, list)
    models_changed = Signal(list)
    refresh_failed = Signal(str)
    busy_changed = Signal(bool)

    def __init__(
        self,
        make_client: ClientFactory,
        cache: ModelCache,
        *,
        test_timeout: float = TEST_TIMEOUT,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._make_client = make_client
        self._test_timeout = test_timeout
        self._cache = cache
        self._connection: tuple[str, str, str, str] | None = None
        # The test and the refresh in flight, by kind ("test", "refresh").
        self._current: dict[str, asyncio.Task[Any]] = {}
        self._tasks: set[asyncio.Task[Any]] = set()

    # Configuration ------------------------------------------------------------------------------------------

    def set_connection(
        self, base_url: str, api_key: str, proxy_mode: str = "system", proxy_url: str = ""
    ) -> None:
        """Set the gateway ``refresh_models`` talks to (the saved settings and the key in use)."""
        self._connection = (base_url, api_key, proxy_mode, proxy_url)

    def set_client_factory(self, make_client: ClientFactory) -> None:
        """Use another factory from now on (after the timeouts changed in Settings)."""
        self._make_client = make_client

    def cached_models(self) -> list[ModelInfo]:
        """The cached list of the configured gateway; emits ``models_changed`` when there is one."""
        if self._connection is None:
            return []
        cached = self._cache.load(self._connection[0])
        if cached is None:
            return []
        self.models_changed.emit(list(cached.models))
        return list(cached.models)

    def is_busy(self) -> bool:
        """Whether a request is in flight."""
        return any(not task.done() for task in self._current.values())

    # Requests -----------------------------------------------------------------------------------------------

    def test_connection(
        self, base_url: str, api_key: str, proxy_mode: str = "system", proxy_url: str = ""
    ) -> asyncio.Task[Any]:
        """Fetch the model list with these (possibly unsaved) settings; ends with ``test_finished``."""
        return self._start("test", self._run_test(base_url, api_key, proxy_mode, proxy_url))

    def refresh_models(self) -> asyncio.Task[Any] | None:
        """Fetch the configured gateway's list; ends with ``models_changed`` or ``refresh_failed``.

        Returns:
            The task, or None when no connection is configured (``refresh_failed`` is emitted).
        """
        if self._connection is None or not self._connection[1].strip():
            self.refresh_failed.emit(self.tr("Enter an API key in Settings first."))
            return None
        return self._start("refresh", self._run_refresh(*self._connection))

    def cancel_test(self) -> None:
        """Cancel the connection test in flight, if any; it emits nothing (the form shows the cancel)."""
        task = self._current.get("test")
        if task is not None and not task.done():
            task.cancel()

    def cancel(self) -> None:
        """Cancel the requests in flight, if any; they emit nothing (the caller ends its busy display)."""
        for task in self._current.values():
            if not task.done():
                task.cancel()

    async def aclose(self) -> None:
        """Cancel every request and let each close its connection while the loop still runs (at shutdown)."""
        await cancel_and_wait(self._tasks)

    # Internals ----------------------------------------------------------------------------------------------

    def _start(self, kind: str, coro: Any) -> asyncio.Task[Any]:
        previous = self._current.get(kind)
        if previous is not None and not previous.done():
            previous.cancel()  # superseded: the new request answers instead
        task = spawn(coro, self._tasks)
        self._current[kind] = task
        task.add_done_callback(lambda done: self._on_task_done(kind, done))
        self.busy_changed.emit(True)
        return task

    def _on_task_done(self, kind: str, task: asyncio.Task[Any]) -> None:
        if self._current.get(kind) is task:
            del self._current[kind]
            if not self.is_busy():
                self.busy_changed.emit(False)

    async def _fetch(
        self, base_url: str, api_key: str, proxy_mode: str, proxy_url: str, *, with_quota: bool = False
    ) -> tuple[list[ModelInfo], KeyQuota | None]:
        client = self._make_client(base_url, api_key, proxy_mode, proxy_url)
        try:
            if with_quota:  # a test: the user is waiting in front of "Testing…"
                async with asyncio.timeout(self._test_timeout):
                    models = await client.list_models()
            else:
                models = await client.list_models()
            quota = None
            # A test also says what the gateway tells about the key (name, quota, expiry), when it tells.
            key_quota = getattr(client, "key_quota", None) if with_quota else None
            if key_quota is not None:
                try:
                    async with asyncio.timeout(_QUOTA_WAIT):
                        quota = await key_quota()
                except TimeoutError:
                    quota = None
            return models, quota
        finally:
            await client.aclose()

    def _error_message(self, exc: Exception) -> str:
        if isinstance(exc, AuthenticationError):
            # A connection test runs from the form holding the key (Settings, the welcome page).
            return core_text(exc.user_message(hint=Text("gemini.authentication.hint.here")))
        if isinstance(exc, GeminiError):
            return core_text(exc.user_message())
        # Not expected; the text of an unknown exception might quote the key, so only its type is shown.
        log.error("listing models failed unexpectedly: %s", type(exc).__name__)
        return self.tr("The connection test failed unexpectedly (%1).").replace("%1", type(exc).__name__)

    async def _save_to_cache(self, base_url: str, models: Sequence[ModelInfo]) -> None:
        # In a worker thread: writing and syncing the file (twice: the file, then its folder) took 3-17 ms of
        # the GUI thread, more on a busy disk, and the refresh after start-up lands in the first answer.
        await asyncio.to_thread(self._write_cache, base_url, models)

    def _write_cache(self, base_url: str, models: Sequence[ModelInfo]) -> None:
        try:
            self._cache.save(base_url, models)
        except OSError as exc:
            log.warning("could not write the model cache: %s", exc.strerror or type(exc).__name__)

    async def _run_test(self, base_url: str, api_key: str, proxy_mode: str, proxy_url: str) -> None:
        try:
            models, quota = await self._fetch(base_url, api_key, proxy_mode, proxy_url, with_quota=True)
        except asyncio.CancelledError:
            raise
        except TimeoutError:  # our own deadline (the client's timeouts raise GeminiErrors)
            message = self.tr("No answer from the gateway after %1 s.")
            self.test_finished.emit(False, message.replace("%1", f"{self._test_timeout:g}"), [])
            return
        except Exception as exc:
            self.test_finished.emit(False, self._error_message(exc), [])
            return
        await self._save_to_cache(base_url, models)
        message = self.success_message(models)
        quota_line = quota_texts.test_line(quota, time.time())
        self.test_finished.emit(True, f"{message}\n{quota_line}" if quota_line else message, list(models))

    async def _run_refresh(self, base_url: str, api_key: str, proxy_mode: str, proxy_url: str) -> None:
        try:
            models, _quota = await self._fetch(base_url, api_key, proxy_mode, proxy_url)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self.refresh_failed.emit(self._error_message(exc))
            return
        # Shown first, saved after: the list must not wait for a worker thread's turn (a first answer sent at
        # once would go to the model shown before it).
        self.models_changed.emit(list(models))
        await self._save_to_cache(base_url, models)

    def success_message(self, models: Sequence[ModelInfo]) -> str:
        """The text shown after a successful test, e.g. "Connected: 9 models (gemini-2.5-pro, …)"."""
        if not models:
            return self.tr("Connected, but the gateway lists no models for this key.")
        chat = [m.id for m in models if m.is_chat] or [m.id for m in models]
        names = ", ".join(chat[:_NAMES_SHOWN]) + (", …" if len(models) > _NAMES_SHOWN else "")
        if len(models) == 1:
            return self.tr("Connected: 1 model (%1)").replace("%1", names)
        # Spelled out rather than "%n model(s)": the English source text is shown without a translator.
        return self.tr("Connected: %2 models (%1)").replace("%2", str(len(models))).replace("%1", names)
