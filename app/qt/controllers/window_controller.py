"""The main window's presenter: which conversation is open, and what the transcript shows of it.

Its parts, one concept each: ``DraftKeeper`` (drafts, unsent attachments, the edit in progress),
``ConversationActions`` (new, delete and undo, pin, search, copy), ``SendFlow`` (send, edit, regenerate,
with their prompts), ``ReplyPresenter`` (the transcript's rows and the live reply, which it follows itself),
``StreamStatus`` (the status line) and ``StorageAlerts`` (refused writes).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from app.core.gemini.events import Snapshot
from app.core.store.conversations import ConversationStore
from app.core.store.records import Message
from app.core.store.search_worker import SearchWorker
from app.core.store.tree import MessageTree, version_numbers
from app.qt.controllers.attachment_controller import AttachmentController
from app.qt.controllers.chat_controller import ChatController
from app.qt.controllers.conversation_actions import ConversationActions
from app.qt.controllers.draft_keeper import DraftKeeper
from app.qt.controllers.parallel_flow import ParallelFlow
from app.qt.controllers.reply_presenter import ReplyPresenter
from app.qt.controllers.send_flow import SendFlow
from app.qt.controllers.storage_alerts import StorageAlerts
from app.qt.controllers.stream_status import StreamStatus
from app.qt.controllers.version_switcher import VersionSwitcher
from app.qt.controllers.window_parts import NewConversationDefaults, WindowParts
from app.qt.main_window import MainWindow
from app.qt.widgets.copied_note import COPIED_NOTE_MS


class WindowController(QObject):
    """Opens conversations in the main window and redraws them as their messages change.

    Args:
        window: The passive main window.
        store: Conversations and messages.
        search: Full-text search over them, on a thread of its own.
        chat: Owns the reply streams.
        attachments: Reads the composer's files; asks before a request too large for most gateways.
        default_model: Model for new conversations.
        default_settings: Generation settings for new conversations.

    Signals:
        conversation_opened(int): Another conversation is shown.
    """

    conversation_opened = Signal(int)

    def __init__(
        self,
        window: MainWindow,
        store: ConversationStore,
        search: SearchWorker,
        chat: ChatController,
        attachments: AttachmentController,
        *,
        default_model: str,
        default_settings: dict[str, Any],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._store = store
        self._chat = chat
        self._current: int | None = None
        #: What new conversations start with; the settings and the model picker change it.
        self.defaults = NewConversationDefaults(default_model, dict(default_settings))
        self._alerts = StorageAlerts(window, parent=self)
        current = self._current_id
        self._status = StreamStatus(
            window.status_line, store, chat, current, lambda: self.defaults.model, parent=self
        )
        self._replies = ReplyPresenter(window.transcript, store, chat, current, parent=self)
        # Connected before the parts: a finished reply is shown before Regenerate asks again.
        chat.reply_finished.connect(self._on_reply_finished)
        chat.messages_changed.connect(self._on_messages_changed)
        chat.streaming_changed.connect(self._on_streaming_changed)
        chat.reply_started.connect(self._on_reply_started)
        chat.send_refused.connect(window.status_line.set_state)
        window.composer.send_held.connect(self._on_send_held)
        chat.storage_failed.connect(self._alerts.show)
        window.sidebar.selected.connect(self.open_conversation)
        window.language_changed.connect(self._on_language_changed)
        window.sidebar.model.write_failed.connect(self._alerts.report)
        window.transcript.copied.connect(lambda text: window.status_line.showMessage(text, COPIED_NOTE_MS))
        window.parallel_replies.copied.connect(
            lambda text: window.status_line.showMessage(text, COPIED_NOTE_MS)
        )
        parts = WindowParts(window, store, chat, self, self.defaults, self._alerts)
        #: Drafts, unsent attachments and the sent message being edited.
        self.drafts = DraftKeeper(parts, parent=self)
        #: New, delete and undo, pin, search, copy the last answer.
        self.actions = ConversationActions(parts, search, self.drafts, parent=self)
        #: Send, edit, regenerate and stop.
        #: Which version of a message is shown.
        self.versions = VersionSwitcher(
            parts, self.actions.search_hit, self.actions.purge_pending_delete, parent=self
        )
        #: Asking several models at once, their answers side by side.
        self.parallel = ParallelFlow(parts, self.versions.show, parent=self)
        self.sending = SendFlow(
            parts, self.actions, self.drafts, attachments, self.parallel.chosen_models, parent=self
        )

    @property
    def current_conversation(self) -> int | None:
        """The open conversation's id."""
        return self._current

    def _current_id(self) -> int | None:
        return self._current

    def open_conversation(self, conversation_id: int) -> None:
        """Show a conversation: its messages, draft, model and streaming state."""
        if conversation_id == self._current:
            return
        self.drafts.save()
        conversation = self._store.get(conversation_id)
        if conversation is None:
            return
        left = self._current
        # A conversation opened with New and left untouched is not kept: empty rows would pile up.
        drop_left = left is not None and self.actions.is_untouched(left)
        self.drafts.switch(self._current, conversation_id)
        self._current = conversation_id
        self._window.sidebar.select(conversation_id)
        self._window.model_picker.set_current_model(conversation.model)
        self._window.composer.set_text(conversation.draft)
        self._window.composer.set_streaming(self._chat.is_streaming(conversation_id))
        messages = self._render_transcript()
        self.parallel.conversation_opened()
        self._status.show_conversation(conversation_id, conversation.model, messages)
        if drop_left and left is not None:
            self.actions.drop_untouched(left)
        self.conversation_opened.emit(conversation_id)

    def close_conversation(self) -> None:
        """Show no conversation (the open one was deleted or discarded): nothing of it stays on screen."""
        self._current = None
        self._window.transcript.clear_transcript()
        # A stream of it may still be ending (stopped a moment ago); its end will not be about the open
        # conversation, so Send, the status line and the side-by-side answers must be idle from now.
        self._window.composer.set_streaming(False)
        self._window.status_line.set_state("")
        self._window.status_line.show_reply_figures({})
        self.parallel.conversation_opened()

    def _on_reply_finished(self, conversation_id: int, message_id: int, status: str) -> None:
        if status == "unsaved":
            # The store holds an outdated copy: keep what streamed on screen rather than redraw from it.
            self._status.finished(conversation_id, message_id, None, status)
            shown = conversation_id == self._current
            self._replies.finish_unsaved(message_id, shown, *self._alerts.last_problem)
            return
        message = self._store.get_message(message_id)
        self._window.sidebar.model.refresh_conversation(conversation_id)
        self._window.sidebar.select(self._current)
        shown_message = message if conversation_id == self._current else None
        self._replies.finish_reply(message_id, shown_message)
        self._status.finished(conversation_id, message_id, shown_message, status)
        if conversation_id == self._current:
            self._mark_hidden_streams()

    def _on_reply_started(self, conversation_id: int, _message_id: int, _model: str) -> None:
        if conversation_id == self._current:
            self._mark_hidden_streams()

    def _mark_hidden_streams(self) -> None:
        """Mark the switchers "‹ n / m ›" that lead to a reply still streaming on a path not shown."""
        if self._current is None:
            return
        live = self._chat.live_models(self._current)
        forks = self._store.tree(self._current).shown_forks_of(live) if live else set()
        self._window.transcript.set_answering_elsewhere(forks)

    def _on_language_changed(self) -> None:
        """Draw the open conversation again in the language just chosen.

        The status line re-words itself: what it shows was given to it as wordings (``StreamStatus``).
        """
        self._replies.refresh_labels()
        self._window.transcript.refresh_labels()
        self._render_transcript()

    def _on_messages_changed(self, conversation_id: int) -> None:
        if conversation_id == self._current:
            self.show_path_changes()

    def show_path_changes(self, tree: MessageTree | None = None) -> None:
        """Redraw the open conversation from the first message of its shown path that is not drawn yet.

        What is above stays as drawn (a new version chosen, a message added): reading the tree's shape is an
        index lookup and only the messages below the change are read and rendered. ``tree`` is the open
        conversation's tree as it now stands, when the caller has it (a choice returns it): not read again.
        """
        if self._current is None:
            return
        if self._replies.shows_unsaved:
            self._render_transcript()  # a reply kept in memory may be saved now: draw it from the store
            return
        self._chat.save_unsaved()  # (it writes replies' contents, never the tree's shape)
        if tree is None:
            tree = self._store.tree(self._current)
        path = tree.selected_path()
        shown = self._window.transcript.shown_ids()
        keep = next(
            (i for i, (a, b) in enumerate(zip(path, shown, strict=False)) if a != b),
            min(len(path), len(shown)),
        )
        if keep == len(path) == len(shown):
            self._mark_hidden_streams()
            return
        if keep == 0:  # nothing in common (a first message, another first version): draw it afresh
            self._render_transcript()
            return
        messages = self._store.messages_by_id(path[keep:])
        live = self._chat.live_reply(self._current, path[keep:])
        if not self._replies.show_path_from(
            keep, messages, live, self._unsaved(messages), version_numbers(tree, path[keep:])
        ):
            self._render_transcript()
        self._mark_hidden_streams()

    def _on_send_held(self, why: str) -> None:
        """Send cannot happen yet: say why; while a tool call waits for the user, say that instead."""
        if self._window.tool_approval.isVisible():
            # The card never takes the focus from the message box (Enter must not allow a call by accident),
            # so a user pressing Enter there is told where the answer is awaited.
            why = self.tr(
                "A tool call is waiting for your answer above the message box: Alt+A allows it once,"
                " Alt+D denies it."
            )
        self._window.status_line.set_state(why)

    def _on_streaming_changed(self, conversation_id: int, _streaming: bool) -> None:
        # The list's "answering" dot, for any conversation (also one answering in the background).
        self._window.sidebar.model.set_streaming(conversation_id, self._chat.is_streaming(conversation_id))
        if conversation_id == self._current:
            # Asked, not taken from the signal: a reply that ends can start the next one (Regenerate or an
            # edit clicked while it streamed) before its own "stopped streaming" arrives here.
            self._window.composer.set_streaming(self._chat.is_streaming(conversation_id))

    def _render_transcript(self) -> list[Message]:
        """Show the open conversation; returns its messages (read once: a long one is megabytes)."""
        if self._current is None:
            self._window.transcript.clear_transcript()
            return []
        self._chat.save_unsaved()  # the disk may have room again
        tree = self._store.tree(self._current)
        path = tree.selected_path()
        messages = self._store.messages_by_id(path)
        live = self._chat.live_reply(self._current, path)
        self._replies.show_conversation(messages, live, self._unsaved(messages), version_numbers(tree, path))
        self._mark_hidden_streams()
        return messages

    def _unsaved(self, messages: list[Message]) -> dict[int, Snapshot]:
        """The replies among ``messages`` the store could not take yet (shown from memory)."""
        replies = ((m.id, self._chat.unsaved_reply(m.id)) for m in messages if m.role == "model")
        return {message_id: snapshot for message_id, snapshot in replies if snapshot is not None}
