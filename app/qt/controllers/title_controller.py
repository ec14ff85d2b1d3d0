"""Gives a conversation a short model-written title once its first reply is complete."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from app.core.chat.titles import clean_title, title_request
from app.core.redaction import redact_text
from app.core.store.conversations import ConversationStore
from app.qt.async_support import cancel_and_wait, spawn
from app.qt.controllers.chat_controller import ChatController
from app.qt.models.conversation_list_model import ConversationListModel

if TYPE_CHECKING:
    from app.core.gemini.client import GeminiClient

_log = logging.getLogger(__name__)


class TitleController(QObject):
    """Asks for a title after the first complete reply of a conversation whose title is still automatic.

    The request runs as a task of its own, so it never delays the stream or the UI. Failures are logged
    (without the key) and otherwise ignored: the title made from the first prompt stays. A title the user
    set meanwhile (``title_is_auto`` False) is never replaced.

    Args:
        store: Conversations and messages.
        chat: Reports finished replies.
        client_provider: Returns the client for the current settings and key, or None when there is no key.
        conversations: The list model whose row shows the new title.
        parent: The Qt parent.
    """

    title_changed = Signal(int, str)  # conversation id, new title
    title_skipped = Signal(int)  # conversation id: the request failed or the title was no longer automatic

    def __init__(
        self,
        store: ConversationStore,
        chat: ChatController,
        client_provider: Callable[[], GeminiClient | None],
        conversations: ConversationListModel,
        *,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._client_provider = client_provider
        self._conversations = conversations
        self._tasks: set[asyncio.Task[Any]] = set()
        self._pending: set[int] = set()
        chat.reply_finished.connect(self._on_reply_finished)

    async def aclose(self) -> None:
        """Cancel every title request still running and let each close its connection (at shutdown)."""
        await cancel_and_wait(self._tasks)

    def _on_reply_finished(self, conversation_id: int, message_id: int, status: str) -> None:
        if status != "complete" or conversation_id in self._pending:
            return
        conversation = self._store.get(conversation_id)
        if conversation is None or not conversation.title_is_auto or conversation.deleted_at is not None:
            return
        messages = self._store.list_messages(conversation_id)
        replies = [m for m in messages if m.role == "model"]
        users = [m for m in messages if m.role == "user"]
        # Only the first reply names the conversation; later turns keep whatever title it has.
        if len(replies) != 1 or replies[0].id != message_id or not users:
            return
        client = self._client_provider()
        if client is None:
            return
        model = conversation.model or str(replies[0].meta.get("model", ""))
        body = title_request(users[0].text, replies[0].text, model)
        self._pending.add(conversation_id)
        spawn(self._ask(client, conversation_id, model, body), self._tasks)

    async def _ask(
        self, client: GeminiClient, conversation_id: int, model: str, body: dict[str, Any]
    ) -> None:
        try:
            snapshot = await client.generate(model, body)
            title = clean_title(snapshot.text)
            conversation = self._store.get(conversation_id)
            if not title or conversation is None or not conversation.title_is_auto or conversation.deleted_at:
                self.title_skipped.emit(conversation_id)
                return
            self._store.rename(conversation_id, title, is_auto=True)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # a missing title must never disturb the user
            _log.warning("No title for conversation %d: %s", conversation_id, _redacted(str(error), client))
            self.title_skipped.emit(conversation_id)
            return
        finally:
            self._pending.discard(conversation_id)
        self._conversations.refresh_conversation(conversation_id)
        self.title_changed.emit(conversation_id, title)


def _redacted(text: str, client: GeminiClient) -> str:
    """``text`` with the client's key masked, should an error message ever quote it."""
    key = client.config.api_key
    return redact_text(text, [key]) if key else text
