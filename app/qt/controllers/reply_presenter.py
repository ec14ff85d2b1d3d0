"""What the transcript shows for stored messages and live replies: rows, snippets, images, notices and errors.

Stored messages become transcript rows: a user's text under their attachments, a reply's parts (images by key,
decoded lazily through the transcript's image provider), grounding, notice and figures line. A live reply's
non-text parts (code, results, function calls, images) are shown one by one as their stream events arrive,
taken from the live snapshot so they read exactly as the stored reply will.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject

from app.core.chat.attachments import attachments_markdown
from app.core.chat.display import (
    image_key,
    part_markdown,
    reply_markdown,
    usage_line,
)
from app.core.chat.replay import snapshot_of
from app.core.chat.tool_display import ToolLabels, is_tool_results, tool_results_markdown
from app.core.chat.tool_loop import stored_tool_notices
from app.core.gemini.events import (
    CodeReceived,
    CodeResultReceived,
    FunctionCallReceived,
    GroundingInfo,
    ImageReceived,
    Snapshot,
)
from app.core.gemini.finish import Notice, describe_finish
from app.core.gemini.model_names import display_name
from app.core.store.conversations import ConversationStore
from app.core.store.error_records import shown_texts
from app.core.store.records import Message
from app.qt.controllers.answer_images import AnswerImages
from app.qt.controllers.chat_controller import ChatController
from app.qt.message_times import message_time
from app.qt.render.display_labels import display_labels
from app.qt.translations import core_catalogue, core_text
from app.qt.widgets.transcript_html import MAX_SHOWN_CHARS
from app.qt.widgets.transcript_view import IMAGE_SCHEME, TranscriptView
from app.render.history_pages import MessageRow
from app.render.markdown import thumbnail_ref

__all__ = ["ReplyPresenter"]

# The raw part key each non-text stream event stands for: the live reply shows that part's snippet.
_EVENT_PARTS: dict[type, str] = {
    CodeReceived: "executableCode",
    CodeResultReceived: "codeExecutionResult",
    FunctionCallReceived: "functionCall",
    ImageReceived: "inlineData",
}


class ReplyPresenter(QObject):
    """Fills the transcript from stored messages and from the live reply's progress.

    It follows the open conversation's live reply itself (started, text, thoughts, other parts), so the
    stream's progress goes from the chat controller to the transcript with nothing in between.

    Args:
        transcript: The view it fills; its image provider is set to decode stored messages' images.
        store: The messages, read for images and for a live reply's model.
        chat: The reply streams it follows.
        current: The open conversation's id, or None: only its live reply is shown.
        parent: The owner.
    """

    def __init__(
        self,
        transcript: TranscriptView,
        store: ConversationStore,
        chat: ChatController,
        current: Callable[[], int | None],
        *,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._transcript = transcript
        self._store = store
        self._chat = chat
        self._current = current
        # Live reply id -> index of the first part not shown yet (non-text parts are shown one by one).
        self._stream_parts: dict[int, int] = {}
        # Live reply id -> characters of its text the transcript shows (at most MAX_SHOWN_CHARS, see there).
        self._shown_chars: dict[int, int] = {}
        # Reply id -> why it could not be stored, for as long as the chat keeps it unsaved in memory.
        self._unsaved_details: dict[int, str] = {}
        # Live reply id -> part index -> the name of an image it sent, until the stored reply has it.
        self.images = AnswerImages(transcript.images, store, parent=self)
        self._labels = display_labels()
        chat.reply_started.connect(self._on_reply_started)
        chat.text_received.connect(self._on_text)
        chat.thought_received.connect(self._on_thought)
        chat.event_received.connect(self._on_event)
        chat.retrying.connect(self._on_retrying)

    def refresh_labels(self) -> None:
        """Word what replies show (code, output, image labels, figures) in the language now installed."""
        self._labels = display_labels()

    def show_conversation(
        self,
        messages: list[Message],
        live: tuple[int, Snapshot] | None,
        unsaved: Mapping[int, Snapshot] | None = None,
        versions: Mapping[int, tuple[int, int]] | None = None,
    ) -> None:
        """Show ``messages`` with their error boxes, and ``live`` (message id, snapshot) still streaming.

        ``unsaved`` holds finished replies the store could not take (message id -> snapshot): they are shown
        from memory, because the store's copy of them is older, with the box saying why. ``versions`` gives
        (number, count) for messages with other versions.
        """
        transcript = self._transcript
        self.images.conversation_shown()  # the images of the conversation shown before go with it
        rows, errors, live = self._rows_and_errors(messages, live, unsaved or {})
        transcript.set_messages(rows, versions)
        self._show_errors_and_live(errors, live)

    @property
    def shows_unsaved(self) -> bool:
        """Whether a reply the store could not take is shown from memory (with a box saying so)."""
        return bool(self._unsaved_details)

    def show_path_from(
        self,
        keep: int,
        messages: list[Message],
        live: tuple[int, Snapshot] | None,
        unsaved: Mapping[int, Snapshot],
        versions: Mapping[int, tuple[int, int]],
    ) -> bool:
        """Keep the first ``keep`` shown messages and redraw below them with ``messages``.

        ``messages`` is the rest of the shown path: another version was chosen, or a message was added.

        Returns:
            False when the change starts above what is rendered: then nothing was done.
        """
        rows, errors, live = self._rows_and_errors(messages, live, unsaved)
        if not self._transcript.replace_from(keep, rows, versions):
            return False
        self._show_errors_and_live(errors, live)
        return True

    def _rows_and_errors(
        self, messages: list[Message], live: tuple[int, Snapshot] | None, unsaved: Mapping[int, Snapshot]
    ) -> tuple[list[MessageRow], list[tuple[int, str, str, bool]], tuple[int, Snapshot] | None]:
        """The rows of ``messages``, their error boxes, and ``live`` if it is among them (else None)."""
        rows = []
        errors: list[tuple[int, str, str, bool]] = []
        shown_live = None
        for message in messages:
            if live is not None and message.id == live[0]:
                shown_live = live
                continue
            snapshot = unsaved.get(message.id)
            if snapshot is not None:
                message = _as_finished(message, snapshot)
                errors.append((message.id, *self._unsaved_box(message.id), False))
            else:
                self._unsaved_details.pop(message.id, None)  # saved since
            rows.append(self._row(message))
            if message.status == "error" and message.error:
                errors.append((message.id, *self.error_texts(message.error), True))
        return rows, errors, shown_live

    def _show_errors_and_live(
        self, errors: list[tuple[int, str, str, bool]], live: tuple[int, Snapshot] | None
    ) -> None:
        transcript = self._transcript
        for message_id, title, detail, retry in errors:
            transcript.show_error(message_id, title, detail, retry)
        if live is None:
            return
        message_id, snapshot = live
        reply = self._store.get_message(message_id)
        model = reply.meta.get("model", "") if reply is not None else ""
        written = reply.created_at if reply is not None else time.time()
        transcript.begin_stream(message_id, self._model_header(str(model), written))
        if snapshot.thoughts:
            transcript.append_thought(snapshot.thoughts)
        for index in range(len(snapshot.parts)):
            self.images.add_live(message_id, snapshot.parts, index)
        self._stream_parts[message_id] = len(snapshot.parts)
        self._shown_chars[message_id] = 0
        transcript.append_stream(
            self.visible_text(
                message_id,
                reply_markdown(
                    snapshot.parts, image_ref=lambda i: image_key(message_id, i), labels=self._labels
                ),
            )
        )

    # --- the live reply -----------------------------------------------------------------------------------

    def _on_reply_started(self, conversation_id: int, message_id: int, model: str) -> None:
        # On a path the user left (a tool loop's next step) it streams unseen, and is drawn when shown again.
        shown = conversation_id == self._current() and self._store.tree(conversation_id).is_shown(message_id)
        self.begin_reply(message_id, model, show=shown)

    def _on_retrying(self, conversation_id: int, attempt: int, _delay: float, _error: object) -> None:
        if conversation_id == self._current():
            self._transcript.set_retrying(attempt)

    def _shows(self, conversation_id: int, message_id: int) -> bool:
        """Whether the transcript streams this reply (its conversation is open, it is on the shown path)."""
        return conversation_id == self._current() and self._transcript.live_message_id == message_id

    def _on_text(self, conversation_id: int, message_id: int, delta: str) -> None:
        if self._shows(conversation_id, message_id):
            self._transcript.append_stream(self.visible_text(message_id, delta))
        elif conversation_id == self._current():
            self.visible_text(message_id, delta)  # counted, for when it is shown again

    def _on_thought(self, conversation_id: int, message_id: int, delta: str) -> None:
        if self._shows(conversation_id, message_id):
            self._transcript.append_thought(delta)

    def _on_event(self, conversation_id: int, message_id: int, event: object) -> None:
        """Show a non-text part (code, its result, a function call, an image) as it arrives."""
        # Most events (usage figures with every chunk) show nothing; only those that do are worth a snapshot,
        # which joins all the text so far (per event, that grows with the square of the answer).
        if not self._shows(conversation_id, message_id) or not self.shows_event(event):
            return
        live = self._chat.live_reply(conversation_id, (message_id,))
        if live is not None:
            self.show_event(message_id, event, live[1].parts)

    def begin_reply(self, message_id: int, model: str, *, show: bool) -> None:
        """A reply started; when ``show`` (its conversation is open) the transcript starts streaming it."""
        self._stream_parts[message_id] = 0
        self.images.forget_live(message_id)
        self._shown_chars[message_id] = 0
        if show:
            self._transcript.begin_stream(message_id, self._model_header(model, time.time()))

    def visible_text(self, message_id: int, delta: str) -> str:
        """The part of a live reply's text ``delta`` that the transcript shows.

        Past ``MAX_SHOWN_CHARS`` nothing more is shown while it streams (the window would freeze laying out a
        giant paragraph); the finished reply then shows its beginning and says how much is left out.
        """
        shown = self._shown_chars.get(message_id, 0)
        room = MAX_SHOWN_CHARS - shown
        if room <= 0:
            return ""
        self._shown_chars[message_id] = shown + min(room, len(delta))
        return delta[:room]

    def shows_event(self, event: object) -> bool:
        """Whether ``show_event`` shows anything for this kind of event."""
        return type(event) in _EVENT_PARTS

    def show_event(self, message_id: int, event: object, parts: list[dict[str, Any]]) -> None:
        """Show the non-text part a stream event announced, from the live reply's ``parts`` so far.

        The part is taken from the live snapshot, not rebuilt from the event, so the snippet is exactly the
        one ``reply_markdown`` gives the stored reply.
        """
        kind = _EVENT_PARTS.get(type(event))
        if kind is None:
            return
        start = self._stream_parts.get(message_id, 0)
        index = next((i for i in range(start, len(parts)) if kind in parts[i]), None)
        if index is None:
            return
        self._stream_parts[message_id] = index + 1
        if kind == "inlineData":
            self.images.add_live(message_id, parts, index)
        snippet = part_markdown(
            parts, index, image_ref=lambda i: image_key(message_id, i), labels=self._labels
        )
        self._transcript.append_stream(snippet)

    def finish_reply(self, message_id: int, message: Message | None) -> None:
        """The live reply ``message_id`` ended; show ``message``, its stored form, when given.

        ``message`` is given only while its conversation is open. The transcript gets the stored Markdown, the
        notice, the figures line and, for a failed reply, the error box with "Retry".
        """
        self._stream_parts.pop(message_id, None)
        self._shown_chars.pop(message_id, None)
        self.images.forget_live(message_id)  # the store has the reply's images now
        if message is None:
            return
        transcript = self._transcript
        if transcript.live_message_id != message_id:  # not on the shown path: it is drawn when it is
            if message.status == "error" and message.error:
                transcript.show_error(message.id, *self.error_texts(message.error), True)
            return
        transcript.end_stream(
            message.status,
            self._notice_text(message),
            markdown=self._reply_markdown(message),
            footer=usage_line(message.meta, labels=self._labels),
        )
        if message.status == "error" and message.error:
            title, detail = self.error_texts(message.error)
            transcript.show_error(message.id, title, detail, True)

    def finish_unsaved(self, message_id: int, show: bool, problem: str, hint: str) -> None:
        """The live reply ``message_id`` ended but could not be stored: keep it on screen with the reason.

        Nothing is redrawn from the store (it holds an older copy); when ``show`` (its conversation is open)
        the streamed text stays and gets an error box saying why it is not saved and when it will be.
        """
        self._stream_parts.pop(message_id, None)
        self._shown_chars.pop(message_id, None)
        later = self.tr(
            "The answer above is kept here and is saved with your next message, once there is room."
        )
        self._unsaved_details[message_id] = "\n".join(line for line in (problem, hint, later) if line)
        if show:
            self._transcript.show_error(message_id, *self._unsaved_box(message_id), False)

    def _unsaved_box(self, message_id: int) -> tuple[str, str]:
        later = self.tr(
            "The answer above is kept here and is saved with your next message, once there is room."
        )
        return self.tr("The answer could not be saved"), self._unsaved_details.get(message_id, later)

    def error_texts(self, error: dict[str, Any]) -> tuple[str, str]:
        """The title and detail of a stored error, in the app's language."""
        title, message = shown_texts(error)
        return (
            self.tr("Error") if title is None else core_text(title),
            "" if message is None else core_text(message),
        )

    # --- stored messages ----------------------------------------------------------------------------------

    def _row(self, message: Message) -> MessageRow:
        if message.role == "user" and is_tool_results(message.parts):
            # A tool step's answer to the model: shown as the tools' own row, untrusted like model output.
            markdown = tool_results_markdown(message.parts, message.meta, self._tool_labels())
            return (message.id, "tool", markdown, "", message.status, None)
        if message.role == "user":
            # Attachments show above the text: image thumbnails (served by the transcript) and chips.
            def ref_of(index: int) -> str:
                return thumbnail_ref(image_key(message.id, index))

            # The transcript's image provider decodes the image parts lazily under these keys; the thumbnail
            # is only how the image is shown: opening, copying and saving it use the full image.
            chips = attachments_markdown(
                message.parts,
                ref_of,
                message.meta.get("attachment_names", ()),
                IMAGE_SCHEME,
                core_catalogue(),
            )
            text = f"{chips}\n\n{message.text}" if chips and message.text else chips or message.text
            return (message.id, "user", text, "", message.status, None)
        model = str(message.meta.get("model", ""))
        return (
            message.id,
            "model",
            self._reply_markdown(message),
            self._model_header(model, message.created_at),
            message.status,
            self._notice_text(message),
            snapshot_of(message).thoughts,
            usage_line(message.meta, labels=self._labels),
        )

    def _tool_labels(self) -> ToolLabels:
        return ToolLabels(
            result=self.tr("Result of {0}"),
            error=self.tr("Error from {0}"),
            preview=self.tr("first {0} characters shown"),
            images=self.tr("images: {0}"),
            decisions={
                "once": self.tr("allowed once"),
                "conversation": self.tr("allowed in this conversation"),
                "always": self.tr("always allowed"),
                "preapproved": self.tr("allowed earlier"),
                "deny": self.tr("denied"),
            },
            outcomes={
                "tool_error": self.tr("the tool reported an error"),
                "timeout": self.tr("timed out"),
                "failed": self.tr("the server failed"),
                "cancelled": self.tr("stopped"),
                "unknown_tool": self.tr("unknown tool"),
                "denied": self.tr("not run"),
            },
        )

    def _reply_markdown(self, message: Message) -> str:
        """What a stored reply shows: its parts (images by key) and its grounding."""
        grounding = message.meta.get("grounding")
        return reply_markdown(
            message.parts,
            GroundingInfo.from_metadata(grounding) if isinstance(grounding, dict) else None,
            image_ref=lambda i: image_key(message.id, i),
            labels=self._labels,
        )

    def _model_header(self, model: str, written: float) -> str:
        """The answer's header, "Gemini 2.5 Flash · 14:05": the model's name and when the answer began."""
        name = display_name(model) if model else model
        return f"{name} · {message_time(written)}"  # no name: the header says "Gemini" before the time

    def _notice_text(self, message: Message) -> str | None:
        if message.role != "model" or message.status == "error":
            return None
        # What the tool loop had to say (a server that did not start) stays under the answer it concerns.
        notes = [core_text(text) for text in stored_tool_notices(message.meta)]
        if message.status == "stopped":
            empty = not message.parts and not message.text
            notes.insert(
                0,
                self.tr("Stopped before any answer arrived.")
                if empty
                else self.tr("Stopped. The answer so far is kept."),
            )
        notice: Notice | None = describe_finish(snapshot_of(message))
        if notice is not None and message.status != "stopped":
            notes.insert(0, core_text(notice.line()))
        # A finished answer whose stream then misbehaved (kept open, cut) is complete: a quiet note says so.
        if message.status == "complete" and message.meta.get("unclean_end"):
            notes.append(self.tr("The gateway did not close the stream properly; the answer is complete."))
        return " ".join(notes) or None


def _as_finished(message: Message, snapshot: Snapshot) -> Message:
    """``message`` as it will be stored once there is room: the snapshot's parts and text, finished."""
    return dataclasses.replace(
        message,
        parts=snapshot.parts,
        text=snapshot.text,
        status="complete" if snapshot.is_complete else "interrupted",
    )
