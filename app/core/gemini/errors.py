"""The one exception tree of the Gemini client.

    GeminiError
    ├── ConfigurationError          invalid base URL, missing key
    ├── TransportError              no HTTP answer at all
    │   ├── ConnectionFailedError   DNS, refused, reset, proxy failure, cut connection
    │   ├── TLSError                certificate / handshake problems
    │   └── IdleTimeoutError        no byte for longer than the idle timeout
    ├── HTTPStatusError             the gateway answered with an error status (before the stream)
    │   ├── BadRequestError         400
    │   ├── AuthenticationError     401
    │   ├── ModelAccessError        403, and 503 with code model_not_found
    │   ├── NotFoundError           404
    │   ├── RequestTooLargeError    413
    │   ├── RateLimitError          429 (retry_after, per_day)
    │   └── ServerError             5xx
    ├── ResponseFormatError         a 2xx answer that is not a Gemini stream
    │   ├── WrongContentTypeError   200 text/html: usually a wrong base URL
    │   ├── EmptyResponseError      200 with an empty body
    │   ├── MalformedStreamError    bytes that are not JSON where JSON must be
    │   └── TruncatedStreamError    EOF inside an object, or an unclosed array
    └── StreamError                 an error object sent after the stream had started

Every error can explain itself to the user: `title(lang)` says what happened, `hint(lang)` what to do,
and `user_message(lang)` puts both together with the gateway's own words quoted (gateways answer in Chinese
or English, and their text is often the most precise part). `partial` holds what had arrived before a
mid-stream failure.

`error_from_response` turns an HTTP error answer (Google's envelope, new-api's OpenAI-style envelope, an HTML
error page, plain text) into the right class; `error_from_stream_object` does the same for an error object
that arrived inside a stream.

The API key must never reach a message, a log or a repr: every constructor takes `redact`, a list of secrets
to replace by "***" in all the texts it stores (gateways sometimes echo the key they rejected).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from app.core.gemini.retry import parse_retry_delay, retry_delay_in_message

if TYPE_CHECKING:
    from app.core.gemini.events import Snapshot

_REDACTED = "***"
# Shorter "secrets" would redact ordinary words; a real key is always much longer.
_MIN_SECRET_LENGTH = 6
_MAX_MESSAGE_CHARS = 2000
_RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})

_Texts = Mapping[str, tuple[str, str]]


def _lang_key(lang: str) -> str:
    """Map "zh", "zh_CN", "zh-Hans" ... to "zh" and everything else to "en"."""
    return "zh" if lang.lower().startswith("zh") else "en"


def redact_text(text: str, secrets: Iterable[str]) -> str:
    """Replace every occurrence of each secret in `text` by "***"."""
    for secret in secrets:
        secret = secret.strip()
        if len(secret) >= _MIN_SECRET_LENGTH:
            text = text.replace(secret, _REDACTED)
    return text


def _seconds(value: float) -> str:
    """Format seconds for people: 300 -> "300", 0.5 -> "0.5", 45.83 -> "45.8"."""
    return f"{round(value, 1):g}"


class GeminiError(Exception):
    """Root of every error the Gemini client raises.

    Attributes:
        detail: A technical one-line description (also `str(error)`), for logs.
        status: The HTTP status when the gateway answered with one.
        gateway_message: The gateway's own error text, request id removed, key redacted.
        request_id: The gateway's request id (new-api appends "(request id: …)" to its messages).
        page_title: The <title> of an HTML page the gateway (or a proxy) answered with.
        partial: The partial answer for errors after the first byte.
    """

    _TEXTS: ClassVar[_Texts] = {
        "en": (
            "The request failed",
            "Try again. If it keeps failing, check the settings and the gateway console.",
        ),
        "zh": ("请求失败", "请重试。如果持续失败，请检查设置和网关控制台。"),
    }
    # Whether `detail` adds something for the user (the text of an OS error does; "HTTP 401" does not).
    _SHOW_DETAIL: ClassVar[bool] = True

    def __init__(
        self,
        detail: str = "",
        *,
        status: int | None = None,
        gateway_message: str | None = None,
        partial: Snapshot | None = None,
        request_id: str | None = None,
        page_title: str | None = None,
        redact: Iterable[str] = (),
    ) -> None:
        # The secrets are used here and then dropped: an error object must not carry the key around.
        secrets = tuple(redact)
        detail = redact_text(detail, secrets)
        super().__init__(detail)
        self.detail = detail
        self.status = status
        self.gateway_message = None if gateway_message is None else redact_text(gateway_message, secrets)
        self.partial = partial
        self.request_id = None if request_id is None else redact_text(request_id, secrets)
        self.page_title = None if page_title is None else redact_text(page_title, secrets)

    @property
    def retryable(self) -> bool:
        """Whether another attempt can help (the client also requires that no answer byte had arrived)."""
        return False

    def _format_fields(self) -> dict[str, str]:
        """Values that the title and hint templates may use."""
        return {}

    def title(self, lang: str = "en") -> str:
        """Say what happened, in one short sentence ("en" or "zh")."""
        return self._TEXTS[_lang_key(lang)][0].format(**self._format_fields())

    def hint(self, lang: str = "en") -> str:
        """Say what the user can do about it ("en" or "zh")."""
        return self._TEXTS[_lang_key(lang)][1].format(**self._format_fields())

    def user_message(self, lang: str = "en") -> str:
        """Return what happened, what to do, and the gateway's own message quoted, in "en" or "zh"."""
        zh = _lang_key(lang) == "zh"
        headline = self.title(lang)
        if self.status is not None:
            headline += f"（HTTP {self.status}）" if zh else f" (HTTP {self.status})"
        lines = [headline + ("。" if zh else "."), self.hint(lang)]
        if self.gateway_message:
            line = (
                f"网关消息：“{self.gateway_message}”" if zh else f'Gateway message: "{self.gateway_message}"'
            )
            lines.append(line)
        if self.page_title:
            lines.append(f"页面标题：“{self.page_title}”" if zh else f'Page title: "{self.page_title}"')
        if self.request_id:
            lines.append(f"请求 ID：{self.request_id}" if zh else f"Request id: {self.request_id}")
        if self._SHOW_DETAIL and self.detail and not self.gateway_message:
            lines.append(f"详情：{self.detail}" if zh else f"Details: {self.detail}")
        return "\n".join(lines)


