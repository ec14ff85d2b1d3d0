"""The one exception tree of the Gemini client.

SKELETON: the client helper fills in messages, hints and mapping functions; the names and
constructor keywords below are the contract other modules rely on.

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
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.core.gemini.events import Snapshot


class GeminiError(Exception):
    """Root of every error the Gemini client raises."""

    def __init__(
        self,
        detail: str = "",
        *,
        status: int | None = None,
        gateway_message: str | None = None,
        partial: Snapshot | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status
        self.gateway_message = gateway_message
        self.partial = partial


class ConfigurationError(GeminiError):
    """The client's settings cannot work (for example an invalid base URL)."""


class TransportError(GeminiError):
    """No usable HTTP answer arrived."""


class ConnectionFailedError(TransportError):
    """The connection could not be made or was cut."""


class TLSError(TransportError):
    """The TLS handshake or certificate check failed."""


class IdleTimeoutError(TransportError):
    """The gateway sent nothing for longer than the idle timeout."""


class HTTPStatusError(GeminiError):
    """The gateway answered with an HTTP error status before the stream started."""


class BadRequestError(HTTPStatusError):
    """400: the request was rejected."""


class AuthenticationError(HTTPStatusError):
    """401: the key is wrong, missing or disabled."""


class ModelAccessError(HTTPStatusError):
    """403, or 503 model_not_found: the key's group may not use this model."""


class NotFoundError(HTTPStatusError):
    """404: unknown model or wrong path."""


class RequestTooLargeError(HTTPStatusError):
    """413: the request body is too large for the gateway."""


class RateLimitError(HTTPStatusError):
    """429: too many requests or quota exhausted."""


class ServerError(HTTPStatusError):
    """5xx: the gateway or the upstream failed."""


class ResponseFormatError(GeminiError):
    """A successful status whose body is not a Gemini response."""


class WrongContentTypeError(ResponseFormatError):
    """200 text/html: usually the gateway's web page, so a wrong base URL."""


class EmptyResponseError(ResponseFormatError):
    """200 with an empty body: the gateway gave up before the first byte."""


class MalformedStreamError(ResponseFormatError):
    """Bytes that cannot be decoded as JSON where JSON was expected."""


class TruncatedStreamError(ResponseFormatError):
    """The stream ended inside an object or an unclosed array."""


class StreamError(GeminiError):
    """An error object arrived after the stream had started."""
