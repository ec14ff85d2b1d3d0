"""Connects the main window's widgets to the store and the chat controller."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from app.core.chat.attachments import attachment_part, attachments_markdown, estimate_request_bytes
from app.core.chat.display import (
    DisplayLabels,
    decode_image_part,
    image_data,
    image_key,
    parse_image_key,
    part_markdown,
    reply_markdown,
    usage_line,
)
from app.core.chat.generation import GenerationSettings
from app.core.chat.history import build_contents, user_parts
from app.core.chat.replay import snapshot_of
from app.core.chat.titles import fallback_title
from app.core.gemini.events import (
    CodeReceived,
    CodeResultReceived,
    FunctionCallReceived,
    GroundingInfo,
    ImageReceived,
)
from app.core.gemini.finish import Notice, describe_finish
from app.core.store.conversations import ConversationStore
from app.core.store.records import Message
from app.core.store.search import SearchIndex
from app.qt.controllers.chat_controller import ChatController
from app.qt.main_window import MainWindow
from app.qt.render.history_pages import MessageRow
from app.qt.widgets.transcript_view import IMAGE_SCHEME

UNDO_SECONDS = 8

# The raw part key each non-text stream event stands for: the live reply shows that part's snippet.
_EVENT_PARTS: dict[type, str] = {
    CodeReceived: "executableCode",
    CodeResultReceived: "codeExecutionResult",
    FunctionCallReceived: "functionCall",
    ImageReceived: "inlineData",
}


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
        self._lang = lang
        self._current: int | None = None
        self._editing_message: int | None = None
        self._pending_delete: int | None = None
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.timeout.connect(self._purge_pending_delete)
        # Live reply id -> index of the first part not shown yet (non-text parts are shown one by one).
        self._stream_parts: dict[int, int] = {}
        self._display_labels = self._make_display_labels()
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
        sidebar.new_requested.connect(self.new_conversation)
        self._window.undo_requested.connect(self.undo_delete)
        sidebar.selected.connect(self.open_conversation)
        sidebar.rename_requested.connect(sidebar.start_rename)
        sidebar.pin_requested.connect(self._on_pin)
        sidebar.delete_requested.connect(self.delete_conversation)
        sidebar.search_changed.connect(self._on_search)
        composer.send_requested.connect(self._on_send)
        composer.stop_requested.connect(self._on_stop)
        self._window.model_picker.model_chosen.connect(self._on_model_chosen)
        transcript.retry_requested.connect(self._on_retry)
        transcript.regenerate_requested.connect(self._on_retry)
        transcript.edit_requested.connect(self._on_edit)
        self._chat.reply_started.connect(self._on_reply_started)
        self._chat.text_received.connect(self._on_text)
        self._chat.thought_received.connect(self._on_thought)
        self._chat.event_received.connect(self._on_event)
        transcript.set_image_provider(self._load_image)
        self._chat.reply_finished.connect(self._on_reply_finished)
        self._chat.messages_changed.connect(self._on_messages_changed)
        self._chat.streaming_changed.connect(self._on_streaming_changed)
        self._chat.retrying.connect(self._on_retrying)
        self._chat.send_refused.connect(self._window.status_line.set_state)

    # --- conversations ------------------------------------------------------------------------------------

    def new_conversation(self) -> int:
        """Create an empty conversation with the default model and open it."""
        self._save_draft()
        conversation = self._store.create("", self._default_model, self._default_settings)
        self._window.sidebar.search.clear()
        self._window.sidebar.model.reload()
        self.open_conversation(conversation.id)
        self._window.composer.editor.setFocus()
        return conversation.id

    def open_conversation(self, conversation_id: int) -> None:
        """Show a conversation: its messages, draft, model and streaming state."""
        if conversation_id == self._current:
            return
        self._save_draft()
        conversation = self._store.get(conversation_id)
        if conversation is None:
            return
        self._current = conversation_id
        self._editing_message = None
        self._window.sidebar.select(conversation_id)
        self._window.model_picker.set_current_model(conversation.model)
        self._window.composer.set_text(conversation.draft)
        self._window.composer.set_streaming(self._chat.is_streaming(conversation_id))
        self._render_transcript()
        self.conversation_opened.emit(conversation_id)

    def delete_conversation(self, conversation_id: int) -> None:
        """Hide a conversation at once; it is purged only if the user does not undo within a few seconds."""
        self._purge_pending_delete()
        self._chat.stop(conversation_id)
        self._store.delete(conversation_id)
        self._pending_delete = conversation_id
        self._window.sidebar.model.refresh_conversation(conversation_id)
        if conversation_id == self._current:
            self._current = None
            self._window.transcript.clear_transcript()
            self._window.composer.set_text("")
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
        conversation_id, self._pending_delete = self._pending_delete, None
        self._undo_timer.stop()
        self._store.restore(conversation_id)
        self._window.sidebar.model.reload()
        self.open_conversation(conversation_id)
        self._window.status_line.showMessage(self.tr("Conversation restored."), 3000)
        return True

    def _purge_pending_delete(self) -> None:
        if self._pending_delete is not None:
            self._store.purge(self._pending_delete)
            self._pending_delete = None

    def _on_pin(self, conversation_id: int, pinned: bool) -> None:
        self._store.set_pinned(conversation_id, pinned)
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
        if self._current is not None:
            self._store.set_model(self._current, model)
        self._default_model = model

    def save_draft(self) -> None:
        """Keep the composer's text as the open conversation's draft."""
        self._save_draft()

    def _save_draft(self) -> None:
        if self._current is None:
            return
        conversation = self._store.get(self._current)
        text = self._window.composer.text() if self._editing_message is None else ""
        if conversation is not None and conversation.deleted_at is None and conversation.draft != text:
            self._store.set_draft(self._current, text)

    # --- sending ------------------------------------------------------------------------------------------

    def _on_send(self, text: str) -> None:
        if self._current is None:
            self.new_conversation()
            # Opening the new conversation loaded its empty draft; keep the prompt in case the size
            # question below is answered with Cancel.
            self._window.composer.set_text(text)
        conversation_id = self._current
        assert conversation_id is not None
        conversation = self._store.get(conversation_id)
        if conversation is not None:
            model = self._window.model_picker.current_model() or conversation.model or self._default_model
            if model != conversation.model:
                self._store.set_model(conversation_id, model)
        composer = self._window.composer
        attachments = composer.attachments()
        parts = [attachment_part(attachment) for attachment in attachments]
        names = [attachment.name for attachment in attachments]
        editing = self._editing_message
        history = self._store.list_messages(conversation_id)
        edited = self._store.get_message(editing) if editing is not None else None
        if edited is not None:
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
            composer.set_text("")
            composer.clear_attachments()
            self._store.set_draft(conversation_id, "")
            if conversation is not None and not conversation.title:
                title = fallback_title(text) or fallback_title(names[0] if names else "")
                self._store.rename(conversation_id, title, is_auto=True)
            self._window.sidebar.model.refresh_conversation(conversation_id)
            self._window.sidebar.select(conversation_id)

        # Sends at once, or after the user confirms a request gateways may refuse as too large.
        composer.attachment_loader.confirm_request_size(estimate, send_now)

    def _on_stop(self) -> None:
        if self._current is not None:
            self._chat.stop(self._current)

    def _on_retry(self, message_id: int) -> None:
        if self._current is not None:
            self._chat.regenerate(self._current, message_id)

    def _on_edit(self, message_id: int) -> None:
        message = self._store.get_message(message_id)
        if message is None or message.role != "user" or self._current is None:
            return
        if self._chat.is_streaming(self._current):
            return
        self._editing_message = message_id
        self._window.composer.set_text(message.text)
        self._window.composer.editor.setFocus()
        self._window.status_line.set_state(
            self.tr("Editing a sent message: send to replace it and ask again.")
        )

    # --- stream progress ----------------------------------------------------------------------------------

    def _on_reply_started(self, conversation_id: int, message_id: int, model: str) -> None:
        self._window.status_line.set_state(self.tr("Waiting for {0}…").format(model))
        self._stream_parts[message_id] = 0
        if conversation_id == self._current:
            self._window.transcript.begin_stream(message_id, self._model_header(model))

    def _on_text(self, conversation_id: int, _message_id: int, delta: str) -> None:
        if conversation_id == self._current:
            self._window.transcript.append_stream(delta)

    def _on_thought(self, conversation_id: int, _message_id: int, delta: str) -> None:
        if conversation_id == self._current:
            self._window.transcript.append_thought(delta)

    def _on_event(self, conversation_id: int, message_id: int, event: object) -> None:
        """Show a non-text part (code, its result, a function call, an image) as it arrives.

        The part is taken from the live snapshot, not rebuilt from the event, so the snippet is exactly the
        one ``reply_markdown`` gives the stored reply.
        """
        kind = _EVENT_PARTS.get(type(event))
        live = self._chat.live_reply(conversation_id)
        if kind is None or conversation_id != self._current or live is None or live[0] != message_id:
            return
        parts = live[1].parts
        start = self._stream_parts.get(message_id, 0)
        index = next((i for i in range(start, len(parts)) if kind in parts[i]), None)
        if index is None:
            return
        self._stream_parts[message_id] = index + 1
        transcript = self._window.transcript
        if kind == "inlineData":
            self._register_image(message_id, parts, index)
        snippet = part_markdown(
            parts, index, image_ref=lambda i: image_key(message_id, i), labels=self._display_labels
        )
        transcript.append_stream(snippet)

    def _on_retrying(self, conversation_id: int, attempt: int, delay: float, reason: str) -> None:
        if conversation_id == self._current:
            self._window.status_line.set_state(
                self.tr("Retrying in {0:.0f} s (attempt {1}): {2}").format(delay, attempt, reason)
            )

    def _on_reply_finished(self, conversation_id: int, message_id: int, status: str) -> None:
        self._stream_parts.pop(message_id, None)
        message = self._store.get_message(message_id)
        self._window.sidebar.model.refresh_conversation(conversation_id)
        self._window.sidebar.select(self._current)
        if conversation_id != self._current or message is None:
            return
        transcript = self._window.transcript
        notice = self._notice_text(message)
        transcript.end_stream(
            message.status,
            notice,
            markdown=self._reply_markdown(message),
            footer=usage_line(message.meta, labels=self._display_labels),
        )
        if message.status == "error" and message.error:
            title, detail = self._error_texts(message.error)
            transcript.show_error(message.id, title, detail, True)
        self._window.status_line.show_reply_figures(message.meta)
        self._window.status_line.set_state(self._status_text(status))

    def _on_messages_changed(self, conversation_id: int) -> None:
        if conversation_id == self._current:
            self._render_transcript()

    def _on_streaming_changed(self, conversation_id: int, streaming: bool) -> None:
        if conversation_id == self._current:
            self._window.composer.set_streaming(streaming)

    # --- rendering ----------------------------------------------------------------------------------------

    def _render_transcript(self) -> None:
        transcript = self._window.transcript
        if self._current is None:
            transcript.clear_transcript()
            return
        live = self._chat.live_reply(self._current)
        messages = self._store.list_messages(self._current)
        rows = []
        errors: list[tuple[int, str, str]] = []
        for message in messages:
            if live is not None and message.id == live[0]:
                continue
            rows.append(self._row(message))
            if message.status == "error" and message.error:
                errors.append((message.id, *self._error_texts(message.error)))
        transcript.set_messages(rows)
        for message_id, title, detail in errors:
            transcript.show_error(message_id, title, detail, True)
        if live is not None:
            message_id, snapshot = live
            reply = self._store.get_message(message_id)
            model = reply.meta.get("model", "") if reply is not None else ""
            transcript.begin_stream(message_id, self._model_header(str(model)))
            if snapshot.thoughts:
                transcript.append_thought(snapshot.thoughts)
            for index in range(len(snapshot.parts)):
                self._register_image(message_id, snapshot.parts, index)
            self._stream_parts[message_id] = len(snapshot.parts)
            transcript.append_stream(
                reply_markdown(
                    snapshot.parts,
                    image_ref=lambda i: image_key(message_id, i),
                    labels=self._display_labels,
                )
            )

    def _row(self, message: Message) -> MessageRow:
        if message.role == "user":
            # Attachments show above the text: image thumbnails (served by the transcript) and chips.
            def key_of(index: int) -> str:
                return f"m{message.id}-p{index}"

            # The transcript's image provider decodes the image parts lazily under these keys.
            chips = attachments_markdown(
                message.parts, key_of, message.meta.get("attachment_names", ()), IMAGE_SCHEME
            )
            text = f"{chips}\n\n{message.text}" if chips and message.text else chips or message.text
            return (message.id, "user", text, "", message.status, None)
        model = str(message.meta.get("model", ""))
        return (
            message.id,
            "model",
            self._reply_markdown(message),
            self._model_header(model),
            message.status,
            self._notice_text(message),
            snapshot_of(message).thoughts,
            usage_line(message.meta, labels=self._display_labels),
        )

    def _reply_markdown(self, message: Message) -> str:
        """What a stored reply shows: its parts (images by key) and its grounding."""
        grounding = message.meta.get("grounding")
        return reply_markdown(
            message.parts,
            GroundingInfo.from_metadata(grounding) if isinstance(grounding, dict) else None,
            image_ref=lambda i: image_key(message.id, i),
            labels=self._display_labels,
        )

    def _register_image(self, message_id: int, parts: list[dict[str, Any]], index: int) -> None:
        """Decode a live reply's image part now, so the transcript shows it in the same frame."""
        if image_data(parts[index]) is None:
            return
        data = decode_image_part(parts, index)
        image = QImage.fromData(data) if data else QImage()
        if not image.isNull():
            self._window.transcript.add_image_resource(image_key(message_id, index), image)

    def _load_image(self, key: str) -> QImage | None:
        """Decode the image of a stored message when the transcript first shows it (lazily, per row)."""
        ids = parse_image_key(key)
        message = self._store.get_message(ids[0]) if ids is not None else None
        if ids is None or message is None:
            return None
        data = decode_image_part(message.parts, ids[1])
        image = QImage.fromData(data) if data else QImage()
        return None if image.isNull() else image

    def _make_display_labels(self) -> DisplayLabels:
        return DisplayLabels(
            code=self.tr("Code"),
            output=self.tr("Output"),
            failed=self.tr("Failed"),
            timed_out=self.tr("Timed out"),
            result=self.tr("Result ({0})"),
            function_call=self.tr("Function call: {0}"),
            image=self.tr("image {0}"),
            sources=self.tr("Sources"),
            search_suggestions=self.tr("Search suggestions"),
            usage_prompt=self.tr("prompt {0}"),
            usage_answer=self.tr("answer {0}"),
            usage_thoughts=self.tr("thoughts {0}"),
            usage_cached=self.tr("cached {0}"),
            first_token=self.tr("first token {0:.2f} s"),
            tokens_per_second=self.tr("{0:g} tok/s"),
        )

    def _model_header(self, model: str) -> str:
        return model

    def _notice_text(self, message: Message) -> str | None:
        if message.role != "model" or message.status == "error":
            return None
        if message.status == "stopped":
            return self.tr("Stopped. The answer so far is kept.")
        notice: Notice | None = describe_finish(snapshot_of(message), self._lang)
        return None if notice is None else f"{notice.title}: {notice.detail}"

    def _error_texts(self, error: dict[str, Any]) -> tuple[str, str]:
        suffix = "zh" if self._lang == "zh" else "en"
        title = str(error.get(f"title_{suffix}") or error.get("title_en") or self.tr("Error"))
        detail = str(error.get(f"message_{suffix}") or error.get("message_en") or "")
        return title, detail

    def _status_text(self, status: str) -> str:
        return {
            "complete": self.tr("Ready."),
            "stopped": self.tr("Stopped."),
            "interrupted": self.tr("The answer was cut off."),
            "error": self.tr("The request failed."),
        }.get(status, "")

    def generation_settings(self) -> GenerationSettings:
        """The open conversation's generation settings."""
        conversation = self._store.get(self._current) if self._current is not None else None
        return GenerationSettings.from_dict(conversation.settings if conversation else None)
