"""What the parts of the window controller share: the open conversation, the services, the defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from app.core.store.conversations import ConversationStore
from app.core.store.tree import MessageTree
from app.qt.controllers.chat_controller import ChatController
from app.qt.controllers.storage_alerts import StorageAlerts
from app.qt.main_window import MainWindow


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

    def show_path_changes(self, tree: MessageTree | None = None) -> None:
        """Redraw the open conversation from where its shown path changed (another version chosen).

        ``tree`` is the conversation's tree as it now stands, when the caller has it (else it is read).
        """
        ...


@dataclass(slots=True)
class NewConversationDefaults:
    """The model and generation settings a new conversation starts with (from the settings and the picker)."""

    model: str
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class WindowParts:
    """What every part of the window controller works with.

    Attributes:
        window: The passive main window.
        store: Conversations and messages.
        chat: Owns the reply streams.
        conversation: The open conversation.
        defaults: What a new conversation starts with.
        alerts: Runs store writes and reports the ones the store refuses.
    """

    window: MainWindow
    store: ConversationStore
    chat: ChatController
    conversation: OpenConversation
    defaults: NewConversationDefaults
    alerts: StorageAlerts
