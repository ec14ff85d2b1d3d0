"""A tool server over HTTP cannot make the app hold more than the message limit: reading stops there.

The server is a small hand-written streamable HTTP one on 127.0.0.1 (JSON answers only), whose ``flood``
tool answers with a 64 MiB result written piece by piece, counting what it managed to send before the app
hung up.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from app.core.tools.host import McpHost
from app.core.tools.servers import McpServerConfig

LIMIT = 1024 * 1024
FLOOD = 64 * 1024 * 1024
PIECE = b"x" * 65536
TOOLS = [
    {"name": name, "description": name, "inputSchema": {"type": "object"}}
    for name in ("flood", "declared", "zipped", "echo")
]


class _FloodServer(ThreadingHTTPServer):
    """Remembers the body bytes of the latest flood it sent, and whether the client read it to the end."""

    sent = 0
    finished = False


class _Handler(BaseHTTPRequestHandler):
    server: _FloodServer

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
            body = gzip.compress(head + b"x" * FLOOD + tail, 9)
            self._answer(200, body, {"Content-Encoding": "gzip"})
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if tool == "declared":
            self.send_header("Content-Length", str(len(head) + FLOOD + len(tail)))
        self.send_header("Connection", "close")  # the body ends when the connection does
        self.end_headers()
        server = self.server
        server.sent, server.finished = 0, False
        try:
            self.wfile.write(head)
            while server.sent < FLOOD:
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
def _flood_server() -> Iterator[_FloodServer]:
    server = _FloodServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


@pytest.fixture
def small_host(tmp_path: Path) -> Iterator[McpHost]:
    """A host whose HTTP servers' answers may reach 1 MiB."""
    host = McpHost(tmp_path / "logs", message_limit=LIMIT)
    try:
        yield host
    finally:
        host.shutdown()


def _start(host: McpHost, server: _FloodServer) -> None:
    url = f"http://127.0.0.1:{server.server_address[1]}/mcp"
    state = asyncio.run(host.start(McpServerConfig("flood", transport="http", url=url)))
    assert state.state == "ready", state


@pytest.mark.parametrize("tool", ["flood", "declared"])
def test_a_result_past_the_limit_is_not_read_to_the_end_and_the_call_fails_saying_why(
    small_host: McpHost, tool: str
) -> None:
    with _flood_server() as server:
        _start(small_host, server)
        outcome = asyncio.run(small_host.call("flood", tool, {}, timeout=60))
        # The app hung up after about 1 MiB: what the server got out is that plus the sockets' buffers,
        # far from the 64 MiB it meant to send (the whole of which the app used to read and hold).
        assert not server.finished
        assert server.sent < 24 * 1024 * 1024, f"the server sent {server.sent / 1024 / 1024:.0f} MiB"
        assert outcome.outcome == "failed", outcome
        assert "'flood' answered with more than 1 MB" in outcome.detail
        # The session goes on: the next call is answered.
        after = asyncio.run(small_host.call("flood", "echo", {}, timeout=60))
        assert after.outcome == "ok" and after.result is not None
        assert after.result.text() == "still here"


def test_a_compressed_result_is_refused_unread(small_host: McpHost) -> None:
    with _flood_server() as server:
        _start(small_host, server)
        outcome = asyncio.run(small_host.call("flood", "zipped", {}, timeout=60))
    assert outcome.outcome == "failed", outcome
    assert "or compressed" in outcome.detail
