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

* Everything works on bytes. Lines split on LF only, with one trailing CR stripped, so a raw U+2028/U+2029
  inside a JSON string never splits a line. UTF-8 is decoded per complete line or object, never per chunk,
  so a character split across network reads is whole by the time it is decoded.
* Invalid UTF-8 is decoded with ``errors="replace"`` (U+FFFD): a damaged byte in an answer's text should
  cost one character, not the whole reply. Damage that breaks the JSON itself is a MalformedStreamError.
* Errors never lose objects: when a fault is found after some objects in the same ``feed()`` call, those
  objects are returned and the fault is raised by the next call (``feed()`` or ``close()``).
* Only the project's own errors escape: MalformedStreamError (bytes that are not what the shape requires)
  and TruncatedStreamError (EOF inside an object or an unclosed array).
"""

from __future__ import annotations

import json
import json.scanner
import re
from enum import Enum
from typing import Any, Final

import orjson

from app.core.gemini.errors import GeminiError, MalformedStreamError, TruncatedStreamError

__all__ = ["StreamDecoder", "StreamShape"]

_BOM: Final = b"\xef\xbb\xbf"
_WHITESPACE: Final = b" \t\r\n"
_DETAIL_LIMIT: Final = 200

# Outside a string, the only bytes that matter to a depth scan are quotes and brackets. A complete string
# is skipped in one regex step (the unrolled-loop form cannot backtrack catastrophically); a quote whose
# string does not end inside the buffer matches alone, and the scan then continues in string mode.
_TOKEN: Final = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}"]', re.DOTALL)
# Inside a string, only the closing quote and escapes matter.
_STRING_STOP: Final = re.compile(rb'["\\]')
# Fields of an SSE line that carry no payload for us (event:, id:, retry:, or any other name) are ignored.
_SSE_FIELD: Final = re.compile(rb"[A-Za-z_][A-Za-z0-9_.-]*(?::|$)")

# A line that may open a simple event: "data:", at most one space, then a JSON object.
_DATA_OBJECT: Final = (b"data: {", b"data:{")
_loads: Final = orjson.loads  # one global lookup instead of two, per event

_QUOTE: Final = 0x22
_BACKSLASH: Final = 0x5C
_OPEN_OBJECT: Final = 0x7B
_OPEN_ARRAY: Final = 0x5B
_CLOSE_ARRAY: Final = 0x5D
_COLON: Final = 0x3A
_NO_CANDIDATE: Final = -2  # see StreamDecoder._whole_element_end


class StreamShape(Enum):
    """The shape of a response body, as far as the decoder has seen it."""

    SSE = "sse"
    JSON_ARRAY = "json_array"
    JSON_OBJECT = "json_object"


class _State(Enum):
    TOP = "top"  # between JSON values (also: before the first byte)
    LINES = "lines"  # reading SSE lines
    VALUE = "value"  # depth-scanning one JSON value
    DONE = "done"  # [DONE] seen: everything after it is ignored


def _excerpt(data: bytes | bytearray | str) -> str:
    """Returns a short printable excerpt of what the decoder saw, for error details."""
    text = data if isinstance(data, str) else bytes(data).decode("utf-8", "replace")
    return text if len(text) <= _DETAIL_LIMIT else text[:_DETAIL_LIMIT] + "…"


def _load_object(raw: bytes | bytearray, what: str) -> dict[str, Any]:
    """Decodes one complete JSON payload, which must be an object.

    Raises:
        MalformedStreamError: the payload is not JSON, or not a JSON object.
    """
    text = raw.decode("utf-8", "replace")
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise MalformedStreamError(f"{what} is not JSON ({exc}): {_excerpt(text)}") from exc
    if not isinstance(value, dict):
        raise MalformedStreamError(f"{what} is not a JSON object: {_excerpt(text)}")
    return value


class StreamDecoder:
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

    def __init__(self, content_type: str | None = None) -> None:
        """Creates a decoder.

        Args:
            content_type: the response's Content-Type header, if known. It only names the expected shape
                until the first non-blank byte arrives, which decides.
        """
        self._expected: StreamShape | None = None
        if content_type is not None:
            media = content_type.split(";", 1)[0].strip().lower()
            if media == "text/event-stream":
                self._expected = StreamShape.SSE
            elif media.endswith("json"):
                self._expected = StreamShape.JSON_OBJECT
        self._shape: StreamShape | None = None
        self._state = _State.TOP
        self._buf = bytearray()
        self._pos = 0  # start of the unconsumed part of _buf
        self._scan = 0  # where the next search resumes (never re-search what was searched)
        self._bytes_seen = 0
        self._objects = 0
        self._closed = False
        self._pending_error: GeminiError | None = None
        self._saw_done = False
        # SSE: the data lines of the event being read.
        self._data: list[bytes | bytearray] = []
        # The parsed object of a one-line event whose blank line has not arrived yet.
        self._ready: dict[str, Any] | None = None
        # The C scanner behind json.loads, called directly: the fast path checks the end position itself,
        # which saves json.loads' Python-level wrapping (a measurable share of a 700-byte event).
        # (typeshed types make_scanner's argument as the scanner itself; it takes a JSONDecoder.)
        self._scan_object = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]
        # Depth scan of one JSON value.
        self._depth = 0
        self._in_string = False
        self._base = 0  # depth at which elements live: 1 inside a top-level array, 0 for a lone object
        self._elem_start = -1  # start of the element being scanned, -1 between elements
        self._gap_start = 0  # end of the previous element inside an array (to check the separator)
        # The one-step parse of whole pretty-printed elements (see _whole_element_end).
        self._whole_elements = True
        self._no_close_until = 0  # stream offset up to which no "LF }" was found
        self._awaiting_close = False  # an element's start is in the buffer, its "LF }" is not yet
        self._shortcut_proven = False  # an element of this stream was taken whole
        self._depth_scan_next = False  # the next element is depth-scanned (it did not end in one read)

    # ---------------------------------------------------------------- public

    @property
    def bytes_seen(self) -> int:
        """Number of body bytes fed so far (including ignored ones)."""
        return self._bytes_seen

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
        if state is _State.DONE:
            return []
        buf = self._buf
        buf += chunk
        out: list[dict[str, Any]] = []
        if state is _State.LINES and not self._data:
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
        if self._state is not _State.DONE:
            self._run(out, eof=True)
            if self._state is _State.VALUE and self._pending_error is None:
                self._pending_error = self._truncation()
        self._buf = bytearray()
        return self._finish_call(out)

    # ---------------------------------------------------------------- machinery

    def _raise_pending(self) -> None:
        if self._pending_error is not None:
            error, self._pending_error = self._pending_error, None
            self._state = _State.DONE  # a faulty stream yields nothing more
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
                if state is _State.LINES:
                    if not self._read_lines(out, eof):
                        break
                elif state is _State.VALUE:
                    if not self._scan_value(out, eof):
                        break
                elif state is _State.TOP:
                    if not self._read_top(eof):
                        break
                else:
                    self._buf.clear()
                    self._pos = self._scan = 0
                    return
        except GeminiError as exc:
            self._pending_error = exc
            self._state = _State.DONE
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
        while pos < end and buf[pos] in _WHITESPACE:
            pos += 1
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
            self._state = _State.LINES
            return True
        raise MalformedStreamError(f"unexpected bytes after a JSON value: {_excerpt(buf[pos : pos + 200])}")

    def _start_value(self, first: int) -> None:
        self._state = _State.VALUE
        self._depth = 0
        self._in_string = False
        self._base = 1 if first == _OPEN_ARRAY else 0
        self._elem_start = -1
        self._gap_start = self._pos + 1

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
            if newline < 0:
                if not eof or start >= size:
                    self._pos, self._scan = start, size
                    if eof and data:
                        self._dispatch(out, final_line=False)
                    return False
                newline = size  # the last line had no terminator
            end = newline
            if end > start and buf[end - 1] == 0x0D:
                end -= 1
            if end == start:
                if data:
                    self._dispatch(out, final_line=False)
                    if self._state is _State.DONE:
                        self._pos = self._scan = newline + 1
                        return True
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
                if newline == size:  # EOF without a line end: the event may be cut short
                    self._pos = self._scan = newline
                    self._dispatch(out, final_line=True)
                    return False
            elif buf[start] != _COLON and not self._other_line(start, end, out):
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
                if self._state is _State.DONE:
                    return False
            self._pos = self._scan = pos
            self._start_value(buf[pos])
            return False
        if pos == end or _SSE_FIELD.match(buf, start, end) is not None:
            return True  # event:, id:, retry:, unknown fields, blank-ish lines: nothing to deliver
        raise MalformedStreamError(f"unexpected line in an event stream: {_excerpt(buf[start:end])}")

    def _dispatch(self, out: list[dict[str, Any]], final_line: bool) -> None:
        """Delivers the pending SSE event (its data lines joined by LF, as the SSE spec says)."""
        data = self._data
        ready = self._ready
        if ready is not None:
            self._ready = None
            data.clear()
            out.append(ready)
            return
        payload = data[0] if len(data) == 1 else b"\n".join(data)
        data.clear()
        stripped = payload.strip()
        if not stripped:
            return  # an event with empty data dispatches nothing (SSE spec)
        if stripped == b"[DONE]":
            self._saw_done = True
            self._state = _State.DONE
            return
        try:
            out.append(_load_object(payload, "an event's data"))
        except MalformedStreamError as exc:
            if final_line:
                raise TruncatedStreamError(
                    f"the stream ended inside an event after {self._bytes_seen} bytes: {exc.detail}"
                ) from exc
            raise

    def _scan_value(self, out: list[dict[str, Any]], eof: bool) -> bool:
        """Depth-scans the current JSON value; returns True when it is complete, False when starved."""
        buf = self._buf
        size = len(buf)
        pos = self._scan
        depth = self._depth
        base = self._base
        if self._awaiting_close:
            # A pretty element began in an earlier read: look only for its "LF }", not at every token.
            start = self._elem_start
            end = self._whole_element_end(start, out)
            self._awaiting_close = False
            self._elem_start = -1
            if end >= 0:
                pos = self._gap_start = end
                if base == 0:
                    return self._value_done(end)
            else:
                # The shortcut is off, or a second read brought no candidate either (the element is
                # compact, or longer than a read): the depth scan takes the element from its brace, so
                # a compact element is delivered at most one read late.
                self._depth_scan_next = True
                pos = start
        while True:
            if self._in_string:
                match = _STRING_STOP.search(buf, pos)
                if match is None:
                    pos = size
                    break
                hit = match.start()
                if buf[hit] == _BACKSLASH:
                    if hit + 1 >= size:
                        pos = hit  # the escaped byte has not arrived: resume at the backslash
                        break
                    pos = hit + 2
                    continue
                self._in_string = False
                pos = hit + 1
                continue
            match = _TOKEN.search(buf, pos)
            if match is None:
                pos = size
                break
            hit, pos = match.span()
            byte = buf[hit]
            if byte == _QUOTE:
                if pos - hit == 1:
                    self._in_string = True  # the string does not end inside the buffer yet
                continue
            if byte in (_OPEN_OBJECT, _OPEN_ARRAY):
                if depth == base:
                    if base:
                        self._check_gap(self._gap_start, hit)
                    if byte == _OPEN_OBJECT and not self._depth_scan_next:
                        end = self._whole_element_end(hit, out)
                    else:
                        end = -1
                        self._depth_scan_next = False  # it applies to that one element only
                    if end >= 0:
                        pos = self._gap_start = end
                        if base == 0:
                            return self._value_done(end)
                        continue
                    self._elem_start = hit
                    if end == _NO_CANDIDATE and self._shortcut_proven and not eof:
                        # Earlier elements ended in "LF }", so this one most likely will too: wait one
                        # read for it rather than depth-scan every token (several times slower). The
                        # next read (or EOF) either brings it or hands the element to the depth scan.
                        self._awaiting_close = True
                        self._depth = depth
                        self._pos = hit
                        return False
                depth += 1
                continue
            depth -= 1
            if depth == base:
                out.append(_load_object(buf[self._elem_start : pos], "a JSON element"))
                self._elem_start = -1
                self._gap_start = pos
                if base == 0:
                    return self._value_done(pos)
            elif depth < base:
                if byte != _CLOSE_ARRAY:
                    raise MalformedStreamError(
                        f"mismatched bracket: {_excerpt(buf[max(0, hit - 200) : pos])}"
                    )
                self._check_gap(self._gap_start, hit)
                return self._value_done(pos)
        self._depth = depth
        self._scan = pos
        # Keep only the element being scanned (or, between elements, the gap still to be checked).
        self._pos = self._elem_start if self._elem_start >= 0 else min(pos, self._gap_start)
        return False

    def _whole_element_end(self, start: int, out: list[dict[str, Any]]) -> int:
        """Parses a pretty-printed object that is already whole in the buffer in one step, if it can.

        Google's JSON-array stream puts each element's closing brace at the start of a line. A raw LF can
        only stand between JSON tokens, never inside a string, so the first ``LF }`` after the opening
        brace is a candidate end; if the bytes up to it parse as one object, that object is exactly the
        element (a JSON value's end is fixed by its start). Otherwise (no candidate yet, bytes orjson
        refuses) it returns -1 and the depth scan, which decides precisely, takes the element.

        The work stays linear: bytes already searched without a candidate are not searched again, and the
        first candidate that does not parse (compact JSON, a nested brace at the start of a line) turns
        the shortcut off for the rest of the stream.

        Returns:
            The index just after the element, which has been appended to ``out``; _NO_CANDIDATE when no
            candidate end has arrived yet (the caller waits for more bytes); or -1 (the depth scan decides).
        """
        if not self._whole_elements:
            return -1
        buf = self._buf
        # _no_close_until is a stream offset: buffer indices shift whenever the buffer is compacted.
        buffer_start = self._bytes_seen - len(buf)
        close = buf.find(b"\n}", max(start, self._no_close_until - buffer_start - 1))
        if close < 0:
            self._no_close_until = self._bytes_seen
            return _NO_CANDIDATE
        end = close + 2
        try:
            obj = _loads(buf[start:end])
        except orjson.JSONDecodeError:
            obj = None
        if type(obj) is not dict:
            self._whole_elements = False
            return -1
        out.append(obj)
        self._shortcut_proven = True
        return end

    def _check_gap(self, start: int, end: int) -> None:
        """Between array elements only blanks and commas may appear."""
        if self._buf[start:end].strip(b" \t\r\n,"):
            raise MalformedStreamError(f"unexpected bytes in a JSON array: {_excerpt(self._buf[start:end])}")

    def _value_done(self, pos: int) -> bool:
        self._depth = 0
        self._in_string = False
        self._state = _State.TOP
        self._pos = self._scan = pos
        return True

    def _truncation(self) -> TruncatedStreamError:
        if self._elem_start >= 0:
            tail = self._buf[self._elem_start :]
            where = "an object"
        else:
            tail = self._buf[self._pos :]
            where = "a JSON array that was never closed"
        return TruncatedStreamError(
            f"the stream ended inside {where} after {self._bytes_seen} bytes: {_excerpt(tail)}"
        )
