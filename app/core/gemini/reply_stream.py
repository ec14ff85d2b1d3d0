"""`ReplyStream`: one streamed reply, from the HTTP response to typed events, with retries and timeouts.

Timing rules (PROTOCOL-NOTES §6):

* Silence: httpx's read timeout is the *idle* timeout, the longest wait for any byte.
* Keep-alives are not progress: some gateways send SSE comments (``: PING``) every few seconds while the
  upstream is stuck. The stall timeout counts time without *data* (bytes of a data event; comments and blank
  lines do not count), and ends the reply with the same "No data from the gateway for N s" error.
* A finished answer is finished: once a candidate's ``finishReason`` (or a prompt block) has arrived, the
  reply ends at EOF or `FINISH_GRACE` seconds later, whatever follows: keep-alives, silence, a cut
  connection, a JSON array that is never closed, an error object. Such an end is not an error;
  `ReplyStream.unclean_end` says what the transport did, for a discreet note.

Size: one event is bounded by the decoder, the whole reply here (`limits.StreamLimits`): past
`limits.REPLY_LIMIT` data bytes the reply ends with `AnswerTooLargeError`, keeping what arrived as its
partial answer, the way a cut connection does.

Answers that are no Gemini stream at all (a one-api ``{"success": false, "message": …}``, a 200 page of
HTML labelled JSON, ``200 text/plain Forbidden``) become the error the same body would give with an error
status, quoting the gateway's words: the body's start is kept until the first response object arrives.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, aclosing
from types import TracebackType
from typing import Any, TypeAlias

from app.core.gemini.accumulator import Accumulator
from app.core.gemini.decoder import StreamDecoder
from app.core.gemini.error_mapping import error_from_response, error_from_stream_object
from app.core.gemini.error_parsing import is_error_object
from app.core.gemini.errors import (
    AnswerTooLargeError,
    EmptyResponseError,
    GeminiError,
    IdleTimeoutError,
    ResponseFormatError,
)
from app.core.gemini.events import Finished, PromptBlocked, Snapshot, StreamEvent
from app.core.gemini.limits import StreamLimits
from app.core.gemini.retry import Retrying, RetryPolicy
from app.core.gemini.transport import (
    ERROR_BODY_LIMIT,
    HttpError,
    HttpResponse,
    RequestSpec,
    read_bounded,
    redirect_target,
    transport_error,
)

__all__ = ["FINISH_GRACE", "ReplyEvent", "ReplyStream"]

ReplyEvent: TypeAlias = StreamEvent | Retrying
"""What iterating a `ReplyStream` yields."""

FINISH_GRACE = 2.0
"""Seconds a stream may go on after its finish reason before the reply is ended as complete."""

_FINISHING_EVENTS = (Finished, PromptBlocked)


async def _close_iterator(iterator: AsyncIterator[bytes]) -> None:
    """Close an async generator (httpx's body iterator) that may have stopped before its end."""
    aclose = getattr(iterator, "aclose", None)
    if aclose is not None:
        with contextlib.suppress(HttpError):
            await aclose()


class ReplyStream:
    """One reply, streamed: an async iterable of `ReplyEvent`s that can be iterated once.

    Close it (`aclose()`, or use it as an async context manager) when stopping early: that closes the HTTP
    response, and with it the connection, at once. Cancelling the task that iterates it has the same effect,
    and is the way to stop it from another task (`aclose()` cannot interrupt an iteration in progress).

    Attributes:
        limits: The size limits of one event and of the whole reply.
        started_at: `time.monotonic()` when iteration started (the first attempt), or None.
        first_byte_at: `time.monotonic()` when the first byte of the answer body arrived, or None. Together
            with `started_at` this gives the time to first token, retries included.
        unclean_end: None, or (for a reply that is complete all the same) what the transport did after the
            finish reason: "kept_open" (keep-alives or silence until the grace period ran out) or
            "broken" (a cut connection, an unfinished object or array, an error object).
        data_bytes: Data bytes of the answer body so far (what `limits.reply` bounds).
    """

    def __init__(
        self,
        spec: RequestSpec,
        open_response: Callable[[RequestSpec], AbstractAsyncContextManager[HttpResponse]],
        policy: RetryPolicy,
        limits: StreamLimits | None = None,
    ) -> None:
        self._spec = spec
        self._open_response = open_response
        self._policy = policy
        self.limits = limits or StreamLimits()
        self._accumulator = Accumulator()
        self._iterator: AsyncGenerator[ReplyEvent, None] | None = None
        self.started_at: float | None = None
        self.first_byte_at: float | None = None
        self.unclean_end: str | None = None
        self.data_bytes = 0
        self._finished_at: float | None = None  # loop time of the finish reason

    @property
    def snapshot(self) -> Snapshot:
        """Everything that arrived so far; also valid after an error or a cancellation."""
        return self._accumulator.snapshot()

    def __aiter__(self) -> AsyncIterator[ReplyEvent]:
        if self._iterator is not None:
            raise RuntimeError("a ReplyStream can be iterated only once")
        self._iterator = self._run()
        return self._iterator

    async def aclose(self) -> None:
        """Stop the reply and close its HTTP response; harmless when already finished or never started."""
        if self._iterator is None:
            self._iterator = self._run()  # so that a later iteration fails instead of sending a request
        await self._iterator.aclose()

    async def __aenter__(self) -> ReplyStream:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def _run(self) -> AsyncGenerator[ReplyEvent, None]:
        self.started_at = time.monotonic()
        attempt = 0
        while True:
            try:
                async with aclosing(self._attempt()) as events:
                    async for event in events:
                        yield event
                return
            except GeminiError as error:
                # Once the answer has started, a retry would repeat text the user has already seen.
                if self.first_byte_at is not None:
                    raise
                attempt += 1
                delay = self._policy.delay_for(error, attempt)
                if delay is None:
                    raise
                failure = error
            yield Retrying(attempt=attempt, delay=delay, error=failure)
            await asyncio.sleep(delay)

    async def _attempt(self) -> AsyncGenerator[StreamEvent, None]:
        spec = self._spec
        try:
            async with self._open_response(spec) as response:
                content_type = response.headers.get("content-type")
                status = response.status_code
                if not 200 <= status < 300 or "html" in (content_type or "").lower():
                    body = await read_bounded(response, ERROR_BODY_LIMIT)
                    location, suggested_base_url = redirect_target(response, spec)
                    raise error_from_response(
                        status,
                        body,
                        content_type,
                        retry_after_header=response.headers.get("retry-after"),
                        location=location,
                        suggested_base_url=suggested_base_url,
                        redact=spec.redact,
                    )
                decoder = StreamDecoder(content_type, event_limit=self.limits.event)
                # An async generator: closed here, not left to a garbage collector without the event loop.
                chunks = response.aiter_bytes()
                # The body's start, kept until the first object: it explains an answer that is no stream.
                head = bytearray()
                try:
                    async with aclosing(self._events(chunks, decoder, head)) as events:
                        async for event in events:
                            yield event
                    if decoder.objects_seen == 0:
                        raise EmptyResponseError(
                            f"HTTP {status} with no response object ({decoder.bytes_seen} bytes)",
                            redact=spec.redact,
                        )
                except ResponseFormatError:
                    # Only keep-alives, or nothing, is an empty answer rather than a foreign body.
                    if decoder.objects_seen or not decoder.data_bytes:
                        raise
                    # Not a Gemini stream from the first byte: explain it from what the body says.
                    with contextlib.suppress(HttpError):
                        async for chunk in chunks:
                            head += chunk
                            if len(head) >= ERROR_BODY_LIMIT:
                                break
                    raise error_from_response(status, bytes(head), content_type, redact=spec.redact) from None
                finally:
                    await _close_iterator(chunks)
        except HttpError as exc:
            if self._finished_at is not None:
                self.unclean_end = "broken"
                return
            partial = self._accumulator.snapshot() if self.first_byte_at is not None else None
            raise transport_error(exc, spec, partial) from exc
        except GeminiError as error:
            if self._finished_at is not None:
                self.unclean_end = "broken"
                return
            if error.partial is None and self.first_byte_at is not None:
                error.partial = self._accumulator.snapshot()
            raise

    async def _events(
        self, chunks: AsyncIterator[bytes], decoder: StreamDecoder, head: bytearray
    ) -> AsyncGenerator[StreamEvent, None]:
        """The body's events, ending the reply on a stall or `FINISH_GRACE` after its finish reason."""
        loop = asyncio.get_running_loop()
        idle = self._spec.idle_timeout
        reply_limit = self.limits.reply
        progress_at = loop.time()  # the last data (the headers, at first)
        data_seen = 0
        stalled = False  # the last read brought only keep-alives
        keep_head = True
        while True:
            finished_at = self._finished_at
            if finished_at is not None:
                deadline: float | None = finished_at + FINISH_GRACE
            else:
                deadline = progress_at + idle if stalled else None
            try:
                if deadline is None:
                    # The usual case: httpx's read timeout is the idle timeout.
                    chunk = await anext(chunks, None)
                else:
                    async with asyncio.timeout_at(deadline):
                        chunk = await anext(chunks, None)
            except TimeoutError:
                if finished_at is not None:
                    self.unclean_end = "kept_open"
                    return
                raise IdleTimeoutError(
                    f"keep-alive comments but no data for {idle:g} s",
                    idle_timeout=idle,
                    partial=self._accumulator.snapshot(),
                    redact=self._spec.redact,
                ) from None
            if chunk is None:
                break
            if not chunk:
                continue
            if self.first_byte_at is None:
                self.first_byte_at = time.monotonic()
            if keep_head:
                head += chunk[: ERROR_BODY_LIMIT - len(head)]
            objects = decoder.feed(chunk)
            data = self.data_bytes = decoder.data_bytes
            stalled = data == data_seen
            if not stalled:
                data_seen = data
                progress_at = loop.time()
            if objects:
                if keep_head:
                    keep_head = False
                    head.clear()  # only needed to explain a body that never gave an object
                for obj in objects:
                    for event in self._consume(obj):
                        if self._finished_at is None and isinstance(event, _FINISHING_EVENTS):
                            self._finished_at = loop.time()
                        yield event
            if data > reply_limit:
                raise AnswerTooLargeError(
                    f"the reply's data passed {reply_limit} bytes",
                    limit=reply_limit,
                    partial=self._accumulator.snapshot(),
                    redact=self._spec.redact,
                )
        # The decoder returns the objects completed at EOF first and raises a fault found together with them
        # on the next close(): call it twice so that neither is lost.
        for _ in range(2):
            for obj in decoder.close():
                for event in self._consume(obj):
                    yield event

    def _consume(self, obj: dict[str, Any]) -> list[StreamEvent]:
        if "candidates" not in obj and is_error_object(obj):
            raise error_from_stream_object(obj, self._accumulator.snapshot(), redact=self._spec.redact)
        return self._accumulator.add(obj)
