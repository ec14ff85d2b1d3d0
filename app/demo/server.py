"""`GatewayDouble`: a real local HTTP server that behaves like a new-api gateway in front of Gemini.

It runs a stdlib ``ThreadingHTTPServer`` in a daemon thread, so it works beside any event loop the
caller runs (plain asyncio in tests, qasync in ``gemini-desk --demo``). Streamed bodies use chunked
transfer encoding like real gateways, with ``Connection: close``; every write is sent at once
(``TCP_NODELAY``) so byte splits and delays reach the client as planned.

Which scenario answers a generation request, first match wins:

1. the ``X-Demo-Scenario`` request header (a scenario name);
2. the next scenario queued with `GatewayDouble.queue_scenarios` (consumed);
3. the scenario set with `GatewayDouble.set_scenario`;
4. a model named ``demo-scenario-<name>``;
5. the default scripted chat (see `app.demo.script`).

Example:
    with GatewayDouble() as gw:
        gw.queue_scenarios("429-google")          # first request: rate limited, then scripted chat
        client = make_client(gw.base_url, gw.api_key)
        ...
        gw.wait_for_requests(2, timeout=5)
        assert gw.requests[1].headers["authorization"] == "Bearer test****"
"""

from __future__ import annotations

import collections
import contextlib
import json
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from app.demo.envelopes import new_api_error
from app.demo.framing import Pause, go_json
from app.demo.new_api import Catalog, DemoKeyQuota, QuotaRoutes
from app.demo.routing import IncomingRequest, Reply, Router, new_request_id
from app.demo.scenario import Scenario
from app.demo.scenarios import resolve

_SECRET_HEADERS = ("authorization", "x-goog-api-key")
_POLL_INTERVAL = 0.05  # how quickly serve_forever notices shutdown()
_DISCONNECTS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)
MAX_BODY_BYTES = 64 * 1024 * 1024
"""Request bodies larger than this are refused with 413 without being read (new-api's own cap is 128 MB)."""


def mask_secret(value: str) -> str:
    """Keep the first four characters of a key: ``test-key`` -> ``test****``."""
    return value[:4] + "****" if len(value) > 4 else "****"


def _mask_header(name: str, value: str) -> str:
    if name == "authorization":
        scheme, space, token = value.partition(" ")
        return f"{scheme} {mask_secret(token)}" if space else mask_secret(value)
    return mask_secret(value)


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the double received it, with secrets masked.

    Attributes:
        method: ``GET`` or ``POST``...
        path: the URL path without the query (``/v1beta/models/gemini-2.5-flash:streamGenerateContent``).
        query: the query parameters (the last value of each); ``key`` is masked.
        headers: the request headers with lower-case names; ``authorization`` and ``x-goog-api-key``
            are masked (``Bearer test****``).
        body: the parsed JSON body, or None when empty or not JSON.
        body_size: the body's length in bytes.
        received_at: ``time.monotonic()`` when the request was read.
    """

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any
    body_size: int
    received_at: float


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a stalled handler must never keep the process alive
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], gateway: GatewayDouble) -> None:
        self.gateway = gateway
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client hanging up is routine here (cancelled streams, cut scenarios); anything else is a bug.
        if not self.gateway._stopping.is_set():
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.gateway._track(self.connection, add=True)

    def finish(self) -> None:
        self.server.gateway._track(self.connection, add=False)
        with contextlib.suppress(OSError):
            super().finish()

    def version_string(self) -> str:
        """Name the server in the ``Server`` header."""
        return "GatewayDouble/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests read `GatewayDouble.requests` instead."""

    def do_GET(self) -> None:
        """Serve a GET."""
        self._serve()

    def do_POST(self) -> None:
        """Serve a POST."""
        self._serve()

    def _serve(self) -> None:
        gateway = self.server.gateway
        try:
            request = self._read_request(gateway.max_body_bytes)
            reply = _too_large() if request is None else gateway._handle(request)
            self._send(reply, gateway._stopping)
        except _DISCONNECTS:
            self.close_connection = True

    def _read_request(self, max_body: int) -> IncomingRequest | None:
        """Read the request, or return None when its body is larger than `max_body` (it is not read)."""
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        if length > max_body:
            return None
        raw = self.rfile.read(length) if length > 0 else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        parts = urlsplit(self.path)
        return IncomingRequest(
            method=self.command,
            path=parts.path,
            query=dict(parse_qsl(parts.query, keep_blank_values=True)),
            headers={name.lower(): value for name, value in self.headers.items()},
            raw_body=raw,
            body=body,
        )

    def _send(self, reply: Reply, stopping: threading.Event) -> None:
        self.close_connection = True
        if reply.first_byte_delay > 0 and stopping.wait(reply.first_byte_delay):
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Connection", "close")
        if reply.plan is None:
            body = reply.body or b""
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for write in reply.plan.writes:
            if isinstance(write, Pause):
                if stopping.wait(write.seconds):
                    return self._cut()
            elif write:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(write), write))
            if stopping.is_set():
                return self._cut()
        if reply.plan.abrupt:
            return self._cut()
        self.wfile.write(b"0\r\n\r\n")

    def _cut(self) -> None:
        """Close the connection without ending the chunked body: the client sees a broken stream."""
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)


def _too_large() -> Reply:
    error = new_api_error("request body too large", code="read_request_body_failed", with_request_id=False)
    error["error"]["message"] += f" (request id: {new_request_id()})"
    return Reply(413, "application/json; charset=utf-8", body=go_json(error))


