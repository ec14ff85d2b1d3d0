"""The transcript: one ``QTextDocument`` holding every message of a conversation, each a run of regions.

Streaming: a live reply is buffered and applied a frame at a time, each frame costing O(tail), within a frame
budget (``TranscriptStreaming`` in transcript_stream.py explains it).

Long conversations: ``set_messages`` keeps every row but renders only the most recent page
(``app.render.history_pages``); a "Show earlier messages" line at the top, also triggered by scrolling to
the top, prepends the previous page and keeps what the reader looks at where it is.

Formulas show as their source until their images arrive; then a streamed block is swapped once for its final
HTML and a finished message is drawn again once (``TranscriptFormulas``, ``TranscriptRegions``).

Collaborators owned by the view: ``TranscriptRegions`` (the messages' regions in the document: header line,
"Thinking" section, answer body, notice), ``TranscriptHtml`` (the HTML of each region, bodies cached),
``TranscriptImages`` (``gd-image:`` resources and the image actions), ``TranscriptFormulas`` (``gd-math:``
images and the formula actions), ``ScrollFollower`` (following the end, keeping the reader's place) and
``WaitingClock`` ("Thinking… N s"). The streaming methods are in ``TranscriptStreaming``
(transcript_stream.py); the reading column and the user's bubbles in ``transcript_column.py``; the welcome of
an empty conversation is ``EmptyState``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QMouseEvent,
    QPaintEvent,
    QResizeEvent,
    QTextCursor,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QFrame, QTextBrowser, QTextEdit, QWidget

from app.qt.icons.ui_icons import tinted_image
from app.qt.render.document_edit import MessageRecord
from app.qt.render.palette import palette_for
from app.qt.widgets.copied_note import CopiedNote
from app.qt.widgets.empty_state import EmptyState
from app.qt.widgets.link_opener import AnchorTips, LinkHover, LinkOpener, clicked_link_text
from app.qt.widgets.live_reply import LiveReply
from app.qt.widgets.message_focus import MessageFocus
from app.qt.widgets.transcript_actions import TranscriptActions
from app.qt.widgets.transcript_code import CodeColours, code_blocks_painted
from app.qt.widgets.transcript_column import paint_bubbles, set_reading_column
from app.qt.widgets.transcript_find import TranscriptFinder
from app.qt.widgets.transcript_formulas import TranscriptFormulas
from app.qt.widgets.transcript_html import TranscriptHtml
from app.qt.widgets.transcript_images import TranscriptImages
from app.qt.widgets.transcript_quotes import paint_quote_bars
from app.qt.widgets.transcript_regions import TranscriptRegions
from app.qt.widgets.transcript_scroll import ScrollFollower
from app.qt.widgets.transcript_stream import TranscriptStreaming
from app.qt.widgets.waiting_clock import WaitingClock
from app.render.design import LIST_INDENT, READING_GUTTER
from app.render.frame_budget import FRAME_MS, FrameBudget
from app.render.history_pages import EarlierRows, MessageRow
from app.render.icons import ICON_SCHEME, parse_icon_path
from app.render.long_content import SOFT_BREAK, without_soft_breaks
from app.render.markdown import MarkdownRenderer
from app.render.message_html import ACTION_SCHEME
from app.render.shown_images import IMAGE_SCHEME

__all__ = ["ACTION_SCHEME", "IMAGE_SCHEME", "TranscriptView"]


class TranscriptView(TranscriptStreaming, TranscriptActions, QTextBrowser):
    """Read-only view of a conversation with streamed replies.

    Signals:
        copy_requested(str): The Markdown a Copy link put on the clipboard (a message's, or a code block's).
        copied(str): A Copy link put something on the clipboard; the argument is the (translated)
            confirmation the view shows for ``COPIED_NOTE_MS`` next to the link, for a status line to repeat.
        retry_requested(int): The user clicked "Retry" under a failed reply.
        edit_requested(int): The user clicked "Edit" on one of their messages.
        regenerate_requested(int): The user clicked "Regenerate" on a reply.
        version_step_requested(int, int): The user clicked "‹" (-1) or "›" (+1) beside a message's
            "n / m": show its previous or next version.
        delete_version_requested(int): The user clicked "Delete version" on a message with versions.

    Args:
        parent: The parent widget.
        cache_size: How many rendered message bodies to keep, so switching conversations does not re-render.
        page_size: At most this many messages are rendered at a time when opening or paging a conversation.
        page_chars: A page also ends once its messages hold this many characters (about two screens).
    """

    copy_requested = Signal(str)
    copied = Signal(str)
    retry_requested = Signal(int)
    edit_requested = Signal(int)
    regenerate_requested = Signal(int)
    version_step_requested = Signal(int, int)
    delete_version_requested = Signal(int)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        cache_size: int = 256,
        page_size: int = 40,
        page_chars: int = 16_000,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("transcriptView")
        # Borderless by frame shape: a style-sheet rule would repaint the whole viewport every streamed frame.
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(self.tr("Transcript"))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setUndoRedoEnabled(False)  # the undo stack would hold every streamed frame
        self.document().setDocumentMargin(READING_GUTTER)  # the column's least side room (design tokens)
        self.document().setIndentWidth(LIST_INDENT)  # one list level: see app.render.design
        self._live: LiveReply | None = None
        #: Its images: registering, decoding on demand, opening, copying and saving them.
        self.images = TranscriptImages(self)
        self._earlier = EarlierRows(page_size, page_chars)
        #: Its formulas: typesetting in a process of their own, the images, "Copy LaTeX" and "Copy as image".
        self.formulas = TranscriptFormulas(self)
        self.formulas.ready.connect(self._on_formulas_ready)
        self.images.ready.connect(self._on_formulas_ready)  # images decoded: the same redraw as for formulas
        self._html = TranscriptHtml(
            palette_for(self.palette()), self.images, cache_size, self, self.formulas.images
        )
        self._regions = TranscriptRegions(self.document(), self._html)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._on_frame)
        # Seconds one character of stream text costs to apply (parse, render, insert, lay out), measured.
        self._frame_budget = FrameBudget()
        self._scroll = ScrollFollower(self.verticalScrollBar())
        self._scroll.top_reached.connect(self._on_top_reached)
        # Counts the seconds of "Thinking… N s" while a reply has not sent its first token.
        self._retry_attempt = 0  # the live reply's automatic retry, 0 for its first request
        self._waiting = WaitingClock(self)
        self._waiting.ticked.connect(self._on_waiting_tick)
        #: Opens reply links, asking first about those that could mislead (app.core.link_safety).
        self.links = LinkOpener(self)
        self.link_hover = LinkHover(self)
        self.anchor_tips = AnchorTips(self)
        self._clicked_at: QPoint | None = None
        self.anchorClicked.connect(self._on_anchor_clicked)
        self.copied_note = CopiedNote(self.viewport())
        #: The matches of "Find in this conversation", highlighted (every message rendered to find them all).
        self.finder = TranscriptFinder(self, self._load_all_earlier)
        #: The welcome over an empty conversation (example prompts, shortcuts).
        self.empty_state = EmptyState(self.viewport())
        #: The pointer's and the keyboard's message, and the action bar over it (keys are explained there).
        self.message_focus = MessageFocus(
            self,
            lambda: self._regions.messages,
            self._run_action,
            self._is_streaming,
            self.load_earlier,
            lambda: len(self._earlier),
            self._source_of,
        )
        self.clear_transcript()

    # -- whole transcript -----------------------------------------------------------------------------------

    def clear_transcript(self) -> None:
        """Remove every message and stop any stream."""
        self._timer.stop()
        self._scroll.cancel_top_check()
        self._waiting.stop()
        self._live = None
        self._earlier.reset()
        self._regions.reset()
        set_reading_column(self.document(), self.viewport().width())
        self.images.restore()
        self._scroll.follow = True
        self._update_empty_state()
        self.link_hover.forget()  # what the pointer was on is gone

    def _update_empty_state(self) -> None:
        """The welcome shows while no message is (and none can be) shown."""
        empty = not self._regions.messages and self._live is None and not self._earlier
        self.empty_state.setVisible(empty)

    def set_messages(
        self, rows: Sequence[MessageRow], versions: Mapping[int, tuple[int, int]] | None = None
    ) -> None:
        """Replace the transcript with ``rows`` (a conversation switch), showing the most recent page.

        Older rows are kept and rendered a page at a time by ``load_earlier``. Rendered bodies come from the
        cache when the same message was shown before. ``versions`` gives (number, count) for the messages
        that have other versions: their headers show "‹ n / m ›".
        """
        self._regions.versions = dict(versions or {})
        self._show(rows, self._earlier.last_page_count(rows))
        self.message_focus.reset()

    def shown_ids(self) -> list[int]:
        """The ids of the messages the transcript holds, in order (those not rendered yet included)."""
        return [row[0] for row in self._earlier.rows()] + list(self._regions.messages)

    def replace_from(
        self, keep: int, rows: Sequence[MessageRow], versions: Mapping[int, tuple[int, int]]
    ) -> bool:
        """Keep the first ``keep`` messages as drawn and show ``rows`` after them (another version chosen).

        Only what is below is drawn again, in one edit with painting held, so nothing above moves or
        flickers; a live reply among the removed messages stops being shown (its stream goes on).
        ``versions`` (number, count) is updated for the messages in ``rows``.

        Returns:
            False, changing nothing, when ``keep`` reaches into the messages not rendered yet: the caller
            shows the whole path with :meth:`set_messages` instead.
        """
        earlier = len(self._earlier)
        if not earlier <= keep <= earlier + len(self._regions.messages):
            return False
        for row in rows:  # a message that lost its other versions shows no switcher any more
            self._regions.versions.pop(row[0], None)
        self._regions.versions.update(versions)
        self.setUpdatesEnabled(False)
        try:
            with self._editing():
                removed = self._regions.remove_from(keep - earlier)
                if self._live is not None and self._live.message in removed:
                    self._timer.stop()
                    self._waiting.stop()
                    self._live = None
                for row in rows:
                    self._render_row(row, None)
        finally:
            self.setUpdatesEnabled(True)
        return True

    @property
    def earlier_count(self) -> int:
        """How many messages at the start of the conversation are not rendered yet."""
        return len(self._earlier)

    def refresh_labels(self) -> None:
        """Word headers and links in the language now installed (from the next drawing of the messages)."""
        self._html.refresh_labels()
        self.message_focus.retranslate(self.tr("Transcript"))

    def _on_top_reached(self) -> None:
        # Scrolled to the top: the previous page shows, unless the keyboard rests on "Show earlier messages"
        # (it was scrolled there to be seen; Enter shows them).
        if not self.message_focus.holds_banner:
            self.load_earlier()

    def _load_all_earlier(self) -> None:
        while self.load_earlier():
            pass

    def load_earlier(self) -> bool:
        """Render the previous page of messages above the shown ones; return whether there was one.

        The reader's view does not move: the message at the top stays at the same place on screen (a reader
        following the end stays at the end).
        """
        self._scroll.cancel_top_check()
        if not self._earlier:
            return False
        page = self._earlier.take_page()
        anchor = next(iter(self._regions.messages.values()), None)
        top_before = self._regions.top_of(anchor)
        with self._editing(shift=lambda: self._regions.top_of(anchor) - top_before):
            pos = anchor.start.position() if anchor is not None else self._regions.end()
            shown = self._regions.messages
            self._regions.messages = {}
            for row in page:
                pos = self._render_row(row, pos)
            self._regions.messages.update(shown)  # keep document order
            self._regions.show_banner(len(self._earlier))
        return True

    def follow_end(self) -> None:
        """Show the end and follow it again: the user asked something, so the new turn is what they want.

        Only scrolling up while an answer arrives stops the following; a new question always resumes it.
        """
        self._scroll.follow = True
        self._scroll.scroll_to_bottom()

    def add_message(
        self,
        message_id: int,
        role: str,
        markdown: str,
        *,
        header: str = "",
        status: str = "complete",
        notice: str | None = None,
    ) -> None:
        """Append a finished message, rendered once; the user's own messages bring the view to the bottom."""
        if role == "user":
            self._scroll.follow = True
        with self._editing():
            self._render_row((message_id, role, markdown, header, status, notice), None)
        self._update_empty_state()

    # -- images ---------------------------------------------------------------------------------------------

    def loadResource(self, type: int, name: QUrl | str) -> object:
        """Serve ``gd-image:``, ``gd-math:`` and ``gd-icon:`` images; refuse the rest (no file or network)."""
        url = QUrl(name) if isinstance(name, str) else name
        if url.scheme() == ICON_SCHEME:
            icon = parse_icon_path(url.path())
            return None if icon is None else tinted_image(*icon, self.devicePixelRatioF())
        image = self.images.resource(url)
        return image if image is not None else self.formulas.resource(url)

    @Slot()
    def _on_formulas_ready(self) -> None:
        """Show formulas that were typeset: in the live reply, and in messages drawn meanwhile."""
        if self._live is not None:
            self._live.formulas_ready = True
            self._schedule()
        if not self.formulas.images.pending and self._html.waiting_for_formulas:
            with self._editing():  # once all the formulas are there
                self._regions.redraw_waiting_bodies(self._live.message if self._live is not None else None)

    # -- events ---------------------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        """Re-render with dark or light colours when the palette changes, formulas also in a new text size."""
        super().changeEvent(event)
        if event.type() not in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            return
        colours = event.type() == QEvent.Type.PaletteChange and self._html.set_palette(
            palette_for(self.palette())
        )
        formulas = self.formulas.update_style()
        if formulas:
            self._html.forget_bodies()
        if not (colours or formulas):
            return
        if self._live is None:
            self._rebuild()
        else:
            self._live.restyled = True  # its finished blocks keep the old style until it ends

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the reading column centred and at most ``READING_WIDTH`` wide."""
        set_reading_column(self.document(), self.viewport().width())
        super().resizeEvent(event)
        self.empty_state.setGeometry(self.viewport().rect())

    def paintEvent(self, event: QPaintEvent) -> None:
        """The user's bubbles, code padding, the text over them, then the code edges and the quote bars."""
        palette = self._html.palette
        bubble, bubble_edge = QColor(palette.user_bubble), QColor(palette.user_bubble_border)
        paint_bubbles(self, event.rect(), self._regions.messages.values(), bubble, bubble_edge)
        # Like the quotes: only a transcript with code looks for it.
        with code_blocks_painted(self, event.rect(), CodeColours(palette), self._regions.has_code):
            super().paintEvent(event)
        if self._regions.has_quotes:  # looking for them costs a few milliseconds a frame
            paint_quote_bars(self, event.rect(), QColor(palette.quote_bar), CodeColours(palette))
        self.message_focus.paint_ring()

    def createMimeDataFromSelection(self) -> QMimeData:
        """Copying a selection copies each formula in it as its LaTeX source, and long lines as written."""
        mime = super().createMimeDataFromSelection()
        self.formulas.fix_copied_text(self.textCursor(), mime)
        if SOFT_BREAK in mime.text():
            mime.setText(without_soft_breaks(mime.text()))
        return mime

    def _rebuild(self) -> None:
        """Render the shown messages again (new colours), keeping thoughts, error boxes and older rows."""
        old = list(self._regions.messages.values())
        errors = self._earlier.errors()
        shown = [(m.message_id, m.role, m.source, m.header, m.status, m.notice, "", m.footer) for m in old]
        self._show([*self._earlier.rows(), *shown], len(old))
        self._earlier.restore_errors(errors)
        with self._editing():
            for previous in old:
                message = self._regions.messages[previous.message_id]
                message.error = previous.error
                message.thoughts = previous.thoughts
                message.thoughts_expanded = previous.thoughts_expanded
                if previous.thoughts:
                    self._regions.replace(message, "thoughts", self._thoughts_html(message))
                if previous.error is not None:
                    self._regions.replace(message, "notice", self._html.notice(message))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Remember where a link was clicked (``anchorClicked`` comes from here), to read its text."""
        self._clicked_at = event.position().toPoint()
        try:
            super().mouseReleaseEvent(event)
        finally:
            self._clicked_at = None

    @Slot(QUrl)
    def _on_anchor_clicked(self, url: QUrl) -> None:
        scheme = url.scheme().lower()
        if scheme == ACTION_SCHEME:
            self._run_action(url.path(), self._clicked_at)
        elif not scheme and url.fragment().startswith("fn-"):
            self.scrollToAnchor(url.fragment())  # a footnote reference
        else:
            # Content links (the renderer shows app-scheme links from content as text, so none gets here);
            # the opener opens only http(s) and mailto, asking first when a link could mislead.
            self.links.open(url, clicked_link_text(self, url, self._clicked_at))

    def _action_point(self) -> QPoint:
        # Where an action started by keys happened, for the "Copied" note: the text cursor.
        return self.cursorRect().center()

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab goes from the keyboard's message to its action buttons, then on to the next control.

        A text browser would walk every link from the top of the conversation first (``MessageFocus.tab``).
        """
        focused = QApplication.focusWidget()
        if (
            focused is not None
            and focused is not self
            and self.isAncestorOf(focused)
            and focused.focusPolicy() & Qt.FocusPolicy.TabFocus
            and focused.isVisible()  # not when Qt moves the keyboard away from a control being hidden
        ):
            # A control of its own drawn over the transcript (an example prompt) moves on along the window's
            # chain; the message bar's buttons (reached only through the transcript) stay with MessageFocus.
            return QWidget.focusNextPrevChild(self.window(), next)
        return self.message_focus.tab(next) or QTextEdit.focusNextPrevChild(self, next)

    def _is_streaming(self) -> bool:
        return self._live is not None

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Scrolling up at the top (also when everything fits on screen) loads earlier messages."""
        if self._earlier and event.angleDelta().y() > 0 and self._scroll.at_top():
            self._scroll.check_top()
        super().wheelEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """The usual menu, with "Open image", "Copy image", "Save image…" or "Copy LaTeX", "Copy as image".

        The image actions come over an image, the formula actions over a formula.
        """
        menu = self.createStandardContextMenu(event.pos())
        self.images.add_menu_actions(menu, self.anchorAt(event.pos()))
        scroll = QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        self.formulas.add_menu_actions(menu, QPointF(event.pos()) + scroll)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())

    # -- document editing -----------------------------------------------------------------------------------

    def _show(self, rows: Sequence[MessageRow], count: int) -> None:
        """Replace the transcript with ``rows``, rendering only the last ``count`` of them."""
        split = max(0, len(rows) - count)
        self.setUpdatesEnabled(False)
        try:
            self.clear_transcript()
            self._earlier.reset(rows[:split])
            with self._editing():
                for row in rows[split:]:
                    self._render_row(row, None)
                self._regions.show_banner(len(self._earlier))
        finally:
            self.setUpdatesEnabled(True)
        self._update_empty_state()
        self._scroll.scroll_to_bottom()

    def _render_row(self, row: MessageRow, pos: int | None) -> int:
        """Insert a finished message at ``pos`` (the document end when None); return where it ends."""
        return self._regions.render_row(row, pos, self._earlier.pop_error(row[0]))

    def _schedule(self) -> None:
        if not self._timer.isActive():
            self._timer.start(FRAME_MS)

    @contextmanager
    def _editing(self, shift: Callable[[], float] | None = None) -> Iterator[None]:
        """Group document edits into one change, keeping the reader's place (see ``ScrollFollower.holding``).

        One edit block means Qt lays out and repaints once per frame instead of once per insert or remove.
        """
        with self._scroll.holding(shift):
            block = QTextCursor(self.document())
            block.beginEditBlock()
            try:
                yield
            finally:
                block.endEditBlock()

    def _thoughts_html(self, message: MessageRecord) -> str:
        live = self._live is not None and self._live.message is message
        return self._html.thoughts(
            message, live=live, waited=self._waiting.seconds, attempt=self._retry_attempt if live else 0
        )

    @property
    def markdown_renderer(self) -> MarkdownRenderer:
        """The Markdown renderer for those colours (the side-by-side answers render with it too)."""
        return self._html.renderer
