"""Every fault of the gateway double (PROTOCOL-NOTES §7) through the whole app, as a user meets it.

Each case runs the real main window against the gateway double over loopback and checks what a user would
notice: the message in the transcript's error box (the actual words, English or Chinese), the partial answer
kept on screen and in the database (also after the app is restarted), nothing left spinning, and a follow-up
message that gets an answer. After the table come the faults that need a scenario of their own: Retry once
the gateway works, a cut at any point, a rate limit that asks for a wait, invalid UTF-8, a 5 MB line, a
byte-by-byte drip.
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import qasync

from app.demo import failures
from app.demo.scenario import Scenario
from app.demo.scenarios import make_scenario
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import (
    await_future,
    click_action,
    finished_future,
    generation_requests,
    has_action_link,
    run_app,
    send_and_wait,
    transcript_text,
    type_and_send,
    wait_until,
)
from tests.helpers.gui_checks import UiLag, assert_idle, interrupted_text_before, last_line

ZH = {"language": "zh_CN"}


@dataclass(frozen=True)
class Case:
    """One fault and what the user must see.

    Attributes:
        scenario: The gateway double's scenario name.
        shown: Fragments the transcript must show (the error box's title, advice, the gateway's words).
        status: The reply's final status.
        partial_events: How many answer events arrived before the fault (0: the error came first).
        settings: Extra app settings (the UI language).
        requests: How many generation requests the gateway must have seen (retries included).
        absent: Fragments the transcript must not show (advice that does not apply).
        http_status: The HTTP status the stored error keeps, where the test pins it.
        state: What the status line says after the fault, where the test pins it.
    """

    scenario: str
    shown: tuple[str, ...]
    status: str = "error"
    partial_events: int = 0
    settings: dict[str, str] = dataclasses.field(default_factory=dict)
    requests: int = 1
    absent: tuple[str, ...] = ()
    http_status: int | None = None
    state: str | None = None


NO_PARTIAL = ("partial answer is kept", "已保留部分回答", "empty answer", "could not be read")

CASES = [
    # Errors before the stream, new-api's OpenAI-style envelope, Chinese and English gateway texts.
    Case(
        "401-en", ("The API key was rejected (HTTP 401).", "Check the API key in Settings", '"Invalid token"')
    ),
    Case(
        "401-zh",
        ("The API key was rejected (HTTP 401).", "Check the API key in Settings", "无效的令牌"),
        http_status=401,
        state="The request failed.",
    ),
    Case(
        "401-en",
        ("API 密钥无效（HTTP 401）", "请在设置中检查 API 密钥", "网关消息：“Invalid token”"),
        settings=ZH,
    ),
    Case("403-zh", ("This key may not use this model (HTTP 403).", "该令牌无权访问模型 gemini-2.5-flash")),
    # new-api's 503 model_not_found: no channel serves the model in the key's group; not retried.
    Case(
        "503-model-not-found",
        (
            "The gateway has no channel for this model in your key's group",
            "Pick a model your key's group has (refresh the model list)",
            "无可用渠道",
        ),
        http_status=503,
    ),
    Case(
        "429-zh",
        (
            "Request limit reached: at most 10 requests in 1 min (HTTP 429).",
            "Try again after",
            "您已达到请求数限制：1分钟内最多请求10次",
        ),
        requests=1,  # new-api's window counts failed requests too: a quick retry only uses it up
    ),
    Case("413", ("The request is too large for the gateway (HTTP 413).", "Remove some attachments")),
    # Errors before the stream, Google's envelope.
    Case("400-google", ("The request was rejected (HTTP 400).", "Request contains an invalid argument.")),
    Case(
        "429-per-day",
        ("The daily quota is used up (HTTP 429).", "Wait until tomorrow", "limit: 250"),
        requests=1,  # a per-day quota is never retried
    ),
    Case(
        "500-google",
        ("The gateway or the upstream service failed (HTTP 500).", "An internal error has occurred."),
        requests=4,
    ),
    Case("500-google", ("网关或上游服务出错（HTTP 500）", "请稍后重试"), settings=ZH, requests=4),
    # Answers that are not Gemini streams.
    Case(
        "502-html",
        ("answered with an error page (HTTP 502).", 'Page title: "502 Bad Gateway"', "Try again later"),
        requests=4,
    ),
    Case(
        "200-html",
        ("This looks like a web page, not the API.", "Check the base URL", 'Page title: "New API"'),
    ),
    Case("200-html", ("收到的是网页，而不是 API 响应", "请检查 Base URL"), settings=ZH),
    Case("empty-200", ("The gateway sent an empty answer.", "The upstream probably timed out")),
    # Bodies that are not Gemini's, with 200: the gateway's own words, no partial answer to speak of.
    Case(
        "200-success-false",
        ("The gateway reported an error instead of an answer.", 'Gateway message: "无效的令牌"'),
        absent=NO_PARTIAL,
    ),
    Case(
        "sse-code-error",
        ("网关或上游服务出错（HTTP 500）", failures.GATEWAY_BUSY),
        settings=ZH,
        absent=NO_PARTIAL,
    ),
    Case("200-text-forbidden", ("not a Gemini response.", 'Gateway message: "Forbidden"'), absent=NO_PARTIAL),
    Case(
        "200-html-as-json",
        (
            "This looks like a web page, not the API.",
            "captive portal",
            'Page title: "Sign in to Harbour Hotel Wi-Fi"',
        ),
        absent=NO_PARTIAL,
    ),
    Case(
        "redirect-307",
        (
            "The gateway redirected the request (HTTP 307).",
            f"It points to {failures.REDIRECT_HOST}/v1beta/models/",
            f"update the base URL to {failures.REDIRECT_HOST} in Settings",
        ),
    ),
    # Faults after the first answer bytes: the partial answer is kept.
    Case(
        "midstream-raw-error",
        ("The gateway reported an error while answering.", "An internal error has occurred. Please retry"),
        partial_events=2,
    ),
    Case(
        "midstream-error-event",
        ("The gateway reported an error while answering.", "The model is overloaded"),
        partial_events=2,
    ),
    Case(
        "midstream-error-event", ("回答过程中网关报告了错误", "已保留部分回答"), partial_events=2, settings=ZH
    ),
    Case(
        "truncated-json",
        (
            "The answer was cut off.",
            "The stream ended in the middle of a response. The partial answer is kept",
        ),
        partial_events=2,
    ),
    Case(
        "cut-connection",
        ("The connection was cut while the answer was arriving", "The partial answer is kept."),
        partial_events=2,
    ),
    Case(
        "cut-connection",
        ("回答传输过程中连接被中断", "已保留部分回答"),
        partial_events=2,
        settings=ZH,
    ),
]


def _case_id(case: Case) -> str:
    return case.scenario + ("-zh-ui" if case.settings.get("language") == "zh_CN" else "")


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_a_fault_shows_the_right_message_keeps_the_partial_answer_and_the_app_stays_usable(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble, case: Case
) -> None:
    gateway.set_scenario(case.scenario)
    partial = interrupted_text_before(case.partial_events)
    ids: dict[str, int] = {}

    async def fail_then_recover(desk: GeminiDesk) -> None:
        conversation_id, reply_id, status = await send_and_wait(desk, "hello")
        ids.update(conversation=conversation_id, reply=reply_id)
        assert status == case.status
        shown = transcript_text(desk)
        for fragment in case.shown:
            assert fragment in shown, f"{fragment!r} is not shown:\n{shown}"
        for fragment in case.absent:
            assert fragment not in shown, f"{fragment!r} is shown:\n{shown}"
        assert has_action_link(desk, "retry", reply_id)
        reply = desk.store.get_message(reply_id)
        assert reply is not None and reply.status == "error" and reply.error is not None
        assert reply.text == partial, "the text that arrived before the fault was not kept exactly"
        if partial:
            assert last_line(partial) in shown
            assert shown.index(last_line(partial)) < shown.index(case.shown[0]), "the error is not below"
        assert len(generation_requests(gateway)) == case.requests
        if case.http_status is not None:
            assert reply.error["status"] == case.http_status
        if case.state is not None:
            assert desk.window.status_line.state_label.text() == case.state
        assert_idle(desk, conversation_id)

        # The composer works again: a follow-up question gets its answer.
        gateway.set_scenario(None)
        _, follow_up, status = await send_and_wait(desk, "and now?")
        assert status == "complete"
        shown = transcript_text(desk)
        assert "You wrote (" in shown[shown.index("and now?") :], "the follow-up got no answer"
        follow = desk.store.get_message(follow_up)
        assert follow is not None and follow.status == "complete"
        assert_idle(desk, conversation_id)

    async def reopen(desk: GeminiDesk) -> None:
        # After a restart the failed reply is still there, with its partial text and its error box.
        assert desk.window_controller.current_conversation == ids["conversation"]
        shown = transcript_text(desk)
        assert case.shown[0] in shown
        if partial:
            assert last_line(partial) in shown
        reply = desk.store.get_message(ids["reply"])
        assert reply is not None and reply.status == "error" and reply.text == partial

    run_app(qloop, tmp_path, fail_then_recover, gateway, settings=case.settings)
    run_app(qloop, tmp_path, reopen, gateway, settings=case.settings)


def test_retry_once_the_gateway_works_replaces_the_error_with_the_answer(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario("401-zh")

    async def body(desk: GeminiDesk) -> None:
        conversation_id, reply_id, status = await send_and_wait(desk, "hello")
        assert status == "error"
        assert "无效的令牌" in transcript_text(desk)

        gateway.set_scenario(None)
        finished = finished_future(desk)
        click_action(desk, "retry", reply_id)
        _, new_reply, status = await await_future(finished)
        assert status == "complete"
        shown = transcript_text(desk)
        assert "无效的令牌" not in shown, "the old error is still shown after a successful retry"
        assert "You wrote" in shown
        messages = desk.store.list_messages(conversation_id)
        assert [(m.role, m.status) for m in messages] == [("user", "complete"), ("model", "complete")]
        assert messages[1].id == new_reply
        assert_idle(desk, conversation_id)

    run_app(qloop, tmp_path, body, gateway)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_a_connection_cut_at_any_point_keeps_every_complete_event(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble, seed: int
) -> None:
    scenario = failures.cut_at_random(seed)
    assert scenario.fault is not None
    gateway.set_scenario(scenario)
    before = interrupted_text_before(scenario.fault.after)

    async def body(desk: GeminiDesk) -> None:
        conversation_id, reply_id, status = await send_and_wait(desk, "hello")
        assert status == "error"
        reply = desk.store.get_message(reply_id)
        assert reply is not None and reply.status == "error"
        assert reply.text == before, f"cut after {scenario.fault and scenario.fault.after} events"
        shown = transcript_text(desk)
        assert "The connection was cut while the answer was arriving." in shown
        assert "The partial answer is kept." in shown
        if before:
            assert last_line(before) in shown
        assert has_action_link(desk, "retry", reply_id)
        assert_idle(desk, conversation_id)
        gateway.set_scenario(None)
        assert (await send_and_wait(desk, "again"))[2] == "complete"

    run_app(qloop, tmp_path, body, gateway)


def test_a_rate_limit_with_retry_delay_waits_as_asked_then_answers(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.queue_scenarios("429-google")  # retryDelay "2s", then the scripted answer

    async def body(desk: GeminiDesk) -> None:
        finished = finished_future(desk)
        type_and_send(desk, "hello")
        state = desk.window.status_line.state_label
        deadline = time.monotonic() + 5
        while not state.text().startswith("Retrying in") and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        assert state.text().startswith("Retrying in 2 s (attempt 1)"), state.text()
        assert desk.window.composer.stop_button.isVisible(), "Stop must stay available while waiting"
        conversation_id, reply_id, status = await await_future(finished)
        assert status == "complete"
        first, second = generation_requests(gateway)
        assert second.received_at - first.received_at >= 1.9, "the retryDelay was not honoured"
        reply = desk.store.get_message(reply_id)
        assert reply is not None and reply.status == "complete" and reply.error is None
        shown = transcript_text(desk)
        assert "You wrote (5 characters)" in shown
        assert "Rate limit" not in shown
        assert_idle(desk, conversation_id)

    run_app(qloop, tmp_path, body, gateway)


def test_invalid_utf8_is_shown_with_replacement_characters_and_nothing_else_is_lost(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    # Undecodable bytes are replaced (U+FFFD), as browsers and Google's SDKs do; the valid text around them
    # and the finish reason survive, so the answer is complete rather than failed.
    gateway.set_scenario("invalid-utf8")

    async def body(desk: GeminiDesk) -> None:
        conversation_id, reply_id, status = await send_and_wait(desk, "hello")
        assert status == "complete"
        reply = desk.store.get_message(reply_id)
        assert reply is not None
        assert reply.text.endswith("Valid text first. broken \ufffd\ufffd\ufffd bytes")
        assert "Valid text first. broken \ufffd\ufffd\ufffd bytes" in transcript_text(desk)
        assert_idle(desk, conversation_id)
        assert (await send_and_wait(desk, "again"))[2] == "complete"

    run_app(qloop, tmp_path, body, gateway)


def test_a_5_mb_single_line_arrives_whole_without_freezing_the_window(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario("huge-line")
    expected = make_scenario("huge-line")
    text = next(expected.iter_chunks())["candidates"][0]["content"]["parts"][0]["text"]
    assert len(text.encode()) >= 5 * 1024 * 1024

    async def body(desk: GeminiDesk) -> None:
        async with UiLag() as lag:
            conversation_id, reply_id, status = await send_and_wait(desk, "hello", timeout=30)
        assert status == "complete"
        reply = desk.store.get_message(reply_id)
        assert reply is not None and reply.text == text, "the long line was not stored whole"
        shown = transcript_text(desk)
        assert text[:200] in shown
        assert "more characters are not shown here" in shown
        # A bound on gross failure only (the machine may be loaded): laying the 5 MB line out in the
        # transcript, instead of its beginning, freezes the window for minutes.
        assert lag.worst < 5.0, f"the window froze for {lag.worst:.2f} s"
        assert_idle(desk, conversation_id)
        assert (await send_and_wait(desk, "again"))[2] == "complete"

    run_app(qloop, tmp_path, body, gateway, timeout=60)


def _drip(interval: float) -> Scenario:
    """A short answer written one byte every ``interval`` seconds (compact, so the test stays short)."""
    only = {
        "candidates": [{"content": {"parts": [{"text": "滴 drip"}]}, "finishReason": "STOP"}],
        "modelVersion": "m",
        "responseId": "r",
    }
    return Scenario("drip", "gateway-sse", [only], split=1, write_delay=interval)


def test_a_byte_by_byte_drip_completes_while_a_silent_gateway_times_out_elsewhere(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    # The idle timeout is 5 s (the smallest the settings allow). One conversation gets an answer dripping a
    # byte every 100 ms for about 10 s: it must complete, because bytes keep coming. Meanwhile a second
    # conversation's gateway falls silent after two events: it must fail after 5 s, keeping its partial text.
    gateway.queue_scenarios(_drip(0.1), failures.stall(30))

    async def body(desk: GeminiDesk) -> None:
        composer = desk.window.composer
        finished: dict[int, tuple[int, str]] = {}  # conversation -> (reply, status)
        desk.chat.reply_finished.connect(lambda c, m, s: finished.__setitem__(c, (m, s)))
        async with UiLag() as lag:
            type_and_send(desk, "drip")
            drip_conversation = desk.window_controller.current_conversation
            assert drip_conversation is not None
            assert composer.stop_button.isVisible() and not composer.send_button.isVisible()
            # The drip's request must reach the gateway first: it takes the first queued scenario.
            await wait_until(lambda: len(generation_requests(gateway)) == 1, what="the drip's request")

            stall_conversation = desk.window_controller.actions.new_conversation()
            assert stall_conversation is not None
            started = time.monotonic()
            type_and_send(desk, "stall")
            await wait_until(lambda: stall_conversation in finished, 25, "the stalled reply to end")
            waited = time.monotonic() - started
            assert drip_conversation not in finished, "the dripping reply ended early"
            stall_reply, status = finished[stall_conversation]
            assert status == "error"
            # The stall lasts 30 s: an idle timeout that did not fire ends only with it (gross failure).
            assert 4.5 <= waited < 20, f"the idle timeout fired after {waited:.1f} s"
            shown = transcript_text(desk)
            assert "No data from the gateway for 5 s." in shown
            assert "raise the idle timeout in Settings" in shown
            partial = interrupted_text_before(2)
            assert last_line(partial) in shown
            stored = desk.store.get_message(int(stall_reply))
            assert stored is not None and stored.status == "error" and stored.text == partial
            assert_idle(desk, stall_conversation)

            # The drip is still going; the window still takes typing.
            assert desk.chat.is_streaming(drip_conversation)
            composer.set_text("typed while dripping")
            desk.window_controller.open_conversation(drip_conversation)
            assert composer.stop_button.isVisible()
            await wait_until(lambda: drip_conversation in finished, 20, "the dripping reply to end")
            drip_reply, status = finished[drip_conversation]
            assert desk.window_controller.current_conversation == drip_conversation, (
                "the app switched conversations"
            )
        assert status == "complete"
        reply = desk.store.get_message(int(drip_reply))
        assert reply is not None and reply.text == "滴 drip" and reply.status == "complete"
        assert "滴 drip" in transcript_text(desk)
        # A bound on gross failure only (the machine may be loaded): waiting for the gateway on the GUI
        # thread would freeze the window for the whole drip, or the 5 s idle timeout.
        assert lag.worst < 2.5, f"the window froze for {lag.worst:.2f} s during the drip"
        assert_idle(desk, drip_conversation)
        assert (await send_and_wait(desk, "again"))[2] == "complete"

    run_app(qloop, tmp_path, body, gateway, settings={"idle_timeout": 5}, timeout=60)


def test_keep_alives_do_not_keep_a_stalled_reply_thinking(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    # Two events, then only ": PING" twice a second: the 5 s idle timeout (the smallest allowed) ends it.
    gateway.set_scenario(failures.keepalive_stall(seconds=40, every=0.5))

    async def body(desk: GeminiDesk) -> None:
        started = time.monotonic()
        conversation_id, reply_id, status = await send_and_wait(desk, "hello", timeout=30)
        waited = time.monotonic() - started
        assert status == "error"
        assert waited < 20, f"the keep-alives kept the reply open for {waited:.1f} s"
        shown = transcript_text(desk)
        assert "No data from the gateway for 5 s." in shown
        partial = interrupted_text_before(2)
        assert last_line(partial) in shown
        stored = desk.store.get_message(reply_id)
        assert stored is not None and stored.status == "error" and stored.text == partial
        assert_idle(desk, conversation_id)

    run_app(qloop, tmp_path, body, gateway, settings={"idle_timeout": 5}, timeout=60)


def test_a_finished_answer_whose_stream_stays_open_is_complete_with_a_quiet_note(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario(failures.finish_then_keepalive(seconds=40, every=0.5))

    async def body(desk: GeminiDesk) -> None:
        started = time.monotonic()
        conversation_id, reply_id, status = await send_and_wait(desk, "hello", timeout=30)
        assert time.monotonic() - started < 15, "the finished answer stayed 'answering'"
        assert status == "complete"
        stored = desk.store.get_message(reply_id)
        assert stored is not None and stored.status == "complete" and stored.error is None
        shown = transcript_text(desk)
        assert "回答已经完整。" in shown
        assert "The gateway did not close the stream properly; the answer is complete." in shown
        assert not has_action_link(desk, "retry", reply_id), "a complete answer offers no Retry"
        assert "The reply failed" not in shown and "interrupted" not in shown.lower()
        assert_idle(desk, conversation_id)

    run_app(qloop, tmp_path, body, gateway, timeout=60)
