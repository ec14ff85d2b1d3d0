"""Reading what a gateway's error answer says, whatever its shape.

Gateways answer errors in several envelopes: Google's `{"error": {"code", "message", "status", "details"}}`
(wrapped in a one-element array by the JSON-array endpoint), new-api's OpenAI-style
`{"error": {"message", "type", "code"}}` with "(request id: …)" appended to the message, plain
`{"message": …}` bodies, HTML error pages, and plain text. `parse_error_body` and `parse_error_object` turn
any of them into one `ParsedError`; `error_mapping.error_from_response` and
`error_mapping.error_from_stream_object` then choose the exception class. Nothing here knows the exception
classes.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.core.gemini.retry import parse_retry_delay, retry_delay_in_message

_MAX_MESSAGE_CHARS = 2000
_MAX_MESSAGE_LINES = 12
_READ_MESSAGE_CHARS = 64 * 1024
_MAX_TEXT_CHARS = 500
_MAX_TITLE_CHARS = 200

_REQUEST_ID_RE = re.compile(r"\s*[(（]\s*request id\s*[:：]\s*([^)）]*?)\s*[)）]\s*$", re.I)
_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
_H1_RE = re.compile(r"<h1[^>]*>(.*?)</h1\s*>", re.I | re.S)
_TAG_RE = re.compile(r"<[^>]+>")
# Words gateways answer with, in English and Chinese. The Chinese ones are written as escapes (the core's
# Chinese lives in its text catalogues only): "every day" (\u6bcf\u5929, \u6bcf\u65e5), "today"
# (\u4eca\u65e5, \u4eca\u5929), "that day" (\u5f53\u65e5); new-api's "no available channel"
# (\u65e0\u53ef\u7528\u6e20\u9053).
_PER_DAY_RE = re.compile(
    "per\\s*day|daily|\u6bcf\u5929|\u6bcf\u65e5|\u4eca\u65e5|\u4eca\u5929|\u5f53\u65e5", re.I
)
_NO_CHANNEL_RE = re.compile("\u65e0\u53ef\u7528\u6e20\u9053|no available channel", re.I)
# What makes a body a web page, whatever its Content-Type says (a login page, a captive portal, a proxy's).
_PAGE_RE = re.compile(r"<(?:!doctype\s+html|html|head|body|title)\b", re.I)
_PAGE_SNIFF_CHARS = 2048
# Top-level fields of a Gemini response: an object with one of them is never an error body.
_RESPONSE_FIELDS = ("candidates", "promptFeedback", "usageMetadata")
# new-api's own failures, in its Chinese wording (as escapes) and newer builds' English (PROTOCOL-NOTES §4):
# "user quota too low", "balance too low", "token quota used up", "token expired", "token may not use model".
_BALANCE_CODES = frozenset({"insufficient_user_quota", "pre_consume_token_quota_failed"})
_BALANCE_RE = re.compile(
    r"\u7528\u6237\u989d\u5ea6\u4e0d\u8db3|\u4f59\u989d\u4e0d\u8db3"
    r"|insufficient (?:user )?(?:quota|balance)|quota is not enough",
    re.I,
)
_KEY_QUOTA_RE = re.compile(
    r"\u4ee4\u724c\u989d\u5ea6\u5df2\u7528\u5c3d|token quota (?:is )?(?:exhausted|used up)", re.I
)
_KEY_EXPIRED_RE = re.compile(r"\u4ee4\u724c\u5df2\u8fc7\u671f|token (?:has )?expired", re.I)
_MODEL_LIMIT_RE = re.compile(
    r"\u4ee4\u724c\u65e0\u6743\u8bbf\u95ee\u6a21\u578b"
    r"|token (?:has no|does not have) (?:access|permission)",
    re.I,
)
_CONVERT_FAILED = "convert_request_failed"
# new-api's request window, "you have reached the request limit: at most 10 requests in 1 minute" (also the
# total-requests variant that counts failures): "N minutes ... at most ... M requests".
_WINDOW_ZH_RE = re.compile(r"(\d+)\s*\u5206\u949f\u5185\u6700\u591a\u8bf7\u6c42\s*(\d+)\s*\u6b21")
_WINDOW_EN_RE = re.compile(r"(\d+)\s+requests?\s+(?:in|within|per)\s+(\d+)\s+minutes?", re.I)


@dataclass(slots=True)
class ParsedError:
    """What an error body says, in any of the envelopes gateways use.

    Attributes:
        message: The gateway's error text, request id removed, bounded in length.
        request_id: The request id new-api appends to its messages.
        error_code: A textual code: new-api's `code`, Google's `status`, or the envelope's `type`.
        numeric_code: A numeric `code` (Google's HTTP status, or new-api's "429").
        retry_after: Seconds to wait, from Google's RetryInfo or the message text.
        per_day: The message or a QuotaFailure names a daily quota.
        page_title: The <title> (or first <h1>) of an HTML page.
        is_page: The body is an HTML page (with or without a title), whatever its Content-Type.
    """

    message: str | None = None
    request_id: str | None = None
    error_code: str | None = None
    numeric_code: int | None = None
    retry_after: float | None = None
    per_day: bool = False
    page_title: str | None = None
    is_page: bool = False

    @property
    def gateway_kind(self) -> str:
        """Which of new-api's own failures this is, when it is one; "" otherwise.

        "convert_failed" (the model's channel cannot take a Gemini request), "balance" (the account's
        balance is too low), "key_quota" (the key's own quota is used up), "key_expired", "model_limit" (the
        key is limited to other models), "no_channel" (no channel for the model in the key's group).
        """
        message = self.message or ""
        checks = (
            ("convert_failed", self.error_code == _CONVERT_FAILED),
            ("balance", self.error_code in _BALANCE_CODES or _BALANCE_RE.search(message) is not None),
            ("key_quota", _KEY_QUOTA_RE.search(message) is not None),
            ("key_expired", _KEY_EXPIRED_RE.search(message) is not None),
            ("model_limit", _MODEL_LIMIT_RE.search(message) is not None),
            ("no_channel", self.model_not_in_group),
        )
        return next((kind for kind, found in checks if found), "")

    @property
    def rate_window(self) -> tuple[int, int] | None:
        """new-api's request window as (minutes, requests) when the message names one."""
        message = self.message or ""
        match = _WINDOW_ZH_RE.search(message)
        if match:
            return int(match.group(1)), int(match.group(2))
        match = _WINDOW_EN_RE.search(message)
        if match:
            return int(match.group(2)), int(match.group(1))
        return None

    @property
    def model_not_in_group(self) -> bool:
        """new-api's way of saying that the key's group may not use the model (it answers 503 for it)."""
        no_channel = self.message is not None and _NO_CHANNEL_RE.search(self.message) is not None
        return self.error_code == "model_not_found" or no_channel


def _clean_text(text: str) -> str:
    return " ".join(text.split())


def _message_lines(text: str) -> str:
    """``text`` with its spaces evened out, blank lines dropped and at most ``_MAX_MESSAGE_LINES`` lines.

    A gateway's message is shown line by line: 2,000 line feeds made an empty error box 36,000 pixels tall.
    """
    lines = [line for line in map(_clean_text, text.splitlines()) if line]
    if len(lines) > _MAX_MESSAGE_LINES:
        lines = [*lines[: _MAX_MESSAGE_LINES - 1], "…"]
    return "\n".join(lines)


def html_title(text: str) -> str | None:
    """Return the <title> of an HTML page, or its first <h1>, as plain text; None when it has neither."""
    for pattern in (_TITLE_RE, _H1_RE):
        match = pattern.search(text)
        if match:
            title = _clean_text(html.unescape(_TAG_RE.sub(" ", match.group(1))))
            if title:
                return title[:_MAX_TITLE_CHARS]
    return None


def _error_mapping(payload: object) -> Mapping[str, Any] | None:
    """Return the dict that holds the error fields, or None when `payload` is no error envelope."""
    # Google's JSON-array endpoint wraps the envelope in a one-element array.
    if isinstance(payload, list) and len(payload) == 1:
        payload = payload[0]
    if not isinstance(payload, Mapping):
        return None
    inner = payload.get("error")
    if isinstance(inner, Mapping):
        return inner
    if isinstance(inner, str) and inner:
        return {"message": inner}
    # Plain {"message": ...}, one-api's {"success": false, "message": ...} and {"code": 500, "message": ...}
    # bodies of some gateways and proxies; their code, if any, is kept.
    code = payload.get("code")
    for key in ("message", "detail", "msg"):
        if isinstance(payload.get(key), str) and payload[key]:
            return {"message": payload[key], "code": code}
    if payload.get("success") is False:
        return {"code": code}
    return None


def is_error_object(obj: Mapping[str, Any]) -> bool:
    """Whether a decoded object is an error (in any envelope) instead of (part of) a Gemini response."""
    if any(field in obj for field in _RESPONSE_FIELDS):
        return False
    return _error_mapping(obj) is not None


def _parse_details(details: object, parsed: ParsedError) -> None:
    """Read Google's RetryInfo and QuotaFailure details."""
    if not isinstance(details, list):
        return
    for item in details:
        if not isinstance(item, Mapping):
            continue
        kind = str(item.get("@type", ""))
        if kind.endswith("RetryInfo"):
            delay = parse_retry_delay(item.get("retryDelay"))
            if delay is not None:
                parsed.retry_after = delay
        violations = item.get("violations")
        if isinstance(violations, list):
            for violation in violations:
                if isinstance(violation, Mapping) and "PerDay" in str(violation.get("quotaId", "")):
                    parsed.per_day = True


def _parse_envelope(error: Mapping[str, Any]) -> ParsedError:
    parsed = ParsedError()
    message = error.get("message")
    if isinstance(message, str):
        message = message.strip()
        match = _REQUEST_ID_RE.search(message)
        if match:
            parsed.request_id = match.group(1) or None
            message = message[: match.start()].rstrip()
        # Evened out before it is cut, so blank lines do not use up what is kept; from a bounded start.
        parsed.message = _message_lines(message[:_READ_MESSAGE_CHARS])[:_MAX_MESSAGE_CHARS] or None
    code = error.get("code")
    if isinstance(code, int) and not isinstance(code, bool):
        parsed.numeric_code = code
    elif isinstance(code, str) and code.isdigit():
        parsed.numeric_code = int(code)
    status = error.get("status")
    if isinstance(code, str) and code and not code.isdigit():
        parsed.error_code = code
    elif isinstance(status, str) and status:
        parsed.error_code = status
    elif isinstance(error.get("type"), str) and error["type"]:
        parsed.error_code = error["type"]
    _parse_details(error.get("details"), parsed)
    if parsed.message:
        if parsed.retry_after is None:
            parsed.retry_after = retry_delay_in_message(parsed.message)
        if _PER_DAY_RE.search(parsed.message) or "PerDay" in parsed.message:
            parsed.per_day = True
    return parsed


def parse_error_object(obj: object) -> ParsedError:
    """Read an already decoded error object (an envelope that arrived inside a stream)."""
    error = _error_mapping(obj)
    return _parse_envelope(error) if error is not None else ParsedError()


def parse_error_body(body: bytes, content_type: str | None) -> ParsedError:
    """Read an HTTP error body: a JSON envelope (also framed as SSE), an HTML page, or plain text."""
    text = body.decode("utf-8", errors="replace").strip().lstrip("\ufeff")
    if not text:
        return ParsedError()
    if text.startswith("data:"):
        # An error status whose body is still framed as SSE: the first event holds the envelope.
        text = text[len("data:") :].split("\n", 1)[0].strip()
    try:
        payload = json.loads(text)
    except (ValueError, RecursionError):
        payload = None
    else:
        error = _error_mapping(payload)
        if error is not None:
            return _parse_envelope(error)
    if "html" in (content_type or "").lower() or text.startswith("<"):
        is_page = _PAGE_RE.search(text, 0, _PAGE_SNIFF_CHARS) is not None
        return ParsedError(page_title=html_title(text), is_page=is_page)
    # Plain text (or JSON in an unknown shape): quote its start, which is usually the useful part.
    return ParsedError(message=_clean_text(text)[:_MAX_TEXT_CHARS])
