"""Owns every reply stream: one asyncio task per conversation, which Stop cancels."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import Awaitable, Callable, Collection, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.core.chat.generation import GenerationSettings
from app.core.chat.history import user_parts
from app.core.chat.request import build_request
from app.core.chat.turn import TurnOutcome, TurnRunner
from app.core.gemini.events import Snapshot
from app.core.store.conversations import ConversationStore
from app.core.store.db import RecordNotFoundError, StoreError
from app.core.store.records import Message, MessageStatus
from app.core.tools.calls import Decision, PendingCall
from app.qt.controllers.reply_signals import LiveReply, ReplySignals, ToolReplySignals
from app.qt.translations import core_text

if TYPE_CHECKING:
    from app.core.chat.tool_loop import ToolLoop
    from app.core.gemini.client import GeminiClient


class ChatController(QObject):
    """Starts, stops and retries replies and reports their progress as signals.

    Args:
        store: Conversations and messages.
        runner: Streams one reply into the store.
        client_provider: Returns the client for the current settings and key, or None when there is no key.
        parent: The owner.
        tools: Runs replies that may call tools (MCP); None: replies never offer tools.
        ask: Asks the user about function calls of a conversation (the approval panel); without it every
            call that needs approval is denied.
    """

    reply_started = Signal(int, int, str)  # conversation id, reply message id, model
    request_sent = Signal(int, int)  # conversation id, reply message id: its request is on its way now
    text_received = Signal(int, int, str)  # conversation id, message id, answer text delta
    thought_received = Signal(int, int, str)  # conversation id, message id, thought summary delta
    event_received = Signal(int, int, object)  # conversation id, message id, any other StreamEvent
    # conversation id, attempt, delay seconds, the GeminiError (shown in the UI language by the receiver)
    retrying = Signal(int, int, float, object)
    reply_finished = Signal(int, int, str)  # conversation id, message id, final status
    several_started = Signal(
        int, object
    )  # conversation id, {reply id: model} of several models asked at once
    messages_changed = Signal(
        int
    )  # conversation id: messages were added or removed, or the shown path changed
    streaming_changed = Signal(int, bool)  # conversation id, streaming
    send_refused = Signal(str)  # why a send could not start (no key…)
    settings_adjusted = Signal(int, str)  # conversation id, what this answer uses instead of a setting
    # The chat history could not be written (a full disk…): what happened, and what to do about it.
    storage_failed = Signal(str, str)
    tool_notice = Signal(int, str)  # conversation id, something about its tools (a server failed, step limit)
    tool_call_started = Signal(int, object)  # conversation id, the PendingCall now running
    tool_call_progress = Signal(int, object, object)  # conversation id, PendingCall, (done, total, message)
    tool_call_finished = Signal(int, object)  # conversation id, its CallRecord

    def __init__(
        self,
        store: ConversationStore,
        runner: TurnRunner,
        client_provider: Callable[[], GeminiClient | None],
        parent: QObject | None = None,
        *,
        tools: ToolLoop | None = None,
        ask: Callable[[int, Sequence[PendingCall]], Awaitable[Sequence[Decision]]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._runner = runner
        self._client_provider = client_provider
        self._tools = tools
        self._ask = ask
        # Conversation id -> reply id -> its stream: several when several models answer one question.
        self._live: dict[int, dict[int, LiveReply]] = {}
        # Question id -> the replies of several models asked together, while no one was picked to go on from.
        self._unpicked: dict[int, set[int]] = {}
        # Reply id -> (what arrived, model) for replies the store refused to write (a full disk).
        self._unsaved: dict[int, tuple[Snapshot, str]] = {}

    # --- queries ------------------------------------------------------------------------------------------

    def is_streaming(self, conversation_id: int) -> bool:
        """True while a reply streams in ``conversation_id``."""
        return conversation_id in self._live

    def live_reply(
        self, conversation_id: int, among: Collection[int] | None = None
    ) -> tuple[int, Snapshot] | None:
        """A streaming reply's message id and what it holds so far, to redraw it after a switch.

        Args:
            conversation_id: The conversation.
            among: Only a reply with one of these ids (the shown path); None: the reply started last.
        """
        lives = [
            live
            for live in self._live.get(conversation_id, {}).values()
            if live.snapshot is not None and (among is None or live.message_id in among)
        ]
        if not lives:
            return None
        live = lives[-1]
        assert live.snapshot is not None
        return live.message_id, live.snapshot()

    def live_models(self, conversation_id: int) -> dict[int, str]:
        """The replies streaming in a conversation (reply id -> model), in the order they started."""
        return {mid: live.model for mid, live in self._live.get(conversation_id, {}).items()}

    # --- intents ------------------------------------------------------------------------------------------

    def _store_question(
        self,
        conversation_id: int,
        text: str,
        attachments: Sequence[dict[str, Any]],
        attachment_names: Sequence[str],
    ) -> tuple[GeminiClient, Message] | None:
        """Store the user's message for a reply about to start, with the client to ask; None when refused.

        Refused without a client (no key: the user is told) or when the store refuses (the prompt stays in
        the composer).
        """
        client = self._client_provider()
        if client is None:
            self.send_refused.emit(self.tr("Add your API key in Settings first, or try the demo."))
            return None
        meta = {"attachment_names": list(attachment_names)} if attachment_names else None
        self.save_unsaved()
        try:
            question = self._store.add_message(
                conversation_id, "user", user_parts(text, attachments), text, meta=meta
            )
        except StoreError as error:
            self._report_storage(error)
            return None
        return client, question

    def send(
        self,
        conversation_id: int,
        text: str,
        attachments: Sequence[dict[str, Any]] = (),
        attachment_names: Sequence[str] = (),
    ) -> bool:
        """Store a user message and stream the reply. Returns False if nothing was started.

        ``attachment_names`` (the files' names, in the order of ``attachments``) are kept in the message's
        meta for the transcript: ``inlineData`` parts have no room for a name Gemini would accept.
        """
        if self.is_streaming(conversation_id):
            return False
        asked = self._store_question(conversation_id, text, attachments, attachment_names)
        if asked is None:
            return False
        client, question = asked
        # The question is shown at once; the reply then streams below it, where the shown path ends.
        self.messages_changed.emit(conversation_id)
        return self._start_reply(conversation_id, client, question.id, announce=False)

    def regenerate(self, conversation_id: int, reply_id: int) -> bool:
        """Ask again for the answer ``reply_id``: the new answer is a version beside it, which is shown."""
        reply = self._store.get_message(reply_id)
        if reply is None or reply.parent_id is None or self.is_streaming(conversation_id):
            return False
        client = self._client_provider()
        if client is None:
            self.send_refused.emit(self.tr("Add your API key in Settings first, or try the demo."))
            return False
        self.save_unsaved()
        return self._start_reply(conversation_id, client, reply.parent_id)

    def edit_and_resend(
        self,
        conversation_id: int,
        message_id: int,
        text: str,
        attachments: Sequence[dict[str, Any]] = (),
        attachment_names: Sequence[str] = (),
    ) -> bool:
        """Ask an edited question: a new version of the user message (the old one and its answers stay).

        ``attachments`` (named by ``attachment_names``) are the new version's files: editing shows the files
        the message had in the composer, where the user may remove some or add others. Parts that are neither
        text nor files (references to uploaded files) are kept.
        """
        message = self._store.get_message(message_id)
        if message is None or message.role != "user" or self.is_streaming(conversation_id):
            return False
        client = self._client_provider()
        if client is None:
            self.send_refused.emit(self.tr("Add your API key in Settings first, or try the demo."))
            return False
        kept = [part for part in message.parts if "text" not in part and "inlineData" not in part]
        names = list(attachment_names)
        meta = {key: value for key, value in message.meta.items() if key != "attachment_names"}
        if any(names):
            meta["attachment_names"] = names
        self.save_unsaved()
        try:
            question = self._store.add_message(
                conversation_id,
                "user",
                user_parts(text, [*kept, *attachments]),
                text,
                meta=meta,
                parent_id=message.parent_id,
            )
        except StoreError as error:
            self._report_storage(error)  # the edited text stays in the composer
            return False
        return self._start_reply(conversation_id, client, question.id)

    def stop(self, conversation_id: int) -> None:
        """Cancel the conversation's streams; what arrived is kept as a stopped reply."""
        for live in list(self._live.get(conversation_id, {}).values()):
            if live.task is not None:
                live.stop_requested = True
                live.task.cancel()

    def stop_reply(self, conversation_id: int, message_id: int) -> None:
        """Cancel one stream (one of several models answering); the others go on."""
        live = self._live.get(conversation_id, {}).get(message_id)
        if live is not None and live.task is not None:
            live.stop_requested = True
            live.task.cancel()

    def ask_models(
        self,
        conversation_id: int,
        text: str,
        models: Sequence[str],
        attachments: Sequence[dict[str, Any]] = (),
        attachment_names: Sequence[str] = (),
    ) -> bool:
        """Ask several models one question at once: their answers stream side by side, as versions.

        The first answer to finish completely is shown (the conversation goes on from it) unless the user
        picks another one first (:meth:`pick`). Returns False if nothing was started.
        """
        if self.is_streaming(conversation_id) or not models:
            return False
        asked = self._store_question(conversation_id, text, attachments, attachment_names)
        if asked is None:
            return False
        client, question = asked
        started = [self._start_reply(conversation_id, client, question.id, model) for model in models]
        replies = self.live_models(conversation_id)
        if len(replies) > 1:
            self._unpicked[question.id] = set(replies)
            # While they stream, the transcript follows the first model's answer (each new one was shown).
            try:
                self._store.choose(next(iter(replies)))
            except StoreError as error:
                self._report_storage(error)
            self.messages_changed.emit(conversation_id)
        self.several_started.emit(conversation_id, replies)
        return any(started)

    def pick(self, message_id: int) -> None:
        """The user chose this answer of several models: the first to finish no longer replaces it."""
        for question, replies in list(self._unpicked.items()):
            if message_id in replies:
                del self._unpicked[question]

    async def shutdown(self) -> None:
        """Stop every stream and wait until each has stored what it had (as ``interrupted``: not a Stop)."""
        lives = [live for lives in self._live.values() for live in lives.values()]
        tasks = [live.task for live in lives if live.task is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self.save_unsaved()
        # No row is left "streaming", whatever ended its task: the next start would show it still arriving.
        leftover = [live.message_id for live in lives if live.message_id not in self._unsaved]
        with contextlib.suppress(StoreError):  # (else the start-up sweep ends them next time)
            self._store.mark_streaming_as_interrupted(leftover)

    def unsaved_reply(self, message_id: int) -> Snapshot | None:
        """A finished reply the store could not take yet (it is written with the next change), or None."""
        return self._unsaved.get(message_id, (None, ""))[0]

    def save_unsaved(self) -> None:
        """Write the replies the store refused earlier (the disk may have room again); keep them if not."""
        for message_id, (snapshot, model) in list(self._unsaved.items()):
            status: MessageStatus = "complete" if snapshot.is_complete else "interrupted"
            try:
                self._store.finish_message(
                    message_id, parts=snapshot.parts, text=snapshot.text, status=status, meta={"model": model}
                )
            except StoreError:
                return
            del self._unsaved[message_id]

    # --- internals ----------------------------------------------------------------------------------------

    def _uses_tools(self, conversation_id: int) -> bool:
        if self._tools is None:
            return False
        conversation = self._store.get(conversation_id)
        if conversation is None:
            return False
        return self._tools.uses_tools(GenerationSettings.from_dict(conversation.settings))

    def _report_storage(self, error: StoreError) -> None:
        self.storage_failed.emit(core_text(error.message), core_text(error.hint))

    def _start_reply(
        self,
        conversation_id: int,
        client: GeminiClient,
        question_id: int,
        model: str | None = None,
        *,
        announce: bool = True,
    ) -> bool:
        """Stream a reply to ``question_id``; ``announce`` redraws the shown path first (a new version).

        Without ``announce`` the question must be the end of what the transcript shows (a plain send).
        """
        conversation = self._store.get(conversation_id)
        if conversation is None:
            return False
        if model is not None:  # one of several models asked at once; the conversation's stays its own
            conversation = dataclasses.replace(conversation, model=model)
        try:
            # The history is the path to the question, whichever path is shown by the time it is sent.
            request = build_request(conversation, self._store.path_to(question_id))
            model, adjusted = request.model, request.adjusted
            reply = self._runner.begin_reply(conversation_id, model, answering=question_id)
        except StoreError as error:
            self._report_storage(error)
            self.messages_changed.emit(conversation_id)  # the question may be stored
            return False
        live = LiveReply(conversation_id, reply.id, model)
        first = conversation_id not in self._live
        self._live.setdefault(conversation_id, {})[reply.id] = live
        live.task = asyncio.ensure_future(self._run(live, client, reply, request.body))
        live.task.add_done_callback(lambda _task: self._never_ran(live))
        if announce:  # the shown path now ends with the question and its empty reply, which the stream fills
            self.messages_changed.emit(conversation_id)
        self.reply_started.emit(conversation_id, reply.id, model)
        if first:
            self.streaming_changed.emit(conversation_id, True)
        if adjusted is not None:
            self.settings_adjusted.emit(
                conversation_id,
                core_text(adjusted.message)
                + " "
                + self.tr(
                    "This answer uses the model's default thinking; change it in the conversation settings."
                ),
            )
        return True

    async def _run(
        self, live: LiveReply, client: GeminiClient, reply: Message, body: dict[str, Any]
    ) -> TurnOutcome | None:
        live.ran = True
        listener = ReplySignals(self, live)
        status = "interrupted"
        try:
            if self._uses_tools(live.conversation_id):
                assert self._tools is not None
                outcome = await self._tools.run(
                    client,
                    live.conversation_id,
                    reply,
                    live.model,
                    ToolReplySignals(self, live, self._ask),
                    cancelled_as=live.cancelled_status,
                )
            else:
                outcome = await self._runner.stream_reply(
                    client, reply, live.model, body, listener, cancelled_as=live.cancelled_status
                )
            status = outcome.status
            return outcome
        except asyncio.CancelledError:
            status = live.cancelled_status()
            task = asyncio.current_task()
            if live.stop_requested or (task is not None and task.cancelling()):
                raise
            # Not this task's cancellation (a tool server's call cancelled on its side): the reply is stored
            # as cut off, and the task ends normally, for nobody is cancelling it.
            return None
        except StoreError as error:
            # The reply arrived but could not be written: keep it in memory (and on screen) and write it
            # with the next change. The status tells the window not to redraw it from the stale store.
            status = "unsaved"
            if live.snapshot is not None:
                self._unsaved[live.message_id] = (live.snapshot(), live.model)
            self._report_storage(error)
            return None
        finally:
            self._ended(live, status)

    def _never_ran(self, live: LiveReply) -> None:
        """A task cancelled before its first step (Stop, quit) never runs ``_run``: end its reply here."""
        if live.ran:
            return
        status = live.cancelled_status()
        try:  # nothing arrived: the empty reply ends as it would have
            self._store.finish_message(live.message_id, [], "", status, {"model": live.model})
        except RecordNotFoundError:
            pass  # its conversation was deleted meanwhile
        except StoreError as error:
            self._report_storage(error)
        self._ended(live, status)

    def _ended(self, live: LiveReply, status: str) -> None:
        """The reply's stream is over: forget it, show the first of several to finish, and say so."""
        lives = self._live[live.conversation_id]
        del lives[live.message_id]
        if not lives:
            del self._live[live.conversation_id]
        if status == "complete":
            self._show_first_finished(live.conversation_id, live.message_id)
        streaming = {mid for others in self._live.values() for mid in others}
        self._unpicked = {q: r for q, r in self._unpicked.items() if r & streaming}
        self.reply_finished.emit(live.conversation_id, live.message_id, status)
        if not lives:
            self.streaming_changed.emit(live.conversation_id, False)

    def follow_turn(self, live: LiveReply, message_id: int) -> None:
        """A tool step's next model turn continues the live reply as another message."""
        lives = self._live.get(live.conversation_id, {})
        lives.pop(live.message_id, None)
        live.message_id = message_id
        lives[message_id] = live

    def _show_first_finished(self, conversation_id: int, message_id: int) -> None:
        """Of several models' answers, the first to finish is shown unless the user picked one."""
        for question, replies in list(self._unpicked.items()):
            if message_id in replies:
                del self._unpicked[question]
                try:
                    # Chosen at its own fork only: a user who switched to another path meanwhile stays there.
                    self._store.choose(message_id, show=False)
                except StoreError as error:
                    self._report_storage(error)
                    return
                self.messages_changed.emit(conversation_id)
