"""Sending a message, an edit or Regenerate (after the size prompt); nothing earlier is ever deleted."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from app.core.chat.attachments import attachment_part, estimate_request_bytes, sent_attachments
from app.core.chat.history import user_parts
from app.core.chat.request import build_request
from app.core.chat.titles import fallback_title
from app.core.store.db import StoreError
from app.qt.controllers.attachment_controller import AttachmentController
from app.qt.controllers.conversation_actions import ConversationActions
from app.qt.controllers.draft_keeper import DraftKeeper
from app.qt.controllers.window_parts import WindowParts


class SendFlow(QObject):
    """Turns Send, Stop, Edit, Retry and Regenerate into the chat controller's intents.

    Args:
        parts: The window, store, chat (it starts and stops the replies), open conversation, and the model
            of a conversation that has none.
        actions: Starts a conversation for a message sent with none open.
        drafts: The draft, and the sent message being edited.
        attachments: Asks before sending a request too large for most gateways.
        several_models: The models a new question goes to at once ([]: the conversation's model alone).
        parent: The owner.
    """

    def __init__(
        self,
        parts: WindowParts,
        actions: ConversationActions,
        drafts: DraftKeeper,
        attachments: AttachmentController,
        several_models: Callable[[], list[str]] = list,
        *,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._several_models = several_models
        window = self._window = parts.window
        self._store = parts.store
        chat = self._chat = parts.chat
        self._conversation = parts.conversation
        self._defaults = parts.defaults
        self._actions = actions
        self._drafts = drafts
        self._attachments = attachments
        self._alerts = parts.alerts
        # Conversation id -> the reply whose Regenerate was clicked while it streamed (asked again on stop).
        self._regenerate_after_stop: dict[int, int] = {}
        # Conversation id -> the question whose Edit was clicked while its answer streamed (edited on stop).
        self._edit_after_stop: dict[int, int] = {}
        window.composer.send_requested.connect(self._on_send)
        window.composer.stop_requested.connect(self._on_stop)
        window.composer.cancel_edit_requested.connect(self._on_cancel_edit_clicked)
        window.transcript.retry_requested.connect(self._on_retry)
        window.transcript.regenerate_requested.connect(self._on_retry)
        window.transcript.edit_requested.connect(self._on_edit)
        window.regenerate_last_requested.connect(self._on_regenerate_last)
        chat.reply_finished.connect(self._on_reply_finished)

    def _on_send(self, text: str) -> None:
        if self._conversation.current_conversation is None:
            if self._actions.new_conversation() is None:
                return  # the prompt stays in the composer
            # Opening the new conversation loaded its empty draft; keep the prompt in case the size
            # question below is answered with Cancel.
            self._window.composer.set_text(text)
        conversation_id = self._conversation.current_conversation
        assert conversation_id is not None
        conversation = self._store.get(conversation_id)
        if conversation is not None:
            model = self._window.model_picker.current_model() or conversation.model or self._defaults.model
            if model != conversation.model and not self._alerts.write(
                lambda: self._store.set_model(conversation_id, model)
            ):
                return
        composer = self._window.composer
        attachments = composer.attachments()
        parts = [attachment_part(attachment) for attachment in attachments]
        names = [attachment.name for attachment in attachments]
        editing = self._drafts.editing_message
        # After sending, the composer gets back what it held before an edit began (empty otherwise).
        draft_after = self._drafts.draft_before_edit if editing is not None else ""
        history = self._store.list_messages(conversation_id)
        edited = self._store.get_message(editing) if editing is not None else None
        if editing is not None and (edited is None or edited.conversation_id != conversation_id):
            # The message being edited is gone (its version was deleted): send the text
            # as a new message rather than refuse it.
            editing = None
            self._drafts.editing_message = None
            self._window.composer.set_editing(False)
            self._window.status_line.set_state(
                self.tr("The message being edited no longer exists; this is sent as a new message.")
            )
        if edited is not None and editing is not None:
            # The edit is a new version of the message: it is asked with the history above the old one.
            history = self._store.path_to(edited.parent_id) if edited.parent_id is not None else []
        # The whole request counts: a long conversation with images is resent with every message.
        estimate = estimate_request_bytes(user_parts(text, parts))
        if conversation is not None:
            estimate += estimate_request_bytes(build_request(conversation, history).body)

        def send_now() -> None:
            if self._conversation.current_conversation != conversation_id:
                return
            several = self._several_models()
            if editing is not None:
                started = self._chat.edit_and_resend(conversation_id, editing, text, parts, names)
            elif several:
                started = self._chat.ask_models(conversation_id, text, several, parts, names)
            else:
                started = self._chat.send(conversation_id, text, parts, names)
            if not started:
                return
            self._window.transcript.follow_end()
            composer.clear_attachments()
            self._drafts.end_edit()  # the files attached before an edit come back
            composer.set_text(draft_after)
            try:
                self._store.set_draft(conversation_id, draft_after)
                if conversation is not None and not conversation.title:
                    title = fallback_title(text) or fallback_title(names[0] if names else "")
                    self._store.rename(conversation_id, title, is_auto=True)
            except StoreError as error:  # the message itself was stored: only the bookkeeping failed
                self._alerts.report(error)
            self._window.sidebar.model.refresh_conversation(conversation_id)
            self._window.sidebar.select(conversation_id)

        # Sends at once, or after the user agrees to a request gateways may refuse as too large.
        self._attachments.confirm_request_size(estimate, send_now)

    def _on_stop(self) -> None:
        current = self._conversation.current_conversation
        if current is None:
            return
        if self._chat.is_streaming(current):
            self._chat.stop(current)
        elif self._drafts.editing_message is not None:
            self.cancel_edit()

    def _on_cancel_edit_clicked(self) -> None:
        self.cancel_edit()
        self._window.composer.editor.setFocus()  # the ✕ had it; typing goes on in the message box

    def cancel_edit(self) -> None:
        """Leave editing a sent message: the composer gets back what it held before."""
        if self._drafts.editing_message is None:
            return
        self._window.composer.set_text(self._drafts.end_edit())
        self._window.status_line.set_state(self.tr("Editing cancelled."))

    def _on_retry(self, message_id: int) -> None:
        conversation_id = self._conversation.current_conversation
        if conversation_id is None:
            return
        if self._chat.is_streaming(conversation_id):
            # Regenerate on an answer still arriving: stop it, then ask again once what arrived is stored.
            self._regenerate_after_stop[conversation_id] = message_id
            self._chat.stop(conversation_id)
            return
        # A new version beside the answer: nothing is lost, so nothing to confirm.
        self._regenerate(conversation_id, message_id)

    def _regenerate(self, conversation_id: int, message_id: int) -> None:
        """Ask again for the answer ``message_id``; the view goes to the new answer and follows it."""
        started = self._chat.regenerate(conversation_id, message_id)
        if started and conversation_id == self._conversation.current_conversation:
            self._window.transcript.follow_end()

    def _on_regenerate_last(self) -> None:
        """The Regenerate shortcut: Regenerate on the conversation's last answer."""
        conversation_id = self._conversation.current_conversation
        if conversation_id is None:
            return
        # The last answer shown: a reply streaming on a version not shown is not the one the user sees.
        live = self._chat.live_reply(conversation_id, self._window.transcript.shown_ids())
        if live is not None:
            self._on_retry(live[0])
            return
        answers = [m for m in self._store.list_messages(conversation_id) if m.role == "model"]
        if answers:
            self._on_retry(answers[-1].id)

    def _on_reply_finished(self, conversation_id: int, _message_id: int, _status: str) -> None:
        regenerate = self._regenerate_after_stop.pop(conversation_id, None)
        if regenerate is not None:
            self._regenerate(conversation_id, regenerate)
        edit = self._edit_after_stop.pop(conversation_id, None)
        if edit is not None and conversation_id == self._conversation.current_conversation:
            self._on_edit(edit)

    def _on_edit(self, message_id: int) -> None:
        message = self._store.get_message(message_id)
        current = self._conversation.current_conversation
        if message is None or message.role != "user" or current is None:
            return
        if self._chat.is_streaming(current):
            # Edit while an answer arrives: stop it, then edit once what arrived is stored (as Regenerate).
            self._edit_after_stop[current] = message_id
            self._chat.stop(current)
            return
        names = message.meta.get("attachment_names")
        self._drafts.begin_edit(
            message_id, sent_attachments(message.parts, names if isinstance(names, list) else [])
        )
        self._window.composer.set_text(message.text)
        self._window.composer.editor.setFocus()
        self._window.status_line.set_state(
            self.tr("Editing a sent message: send to ask it as a new version, or press Esc to cancel.")
        )
