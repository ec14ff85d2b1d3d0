"""Keeps the key's remaining quota fresh: after replies (throttled), never blocking anything.

The figure comes from the gateway's quota routes (`GeminiClient.key_quota`); a gateway without them (Google
itself, most relays) simply has no quota to show. A refresh runs as a task this controller owns; asking again
within `min_interval` of the last refresh schedules one refresh for when the interval has passed instead.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from app.core.gemini.quota import KeyQuota
from app.qt.async_support import cancel_and_wait, spawn

log = logging.getLogger(__name__)

MIN_INTERVAL = 60.0
"""Seconds between two refreshes after replies."""


class QuotaClient(Protocol):
    """What the controller needs from a client (``GeminiClient`` provides it)."""

    async def key_quota(self) -> KeyQuota | None:
        """The key's quota, or None when the gateway does not tell."""
        ...


class QuotaController(QObject):
    """Fetches the key's quota now and then and announces it.

    Args:
        client: Returns the client of the current connection, or None when there is no key.
        min_interval: Seconds between refreshes that were not forced.
        clock: A monotonic clock (injected by tests).
        parent: The QObject parent.

    Signals:
        quota_changed(object): The key's `KeyQuota`, or None when there is nothing to show.
    """

    quota_changed = Signal(object)

    def __init__(
        self,
        client: Callable[[], QuotaClient | None],
        *,
        min_interval: float = MIN_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._client = client
        self._min_interval = min_interval
        self._clock = clock
        self._last_started: float | None = None
        self._current: asyncio.Task[Any] | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._quota: KeyQuota | None = None
        self._deferred = QTimer(self)
        self._deferred.setSingleShot(True)
        self._deferred.timeout.connect(lambda: self.refresh(force=True))

    def quota(self) -> KeyQuota | None:
        """The last quota announced."""
        return self._quota

    def refresh(self, *, force: bool = False) -> asyncio.Task[Any] | None:
        """Fetch the quota now, or (throttled) once the interval since the last fetch has passed.

        Returns:
            The task started now, or None when the refresh was deferred or there is no client.
        """
        now = self._clock()
        if not force and self._last_started is not None:
            wait = self._last_started + self._min_interval - now
            if wait > 0:
                if not self._deferred.isActive():
                    self._deferred.start(int(wait * 1000) + 1)
                return None
        self._deferred.stop()
        client = self._client()
        if client is None:
            self._announce(None)
            return None
        if self._current is not None and not self._current.done():
            self._current.cancel()  # superseded: its answer may describe another key
        self._last_started = now
        self._current = spawn(self._run(client), self._tasks)
        return self._current

    def reset(self) -> asyncio.Task[Any] | None:
        """The key or gateway changed: forget the old figure and fetch the new one."""
        self._announce(None)
        self._last_started = None
        return self.refresh(force=True)

    async def aclose(self) -> None:
        """Cancel a refresh in flight (at shutdown)."""
        self._deferred.stop()
        await cancel_and_wait(self._tasks)

    async def _run(self, client: QuotaClient) -> None:
        try:
            quota = await client.key_quota()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # never let a quota figure disturb anything else
            log.warning("reading the key's quota failed: %s", type(exc).__name__)
            quota = None
        self._announce(quota)

    def _announce(self, quota: KeyQuota | None) -> None:
        self._quota = quota
        self.quota_changed.emit(quota)
