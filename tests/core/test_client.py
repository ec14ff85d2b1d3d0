"""The HTTP client against real loopback servers: the gateway double, and tiny raw servers for what it lacks.

Nothing here mocks httpx: every request crosses a real socket on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import certifi
import httpx
import pytest

import app.core.gemini.client as client_module
from app.core.gemini.client import (
    ClientConfig,
    GeminiClient,
    ProxyConfig,
    ReplyEvent,
    ReplyStream,
    Retrying,
    httpx_client_options,
)
from app.core.gemini.errors import (
    ConfigurationError,
    ConnectionFailedError,
    EmptyResponseError,
    GeminiError,
    IdleTimeoutError,
    StreamError,
    TLSError,
    TruncatedStreamError,
    WrongContentTypeError,
)
from app.core.gemini.events import TextDelta
from app.core.gemini.retry import RetryPolicy
from app.core.gemini.status_errors import AuthenticationError, ModelAccessError, RateLimitError, ServerError
from app.core.texts import render
from app.demo.content import SAMPLE_TEXT, SPLIT_TEXT
from app.demo.envelopes import new_api_error
from app.demo.failures import INTERRUPTED_TEXT
from app.demo.scenario import Scenario
from app.demo.scenarios import make_scenario
from tests.helpers.loopback import LoopbackListener
from tests.helpers.raw_http import read_head

KEY = "test-key-0123456789"
MODEL = "gemini-2.5-flash"
BODY: dict[str, Any] = {"contents": [{"role": "user", "parts": [{"text": "Hello"}]}]}
FAST_RETRIES = RetryPolicy(max_retries=2, base_delay=0.01, max_backoff=0.05)


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def make_client(base_url: str, **options: Any) -> GeminiClient:
    policy = options.pop("retry_policy", FAST_RETRIES)
    config = ClientConfig(
        base_url=base_url,
        api_key=options.pop("api_key", KEY),
        proxy=options.pop("proxy", ProxyConfig(mode="none")),
        connect_timeout=options.pop("connect_timeout", 2.0),
        idle_timeout=options.pop("idle_timeout", 5.0),
        **options,
    )
    return GeminiClient(config, retry_policy=policy)


async def collect(stream: ReplyStream) -> list[ReplyEvent]:
    return [event async for event in stream]


async def stream_once(
    client: GeminiClient, model: str = "gemini-2.5-flash"
) -> tuple[list[ReplyEvent], ReplyStream]:
    stream = client.stream_generate(model, BODY)
    try:
        async with client:
            events = await collect(stream)
    finally:
        await stream.aclose()
    return events, stream


async def failure(client: GeminiClient, model: str = MODEL) -> tuple[GeminiError, ReplyStream]:
    stream = client.stream_generate(model, BODY)
    try:
        async with client:
            await collect(stream)
    except GeminiError as error:
        return error, stream
    raise AssertionError("the stream did not fail")


def assert_no_key(error: GeminiError, key: str = KEY) -> None:
    for text in (
        str(error),
        repr(error),
        render(error.user_message(), "en"),
        render(error.user_message(), "zh"),
        repr(vars(error)),
    ):
        assert KEY not in text


# ---- tiny raw servers -----------------------------------------------------------------------------------


class RawServer:
    """A loopback TCP server that runs `handler(connection)` for each connection in a thread."""

    def __init__(self, handler: Callable[[socket.socket], None]) -> None:
        self._handler = handler
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._threads: list[threading.Thread] = []
        self._stopped = False
        self._accepter = threading.Thread(target=self._accept, daemon=True)
        self._accepter.start()

    def _accept(self) -> None:
        while not self._stopped:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(connection,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, connection: socket.socket) -> None:
        with connection, contextlib.suppress(OSError):
            self._handler(connection)

    def close(self) -> None:
        self._stopped = True
        self._listener.close()
        for thread in self._threads:
            thread.join(timeout=2)


@pytest.fixture
def raw_server() -> Iterator[Callable[[Callable[[socket.socket], None]], RawServer]]:
    servers: list[RawServer] = []

    def start(handler: Callable[[socket.socket], None]) -> RawServer:
        server = RawServer(handler)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def sse_event(text: str) -> bytes:
    payload = json.dumps({"candidates": [{"content": {"role": "model", "parts": [{"text": text}]}}]})
    return f"data: {payload}\r\n\r\n".encode()


def chunked(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


SSE_HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"


def closed_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return int(probe.getsockname()[1])


# ---- without the gateway double -------------------------------------------------------------------------


def test_cancelling_the_task_closes_the_connection_at_once(raw_server: Any) -> None:
    closed_at: list[float] = []
    disconnected = threading.Event()

    def endless_stream(connection: socket.socket) -> None:
        read_head(connection)
        connection.sendall(SSE_HEAD + chunked(sse_event("first words")))
        # Send nothing more; recv() returns b"" (or fails) as soon as the client closes its side.
        connection.settimeout(10)
        with contextlib.suppress(OSError):
            connection.recv(1)
        closed_at.append(time.monotonic())
        disconnected.set()

    server = raw_server(endless_stream)
    client = make_client(f"http://127.0.0.1:{server.port}", idle_timeout=30)

    async def scenario() -> tuple[float, str]:
        stream = client.stream_generate("gemini-2.5-flash", BODY)
        got_text = asyncio.Event()

        async def consume() -> None:
            async for event in stream:
                if isinstance(event, TextDelta):
                    got_text.set()

        task = asyncio.create_task(consume())
        await asyncio.wait_for(got_text.wait(), 5)
        cancelled_at = time.monotonic()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await client.aclose()
        return cancelled_at, stream.snapshot.text

    cancelled_at, partial_text = run(scenario())
    assert disconnected.wait(2), "the server never saw the connection close"
    assert closed_at[0] - cancelled_at < 1.0
    assert partial_text == "first words"


def test_aclose_of_an_unfinished_stream_closes_the_connection(raw_server: Any) -> None:
    disconnected = threading.Event()

    def endless_stream(connection: socket.socket) -> None:
        read_head(connection)
        connection.sendall(SSE_HEAD + chunked(sse_event("a")))
        connection.settimeout(10)
        with contextlib.suppress(OSError):
            connection.recv(1)
        disconnected.set()

    server = raw_server(endless_stream)
    client = make_client(f"http://127.0.0.1:{server.port}", idle_timeout=30)

    async def scenario() -> None:
        stream = client.stream_generate("gemini-2.5-flash", BODY)
        async for event in stream:
            if isinstance(event, TextDelta):
                break
        await stream.aclose()
        assert disconnected.wait(1)
        await client.aclose()

    run(scenario())


def test_connection_refused_fails_fast_without_retrying_forever() -> None:
    client = make_client(f"http://127.0.0.1:{closed_port()}")
    started = time.monotonic()
    error, stream = run(failure(client))
    assert isinstance(error, ConnectionFailedError)
    assert error.kind == "refused"
    assert error.partial is None
    assert "refused" in render(error.user_message(), "en")
    # Gross failure only (the machine may be loaded): retrying forever would never end.
    assert time.monotonic() - started < 10.0
    assert stream.first_byte_at is None


def test_connection_refused_is_retried_with_retrying_events() -> None:
    client = make_client(f"http://127.0.0.1:{closed_port()}")
    seen: list[ReplyEvent] = []

    async def scenario() -> GeminiError:
        stream = client.stream_generate("m", BODY)
        try:
            async for event in stream:
                seen.append(event)
        except GeminiError as error:
            return error
        finally:
            await client.aclose()
        raise AssertionError("no failure")

    error = run(scenario())
    assert isinstance(error, ConnectionFailedError)
    assert [event.attempt for event in seen if isinstance(event, Retrying)] == [1, 2]


def test_https_to_a_plain_http_server_is_a_tls_error(raw_server: Any) -> None:
    def plain_http(connection: socket.socket) -> None:
        connection.recv(65536)  # the TLS ClientHello, which a plain HTTP server cannot understand
        connection.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    server = raw_server(plain_http)
    client = make_client(f"https://127.0.0.1:{server.port}")
    error, _ = run(failure(client))
    assert isinstance(error, TLSError)
    assert not error.retryable
    assert "https://" in render(error.user_message(), "en") and "证书" in render(error.user_message(), "zh")


def test_explicit_http_proxy_carries_the_request(raw_server: Any) -> None:
    target_lines: list[bytes] = []

    def target(connection: socket.socket) -> None:
        head = read_head(connection)
        target_lines.append(head.split(b"\r\n", 1)[0])
        connection.sendall(SSE_HEAD + chunked(sse_event("through the proxy")) + b"0\r\n\r\n")

    target_server = raw_server(target)
    proxy_lines: list[bytes] = []

    def forwarding_proxy(connection: socket.socket) -> None:
        head = read_head(connection)
        proxy_lines.append(head.split(b"\r\n", 1)[0])
        # A plain-HTTP proxy gets the absolute URL; forward the bytes unchanged to the target and back.
        with socket.create_connection(("127.0.0.1", target_server.port)) as upstream:
            upstream.sendall(head)
            connection.settimeout(0.2)
            try:
                rest = connection.recv(65536)
                if rest:
                    upstream.sendall(rest)
            except TimeoutError:
                pass
            while data := upstream.recv(65536):
                connection.sendall(data)

    proxy = raw_server(forwarding_proxy)
    client = make_client(
        f"http://127.0.0.1:{target_server.port}",
        proxy=ProxyConfig(mode="url", url=f"http://127.0.0.1:{proxy.port}"),
    )
    _events, stream = run(stream_once(client))
    assert stream.snapshot.text == "through the proxy"
    assert proxy_lines and proxy_lines[0].startswith(
        f"POST http://127.0.0.1:{target_server.port}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse".encode()
    )
    assert target_lines == proxy_lines


def test_unreachable_socks_proxy_is_reported_as_the_proxy_being_unreachable() -> None:
    client = make_client(
        "http://127.0.0.1:9", proxy=ProxyConfig(mode="url", url=f"socks5://127.0.0.1:{closed_port()}")
    )
    error, _ = run(failure(client))
    assert isinstance(error, ConnectionFailedError)
    assert error.kind == "proxy_unreachable"
    shown = render(error.user_message(), "en")
    assert (
        shown.startswith("The proxy could not be reached") and "could not connect to the gateway" not in shown
    )


def test_proxy_modes_map_to_httpx_options() -> None:
    def options(proxy: ProxyConfig) -> dict[str, Any]:
        return httpx_client_options(
            ClientConfig("https://h", KEY, proxy=proxy, connect_timeout=3, idle_timeout=7)
        )

    system = options(ProxyConfig("system"))
    assert system["trust_env"] is True and "proxy" not in system
    assert options(ProxyConfig("none"))["trust_env"] is False
    explicit = options(ProxyConfig("url", "socks5://127.0.0.1:1080"))
    assert explicit["trust_env"] is False and explicit["proxy"] == "socks5://127.0.0.1:1080"
    timeout = system["timeout"]
    assert isinstance(timeout, httpx.Timeout)
    assert (timeout.connect, timeout.read) == (3, 7)
    for bad in (
        ProxyConfig("url", None),
        ProxyConfig("url", "ftp://h"),
        ProxyConfig("url", "127.0.0.1:8080"),
    ):
        with pytest.raises(ConfigurationError):
            options(bad)


def test_clients_share_one_certificate_checking_tls_context(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each context reads the whole CA bundle (about 20 ms of the GUI thread and 1.3 MB); two were built
    # right after start-up, one more per client after.
    def verify(proxy: ProxyConfig, base_url: str = "https://h") -> Any:
        return httpx_client_options(ClientConfig(base_url, KEY, proxy=proxy))["verify"]

    shared = verify(ProxyConfig("none"))
    assert isinstance(shared, ssl.SSLContext)
    assert shared.verify_mode == ssl.CERT_REQUIRED and shared.check_hostname
    assert verify(ProxyConfig("none"), "https://other.example") is shared
    assert verify(ProxyConfig("url", "http://127.0.0.1:8080")) is shared
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    system = verify(ProxyConfig("system"))
    assert system.verify_mode == ssl.CERT_REQUIRED and verify(ProxyConfig("system")) is system
    # A trusted environment naming its own certificates gets a context of its own.
    monkeypatch.setenv("SSL_CERT_FILE", certifi.where())
    assert verify(ProxyConfig("system")) is not system
    assert verify(ProxyConfig("none")) is shared


def test_configuration_problems_raise_before_anything_is_sent() -> None:
    with pytest.raises(ConfigurationError):
        make_client("ftp://gogogotoken.ai").stream_generate("m", BODY)
    with pytest.raises(ConfigurationError):
        make_client("https://h", api_key="  ").stream_generate("m", BODY)
    with pytest.raises(ConfigurationError):
        make_client("https://h").stream_generate("models/", BODY)


def test_config_and_client_reprs_hide_the_key() -> None:
    config = ClientConfig("https://h", KEY)
    assert KEY not in repr(config)
    assert KEY not in repr(GeminiClient(config))


def test_a_stream_can_be_iterated_only_once(raw_server: Any) -> None:
    def short(connection: socket.socket) -> None:
        read_head(connection)
        connection.sendall(SSE_HEAD + chunked(sse_event("x")) + b"0\r\n\r\n")

    server = raw_server(short)
    client = make_client(f"http://127.0.0.1:{server.port}")
    _, stream = run(stream_once(client))
    with pytest.raises(RuntimeError):
        stream.__aiter__()


# ---- against the gateway double -------------------------------------------------------------------------

GATEWAY_KEY = "test-key"


def gateway_client(gateway: Any, **options: Any) -> GeminiClient:
    options.setdefault("api_key", GATEWAY_KEY)
    return make_client(gateway.base_url, **options)


@pytest.mark.parametrize(
    "shape", ["sse-crlf", "sse-lf", "json-array", "object", "ping-done", "split-random", "split-bytes"]
)
def test_every_shape_streams_the_same_text(gateway: Any, shape: str) -> None:
    expected = SPLIT_TEXT if shape.startswith("split") else SAMPLE_TEXT
    gateway.set_scenario(shape)
    events, stream = run(stream_once(gateway_client(gateway)))
    assert stream.snapshot.text == expected
    assert "".join(e.text for e in events if isinstance(e, TextDelta)) == expected
    assert stream.snapshot.finish_reason == "STOP"
    assert stream.started_at is not None and stream.first_byte_at is not None
    assert stream.first_byte_at >= stream.started_at


@pytest.mark.parametrize("suffix", ["", "/", "/v1beta", "/v1", "/v1beta/models"])
def test_bearer_key_and_alt_sse_for_every_base_url_variant(gateway: Any, suffix: str) -> None:
    gateway.set_scenario("sse-lf")
    client = make_client(gateway.base_url + suffix, api_key=GATEWAY_KEY)
    _, stream = run(stream_once(client, "models/gemini-2.5-flash"))
    assert stream.snapshot.text == SAMPLE_TEXT
    request = gateway.requests[-1]
    assert request.path == "/v1beta/models/gemini-2.5-flash:streamGenerateContent"
    assert request.query == {"alt": "sse"}
    assert GATEWAY_KEY not in request.path and "key" not in request.query
    assert request.headers["authorization"].startswith("Bearer test")  # the double masks the rest
    assert "x-goog-api-key" not in request.headers
    assert request.headers["accept"] == "text/event-stream"
    assert request.headers["accept-encoding"] == "identity"  # no gzip bombs
    assert request.headers["user-agent"].startswith("gemini-desk/")
    assert request.body == BODY


@pytest.mark.parametrize(
    ("scenario", "gateway_words"), [("401-zh", "无效的令牌"), ("401-en", "Invalid token")]
)
def test_rejected_key_quotes_the_gateway_and_advises(gateway: Any, scenario: str, gateway_words: str) -> None:
    gateway.set_scenario(scenario)
    error, _ = run(failure(gateway_client(gateway)))
    assert isinstance(error, AuthenticationError)
    assert gateway_words in render(error.user_message(), "zh") and gateway_words in render(
        error.user_message(), "en"
    )
    assert "API 密钥" in render(error.user_message(), "zh") and "Check the API key" in render(
        error.user_message(), "en"
    )
    assert len(gateway.requests) == 1  # never retried


def test_a_key_echoed_by_the_gateway_is_redacted(gateway: Any) -> None:
    echo = Scenario("echo-key", status=401, error=new_api_error(f"无效的令牌 {GATEWAY_KEY}"))
    gateway.queue_scenarios(echo)
    error, _ = run(failure(gateway_client(gateway)))
    assert isinstance(error, AuthenticationError)
    assert error.gateway_message == "无效的令牌 ***"
    assert error.request_id
    assert_no_key(error, GATEWAY_KEY)


@pytest.mark.parametrize("scenario", ["403-zh", "503-model-not-found"])
def test_model_permission_errors(gateway: Any, scenario: str) -> None:
    gateway.set_scenario(scenario)
    error, _ = run(failure(gateway_client(gateway)))
    assert isinstance(error, ModelAccessError)
    assert "gemini-2.5-flash" in (error.gateway_message or "")
    assert "Pick a model" in render(error.user_message(), "en")
    assert len(gateway.requests) == 1
    assert_no_key(error, GATEWAY_KEY)


def test_rate_limit_is_retried_after_the_requested_delay(gateway: Any) -> None:
    limited = make_scenario("429-google")
    assert limited.error is not None
    limited.error["error"]["details"][-1]["retryDelay"] = "0.1s"
    limited.error["error"]["message"] = limited.error["error"]["message"].replace("2.0s", "0.1s")
    gateway.queue_scenarios(limited, "sse-lf")
    events, stream = run(stream_once(gateway_client(gateway)))
    retries = [e for e in events if isinstance(e, Retrying)]
    assert len(retries) == 1
    assert retries[0].attempt == 1 and retries[0].delay == pytest.approx(0.1)
    assert isinstance(retries[0].error, RateLimitError)
    assert stream.snapshot.text == SAMPLE_TEXT
    assert len(gateway.requests) == 2


def test_per_day_quota_is_not_retried(gateway: Any) -> None:
    gateway.set_scenario("429-per-day")
    error, _ = run(failure(gateway_client(gateway)))
    assert isinstance(error, RateLimitError) and error.per_day
    assert len(gateway.requests) == 1
    assert "tomorrow" in render(error.user_message(), "en")


@pytest.mark.parametrize("scenario", ["500-google", "502-html"])
def test_server_errors_are_retried_a_bounded_number_of_times(gateway: Any, scenario: str) -> None:
    gateway.set_scenario(scenario)
    error, _ = run(failure(gateway_client(gateway)))
    assert isinstance(error, ServerError)
    assert len(gateway.requests) == 1 + FAST_RETRIES.max_retries
    assert "gateway console" in render(error.user_message(), "en")


def test_nginx_error_page_shows_its_title(gateway: Any) -> None:
    gateway.set_scenario("502-html")
    error, _ = run(failure(gateway_client(gateway, retry_policy=RetryPolicy(max_retries=0))))
    assert isinstance(error, ServerError) and error.status == 502
    assert error.page_title == "502 Bad Gateway"
    assert "502 Bad Gateway" in render(error.user_message(), "zh")


def test_html_200_points_at_the_base_url(gateway: Any) -> None:
    gateway.set_scenario("200-html")
    error, _ = run(failure(gateway_client(gateway)))
    assert isinstance(error, WrongContentTypeError)
    assert error.page_title == "New API"
    assert "base URL" in render(error.user_message(), "en")


def test_empty_200(gateway: Any) -> None:
    gateway.set_scenario("empty-200")
    error, _ = run(failure(gateway_client(gateway)))
    assert isinstance(error, EmptyResponseError)
    assert "try again" in render(error.user_message(), "en").lower()


def assert_partial_kept(error: GeminiError, stream: ReplyStream) -> None:
    assert error.partial is not None
    text = error.partial.text
    assert text and INTERRUPTED_TEXT.startswith(text) and len(text) < len(INTERRUPTED_TEXT)
    assert stream.snapshot.text == text
    assert error.partial.finish_reason is None


@pytest.mark.parametrize("scenario", ["midstream-error-event", "midstream-raw-error"])
def test_error_after_the_stream_started_keeps_the_partial_answer(gateway: Any, scenario: str) -> None:
    gateway.set_scenario(scenario)
    error, stream = run(failure(gateway_client(gateway)))
    assert isinstance(error, StreamError)
    assert_partial_kept(error, stream)
    assert error.gateway_message in (
        "The model is overloaded. Please try again later.",
        "An internal error has occurred. Please retry or report in AI Studio.",
    )
    assert len(gateway.requests) == 1  # never retried once text was shown


def test_cut_connection_keeps_the_partial_answer(gateway: Any) -> None:
    gateway.set_scenario("cut-connection")
    error, stream = run(failure(gateway_client(gateway)))
    assert isinstance(error, ConnectionFailedError) and error.kind == "cut"
    assert_partial_kept(error, stream)
    assert len(gateway.requests) == 1


def test_truncated_json_keeps_the_partial_answer(gateway: Any) -> None:
    gateway.set_scenario("truncated-json")
    error, stream = run(failure(gateway_client(gateway)))
    assert isinstance(error, TruncatedStreamError)
    assert_partial_kept(error, stream)
    assert "cut off" in render(error.user_message(), "en")


def test_stall_raises_idle_timeout_promptly(gateway: Any) -> None:
    gateway.set_scenario("stall")
    started = time.monotonic()
    error, stream = run(failure(gateway_client(gateway, idle_timeout=0.5)))
    # Gross failure only: without the idle timeout the stall would last its 30 s.
    assert time.monotonic() - started < 10.0
    assert isinstance(error, IdleTimeoutError)
    assert_partial_kept(error, stream)
    assert "0.5 s" in render(error.user_message(), "en")


def test_generate_returns_the_whole_answer(gateway: Any) -> None:
    gateway.set_scenario("sse-lf")

    async def scenario() -> Any:
        async with gateway_client(gateway) as client:
            return await client.generate("gemini-2.5-flash", BODY)

    snapshot = run(scenario())
    assert snapshot.text == SAMPLE_TEXT
    request = gateway.requests[-1]
    assert request.path == "/v1beta/models/gemini-2.5-flash:generateContent"


def test_generate_maps_errors_like_streaming(gateway: Any) -> None:
    gateway.set_scenario("401-zh")

    async def scenario() -> Any:
        async with gateway_client(gateway) as client:
            return await client.generate("gemini-2.5-flash", BODY)

    with pytest.raises(AuthenticationError):
        run(scenario())


def test_list_models_uses_v1_models_with_bearer(gateway: Any) -> None:
    async def scenario() -> Any:
        async with gateway_client(gateway) as client:
            return await client.list_models()

    models = run(scenario())
    assert models and models[0].is_chat
    chat = [m.is_chat for m in models]
    assert chat == sorted(chat, reverse=True)
    assert [r.path for r in gateway.requests] == ["/v1/models"]
    assert gateway.requests[0].headers["accept-encoding"] == "identity"
    assert gateway.requests[0].headers["authorization"].startswith("Bearer ")


def test_list_models_falls_back_to_v1beta(gateway: Any) -> None:
    gateway.v1_models_available = False

    async def scenario() -> Any:
        async with gateway_client(gateway) as client:
            return await client.list_models()

    models = run(scenario())
    assert models and all(not m.id.startswith("models/") for m in models)
    assert [r.path for r in gateway.requests] == ["/v1/models", "/v1beta/models"]


def test_list_models_with_a_bad_key_does_not_fall_back(gateway: Any) -> None:
    async def scenario() -> Any:
        async with gateway_client(gateway, api_key="wrong-key-123") as client:
            return await client.list_models()

    with pytest.raises(AuthenticationError):
        run(scenario())
    assert len(gateway.requests) == 1


def test_a_model_list_that_never_comes_ends_soon_with_its_own_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The chat's idle timeout is minutes long (a model may think in silence); a model list is not worth that.
    monkeypatch.setattr(client_module, "LIST_TIMEOUT", 0.5)
    silent = LoopbackListener(hang_up=False)

    async def scenario() -> Any:
        async with make_client(silent.url, idle_timeout=300.0) as client:
            return await client.list_models()

    started = time.monotonic()
    try:
        with pytest.raises(ConnectionFailedError) as caught:
            run(scenario())
    finally:
        silent.close()
    assert time.monotonic() - started < 10, "the list waited for the idle timeout"
    assert caught.value.kind == "no_answer" and not caught.value.retryable
    assert "did not answer in time" in render(caught.value.user_message(), "en")
    assert "没有及时回应" in render(caught.value.user_message(), "zh")
