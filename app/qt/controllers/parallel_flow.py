"""Asking several models one question: choosing them, their answers side by side, Stop and pick per answer."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidgetAction

from app.core.chat.display import usage_line
from app.core.gemini import model_catalog
from app.core.gemini.events import UsageUpdated
from app.core.store.error_records import shown_texts
from app.qt.controllers.window_parts import WindowParts
from app.qt.render.display_labels import display_labels
from app.qt.translations import core_text
from app.qt.widgets.model_checklist import ModelChecklist

# How many models one question may go to at once.
MAX_MODELS = 4


class ParallelFlow(QObject):
    """The "Several models" menu, and the side-by-side answers while they stream.

    Args:
        parts: The window (its menu button and the side-by-side view), the chat and the open conversation.
        show_version: Shows the path through a message (the version switcher's ``show``).
        parent: The owner.
    """

    def __init__(
        self, parts: WindowParts, show_version: Callable[[int], bool], *, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._window = parts.window
        self._chat = parts.chat
        self._store = parts.store
        self._conversation = parts.conversation
        self._show_version = show_version
        self._view = parts.window.parallel_replies
        self._labels = display_labels()
        # The models the next question goes to (two or more), in the order chosen.
        self.models: list[str] = []
        # Reply id -> (request sent, first token) in perf_counter seconds, for the figures.
        self._timing: dict[int, tuple[float, float | None]] = {}
        menu = parts.window.compare_menu
        menu.aboutToShow.connect(self._fill_menu)
        chat = parts.chat
        chat.several_started.connect(self._on_several_started)
        chat.text_received.connect(self._on_text)
        chat.event_received.connect(self._on_event)
        chat.reply_finished.connect(self._on_finished)
        chat.reply_started.connect(self._on_reply_started)
        chat.request_sent.connect(self._on_request_sent)
        self._view.stop_requested.connect(self._on_stop)
        self._view.pick_requested.connect(self.pick)
        parts.window.language_changed.connect(self._update_button)
        self._update_button()

    def chosen_models(self) -> list[str]:
        """The models the next question goes to, or [] to ask the conversation's model alone."""
        return list(self.models) if len(self.models) >= 2 else []

    def set_models(self, models: list[str]) -> None:
        """Choose the models the next question goes to (at most four; fewer than two: one model)."""
        self.models = list(dict.fromkeys(models))[:MAX_MODELS]
        self._update_button()

    def pick(self, message_id: int) -> None:
        """Continue the conversation from this answer."""
        self._chat.pick(message_id)
        if self._show_version(message_id):
            self._view.mark_picked(message_id)

    def conversation_opened(self) -> None:
        """Another conversation is shown: the side-by-side answers belonged to the one before."""
        current = self._conversation.current_conversation
        streaming = self._chat.live_models(current) if current is not None else {}
        if len(streaming) > 1:
            self._view.start(streaming)
        else:
            self._view.clear()

    # --- menu ---------------------------------------------------------------------------------------------

    def _fill_menu(self) -> None:
        menu = self._window.compare_menu
        menu.clear()
        single = menu.addAction(self.tr("One model (the conversation's)"))
        single.setObjectName("compareOneModel")
        single.triggered.connect(lambda: self.set_models([]))
        menu.addSeparator()
        # One widget, not an action per model: ticking keeps the menu open, and thousands of models stay fast.
        checklist = ModelChecklist(menu)
        checklist.toggled.connect(self._toggle)
        checklist.toggled.connect(
            lambda _model, _on: checklist.set_chosen(self.models, len(self.models) >= MAX_MODELS)
        )
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(checklist)
        menu.addAction(holder)
        self._refresh_checklist(checklist)
        QTimer.singleShot(0, checklist.search.setFocus)  # typing finds a model at once

    def _refresh_checklist(self, checklist: ModelChecklist) -> None:
        # Only the models that can answer, as in the picker's main list (no embedding or image models).
        models = [
            (info.id, info.display_name)
            for info in self._window.model_picker.models()
            if info.reach != model_catalog.UNAVAILABLE
        ]
        checklist.set_models(models, self.models, full=len(self.models) >= MAX_MODELS)

    def _toggle(self, model: str, on: bool) -> None:
        models = [m for m in self.models if m != model]
        if on:
            models.append(model)
        self.set_models(models)

    def _update_button(self) -> None:
        button = self._window.compare_button
        count = len(self.chosen_models())
        button.setText(self.tr("Ask {0} models").format(count) if count else self.tr("Several models"))
        button.setAccessibleName(
            self.tr("Ask several models: {0}").format(", ".join(self.chosen_models()))
            if count
            else self.tr("Ask several models")
        )
        names = {info.id: info.display_name for info in self._window.model_picker.models()}
        self._window.composer.model_chip.show_several([(m, names.get(m, "")) for m in self.chosen_models()])

    # --- the answers --------------------------------------------------------------------------------------

    def _on_several_started(self, conversation_id: int, replies: dict[int, str]) -> None:
        now = time.perf_counter()
        for message_id in replies:
            self._timing[message_id] = (now, None)
        if conversation_id == self._conversation.current_conversation:
            self._view.start(replies)

    def _on_reply_started(self, conversation_id: int, message_id: int, _model: str) -> None:
        # A single answer started in the open conversation: the side-by-side answers were for before.
        if (
            conversation_id == self._conversation.current_conversation
            and len(self._chat.live_models(conversation_id)) == 1
            and not self._view.shows(message_id)
        ):
            self._view.clear()

    def _on_request_sent(self, _conversation_id: int, message_id: int) -> None:
        # The first token counts from here: the wait for a tool server to start is not the model's.
        timing = self._timing.get(message_id)
        if timing is not None and timing[1] is None:
            self._timing[message_id] = (time.perf_counter(), None)

    def _on_text(self, _conversation_id: int, message_id: int, delta: str) -> None:
        timing = self._timing.get(message_id)
        if timing is not None and timing[1] is None:
            self._timing[message_id] = (timing[0], time.perf_counter())
        self._view.append(message_id, delta)

    def _on_event(self, _conversation_id: int, message_id: int, event: object) -> None:
        if isinstance(event, UsageUpdated) and self._view.shows(message_id):
            self._view.set_figures(message_id, self._figures(message_id, event))

    def _figures(self, message_id: int, event: UsageUpdated) -> str:
        usage = event.usage
        meta: dict[str, object] = {
            "usage": {
                "promptTokenCount": usage.prompt_tokens,
                "candidatesTokenCount": usage.candidates_tokens,
            }
        }
        started, first = self._timing.get(message_id, (0.0, None))
        if first is not None:
            meta["time_to_first_token"] = first - started
            elapsed = time.perf_counter() - first
            if elapsed >= 0.5 and usage.candidates_tokens:  # a burst has no meaningful speed
                meta["tokens_per_second"] = round(usage.candidates_tokens / elapsed, 1)
        return usage_line(meta, labels=self._labels)

    def _on_finished(self, conversation_id: int, message_id: int, status: str) -> None:
        self._timing.pop(message_id, None)
        if not self._view.shows(message_id):
            return
        states = {
            "complete": self.tr("Finished."),
            "stopped": self.tr("Stopped. The answer so far is kept."),
            "error": self.tr("The reply failed"),
        }
        message = self._store.get_message(message_id)
        state = states.get(status, self.tr("Ended."))
        if status == "error" and message is not None and message.error:
            title, _detail = shown_texts(message.error)
            if title is not None:
                state = f"{state}: {core_text(title)}"
        usable = status in ("complete", "stopped")
        self._view.finish(message_id, state, usable=usable)
        if usable and message_id in self._store.tree(conversation_id).selected_path():
            self._view.mark_picked(message_id)

    def _on_stop(self, message_id: int) -> None:
        current = self._conversation.current_conversation
        if current is not None:
            self._chat.stop_reply(current, message_id)
