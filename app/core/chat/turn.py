"""One reply: stream it from the client into a stored message, checkpointing as it grows."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
import traceback
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from app.core.gemini.errors import GeminiError, MalformedStreamError
from app.core.gemini.events import FunctionCallReceived, Snapshot, StreamEvent
from app.core.gemini.retry import Retrying
from app.core.json_depth import MAX_SHOWN_DEPTH, bounded, nesting_exceeds
from app.core.redaction import redact_text
from app.core.store.conversations import ConversationStore
from app.core.store.db import StoreError
from app.core.store.error_records import error_record
from app.core.store.records import Message, MessageStatus
from app.core.store.rows import UNSET
from app.core.texts import Text, to_json
from app.core.tools.calls import TOOL_NOTICES_META, unoffered_call_notices

if TYPE_CHECKING:
    from app.core.gemini.client import GeminiClient, ReplyStream

_log = logging.getLogger(__name__)

CHECKPOINT_INTERVAL = 1.0
"""Seconds between checkpoints: a killed app loses at most about this much of a reply (up to
`CHECKPOINT_SMALL` bytes; past it, see `CHECKPOINT_GROWTH`)."""

CHECKPOINT_SMALL = 1024 * 1024
"""Data bytes of a reply up to which every interval's checkpoint is written. Text answers stay far below
it (65,536 tokens are about 300 KB)."""

CHECKPOINT_GROWTH = 1.0
"""Past `CHECKPOINT_SMALL`, a checkpoint waits until the reply has grown by this fraction of what the last
one wrote. Each checkpoint rewrites the whole reply, so writing a growing 96 MB reply every second wrote
gigabytes; doubling, all checkpoints together write at most twice the reply. A killed app loses at most the
half of such a reply that came after its last checkpoint (or an interval's worth, if more)."""

WORKER_WRITE_CHARS = 64_000
"""Completed replies longer than this (characters) are written by a worker thread, when the runner has one."""

_YIELD_INTERVAL = 0.004  # seconds of back-to-back stream events before the event loop gets a turn

MIN_RATE_SECONDS = 0.25
"""Shorter generation times give no tokens-per-second figure (a one-chunk reply has no real rate)."""


class TurnListener(Protocol):
    """Receives what happens during a reply (the Qt controller turns these into signals)."""

    def on_started(self, snapshot: Callable[[], Snapshot]) -> None:
        """The request is on its way; ``snapshot()`` returns what has arrived at any moment."""

    def on_event(self, event: StreamEvent) -> None:
        """A typed stream event arrived."""

    def on_retrying(self, retrying: Retrying) -> None:
        """The client is about to retry after an error before the first byte."""


def cancelled_status() -> MessageStatus:
    """How a reply cancelled now is stored: ``stopped`` when its task is being cancelled (Stop, Ctrl+C).

    A cancellation that is not the task's (a future it awaited was cancelled elsewhere: a tool server's call
    ended on its side) did not come from the user: ``interrupted``.
    """
    task = asyncio.current_task()
    return "stopped" if task is not None and task.cancelling() else "interrupted"


@dataclass(frozen=True, slots=True)
class TurnOutcome:
    """How a reply ended.

    Attributes:
        status: ``complete``, ``interrupted`` (the stream ended without a finish reason), ``error`` or
            ``stopped`` (cancelled by the user).
        snapshot: Everything that arrived.
        error: The error for ``status == "error"``.
        message: The stored reply as it now stands.
    """

    status: MessageStatus
    snapshot: Snapshot
    error: GeminiError | None
    message: Message


def stored_error_record(error: GeminiError) -> dict[str, Any]:
    """What the store keeps about an error (codes and parameters), so history shows it after a restart."""
    return error_record(
        type_name=type(error).__name__,
        status=error.status,
        retryable=error.retryable,
        code=error.code,
        title=error.title(),
        message=error.user_message(),
    )


def _unexpected_error(exc: Exception, client: GeminiClient) -> GeminiError:
    """Log an exception that is no `GeminiError` (a bug) without the key, and wrap it to be stored."""
    secrets = (client.config.api_key,)
    trace = redact_text("".join(traceback.format_exception(exc)), secrets)
    _log.error("a reply failed unexpectedly:\n%s", trace.rstrip())
    return GeminiError(f"{type(exc).__name__}: {exc}", redact=secrets)


def _too_deep(snapshot: Snapshot) -> GeminiError:
    """The error ending a reply whose function call nests deeper than can be shown or stored."""
    parts = [bounded(part) for part in snapshot.parts]
    return MalformedStreamError(
        f"a function call's arguments nest deeper than {MAX_SHOWN_DEPTH} levels",
        partial=dataclasses.replace(snapshot, parts=parts),
    )


async def _close_quietly(stream: ReplyStream, client: GeminiClient) -> None:
    """Close the stream; a failure to close must not replace how the reply ended (it is stored already)."""
    try:
        await stream.aclose()
    except Exception as exc:
        secrets = (client.config.api_key,)
        _log.warning(
            "could not close a reply's stream: %s", redact_text(f"{type(exc).__name__}: {exc}", secrets)
        )


@dataclass(slots=True)
class _Timing:
    started: float
    first_token: float | None = None
    ended: float | None = None
    unclean_end: str | None = None  # how the transport misbehaved after a finished answer (ReplyStream)
    notices: list[Text] = field(default_factory=list)  # what the user should know about the end (stored)


@dataclass(frozen=True, slots=True)
class CheckpointPolicy:
    """When a growing reply is written (see `CHECKPOINT_INTERVAL`, `CHECKPOINT_SMALL`, `CHECKPOINT_GROWTH`).

    Attributes:
        interval: Seconds between checkpoints.
        small: Data bytes up to which every interval's checkpoint is written.
        growth: Past ``small``, the fraction by which the reply must have grown since the last checkpoint.
    """

    interval: float = CHECKPOINT_INTERVAL
    small: int = CHECKPOINT_SMALL
    growth: float = CHECKPOINT_GROWTH


class _Checkpoints:
    """Writes a growing reply at most once per interval, and at the latest one interval after it grew.

    Writing only when a chunk arrives would leave the last chunks before a long silence (a thinking model, a
    stalled gateway) unsaved for as long as the silence lasts, so a timer writes what is pending when its
    interval is up. A failed timed write is logged; the final write of the reply reports the error. A large
    reply is written only once it has grown enough (`CheckpointPolicy.growth`), so that the cost of all its
    checkpoints stays proportional to its size.
    """

    def __init__(
        self,
        write: Callable[[], None],
        size: Callable[[], int],
        clock: Callable[[], float],
        policy: CheckpointPolicy,
        start: float,
    ) -> None:
        self._write = write
        self._size = size
        self._clock = clock
        self._policy = policy
        self._last = start
        self._written = 0  # the size of the reply at the last checkpoint
        self._timer: asyncio.TimerHandle | None = None

    def content_arrived(self) -> None:
        """Write now if the interval is up, else make sure a write happens when it is.

        Nothing is due while a large reply has not grown enough since its last checkpoint: a later arrival
        checks again.
        """
        written = self._written
        if written >= self._policy.small and self._size() < written * (1 + self._policy.growth):
            return
        now = self._clock()
        due = self._last + self._policy.interval
        if now >= due:
            try:
                self._write_now()
            except StoreError as error:
                # A full disk must not end the answer: it keeps arriving and showing, is written when the
                # reply ends, and that final write reports the problem. Try again an interval from now.
                self._last = now
                _log.warning("could not checkpoint a streaming reply: %s", type(error).__name__)
        elif self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(due - now, self._on_timer)

    def cancel(self) -> None:
        """Drop a pending timed write (the reply's final write follows)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _write_now(self) -> None:
        self.cancel()
        size = self._size()
        self._write()
        self._written = size
        self._last = self._clock()

    def _on_timer(self) -> None:
        self._timer = None
        try:
            self._write_now()
        except Exception as error:  # a callback has no caller to raise to
            _log.warning("could not checkpoint a streaming reply: %s", type(error).__name__)


class TurnRunner:
    """Streams replies into the store.

    Args:
        store: Where replies are kept.
        clock: Monotonic seconds (injectable for tests).
        checkpoints: When a growing reply is checkpointed.
        open_worker_store: Opens another connection to the same database, for use on one worker thread. When
            given, a completed reply longer than ``worker_write_chars`` is written by a worker thread: that
            write adds the whole text to the search index (about 0.2 s for 1 MB), which would otherwise stall
            the caller's event loop. SQLite runs it without holding the GIL.
        worker_write_chars: See ``open_worker_store``.
    """

    def __init__(
        self,
        store: ConversationStore,
        *,
        clock: Callable[[], float] = time.monotonic,
        checkpoints: CheckpointPolicy = CheckpointPolicy(),
        open_worker_store: Callable[[], AbstractContextManager[ConversationStore]] | None = None,
        worker_write_chars: int = WORKER_WRITE_CHARS,
    ) -> None:
        self._store = store
        self._clock = clock
        self._checkpoints = checkpoints
        self._open_worker_store = open_worker_store
        self._worker_write_chars = worker_write_chars

    def begin_reply(
        self, conversation_id: int, model: str, *, answering: int | None = None, show: bool = True
    ) -> Message:
        """Store an empty ``streaming`` reply that the stream will fill, and show it.

        Args:
            conversation_id: The conversation.
            model: The model asked.
            answering: The message it answers (a new answer beside earlier ones is a new version); None for
                the end of the path the conversation shows.
            show: Also show the path down to it; False keeps the shown path as the user left it (see
                ``ConversationStore.add_message``).
        """
        return self._store.add_message(
            conversation_id,
            "model",
            [],
            "",
            "streaming",
            meta={"model": model},
            parent_id=UNSET if answering is None else answering,
            show=show,
        )

    async def stream_reply(
        self,
        client: GeminiClient,
        reply: Message,
        model: str,
        body: dict[str, Any],
        listener: TurnListener,
        *,
        cancelled_as: Callable[[], MessageStatus] = cancelled_status,
    ) -> TurnOutcome:
        """Stream ``body`` to ``model`` into ``reply`` and store how it ended.

        Every failure ends the reply as a stored ``error`` (never a row left ``streaming``): a request that
        cannot be made (a key holding a character that cannot be sent, no model) without sending anything,
        and an unexpected exception as a generic error, logged without the key. A cancellation stores what
        arrived with the status ``cancelled_as()`` gives (``stopped`` for a Stop) and is re-raised.

        Raises:
            StoreError: The final write failed (the caller keeps the reply in memory).
        """
        timing = _Timing(started=self._clock())
        try:
            stream = client.stream_generate(model, body)
        except Exception as exc:  # nothing was sent; without this the reply would stay "streaming"
            error = exc if isinstance(exc, GeminiError) else _unexpected_error(exc, client)
            return self._finish(reply, model, Snapshot(), timing, "error", error)

        def write_checkpoint() -> None:
            snapshot = stream.snapshot
            self._store.checkpoint(
                reply.id, snapshot.parts, snapshot.text, self._meta(model, snapshot, timing)
            )

        checkpoints = _Checkpoints(
            write_checkpoint, lambda: stream.data_bytes, self._clock, self._checkpoints, timing.started
        )
        yielded = timing.started
        try:
            listener.on_started(lambda: stream.snapshot)
            async for item in stream:
                if isinstance(item, Retrying):
                    listener.on_retrying(item)
                    continue
                if timing.first_token is None:
                    timing.first_token = self._clock()
                if isinstance(item, FunctionCallReceived) and nesting_exceeds(item.args):
                    raise _too_deep(stream.snapshot)
                listener.on_event(item)
                checkpoints.content_arrived()
                # A gateway that sends faster than the reply is shown delivers hundreds of events per read,
                # all handled without a pause; give the event loop (input, painting) a turn every few ms.
                now = self._clock()
                if now - yielded >= _YIELD_INTERVAL:
                    await asyncio.sleep(0)
                    yielded = now
        except asyncio.CancelledError:
            self._finish(reply, model, stream.snapshot, timing, cancelled_as(), None)
            raise
        except GeminiError as error:
            partial = error.partial if error.partial is not None else stream.snapshot
            return self._finish(reply, model, partial, timing, "error", error)
        except Exception as exc:  # a bug must not leave the reply "streaming" with nobody told
            return self._finish(
                reply, model, stream.snapshot, timing, "error", _unexpected_error(exc, client)
            )
        finally:
            checkpoints.cancel()
            await _close_quietly(stream, client)
        snapshot = stream.snapshot
        status: MessageStatus = "complete" if snapshot.is_complete else "interrupted"
        # A complete answer whose stream did not end properly keeps a note of it (see ReplyStream).
        timing.unclean_end = stream.unclean_end
        # A call to a function the request did not offer is answered by nobody: the answer ends with it.
        timing.notices = unoffered_call_notices(snapshot.parts, body)
        open_worker_store = self._open_worker_store
        if open_worker_store is not None and len(snapshot.text) > self._worker_write_chars:
            return await self._finish_on_worker(open_worker_store, reply, model, snapshot, timing, status)
        return self._finish(reply, model, snapshot, timing, status, None)

    def end_unsent(
        self,
        client: GeminiClient,
        reply: Message,
        model: str,
        status: MessageStatus,
        error: Exception | None = None,
    ) -> TurnOutcome | None:
        """End ``reply``, still ``streaming``, whose request was never sent (preparing it failed, or Stop).

        ``error`` is stored for ``status="error"`` (one that is no ``GeminiError`` is logged as a bug).

        Returns:
            How it ended; None when it had ended already (its stream ended it).
        """
        stored = self._store.get_message(reply.id)
        if stored is None or stored.status != "streaming":
            return None
        failure = None
        if error is not None:
            failure = error if isinstance(error, GeminiError) else _unexpected_error(error, client)
        return self._finish(reply, model, Snapshot(), _Timing(self._clock()), status, failure)

    async def _finish_on_worker(
        self,
        open_store: Callable[[], AbstractContextManager[ConversationStore]],
        reply: Message,
        model: str,
        snapshot: Snapshot,
        timing: _Timing,
        status: MessageStatus,
    ) -> TurnOutcome:
        """``_finish`` for a long reply, with the write on a worker thread and its own connection.

        The worker opens, writes and closes its connection itself: a sqlite3 connection belongs to the thread
        that made it. The caller reads the message afterwards through its own connection (WAL shows it the
        committed row). Cancelling the caller does not cancel a write that has started.
        """
        timing.ended = self._clock()
        meta = self._meta(model, snapshot, timing)

        def write() -> Message:
            with open_store() as store:
                return store.finish_message(
                    reply.id, parts=snapshot.parts, text=snapshot.text, status=status, meta=meta
                )

        message = await asyncio.to_thread(write)
        return TurnOutcome(status=status, snapshot=snapshot, error=None, message=message)

    def _finish(
        self,
        reply: Message,
        model: str,
        snapshot: Snapshot,
        timing: _Timing,
        status: MessageStatus,
        error: GeminiError | None,
    ) -> TurnOutcome:
        timing.ended = self._clock()
        meta = self._meta(model, snapshot, timing)
        message = self._store.finish_message(
            reply.id,
            parts=snapshot.parts,
            text=snapshot.text,
            status=status,
            meta=meta,
            error=None if error is None else stored_error_record(error),
        )
        return TurnOutcome(status=status, snapshot=snapshot, error=error, message=message)

    @staticmethod
    def _meta(model: str, snapshot: Snapshot, timing: _Timing) -> dict[str, Any]:
        meta: dict[str, Any] = {"model": model}
        if snapshot.usage is not None:
            meta["usage"] = snapshot.usage.to_metadata()
        for key, value in (
            ("finish_reason", snapshot.finish_reason),
            ("finish_message", snapshot.finish_message),
            ("block_reason", snapshot.block_reason),
            ("model_version", snapshot.model_version),
            ("response_id", snapshot.response_id),
        ):
            if value is not None:
                meta[key] = value
        if snapshot.safety_ratings:
            meta["safety_ratings"] = list(snapshot.safety_ratings)
        if snapshot.grounding is not None:
            meta["grounding"] = dict(snapshot.grounding.raw)
        if snapshot.prompt_feedback is not None:
            meta["prompt_feedback"] = snapshot.prompt_feedback
        if timing.unclean_end is not None:
            meta["unclean_end"] = timing.unclean_end
        if timing.notices:
            meta[TOOL_NOTICES_META] = [to_json(text) for text in timing.notices]
        if timing.first_token is not None:
            meta["time_to_first_token"] = round(timing.first_token - timing.started, 3)
        if timing.ended is not None:
            meta["duration"] = round(timing.ended - timing.started, 3)
            tokens = snapshot.usage.candidates_tokens if snapshot.usage else 0
            generating = timing.ended - (timing.first_token or timing.ended)
            # A reply that arrived in one chunk has no meaningful rate.
            if tokens and generating >= MIN_RATE_SECONDS:
                meta["tokens_per_second"] = round(tokens / generating, 1)
        return meta
