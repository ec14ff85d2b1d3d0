"""Depth-scanning JSON values in a byte buffer: the JSON shapes of a stream, and raw JSON inside SSE.

`JsonValueScanner` is the base of `decoder.StreamDecoder`: it owns the buffer and the scan of one JSON value
(a lone object, or a top-level array whose elements are returned as they close), while the decoder reads
SSE lines and decides the shape. See the decoder's docstring for the shapes and policies.
"""

from __future__ import annotations

import json
import re
from enum import Enum
from typing import Any, Final

import orjson

from app.core.gemini.errors import MalformedStreamError, TruncatedStreamError

__all__ = ["JsonValueScanner", "ScanState", "excerpt", "load_object"]

_DETAIL_LIMIT: Final = 200
# Outside a string, the only bytes that matter to a depth scan are quotes and brackets. A complete string
# is skipped in one regex step (the unrolled-loop form cannot backtrack catastrophically); a quote whose
# string does not end inside the buffer matches alone, and the scan then continues in string mode.
_TOKEN: Final = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}"]', re.DOTALL)
# Inside a string, only the closing quote and escapes matter.
_STRING_STOP: Final = re.compile(rb'["\\]')
_QUOTE: Final = 0x22
_BACKSLASH: Final = 0x5C
_CLOSE_ARRAY: Final = 0x5D
_NO_CANDIDATE: Final = -2  # see JsonValueScanner._whole_element_end
_OPEN_OBJECT: Final = 0x7B
_OPEN_ARRAY: Final = 0x5B
_loads: Final = orjson.loads  # one global lookup instead of two, per event


class ScanState(Enum):
    """Where the decoder is in the body."""

    TOP = "top"  # between JSON values (also: before the first byte)
    LINES = "lines"  # reading SSE lines
    VALUE = "value"  # depth-scanning one JSON value
    DONE = "done"  # [DONE] seen: everything after it is ignored


def excerpt(data: bytes | bytearray | str) -> str:
    """Returns a short printable excerpt of what the decoder saw, for error details."""
    text = data if isinstance(data, str) else bytes(data).decode("utf-8", "replace")
    return text if len(text) <= _DETAIL_LIMIT else text[:_DETAIL_LIMIT] + "…"


def load_object(raw: bytes | bytearray, what: str) -> dict[str, Any]:
    """Decodes one complete JSON payload, which must be an object.

    Raises:
        MalformedStreamError: the payload is not JSON, or not a JSON object.
    """
    text = raw.decode("utf-8", "replace")
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise MalformedStreamError(f"{what} is not JSON ({exc}): {excerpt(text)}") from exc
    if not isinstance(value, dict):
        raise MalformedStreamError(f"{what} is not a JSON object: {excerpt(text)}")
    return value


class JsonValueScanner:
    """The byte buffer of a stream and the depth scan of the JSON value being read from it."""

    def __init__(self) -> None:
        """Creates an empty buffer, between values."""
        self._state = ScanState.TOP
        self._buf = bytearray()
        self._pos = 0  # start of the unconsumed part of _buf
        self._scan = 0  # where the next search resumes (never re-search what was searched)
        self._bytes_seen = 0
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

    def _start_value(self, first: int) -> None:
        self._state = ScanState.VALUE
        self._depth = 0
        self._in_string = False
        self._base = 1 if first == _OPEN_ARRAY else 0
        self._elem_start = -1
        self._gap_start = self._pos + 1

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
                out.append(load_object(buf[self._elem_start : pos], "a JSON element"))
                self._elem_start = -1
                self._gap_start = pos
                if base == 0:
                    return self._value_done(pos)
            elif depth < base:
                if byte != _CLOSE_ARRAY:
                    raise MalformedStreamError(f"mismatched bracket: {excerpt(buf[max(0, hit - 200) : pos])}")
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
            raise MalformedStreamError(f"unexpected bytes in a JSON array: {excerpt(self._buf[start:end])}")

    def _value_done(self, pos: int) -> bool:
        self._depth = 0
        self._in_string = False
        self._state = ScanState.TOP
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
            f"the stream ended inside {where} after {self._bytes_seen} bytes: {excerpt(tail)}"
        )
