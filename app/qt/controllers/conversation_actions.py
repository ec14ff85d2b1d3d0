"""The sidebar's and menus' conversation actions: new, delete and undo, pin, search, copy the last answer."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication

from app.core.store.db import StoreError
from app.core.store.search import SearchIndex
from app.qt.controllers.draft_keeper import DraftKeeper
from app.qt.controllers.window_parts import WindowParts

UNDO_SECONDS = 8


class ConversationActions(QObject):
    """Creates, deletes (with undo), pins and finds conversations, and copies the last answer.

    Args:
        parts: The window, store, chat (it stops a deleted conversation's stream), open conversation and
            what a new conversation starts with.
        search: Full-text search over the conversations.
        drafts: Saves the draft before a new conversation opens.
        parent: The owner.
    """

    def __init__(
        self, parts: WindowParts, search: SearchIndex, drafts: DraftKeeper, *, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        window = self._window = parts.window
        self._store = parts.store
        self._search = search
        self._chat = parts.chat
        self._conversation = parts.conversation
        self._defaults = parts.defaults
        self._drafts = drafts
        self._alerts = parts.alerts
        self._pending_delete: int | None = None
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.timeout.connect(self._purge_pending_delete)
        sidebar = window.sidebar
        sidebar.new_requested.connect(self._on_new_requested)
        sidebar.rename_requested.connect(sidebar.start_rename)
        sidebar.pin_requested.connect(self._on_pin)
        sidebar.delete_requested.connect(self.delete_conversation)
        sidebar.search_changed.connect(self._on_search)
        window.undo_requested.connect(self.undo_delete)
        window.copy_last_answer_requested.connect(self.copy_last_answer)
        window.model_picker.model_chosen.connect(self._on_model_chosen)

    def new_conversation(self) -> int | None:
        """Create an empty conversation with the default model and open it; None if it cannot be stored."""
        self._drafts.save()
        try:
            conversation = self._store.create("", self._defaults.model, self._defaults.settings)
        except StoreError as error:
            self._alerts.report(error)
            return None
        self._window.sidebar.search.clear()
        self._window.sidebar.model.reload()
        self._conversation.open_conversation(conversation.id)
        self._window.composer.editor.setFocus()
        return conversation.id

    def _on_new_requested(self) -> None:
        """New (button, Ctrl+N): a still blank open conversation is the new one (no pile of empties)."""
        current = self._conversation.current_conversation
        if current is not None and self._is_blank(current):
            self._window.sidebar.search.clear()
            self._window.composer.editor.setFocus()
            return
        self.new_conversation()

    def discard_if_blank(self, conversation_id: int) -> None:
        """Purge ``conversation_id`` if it is open and still blank (no message, nothing typed or attached)."""
        if conversation_id != self._conversation.current_conversation or not self._is_blank(conversation_id):
            return
        if not self._alerts.write(lambda: self._store.purge(conversation_id)):
            return
        self._conversation.close_conversation()
        self._window.sidebar.model.reload()
        self._window.sidebar.select(None)

    def _is_blank(self, conversation_id: int) -> bool:
        composer = self._window.composer
        return (
            self._store.count_messages(conversation_id) == 0  # not every message: New is a click away
            and not composer.text().strip()
            and not composer.attachments()
        )

    def delete_conversation(self, conversation_id: int) -> None:
        """Hide a conversation at once; it is purged only if the user does not undo within a few seconds."""
        self._purge_pending_delete()
        if not self._alerts.write(lambda: self._store.delete(conversation_id)):
            return
        self._chat.stop(conversation_id)
        self._pending_delete = conversation_id
        self._window.sidebar.model.refresh_conversation(conversation_id)
        if conversation_id == self._conversation.current_conversation:
            self._conversation.close_conversation()
            self._window.composer.set_text("")
            self._window.status_line.show_reply_figures({})  # they described the deleted conversation
            next_id = self._window.sidebar.model.conversation_id_at(0)
            if next_id is not None:
                self._conversation.open_conversation(next_id)
        self._window.status_line.showMessage(
            self.tr("Conversation deleted. Press Ctrl+Z to undo."), UNDO_SECONDS * 1000
        )
        self._undo_timer.start(UNDO_SECONDS * 1000)

    def undo_delete(self) -> bool:
        """Bring back the conversation deleted last, if the undo time has not run out."""
        if self._pending_delete is None:
            return False
        conversation_id = self._pending_delete
        if not self._alerts.write(lambda: self._store.restore(conversation_id)):
            return False  # still pending: Ctrl+Z can try again, and the purge happens as planned
        self._pending_delete = None
        self._undo_timer.stop()
        self._window.sidebar.model.reload()
        self._conversation.open_conversation(conversation_id)
        self._window.status_line.showMessage(self.tr("Conversation restored."), 3000)
        return True

    def purge_pending_delete(self) -> None:
        """Delete for good the conversation still waiting for its undo time to run out (at quit)."""
        self._undo_timer.stop()
        self._purge_pending_delete()

    def _purge_pending_delete(self) -> None:
        if self._pending_delete is not None:
            pending, self._pending_delete = self._pending_delete, None
            # If the purge fails the conversation stays hidden (deleted) and is purged another time.
            self._alerts.write(lambda: self._store.purge(pending))

    def copy_last_answer(self) -> bool:
        """Put the open conversation's last answer (its Markdown) on the clipboard; False if there is none."""
        text = ""
        current = self._conversation.current_conversation
        if current is not None:
            live = self._chat.live_reply(current)
            answers = [m for m in self._store.list_messages(current) if m.role == "model" and m.text]
            if live is not None:
                # A streaming answer is the last one, even before its first checkpoint reached the store.
                text = live[1].text
            if not text and answers:
                text = answers[-1].text
        if not text.strip():
            self._window.status_line.showMessage(self.tr("There is no answer to copy yet."), 3000)
            return False
        QGuiApplication.clipboard().setText(text)
        self._window.status_line.showMessage(self.tr("Answer copied."), 3000)
        return True

    def _on_pin(self, conversation_id: int, pinned: bool) -> None:
        if not self._alerts.write(lambda: self._store.set_pinned(conversation_id, pinned)):
            return
        self._window.sidebar.model.refresh_conversation(conversation_id)
        self._window.sidebar.select(self._conversation.current_conversation)

    def _on_search(self, query: str) -> None:
        model = self._window.sidebar.model
        if query:
            model.show_search_results(self._search.search(query))
        else:
            model.reload()
        self._window.sidebar.select(self._conversation.current_conversation)

    def _on_model_chosen(self, model: str) -> None:
        current = self._conversation.current_conversation
        if current is not None:
            self._alerts.write(lambda: self._store.set_model(current, model))
        self._defaults.model = model
