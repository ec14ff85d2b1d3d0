"""A turn listener that ignores everything, for tests of ``TurnRunner`` that only look at the store."""

from __future__ import annotations

from collections.abc import Callable

from app.core.gemini.events import Snapshot, StreamEvent
from app.core.gemini.retry import Retrying


class QuietListener:
    """Receives a reply's progress and does nothing with it."""

    def on_started(self, snapshot: Callable[[], Snapshot]) -> None:
        pass

    def on_event(self, event: StreamEvent) -> None:
        pass

    def on_retrying(self, retrying: Retrying) -> None:
        pass
