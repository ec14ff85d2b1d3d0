"""The one exception tree of the Gemini client.

    GeminiError
    ├── ConfigurationError          invalid base URL, missing or unsendable key, no model
    ├── TransportError              no HTTP answer at all
    │   ├── ConnectionFailedError   DNS, refused, proxy failure; reset or cut after the request was sent
    │   ├── TLSError                certificate / handshake problems
    │   └── IdleTimeoutError        no byte for longer than the idle timeout
    ├── HTTPStatusError             the gateway answered with an error status (before the stream)
    │   ├── RedirectError           301/302/303/307/308 (never followed: the key stays with the gateway)
    │   ├── BadRequestError         400
    │   ├── AuthenticationError     401
    │   ├── BillingError            402; new-api's balance 403 and key quota / expiry 401 (kind)
    │   ├── ModelAccessError        403, and 503 with code model_not_found (kind)
    │   ├── NotFoundError           404
    │   ├── RequestTooLargeError    413
    │   ├── RateLimitError          429 (retry_after, per_day, new-api's request window)
    │   ├── EndpointUnsupportedError  new-api's convert_request_failed: the model's channel is not Gemini
    │   └── ServerError             5xx
    ├── ResponseFormatError         a 2xx answer that is not a Gemini stream
    │   ├── WrongContentTypeError   a 200 web page (whatever its Content-Type): a wrong base URL, a login page
    │   ├── EmptyResponseError      200 with an empty body
    │   ├── MalformedStreamError    bytes that are not JSON where JSON must be
    │   └── TruncatedStreamError    EOF inside an object, or an unclosed array
    ├── AnswerTooLargeError         one event or the whole reply past its size limit (`limits`)
    └── StreamError                 an error object in the stream (before or after the answer started)

The HTTP status errors (a gateway's refusals) live in `app.core.gemini.status_errors`; the rest of the tree
is here.

Every error can explain itself to the user, in codes and parameters (`app.core.texts`), never in words:
`code` names what happened (its texts are `<code>.title`, what happened in one short sentence, and
`<code>.hint`, what to do, in each catalogue); `title()` and `hint()` are those texts, and `user_message()`
puts both together with the gateway's own words quoted (gateways answer in Chinese or English, and their text
is often the most precise part). The UI renders them in its language when it shows them. `partial` holds what
had arrived before a mid-stream failure.

A new kind of error is a subclass with its own `_CODE` (or a `kind` of an existing one) plus its two texts in
every catalogue of `app/core/texts`; `tests/core/test_texts.py` fails while a catalogue lacks one.

`error_mapping.error_from_response` turns an HTTP error answer (Google's envelope, new-api's OpenAI-style
envelope, an HTML error page, plain text) into the right class; `error_mapping.error_from_stream_object` does
the same for an error object that arrived inside a stream. Reading those bodies is the job of `error_parsing`.

The API key must never reach a message, a log or a repr: every constructor takes `redact`, a list of secrets
to replace by "***" in all the texts it stores (gateways sometimes echo the key they rejected).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from app.core.redaction import redact_text
from app.core.texts import Joined, Param, Text, error_message

if TYPE_CHECKING:
    from app.core.gemini.events import Snapshot


def format_seconds(value: float) -> str:
    """Format seconds for people: 300 -> "300", 0.5 -> "0.5", 45.83 -> "45.8", 86400 -> "86400".

    Never in exponent notation ("1e+23"): a figure of 100 s or more is a whole number.
    """
    if value >= 100:
        return f"{value:.0f}"
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

    # The code of this class's texts; `code` may choose another from the error's state.
    _CODE: ClassVar[str] = "gemini.error"
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

    @property
    def code(self) -> str:
        """The stable code of what happened; its texts are ``<code>.title`` and ``<code>.hint``."""
        return self._CODE

    def _params(self) -> dict[str, Param]:
        """Values that the title and hint texts may use."""
        return {}

    def _shows_detail(self) -> bool:
        """Whether `user_message` quotes `detail` (when the gateway gave no message of its own)."""
        return self._SHOW_DETAIL

    def title(self) -> Text:
        """What happened, in one short sentence."""
        return Text(f"{self.code}.title", **self._params())

    def hint(self) -> Param:
        """What the user can do about it."""
        return Text(f"{self.code}.hint", **self._params())

    def user_message(self, *, hint: Param | None = None) -> Joined:
        """What happened, what to do, and the gateway's own message quoted, one line each.

        Args:
            hint: What to do instead of :meth:`hint`, where the usual advice does not fit (inside Settings,
                "check the key in Settings" would send the user where they already are).
        """
        quotes = [
            ("error.gateway_message", self.gateway_message),
            ("error.page_title", self.page_title),
            ("error.request_id", self.request_id),
        ]
        if self._shows_detail() and not self.gateway_message:
            quotes.append(("error.detail", self.detail))
        return error_message(
            self.title(), self.hint() if hint is None else hint, status=self.status, quotes=quotes
        )


class ConfigurationError(GeminiError):
    """The client's settings cannot work (for example an invalid base URL); nothing was sent.

    Attributes:
        kind: What is wrong, when it has texts of its own: "no_key", "key_characters" (a character that
            cannot go into an HTTP header, such as a zero-width space pasted with the key), "model" (no model
            name), or "" (anything else, such as the base URL or the proxy).
    """

    _CODE = "gemini.configuration"
    _KINDS: ClassVar[frozenset[str]] = frozenset({"no_key", "key_characters", "model"})

    def __init__(self, detail: str = "", *, kind: str = "", **kwargs: Any) -> None:
        super().__init__(detail, **kwargs)
        self.kind = kind if kind in self._KINDS else ""

    @property
    def code(self) -> str:
        """``gemini.configuration``, or ``gemini.configuration.<kind>`` for a known kind."""
        return f"{self._CODE}.{self.kind}" if self.kind else self._CODE

    def _shows_detail(self) -> bool:
        # A known kind says everything in every language; the English detail would only repeat it.
        return not self.kind


class TransportError(GeminiError):
    """No usable HTTP answer arrived."""

    _CODE = "gemini.transport"

    @property
    def retryable(self) -> bool:
        """Whether another attempt can help."""
        return True


class ConnectionFailedError(TransportError):
    """The connection could not be made or was cut.

    Attributes:
        kind: What failed, when known: "dns", "refused", "proxy" (the proxy could not reach the gateway),
            "proxy_unreachable" (the proxy itself could not be reached), "timeout" (connecting),
            "no_answer" (a short request such as the model list got no answer in time), "cut" (after the
            answer had started) or "" (anything else, such as a reset).
        request_sent: The request had been (at least partly) written when the connection failed: the
            gateway may have started working on it, and billing it.
    """

    _CODE = "gemini.connection"
    _KINDS: ClassVar[frozenset[str]] = frozenset(
        {"dns", "refused", "proxy", "proxy_unreachable", "timeout", "no_answer", "cut"}
    )

    def __init__(
        self, detail: str = "", *, kind: str = "", request_sent: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(detail, **kwargs)
        self.kind = kind if kind in self._KINDS else ""
        self.request_sent = request_sent

    @property
    def retryable(self) -> bool:
        """Only a connection that failed before the request was sent: a retry could run a request twice."""
        return not self.request_sent

    @property
    def code(self) -> str:
        """``gemini.connection``, or ``gemini.connection.<kind>`` for a known kind."""
        return f"{self._CODE}.{self.kind}" if self.kind else self._CODE


class TLSError(TransportError):
    """The TLS handshake or certificate check failed."""

    _CODE = "gemini.tls"

    @property
    def retryable(self) -> bool:
        """A certificate problem does not go away by itself: never retried."""
        return False


class IdleTimeoutError(TransportError):
    """The gateway sent nothing for longer than the idle timeout.

    Attributes:
        idle_timeout: The timeout that expired, in seconds.
    """

    _CODE = "gemini.idle_timeout"

    def __init__(self, detail: str = "", *, idle_timeout: float | None = None, **kwargs: Any) -> None:
        super().__init__(detail, **kwargs)
        self.idle_timeout = idle_timeout

    @property
    def retryable(self) -> bool:
        """Minutes of silence are not worth repeating automatically."""
        return False

    def _params(self) -> dict[str, Param]:
        return {"idle": "?" if self.idle_timeout is None else format_seconds(self.idle_timeout)}


class ResponseFormatError(GeminiError):
    """A successful status whose body is not a Gemini response."""

    _CODE = "gemini.response_format"


class WrongContentTypeError(ResponseFormatError):
    """200 text/html: usually the gateway's web page, so a wrong base URL."""

    _CODE = "gemini.wrong_content_type"
    _SHOW_DETAIL = False


