"""A reply that may use tools: stream, answer the model's function calls, stream again, up to a step limit.

Each model turn is an ordinary stored reply; the function responses answering it are an ordinary stored
``user`` message whose parts are the ``functionResponse`` parts (its meta ``tool_calls`` records who ran each
call, the decision and the outcome, for the transcript and the export). The history replays both verbatim,
so the model turn goes back exactly as it arrived, every ``thoughtSignature`` included, and a restart shows
and replays the same conversation.

A gateway that refuses ``parametersJsonSchema`` with a 400 before answering gets the same request once more
with the OpenAPI-subset ``parameters`` (remembered for the model until the app quits).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from app.core.chat.generation import GenerationSettings
from app.core.chat.request import build_request
from app.core.chat.turn import TurnListener, TurnOutcome, TurnRunner, cancelled_status
from app.core.store.conversations import ConversationStore
from app.core.store.db import StoreError
from app.core.store.records import Message, MessageStatus
from app.core.texts import Text, to_json
from app.core.tools.calls import (
    TOOL_CALLS_META,
    TOOL_NOTICES_META,
    CallRecord,
    Decision,
    PendingCall,
    answer_calls,
    cancelled_records,
    pending_calls,
    records_meta,
    stored_tool_notices,
)
from app.core.tools.declarations import Declarations, declare_tools, left_out_notices

if TYPE_CHECKING:
    from app.core.gemini.client import GeminiClient
    from app.core.tools.service import ToolService

__all__ = ["TOOL_CALLS_META", "TOOL_NOTICES_META", "ToolLoop", "ToolLoopListener", "stored_tool_notices"]

_log = logging.getLogger(__name__)


class ToolLoopListener(TurnListener, Protocol):
    """A :class:`TurnListener` that also hears about tool steps."""

    def on_turn_ended(self, outcome: TurnOutcome) -> None:
        """A model turn holding function calls ended (stored); its calls are answered next."""

    def on_reply(self, reply: Message) -> None:
        """A new model reply starts streaming (after function responses)."""

    def on_tool_results(self, message: Message) -> None:
        """A function-response message was stored."""

    def on_call_started(self, call: PendingCall) -> None:
        """An approved call is running."""

    def on_call_progress(
        self, call: PendingCall, done: float, total: float | None, message: str | None
    ) -> None:
        """A running call reported progress."""

    def on_call_finished(self, record: CallRecord) -> None:
        """A call ended (answered, failed, denied)."""

    def on_notice(self, text: Text) -> None:
        """Something the user should know (a server that failed, the step limit)."""

    async def ask(self, calls: Sequence[PendingCall]) -> Sequence[Decision]:
        """Ask the user about ``calls``: one decision each."""
        ...


_NATIVE_TOOLS = ("googleSearch", "codeExecution", "urlContext")


def _native_tools_refused(outcome: TurnOutcome, body: dict[str, object]) -> bool:
    """A 400 before any output for a request offering native tools together with function declarations."""
    error = outcome.error
    if error is None or error.status != 400 or outcome.snapshot.parts:
        return False
    tools = body.get("tools")
    kinds = (
        {key for tool in tools if isinstance(tool, dict) for key in tool}
        if isinstance(tools, list)
        else set()
    )
    return "functionDeclarations" in kinds and any(native in kinds for native in _NATIVE_TOOLS)


def _json_schema_refused(outcome: TurnOutcome, declarations: Declarations) -> bool:
    """A 400 before any output that names the field (``Unknown name "parametersJsonSchema"``)."""
    error = outcome.error
    if error is None or error.status != 400 or outcome.snapshot.parts:
        return False
    words = str(error).lower().replace("_", "")
    return "parametersjsonschema" in words and any(
        "parametersJsonSchema" in f for f in declarations.functions
    )


class ToolLoop:
    """Runs replies with tools for the chat controller and the command-line client.

    Args:
        store: Conversations and messages.
        runner: Streams one reply.
        service: The app's tools.
        remember_always: Saves a tool (``server/tool``) as always allowed (in Settings).
    """

    def __init__(
        self,
        store: ConversationStore,
        runner: TurnRunner,
        service: ToolService,
        remember_always: Callable[[str], None] | None = None,
    ) -> None:
        self._store = store
        self._runner = runner
        self.service = service
        self._remember_always = remember_always

    def uses_tools(self, settings: GenerationSettings) -> bool:
        """Whether a conversation with ``settings`` offers any tool (any enabled server is selected)."""
        return bool(self.service.active_servers(settings.mcp_tools))

    async def run(
        self,
        client: GeminiClient,
        conversation_id: int,
        reply: Message,
        model: str,
        listener: ToolLoopListener,
        *,
        cancelled_as: Callable[[], MessageStatus] = cancelled_status,
    ) -> TurnOutcome:
        """Stream ``reply`` and keep answering function calls until the model answers without one.

        Every path ends the reply streaming now: also a cancellation or a failure while its request is being
        prepared (the tool servers start first), as ``cancelled_as()`` or ``error``.

        Returns:
            How the last reply ended.

        Raises:
            asyncio.CancelledError: Stop; calls that were running are answered as cancelled first, so the
                history never holds a call without its response.
        """
        notices: list[Text] = []
        last = [reply]  # the reply streaming now: the loop's last one keeps the notices

        def notice(text: Text) -> None:
            notices.append(text)
            listener.on_notice(text)

        try:
            return await self._loop(
                client, conversation_id, reply, model, listener, notice, last, cancelled_as
            )
        except asyncio.CancelledError:
            self._runner.end_unsent(client, last[0], model, cancelled_as())
            raise
        except StoreError:
            raise  # the chat controller keeps the reply in memory and writes it later
        except Exception as error:
            ended = self._runner.end_unsent(client, last[0], model, "error", error)
            if ended is None:  # after a stream had ended it (answering the calls failed): a bug, as before
                raise
            return ended
        finally:
            # Kept with the answer, the notices stay visible under it, after a restart too.
            if notices:
                self._keep_notices(last[0].id, notices)

    async def _loop(
        self,
        client: GeminiClient,
        conversation_id: int,
        reply: Message,
        model: str,
        listener: ToolLoopListener,
        notice: Callable[[Text], None],
        last: list[Message],
        cancelled_as: Callable[[], MessageStatus],
    ) -> TurnOutcome:
        conversation = self._store.get(conversation_id)
        settings = GenerationSettings.from_dict(conversation.settings if conversation else None)
        declarations, failed = await self.service.declarations(settings.mcp_tools, model)
        for name, state in failed:
            notice(
                # Why, in the app's words where known (the raw words stay in Settings → Tools).
                Text(
                    "tools.server_failed" if state.stderr_tail.strip() else "tools.server_failed.silent",
                    server=name,
                    error=state.reason or state.error,
                    stderr=state.stderr_tail[-400:],
                )
            )
        for text in left_out_notices(declarations):
            notice(text)
        steps = 0
        limit = self.service.settings.step_limit
        while True:
            conversation = self._store.get(conversation_id)
            if conversation is None:
                raise asyncio.CancelledError
            # The history is the path to this reply, not the shown one: the user may have switched versions.
            history = self._store.path_to(reply.id)[:-1]
            body = build_request(conversation, history, declarations.functions).body
            outcome = await self._runner.stream_reply(
                client, reply, model, body, listener, cancelled_as=cancelled_as
            )
            if _json_schema_refused(outcome, declarations) and self.service.json_schema_refused(model):
                _log.info("the gateway refused parametersJsonSchema for %s; sending parameters", model)
                tools = [d.tool for d in declarations.tools.values()]
                declarations = declare_tools(tools, "openapi")
                for text in left_out_notices(declarations):  # inlined $refs may make a schema too large
                    notice(text)
                answering = reply.parent_id
                self._store.delete_version(reply.id)  # a leaf: the refused reply alone
                reply = self._runner.begin_reply(conversation_id, model, answering=answering, show=False)
                last[0] = reply
                listener.on_reply(reply)
                continue
            if outcome.status != "complete":
                if _native_tools_refused(outcome, body):
                    # The gateway's own words are in the error box; this says what to change.
                    notice(Text("tools.native_refused.hint"))
                return outcome
            calls = pending_calls(outcome.snapshot.parts, declarations)
            if not calls:
                return outcome
            if steps >= limit:
                notice(Text("tools.step_limit", limit=limit))
                return outcome
            steps += 1
            listener.on_turn_ended(outcome)
            # Each step hangs below the turn it answers, whichever version the transcript shows meanwhile.
            results = await self._answer(conversation_id, reply.id, settings, calls, model, listener)
            reply = self._runner.begin_reply(conversation_id, model, answering=results.id, show=False)
            last[0] = reply
            listener.on_reply(reply)

    async def _answer(
        self,
        conversation_id: int,
        turn_id: int,
        settings: GenerationSettings,
        calls: Sequence[PendingCall],
        model: str,
        listener: ToolLoopListener,
    ) -> Message:
        done: list[CallRecord] = []
        tools = self.service.settings

        def finished(record: CallRecord) -> None:
            done.append(record)
            listener.on_call_finished(record)

        async def ask(pending: Sequence[PendingCall]) -> Sequence[Decision]:
            decisions = await listener.ask(pending)
            self._remember(conversation_id, pending, decisions)
            return decisions

        approvals = set(settings.tool_approvals)
        try:
            records = await answer_calls(
                calls,
                caller=self.service.host,
                ask=ask,
                preapproved=lambda call: self.service.preapproved(
                    call, approvals | self._approvals(conversation_id)
                ),
                model=model,
                timeout=tools.timeout,
                result_limit=tools.result_limit,
                on_record=finished,
                on_started=listener.on_call_started,
                progress=listener.on_call_progress,
            )
        except asyncio.CancelledError:
            self._store_results(conversation_id, turn_id, cancelled_records(calls, done, model), listener)
            raise
        return self._store_results(conversation_id, turn_id, records, listener)

    def _keep_notices(self, reply_id: int, notices: Sequence[Text]) -> None:
        """Store ``notices`` in the meta of the reply ``reply_id``, beside any it holds."""
        try:
            reply = self._store.get_message(reply_id)
            if reply is not None:
                kept = [to_json(t) for t in (*stored_tool_notices(reply.meta), *notices)]
                self._store.update_message(reply_id, meta={**reply.meta, TOOL_NOTICES_META: kept})
        except StoreError as error:  # the notices were on the status line; only their record is lost
            _log.warning("could not keep the tool notices of a reply: %s", type(error).__name__)

    def _approvals(self, conversation_id: int) -> set[str]:
        conversation = self._store.get(conversation_id)
        if conversation is None:
            return set()
        return set(GenerationSettings.from_dict(conversation.settings).tool_approvals)

    def _remember(
        self, conversation_id: int, calls: Sequence[PendingCall], decisions: Sequence[Decision]
    ) -> None:
        """Keep "allow for this conversation" in the conversation and "always allow" in Settings."""
        for call, decision in zip(calls, decisions, strict=False):
            if decision == "always" and self._remember_always is not None:
                self._remember_always(call.key)
            if decision == "conversation":
                conversation = self._store.get(conversation_id)
                if conversation is None:
                    continue
                current = GenerationSettings.from_dict(conversation.settings)
                if call.key not in current.tool_approvals:
                    updated = dataclasses.replace(current, tool_approvals=(*current.tool_approvals, call.key))
                    self._store.set_settings(conversation_id, {**conversation.settings, **updated.to_dict()})

    def _store_results(
        self, conversation_id: int, turn_id: int, records: Sequence[CallRecord], listener: ToolLoopListener
    ) -> Message:
        """Store the function responses as the answer to the model turn ``turn_id`` that asked for them."""
        message = self._store.add_message(
            conversation_id,
            "user",
            [record.part for record in records],
            "",
            meta={TOOL_CALLS_META: records_meta(records)},
            parent_id=turn_id,
            show=False,
        )
        listener.on_tool_results(message)
        return message