class ConfigurationError(GeminiError):
    """The client's settings cannot work (for example an invalid base URL)."""

    _TEXTS: ClassVar[_Texts] = {
        "en": (
            "The connection settings are invalid",
            "Check the base URL (for example https://gogogotoken.ai) and the API key in Settings.",
        ),
        "zh": ("连接设置无效", "请在设置中检查 Base URL（例如 https://gogogotoken.ai）和 API 密钥。"),
    }


class TransportError(GeminiError):
    """No usable HTTP answer arrived."""

    _TEXTS: ClassVar[_Texts] = {
        "en": ("Could not reach the gateway", "Check your network, the base URL and the proxy setting."),
        "zh": ("无法连接网关", "请检查网络、Base URL 和代理设置。"),
    }

    @property
    def retryable(self) -> bool:
        """Whether another attempt can help."""
        return True


class ConnectionFailedError(TransportError):
    """The connection could not be made or was cut.

    Attributes:
        kind: What failed, when known: "dns", "refused", "proxy", "timeout" (connecting), "cut" (after the
            answer had started) or "" (anything else, such as a reset).
    """

    _KIND_TEXTS: ClassVar[Mapping[str, _Texts]] = {
        "dns": {
            "en": (
                "The gateway's host name could not be resolved",
                "Check the base URL for typos, your internet connection and DNS.",
            ),
            "zh": ("无法解析网关域名", "请检查 Base URL 是否拼写正确，以及网络连接和 DNS。"),
        },
        "refused": {
            "en": (
                "The gateway refused the connection",
                "Check the base URL and its port; the gateway may be down.",
            ),
            "zh": ("网关拒绝了连接", "请检查 Base URL 及端口；网关可能已停止服务。"),
        },
        "proxy": {
            "en": (
                "The proxy could not connect to the gateway",
                "Check the proxy in Settings (address, port, type), or try without a proxy.",
            ),
            "zh": ("代理无法连接到网关", "请在设置中检查代理（地址、端口、类型），或尝试不使用代理。"),
        },
        "timeout": {
            "en": (
                "Connecting to the gateway timed out",
                "Check your network and the proxy setting; the gateway may be unreachable from here.",
            ),
            "zh": ("连接网关超时", "请检查网络和代理设置；当前网络可能无法访问该网关。"),
        },
        "cut": {
            "en": (
                "The connection was cut while the answer was arriving",
                "The partial answer is kept. Try again; if it keeps happening, check the network or proxy.",
            ),
            "zh": ("回答传输过程中连接被中断", "已保留部分回答。请重试；如果经常发生，请检查网络或代理。"),
        },
        "": {
            "en": (
                "The connection to the gateway failed",
                "Check your network, the base URL and the proxy setting, then try again.",
            ),
            "zh": ("与网关的连接失败", "请检查网络、Base URL 和代理设置，然后重试。"),
        },
    }

    def __init__(self, detail: str = "", *, kind: str = "", **kwargs: Any) -> None:
        super().__init__(detail, **kwargs)
        self.kind = kind if kind in self._KIND_TEXTS else ""

    def title(self, lang: str = "en") -> str:
        """Say what happened, in one short sentence ("en" or "zh")."""
        return self._KIND_TEXTS[self.kind][_lang_key(lang)][0]

    def hint(self, lang: str = "en") -> str:
        """Say what the user can do about it ("en" or "zh")."""
        return self._KIND_TEXTS[self.kind][_lang_key(lang)][1]


