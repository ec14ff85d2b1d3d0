"""A live reply's events as the chat controller's signals: what each stream reports, and its tool steps."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.core.chat.turn import TurnOutcome
from app.core.gemini.events import Snapshot, StreamEvent, TextDelta, ThoughtDelta
from app.core.gemini.retry import Retrying
from app.core.store.records import Message, MessageStatus
from app.core.texts import Text
from app.core.tools.calls import CallRecord, Decision, PendingCall
from app.qt.translations import core_text

if TYPE_CHECKING:
    from app.qt.controllers.chat_controller import ChatController

__all__ = ["LiveReply", "ReplySignals", "ToolReplySignals"]


@dataclass(slots=True)
class LiveReply:
    """A reply streaming now (a tool step's next model turn continues it as another message).

    Attributes:
        conversation_id: Its conversation.
        message_id: The stored reply it fills.
        model: The model answering.
        task: The task streaming it.
        snapshot: What arrived so far; empty until it starts, None between tool turns.
        stop_requested: The user pressed Stop: a cancellation then ends it as ``stopped``; any other (the app
            quits, a tool server's call cancelled on its side) as ``interrupted``.
        ran: The task began (one cancelled before its first step never runs its clean-up).
    """

    conversation_id: int
    message_id: int
    model: str
    task: asyncio.Task[TurnOutcome | None] | None = None
    snapshot: Callable[[], Snapshot] | None = Snapshot
    stop_requested: bool = False
    ran: bool = False

    def cancelled_status(self) -> MessageStatus:
        """How a cancellation ends the reply: ``stopped`` for the user's Stop, else ``interrupted``."""
        return "stopped" if self.stop_requested else "interrupted"


class ReplySignals:
    """Forwards a reply's events to the controller's signals."""

    def __init__(self, controller: ChatController, live: LiveReply) -> None:
        self._controller = controller
        self._live = live

    def on_started(self, snapshot: Callable[[], Snapshot]) -> None:
        """The request is on its way: keep its snapshot, and say so."""
        self._live.snapshot = snapshot
        # The request is on its way now: a tool server's start before it is not the model's first token.
        self._controller.request_sent.emit(self._live.conversation_id, self._live.message_id)

    def on_event(self, event: StreamEvent) -> None:
        """A stream event, as the signal for its kind."""
        ids = (self._live.conversation_id, self._live.message_id)
        if isinstance(event, TextDelta):
            self._controller.text_received.emit(*ids, event.text)
        elif isinstance(event, ThoughtDelta):
            self._controller.thought_received.emit(*ids, event.text)
        else:
            self._controller.event_received.emit(*ids, event)

    def on_retrying(self, retrying: Retrying) -> None:
        """The client retries."""
        self._controller.retrying.emit(
            self._live.conversation_id, retrying.attempt, retrying.delay, retrying.error
        )


class ToolReplySignals(ReplySignals):
    """Also reports the tool steps of a reply: each model turn ends and the next starts as its own message."""

    def __init__(
        self,
        controller: ChatController,
        live: LiveReply,
        ask: Callable[[int, Sequence[PendingCall]], Awaitable[Sequence[Decision]]] | None,
    ) -> None:
        super().__init__(controller, live)
        self._ask = ask

    def on_turn_ended(self, outcome: TurnOutcome) -> None:
        """A model turn with calls ended."""
        # The turn with the calls is stored and shown as finished; the live reply continues in the next one.
        self._live.snapshot = None
        self._controller.reply_finished.emit(
            self._live.conversation_id, self._live.message_id, outcome.status
        )

    def on_reply(self, reply: Message) -> None:
        """The next model turn starts."""
        self._controller.follow_turn(self._live, reply.id)
        self._live.snapshot = Snapshot
        self._controller.reply_started.emit(self._live.conversation_id, reply.id, self._live.model)

    def on_tool_results(self, message: Message) -> None:
        """The function responses were stored."""
        self._controller.messages_changed.emit(self._live.conversation_id)

    def on_call_started(self, call: PendingCall) -> None:
        """A call runs."""
        self._controller.tool_call_started.emit(self._live.conversation_id, call)

    def on_call_progress(
        self, call: PendingCall, done: float, total: float | None, message: str | None
    ) -> None:
        """A call's progress."""
        # Called on the MCP host's thread: the signal reaches the GUI thread queued.
        self._controller.tool_call_progress.emit(self._live.conversation_id, call, (done, total, message))

    def on_call_finished(self, record: CallRecord) -> None:
        """A call ended."""
        self._controller.tool_call_finished.emit(self._live.conversation_id, record)

    def on_notice(self, text: Text) -> None:
        """A tool notice."""
        self._controller.tool_notice.emit(self._live.conversation_id, core_text(text))

    async def ask(self, calls: Sequence[PendingCall]) -> Sequence[Decision]:
        """Ask the user about ``calls``."""
        if self._ask is None:
            return ["deny"] * len(calls)
        return await self._ask(self._live.conversation_id, calls)
