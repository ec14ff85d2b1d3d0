"""The sidebar's and menus' conversation actions: new, delete and undo, pin, search, copy the last answer."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QKeySequence

from app.core.store.db import StoreError
from app.core.store.records import SearchHit
from app.core.store.search_worker import SearchWorker
from app.qt.controllers.draft_keeper import DraftKeeper
from app.qt.controllers.window_parts import WindowParts
from app.qt.translations import core_text


class ConversationActions(QObject):
    """Creates, deletes (with undo), pins and finds conversations, and copies the last answer.

    Args:
        parts: The window, store, chat (it stops a deleted conversation's stream), open conversation and
            what a new conversation starts with.
        search: Full-text search over the conversations, on a thread of its own.
        drafts: Saves the draft before a new conversation opens.
        parent: The owner.
    """

    # (ticket, hits or the StoreError), emitted on the search thread and delivered on the GUI thread.
    _searched = Signal(int, object)

    def __init__(
        self, parts: WindowParts, search: SearchWorker, drafts: DraftKeeper, *, parent: QObject | None = None
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
        # Deleted, hidden, and purged once the undo bar's offer ends; one Undo brings them all back.
        self._pending_delete: list[int] = []
        self._undo_bar = window.undo_bar
        self._undo_bar.undo_clicked.connect(self.undo_delete)
        self._undo_bar.expired.connect(self._purge_pending_delete)
        # Conversation id -> the message the current search found in it (None: no search shown).
        self._hits: dict[int, int] | None = None
        sidebar = window.sidebar
        sidebar.new_requested.connect(self._on_new_requested)
        sidebar.rename_requested.connect(sidebar.start_rename)
        sidebar.pin_requested.connect(self._on_pin)
        sidebar.delete_requested.connect(self.delete_conversation)
        sidebar.delete_many_requested.connect(self.delete_conversations)
        window.delete_requested.connect(self.delete_selected)
        sidebar.search_changed.connect(self._on_search)
        self._searched.connect(self._on_searched)
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

    def is_untouched(self, conversation_id: int) -> bool:
        """Whether the open ``conversation_id`` is as New made it: blank, with no own title, pin or settings.

        Leaving such a conversation drops it (:meth:`drop_untouched`), so New, then another conversation,
        then New again leaves no pile of empty rows; asked before leaving, while the composer still holds
        what was typed in it.
        """
        conversation = self._store.get(conversation_id)
        return (
            conversation is not None
            and conversation.deleted_at is None
            and not conversation.title
            and not conversation.pinned
            and conversation.settings == self._defaults.settings
            and self._is_blank(conversation_id)
        )

    def drop_untouched(self, conversation_id: int) -> None:
        """Purge the untouched conversation just left (see :meth:`is_untouched`) and take its row away.

        From the event loop: the user may have left it by clicking another row, and removing a row while the
        list still delivers that click would leave its handlers with an index that moved.
        """
        QTimer.singleShot(0, self, partial(self._drop_if_still_untouched, conversation_id))

    def _drop_if_still_untouched(self, conversation_id: int) -> None:
        conversation = self._store.get(conversation_id)
        if (
            conversation is None
            or conversation_id == self._conversation.current_conversation  # opened again meanwhile
            or conversation.deleted_at is not None
            or conversation.draft
            or self._store.count_messages(conversation_id)
        ):
            return
        if self._alerts.write(lambda: self._store.purge(conversation_id)):
            self._window.sidebar.model.refresh_conversation(conversation_id)

    def _is_blank(self, conversation_id: int) -> bool:
        composer = self._window.composer
        return (
            self._store.count_messages(conversation_id) == 0  # not every message: New is a click away
            and not composer.text().strip()
            and not composer.attachments()
        )

    def delete_selected(self) -> None:
        """Delete the conversations selected in the list, or the open one when none is selected."""
        ids = self._window.sidebar.selected_ids()
        current = self._conversation.current_conversation
        self.delete_conversations(ids or ([current] if current is not None else []))

    def delete_conversation(self, conversation_id: int) -> None:
        """Delete one conversation (see :meth:`delete_conversations`)."""
        self.delete_conversations([conversation_id])

    def delete_conversations(self, conversation_ids: list[int]) -> None:
        """Hide conversations at once; they are purged only when the undo bar's offer ends without Undo.

        Deletions made while the offer still runs join it: one Undo brings back everything it lists, so
        nothing deleted a moment earlier is lost for good before the user could see it coming.
        """
        deleted: list[int] = []
        for conversation_id in dict.fromkeys(conversation_ids):
            if conversation_id in self._pending_delete:
                continue
            if not self._alerts.write(partial(self._store.delete, conversation_id)):
                break  # the store refused (a full disk...): what was deleted so far can still be undone
            self._chat.stop(conversation_id)
            deleted.append(conversation_id)
        if not deleted:
            return
        self._pending_delete.extend(deleted)
        for conversation_id in deleted:
            self._window.sidebar.model.refresh_conversation(conversation_id)
        if self._conversation.current_conversation in deleted:
            self._conversation.close_conversation()
            self._window.composer.set_text("")
            next_id = self._window.sidebar.model.conversation_id_at(0)
            if next_id is not None:
                self._conversation.open_conversation(next_id)
        count = len(self._pending_delete)
        undo_keys = QKeySequence(QKeySequence.StandardKey.Undo).toString(
            QKeySequence.SequenceFormat.NativeText
        )
        self._undo_bar.offer(partial(self._deleted_text, count), undo_keys)

    def _deleted_text(self, count: int) -> str:
        if count == 1:
            return self.tr("Conversation deleted.")
        return self.tr("%n conversations deleted.", "", count)

    def undo_delete(self) -> bool:
        """Bring back what the undo bar offers (every conversation deleted since it appeared)."""
        if not self._pending_delete:
            return False
        restored: list[int] = []
        for conversation_id in self._pending_delete:
            if not self._alerts.write(partial(self._store.restore, conversation_id)):
                break  # the rest stays pending: Undo can try again, and the purge happens as planned
            restored.append(conversation_id)
        self._pending_delete = [c for c in self._pending_delete if c not in restored]
        if not restored:
            return False
        if not self._pending_delete:
            self._undo_bar.withdraw()
        self._window.sidebar.model.reload()
        self._conversation.open_conversation(restored[0])
        self._window.sidebar.select(restored[0])
        self._window.status_line.showMessage(self.tr("%n conversation(s) restored.", "", len(restored)), 3000)
        return True

    def purge_pending_delete(self) -> None:
        """Delete for good what the undo bar still offers to bring back (at quit)."""
        self._undo_bar.withdraw()
        self._purge_pending_delete()

    def _purge_pending_delete(self) -> None:
        pending, self._pending_delete = self._pending_delete, []
        for conversation_id in pending:
            # If a purge fails the conversation stays hidden (deleted) and is purged another time.
            self._alerts.write(partial(self._store.purge, conversation_id))

    def copy_last_answer(self) -> bool:
        """Copy the open conversation's last answer as its Copy button does; False if there is none.

        The answer still arriving counts (what has arrived so far); an answer that is only an image puts the
        image itself on the clipboard, never a ``gd-image:`` link.
        """
        if not self._window.transcript.copy_last_answer():
            self._window.status_line.showMessage(self.tr("There is no answer to copy yet."), 3000)
            return False
        self._window.status_line.showMessage(self.tr("Answer copied."), 3000)
        return True

    def _on_pin(self, conversation_id: int, pinned: bool) -> None:
        if not self._alerts.write(lambda: self._store.set_pinned(conversation_id, pinned)):
            return
        self._window.sidebar.model.refresh_conversation(conversation_id)
        self._window.sidebar.select(self._conversation.current_conversation)

    def search_hit(self, conversation_id: int) -> int | None:
        """The message the shown search results found in ``conversation_id`` (None: title hit, no search)."""
        return None if self._hits is None else self._hits.get(conversation_id)

    def _on_search(self, query: str) -> None:
        if query:
            # Off the GUI thread: a long history's search takes long enough to be felt at every key.
            self._search.search(query, lambda ticket, result: self._searched.emit(ticket, (query, result)))
            return
        self._search.cancel()  # a result still on its way would replace the list
        self._hits = None
        self._window.sidebar.model.reload()
        self._window.sidebar.select(self._conversation.current_conversation)

    def _on_searched(self, ticket: int, found: tuple[str, list[SearchHit] | StoreError]) -> None:
        if ticket != self._search.latest:
            return  # another query was typed meanwhile, or the search cleared: its result comes (or came)
        query, result = found
        if isinstance(result, StoreError):  # a read that failed: said where it does not stop the typing
            self._window.status_line.set_state(core_text(result.message))
            return
        self._hits = {}
        for hit in result:
            if hit.message_id is not None:
                self._hits.setdefault(hit.conversation_id, hit.message_id)
        self._window.sidebar.model.show_search_results(result, query)
        self._window.sidebar.select(self._conversation.current_conversation)

    def _on_model_chosen(self, model: str) -> None:
        current = self._conversation.current_conversation
        if current is not None:
            self._alerts.write(lambda: self._store.set_model(current, model))
        self._defaults.model = model
