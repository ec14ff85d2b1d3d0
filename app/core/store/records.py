"""Plain records the store hands out: conversations, messages and search hits.

The records are frozen snapshots of a row at the time it was read. They carry decoded JSON (``settings``,
``parts``, ``meta``, ``error``) so callers never see the storage encoding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal, get_args

Role = Literal["user", "model"]
"""Who wrote a message, named as in Gemini's ``contents[].role``."""

MessageStatus = Literal["complete", "streaming", "interrupted", "error", "stopped"]
"""Life cycle of a message.

``streaming`` while the reply arrives, then exactly one of the final states: ``complete`` (the stream
finished), ``stopped`` (the user pressed Stop), ``error`` (the gateway or network failed), ``interrupted``
(the app died while streaming; set at the next start-up).
"""

ROLES: Final[frozenset[str]] = frozenset(get_args(Role))
MESSAGE_STATUSES: Final[frozenset[str]] = frozenset(get_args(MessageStatus))
FINAL_STATUSES: Final[frozenset[str]] = MESSAGE_STATUSES - {"streaming"}


@dataclass(frozen=True, slots=True)
class Conversation:
    """One conversation as stored.

    Attributes:
        id: Stable integer id; never reused, even after a purge.
        title: Display title.
        title_is_auto: True while the title is a generated one the app may still replace.
        model: The model id the conversation talks to.
        created_at: Creation time, Unix seconds.
        updated_at: Last activity (a message added, changed or removed), Unix seconds.
        pinned: Pinned conversations are listed first.
        draft: Composer text kept for this conversation.
        settings: Per-conversation generation settings; opaque to the store.
        deleted_at: When it was soft-deleted (Unix seconds), or None while it is visible.
        uid: Stable id that travels with an export (32 hex digits), so an import recognises the
            conversations a database already holds.
    """

    id: int
    title: str
    title_is_auto: bool
    model: str
    created_at: float
    updated_at: float
    pinned: bool
    draft: str
    settings: dict[str, Any]
    deleted_at: float | None
    uid: str


@dataclass(frozen=True, slots=True)
class Message:
    """One message of a conversation.

    Attributes:
        id: Stable integer id; never reused.
        conversation_id: The conversation it belongs to.
        position: Order inside the conversation (ascending; gaps are possible).
        role: ``"user"`` or ``"model"``.
        parts: The raw Gemini parts exactly as given (signatures, inline data and unknown fields included),
            to be replayed verbatim in the next request.
        text: Plain searchable text: the user's text parts, or the model's answer without thoughts.
        status: See :data:`MessageStatus`.
        error: A description of the failure for ``status == "error"``; opaque to the store.
        meta: Usage, finish reason, model version, timings, grounding...; opaque to the store.
        created_at: Creation time, Unix seconds.
        updated_at: Last change, Unix seconds.
        parent_id: The message this one follows in the conversation's tree, or None for a first message
            (see :mod:`app.core.store.tree`); siblings are versions of one another.
    """

    id: int
    conversation_id: int
    position: int
    role: Role
    parts: list[dict[str, Any]]
    text: str
    status: MessageStatus
    error: dict[str, Any] | None
    meta: dict[str, Any]
    created_at: float
    updated_at: float
    parent_id: int | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One conversation found by a search, with the best place it matched.

    Attributes:
        conversation_id: The conversation that matched.
        title: Its title, for display.
        message_id: The matching message, or None when the title matched.
        snippet: Text around the match (the title itself for title hits), with "…" where it was cut.
        match_start: Offset of the match inside ``snippet`` (a ``str`` index), or -1 if unknown.
        match_length: Length of the match inside ``snippet``, 0 if unknown.
        updated_at: The conversation's last activity, Unix seconds.
    """

    conversation_id: int
    title: str
    message_id: int | None
    snippet: str
    match_start: int
    match_length: int
    updated_at: float