class TLSError(TransportError):
    """The TLS handshake or certificate check failed."""

    _TEXTS: ClassVar[_Texts] = {
        "en": (
            "The secure connection (TLS) to the gateway failed",
            "The certificate could not be verified or the server does not speak HTTPS. Check https:// versus "
            "http:// in the base URL, your system clock, and whether a proxy or firewall intercepts HTTPS.",
        ),
        "zh": (
            "与网关的安全连接（TLS）失败",
            "证书无法验证，或服务器不支持 HTTPS。请检查 Base URL 中的 https:// 与 http://、系统时间，"
            "以及是否有代理或防火墙拦截 HTTPS。",
        ),
    }

    @property
    def retryable(self) -> bool:
        """A certificate problem does not go away by itself: never retried."""
        return False


class IdleTimeoutError(TransportError):
    """The gateway sent nothing for longer than the idle timeout.

    Attributes:
        idle_timeout: The timeout that expired, in seconds.
    """

    _TEXTS: ClassVar[_Texts] = {
        "en": (
            "No data from the gateway for {idle} s",
            "The model may be overloaded. Try again, or raise the idle timeout in Settings. "
            "Any partial answer is kept.",
        ),
        "zh": (
            "网关已 {idle} 秒没有发送数据",
            "模型可能过载。请重试，或在设置中调大空闲超时。已保留部分回答。",
        ),
    }

    def __init__(self, detail: str = "", *, idle_timeout: float | None = None, **kwargs: Any) -> None:
        super().__init__(detail, **kwargs)
        self.idle_timeout = idle_timeout

    @property
    def retryable(self) -> bool:
        """Minutes of silence are not worth repeating automatically."""
        return False

    def _format_fields(self) -> dict[str, str]:
        return {"idle": "?" if self.idle_timeout is None else _seconds(self.idle_timeout)}


