"""The streaming half of the transcript: a live reply buffered, applied a frame at a time, then finished.

``append_stream`` only buffers. A timer applies the buffer about 30 times a second: the blocks the
``StreamingMarkdown`` reports as finished are inserted once, and only the unfinished tail is replaced, so a
frame costs O(tail), not O(message). A frame applies at most about 8 ms of work (``FrameBudget``: the text it
takes is sized from the cost of earlier frames); a backlog (a gateway sending faster than Qt can lay text out)
is worked off in further frames right after, so input and painting are never held up for long. A reply that
ends with more than a frame's worth still buffered keeps streaming on screen until it is shown, then gets its
final header and footer; ``flush`` applies everything at once. See ``TranscriptView`` for the whole picture;
this mixin holds the methods, the view holds the state they use.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Slot

from app.qt.render.document_edit import MessageRecord
from app.qt.widgets.live_reply import LiveReply
from app.qt.widgets.transcript_formulas import TranscriptFormulas
from app.qt.widgets.transcript_html import MAX_SHOWN_CHARS, TranscriptHtml
from app.qt.widgets.transcript_regions import TranscriptRegions
from app.qt.widgets.waiting_clock import WaitingClock
from app.render.frame_budget import FrameBudget
from app.render.history_pages import EarlierRows
from app.render.incremental import StreamingMarkdown
from app.render.markdown import MarkdownRenderer
from app.render.markdown_extensions import needs_whole_render

__all__ = ["TranscriptStreaming"]


class TranscriptStreaming:
    """Streaming methods of ``TranscriptView`` (a mixin: the view owns the attributes declared here)."""

    _live: LiveReply | None
    _earlier: EarlierRows
    _regions: TranscriptRegions
    _html: TranscriptHtml
    _waiting: WaitingClock
    _timer: QTimer
    _frame_budget: FrameBudget
    _retry_attempt: int
    formulas: TranscriptFormulas

    if TYPE_CHECKING:

        def _editing(self, shift: Callable[[], float] | None = None) -> AbstractContextManager[None]: ...

        def _update_empty_state(self) -> None: ...

        def _schedule(self) -> None: ...

        def _rebuild(self) -> None: ...

        def _thoughts_html(self, message: MessageRecord) -> str: ...

        @property
        def markdown_renderer(self) -> MarkdownRenderer:
            """The view's renderer (``TranscriptView.markdown_renderer``)."""

    def begin_stream(self, message_id: int, header: str) -> None:
        """Start a streamed reply; a reply with the same id that is last in the transcript is replaced."""
        if self._live is not None:
            self.end_stream("interrupted")
        self._earlier.discard(message_id)
        message = self._regions.new_message(message_id, "model", "", header, "streaming", None)
        self._live = LiveReply(message, StreamingMarkdown(self.markdown_renderer, message_id=message_id))
        self._retry_attempt = 0
        self._waiting.start()
        with self._editing():
            self._regions.replace(message, "thoughts", self._thoughts_html(message))
        self._update_empty_state()

    def set_answering_elsewhere(self, message_ids: set[int]) -> None:
        """Mark the switchers of ``message_ids``: a version of each not shown is still answering.

        Only the headers whose mark comes or goes are drawn again.
        """
        regions = self._regions
        changed = regions.answering_elsewhere ^ message_ids
        regions.answering_elsewhere = set(message_ids)
        for message_id in changed:
            message = regions.messages.get(message_id)
            if message is None or message.answering_elsewhere == (message_id in message_ids):
                continue
            message.answering_elsewhere = message_id in message_ids
            with self._editing():
                regions.replace(message, "header", self._html.header(message))

    @property
    def last_frame_html_chars(self) -> int:
        """Characters of HTML the last applied frame inserted; tests use it to prove frames stay O(tail)."""
        return self._regions.live_html_chars

    @property
    def live_message_id(self) -> int | None:
        """The id of the reply streaming on screen (also while its backlog is drawn), or None."""
        return None if self._live is None else self._live.message.message_id

    @property
    def streaming(self) -> bool:
        """Whether a streamed reply is still being shown (also after it ended, while a backlog is drawn)."""
        return self._live is not None

    def append_stream(self, delta: str) -> None:
        """Buffer a chunk of the reply; it is shown within a frame."""
        if self._live is None or not delta:
            return
        self._stop_waiting(self._live)
        if "$" in delta or "\\(" in delta or "\\[" in delta:
            self.formulas.images.warm()  # a formula may follow: the typesetter loads while it streams
        self._live.buffer.append(delta)
        self._schedule()

    def set_thinking(self, text: str) -> None:
        """Replace the live reply's thoughts."""
        if self._live is None:
            return
        self._stop_waiting(self._live)
        self._live.message.thoughts = text
        self._live.thoughts_dirty = True
        self._schedule()

    def set_retrying(self, attempt: int) -> None:
        """The live reply's request is sent again (attempt ``attempt``): say so instead of "Thinking…"."""
        if self._live is None or self._waiting.seconds is None:
            return  # something arrived already (the clock stops at the first token): no waiting line
        self._retry_attempt = attempt
        self._waiting.start()  # the seconds of this attempt
        self._live.thoughts_dirty = True
        self._schedule()

    def _stop_waiting(self, live: LiveReply) -> None:
        # The first token ends "Thinking… N s"; the thoughts region is redrawn without it in the next frame.
        if self._waiting.stop():
            live.thoughts_dirty = True

    @Slot()
    def _on_waiting_tick(self) -> None:
        if self._live is None:
            self._waiting.stop()
            return
        self._live.thoughts_dirty = True
        self._schedule()

    def append_thought(self, delta: str) -> None:
        """Add to the live reply's thoughts."""
        if self._live is not None and delta:
            self.set_thinking(self._live.message.thoughts + delta)

    def end_stream(
        self,
        status: str = "complete",
        notice: str | None = None,
        *,
        markdown: str | None = None,
        footer: str = "",
    ) -> None:
        """Apply what is pending, commit the tail and show the final header, notice and figures line.

        ``markdown`` is the reply as it is stored; when it differs from what streamed (citations added at the
        end, say) the body is rendered again from it, so the message looks exactly as it will after a restart.
        """
        live = self._live
        if live is None:
            return
        if live.ending is not None:
            self.flush()  # it already ended, and is being shown: finish it as it ended
            return
        self._waiting.stop()
        if live.buffered_chars() <= self._frame_budget.chars():  # more would stall input and paint
            self._timer.stop()
            self._apply_buffer(live, None)  # first: the text applied now may bring formulas to typeset
        if live.buffer or live.waits_for_formulas():
            # Still drawing a backlog, or the last formulas are being typeset: end once they are shown. Ended
            # now, the whole reply would be drawn a second time when they arrive.
            live.ending = (status, notice, markdown, footer)
            self._timer.start(0)
            return
        self._finish_live(live, status, notice, markdown, footer)

    def _finish_live(
        self, live: LiveReply, status: str, notice: str | None, markdown: str | None, footer: str
    ) -> None:
        """Commit the tail of the live reply (nothing is buffered any more) and show its final regions."""
        with self._editing():
            self._regions.apply_live(live, live.markdown.finish())
            message = live.message
            message.source = live.markdown.text
            message.status = status
            message.notice = notice
            message.footer = footer
            message.body_len = live.committed_len
            self._live = None
            if live.waiting_blocks:  # ended before their images came (flush): draw the body again then
                self._html.waiting_for_formulas.add(message.message_id)
            streamed = message.source
            whole = streamed if markdown is None else markdown
            # Footnotes resolve only in the whole text, and a long paragraph streamed in parts is one again
            # only there: such a reply is drawn again once.
            split = live.markdown.split_provisionally
            if split and live.markdown.split_is_clean and not live.waiting_blocks:
                self._regions.join_parts(live)  # the parts read as the whole paragraph: not drawn again
                split = False
            if whole != streamed or needs_whole_render(whole) or split:
                message.source = whole
                if len(streamed) >= MAX_SHOWN_CHARS and whole.startswith(streamed) and whole != streamed:
                    # The stream stopped being shown at the cap and nothing else changed: say how much is
                    # left out instead of laying out the whole shown part again (a freeze of most of a
                    # second). A restart cuts at a line end instead; the text is the same.
                    end = message.region_start("body") + message.body_len
                    left_out = self._html.left_out_html(len(whole) - len(streamed))
                    message.body_len += self._regions.insert(end, left_out)
                else:
                    self._regions.replace(message, "body", self._html.body(message))
            # The header stays: it does not depend on the status (see header_html).
            self._regions.replace(message, "thoughts", self._thoughts_html(message))
            self._regions.replace(message, "notice", self._html.notice(message))
        if live.restyled:  # the last theme and text size win, also for what streamed before they changed
            self._rebuild()

    def show_error(self, message_id: int, title: str, detail: str, retry: bool) -> None:
        """Show an error box under a (possibly partial) reply, with a "Retry" action when ``retry``."""
        if self._live is not None and self._live.message.message_id == message_id:
            self.end_stream("error")
        message = self._regions.messages.get(message_id)
        if message is None:
            self._earlier.remember_error(message_id, (title, detail, retry))  # applied once rendered
            return
        message.error = (title, detail, retry)
        with self._editing():
            self._regions.replace(message, "notice", self._html.notice(message))

    @Slot()
    def flush(self) -> None:
        """Apply all buffered stream text and thoughts now (the timer applies them a frame at a time)."""
        self._timer.stop()
        live = self._live
        if live is None:
            return
        self._apply_buffer(live, None)
        if live.ending is not None:
            self._finish_live(live, *live.ending)

    @Slot()
    def _on_frame(self) -> None:
        """Apply one frame's worth of the buffer; come back at once while a backlog remains."""
        live = self._live
        if live is None:
            return
        start = time.perf_counter()
        taken = self._apply_buffer(live, self._frame_budget.chars(), start + self._frame_budget.seconds)
        self._frame_budget.record(taken, time.perf_counter() - start)
        if live.buffer or live.formulas_ready:
            self._timer.start(0)  # after the paint and input events that are waiting
        elif live.ending is not None and not live.waits_for_formulas():
            self._finish_live(live, *live.ending)

    def _apply_buffer(self, live: LiveReply, limit: int | None, deadline: float | None = None) -> int:
        """Apply up to ``limit`` buffered characters (all when None) and dirty thoughts; return the count.

        Blocks whose formulas were typeset are swapped in until ``time.perf_counter()`` passes ``deadline``
        (all when None); those left stay ``formulas_ready`` for the next frame.
        """
        if not (live.buffer or live.thoughts_dirty or live.formulas_ready):
            return 0
        delta = live.take(limit)
        with self._editing():
            if live.thoughts_dirty:
                live.thoughts_dirty = False
                self._regions.replace(live.message, "thoughts", self._thoughts_html(live.message))
            if delta:
                self._regions.apply_live(live, live.markdown.append(delta))
            elif live.formulas_ready:
                self._regions.apply_live(live, live.markdown.refresh())
            more = False
            if live.formulas_ready and live.waiting_blocks:
                more = self._regions.show_typeset_blocks(live, deadline)
            live.formulas_ready = more
        return len(delta)