class GatewayDouble:
    """A local new-api-like gateway for tests and ``--demo`` (see the module docstring).

    Args:
        api_key: the only key accepted, or None to accept any key (or none at all).
        host: the address to listen on.
        port: the port; 0 picks a free one (read it back from `base_url`).
        scripted_delay: seconds between chunks of scripted answers (0 in tests; about 0.03 for a
            realistic demo); the first chunk waits ten times as long.
        record_requests: keep every request in `requests` (tests); ``gemini-desk --demo`` keeps none, so
            a long demo session does not hold every message and attachment sent in memory.
        max_body_bytes: larger request bodies are answered 413 without being read.
    """

    def __init__(
        self,
        api_key: str | None = "test-key",
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        scripted_delay: float = 0.0,
        record_requests: bool = True,
        max_body_bytes: int = MAX_BODY_BYTES,
    ) -> None:
        self._api_key = api_key
        self._record_requests = record_requests
        self.max_body_bytes = max_body_bytes
        self._address = (host, port)
        self._lock = threading.Lock()
        self._requests_changed = threading.Condition(self._lock)
        self._requests: list[RecordedRequest] = []
        self._queue: collections.deque[Scenario] = collections.deque()
        self._scenario: Scenario | None = None
        self._connections: set[socket.socket] = set()
        self._router = Router(api_key, self._next_scenario, scripted_delay)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        # Set by stop(): every delay, stall and drip waits on it, so they all end at once.
        self._stopping = threading.Event()

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> None:
        """Bind the port and serve in a daemon thread.

        Raises:
            RuntimeError: the double is already running.
        """
        if self._server is not None:
            raise RuntimeError("the gateway double is already running")
        self._stopping.clear()
        self._server = _Server(self._address, self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": _POLL_INTERVAL},
            name="gateway-double",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and cut every open connection, promptly even during a stall or drip."""
        server, thread = self._server, self._thread
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.server_close()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        if thread is not None:
            thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> GatewayDouble:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- configuration ---------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The URL to give a client, e.g. ``http://127.0.0.1:40123`` (only while running)."""
        if self._server is None:
            raise RuntimeError("the gateway double is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def api_key(self) -> str | None:
        """The accepted key (None: any key is accepted)."""
        return self._api_key

    @property
    def v1_models_available(self) -> bool:
        """Whether ``GET /v1/models`` exists; set False to make it 404 and test the fallback."""
        return self._router.v1_models_available

    @v1_models_available.setter
    def v1_models_available(self, available: bool) -> None:
        self._router.v1_models_available = available

    def redirect_model_list(self, path: str, location: str | None) -> None:
        """Answer ``GET path`` (``/v1/models``, ``/v1beta/models``) with a 307 to `location` (None: stop)."""
        if location is None:
            self._router.model_list_redirects.pop(path, None)
        else:
            self._router.model_list_redirects[path] = location

    def act_as_new_api(
        self,
        catalog: Catalog = "new-api",
        *,
        quota_routes: QuotaRoutes = "new-api",
        key_quota: DemoKeyQuota | None = None,
    ) -> None:
        """Behave like a new-api gateway (see `app.demo.new_api`).

        Args:
            catalog: "new-api" (the mixed-vendor list with ``supported_endpoint_types``), "new-api-untyped"
                (the same without the field), or "gemini" (Google's families only, the default).
            quota_routes: "new-api" (``/api/usage/token/`` and the billing routes), "billing" (only the
                OpenAI-style billing routes, as one-api), or "none".
            key_quota: The key those routes describe (a limited key by default).
        """
        self._router.catalog = catalog
        self._router.quota_routes = quota_routes
        self._router.key_quota = key_quota or DemoKeyQuota()

    def set_scenario(self, scenario: Scenario | str | None) -> None:
        """Answer all following requests with `scenario` (None: back to the scripted chat).

        Raises:
            KeyError: an unknown scenario name.
        """
        resolved = None if scenario is None else resolve(scenario)
        with self._lock:
            self._scenario = resolved

    def queue_scenarios(self, *scenarios: Scenario | str) -> None:
        """Answer the next requests with these scenarios, one each, before the configured one.

        Raises:
            KeyError: an unknown scenario name (nothing is queued then).
        """
        resolved = [resolve(scenario) for scenario in scenarios]
        with self._lock:
            self._queue.extend(resolved)

    # -- the request log -------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """A copy of every request received so far, oldest first."""
        with self._lock:
            return list(self._requests)

    def wait_for_requests(self, n: int, timeout: float = 5.0) -> None:
        """Block until at least `n` requests were received.

        Raises:
            TimeoutError: fewer than `n` requests arrived within `timeout` seconds.
        """
        with self._requests_changed:
            if not self._requests_changed.wait_for(lambda: len(self._requests) >= n, timeout):
                raise TimeoutError(f"expected {n} requests, got {len(self._requests)} in {timeout} s")

    # -- used by the handler ---------------------------------------------------------------------

    def _handle(self, request: IncomingRequest) -> Reply:
        if self._record_requests:
            self._record(request)
        return self._router.route(request)

    def _next_scenario(self) -> Scenario | None:
        with self._lock:
            return self._queue.popleft() if self._queue else self._scenario

    def _record(self, request: IncomingRequest) -> None:
        headers = {
            name: _mask_header(name, value) if name in _SECRET_HEADERS else value
            for name, value in request.headers.items()
        }
        query = {
            name: mask_secret(value) if name == "key" else value for name, value in request.query.items()
        }
        recorded = RecordedRequest(
            method=request.method,
            path=request.path,
            query=query,
            headers=headers,
            body=request.body,
            body_size=len(request.raw_body),
            received_at=time.monotonic(),
        )
        with self._requests_changed:
            self._requests.append(recorded)
            self._requests_changed.notify_all()

    def _track(self, connection: socket.socket, *, add: bool) -> None:
        with self._lock:
            if add:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)
