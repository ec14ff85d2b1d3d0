"""Bare socket servers on 127.0.0.1 that play misbehaving gateways, answering requests read by hand."""

from __future__ import annotations

import contextlib
import socket
import threading


def read_head(connection: socket.socket) -> bytes:
    """Reads until the end of a request's head (or the connection's end); returns all bytes read.

    What follows the blank line in the result is the start of the request's body.
    """
    data = b""
    while b"\r\n\r\n" not in data:
        piece = connection.recv(65536)
        if not piece:
            break
        data += piece
    return data


class RawServer:
    """Accepts connections on 127.0.0.1 one at a time in a thread; `answer` says what each one gets.

    Attributes:
        url: ``http://127.0.0.1:<port>``.
    """

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def answer(self, connection: socket.socket) -> None:
        """Deals with one connection (closed afterwards); an OSError ends it quietly."""
        raise NotImplementedError

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            with connection, contextlib.suppress(OSError):
                self.answer(connection)

    def close(self) -> None:
        """Stop listening (a connection being answered ends when its client hangs up)."""
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() above
        self._listener.close()
        self._thread.join(timeout=5)
