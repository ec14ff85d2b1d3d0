"""A server's failure is named in the app's own texts, with the error's own words kept beside them."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from app.core.texts import render
from app.core.tools.host import McpHost
from app.core.tools.servers import McpServerConfig
from tests.helpers.mcp_servers import free_port, stdio_command


@contextmanager
def _refusing_server(status: int) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 answering every request with ``status``."""

    class Refuse(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_DELETE = do_POST

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Refuse)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/mcp"
    finally:
        server.shutdown()
        server.server_close()


def test_a_missing_program_is_named_in_both_languages_with_the_original_words(host: McpHost) -> None:
    state = asyncio.run(host.start(McpServerConfig("ghost", command="/nonexistent/mcp-server")))
    assert state.reason is not None and state.reason.code == "tools.failure.not_found"
    assert "/nonexistent/mcp-server" in render(state.reason, "en") and "was not found" in render(
        state.reason, "en"
    )
    assert "找不到程序" in render(state.reason, "zh_CN")
    assert state.error.startswith("FileNotFoundError")


def test_a_server_exiting_at_start_is_said_to_have_ended(host: McpHost) -> None:
    command, args = stdio_command("--fail-start")
    state = asyncio.run(host.start(McpServerConfig("broken", command=command, args=args)))
    assert state.reason is not None and state.reason.code == "tools.failure.exited"
    assert "Connection closed" in state.error


def test_an_unreachable_url_and_a_refusing_one_are_told_apart(host: McpHost) -> None:
    closed = McpServerConfig("closed", transport="http", url=f"http://127.0.0.1:{free_port()}/mcp")
    state = asyncio.run(host.start(closed))
    assert state.reason is not None and state.reason.code == "tools.failure.unreachable", state
    with _refusing_server(401) as url:
        state = asyncio.run(host.start(McpServerConfig("locked", transport="http", url=url)))
    assert state.reason is not None and state.reason.code == "tools.failure.http_refused", state
    assert url in render(state.reason, "en")


def test_a_failure_never_repeats_a_token_or_password_from_the_servers_url(host: McpHost) -> None:
    port = free_port()
    url = f"http://agent:hunter2@127.0.0.1:{port}/mcp?api_key=SECRETURL456#frag"
    state = asyncio.run(host.start(McpServerConfig("web", transport="http", url=url)))
    assert state.reason is not None and state.reason.code == "tools.failure.unreachable", state
    for language in ("en", "zh_CN"):
        shown = render(state.reason, language)
        assert f"http://127.0.0.1:{port}/mcp" in shown
        assert "SECRETURL456" not in shown and "hunter2" not in shown and "agent" not in shown
    assert "SECRETURL456" not in state.error and "hunter2" not in state.error
    with _refusing_server(401) as refusing:
        state = asyncio.run(
            host.start(McpServerConfig("locked", transport="http", url=refusing + "?token=T0K3N"))
        )
    assert state.reason is not None and "T0K3N" not in render(state.reason, "en")
    assert "T0K3N" not in state.error and "T0K3N" not in state.stderr_tail
