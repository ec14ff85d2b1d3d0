r"""Bytes in, complete Gemini response objects out: one incremental decoder for all four stream shapes.

The shapes (see the protocol notes, section 2):

* Google SSE: ``data: {json}\r\n\r\n`` per event, no ``[DONE]``.
* Gateway SSE: ``data: {json}\n\n``; maybe ``: PING`` comments, ``data:`` without a space, ``[DONE]``,
  and a raw pretty-printed ``{"error": ...}`` object (not prefixed by ``data:``) after the events.
* JSON array: ``[{pretty object}\r\n,\r\n{...}\r\n]``; each element is returned as soon as it closes.
* Single JSON object: one pretty-printed response.

The shape is chosen by the first non-blank byte after an optional UTF-8 BOM (``[`` or ``{``: JSON, anything
else: SSE). The ``Content-Type`` only names the expected shape until that byte arrives; the byte wins because
gateways are known to label JSON bodies ``text/event-stream`` and the other way round.

Policies:

* Everything works on bytes. SSE lines end at LF, CRLF or a bare CR, as the SSE standard says (a raw CR
  cannot occur inside a JSON string), and never at a raw U+2028/U+2029 inside a JSON string. UTF-8 is
  decoded per complete line or object, never per chunk, so a character split across network reads is
  whole by the time it is decoded.
* Keep-alives are counted apart: `StreamDecoder.data_bytes` grows only with bytes that may carry data,
  not with comments (``: PING``) or blank lines between events, so a caller can tell a stall from progress.
* Invalid UTF-8 is decoded with ``errors="replace"`` (U+FFFD): a damaged byte in an answer's text should
  cost one character, not the whole reply. Damage that breaks the JSON itself is a MalformedStreamError.
* Errors never lose objects: when a fault is found after some objects in the same ``feed()`` call, those
  objects are returned and the fault is raised by the next call (``feed()`` or ``close()``).
* One event is bounded (``event_limit``, `limits.EVENT_LIMIT` by default): the bytes held for the event
  being read (an unfinished line, the data lines of an SSE event, an unclosed JSON element or the blanks
  between elements) never exceed it by more than one fed chunk. Past it the stream fails with
  AnswerTooLargeError at once, instead of buffering a line that may never end.
* Only the project's own errors escape: MalformedStreamError (bytes that are not what the shape requires),
  TruncatedStreamError (EOF inside an object or an unclosed array) and AnswerTooLargeError.
"""

from __future__ import annotations

import json
import json.scanner
import re
from enum import Enum
from typing import Any, Final

import orjson

from app.core.gemini.errors import (
    AnswerTooLargeError,
    GeminiError,
    MalformedStreamError,
    TruncatedStreamError,
)
from app.core.gemini.json_values import JsonValueScanner, ScanState, excerpt, load_object
from app.core.gemini.limits import EVENT_LIMIT

__all__ = ["StreamDecoder", "StreamShape"]

_BOM: Final = b"\xef\xbb\xbf"
_WHITESPACE: Final = b" \t\r\n"

# Fields of an SSE line that carry no payload for us (event:, id:, retry:, or any other name) are ignored.
_SSE_FIELD: Final = re.compile(rb"[A-Za-z_][A-Za-z0-9_.-]*(?::|$)")

# A line that may open a simple event: "data:", at most one space, then a JSON object.
_DATA_OBJECT: Final = (b"data: {", b"data:{")
_loads: Final = orjson.loads  # one global lookup instead of two, per event

_OPEN_OBJECT: Final = 0x7B
_OPEN_ARRAY: Final = 0x5B
_COLON: Final = 0x3A
_NO_DATA_YET: Final = b":\r\n"  # first bytes of an unfinished line that is no data (yet)
# What one held data line costs beyond its bytes (a bytearray object and its list slot): counted against the
# event limit so that millions of one-byte data lines cannot hold many times the limit.
_LINE_COST: Final = 64


