"""The error tree: parsing both gateway envelopes, HTML pages, advice texts and key redaction."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest

from app.core.gemini.error_mapping import error_from_response, error_from_stream_object
from app.core.gemini.errors import (
    ConnectionFailedError,
    EmptyResponseError,
    GeminiError,
    IdleTimeoutError,
    ResponseFormatError,
    StreamError,
    TLSError,
    TruncatedStreamError,
    WrongContentTypeError,
)
from app.core.gemini.events import Snapshot
from app.core.gemini.status_errors import (
    AuthenticationError,
    BadRequestError,
    HTTPStatusError,
    ModelAccessError,
    NotFoundError,
    RateLimitError,
    RequestTooLargeError,
    ServerError,
)
from app.core.texts import render

KEY = "sk-secret-key-0123456789abcdef"
JSON = "application/json"
NO_CHANNEL = "分组 default 下模型 gemini-x 无可用渠道（distributor）"


def new_api(message: str, *, code: object = "", type_: str = "new_api_error") -> bytes:
    return json.dumps({"error": {"message": message, "type": type_, "code": code, "param": ""}}).encode()


def google(code: int, message: str, status: str, details: Sequence[object] | None = None) -> bytes:
    error: dict[str, object] = {"code": code, "message": message, "status": status}
    if details is not None:
        error["details"] = details
    return json.dumps({"error": error}).encode()


RETRY_INFO = {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "58s"}


def quota_failure(quota_id: str) -> dict[str, object]:
    return {
        "@type": "type.googleapis.com/google.rpc.QuotaFailure",
        "violations": [{"quotaMetric": "generativelanguage.googleapis.com/x", "quotaId": quota_id}],
    }


def test_new_api_401_in_chinese_quotes_the_gateway_and_keeps_the_request_id_apart() -> None:
    error = error_from_response(401, new_api("无效的令牌 (request id: 2025abc)"), JSON)
    assert isinstance(error, AuthenticationError)
    assert error.gateway_message == "无效的令牌"
    assert error.request_id == "2025abc"
    zh = render(error.user_message(), "zh")
    assert "无效的令牌" in zh and "API 密钥" in zh and "HTTP 401" in zh and "2025abc" in zh
    en = render(error.user_message(), "en")
    assert "无效的令牌" in en and "Check the API key" in en
    assert not error.retryable


def test_new_api_401_in_english() -> None:
    error = error_from_response(401, new_api("Invalid token (request id: X1)"), JSON)
    assert isinstance(error, AuthenticationError)
    assert '"Invalid token"' in render(error.user_message(), "en")


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (
            400,
            google(400, "Unable to submit request because thinking budget ...", "INVALID_ARGUMENT"),
            BadRequestError,
        ),
        (403, new_api("该令牌无权访问模型 gemini-2.5-pro"), ModelAccessError),
        (404, google(404, "models/gemini-9 is not found", "NOT_FOUND"), NotFoundError),
        (413, new_api("request body too large"), RequestTooLargeError),
        (429, new_api("您已达到请求数限制：1分钟内最多请求10次", code=429), RateLimitError),
        (500, google(500, "Internal error encountered.", "INTERNAL"), ServerError),
        (
            503,
            new_api("分组 default 下模型 gemini-x 无可用渠道（distributor）", code="model_not_found"),
            ModelAccessError,
        ),
        (503, google(503, "The model is overloaded. Please try again later.", "UNAVAILABLE"), ServerError),
        (418, b"teapot", HTTPStatusError),
    ],
)
def test_each_status_maps_to_its_class(status: int, body: bytes, expected: type[GeminiError]) -> None:
    error = error_from_response(status, body, JSON)
    assert type(error) is expected
    assert error.status == status


def test_model_not_found_503_is_a_permission_problem_and_not_retried() -> None:
    error = error_from_response(
        503,
        new_api(
            "分组 default 下模型 gemini-x 无可用渠道（distributor） (request id: r)", code="model_not_found"
        ),
        JSON,
    )
    assert isinstance(error, ModelAccessError)
    assert error.error_code == "model_not_found"
    assert not error.retryable
    assert "Pick a model your key's group has" in render(error.user_message(), "en")
    assert "无可用渠道" in render(error.user_message(), "zh")


def test_google_429_reads_retry_info_and_message_delay() -> None:
    error = error_from_response(429, google(429, "Quota exceeded.", "RESOURCE_EXHAUSTED", [RETRY_INFO]), JSON)
    assert isinstance(error, RateLimitError)
    assert error.retry_after == 58.0
    assert not error.per_day and error.retryable
    assert error.error_code == "RESOURCE_EXHAUSTED"
    assert "58" in render(error.hint(), "en")

    error = error_from_response(
        429, new_api("You exceeded your quota. Please retry in 45.8s.", code=429), JSON
    )
    assert isinstance(error, RateLimitError)
    assert error.retry_after == pytest.approx(45.8)


def test_google_envelope_wrapped_in_an_array_is_parsed() -> None:
    body = b"[" + google(429, "Resource exhausted", "RESOURCE_EXHAUSTED", [RETRY_INFO]) + b"]"
    error = error_from_response(429, body, JSON)
    assert isinstance(error, RateLimitError)
    assert error.gateway_message == "Resource exhausted"
    assert error.retry_after == 58.0


def test_per_day_quota_is_flagged_and_not_retryable() -> None:
    details = [quota_failure("GenerateRequestsPerDayPerProjectPerModel-FreeTier"), RETRY_INFO]
    error = error_from_response(429, google(429, "Quota exceeded", "RESOURCE_EXHAUSTED", details), JSON)
    assert isinstance(error, RateLimitError)
    assert error.per_day and not error.retryable
    assert "tomorrow" in render(error.user_message(), "en")
    assert "明天" in render(error.user_message(), "zh")


def test_per_minute_quota_is_not_per_day() -> None:
    details = [quota_failure("GenerateRequestsPerMinutePerProjectPerModel-FreeTier")]
    error = error_from_response(429, google(429, "Quota exceeded", "RESOURCE_EXHAUSTED", details), JSON)
    assert isinstance(error, RateLimitError) and not error.per_day


def test_retry_after_header_is_used_when_the_body_names_no_delay() -> None:
    error = error_from_response(429, new_api("slow down"), JSON, retry_after_header="7")
    assert isinstance(error, RateLimitError) and error.retry_after == 7.0


@pytest.mark.parametrize(
    ("header", "said"),
    [
        ("7", "The gateway asks to wait 7 s."),
        ("45.83", "The gateway asks to wait 45.8 s."),
        ("3600", "The gateway asks to wait 3600 s."),
        ("86400", "The gateway asks to wait 86400 s."),
        ("99999999999999999999999", None),  # was "wait 1e+23 s"
        ("1e400", None),
    ],
)
def test_a_gateways_wait_reads_as_a_plain_number_or_not_at_all(header: str, said: str | None) -> None:
    error = error_from_response(429, new_api("slow down"), JSON, retry_after_header=header)
    hint = render(error.hint(), "en")
    assert "e+" not in hint and "inf" not in hint
    assert (said in hint) if said else ("asks to wait" not in hint), hint


def test_nginx_html_502_shows_the_page_title() -> None:
    page = b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"
    error = error_from_response(502, page, "text/html")
    assert isinstance(error, ServerError)
    assert error.page_title == "502 Bad Gateway"
    assert error.retryable
    message = render(error.user_message(), "en")
    assert "502 Bad Gateway" in message and "error page" in message


def test_200_html_is_a_wrong_base_url() -> None:
    error = error_from_response(200, b"<!doctype html><title>New API</title>", "text/html; charset=utf-8")
    assert isinstance(error, WrongContentTypeError)
    assert error.page_title == "New API"
    assert "base URL" in render(error.user_message(), "en") and "网页" in render(error.user_message(), "zh")


def test_empty_200_says_the_upstream_timed_out() -> None:
    error = error_from_response(200, b"", "text/event-stream")
    assert isinstance(error, EmptyResponseError)
    assert "timed out" in render(error.user_message(), "en")


def test_200_with_an_error_envelope_is_classified_by_its_code() -> None:
    assert isinstance(
        error_from_response(200, google(401, "bad key", "UNAUTHENTICATED"), JSON), AuthenticationError
    )
    other = error_from_response(200, b'{"success": false, "message": "unsupported"}', JSON)
    assert type(other) is ResponseFormatError and other.gateway_message == "unsupported"


def test_plain_text_error_body_is_quoted() -> None:
    error = error_from_response(
        500, b"upstream connect error or disconnect/reset before headers", "text/plain"
    )
    assert isinstance(error, ServerError)
    assert error.gateway_message == "upstream connect error or disconnect/reset before headers"


def test_a_gateway_message_of_blank_lines_is_evened_out_and_kept_short() -> None:
    # 2,000 line feeds made an empty error box 36,000 pixels tall; a long multi-line message keeps its start.
    blank = {"error": {"code": 400, "message": "Bad\n" + "\n \t" * 1500 + "request"}}
    error = error_from_response(400, json.dumps(blank).encode(), "application/json")
    assert error.gateway_message == "Bad\nrequest"
    lines = {"error": {"code": 400, "message": "\n".join(f"line  {n}" for n in range(100))}}
    shown = error_from_response(400, json.dumps(lines).encode(), "application/json").gateway_message
    assert shown is not None
    assert shown.splitlines()[:2] == ["line 0", "line 1"]
    assert len(shown.splitlines()) == 12 and shown.endswith("…")


def test_stream_error_object_keeps_the_partial_answer() -> None:
    partial = Snapshot(parts=[{"text": "The first words"}])
    obj = {"error": {"code": 500, "message": "An internal error has occurred.", "status": "INTERNAL"}}
    error = error_from_stream_object(obj, partial)
    assert isinstance(error, StreamError)
    assert error.partial is partial
    assert error.gateway_message == "An internal error has occurred."
    assert error.error_code == "INTERNAL"
    assert "partial answer is kept" in render(error.user_message(), "en")


def test_echoed_key_is_redacted_everywhere() -> None:
    body = new_api(f"无效的令牌 {KEY} (request id: r1)")
    error = error_from_response(401, body, JSON, redact=[KEY])
    for text in (
        render(error.user_message(), "en"),
        render(error.user_message(), "zh"),
        str(error),
        repr(error),
        error.detail,
    ):
        assert KEY not in text
    assert "***" in (error.gateway_message or "")
    assert KEY not in repr(vars(error))


def test_short_strings_are_not_treated_as_secrets() -> None:
    error = GeminiError("a b c", gateway_message="abc", redact=["a", ""])
    assert error.gateway_message == "abc"


@pytest.mark.parametrize(
    ("error", "en_fragment", "zh_fragment"),
    [
        (ConnectionFailedError("x", kind="dns"), "resolved", "解析"),
        (ConnectionFailedError("x", kind="refused"), "refused", "拒绝"),
        (ConnectionFailedError("x", kind="proxy"), "proxy", "代理"),
        (ConnectionFailedError("x", kind="cut"), "partial answer is kept", "部分回答"),
        (TLSError("x"), "certificate", "证书"),
        (IdleTimeoutError("x", idle_timeout=300.0), "No data from the gateway for 300 s", "300 秒"),
        (TruncatedStreamError("x"), "cut off", "截断"),
    ],
)
def test_transport_and_stream_errors_explain_themselves(
    error: GeminiError, en_fragment: str, zh_fragment: str
) -> None:
    assert en_fragment in render(error.user_message(), "en")
    assert zh_fragment in render(error.user_message(), "zh_CN")


def test_idle_timeout_message_mentions_the_setting() -> None:
    message = render(IdleTimeoutError("ReadTimeout", idle_timeout=0.5).user_message(), "en")
    assert "0.5 s" in message and "idle timeout" in message and "overloaded" in message


def test_retryable_follows_the_protocol() -> None:
    assert ConnectionFailedError("x").retryable
    assert not TLSError("x").retryable
    assert not IdleTimeoutError("x").retryable
    assert HTTPStatusError("x", status=408).retryable
    assert not HTTPStatusError("x", status=409).retryable
    assert not BadRequestError("x", status=400).retryable
    assert ServerError("x", status=504).retryable
    assert not ServerError("x", status=501).retryable
    assert not StreamError("x").retryable


def test_an_error_body_framed_as_sse_is_unwrapped() -> None:
    body = b"data: " + new_api("upstream error: do request failed", type_="upstream_error") + b"\n\n"
    error = error_from_response(502, body, "text/event-stream")
    assert isinstance(error, ServerError)
    assert error.gateway_message == "upstream error: do request failed"
    assert error.error_code == "upstream_error"


def test_an_error_body_nested_deeper_than_json_goes_is_read_as_text() -> None:
    error = error_from_response(502, b"[" * 100_000 + b"]" * 100_000, JSON)  # stdlib json: RecursionError
    assert isinstance(error, ServerError) and error.status == 502
