"""What a reply is asked with: a conversation's history and its generation settings, fitted to its model.

One home for the request body, so everything that sends or measures a request builds the same one: the
chat controller asking for a reply, the command-line client, the size estimate before a send.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.core.chat.generation import (
    GenerationSettings,
    GenerationSettingsError,
    fit_thinking_to_model,
    request_fields,
)
from app.core.chat.history import build_contents
from app.core.store.records import Conversation, Message

__all__ = ["ReplyRequest", "build_request"]


@dataclass(frozen=True, slots=True)
class ReplyRequest:
    """A reply's request.

    Attributes:
        model: The model to ask: the conversation's.
        body: The JSON body of ``generateContent``: ``contents`` plus systemInstruction, generationConfig,
            safetySettings and tools as the settings ask.
        adjusted: A thinking setting the model cannot take, replaced by the model's default for this
            request (the user is told); None when the settings were sent as they are.
    """

    model: str
    body: dict[str, Any]
    adjusted: GenerationSettingsError | None = None


def build_request(
    conversation: Conversation,
    messages: Iterable[Message],
    functions: Sequence[Mapping[str, Any]] = (),
) -> ReplyRequest:
    """The request asking ``conversation``'s model to answer ``messages`` (its history, oldest first).

    Args:
        conversation: Gives the model and the generation settings.
        messages: The history to replay; see :func:`~app.core.chat.history.build_contents` for what is left
            out (replies still streaming, failed replies and the questions they did not answer).
        functions: ``functionDeclarations`` to offer (MCP tools, ``app.core.tools.declarations``); they go
            in a ``tools`` entry of their own, after any native tools.

    Returns:
        The model, the body, and the setting that had to be left out, if any.
    """
    model = conversation.model
    settings = GenerationSettings.from_dict(conversation.settings)
    fitted, adjusted = fit_thinking_to_model(settings, model)
    body: dict[str, Any] = {"contents": build_contents(messages)}
    body.update(request_fields(fitted, model))
    if functions:
        body["tools"] = [*body.get("tools", []), {"functionDeclarations": [dict(f) for f in functions]}]
    return ReplyRequest(model, body, adjusted)
