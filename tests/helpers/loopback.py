"""A bare TCP listener on 127.0.0.1 for tests that must see where the app tries to connect."""

from __future__ import annotations

import contextlib
import socket
import threading


class LoopbackListener:
    """Accepts every connection on 127.0.0.1 and never answers.

    Args:
        hang_up: Read each connection's first line into ``requests`` and close it (a proxy that refuses
            everything, naming what it was asked for); otherwise keep every connection open and silent
            (a gateway that hangs).

    Attributes:
        url: ``http://127.0.0.1:<port>``.
        accepted: How many connections arrived.
        requests: The first line of each connection, with ``hang_up``.
        heads: What each connection sent first (request line and headers), with ``hang_up``.
    """

    def __init__(self, *, hang_up: bool) -> None:
        self._hang_up = hang_up
        self._server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._server.getsockname()[1]}"
        self.accepted = 0
        self.requests: list[str] = []
        self.heads: list[str] = []
        self._open: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self._server.accept()
            except OSError:
                return
            self.accepted += 1
            if not self._hang_up:
                self._open.append(connection)
                continue
            with connection:
                connection.settimeout(2.0)
                try:
                    head = connection.recv(4096)
                except OSError:
                    continue
                self.heads.append(head.decode("latin-1"))
                self.requests.append(head.split(b"\r\n", 1)[0].decode("latin-1"))

    def close(self) -> None:
        """Stop listening and drop the connections kept open."""
        with contextlib.suppress(OSError):
            self._server.shutdown(socket.SHUT_RDWR)  # wakes the accept() that close() alone leaves blocked
        self._server.close()
        self._thread.join(timeout=5)
        for connection in self._open:
            connection.close()
