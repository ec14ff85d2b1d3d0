"""Gateways that keep a stream alive, end it badly, answer with foreign bodies or redirect: the real client
against the gateway double over loopback (issue 14, sections A-D).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from app.core.chat.turn import TurnOutcome, TurnRunner
from app.core.gemini.client import ClientConfig, GeminiClient, ProxyConfig, ReplyStream
from app.core.gemini.errors import (
    GeminiError,
    IdleTimeoutError,
    ResponseFormatError,
    StreamError,
    WrongContentTypeError,
)
from app.core.gemini.retry import RetryPolicy
from app.core.gemini.status_errors import AuthenticationError, RedirectError, ServerError
from app.core.store.conversations import ConversationStore
from app.core.store.db import Database
from app.core.texts import render
from app.demo import failures
from app.demo.content import SAMPLE_TEXT
from app.demo.scenario import Scenario
from app.demo.server import GatewayDouble
from tests.helpers.turn_listeners import QuietListener

KEY = "test-key"
MODEL = "gemini-2.5-flash"
BODY: dict[str, Any] = {"contents": [{"role": "user", "parts": [{"text": "Hello"}]}]}
STREAM_PATH = f"/v1beta/models/{MODEL}:streamGenerateContent"
NO_RETRIES = RetryPolicy(max_retries=0)
PARTIAL_KEPT = ("partial answer is kept", "已保留部分回答")


def client_for(gateway: GatewayDouble, idle_timeout: float = 20.0) -> GeminiClient:
    config = ClientConfig(
        base_url=gateway.base_url,
        api_key=KEY,
        proxy=ProxyConfig(mode="none"),
        connect_timeout=2.0,
        idle_timeout=idle_timeout,
    )
    return GeminiClient(config, retry_policy=NO_RETRIES)


def stream(
    gateway: GatewayDouble, idle_timeout: float = 20.0
) -> tuple[ReplyStream, GeminiError | None, float]:
    """Stream one reply; return the stream, the error it ended with (if any) and the seconds it took."""
    client = client_for(gateway, idle_timeout)

    async def scenario() -> tuple[ReplyStream, GeminiError | None]:
        reply = client.stream_generate(MODEL, BODY)
        try:
            async with client:
                async for _event in reply:
                    pass
        except GeminiError as error:
            return reply, error
        finally:
            await reply.aclose()
        return reply, None

    started = time.monotonic()
    reply, error = asyncio.run(scenario())
    return reply, error, time.monotonic() - started


def failure(gateway: GatewayDouble, idle_timeout: float = 20.0) -> GeminiError:
    _, error, _ = stream(gateway, idle_timeout)
    assert error is not None, "the stream did not fail"
    return error


def messages(error: GeminiError) -> str:
    return render(error.user_message(), "en") + "\n" + render(error.user_message(), "zh")


# ---- A. Keep-alives are not progress; a finished answer is finished --------------------------------------


def test_keep_alive_comments_do_not_hold_off_the_stall_timeout(gateway: GatewayDouble) -> None:
    # Two events, then only ": PING" every 0.2 s for 15 s: the stall must end after the 1 s idle timeout.
    gateway.set_scenario(failures.keepalive_stall(seconds=15, every=0.2))
    reply, error, took = stream(gateway, idle_timeout=1.0)
    assert isinstance(error, IdleTimeoutError), error
    assert took < 10, f"the keep-alives held the stream open for {took:.1f} s"
    assert "No data from the gateway for 1 s" in render(error.user_message(), "en")
    assert error.partial is not None and error.partial.text
    assert failures.INTERRUPTED_TEXT.startswith(error.partial.text)
    assert reply.snapshot.text == error.partial.text


def test_keep_alives_before_the_first_token_do_not_keep_it_thinking(gateway: GatewayDouble) -> None:
    # The upstream is stuck before answering; the gateway pings: "Thinking… N s" must not last forever.
    gateway.set_scenario(failures.keepalive_stall(seconds=15, every=0.2, after=0))
    reply, error, took = stream(gateway, idle_timeout=1.0)
    assert isinstance(error, IdleTimeoutError), error
    assert took < 10, f"the keep-alives held the stream open for {took:.1f} s"
    assert "No data from the gateway for 1 s" in render(error.user_message(), "en")
    assert reply.snapshot.text == "" and not reply.snapshot.parts


@pytest.mark.parametrize(
    ("scenario", "note"),
    [
        (failures.finish_then_keepalive(seconds=12, every=0.2), "kept_open"),
        (failures.finish_then_silence(seconds=12), "kept_open"),
        (failures.finish_then_cut(), "broken"),
        (failures.finish_unclosed_array(), "broken"),
    ],
    ids=["keep-alives", "silence", "cut", "unclosed-array"],
)
def test_a_finished_answer_ends_complete_whatever_the_transport_does_next(
    gateway: GatewayDouble, scenario: Scenario, note: str
) -> None:
    gateway.set_scenario(scenario)
    reply, error, took = stream(gateway)
    assert error is None, error
    assert took < 8, f"the finished answer stayed open for {took:.1f} s"
    assert reply.snapshot.finish_reason == "STOP" and reply.snapshot.is_complete
    assert reply.snapshot.text.endswith("回答已经完整。")
    assert reply.unclean_end == note


def test_a_stream_that_ends_properly_has_no_note(gateway: GatewayDouble) -> None:
    gateway.set_scenario("sse-lf")
    reply, error, _ = stream(gateway)
    assert error is None and reply.snapshot.text == SAMPLE_TEXT
    assert reply.unclean_end is None


def test_a_finished_answer_kept_open_is_stored_complete_with_a_note(
    gateway: GatewayDouble, tmp_path: Any
) -> None:
    gateway.set_scenario(failures.finish_then_keepalive(seconds=12, every=0.2))
    database = Database.open(tmp_path / "chat.db")
    try:
        store = ConversationStore(database)
        runner = TurnRunner(store)
        conversation = store.create("quirks", MODEL)
        reply = runner.begin_reply(conversation.id, MODEL)

        async def scenario() -> TurnOutcome:
            async with client_for(gateway) as client:
                return await runner.stream_reply(client, reply, MODEL, BODY, QuietListener())

        outcome = asyncio.run(scenario())
        stored = store.get_message(reply.id)
    finally:
        database.close()
    assert outcome.status == "complete" and outcome.error is None
    assert stored is not None and stored.status == "complete" and stored.error is None
    assert stored.meta["unclean_end"] == "kept_open"
    assert stored.meta["finish_reason"] == "STOP"


# ---- B. Error bodies that are not Gemini's ---------------------------------------------------------------


def test_one_api_success_false_quotes_the_gateway(gateway: GatewayDouble) -> None:
    gateway.set_scenario("200-success-false")
    error = failure(gateway)
    assert error.gateway_message == "无效的令牌"
    assert '"无效的令牌"' in render(error.user_message(), "en") and "“无效的令牌”" in render(
        error.user_message(), "zh"
    )
    assert "reported an error instead of an answer" in render(error.user_message(), "en")
    assert not any(words in messages(error) for words in PARTIAL_KEPT)


def test_an_sse_code_message_line_first_is_the_gateway_error_it_names(gateway: GatewayDouble) -> None:
    gateway.set_scenario("sse-code-error")
    error = failure(gateway)
    assert isinstance(error, ServerError) and error.status == 500
    assert error.gateway_message == failures.GATEWAY_BUSY
    assert failures.GATEWAY_BUSY in render(error.user_message(), "zh")
    assert not any(words in messages(error) for words in PARTIAL_KEPT)


def test_an_error_object_after_part_of_the_answer_still_keeps_it(gateway: GatewayDouble) -> None:
    error_after = Scenario(
        "code-after-text",
        "gateway-sse",
        [failures._interrupted_chunks()[0], {"code": 500, "message": failures.GATEWAY_BUSY}],
    )
    gateway.set_scenario(error_after)
    error = failure(gateway)
    assert isinstance(error, StreamError)
    assert error.partial is not None and error.partial.text
    assert "The partial answer is kept" in render(error.user_message(), "en")
    assert failures.GATEWAY_BUSY in render(error.user_message(), "zh")


def test_a_401_code_in_the_first_event_is_a_rejected_key(gateway: GatewayDouble) -> None:
    gateway.set_scenario(Scenario("code-401", "gateway-sse", [{"code": 401, "message": "Invalid token"}]))
    error = failure(gateway)
    assert isinstance(error, AuthenticationError)
    assert "Check the API key" in render(error.user_message(), "en") and '"Invalid token"' in render(
        error.user_message(), "en"
    )


def test_plain_text_forbidden_is_quoted_not_an_empty_answer(gateway: GatewayDouble) -> None:
    gateway.set_scenario("200-text-forbidden")
    error = failure(gateway)
    assert isinstance(error, ResponseFormatError)
    assert error.gateway_message == "Forbidden"
    assert '"Forbidden"' in render(error.user_message(), "en")
    for wrong in ("empty answer", "could not be read", "cut off"):
        assert wrong not in render(error.user_message(), "en")


@pytest.mark.parametrize("content_type", ["application/json", "text/event-stream", "text/plain"])
def test_an_html_page_is_a_web_page_whatever_its_content_type(
    gateway: GatewayDouble, content_type: str
) -> None:
    page = Scenario("portal", raw_body=failures.CAPTIVE_PORTAL, content_type=content_type)
    gateway.set_scenario(page)
    error = failure(gateway)
    assert isinstance(error, WrongContentTypeError)
    assert error.page_title == "Sign in to Harbour Hotel Wi-Fi"
    english = render(error.user_message(), "en")
    assert "looks like a web page" in english and "captive portal" in english
    assert 'Page title: "Sign in to Harbour Hotel Wi-Fi"' in english
    assert "登录页面" in render(error.user_message(), "zh")


def test_keep_alives_alone_are_still_an_empty_answer(gateway: GatewayDouble) -> None:
    gateway.set_scenario(
        Scenario("pings-only", raw_body=b": PING\n\n: PING\n\n", content_type="text/event-stream")
    )
    error = failure(gateway)
    assert "The gateway sent an empty answer" in render(error.user_message(), "en")


# ---- C. Redirects -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_names_its_target_and_the_base_url_to_use(gateway: GatewayDouble, status: int) -> None:
    moved = Scenario(
        "moved", status=status, raw_body=b"", headers={"Location": failures.REDIRECT_HOST + "{path}"}
    )
    gateway.set_scenario(moved)
    error = failure(gateway)
    assert isinstance(error, RedirectError) and error.status == status
    assert error.location == f"{failures.REDIRECT_HOST}{STREAM_PATH}?alt=sse"
    assert error.suggested_base_url == failures.REDIRECT_HOST
    english = render(error.user_message(), "en")
    assert f"redirected the request (HTTP {status})" in english
    assert error.location in english
    assert f"update the base URL to {failures.REDIRECT_HOST}" in english
    assert failures.REDIRECT_HOST in render(error.user_message(), "zh")
    assert len(gateway.requests) == 1  # not followed, not retried


def test_a_redirect_to_a_sign_in_page_offers_no_base_url(gateway: GatewayDouble) -> None:
    gateway.set_scenario("redirect-302-login")
    error = failure(gateway)
    assert isinstance(error, RedirectError)
    assert error.location == f"{gateway.base_url}/login?next=%2F"
    assert error.suggested_base_url is None
    assert "not the API" in render(error.user_message(), "en") and "update the base URL" not in render(
        error.user_message(), "en"
    )


def list_models(gateway: GatewayDouble) -> Any:
    async def scenario() -> Any:
        async with client_for(gateway) as client:
            return await client.list_models()

    return asyncio.run(scenario())


def test_a_redirected_v1_models_falls_back_to_v1beta(gateway: GatewayDouble) -> None:
    gateway.redirect_model_list("/v1/models", "https://elsewhere.example/v1/models")
    models = list_models(gateway)
    assert models and models[0].is_chat
    assert [request.path for request in gateway.requests] == ["/v1/models", "/v1beta/models"]


def test_a_model_list_redirected_on_both_paths_names_the_target(gateway: GatewayDouble) -> None:
    for path in ("/v1/models", "/v1beta/models"):
        gateway.redirect_model_list(path, failures.REDIRECT_HOST + path)
    with pytest.raises(RedirectError) as caught:
        list_models(gateway)
    assert caught.value.location == failures.REDIRECT_HOST + "/v1/models"
    assert f"update the base URL to {failures.REDIRECT_HOST}" in render(caught.value.user_message(), "en")
    assert [request.path for request in gateway.requests] == ["/v1/models", "/v1beta/models"]


# ---- D. Bare CR line ends ---------------------------------------------------------------------------------


def test_sse_with_bare_cr_line_ends_streams_the_whole_answer(gateway: GatewayDouble) -> None:
    gateway.set_scenario("sse-cr")
    reply, error, _ = stream(gateway)
    assert error is None, error
    assert reply.snapshot.text == SAMPLE_TEXT and reply.snapshot.finish_reason == "STOP"
