"""The transcript: one ``QTextDocument`` holding every message of a conversation.

Each message is a run of regions laid out one after another: header line, "Thinking" section, answer body
and notice (error box). A region always starts with the block separator that ends the block before it, so it
can be removed and re-inserted without touching its neighbours (``app.qt.render.document_edit``). The record
of a message keeps a ``QTextCursor`` at its start (Qt moves it when text before it changes) plus the length of
each region.

Streaming: ``append_stream`` only buffers. A timer applies the buffer about 60 times a second: the blocks
the ``StreamingMarkdown`` reports as finished are inserted once, and only the unfinished tail is replaced, so
a frame costs O(tail), not O(message).

Long conversations: ``set_messages`` keeps every row but renders only the most recent page
(``app.qt.render.history_pages``); a "Show earlier messages" line at the top, also triggered by scrolling to
the top, prepends the previous page and keeps what the reader looks at where it is. The HTML of headers,
thoughts, notices and error boxes comes from ``app.qt.render.message_html``.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QContextMenuEvent,
    QDesktopServices,
    QFontDatabase,
    QGuiApplication,
    QImage,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QWheelEvent,
)
from PySide6.QtWidgets import QTextBrowser, QWidget

from app.qt.render import document_edit as regions
from app.qt.render import message_html as chrome
from app.qt.render.document_edit import MessageRecord
from app.qt.render.history_pages import EarlierRows, MessageRow
from app.qt.render.incremental import RenderUpdate, StreamingMarkdown
from app.qt.render.markdown import IMAGE_SCHEME, MarkdownRenderer, code_sources
from app.qt.render.message_html import ACTION_SCHEME, ChromeLabels
from app.qt.render.palette import RenderPalette, palette_for
from app.qt.widgets.image_viewer import ImageViewer, open_save_dialog

__all__ = ["ACTION_SCHEME", "IMAGE_SCHEME", "ImageProvider", "MessageRow", "TranscriptView"]

#: Image key -> the image, or ``None``; decodes images of stored messages when their rows are rendered.
ImageProvider = Callable[[str], QImage | None]

#: Images decoded by the provider that are kept (the registered ones are kept until replaced).
_LOADED_IMAGES = 32

_FRAME_MS = 16
_BOTTOM_SLACK_PX = 4
_TOP_SLACK_PX = 4


@dataclass(slots=True)
class _Live:
    """The message being streamed."""

    message: MessageRecord
    markdown: StreamingMarkdown
    buffer: list[str] = field(default_factory=list)
    committed_len: int = 0
    tail_len: int = 0
    thoughts_dirty: bool = False
    #: ``time.monotonic()`` when the reply started, while nothing (text or thought) has arrived yet.
    waiting_since: float | None = None


class TranscriptView(QTextBrowser):
    """Read-only view of a conversation with streamed replies.

    Signals:
        copy_requested(str): Text to copy; handled here by putting it on the clipboard.
        retry_requested(int): The user clicked "Retry" under a failed reply.
        edit_requested(int): The user clicked "Edit" on one of their messages.
        regenerate_requested(int): The user clicked "Regenerate" on a reply.

    Args:
        parent: The parent widget.
        cache_size: How many rendered message bodies to keep, so switching conversations does not re-render.
        page_size: At most this many messages are rendered at a time when opening or paging a conversation.
        page_chars: A page also ends once its messages hold this many characters (about two screens).
    """

    copy_requested = Signal(str)
    retry_requested = Signal(int)
    edit_requested = Signal(int)
    regenerate_requested = Signal(int)

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
        self.setAccessibleName(self.tr("Transcript"))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setUndoRedoEnabled(False)  # the undo stack would hold every streamed frame
        self.document().setDocumentMargin(14)
        self._messages: dict[int, MessageRecord] = {}
        self._live: _Live | None = None
        self._images: dict[str, QImage] = {}
        self._image_provider: ImageProvider | None = None
        self._loaded_images: OrderedDict[str, QImage] = OrderedDict()
        self._cache: OrderedDict[tuple[int, int, bool], str] = OrderedDict()
        self._cache_size = cache_size
        self._earlier = EarlierRows(page_size, page_chars)
        self._banner_len = 0
        self._labels = self._make_labels()
        self._follow = True
        self._adjusting_scroll = False
        self._palette = palette_for(self.palette())
        self._renderer = self._make_renderer(self._palette)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_FRAME_MS)
        self._timer.timeout.connect(self.flush)
        # Loading earlier messages from a scroll handler would edit the document inside a layout change.
        self._earlier_timer = QTimer(self)
        self._earlier_timer.setSingleShot(True)
        self._earlier_timer.setInterval(0)
        self._earlier_timer.timeout.connect(self._load_earlier_if_at_top)
        # Counts the seconds of "Thinking… N s" while a reply has not sent its first token.
        self._waiting_timer = QTimer(self)
        self._waiting_timer.setInterval(1000)
        self._waiting_timer.timeout.connect(self._on_waiting_tick)
        self.anchorClicked.connect(self._on_anchor_clicked)
        self.copy_requested.connect(self._on_copy_requested)
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_range_changed)
        self.clear_transcript()
        #: Characters of HTML inserted by the last applied frame; tests use it to prove frames stay O(tail).
        self.last_frame_html_chars = 0

    # -- whole transcript -----------------------------------------------------------------------------------

    def clear_transcript(self) -> None:
        """Remove every message and stop any stream."""
        self._timer.stop()
        self._earlier_timer.stop()
        self._waiting_timer.stop()
        self._live = None
        self._messages.clear()
        self._earlier.reset()
        self._banner_len = 0
        self.document().clear()
        # Every message is inserted after an existing block, so the document keeps its first, empty block;
        # make it (almost) zero height so the transcript does not start with a blank line.
        top = QTextBlockFormat()
        top.setLineHeight(1, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
        tiny = QTextCharFormat()
        tiny.setFontPointSize(1)
        cursor = QTextCursor(self.document())
        cursor.setBlockFormat(top)
        cursor.setBlockCharFormat(tiny)
        for name, image in self._images.items():
            self._register_image(name, image)
        self._follow = True

    def set_messages(self, rows: Sequence[MessageRow]) -> None:
        """Replace the transcript with ``rows`` (a conversation switch), showing the most recent page.

        Older rows are kept and rendered a page at a time by ``load_earlier``. Rendered bodies come from the
        cache when the same message was shown before.
        """
        self._show(rows, self._earlier.last_page_count(rows))

    @property
    def earlier_count(self) -> int:
        """How many messages at the start of the conversation are not rendered yet."""
        return len(self._earlier)

    def load_earlier(self) -> bool:
        """Render the previous page of messages above the shown ones; return whether there was one.

        The reader's view does not move: the message at the top stays at the same place on screen (a reader
        following the end stays at the end).
        """
        self._earlier_timer.stop()
        if not self._earlier:
            return False
        page = self._earlier.take_page()
        anchor = next(iter(self._messages.values()), None)
        bar = self.verticalScrollBar()
        value = bar.value()
        top_before = self._top_of(anchor)
        self._adjusting_scroll = True
        block = QTextCursor(self.document())
        block.beginEditBlock()
        try:
            pos = anchor.start.position() if anchor is not None else self._document_end()
            shown = self._messages
            self._messages = {}
            for row in page:
                pos = self._render_row(row, pos)
            self._messages.update(shown)  # keep document order
            self._update_banner()
        finally:
            block.endEditBlock()
            shift = round(self._top_of(anchor) - top_before)
            bar.setValue(bar.maximum() if self._follow else value + shift)
            self._adjusting_scroll = False
        return True

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
            self._follow = True
        with self._editing():
            self._render_row((message_id, role, markdown, header, status, notice), None)

    # -- streaming ------------------------------------------------------------------------------------------

    def begin_stream(self, message_id: int, header: str) -> None:
        """Start a streamed reply; a reply with the same id that is last in the transcript is replaced."""
        if self._live is not None:
            self.end_stream("interrupted")
        self._earlier.discard(message_id)
        message = self._new_message(message_id, "model", "", header, "streaming", None)
        self._live = _Live(
            message, StreamingMarkdown(self._renderer, message_id=message_id), waiting_since=time.monotonic()
        )
        with self._editing():
            self._replace_region(message, "thoughts", self._thoughts_html(message))
        self._waiting_timer.start()

    def append_stream(self, delta: str) -> None:
        """Buffer a chunk of the reply; it is shown within a frame."""
        if self._live is None or not delta:
            return
        self._stop_waiting(self._live)
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

    def _stop_waiting(self, live: _Live) -> None:
        # The first token ends "Thinking… N s"; the thoughts region is redrawn without it in the next frame.
        if live.waiting_since is not None:
            live.waiting_since = None
            live.thoughts_dirty = True
            self._waiting_timer.stop()

    @Slot()
    def _on_waiting_tick(self) -> None:
        live = self._live
        if live is None or live.waiting_since is None:
            self._waiting_timer.stop()
            return
        live.thoughts_dirty = True
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
        self._waiting_timer.stop()
        self.flush()
        with self._editing():
            self._apply_update(live, live.markdown.finish())
            message = live.message
            message.source = live.markdown.text
            message.status = status
            message.notice = notice
            message.footer = footer
            message.body_len = live.committed_len
            self._live = None
            if markdown is not None and markdown != message.source:
                message.source = markdown
                self._replace_region(message, "body", self._body_html(message))
            self._replace_region(message, "header", self._header_html(message))
            self._replace_region(message, "thoughts", self._thoughts_html(message))
            self._replace_region(message, "notice", self._notice_html(message))

    def show_error(self, message_id: int, title: str, detail: str, retry: bool) -> None:
        """Show an error box under a (possibly partial) reply, with a "Retry" action when ``retry``."""
        if self._live is not None and self._live.message.message_id == message_id:
            self.end_stream("error")
        message = self._messages.get(message_id)
        if message is None:
            self._earlier.remember_error(message_id, (title, detail, retry))  # applied once rendered
            return
        message.error = (title, detail, retry)
        with self._editing():
            self._replace_region(message, "notice", self._notice_html(message))

    @Slot()
    def flush(self) -> None:
        """Apply buffered stream text and thoughts now (the timer does this about once per frame)."""
        self._timer.stop()
        live = self._live
        if live is None or not (live.buffer or live.thoughts_dirty):
            return
        with self._editing():
            if live.thoughts_dirty:
                live.thoughts_dirty = False
                self._replace_region(live.message, "thoughts", self._thoughts_html(live.message))
            if live.buffer:
                delta = "".join(live.buffer)
                live.buffer.clear()
                self._apply_update(live, live.markdown.append(delta))

    # -- resources ------------------------------------------------------------------------------------------

    def add_image_resource(self, name: str, image: QImage) -> None:
        """Make ``image`` available to Markdown as ``![alt](gd-image:NAME)`` (model output, attachments)."""
        self._images[name] = image
        self._loaded_images.pop(name, None)
        self._register_image(name, image)

    def set_image_provider(self, provider: ImageProvider | None) -> None:
        """Decode images that were not registered (those of stored messages) on demand.

        The provider is asked only when a rendered message shows the image, so a long conversation full of
        images decodes just the ones on the rendered pages; a few recent results are kept.
        """
        self._image_provider = provider
        self._loaded_images.clear()

    def image(self, name: str) -> QImage | None:
        """The image shown as ``gd-image:NAME`` (registered, or from the provider), or ``None``."""
        image = self._images.get(name)
        if image is not None:
            return image
        image = self._loaded_images.get(name)
        if image is None and self._image_provider is not None:
            image = self._image_provider(name)
            if image is None or image.isNull():
                return None
            self._loaded_images[name] = image
            if len(self._loaded_images) > _LOADED_IMAGES:
                self._loaded_images.popitem(last=False)
        elif image is not None:
            self._loaded_images.move_to_end(name)
        return image

    def open_image(self, name: str) -> ImageViewer | None:
        """Show the image in a separate, non-modal viewer at full size."""
        image = self.image(name)
        if image is None:
            return None
        viewer = ImageViewer(image, name, self.window())
        viewer.show()
        return viewer

    def copy_image(self, name: str) -> bool:
        """Put the image on the clipboard; False for an unknown image."""
        image = self.image(name)
        if image is None:
            return False
        QGuiApplication.clipboard().setImage(image)
        return True

    def save_image_as(self, name: str) -> bool:
        """Ask (without blocking) where to save the image; False for an unknown image."""
        image = self.image(name)
        if image is None:
            return False
        open_save_dialog(self, image, name)
        return True

    def loadResource(self, type: int, name: QUrl | str) -> object:
        """Serve ``gd-image:`` images; refuse everything else (no file or network access)."""
        url = QUrl(name) if isinstance(name, str) else name
        if url.scheme() == IMAGE_SCHEME:
            return self.image(url.path())
        return None

    # -- events ---------------------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        """Re-render with dark or light colours when the palette changes."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            new = palette_for(self.palette())
            if new != self._palette:
                self._palette = new
                self._renderer = self._make_renderer(new)
                if self._live is None:
                    self._rebuild()

    def _rebuild(self) -> None:
        """Render the shown messages again (new colours), keeping thoughts, error boxes and older rows."""
        old = list(self._messages.values())
        errors = self._earlier.errors()
        shown = [(m.message_id, m.role, m.source, m.header, m.status, m.notice, "", m.footer) for m in old]
        self._show([*self._earlier.rows(), *shown], len(old))
        self._earlier.restore_errors(errors)
        with self._editing():
            for previous in old:
                message = self._messages[previous.message_id]
                message.error = previous.error
                message.thoughts = previous.thoughts
                message.thoughts_expanded = previous.thoughts_expanded
                if previous.thoughts:
                    self._replace_region(message, "thoughts", self._thoughts_html(message))
                if previous.error is not None:
                    self._replace_region(message, "notice", self._notice_html(message))

    @Slot(QUrl)
    def _on_anchor_clicked(self, url: QUrl) -> None:
        scheme = url.scheme().lower()
        if scheme in ("http", "https"):
            QDesktopServices.openUrl(url)
        elif scheme == ACTION_SCHEME:
            self._run_action(url.path())
        # Anything else (file:, javascript:, data:, relative links) is ignored on purpose.

    @Slot(str)
    def _on_copy_requested(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)

    @Slot(int)
    def _on_scrolled(self, value: int) -> None:
        if not self._adjusting_scroll:
            self._follow = self._at_bottom()
            if self._earlier and value <= self.verticalScrollBar().minimum() + _TOP_SLACK_PX:
                self._earlier_timer.start()

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Scrolling up at the top (also when everything fits on screen) loads earlier messages."""
        bar = self.verticalScrollBar()
        if self._earlier and event.angleDelta().y() > 0 and bar.value() <= bar.minimum():
            self._earlier_timer.start()
        super().wheelEvent(event)

    @Slot()
    def _load_earlier_if_at_top(self) -> None:
        bar = self.verticalScrollBar()
        if bar.value() <= bar.minimum() + _TOP_SLACK_PX:
            self.load_earlier()

    @Slot(int, int)
    def _on_range_changed(self, _minimum: int, _maximum: int) -> None:
        if self._follow and not self._adjusting_scroll:
            self._scroll_to_bottom()

    # -- actions --------------------------------------------------------------------------------------------

    def _run_action(self, path: str) -> None:
        action, _, rest = path.partition("/")
        if action == "load-earlier":
            self.load_earlier()
            return
        image_actions = {
            "image": self.open_image,
            "copy-image": self.copy_image,
            "save-image": self.save_image_as,
        }
        if action in image_actions:
            image_actions[action](rest)  # rest is an image key, not a message id
            return
        parts = rest.split("/")
        try:
            message_id = int(parts[0])
        except ValueError:
            return
        message = self._messages.get(message_id)
        if message is None:
            return
        if action == "copy-message":
            self.copy_requested.emit(self._source_of(message))
        elif action == "copy-code" and len(parts) == 2 and parts[1].isdigit():
            codes = code_sources(self._source_of(message))
            index = int(parts[1])
            if index < len(codes):
                self.copy_requested.emit(codes[index].removesuffix("\n"))
        elif action == "toggle-thoughts":
            message.thoughts_expanded = not message.thoughts_expanded
            self._replace_region(message, "thoughts", self._thoughts_html(message))
        elif action == "retry":
            self.retry_requested.emit(message_id)
        elif action == "edit":
            self.edit_requested.emit(message_id)
        elif action == "regenerate":
            self.regenerate_requested.emit(message_id)

    def _source_of(self, message: MessageRecord) -> str:
        live = self._live
        if live is not None and live.message is message:
            return live.markdown.text + "".join(live.buffer)
        return message.source

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
                self._update_banner()
        finally:
            self.setUpdatesEnabled(True)
        self._scroll_to_bottom()

    def _render_row(self, row: MessageRow, pos: int | None) -> int:
        """Insert a finished message at ``pos`` (the document end when None); return where it ends."""
        message_id, role, markdown, header, status, notice, *extra = row
        thoughts = extra[:1]
        message = self._new_message(message_id, role, markdown, header, status, notice, pos)
        message.footer = extra[1] if len(extra) > 1 else ""
        message.error = self._earlier.pop_error(message_id)
        if thoughts and thoughts[0]:
            message.thoughts = thoughts[0]
            message.thoughts_len = self._insert_html(
                message.region_start("thoughts"), self._thoughts_html(message)
            )
        message.body_len = self._insert_html(message.region_start("body"), self._body_html(message))
        message.notice_len = self._insert_html(message.region_start("notice"), self._notice_html(message))
        return message.end()

    def _update_banner(self) -> None:
        """Show, update or remove the "Show earlier messages" line at the top of the document."""
        self._remove(0, self._banner_len)
        banner = chrome.load_earlier_html(self._palette, self._labels, len(self._earlier))
        self._banner_len = self._insert_html(0, banner if self._earlier else "")

    def _new_message(
        self,
        message_id: int,
        role: str,
        source: str,
        header: str,
        status: str,
        notice: str | None,
        pos: int | None = None,
    ) -> MessageRecord:
        old = self._messages.pop(message_id, None)
        if old is not None:
            # A regenerated or retried reply replaces the old one; when it was last, it keeps its place.
            self._remove(old.start.position(), old.end())
        at = self._document_end() if pos is None else pos
        start = QTextCursor(self.document())
        start.setPosition(at)
        message = MessageRecord(message_id, role, source, header, status, notice, start)
        message.header_len = self._insert_html(at, self._header_html(message))
        # Re-set: inserting at exactly its position moved the start cursor past the header.
        message.start.setPosition(at)
        self._messages[message_id] = message
        return message

    def _apply_update(self, live: _Live, update: RenderUpdate) -> None:
        if not update.tail_changed:
            return
        tail_start = live.message.region_start("body") + live.committed_len
        self._remove(tail_start, tail_start + live.tail_len)
        committed = "".join(update.committed)
        added = self._insert_html(tail_start, committed)
        live.committed_len += added
        live.tail_len = self._insert_html(tail_start + added, update.tail)
        live.message.body_len = live.committed_len + live.tail_len
        self.last_frame_html_chars = len(committed) + len(update.tail)

    def _replace_region(self, message: MessageRecord, region: str, html_text: str) -> None:
        pos = message.region_start(region)
        length_attr = f"{region}_len"
        self._remove(pos, pos + getattr(message, length_attr))
        setattr(message, length_attr, self._insert_html(pos, html_text))
        if region == "header":
            message.start.setPosition(pos)

    def _insert_html(self, pos: int, html_text: str) -> int:
        return regions.insert_region(self.document(), pos, html_text)

    def _remove(self, start: int, end: int) -> None:
        regions.remove_region(self.document(), start, end)

    def _document_end(self) -> int:
        return regions.document_end(self.document())

    def _top_of(self, message: MessageRecord | None) -> float:
        return 0.0 if message is None else regions.region_top(self.document(), message.start.position())

    def _register_image(self, name: str, image: QImage) -> None:
        self.document().addResource(
            QTextDocument.ResourceType.ImageResource, QUrl(f"{IMAGE_SCHEME}:{name}"), image
        )

    def _schedule(self) -> None:
        if not self._timer.isActive():
            self._timer.start()

    # -- scrolling ------------------------------------------------------------------------------------------

    def _at_bottom(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() >= bar.maximum() - _BOTTOM_SLACK_PX

    def _scroll_to_bottom(self) -> None:
        self._adjusting_scroll = True
        try:
            bar = self.verticalScrollBar()
            bar.setValue(bar.maximum())
        finally:
            self._adjusting_scroll = False

    @contextmanager
    def _editing(self) -> Iterator[None]:
        """Group document edits into one change and keep the reader's scroll position.

        One edit block means Qt lays out and repaints once per frame instead of once per insert or remove.
        Replacing the tail also shrinks the document for a moment, which would clamp the scroll value and drag
        a reader who scrolled up near the end; their position is restored, and a reader at the bottom is kept
        there.
        """
        bar = self.verticalScrollBar()
        value = bar.value()
        self._adjusting_scroll = True
        block = QTextCursor(self.document())
        block.beginEditBlock()
        try:
            yield
        finally:
            block.endEditBlock()
            bar.setValue(bar.maximum() if self._follow else min(value, bar.maximum()))
            self._adjusting_scroll = False

    # -- HTML of the message chrome -------------------------------------------------------------------------

    def _make_renderer(self, palette: RenderPalette) -> MarkdownRenderer:
        family = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
        return MarkdownRenderer(
            palette,
            mono_family=f"'{family}', monospace",
            code_action_href=lambda message_id, index: f"{ACTION_SCHEME}:copy-code/{message_id}/{index}",
            copy_label=self.tr("Copy"),
            image_label=self.tr("[image: {alt}]"),
            image_width=self._image_width,
            image_action_href=lambda action, key: f"{ACTION_SCHEME}:{action}/{key}",
            image_action_labels=(self.tr("Copy image"), self.tr("Save image…")),
        )

    def _image_width(self, name: str) -> int | None:
        image = self.image(name)
        return None if image is None else image.width()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """The usual menu, plus "Open image", "Copy image" and "Save image…" over an image."""
        menu = self.createStandardContextMenu(event.pos())
        prefix = f"{ACTION_SCHEME}:image/"
        anchor = self.anchorAt(event.pos())
        if anchor.startswith(prefix) and self.image(anchor.removeprefix(prefix)) is not None:
            key = anchor.removeprefix(prefix)
            standard = menu.actions()
            added = []
            for label, slot in (
                (self.tr("Open image"), self.open_image),
                (self.tr("Copy image"), self.copy_image),
                (self.tr("Save image…"), self.save_image_as),
            ):
                action = menu.addAction(label)
                action.triggered.connect(lambda _checked=False, run=slot: run(key))
                added.append(action)
            if standard:  # the image actions first, then the standard ones
                menu.insertActions(standard[0], added)
                menu.insertSeparator(standard[0])
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())

    def _body_html(self, message: MessageRecord) -> str:
        key = (message.message_id, hash(message.source), self._palette.dark)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._renderer.render(message.source, message_id=message.message_id)
            self._cache[key] = cached
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return cached

    def _make_labels(self) -> ChromeLabels:
        return ChromeLabels(
            you=self.tr("You"),
            gemini=self.tr("Gemini"),
            copy=self.tr("Copy"),
            edit=self.tr("Edit"),
            regenerate=self.tr("Regenerate"),
            retry=self.tr("Retry"),
            thinking=self.tr("Thinking"),
            thinking_live=self.tr("Thinking…"),
            waiting=self.tr("Thinking… {0} s"),
            reply_failed=self.tr("The reply failed"),
            show_earlier=self.tr("Show earlier messages"),
            earlier_count=self.tr("{0} more"),
        )

    def _header_html(self, message: MessageRecord) -> str:
        return chrome.header_html(self._palette, self._labels, message)

    def _thoughts_html(self, message: MessageRecord) -> str:
        live = self._live is not None and self._live.message is message
        if live and self._live is not None and self._live.waiting_since is not None and not message.thoughts:
            # Rounded: timer ticks may come a few ms early, and 0.99 s should read as 1 s.
            waited = round(time.monotonic() - self._live.waiting_since)
            return chrome.waiting_html(self._palette, self._labels, waited)
        return chrome.thoughts_html(
            self._palette, self._labels, message, live=live, render=self._renderer.render
        )

    def _notice_html(self, message: MessageRecord) -> str:
        return chrome.notice_html(self._palette, self._labels, message)