class StreamShape(Enum):
    """The shape of a response body, as far as the decoder has seen it."""

    SSE = "sse"
    JSON_ARRAY = "json_array"
    JSON_OBJECT = "json_object"


class StreamDecoder(JsonValueScanner):
    r"""Incremental decoder from response body bytes to Gemini response objects.

    Feed it network chunks of any size and alignment; it returns each JSON object as soon as its last byte
    has arrived. Error objects (``{"error": ...}``) are returned like any other object.

    Example:
        >>> dec = StreamDecoder("text/event-stream")
        >>> dec.feed(b'data: {"a": 1}\n') + dec.feed(b"\n")
        [{'a': 1}]
        >>> dec.close()
        []
    """

    def __init__(self, content_type: str | None = None, *, event_limit: int = EVENT_LIMIT) -> None:
        """Creates a decoder.

        Args:
            content_type: the response's Content-Type header, if known. It only names the expected shape
                until the first non-blank byte arrives, which decides.
            event_limit: bytes the event being read may hold before the stream fails (see the policies).
        """
        self._event_limit = event_limit
        self._expected: StreamShape | None = None
        if content_type is not None:
            media = content_type.split(";", 1)[0].strip().lower()
            if media == "text/event-stream":
                self._expected = StreamShape.SSE
            elif media.endswith("json"):
                self._expected = StreamShape.JSON_OBJECT
        super().__init__()
        self._shape: StreamShape | None = None
        self._keepalive = 0  # bytes of SSE comments and blank lines outside events, and leading blanks
        self._objects = 0
        self._closed = False
        self._pending_error: GeminiError | None = None
        self._saw_done = False
        # SSE: the data lines of the event being read.
        self._data: list[bytes | bytearray] = []
        self._data_size = 0  # their bytes, plus _LINE_COST each
        # The parsed object of a one-line event whose blank line has not arrived yet.
        self._ready: dict[str, Any] | None = None
        # The C scanner behind json.loads, called directly: the fast path checks the end position itself,
        # which saves json.loads' Python-level wrapping (a measurable share of a 700-byte event).
        # (typeshed types make_scanner's argument as the scanner itself; it takes a JSONDecoder.)
        self._scan_object = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]

    # ---------------------------------------------------------------- public

    @property
    def bytes_seen(self) -> int:
        """Number of body bytes fed so far (including ignored ones)."""
        return self._bytes_seen

    @property
    def data_bytes(self) -> int:
        """Number of body bytes fed so far that may carry data: all but keep-alives.

        Keep-alives are SSE comment lines (``: PING``), blank lines outside an event and blanks before the
        body's first value, including an unfinished comment at the end of what was fed. A stream whose
        `data_bytes` stops growing is stalled, however many keep-alives still arrive.
        """
        buf = self._buf
        pos = self._pos
        if pos < len(buf) and self._state is ScanState.LINES and not self._data and buf[pos] in _NO_DATA_YET:
            # An unfinished comment, or the CR of a line end whose LF is still to come, is no data yet.
            return self._bytes_seen - self._keepalive - (len(buf) - pos)
        return self._bytes_seen - self._keepalive

    @property
    def objects_seen(self) -> int:
        """Number of objects returned so far."""
        return self._objects

    @property
    def shape(self) -> StreamShape | None:
        """The sniffed shape, or the one the Content-Type announced while no byte has decided yet."""
        return self._shape if self._shape is not None else self._expected

    @property
    def saw_done(self) -> bool:
        """Whether a ``data: [DONE]`` event ended the stream."""
        return self._saw_done

    def feed(self, chunk: bytes) -> list[dict[str, Any]]:
        """Adds body bytes and returns the objects they complete, in stream order.

        Raises:
            MalformedStreamError: the bytes cannot be the announced shape (possibly found by an earlier call
                that still had objects to return).
            RuntimeError: the decoder was already closed.
        """
        if self._closed:
            raise RuntimeError("feed() after close()")
        if self._pending_error is not None:
            self._raise_pending()
        self._bytes_seen += len(chunk)
        state = self._state
        if state is ScanState.DONE:
            return []
        buf = self._buf
        buf += chunk
        out: list[dict[str, Any]] = []
        if state is ScanState.LINES and not self._data:
            # Fast path for the usual run of simple events (one data: line holding an object, then a blank
            # line): one byte search, one slice and one orjson call per event, no per-line bookkeeping.
            # It stops at the first line it cannot take whole (an unfinished or unusual event, a comment,
            # [DONE], a payload orjson refuses) and hands everything from there to the line loop, which
            # reads it exactly as before. The payload keeps the space after "data:" and the CR of a CRLF
            # line end: both are blanks to JSON, and the "{" after them makes any parsed payload an object,
            # so the objects are exactly the ones the line loop would return.
            last = len(buf) - 1
            pos = self._pos
            scan = self._scan  # no LF between _pos and _scan: an earlier call searched that part
            while True:
                newline = buf.find(b"\n", scan)
                if newline < 0:
                    if buf.find(b"\r", scan) >= 0:
                        break  # a CR may end a line: the line loop knows
                    if last + 1 - pos > self._event_limit:
                        self._refuse_oversized()
                        return self._finish_call(out)
                    # Only an unfinished line is left: nothing for the line loop to do yet.
                    self._objects += len(out)
                    if pos:
                        del buf[:pos]
                    self._pos = 0
                    self._scan = last + 1 - pos
                    return out
                if newline < last and buf[newline + 1] == 0x0A:
                    after = newline + 2
                elif newline + 1 < last and buf[newline + 1] == 0x0D and buf[newline + 2] == 0x0A:
                    after = newline + 3
                else:
                    break
                if not buf.startswith(_DATA_OBJECT, pos):
                    break
                try:
                    out.append(_loads(buf[pos + 5 : newline]))
                except orjson.JSONDecodeError:
                    break
                pos = scan = after
            self._pos = self._scan = pos
        self._run(out, eof=False)
        if (
            len(self._buf) - self._pos + self._data_size > self._event_limit
            and self._state is not ScanState.DONE
        ):
            self._refuse_oversized()
        return self._finish_call(out)

    def close(self) -> list[dict[str, Any]]:
        """Signals the end of the body and returns the objects it completes (a pending SSE event).

        Calling it again is harmless. In the rare case where the end of the body both completes objects and
        reveals a fault, the objects are returned and the fault is raised by the next ``close()``.

        Raises:
            TruncatedStreamError: the body ended inside an object or an array that was never closed.
            MalformedStreamError: the last bytes are not what the shape requires.
        """
        if self._closed:
            self._raise_pending()
            return []
        self._closed = True
        self._raise_pending()
        out: list[dict[str, Any]] = []
        if self._state is not ScanState.DONE:
            self._run(out, eof=True)
            if self._state is ScanState.VALUE and self._pending_error is None:
                self._pending_error = self._truncation()
        self._buf = bytearray()
        return self._finish_call(out)

    # ---------------------------------------------------------------- machinery

    def _refuse_oversized(self) -> None:
        """Fails the stream (on this call, or the next if this one has objects) and drops the held bytes."""
        self._pending_error = AnswerTooLargeError(
            f"an event holds more than {self._event_limit} bytes after {self._bytes_seen} bytes of the body",
            kind="event",
            limit=self._event_limit,
        )
        self._state = ScanState.DONE
        self._buf.clear()
        self._pos = self._scan = 0
        self._data.clear()
        self._data_size = 0

    def _raise_pending(self) -> None:
        if self._pending_error is not None:
            error, self._pending_error = self._pending_error, None
            self._state = ScanState.DONE  # a faulty stream yields nothing more
            raise error

    def _finish_call(self, out: list[dict[str, Any]]) -> list[dict[str, Any]]:
        self._objects += len(out)
        if not out:
            self._raise_pending()
        return out

    def _run(self, out: list[dict[str, Any]], eof: bool) -> None:
        """Advances the state machine as far as the buffer allows, then compacts the buffer."""
        try:
            while True:
                state = self._state
                if state is ScanState.LINES:
                    if not self._read_lines(out, eof):
                        break
                elif state is ScanState.VALUE:
                    if not self._scan_value(out, eof):
                        break
                elif state is ScanState.TOP:
                    if not self._read_top(eof):
                        break
                else:
                    self._buf.clear()
                    self._pos = self._scan = 0
                    return
        except GeminiError as exc:
            self._pending_error = exc
            self._state = ScanState.DONE
            self._buf.clear()
            self._pos = self._scan = 0
            return
        if self._pos:
            # One compaction per call (not per line) keeps many small events linear.
            shift = self._pos
            del self._buf[:shift]
            self._pos = 0
            self._scan -= shift
            if self._elem_start >= 0:
                self._elem_start -= shift
            self._gap_start = max(0, self._gap_start - shift)

    def _read_top(self, eof: bool) -> bool:
        """Between values: skips blanks, then starts a JSON value or (in SSE) goes back to lines."""
        buf = self._buf
        pos = self._pos
        if self._shape is None:
            # The BOM may itself be split across reads.
            rest = len(buf) - pos
            if rest < len(_BOM) and not eof and _BOM.startswith(buf[pos:]):
                return False
            if buf.startswith(_BOM, pos):
                pos += len(_BOM)
        end = len(buf)
        blank = pos
        while pos < end and buf[pos] in _WHITESPACE:
            pos += 1
        if self._objects == 0:
            self._keepalive += pos - blank  # blank lines before the first value are keep-alives too
        self._pos = self._scan = pos
        if pos == end:
            return False
        first = buf[pos]
        if first in (_OPEN_OBJECT, _OPEN_ARRAY):
            if self._shape is None:
                self._shape = StreamShape.JSON_ARRAY if first == _OPEN_ARRAY else StreamShape.JSON_OBJECT
            self._start_value(first)
            return True
        if self._shape is None or self._shape is StreamShape.SSE:
            self._shape = StreamShape.SSE
            self._state = ScanState.LINES
            return True
        raise MalformedStreamError(f"unexpected bytes after a JSON value: {excerpt(buf[pos : pos + 200])}")

    def _read_lines(self, out: list[dict[str, Any]], eof: bool) -> bool:
        """Reads SSE lines; returns True when the state changed (raw JSON, [DONE]), False when starved."""
        buf = self._buf
        size = len(buf)
        find = buf.find
        scan_object = self._scan_object
        start = self._pos
        scan = self._scan
        data = self._data
        while True:
            newline = find(b"\n", scan)
            # A bare CR ends a line too (the SSE standard): one before the LF (the CR just before it is a
            # CRLF pair), or with no LF, one before the last byte (the last one's LF may be in the next read).
            bare = find(b"\r", scan, max(newline - 1, 0) if newline >= 0 else size)
            if bare >= 0 and (newline >= 0 or bare + 1 < size or eof):
                end = bare
                newline = bare  # where the line's terminator is; the next line starts after it
            elif newline >= 0:
                end = newline
                if end > start and buf[end - 1] == 0x0D:
                    end -= 1
            elif not eof or start >= size:
                self._pos, self._scan = start, size if bare < 0 else bare
                if eof and data:
                    self._dispatch(out, final_line=False)
                return False
            else:
                end = newline = size  # the last line had no terminator
            if end == start:
                if data:
                    self._dispatch(out, final_line=False)
                    if self._state is ScanState.DONE:
                        self._pos = self._scan = newline + 1
                        return True
                else:
                    self._keepalive += newline + 1 - start  # a blank line outside an event
            elif buf.startswith(b"data:", start):
                begin = start + 5
                if begin < end and buf[begin] == 0x20:
                    begin += 1
                payload = buf[begin:end]
                if not data:
                    # Fast path: the usual event is one data line holding one object, then a blank line.
                    # Anything unusual (a second data line, [DONE], bad JSON, blanks around the object) is
                    # left to _dispatch, which also produces the precise error.
                    # orjson parses the bytes directly, about twice as fast as the stdlib; whatever it
                    # refuses (invalid UTF-8, lone surrogate escapes, not JSON) takes the lenient path.
                    try:
                        obj = orjson.loads(payload)
                        parsed = type(obj) is dict
                    except orjson.JSONDecodeError:
                        parsed = False
                    if not parsed:
                        try:
                            text = payload.decode("utf-8", "replace")
                            obj, stop = scan_object(text, 0)
                            parsed = stop == len(text) and type(obj) is dict
                        except (StopIteration, ValueError, RecursionError):
                            parsed = False
                    if parsed:
                        after = newline + 1
                        # Peek at the blank line instead of another trip round the loop.
                        if after < size and buf[after] == 0x0A:
                            out.append(obj)
                            start = scan = after + 1
                            continue
                        if after + 1 < size and buf[after] == 0x0D and buf[after + 1] == 0x0A:
                            out.append(obj)
                            start = scan = after + 2
                            continue
                        self._ready = obj  # delivered by the blank line in a later chunk
                    else:
                        self._ready = None
                else:
                    self._ready = None  # a multi-line event: _dispatch joins and parses the lines
                data.append(payload)
                self._data_size += len(payload) + _LINE_COST
                if newline == size:  # EOF without a line end: the event may be cut short
                    self._pos = self._scan = newline
                    self._dispatch(out, final_line=True)
                    return False
            elif buf[start] == _COLON:
                self._keepalive += newline + 1 - start  # a comment (": PING"): no progress
            elif not self._other_line(start, end, out):
                return True
            start = scan = newline + 1

    def _other_line(self, start: int, end: int, out: list[dict[str, Any]]) -> bool:
        """Handles a line that is not data: or a comment; returns False if it switched to a JSON value."""
        buf = self._buf
        pos = start
        while pos < end and buf[pos] in b" \t":
            pos += 1
        if pos < end and buf[pos] in b"{[":
            # new-api writes a raw pretty-printed error object after the events: scan it as JSON. An event
            # still waiting for its blank line goes first, to keep the stream order.
            if self._data:
                self._dispatch(out, final_line=False)
                if self._state is ScanState.DONE:
                    return False
            self._pos = self._scan = pos
            self._start_value(buf[pos])
            return False
        if pos == end or _SSE_FIELD.match(buf, start, end) is not None:
            return True  # event:, id:, retry:, unknown fields, blank-ish lines: nothing to deliver
        raise MalformedStreamError(f"unexpected line in an event stream: {excerpt(buf[start:end])}")

    def _dispatch(self, out: list[dict[str, Any]], final_line: bool) -> None:
        """Delivers the pending SSE event (its data lines joined by LF, as the SSE spec says)."""
        data = self._data
        ready = self._ready
        if ready is not None:
            self._ready = None
            data.clear()
            self._data_size = 0
            out.append(ready)
            return
        payload = data[0] if len(data) == 1 else b"\n".join(data)
        data.clear()
        self._data_size = 0
        stripped = payload.strip()
        if not stripped:
            return  # an event with empty data dispatches nothing (SSE spec)
        if stripped == b"[DONE]":
            self._saw_done = True
            self._state = ScanState.DONE
            return
        try:
            out.append(load_object(payload, "an event's data"))
        except MalformedStreamError as exc:
            if final_line:
                raise TruncatedStreamError(
                    f"the stream ended inside an event after {self._bytes_seen} bytes: {exc.detail}"
                ) from exc
            raise
