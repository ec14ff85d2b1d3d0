"""Connects the main window's widgets to the store and the chat controller."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from app.core.chat.attachments import Attachment, attachment_part, estimate_request_bytes
from app.core.chat.generation import GenerationSettings
from app.core.chat.history import build_contents, user_parts
from app.core.chat.titles import fallback_title
from app.core.store.conversations import ConversationStore
from app.core.store.db import StoreError
from app.core.store.records import Message
from app.core.store.search import SearchIndex
from app.qt.controllers.chat_controller import ChatController
from app.qt.controllers.reply_presenter import ReplyPresenter
from app.qt.controllers.stream_status import StreamStatus
from app.qt.dialogs.discard_confirm import confirm_discarding
from app.qt.main_window import MainWindow
from app.qt.widgets.copied_note import COPIED_NOTE_MS

DRAFT_SAVE_DELAY_MS = 1000
UNDO_SECONDS = 8


class WindowController(QObject):
    """The presenter of the main window: which conversation is open and what the transcript shows.

    Args:
        window: The passive main window.
        store: Conversations and messages.
        search: Full-text search over them.
        chat: Owns the reply streams.
        default_model: Model for new conversations.
        default_settings: Generation settings for new conversations.
        lang: ``en`` or ``zh``: the language of notices from the core.
    """

    conversation_opened = Signal(int)

    def __init__(
        self,
        window: MainWindow,
        store: ConversationStore,
        search: SearchIndex,
        chat: ChatController,
        *,
        default_model: str,
        default_settings: dict[str, Any],
        lang: str,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._store = store
        self._search = search
        self._chat = chat
        self._default_model = default_model
        self._default_settings = default_settings
        self._current: int | None = None
        self._editing_message: int | None = None
        # What the composer held when editing began: it is the draft while editing, and comes back after.
        self._draft_before_edit = ""
        # Conversation id -> the reply whose Regenerate was clicked while it streamed (asked again on stop).
        self._regenerate_after_stop: dict[int, int] = {}
        # Files attached but not yet sent, per conversation (kept in memory only, like an open tab).
        self._unsent_attachments: dict[int, list[Attachment]] = {}
        self._pending_delete: int | None = None
        # The last "cannot write the chat history" problem (message, hint), for an answer that was not saved.
        self._storage_problem = ("", "")
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.timeout.connect(self._purge_pending_delete)
        # The draft is written a moment after typing stops, so a crash loses at most that moment of typing.
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_SAVE_DELAY_MS)
        self._draft_timer.timeout.connect(self._save_draft)
        self._lang = lang
        self._replies = ReplyPresenter(window.transcript, store, lang=lang, parent=self)
        self._status = StreamStatus(
            window.status_line, store, chat.is_streaming, lambda: self._current, lang, parent=self
        )
        self._connect()

    @property
    def current_conversation(self) -> int | None:
        """The open conversation's id."""
        return self._current

    def set_default_settings(self, settings: dict[str, Any]) -> None:
        """Generation settings used for new conversations (from the app settings)."""
        self._default_settings = dict(settings)

    def set_default_model(self, model: str) -> None:
        """Model used for new conversations (from the settings)."""
        self._default_model = model

    # --- wiring -------------------------------------------------------------------------------------------

    def _connect(self) -> None:
        sidebar, composer, transcript = self._window.sidebar, self._window.composer, self._window.transcript
        sidebar.new_requested.connect(self._on_new_requested)
        self._window.undo_requested.connect(self.undo_delete)
        self._window.copy_last_answer_requested.connect(self.copy_last_answer)
        sidebar.selected.connect(self.open_conversation)
        sidebar.rename_requested.connect(sidebar.start_rename)
        sidebar.pin_requested.connect(self._on_pin)
        sidebar.delete_requested.connect(self.delete_conversation)
        sidebar.search_changed.connect(self._on_search)
        composer.send_requested.connect(self._on_send)
        composer.stop_requested.connect(self._on_stop)
        composer.editor.textChanged.connect(self._draft_timer.start)
        self._window.model_picker.model_chosen.connect(self._on_model_chosen)
        transcript.retry_requested.connect(self._on_retry)
        transcript.regenerate_requested.connect(self._on_retry)
        transcript.edit_requested.connect(self._on_edit)
        transcript.copied.connect(lambda text: self._window.status_line.showMessage(text, COPIED_NOTE_MS))
        self._chat.reply_started.connect(self._on_reply_started)
        self._chat.text_received.connect(self._on_text)
        self._chat.thought_received.connect(self._on_thought)
        self._chat.event_received.connect(self._on_event)
        self._chat.reply_finished.connect(self._on_reply_finished)
        self._chat.messages_changed.connect(self._on_messages_changed)
        self._chat.streaming_changed.connect(self._on_streaming_changed)
        self._chat.retrying.connect(self._status.retrying)
        self._chat.send_refused.connect(self._window.status_line.set_state)
        self._chat.settings_adjusted.connect(self._status.say)
        self._chat.storage_failed.connect(self._on_storage_failed)
        self._window.sidebar.model.write_failed.connect(self._report_store_error)

    # --- conversations ------------------------------------------------------------------------------------

    def new_conversation(self) -> int | None:
        """Create an empty conversation with the default model and open it; None if it cannot be stored."""
        self._save_draft()
        try:
            conversation = self._store.create("", self._default_model, self._default_settings)
        except StoreError as error:
            self._report_store_error(error)
            return None
        self._window.sidebar.search.clear()
        self._window.sidebar.model.reload()
        self.open_conversation(conversation.id)
        self._window.composer.editor.setFocus()
        return conversation.id

    def _on_new_requested(self) -> None:
        """New (button, Ctrl+N): a still blank open conversation is the new one (no pile of empties)."""
        if self._current is not None and self._is_blank(self._current):
            self._window.sidebar.search.clear()
            self._window.composer.editor.setFocus()
            return
        self.new_conversation()

    def discard_if_blank(self, conversation_id: int) -> None:
        """Purge ``conversation_id`` if it is open and still blank (no message, nothing typed or attached)."""
        if conversation_id != self._current or not self._is_blank(conversation_id):
            return
        if not self._write(lambda: self._store.purge(conversation_id)):
            return
        self._current = None
        self._window.transcript.clear_transcript()
        self._window.sidebar.model.reload()
        self._window.sidebar.select(None)

    def _is_blank(self, conversation_id: int) -> bool:
        composer = self._window.composer
        return (
            self._store.count_messages(conversation_id) == 0  # not every message: New is a click away
            and not composer.text().strip()
            and not composer.attachments()
        )

    def open_conversation(self, conversation_id: int) -> None:
        """Show a conversation: its messages, draft, model and streaming state."""
        if conversation_id == self._current:
            return
        self._save_draft()
        conversation = self._store.get(conversation_id)
        if conversation is None:
            return
        self._swap_unsent_attachments(conversation_id)
        self._current = conversation_id
        self._editing_message = None
        self._draft_before_edit = ""
        self._window.sidebar.select(conversation_id)
        self._window.model_picker.set_current_model(conversation.model)
        self._window.composer.set_text(conversation.draft)
        self._window.composer.set_streaming(self._chat.is_streaming(conversation_id))
        messages = self._render_transcript()
        self._status.show_conversation(conversation_id, conversation.model, messages)
        self.conversation_opened.emit(conversation_id)

    def _swap_unsent_attachments(self, conversation_id: int) -> None:
        composer = self._window.composer
        if self._current is None:
            return  # files attached before any conversation existed go to the one being opened
        pending = composer.attachments()
        if pending:
            self._unsent_attachments[self._current] = pending
        else:
            self._unsent_attachments.pop(self._current, None)
        composer.restore_attachments(self._unsent_attachments.pop(conversation_id, []))

    def delete_conversation(self, conversation_id: int) -> None:
        """Hide a conversation at once; it is purged only if the user does not undo within a few seconds."""
        self._purge_pending_delete()
        if not self._write(lambda: self._store.delete(conversation_id)):
            return
        self._chat.stop(conversation_id)
        self._pending_delete = conversation_id
        self._window.sidebar.model.refresh_conversation(conversation_id)
        if conversation_id == self._current:
            self._current = None
            self._window.transcript.clear_transcript()
            self._window.composer.set_text("")
            self._window.status_line.show_reply_figures({})  # they described the deleted conversation
            next_id = self._window.sidebar.model.conversation_id_at(0)
            if next_id is not None:
                self.open_conversation(next_id)
        self._window.status_line.showMessage(
            self.tr("Conversation deleted. Press Ctrl+Z to undo."), UNDO_SECONDS * 1000
        )
        self._undo_timer.start(UNDO_SECONDS * 1000)

    def undo_delete(self) -> bool:
        """Bring back the conversation deleted last, if the undo time has not run out."""
        if self._pending_delete is None:
            return False
        conversation_id = self._pending_delete
        if not self._write(lambda: self._store.restore(conversation_id)):
            return False  # still pending: Ctrl+Z can try again, and the purge happens as planned
        self._pending_delete = None
        self._undo_timer.stop()
        self._window.sidebar.model.reload()
        self.open_conversation(conversation_id)
        self._window.status_line.showMessage(self.tr("Conversation restored."), 3000)
        return True

    def copy_last_answer(self) -> bool:
        """Put the open conversation's last answer (its Markdown) on the clipboard; False if there is none."""
        text = ""
        if self._current is not None:
            live = self._chat.live_reply(self._current)
            answers = [m for m in self._store.list_messages(self._current) if m.role == "model" and m.text]
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

    def purge_pending_delete(self) -> None:
        """Delete for good the conversation still waiting for its undo time to run out (at quit)."""
        self._undo_timer.stop()
        self._purge_pending_delete()

    def _purge_pending_delete(self) -> None:
        if self._pending_delete is not None:
            pending, self._pending_delete = self._pending_delete, None
            # If the purge fails the conversation stays hidden (deleted) and is purged another time.
            self._write(lambda: self._store.purge(pending))

    def _on_pin(self, conversation_id: int, pinned: bool) -> None:
        if not self._write(lambda: self._store.set_pinned(conversation_id, pinned)):
            return
        self._window.sidebar.model.refresh_conversation(conversation_id)
        self._window.sidebar.select(self._current)

    def _on_search(self, query: str) -> None:
        model = self._window.sidebar.model
        if query:
            model.show_search_results(self._search.search(query))
        else:
            model.reload()
        self._window.sidebar.select(self._current)

    def _on_model_chosen(self, model: str) -> None:
        current = self._current
        if current is not None:
            self._write(lambda: self._store.set_model(current, model))
        self._default_model = model

    def save_draft(self, keep_without_conversation: bool = False) -> None:
        """Keep the composer's text as the open conversation's draft.

        Args:
            keep_without_conversation: With no conversation open, start one to hold the text (at quit, so
                a prompt typed before the first message is there at the next start).
        """
        text = self._window.composer.text()
        if self._current is None and keep_without_conversation and text.strip():
            try:
                conversation = self._store.create("", self._default_model, self._default_settings)
                self._store.set_draft(conversation.id, text)
            except StoreError as error:
                self._report_store_error(error)
            return
        self._save_draft()

    def _save_draft(self) -> None:
        self._draft_timer.stop()
        if self._current is None:
            return
        conversation = self._store.get(self._current)
        text = self._window.composer.text() if self._editing_message is None else self._draft_before_edit
        if conversation is not None and conversation.deleted_at is None and conversation.draft != text:
            try:
                self._store.set_draft(self._current, text)
            except StoreError as error:
                self._report_store_error(error)

    # --- sending ------------------------------------------------------------------------------------------

    def _on_send(self, text: str) -> None:
        if self._current is None:
            if self.new_conversation() is None:
                return  # the prompt stays in the composer
            # Opening the new conversation loaded its empty draft; keep the prompt in case the size
            # question below is answered with Cancel.
            self._window.composer.set_text(text)
        conversation_id = self._current
        assert conversation_id is not None
        conversation = self._store.get(conversation_id)
        if conversation is not None:
            model = self._window.model_picker.current_model() or conversation.model or self._default_model
            if model != conversation.model and not self._write(
                lambda: self._store.set_model(conversation_id, model)
            ):
                return
        composer = self._window.composer
        attachments = composer.attachments()
        parts = [attachment_part(attachment) for attachment in attachments]
        names = [attachment.name for attachment in attachments]
        editing = self._editing_message
        # After sending, the composer gets back what it held before an edit began (empty otherwise).
        draft_after = self._draft_before_edit if editing is not None else ""
        history = history_all = self._store.list_messages(conversation_id)
        edited = self._store.get_message(editing) if editing is not None else None
        if editing is not None and (edited is None or edited.conversation_id != conversation_id):
            # The message being edited is gone (a regenerate or an edit above it removed it): send the text
            # as a new message rather than refuse it.
            editing = None
            self._editing_message = None
            self._window.status_line.set_state(
                self.tr("The message being edited no longer exists; this is sent as a new message.")
            )
        if edited is not None and editing is not None:
            history = [message for message in history if message.position <= edited.position]
        # The whole request counts: a long conversation with images is resent with every message.
        estimate = estimate_request_bytes({"contents": build_contents(history)})
        estimate += estimate_request_bytes(user_parts(text, parts))

        def send_now() -> None:
            if self._current != conversation_id:
                return
            if editing is not None:
                started = self._chat.edit_and_resend(conversation_id, editing, text, parts, names)
            else:
                started = self._chat.send(conversation_id, text, parts, names)
            if not started:
                return
            self._editing_message = None
            self._draft_before_edit = ""
            composer.clear_attachments()
            composer.set_text(draft_after)
            try:
                self._store.set_draft(conversation_id, draft_after)
                if conversation is not None and not conversation.title:
                    title = fallback_title(text) or fallback_title(names[0] if names else "")
                    self._store.rename(conversation_id, title, is_auto=True)
            except StoreError as error:  # the message itself was stored: only the bookkeeping failed
                self._report_store_error(error)
            self._window.sidebar.model.refresh_conversation(conversation_id)
            self._window.sidebar.select(conversation_id)

        # Sends at once, or after the user agrees to lose later messages (an edit high up in the
        # conversation) and to a request gateways may refuse as too large.
        later = 0
        if edited is not None and editing is not None:
            later = self._messages_after(conversation_id, edited.position)
            following = [m for m in history_all if m.position > edited.position][:1]
            if following and following[0].role == "model":
                later -= 1  # its own answer is replaced anyway: that is what editing means

        def check_size_then_send() -> None:
            composer.attachment_loader.confirm_request_size(estimate, send_now)

        confirm_discarding(
            self._window,
            later,
            self.tr(
                "Sending this edit deletes everything after its answer. Messages that would be deleted: {0}."
            ).format(later),
            self.tr("Send"),
            check_size_then_send,
        )

    def _on_stop(self) -> None:
        if self._current is None:
            return
        if self._chat.is_streaming(self._current):
            self._chat.stop(self._current)
        elif self._editing_message is not None:
            self.cancel_edit()

    def cancel_edit(self) -> None:
        """Leave editing a sent message: the composer gets back what it held before."""
        if self._editing_message is None:
            return
        self._editing_message = None
        self._window.composer.set_text(self._draft_before_edit)
        self._draft_before_edit = ""
        self._window.status_line.set_state(self.tr("Editing cancelled."))

    def _on_retry(self, message_id: int) -> None:
        conversation_id = self._current
        if conversation_id is None:
            return
        if self._chat.is_streaming(conversation_id):
            # Regenerate on an answer still arriving: stop it, then ask again once what arrived is stored.
            self._regenerate_after_stop[conversation_id] = message_id
            self._chat.stop(conversation_id)
            return
        reply = self._store.get_message(message_id)
        later = self._messages_after(conversation_id, reply.position) if reply is not None else 0

        def regenerate() -> None:
            if self._current == conversation_id and not self._chat.is_streaming(conversation_id):
                self._chat.regenerate(conversation_id, message_id)

        confirm_discarding(
            self._window,
            later,
            self.tr(
                "Asking again for this answer deletes everything after it. "
                "Messages that would be deleted: {0}."
            ).format(later),
            self.tr("Regenerate"),
            regenerate,
        )

    def _messages_after(self, conversation_id: int, position: int) -> int:
        return sum(1 for m in self._store.list_messages(conversation_id) if m.position > position)

    def _on_edit(self, message_id: int) -> None:
        message = self._store.get_message(message_id)
        if message is None or message.role != "user" or self._current is None:
            return
        if self._chat.is_streaming(self._current):
            return
        if self._editing_message is None:
            self._draft_before_edit = self._window.composer.text()
        self._editing_message = message_id
        self._window.composer.set_text(message.text)
        self._window.composer.editor.setFocus()
        self._window.status_line.set_state(
            self.tr("Editing a sent message: send to replace it and ask again, or press Esc to cancel.")
        )

    # --- stream progress ----------------------------------------------------------------------------------

    def _on_reply_started(self, conversation_id: int, message_id: int, model: str) -> None:
        self._status.reply_started(conversation_id, model)
        self._replies.begin_reply(message_id, model, show=conversation_id == self._current)

    def _on_text(self, conversation_id: int, message_id: int, delta: str) -> None:
        self._status.arrived(conversation_id, message_id, self._default_model)
        if conversation_id == self._current:
            self._window.transcript.append_stream(self._replies.visible_text(message_id, delta))

    def _on_thought(self, conversation_id: int, message_id: int, delta: str) -> None:
        self._status.arrived(conversation_id, message_id, self._default_model)
        if conversation_id == self._current:
            self._window.transcript.append_thought(delta)

    def _on_event(self, conversation_id: int, message_id: int, event: object) -> None:
        """Show a non-text part (code, its result, a function call, an image) as it arrives."""
        # Most events (usage figures with every chunk) show nothing; only those that do are worth a snapshot,
        # which joins all the text so far (per event, that grows with the square of the answer).
        if conversation_id != self._current or not self._replies.shows_event(event):
            return
        live = self._chat.live_reply(conversation_id)
        if live is not None and live[0] == message_id:
            self._replies.show_event(message_id, event, live[1].parts)

    def _on_reply_finished(self, conversation_id: int, message_id: int, status: str) -> None:
        self._show_finished_reply(conversation_id, message_id, status)
        regenerate = self._regenerate_after_stop.pop(conversation_id, None)
        if regenerate is not None:
            self._chat.regenerate(conversation_id, regenerate)

    def _show_finished_reply(self, conversation_id: int, message_id: int, status: str) -> None:
        if status == "unsaved":
            # The store holds an outdated copy: keep what streamed on screen rather than redraw from it.
            self._status.finished(conversation_id, None, status)
            self._replies.finish_unsaved(message_id, conversation_id == self._current, *self._storage_problem)
            return
        message = self._store.get_message(message_id)
        self._window.sidebar.model.refresh_conversation(conversation_id)
        self._window.sidebar.select(self._current)
        shown = message if conversation_id == self._current else None
        self._replies.finish_reply(message_id, shown)
        self._status.finished(conversation_id, shown, status)

    def _write(self, write: Callable[[], object]) -> bool:
        """Run one store write; if the store refuses it, tell the user and return False."""
        try:
            write()
        except StoreError as error:
            self._report_store_error(error)
            return False
        return True

    def _report_store_error(self, error: StoreError) -> None:
        self._on_storage_failed(*error.localized(self._lang))

    def _on_storage_failed(self, message: str, hint: str) -> None:
        """The chat history could not be written: say so where it cannot be missed, without blocking."""
        self._storage_problem = (message, hint)
        self._window.status_line.set_state(message)
        for earlier in self._window.findChildren(QMessageBox, "storageError"):
            earlier.close()  # one at a time: the newest says what failed last
        box = QMessageBox(self._window)
        box.setObjectName("storageError")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Cannot save"))
        box.setText(message)
        box.setInformativeText(hint)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.finished.connect(box.deleteLater)
        box.open()  # never exec(): streams keep running

    def _on_messages_changed(self, conversation_id: int) -> None:
        if conversation_id == self._current:
            self._render_transcript()

    def _on_streaming_changed(self, conversation_id: int, streaming: bool) -> None:
        if conversation_id == self._current:
            self._window.composer.set_streaming(streaming)

    # --- rendering ----------------------------------------------------------------------------------------

    def _render_transcript(self) -> list[Message]:
        """Show the open conversation; returns its messages (read once: a long one is megabytes)."""
        if self._current is None:
            self._window.transcript.clear_transcript()
            return []
        self._chat.save_unsaved()  # the disk may have room again
        messages = self._store.list_messages(self._current)
        replies = ((m.id, self._chat.unsaved_reply(m.id)) for m in messages if m.role == "model")
        unsaved = {message_id: snapshot for message_id, snapshot in replies if snapshot is not None}
        self._replies.show_conversation(messages, self._chat.live_reply(self._current), unsaved)
        return messages

    def generation_settings(self) -> GenerationSettings:
        """The open conversation's generation settings."""
        conversation = self._store.get(self._current) if self._current is not None else None
        return GenerationSettings.from_dict(conversation.settings if conversation else None)
