"""Scenarios where something goes wrong: error answers before the stream, and faults in the middle of it.

Error texts copy what new-api and Google actually send (PROTOCOL-NOTES §4); ``{model}`` and
``{request_id}`` are filled per request. The 413 body is inferred (new-api's body-size guard).
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from app.demo.envelopes import google_error, help_links, new_api_error, quota_failure, retry_info
from app.demo.framing import frame_event, go_json, with_response_ids
from app.demo.responses import BANNER, chunk, text_stream, usage
from app.demo.scenario import Fault, JsonObject, Scenario

NGINX_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)

GATEWAY_HOME_PAGE = (
    b'<!doctype html><html lang="zh"><head><meta charset="utf-8"/>'
    b'<meta name="viewport" content="width=device-width,initial-scale=1"/><title>New API</title>'
    b'<script type="module" crossorigin src="/assets/index.js"></script></head>'
    b"<body><noscript>You need to enable JavaScript to run this app.</noscript>"
    b'<div id="root"></div></body></html>'
)

RATE_LIMIT_METRIC = "generativelanguage.googleapis.com/generate_content_free_tier_requests"

CAPTIVE_PORTAL = (
    b'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Sign in to Harbour Hotel Wi-Fi</title></head>'
    b'<body><h1>Welcome</h1><form action="/login" method="post"><input name="room">'
    b'<button type="submit">Connect</button></form></body></html>\n'
)

GATEWAY_BUSY = "当前分组上游负载已饱和，请稍后再试"
"""new-api's "the group's upstream is saturated, try again later"."""

REDIRECT_HOST = "https://gateway.example.com"
"""Where the redirect scenarios send requests: the same API path on another host."""

INTERRUPTED_TEXT = (
    f"{BANNER}\n\nThis answer starts normally and keeps going for a while, "
    "so that a client has something to keep when the stream breaks. "
    "这个回答一开始很正常，然后在中途出错；客户端应当保留已经收到的部分，并提示可以重试。"
    "A third piece of text that the client may or may not receive before the failure. "
    "第四段文字。 And a fifth one, which only arrives if nothing goes wrong at all."
)


def _interrupted_chunks() -> list[JsonObject]:
    return text_stream(INTERRUPTED_TEXT, size=60, finish_reason=None)


def _new_api(name: str, status: int, message: str, code: str = "") -> Scenario:
    return Scenario(name, status=status, error=new_api_error(message, code=code))


def unauthorized_zh() -> Scenario:
    """401, new-api in Chinese: 无效的令牌."""
    return _new_api("401-zh", 401, "无效的令牌")


def unauthorized_en() -> Scenario:
    """401, newer new-api in English: Invalid token."""
    return _new_api("401-en", 401, "Invalid token")


def forbidden_zh() -> Scenario:
    """403: the key may not use this model."""
    return _new_api("403-zh", 403, "该令牌无权访问模型 {model}")


def rate_limited_zh() -> Scenario:
    """429 from new-api's own request-rate limit."""
    return _new_api("429-zh", 429, "您已达到请求数限制：1分钟内最多请求10次")


def _google_quota(name: str, quota_id: str, limit: str, delay: str, message_delay: str) -> Scenario:
    message = (
        "You exceeded your current quota, please check your plan and billing details. For more information "
        "on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.\n"
        f"* Quota exceeded for metric: {RATE_LIMIT_METRIC}, limit: {limit}, model: {{model}}\n"
        f"Please retry in {message_delay}."
    )
    details = [quota_failure(quota_id, RATE_LIMIT_METRIC, limit), help_links(), retry_info(delay)]
    return Scenario(name, status=429, error=google_error(429, "RESOURCE_EXHAUSTED", message, details))


def rate_limited_google() -> Scenario:
    """429 from Google: a per-minute quota, wait stated only in RetryInfo (2s) and the message."""
    return _google_quota(
        "429-google", "GenerateRequestsPerMinutePerProjectPerModel-FreeTier", "10", "2s", "2.0s"
    )


def rate_limited_per_day() -> Scenario:
    """429 from Google for a per-day quota: retrying is pointless even though RetryInfo is present."""
    return _google_quota(
        "429-per-day", "GenerateRequestsPerDayPerProjectPerModel-FreeTier", "250", "41s", "41.382917s"
    )


def model_not_found() -> Scenario:
    """503 ``model_not_found``: the model is not in the key's group (a permission problem)."""
    return _new_api(
        "503-model-not-found",
        503,
        "分组 default 下模型 {model} 无可用渠道（distributor）",
        code="model_not_found",
    )


def internal_google() -> Scenario:
    """500 INTERNAL in Google's envelope."""
    message = (
        "An internal error has occurred. Please retry or report in "
        "https://developers.generativeai.google/guide/troubleshooting"
    )
    return Scenario("500-google", status=500, error=google_error(500, "INTERNAL", message))


def bad_gateway_html() -> Scenario:
    """502 with nginx's HTML page instead of JSON."""
    return Scenario("502-html", status=502, raw_body=NGINX_502, content_type="text/html")


