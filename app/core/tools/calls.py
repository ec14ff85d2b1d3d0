"""One step of the tool loop: the model's function calls, approved or denied, run, and answered.

The model's turn holding ``functionCall`` parts is stored and replayed exactly as it arrived (every
``thoughtSignature`` included; ``app.core.chat.history``). This module makes the next turn: one
``functionResponse`` part per call, in the calls' order, with the call's ``name`` and ``id``. A call the user
denies, a tool error, a timeout, a crash or a Stop is answered too, as an error the model can react to, so the
history never holds a call without its response.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from app.core.texts import Text, from_json
from app.core.tools.declarations import Declarations, tool_key
from app.core.tools.results import DEFAULT_RESULT_LIMIT, CallOutcome, function_response_part
from app.core.visible_text import reveal_invisible

__all__ = [
    "DEFAULT_STEP_LIMIT",
    "DEFAULT_TOOL_TIMEOUT",
    "TOOL_CALLS_META",
    "TOOL_NOTICES_META",
    "CallRecord",
    "Decision",
    "PendingCall",
    "ToolCaller",
    "answer_calls",
    "function_calls",
    "pending_calls",
    "records_meta",
    "stored_tool_notices",
    "unoffered_call_notices",
]

TOOL_CALLS_META = "tool_calls"
"""The meta key of a function-response message listing its calls (see :func:`records_meta`)."""

TOOL_NOTICES_META = "tool_notices"
"""A reply's meta key: what the user should know about its calls (a server that did not start, the step
limit, a call to a function that was never offered), kept as JSON texts."""

# A function name is the model's (or the gateway's) word: shown in a notice, it is cut to a readable length.
_SHOWN_NAME_CHARS = 80

DEFAULT_STEP_LIMIT = 10
"""Model turns with function calls answered in a row before the loop stops and says so."""

DEFAULT_TOOL_TIMEOUT = 60.0
"""Seconds a tool has to answer."""

Decision = Literal["once", "conversation", "always", "deny"]
DECISIONS: tuple[Decision, ...] = ("once", "conversation", "always", "deny")


@dataclass(frozen=True)
class PendingCall:
    """A function call the model made, routed to its server's tool.

    Attributes:
        call: The ``functionCall`` object as received (name, args, maybe id).
        server: The server offering the tool ("" when the name matches no declared tool).
        tool: The tool's name on that server.
    """

    call: Mapping[str, Any]
    server: str
    tool: str

    @property
    def function(self) -> str:
        """The function name the model used."""
        return str(self.call.get("name", ""))

    @property
    def call_id(self) -> str | None:
        """The call's ``id`` (Gemini 3 gives parallel calls one each), or None."""
        value = self.call.get("id")
        return value if isinstance(value, str) else None

    @property
    def arguments(self) -> dict[str, Any]:
        """The call's arguments (an empty dict when the model gave none or no object)."""
        args = self.call.get("args")
        return dict(args) if isinstance(args, Mapping) else {}

    @property
    def key(self) -> str:
        """``server/tool``: how approvals name the tool."""
        return tool_key(self.server, self.tool)


@dataclass(frozen=True)
class CallRecord:
    """A call, how it was decided, how it ended and the part answering it."""

    pending: PendingCall
    decision: Decision | Literal["preapproved"]
    outcome: CallOutcome
    part: dict[str, Any]
    seconds: float = 0.0