class HTTPStatusError(GeminiError):
    """The gateway answered with an HTTP error status before the stream started.

    Attributes:
        error_code: new-api's `code` ("model_not_found", "429") or Google's `status` ("RESOURCE_EXHAUSTED").
        retry_after: Seconds the gateway asked to wait before retrying, when it said so.
    """

    _TEXTS: ClassVar[_Texts] = {
        "en": (
            "The gateway returned an error",
            "Try again later; if it persists, check the gateway console logs.",
        ),
        "zh": ("网关返回错误", "请稍后重试；如果持续出现，请查看网关控制台日志。"),
    }
    _SHOW_DETAIL: ClassVar[bool] = False

    def __init__(
        self,
        detail: str = "",
        *,
        error_code: str | None = None,
        retry_after: float | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(detail, **kwargs)
        self.error_code = error_code
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        """True for 408, 429, 500, 502, 503 and 504."""
        return self.status in _RETRYABLE_STATUSES


class BadRequestError(HTTPStatusError):
    """400: the request was rejected."""

    _TEXTS: ClassVar[_Texts] = {
        "en": (
            "The request was rejected",
            "The message below says why: usually a setting this model does not support (such as the thinking "
            "budget) or an attachment it cannot read. Change it and try again.",
        ),
        "zh": (
            "请求被拒绝",
            "原因见下方消息：通常是该模型不支持的设置（例如思考预算）或无法读取的附件。修改后请重试。",
        ),
    }


class AuthenticationError(HTTPStatusError):
    """401: the key is wrong, missing or disabled."""

    _TEXTS: ClassVar[_Texts] = {
        "en": (
            "The API key was rejected",
            "Check the API key in Settings, and its status on the gateway console (enabled, not expired, "
            "quota left).",
        ),
        "zh": (
            "API 密钥无效",
            "请在设置中检查 API 密钥，并在网关控制台确认其状态（已启用、未过期、有剩余额度）。",
        ),
    }


class ModelAccessError(HTTPStatusError):
    """403, or 503 model_not_found: the key's group may not use this model."""

    _TEXTS: ClassVar[_Texts] = {
        "en": (
            "This key may not use this model",
            "The key's group may not use this model (or its quota is used up). Choose another model, or ask "
            "the gateway admin to enable it for your group.",
        ),
        "zh": (
            "该密钥无权使用此模型",
            "该密钥所在分组可能无权使用此模型（或额度已用完）。请选择其他模型，或联系网关管理员开通。",
        ),
    }

    @property
    def retryable(self) -> bool:
        """A permission does not appear by retrying, even when it arrives as a 503."""
        return False


class NotFoundError(HTTPStatusError):
    """404: unknown model or wrong path."""

    _TEXTS: ClassVar[_Texts] = {
        "en": (
            "The model or the API path was not found",
            "Check the model name (refresh the model list) and the base URL.",
        ),
        "zh": ("找不到模型或接口路径", "请检查模型名称（刷新模型列表）和 Base URL。"),
    }


class RequestTooLargeError(HTTPStatusError):
    """413: the request body is too large for the gateway."""

    _TEXTS: ClassVar[_Texts] = {
        "en": (
            "The request is too large for the gateway",
            "Remove some attachments or shorten the conversation, then try again.",
        ),
        "zh": ("请求过大，网关拒绝接收", "请移除部分附件或缩短对话，然后重试。"),
    }


class RateLimitError(HTTPStatusError):
    """429: too many requests or quota exhausted.

    Attributes:
        per_day: The daily quota is used up: retrying today is pointless.
    """

    _TEXTS: ClassVar[_Texts] = {
        "en": ("Rate limit reached", "Lower the request rate, or change your plan."),
        "zh": ("请求频率超出限制", "请降低请求频率，或更换套餐。"),
    }
    _PER_DAY_TEXTS: ClassVar[_Texts] = {
        "en": ("The daily quota is used up", "Wait until tomorrow, or change your plan."),
        "zh": ("今日额度已用完", "请等到明天再试，或更换套餐。"),
    }

    def __init__(self, detail: str = "", *, per_day: bool = False, **kwargs: Any) -> None:
        super().__init__(detail, **kwargs)
        self.per_day = per_day

    @property
    def retryable(self) -> bool:
        """A per-minute limit passes; a per-day quota does not."""
        return not self.per_day

    def title(self, lang: str = "en") -> str:
        """Say what happened, in one short sentence ("en" or "zh")."""
        texts = self._PER_DAY_TEXTS if self.per_day else self._TEXTS
        return texts[_lang_key(lang)][0]

    def hint(self, lang: str = "en") -> str:
        """Say what the user can do about it ("en" or "zh")."""
        zh = _lang_key(lang) == "zh"
        texts = self._PER_DAY_TEXTS if self.per_day else self._TEXTS
        hint = texts["zh" if zh else "en"][1]
        if self.retry_after is not None and not self.per_day:
            wait = _seconds(self.retry_after)
            hint += f"网关建议等待 {wait} 秒。" if zh else f" The gateway asks to wait {wait} s."
        return hint


class ServerError(HTTPStatusError):
    """5xx: the gateway or the upstream failed."""

    _TEXTS: ClassVar[_Texts] = {
        "en": (
            "The gateway or the upstream service failed",
            "This is a problem of the gateway or of Google, not of your settings. Try again later, and check "
            "the gateway console logs.",
        ),
        "zh": (
            "网关或上游服务出错",
            "这是网关或上游（Google）的问题，与你的设置无关。请稍后重试，并查看网关控制台日志。",
        ),
    }
    _PAGE_TEXTS: ClassVar[_Texts] = {
        "en": (
            "The gateway (or a proxy in front of it) answered with an error page",
            "The gateway or its web server is failing. Try again later, and check the gateway console logs.",
        ),
        "zh": (
            "网关（或其前置代理）返回了错误页面",
            "网关或其 Web 服务器出现故障。请稍后重试，并查看网关控制台日志。",
        ),
    }

    def title(self, lang: str = "en") -> str:
        """Say what happened, in one short sentence ("en" or "zh")."""
        texts = self._PAGE_TEXTS if self.page_title is not None else self._TEXTS
        return texts[_lang_key(lang)][0]

    def hint(self, lang: str = "en") -> str:
        """Say what the user can do about it ("en" or "zh")."""
        texts = self._PAGE_TEXTS if self.page_title is not None else self._TEXTS
        return texts[_lang_key(lang)][1]


class ResponseFormatError(GeminiError):
    """A successful status whose body is not a Gemini response."""

    _TEXTS: ClassVar[_Texts] = {
        "en": (
            "The gateway's answer is not a Gemini response",
            "Check the base URL, then try again.",
        ),
        "zh": ("网关的响应不是 Gemini 格式", "请检查 Base URL，然后重试。"),
    }


class WrongContentTypeError(ResponseFormatError):
    """200 text/html: usually the gateway's web page, so a wrong base URL."""

    _TEXTS: ClassVar[_Texts] = {
        "en": (
            "This looks like a web page, not the API",
            "Check the base URL: it must be the gateway's API address (for example https://gogogotoken.ai), "
            "not a page of its website.",
        ),
        "zh": (
            "收到的是网页，而不是 API 响应",
            "请检查 Base URL：应填写网关的 API 地址（例如 https://gogogotoken.ai），而不是网站页面。",
        ),
    }
    _SHOW_DETAIL: ClassVar[bool] = False


class EmptyResponseError(ResponseFormatError):
    """200 with an empty body: the gateway gave up before the first byte."""

    _TEXTS: ClassVar[_Texts] = {
        "en": (
            "The gateway sent an empty answer",
            "The upstream probably timed out before answering. Try again.",
        ),
        "zh": ("网关返回了空响应", "上游可能在回答前超时了。请重试。"),
    }
    _SHOW_DETAIL: ClassVar[bool] = False


class MalformedStreamError(ResponseFormatError):
    """Bytes that cannot be decoded as JSON where JSON was expected."""

    _TEXTS: ClassVar[_Texts] = {
        "en": (
            "The answer could not be read",
            "The gateway sent data that is not valid JSON. Any partial answer is kept. Try again; if it "
            "keeps happening, check the base URL and the gateway logs.",
        ),
        "zh": (
            "无法解析返回的数据",
            (
                "网关发送的数据不是有效的 JSON。已保留部分回答。"
                "请重试；如果持续出现，请检查 Base URL 和网关日志。"
            ),
        ),
    }


class TruncatedStreamError(ResponseFormatError):
    """The stream ended inside an object or an unclosed array."""

    _TEXTS: ClassVar[_Texts] = {
        "en": (
            "The answer was cut off",
            "The stream ended in the middle of a response. The partial answer is kept; try again.",
        ),
        "zh": ("回答被截断", "数据流在响应中途结束。已保留部分回答，请重试。"),
    }


class StreamError(GeminiError):
    """An error object arrived after the stream had started.

    Attributes:
        error_code: The error object's code or status, as text ("500", "INTERNAL", "upstream_error"...).
    """

    _TEXTS: ClassVar[_Texts] = {
        "en": (
            "The gateway reported an error while answering",
            "The partial answer is kept. Try again; if it keeps happening, try another model or check the "
            "gateway console logs.",
        ),
        "zh": (
            "回答过程中网关报告了错误",
            "已保留部分回答。请重试；如果持续出现，请换一个模型或查看网关控制台日志。",
        ),
    }
    _SHOW_DETAIL: ClassVar[bool] = False

    def __init__(self, detail: str = "", *, error_code: str | None = None, **kwargs: Any) -> None:
        super().__init__(detail, **kwargs)
        self.error_code = error_code


# --- Parsing error answers ---

_REQUEST_ID_RE = re.compile(r"\s*[(（]\s*request id\s*[:：]\s*([^)）]*?)\s*[)）]\s*$", re.I)
_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
_H1_RE = re.compile(r"<h1[^>]*>(.*?)</h1\s*>", re.I | re.S)
_TAG_RE = re.compile(r"<[^>]+>")
_PER_DAY_RE = re.compile(r"per\s*day|daily|每天|每日|今日|今天|当日", re.I)
_NO_CHANNEL_RE = re.compile(r"无可用渠道|no available channel", re.I)


@dataclass(slots=True)
class _ParsedError:
    """What an error body says, in any of the envelopes gateways use."""

    message: str | None = None
    request_id: str | None = None
    error_code: str | None = None
    numeric_code: int | None = None
    retry_after: float | None = None
    per_day: bool = False
    page_title: str | None = None


def _clean_text(text: str) -> str:
    return " ".join(text.split())


def _html_title(text: str) -> str | None:
    for pattern in (_TITLE_RE, _H1_RE):
        match = pattern.search(text)
        if match:
            title = _clean_text(html.unescape(_TAG_RE.sub(" ", match.group(1))))
            if title:
                return title[:200]
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
    # Plain {"message": ...} or {"success": false, "message": ...} bodies of some gateways and proxies.
    for key in ("message", "detail", "msg"):
        if isinstance(payload.get(key), str) and payload[key]:
            return {"message": payload[key]}
    return None


def _parse_details(details: object, parsed: _ParsedError) -> None:
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


def _parse_envelope(error: Mapping[str, Any]) -> _ParsedError:
    parsed = _ParsedError()
    message = error.get("message")
    if isinstance(message, str):
        message = message.strip()
        match = _REQUEST_ID_RE.search(message)
        if match:
            parsed.request_id = match.group(1) or None
            message = message[: match.start()].rstrip()
        parsed.message = message[:_MAX_MESSAGE_CHARS] or None
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


def _parse_body(body: bytes, content_type: str | None) -> _ParsedError:
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        return _ParsedError()
    if text.startswith("data:"):
        # An error status whose body is still framed as SSE: the first event holds the envelope.
        text = text[len("data:") :].split("\n", 1)[0].strip()
    try:
        payload = json.loads(text)
    except ValueError:
        payload = None
    else:
        error = _error_mapping(payload)
        if error is not None:
            return _parse_envelope(error)
    if "html" in (content_type or "").lower() or text.startswith("<"):
        return _ParsedError(page_title=_html_title(text))
    # Plain text (or JSON in an unknown shape): quote its start, which is usually the useful part.
    return _ParsedError(message=_clean_text(text)[:500])


def _status_class(status: int, parsed: _ParsedError) -> type[HTTPStatusError]:
    if status == 400:
        return BadRequestError
    if status == 401:
        return AuthenticationError
    if status == 403:
        return ModelAccessError
    if status == 404:
        return NotFoundError
    if status == 413:
        return RequestTooLargeError
    if status == 429:
        return RateLimitError
    if status >= 500:
        # new-api answers 503 model_not_found when the model is not in the key's group: a permission problem.
        no_channel = parsed.message is not None and _NO_CHANNEL_RE.search(parsed.message) is not None
        if status == 503 and (parsed.error_code == "model_not_found" or no_channel):
            return ModelAccessError
        return ServerError
    return HTTPStatusError


def error_from_response(
    status: int,
    body: bytes,
    content_type: str | None,
    *,
    retry_after_header: str | None = None,
    redact: Iterable[str] = (),
) -> GeminiError:
    """Build the error for an HTTP answer that cannot be used as a reply.

    Args:
        status: The HTTP status. A 2xx status means the body itself was the problem (an HTML page, nothing at
            all, or an error envelope).
        body: The response body (the caller bounds its size).
        content_type: The Content-Type header, if any.
        retry_after_header: A `Retry-After` header (seconds), used when the body names no delay.
        redact: Secrets (the API key) to blank out of every stored text.

    Returns:
        The most specific `GeminiError` subclass, carrying the gateway's message, request id, page title,
        retry delay and per-day flag where the body had them.
    """
    parsed = _parse_body(body, content_type)
    if 200 <= status < 300:
        if "html" in (content_type or "").lower() or (parsed.page_title is not None and not parsed.message):
            return WrongContentTypeError(
                f"HTTP {status} with Content-Type {content_type}", page_title=parsed.page_title, redact=redact
            )
        if not body.strip():
            return EmptyResponseError(f"HTTP {status} with an empty body", redact=redact)
        # An error envelope with a 2xx status: classify by the code it names, when that is an HTTP status.
        code = parsed.numeric_code
        if code is not None and 400 <= code <= 599:
            status = code
        else:
            return ResponseFormatError(
                f"HTTP {status}: not a Gemini response",
                gateway_message=parsed.message,
                request_id=parsed.request_id,
                redact=redact,
            )
    retry_after = parsed.retry_after
    if retry_after is None and retry_after_header is not None:
        retry_after = parse_retry_delay(retry_after_header)
    cls = _status_class(status, parsed)
    detail = f"HTTP {status}" + (f": {parsed.message}" if parsed.message else "")
    common: dict[str, Any] = {
        "status": status,
        "gateway_message": parsed.message,
        "request_id": parsed.request_id,
        "page_title": parsed.page_title,
        "error_code": parsed.error_code,
        "retry_after": retry_after,
        "redact": redact,
    }
    if cls is RateLimitError:
        return RateLimitError(detail, per_day=parsed.per_day, **common)
    return cls(detail, **common)


def error_from_stream_object(
    obj: Mapping[str, Any], partial: Snapshot | None, *, redact: Iterable[str] = ()
) -> StreamError:
    """Build the error for an `{"error": ...}` object that arrived inside a stream.

    Args:
        obj: The decoded object (Google's or new-api's envelope).
        partial: What had arrived before it; kept so that the user loses nothing.
        redact: Secrets (the API key) to blank out of every stored text.
    """
    error = _error_mapping(obj)
    parsed = _parse_envelope(error) if error is not None else _ParsedError()
    code = parsed.error_code or (str(parsed.numeric_code) if parsed.numeric_code is not None else None)
    detail = "error object in the stream" + (f": {parsed.message}" if parsed.message else "")
    return StreamError(
        detail,
        gateway_message=parsed.message,
        request_id=parsed.request_id,
        error_code=code,
        partial=partial,
        redact=redact,
    )
