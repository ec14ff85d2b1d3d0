"""A hand-written streamable HTTP tool server on 127.0.0.1 whose results are too large (JSON answers only).

Its tools: ``flood`` answers with a result of `FloodServer.flood` bytes written piece by piece with no length
declared, ``declared`` the same with its length declared, ``zipped`` the same gzip-compressed (small on the
wire), ``echo`` a short text. It counts what it managed to send before the client hung up.
"""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PIECE = b"x" * 65536
TOOLS = [
    {"name": name, "description": name, "inputSchema": {"type": "object"}}
    for name in ("flood", "declared", "zipped", "echo")
]


class FloodServer(ThreadingHTTPServer):
    """Remembers the body bytes of the latest flood it sent, and whether the client read it to the end.

    Attributes:
        flood: Bytes of result text a flooding tool sends.
        url: The MCP endpoint.
    """

    flood = 64 * 1024 * 1024
    sent = 0
    finished = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/mcp"


class _Handler(BaseHTTPRequestHandler):
    server: FloodServer

    def do_POST(self) -> None:
        message = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if "id" not in message:  # a notification
            self._answer(202, b"")
            return
        method, ident = message["method"], message["id"]
        if method == "initialize":
            result: Any = {
                "protocolVersion": message["params"]["protocolVersion"],
                "capabilities": {"tools": {}},
                "serverInfo": {"name": "flood", "version": "1"},
            }
        elif method == "tools/list":
            result = {"tools": TOOLS}
        elif method == "tools/call" and message["params"]["name"] == "echo":
            result = {"content": [{"type": "text", "text": "still here"}]}
        elif method == "tools/call":
            self._flood(ident, message["params"]["name"])
            return
        else:
            error = {"jsonrpc": "2.0", "id": ident, "error": {"code": -32601, "message": "no such method"}}
            self._answer(200, json.dumps(error).encode())
            return
        self._answer(200, json.dumps({"jsonrpc": "2.0", "id": ident, "result": result}).encode())

    def do_GET(self) -> None:  # no stream of server messages
        self._answer(405, b"")

    do_DELETE = do_GET

    def _answer(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _flood(self, ident: int, tool: str) -> None:
        head = b'{"jsonrpc":"2.0","id":%d,"result":{"content":[{"type":"text","text":"' % ident
        tail = b'"}]}}'
        if tool == "zipped":  # small on the wire, 64 MiB once decoded
            body = gzip.compress(head + b"x" * self.server.flood + tail, 9)
            self._answer(200, body, {"Content-Encoding": "gzip"})
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if tool == "declared":
            self.send_header("Content-Length", str(len(head) + self.server.flood + len(tail)))
        self.send_header("Connection", "close")  # the body ends when the connection does
        self.end_headers()
        server = self.server
        server.sent, server.finished = 0, False
        try:
            self.wfile.write(head)
            while server.sent < server.flood:
                self.wfile.write(PIECE)
                server.sent += len(PIECE)
            self.wfile.write(tail)
            self.wfile.flush()
            server.finished = True
        except OSError:  # the client hung up
            pass

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def flood_server(flood: int = FloodServer.flood) -> Iterator[FloodServer]:
    """Run a `FloodServer` sending ``flood`` bytes of result; yields it."""
    server = FloodServer(("127.0.0.1", 0), _Handler)
    server.flood = flood
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)
