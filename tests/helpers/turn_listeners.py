"""Listeners that ignore (nearly) everything, for tests of ``TurnRunner`` and ``ToolLoop`` on the store."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from app.core.chat.turn import TurnOutcome
from app.core.gemini.events import Snapshot, StreamEvent
from app.core.gemini.retry import Retrying
from app.core.store.records import Message
from app.core.texts import Text
from app.core.tools.calls import CallRecord, Decision, PendingCall


class QuietListener:
    """Receives a reply's progress and does nothing with it."""

    def on_started(self, snapshot: Callable[[], Snapshot]) -> None:
        pass

    def on_event(self, event: StreamEvent) -> None:
        pass

    def on_retrying(self, retrying: Retrying) -> None:
        pass


class QuietToolListener(QuietListener):
    """A tool loop's listener that keeps its notices, and denies every call it is asked about."""

    def __init__(self) -> None:
        self.notices: list[Text] = []

    def on_turn_ended(self, outcome: TurnOutcome) -> None:
        pass

    def on_reply(self, reply: Message) -> None:
        pass

    def on_tool_results(self, message: Message) -> None:
        pass

    def on_call_started(self, call: PendingCall) -> None:
        pass

    def on_call_progress(
        self, call: PendingCall, done: float, total: float | None, message: str | None
    ) -> None:
        pass

    def on_call_finished(self, record: CallRecord) -> None:
        pass

    def on_notice(self, text: Text) -> None:
        self.notices.append(text)

    async def ask(self, calls: Sequence[PendingCall]) -> Sequence[Decision]:
        return ["deny"] * len(calls)
