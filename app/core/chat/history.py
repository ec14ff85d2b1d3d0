"""Stored messages to Gemini ``contents``: the history a request replays."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from app.core.store.records import Message


def _is_unsigned_thought(part: Mapping[str, Any]) -> bool:
    return part.get("thought") is True and "thoughtSignature" not in part


def replay_parts(message: Message) -> list[dict[str, Any]]:
    """The parts of ``message`` as they go back to the model.

    Parts are replayed verbatim, signatures included (Gemini 3 answers 400 when one is dropped). Thought
    summaries without a signature are left out: they only cost tokens, and thoughts are never answer text.
    """
    if message.role == "model":
        return [dict(part) for part in message.parts if not _is_unsigned_thought(part)]
    return [dict(part) for part in message.parts]


def build_contents(messages: Iterable[Message]) -> list[dict[str, Any]]:
    """Turn a conversation's messages into ``contents``, oldest first.

    Replies that delivered nothing (an error before the first byte, a blocked prompt, an empty answer) are
    skipped, and so is the question they failed to answer: resending it with every later message would get
    a blocked prompt blocked again and make the model answer a question the user has moved on from (the
    transcript still shows it, with Retry). Consecutive messages of the same role are joined into one turn,
    because the API expects user and model to alternate.
    """
    finished = [message for message in messages if message.status != "streaming"]
    replayed = [replay_parts(message) for message in finished]
    contents: list[dict[str, Any]] = []
    for index, (message, parts) in enumerate(zip(finished, replayed, strict=True)):
        if not parts:
            continue
        unanswered = (
            message.role == "user"
            and index + 1 < len(finished)
            and finished[index + 1].role == "model"
            and not replayed[index + 1]
        )
        if unanswered:
            continue
        if contents and contents[-1]["role"] == message.role:
            contents[-1]["parts"].extend(parts)
        else:
            contents.append({"role": message.role, "parts": parts})
    return contents


def user_parts(text: str, attachments: Sequence[Mapping[str, Any]] = ()) -> list[dict[str, Any]]:
    """The parts of a new user message: its attachments (``inlineData`` parts) then its text."""
    parts = [dict(attachment) for attachment in attachments]
    if text:
        parts.append({"text": text})
    return parts