def function_calls(parts: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The ``functionCall`` objects of a model turn, in order."""
    return [p["functionCall"] for p in parts if isinstance(p.get("functionCall"), Mapping)]


def stored_tool_notices(meta: Mapping[str, Any]) -> list[Text]:
    """The tool notices a reply's meta holds (unreadable entries are left out)."""
    stored = meta.get(TOOL_NOTICES_META)
    texts = [from_json(item) for item in stored] if isinstance(stored, list) else []
    return [text for text in texts if isinstance(text, Text)]


def unoffered_call_notices(parts: Iterable[Mapping[str, Any]], body: Mapping[str, Any]) -> list[Text]:
    """Notices for the calls in ``parts`` when the request ``body`` offered no function.

    Nothing answers such a call, so the answer ends with it: without a word the user cannot tell whether
    anything ran. (When functions are offered, the tool loop answers an undeclared name with an error the
    model reads, and the transcript's call card says so.)
    """
    tools = body.get("tools")
    if isinstance(tools, list) and any(
        isinstance(t, Mapping) and t.get("functionDeclarations") for t in tools
    ):
        return []
    names: list[str] = []
    for call in function_calls(parts):
        name = reveal_invisible(str(call.get("name", "")))
        if len(name) > _SHOWN_NAME_CHARS:
            name = name[: _SHOWN_NAME_CHARS - 1] + "…"
        if name not in names:
            names.append(name)
    return [Text("tools.not_offered", function=name) for name in names]


def pending_calls(parts: Iterable[Mapping[str, Any]], declarations: Declarations) -> list[PendingCall]:
    """The model turn's calls routed through ``declarations`` (unknown names get an empty server)."""
    pending = []
    for call in function_calls(parts):
        declared = declarations.route(str(call.get("name", "")))
        if declared is None:
            pending.append(PendingCall(call, "", str(call.get("name", ""))))
        else:
            pending.append(PendingCall(call, declared.tool.server, declared.tool.name))
    return pending


class ToolCaller(Protocol):
    """Calls a server's tool: what the loop needs of ``app.core.tools.host.McpHost``."""

    async def call(
        self,
        server: str,
        tool: str,
        arguments: Mapping[str, Any],
        *,
        timeout: float,
        progress: Callable[[float, float | None, str | None], None] | None = None,
    ) -> CallOutcome:
        """Call a tool; see ``McpHost.call``."""
        ...


Ask = Callable[[Sequence[PendingCall]], Awaitable[Sequence[Decision]]]
"""Asks the user about the calls that need approval; returns one decision per call."""


async def answer_calls(
    calls: Sequence[PendingCall],
    *,
    caller: ToolCaller,
    ask: Ask,
    preapproved: Callable[[PendingCall], bool],
    model: str,
    timeout: float = DEFAULT_TOOL_TIMEOUT,
    result_limit: int = DEFAULT_RESULT_LIMIT,
    on_record: Callable[[CallRecord], None] | None = None,
    on_started: Callable[[PendingCall], None] | None = None,
    progress: Callable[[PendingCall, float, float | None, str | None], None] | None = None,
) -> list[CallRecord]:
    """Decide, run and answer each of ``calls``; the records come back in the calls' order.

    Calls needing approval are asked about together (one ``ask``); approved calls then run concurrently.
    If the caller is cancelled (Stop), the calls still running are cancelled on their servers and
    ``asyncio.CancelledError`` propagates; use :func:`cancelled_records` to answer what was left.
    """
    decisions: dict[int, Decision | Literal["preapproved"]] = {}
    to_ask = [i for i, c in enumerate(calls) if c.server and not preapproved(c)]
    for i, call in enumerate(calls):
        if call.server and i not in to_ask:
            decisions[i] = "preapproved"
    if to_ask:
        answers = list(await ask([calls[i] for i in to_ask]))
        for i, answer in zip(to_ask, answers, strict=True):
            decisions[i] = answer
    loop = asyncio.get_running_loop()

    async def run(index: int, call: PendingCall) -> CallRecord:
        decision = decisions.get(index, "deny")
        started = loop.time()
        if not call.server:
            outcome = CallOutcome("unknown_tool", detail=f"{call.function!r} was not declared.")
        elif decision == "deny":
            outcome = CallOutcome("denied")
        else:
            if on_started is not None:
                on_started(call)
            report = None if progress is None else (lambda d, t, m: progress(call, d, t, m))
            outcome = await caller.call(
                call.server, call.tool, call.arguments, timeout=timeout, progress=report
            )
        part = function_response_part(call.call, outcome, model=model, limit=result_limit)
        record = CallRecord(call, decision, outcome, part, round(loop.time() - started, 3))
        if on_record is not None:
            on_record(record)
        return record

    return list(await asyncio.gather(*(run(i, c) for i, c in enumerate(calls))))


def cancelled_records(
    calls: Sequence[PendingCall], done: Sequence[CallRecord], model: str
) -> list[CallRecord]:
    """Records for every call: those in ``done``, and a ``cancelled`` answer for the rest (after a Stop)."""
    finished = {id(r.pending): r for r in done}
    records = []
    for call in calls:
        record = finished.get(id(call))
        if record is None:
            outcome = CallOutcome("cancelled")
            record = CallRecord(
                call, "once", outcome, function_response_part(call.call, outcome, model=model)
            )
        records.append(record)
    return records


def records_meta(records: Sequence[CallRecord]) -> list[dict[str, Any]]:
    """What a stored function-response message keeps about its calls, for the transcript and the export.

    The parts themselves carry what the model reads; this adds who ran it, the decision, the outcome and
    the result's size, so the transcript can show them after a restart.
    """
    meta = []
    for record in records:
        response = record.part["functionResponse"]["response"]
        size = len(json.dumps(response, ensure_ascii=False))
        entry: dict[str, Any] = {
            "function": record.pending.function,
            "server": record.pending.server,
            "tool": record.pending.tool,
            "decision": record.decision,
            "outcome": record.outcome.outcome,
            "seconds": record.seconds,
            "size": size,
        }
        if record.pending.call_id is not None:
            entry["id"] = record.pending.call_id
        if record.outcome.detail:
            entry["detail"] = record.outcome.detail
        if "note" in response:
            entry["note"] = response["note"]
        meta.append(entry)
    return meta
