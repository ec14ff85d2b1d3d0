"""A gateway on 127.0.0.1 whose answer goes on and on: one line that never ends, for the size limits."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator

from tests.helpers.raw_http import RawServer, read_head

ENDLESS_LINE = b'data: {"candidates":[{"content":{"parts":[{"text":"'
"""The start of an SSE data line of answer text; `endless_line` sends ``A`` after it without end."""


class EndlessBody(RawServer):
    """Answers every POST with 200, ``head``, then ``piece`` again and again (chunked encoding); GETs 404.

    It stops when the client hangs up, or after ``cap`` body bytes (then it ends the body cleanly), so a
    client that reads without limit still finishes, having held everything.

    Attributes:
        url: ``http://127.0.0.1:<port>``.
        sent: Body bytes written to the latest connection so far.
    """

    def __init__(
        self, head: bytes, piece: bytes, *, cap: int, content_type: str = "text/event-stream"
    ) -> None:
        self._head = head
        self._piece = piece
        self._cap = cap
        self._content_type = content_type
        self.sent = 0
        super().__init__()

    def answer(self, connection: socket.socket) -> None:
        """Sends the endless body after reading the request (a GET gets a 404)."""
        head, blank, body = read_head(connection).partition(b"\r\n\r\n")
        if not blank:
            return
        if head.startswith(b"GET "):  # a model list or a quota: none here, only the answer never ends
            connection.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            return
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        while len(body) < length:  # read the whole request, so that closing later sends no reset
            piece = connection.recv(65536)
            if not piece:
                return
            body += piece
        connection.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: " + self._content_type.encode() + b"\r\n"
            b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        )
        self.sent = 0
        data = self._head or self._piece  # an empty chunk would end the body
        while self.sent < self._cap:
            connection.sendall(b"%x\r\n%s\r\n" % (len(data), data))
            self.sent += len(data)
            data = self._piece
        connection.sendall(b"0\r\n\r\n")


@contextlib.contextmanager
def endless_line(cap: int) -> Iterator[EndlessBody]:
    """A running gateway whose answer is one line of text that never ends (up to ``cap`` bytes)."""
    server = EndlessBody(ENDLESS_LINE, b"A" * 65536, cap=cap)
    try:
        yield server
    finally:
        server.close()