class EmptyResponseError(ResponseFormatError):
    """200 with an empty body: the gateway gave up before the first byte."""

    _CODE = "gemini.empty_response"
    _SHOW_DETAIL = False


class MalformedStreamError(ResponseFormatError):
    """Bytes that cannot be decoded as JSON where JSON was expected."""

    _CODE = "gemini.malformed_stream"


class TruncatedStreamError(ResponseFormatError):
    """The stream ended inside an object or an unclosed array."""

    _CODE = "gemini.truncated_stream"


class AnswerTooLargeError(GeminiError):
    """The gateway sent more than an answer can be: one event, or the whole reply, past its size limit.

    Not a `ResponseFormatError`: the bytes may be well-formed, and a body that is no Gemini stream from its
    start is explained from its first bytes instead, which a line of endless size would hide.

    Attributes:
        kind: "event" (one line or event past `limits.EVENT_LIMIT`, refused before it was whole) or ""
            (the reply's data past `limits.REPLY_LIMIT`; what arrived is kept as a partial answer).
        limit: The limit that was passed, in bytes.
    """

    _CODE = "gemini.too_large"
    _KINDS: ClassVar[frozenset[str]] = frozenset({"event"})
    _SHOW_DETAIL = False

    def __init__(self, detail: str = "", *, kind: str = "", limit: int = 0, **kwargs: Any) -> None:
        super().__init__(detail, **kwargs)
        self.kind = kind if kind in self._KINDS else ""
        self.limit = limit

    @property
    def code(self) -> str:
        """``gemini.too_large`` (the reply), or ``gemini.too_large.event`` (one event)."""
        return f"{self._CODE}.{self.kind}" if self.kind else self._CODE

    def _params(self) -> dict[str, Param]:
        return {"megabytes": max(1, round(self.limit / (1024 * 1024)))}


class StreamError(GeminiError):
    """An error object arrived in the stream: after part of the answer, or instead of it.

    Attributes:
        error_code: The error object's code or status, as text ("500", "INTERNAL", "upstream_error"...).
    """

    _CODE = "gemini.stream"
    _SHOW_DETAIL = False

    def __init__(self, detail: str = "", *, error_code: str | None = None, **kwargs: Any) -> None:
        super().__init__(detail, **kwargs)
        self.error_code = error_code

    @property
    def code(self) -> str:
        """``gemini.stream``, or ``gemini.stream.before_answer`` when nothing of the answer came before it."""
        # With nothing of the answer before it, there is no partial answer to speak of.
        return self._CODE if has_partial_answer(self.partial) else f"{self._CODE}.before_answer"


# --- Reading a partial answer ---


def has_partial_answer(partial: Snapshot | None) -> bool:
    """Whether an error's `partial` holds any of the answer (an error may come before the first part)."""
    return partial is not None and bool(partial.parts)