def too_large() -> Scenario:
    """413: the request body is over the gateway's limit."""
    return Scenario(
        "413", status=413, error=new_api_error("request body too large", code="read_request_body_failed")
    )


def invalid_argument_google() -> Scenario:
    """400 INVALID_ARGUMENT in Google's envelope."""
    error = google_error(400, "INVALID_ARGUMENT", "Request contains an invalid argument.")
    return Scenario("400-google", status=400, error=error)


def html_200() -> Scenario:
    """200 text/html: the gateway's web page, what a wrong base URL usually gives."""
    return Scenario("200-html", raw_body=GATEWAY_HOME_PAGE, content_type="text/html; charset=utf-8")


def empty_200() -> Scenario:
    """200 with an empty body (the gateway gave up upstream before the first byte)."""
    return Scenario("empty-200", raw_body=b"")


def midstream_error_event() -> Scenario:
    """Two text events, then ``data: {"error": {...}}`` and the end of the stream."""
    error = google_error(503, "UNAVAILABLE", "The model is overloaded. Please try again later.")
    fault = Fault("error-event", after=2, error=error)
    return Scenario("midstream-error-event", "gateway-sse", _interrupted_chunks(), fault=fault)


def midstream_raw_error() -> Scenario:
    """Two Google SSE events, then a raw pretty-printed error object without ``data:``."""
    error = google_error(
        500, "INTERNAL", "An internal error has occurred. Please retry or report in AI Studio."
    )
    fault = Fault("raw-error", after=2, error=error)
    return Scenario("midstream-raw-error", "google-sse", _interrupted_chunks(), fault=fault)


def cut_connection() -> Scenario:
    """Two events, then the socket closes: no finishReason, no end of the chunked body."""
    return Scenario("cut-connection", chunks=_interrupted_chunks(), fault=Fault("cut", after=2))


def cut_at_random(seed: int = 0) -> Scenario:
    """The connection closes at a point chosen by `seed`: between events or inside one, even the first.

    The body is also written in random pieces, so the client's reads end anywhere as well.
    """
    rng = random.Random(seed)
    chunks = _interrupted_chunks()
    after = rng.randrange(len(chunks) - 1)
    framed = frame_event(
        with_response_ids(chunks[after], model="m", response_id="r"), "google-sse", first=False
    )
    inside = rng.randrange(len(framed))
    fault = Fault("cut", after=after, cut_inside=inside)
    return Scenario("cut-random", chunks=chunks, fault=fault, split="random", seed=seed)


def truncated_json() -> Scenario:
    """Two events, then half of the third (cut inside its JSON), then a clean end of body."""
    return Scenario("truncated-json", chunks=_interrupted_chunks(), fault=Fault("truncated-json", after=2))


def stall(seconds: float = 30.0) -> Scenario:
    """Two events, then silence for `seconds` (longer than a test's idle timeout), then a cut."""
    fault = Fault("stall", after=2, stall_seconds=seconds)
    return Scenario("stall", chunks=_interrupted_chunks(), fault=fault)


def drip(interval: float = 0.1) -> Scenario:
    """A short answer written one byte every `interval` seconds (never idle, always slow)."""
    only = chunk([{"text": "滴 drip"}], finish_reason="STOP")
    return Scenario("drip", "google-sse", [only], split=1, write_delay=interval)


def invalid_utf8() -> Scenario:
    """A valid event, then an event whose text holds bytes that are not UTF-8."""
    good = frame_event(
        chunk([{"text": f"{BANNER}\n\nValid text first. "}], usage_metadata=usage(5, 6)),
        "google-sse",
        first=True,
    )
    bad = b'data: {"candidates": [{"content": {"parts": [{"text": "broken \xff\xfe\xc3 bytes"}],'
    bad += b'"role": "model"},'
    bad += b'"finishReason": "STOP","index": 0}]}\r\n\r\n'
    return Scenario("invalid-utf8", raw_body=good + bad, content_type="text/event-stream")


