"""What the status line says about the open conversation's reply: waiting, answering, retrying, ended.

While several models answer one question, the line is about all of them (``SeveralReplies``). The line is
given wordings (functions that give the text in the current language), so a change of language re-words
what it shows, the same state, without anyone rebuilding it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject

from app.core.chat.replay import snapshot_of
from app.core.gemini.errors import GeminiError
from app.core.gemini.events import UsageUpdated
from app.core.gemini.finish import describe_finish
from app.core.gemini.model_names import display_name
from app.core.store.conversations import ConversationStore
from app.core.store.records import Message
from app.qt.controllers.chat_controller import ChatController
from app.qt.controllers.several_status import SeveralReplies
from app.qt.translations import core_text
from app.qt.widgets.status_line import StatusLine


class StreamStatus(QObject):
    """Keeps the status line about the open conversation only; other conversations' streams stay off it.

    It follows the chat's streams itself (started, first text, retrying, a setting adjusted); the window
    controller tells it when a conversation is opened and when a reply has ended.

    Args:
        status_line: The line it writes.
        store: Where replies (their model, their figures) are read.
        chat: The reply streams it follows.
        current: The open conversation's id, or None.
        default_model: The model named for a reply that has not recorded its own.
        parent: The owner.
    """

    def __init__(
        self,
        status_line: StatusLine,
        store: ConversationStore,
        chat: ChatController,
        current: Callable[[], int | None],
        default_model: Callable[[], str],
        *,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._line = status_line
        self._store = store
        self._is_streaming = chat.is_streaming
        self._live_models = chat.live_models
        self._current = current
        self._default_model = default_model
        # Conversations whose streaming reply has begun to arrive (status "answering", not "waiting").
        self._answering: set[int] = set()
        # What a reply's tool loop had to say (a server that did not start), kept on the line beside
        # "Waiting…" and "answering…" until the reply ends; the transcript keeps it under the answer then.
        self._tool_notices: dict[int, list[str]] = {}
        self._models: dict[int, str] = {}
        # Several models answering one question: the line speaks of all of them.
        self._several = SeveralReplies(self)
        chat.reply_started.connect(self.reply_started)
        chat.several_started.connect(self._on_several_started)
        chat.text_received.connect(self._on_arrived)
        chat.thought_received.connect(self._on_arrived)
        chat.event_received.connect(self._on_event)
        chat.retrying.connect(self.retrying)
        chat.settings_adjusted.connect(self.say)
        chat.tool_notice.connect(self.tool_notice)

    def show_conversation(self, conversation_id: int, model: str, messages: Sequence[Message]) -> None:
        """The conversation was just opened: its stream's state, and its last reply's figures."""
        if self._several.follows(conversation_id):
            self._show_several(conversation_id)
        elif self._is_streaming(conversation_id):
            self._show_stream_state(conversation_id, model)
        else:
            self._line.set_state("")
        last = next((m for m in reversed(messages) if m.role == "model"), None)
        self._line.show_reply_figures(last.meta if last is not None else {})

    def reply_started(self, conversation_id: int, _reply_id: int, model: str) -> None:
        """A reply was asked for: it is waiting for its first byte."""
        self._answering.discard(conversation_id)
        self._several.another_started(conversation_id, _reply_id, set(self._live_models(conversation_id)))
        if self._several.follows(conversation_id):
            return  # a tool step's next turn of one of several answers: the line speaks of them all
        if conversation_id == self._current():
            self._line.show_reply_figures({})  # they described the previous answer, not this one
            self._show_stream_state(conversation_id, model)

    def arrived(self, conversation_id: int, message_id: int, fallback_model: str) -> None:
        """Text or thoughts of a reply came in: from the first, it is answering."""
        if self._several.follows(conversation_id, message_id):
            if self._several.arrived(conversation_id, message_id):
                self._show_several(conversation_id)
            return
        if conversation_id in self._answering:
            return
        self._answering.add(conversation_id)
        if conversation_id == self._current():
            reply = self._store.get_message(message_id)
            model = str(reply.meta.get("model", "")) if reply is not None else ""
            self._show_stream_state(conversation_id, model or fallback_model)

    def _on_arrived(self, conversation_id: int, message_id: int, _delta: str) -> None:
        self.arrived(conversation_id, message_id, self._default_model())

    def retrying(self, conversation_id: int, attempt: int, delay: float, error: object) -> None:
        """The gateway refused for now, and the request goes again after ``delay`` seconds."""

        # The error's own title, in the UI language (its str() is the technical English detail).
        def reason() -> str:
            return core_text(error.title()) if isinstance(error, GeminiError) else str(error)

        if conversation_id == self._current():
            self._line.set_state(
                lambda: self.tr("Retrying in {0:.0f} s (attempt {1}): {2}").format(delay, attempt, reason())
            )

    def tool_notice(self, conversation_id: int, text: str) -> None:
        """The tool loop of a reply says ``text``: shown beside the reply's state until the reply ends."""
        self._tool_notices.setdefault(conversation_id, []).append(text)
        if conversation_id != self._current():
            return
        if self._is_streaming(conversation_id):
            self._show_stream_state(conversation_id, self._models.get(conversation_id, self._default_model()))
        else:
            self._line.set_state(_first_line(text))

    def say(self, conversation_id: int, text: str) -> None:
        """Show ``text`` if ``conversation_id`` is the one open (a note about this reply)."""
        if conversation_id == self._current():
            self._line.set_state(text)

    def finished(self, conversation_id: int, message_id: int, shown: Message | None, status: str) -> None:
        """Reply ``message_id`` ended with ``status``; ``shown``: as stored, if its conversation is open."""
        if self._several.follows(conversation_id, message_id):
            self._several_ended(conversation_id, message_id, status)
            return
        self._answering.discard(conversation_id)
        if not self._is_streaming(conversation_id):  # (a tool step's turn ends while the reply goes on)
            self._tool_notices.pop(conversation_id, None)
        if shown is None:
            return
        self._line.show_reply_figures(shown.meta)
        notice = describe_finish(snapshot_of(shown)) if status == "complete" else None
        # A blocked prompt or a safety stop is not "Ready.": its headline goes where the eye goes.
        self._line.set_state(
            lambda: core_text(notice.title) if notice is not None else self.status_text(status)
        )

    def status_text(self, status: str) -> str:
        """The line for a reply that ended with ``status``."""
        return {
            "complete": self.tr("Ready."),
            "stopped": self.tr("Stopped."),
            "interrupted": self.tr("The answer was cut off."),
            "error": self.tr("The request failed."),
            "unsaved": self.tr("The answer could not be saved."),
        }.get(status, "")

    def _show_stream_state(self, conversation_id: int, model: str) -> None:
        self._models[conversation_id] = model
        name = display_name(model)  # "Gemini 2.5 Flash" for gemini-2.5-flash
        answering = conversation_id in self._answering
        notices = list(self._tool_notices.get(conversation_id, ()))

        def wording() -> str:
            text = self.tr("{0} is answering…") if answering else self.tr("Waiting for {0}…")
            text = text.format(name)
            return f"{text}  ⚠ {' '.join(_first_line(n) for n in notices)}" if notices else text

        self._line.set_state(wording)

    # -- several models answering one question ------------------------------------------------------------

    def _on_several_started(self, conversation_id: int, replies: dict[int, str]) -> None:
        self._several.started(conversation_id, replies)
        self._show_several(conversation_id)

    def _on_event(self, conversation_id: int, message_id: int, event: object) -> None:
        if isinstance(event, UsageUpdated) and self._several.counted(
            conversation_id, message_id, event.usage.candidates_tokens
        ):
            self._show_several(conversation_id)

    def _several_ended(self, conversation_id: int, message_id: int, status: str) -> None:
        last = self._several.ended(conversation_id, message_id, status)
        self._show_several(conversation_id)
        if last and conversation_id == self._current():
            # The figures of the answer the conversation goes on from (the columns show each one's own).
            path = set(self._store.tree(conversation_id).selected_path())
            chosen = next((m for m in self._several.reply_ids(conversation_id) if m in path), None)
            reply = self._store.get_message(chosen) if chosen is not None else None
            self._line.show_reply_figures(reply.meta if reply is not None else {})

    def _show_several(self, conversation_id: int) -> None:
        if conversation_id == self._current():
            # Asked again in a new language: the counts then are those shown (each change shows them anew).
            self._line.set_state(
                lambda: self._several.line(conversation_id)[0], lambda: self._several.line(conversation_id)[1]
            )


def _first_line(text: str) -> str:
    """A notice on the one-line status: up to its first line break (a server's output follows that)."""
    return text.split("\n", 1)[0]
