"""One turn of a chat: history to request, the reply streamed into the store; settings, titles, export.

    from app.core.chat import TurnRunner, build_request

    request = build_request(conversation, store.list_messages(conversation.id))
    reply = runner.begin_reply(conversation.id, request.model)
    outcome = await runner.stream_reply(client, reply, request.model, request.body, listener)

Every name is imported on first use, like the other packages of the core.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.lazy import lazy_exports

if TYPE_CHECKING:
    from app.core.chat.attachments import Attachment, AttachmentError, load_attachment
    from app.core.chat.connection import ClientProvider, Connection
    from app.core.chat.generation import GenerationSettings, GenerationSettingsError, validate
    from app.core.chat.history import build_contents, user_parts
    from app.core.chat.request import ReplyRequest, build_request
    from app.core.chat.titles import fallback_title
    from app.core.chat.turn import TurnListener, TurnOutcome, TurnRunner

__all__ = [
    "Attachment",
    "AttachmentError",
    "ClientProvider",
    "Connection",
    "GenerationSettings",
    "GenerationSettingsError",
    "ReplyRequest",
    "TurnListener",
    "TurnOutcome",
    "TurnRunner",
    "build_contents",
    "build_request",
    "fallback_title",
    "load_attachment",
    "user_parts",
    "validate",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "Attachment": "attachments",
        "AttachmentError": "attachments",
        "ClientProvider": "connection",
        "Connection": "connection",
        "GenerationSettings": "generation",
        "GenerationSettingsError": "generation",
        "ReplyRequest": "request",
        "TurnListener": "turn",
        "TurnOutcome": "turn",
        "TurnRunner": "turn",
        "build_contents": "history",
        "build_request": "request",
        "fallback_title": "titles",
        "load_attachment": "attachments",
        "user_parts": "history",
        "validate": "generation",
    },
)
