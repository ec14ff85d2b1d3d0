"""The Gemini protocol as a library: stream a reply, decode it, turn it into typed events and errors.

    from app.core.gemini import ClientConfig, GeminiClient, TextDelta

    client = GeminiClient(ClientConfig(base_url, api_key))
    async for event in client.stream_generate("gemini-2.5-flash", {"contents": [...]}):
        if isinstance(event, TextDelta):
            print(event.text, end="")

Every name is imported on first use: importing the package loads nothing, and the HTTP stack (httpx) only
comes with ``GeminiClient`` or ``ReplyStream``. The modules stay importable on their own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.lazy import lazy_exports

if TYPE_CHECKING:
    from app.core.gemini.accumulator import Accumulator
    from app.core.gemini.client import GeminiClient
    from app.core.gemini.config import ClientConfig, ProxyConfig
    from app.core.gemini.decoder import StreamDecoder
    from app.core.gemini.errors import (
        AnswerTooLargeError,
        ConfigurationError,
        ConnectionFailedError,
        EmptyResponseError,
        GeminiError,
        IdleTimeoutError,
        MalformedStreamError,
        ResponseFormatError,
        StreamError,
        TLSError,
        TransportError,
        TruncatedStreamError,
        WrongContentTypeError,
    )
    from app.core.gemini.events import (
        CodeReceived,
        CodeResultReceived,
        Finished,
        FunctionCallReceived,
        GroundingInfo,
        GroundingReceived,
        ImageReceived,
        PromptBlocked,
        Snapshot,
        StreamEvent,
        TextDelta,
        ThoughtDelta,
        Usage,
        UsageUpdated,
    )
    from app.core.gemini.finish import Notice, describe_finish
    from app.core.gemini.models_list import ModelInfo
    from app.core.gemini.reply_stream import ReplyStream
    from app.core.gemini.retry import Retrying
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

__all__ = [
    "Accumulator",
    "AnswerTooLargeError",
    "AuthenticationError",
    "BadRequestError",
    "ClientConfig",
    "CodeReceived",
    "CodeResultReceived",
    "ConfigurationError",
    "ConnectionFailedError",
    "EmptyResponseError",
    "Finished",
    "FunctionCallReceived",
    "GeminiClient",
    "GeminiError",
    "GroundingInfo",
    "GroundingReceived",
    "HTTPStatusError",
    "IdleTimeoutError",
    "ImageReceived",
    "MalformedStreamError",
    "ModelAccessError",
    "ModelInfo",
    "NotFoundError",
    "Notice",
    "PromptBlocked",
    "ProxyConfig",
    "RateLimitError",
    "ReplyStream",
    "RequestTooLargeError",
    "ResponseFormatError",
    "Retrying",
    "ServerError",
    "Snapshot",
    "StreamDecoder",
    "StreamError",
    "StreamEvent",
    "TLSError",
    "TextDelta",
    "ThoughtDelta",
    "TransportError",
    "TruncatedStreamError",
    "Usage",
    "UsageUpdated",
    "WrongContentTypeError",
    "describe_finish",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "Accumulator": "accumulator",
        "AnswerTooLargeError": "errors",
        "AuthenticationError": "status_errors",
        "BadRequestError": "status_errors",
        "ClientConfig": "config",
        "CodeReceived": "events",
        "CodeResultReceived": "events",
        "ConfigurationError": "errors",
        "ConnectionFailedError": "errors",
        "EmptyResponseError": "errors",
        "Finished": "events",
        "FunctionCallReceived": "events",
        "GeminiClient": "client",
        "GeminiError": "errors",
        "GroundingInfo": "events",
        "GroundingReceived": "events",
        "HTTPStatusError": "status_errors",
        "IdleTimeoutError": "errors",
        "ImageReceived": "events",
        "MalformedStreamError": "errors",
        "ModelAccessError": "status_errors",
        "ModelInfo": "models_list",
        "NotFoundError": "status_errors",
        "Notice": "finish",
        "PromptBlocked": "events",
        "ProxyConfig": "config",
        "RateLimitError": "status_errors",
        "ReplyStream": "reply_stream",
        "RequestTooLargeError": "status_errors",
        "ResponseFormatError": "errors",
        "Retrying": "retry",
        "ServerError": "status_errors",
        "Snapshot": "events",
        "StreamDecoder": "decoder",
        "StreamError": "errors",
        "StreamEvent": "events",
        "TLSError": "errors",
        "TextDelta": "events",
        "ThoughtDelta": "events",
        "TransportError": "errors",
        "TruncatedStreamError": "errors",
        "Usage": "events",
        "UsageUpdated": "events",
        "WrongContentTypeError": "errors",
        "describe_finish": "finish",
    },
)
