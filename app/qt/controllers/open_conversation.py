"""What the parts of the window controller share: the open conversation, and how new ones start."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


class OpenConversation(Protocol):
    """Which conversation the window shows, and switching it (the window controller provides this)."""

    @property
    def current_conversation(self) -> int | None:
        """The open conversation's id, or None."""
        ...

    def open_conversation(self, conversation_id: int) -> None:
        """Show ``conversation_id``: its messages, draft, model and streaming state."""
        ...

    def close_conversation(self) -> None:
        """Show no conversation (the open one was deleted or discarded)."""
        ...


@dataclass(slots=True)
class NewConversationDefaults:
    """The model and generation settings a new conversation starts with (from the settings and the picker)."""

    model: str
    settings: dict[str, Any] = field(default_factory=dict)