def huge_line(size: int = 5 * 1024 * 1024) -> Scenario:
    """One event whose single line of text is about `size` bytes (mixed ASCII and CJK, no newline)."""

    def chunks() -> Iterator[JsonObject]:
        unit = "lorem ipsum 长行测试 "
        text = unit * (size // len(unit.encode()) + 1)
        yield chunk([{"text": text}], usage_metadata=usage(6, len(text) // 4), finish_reason="STOP")

    return Scenario("huge-line", chunks=chunks)


# -- bodies that are not Gemini's, sent with 200 ----------------------------------------------------------


def success_false_200() -> Scenario:
    """200 with one-api's own envelope: ``{"success": false, "message": "无效的令牌"}``."""
    body = go_json({"success": False, "message": "无效的令牌"})
    return Scenario("200-success-false", raw_body=body, content_type="application/json; charset=utf-8")


def code_error_event() -> Scenario:
    """SSE whose first (and only) ``data:`` line is a gateway's ``{"code": 500, "message": …}``."""
    return Scenario("sse-code-error", "gateway-sse", [{"code": 500, "message": GATEWAY_BUSY}])


def text_forbidden_200() -> Scenario:
    """200 text/plain with the body ``Forbidden`` (a proxy or firewall in front of the gateway)."""
    return Scenario("200-text-forbidden", raw_body=b"Forbidden", content_type="text/plain; charset=utf-8")


def html_as_json_200() -> Scenario:
    """200 with a captive portal's sign-in page, labelled ``application/json``."""
    return Scenario("200-html-as-json", raw_body=CAPTIVE_PORTAL, content_type="application/json")


def redirect_307() -> Scenario:
    """307 to the same API path on another host (a gateway that moved): never followed."""
    return Scenario("redirect-307", status=307, raw_body=b"", headers={"Location": REDIRECT_HOST + "{path}"})


def redirect_login_302() -> Scenario:
    """302 to a sign-in page (relative ``Location``), which is no API at all."""
    return Scenario("redirect-302-login", status=302, raw_body=b"", headers={"Location": "/login?next=%2F"})


# -- streams that do not end as they should -----------------------------------------------------------------


def _finished_chunks() -> list[JsonObject]:
    return text_stream(f"{BANNER}\n\nA complete answer, finish reason and all. 回答已经完整。", size=60)


def keepalive_stall(seconds: float = 30.0, every: float = 0.5, after: int = 2) -> Scenario:
    """Some events, then only ``: PING`` comments every `every` seconds for `seconds`, then a cut.

    With `after` 0, no event comes first: a model stuck "thinking" behind a gateway that pings.
    """
    fault = Fault("stall", after=after, stall_seconds=seconds, ping_every=every)
    return Scenario("keepalive-stall", "gateway-sse", _interrupted_chunks(), fault=fault)


def finish_then_keepalive(seconds: float = 30.0, every: float = 0.5) -> Scenario:
    """The whole answer with its finish reason, then keep-alives for `seconds` instead of the end."""
    chunks = _finished_chunks()
    fault = Fault("stall", after=len(chunks), stall_seconds=seconds, ping_every=every)
    return Scenario("finish-then-keepalive", "gateway-sse", chunks, fault=fault)


def finish_then_silence(seconds: float = 30.0) -> Scenario:
    """The whole answer with its finish reason, then silence for `seconds` instead of the end."""
    chunks = _finished_chunks()
    return Scenario("finish-then-silence", chunks=chunks, fault=Fault("stall", after=len(chunks)))


def finish_then_cut() -> Scenario:
    """The whole answer with its finish reason, then the connection is cut (no end of the chunked body)."""
    chunks = _finished_chunks()
    return Scenario("finish-then-cut", chunks=chunks, fault=Fault("cut", after=len(chunks)))


def finish_unclosed_array() -> Scenario:
    """A JSON-array stream with the whole answer whose closing ``]`` never comes; the body ends cleanly."""
    chunks = _finished_chunks()
    return Scenario("finish-unclosed-array", "json-array", chunks, fault=Fault("unclosed", after=len(chunks)))


# --- new-api's own refusals: balance, key quota and expiry, conversion, request windows ---
# The Chinese texts are those of new-api's relay and token checks; the 402 body is inferred (the gateway's
# docs name the status and 余额不足, not the body).


def payment_required() -> Scenario:
    """402: the account's balance is too low (gogogotoken's documented status)."""
    return _new_api("402", 402, "余额不足")


def insufficient_user_quota() -> Scenario:
    """403 ``insufficient_user_quota``: new-api's balance check before the request is relayed."""
    return _new_api("403-balance", 403, "用户额度不足, 剩余额度: ＄0.001200", code="insufficient_user_quota")


def pre_consume_failed() -> Scenario:
    """403 ``pre_consume_token_quota_failed``: the key's quota cannot cover the request's estimate."""
    message = "token quota is not enough, token remain quota: ＄0.010000, need quota: ＄0.024000"
    return _new_api("403-pre-consume", 403, message, code="pre_consume_token_quota_failed")


def key_quota_used_up() -> Scenario:
    """401: the key's own quota is used up (该令牌额度已用尽)."""
    return _new_api("401-key-quota", 401, "该令牌额度已用尽")


def key_expired() -> Scenario:
    """401: the key has expired (该令牌已过期)."""
    return _new_api("401-expired", 401, "该令牌已过期")


def convert_failed() -> Scenario:
    """500 ``convert_request_failed``: the model's channel (Claude, AWS ...) cannot take a Gemini request."""
    return _new_api("500-convert", 500, "not implemented", code="convert_request_failed")


def rate_window(minutes: int = 1, requests: int = 10) -> Scenario:
    """429 from new-api's model rate limit: a window of `minutes`, no Retry-After."""
    return _new_api("429-window", 429, f"您已达到请求数限制：{minutes}分钟内最多请求{requests}次")


def rate_limited_empty() -> Scenario:
    """429 with an empty body and no Retry-After (new-api's global limiter answers so)."""
    return Scenario("429-empty", status=429, raw_body=b"", content_type="text/plain; charset=utf-8")
