"""The transcript: one ``QTextDocument`` holding every message of a conversation.

Each message is a run of regions laid out one after another: header line, "Thinking" section, answer body
and notice (error box). A region always starts with the block separator that ends the block before it, so it
can be removed and re-inserted without touching its neighbours. The record of a message keeps a
``QTextCursor`` at its start (Qt moves it when text before it changes) plus the length of each region.

Streaming: ``append_stream`` only buffers. A timer applies the buffer about 60 times a second: the blocks
the ``StreamingMarkdown`` reports as finished are inserted once, and only the unfinished tail is replaced, so
a frame costs O(tail), not O(message).
"""

from __future__ import annotations

import html
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QDesktopServices,
    QFontDatabase,
    QGuiApplication,
    QImage,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QTextBrowser, QWidget

from app.qt.render.incremental import RenderUpdate, StreamingMarkdown
from app.qt.render.markdown import MarkdownRenderer, code_sources
from app.qt.render.palette import RenderPalette, palette_for

ACTION_SCHEME = "gd-action"
IMAGE_SCHEME = "gd-image"

#: A zero-width character inserted ahead of every fragment and removed again; see ``_insert_html``.
_SENTINEL = "\u2060"
_FRAME_MS = 16
_BOTTOM_SLACK_PX = 4
_SUMMARY_CHARS = 90

#: One message for ``set_messages``: (id, role, markdown, header, status, notice).
MessageRow = tuple[int, str, str, str, str, str | None]


@dataclass(slots=True)
class _Message:
    """What the view knows about one message: its source and where its regions sit in the document."""

    message_id: int
    role: str
    source: str
    header: str
    status: str
    notice: str | None
    start: QTextCursor
    # Region lengths in document positions, in layout order.
    header_len: int = 0
    thoughts_len: int = 0
    body_len: int = 0
    notice_len: int = 0
    thoughts: str = ""
    thoughts_expanded: bool = False
    error: tuple[str, str, bool] | None = None  # (title, detail, retry) from show_error

    def region_start(self, region: str) -> int:
        """Return the document position where ``region`` begins."""
        pos = self.start.position()
        for name in ("header", "thoughts", "body", "notice"):
            if name == region:
                return pos
            pos += getattr(self, f"{name}_len")
        raise ValueError(region)


@dataclass(slots=True)
class _Live:
    """The message being streamed."""

    message: _Message
    markdown: StreamingMarkdown
    buffer: list[str] = field(default_factory=list)
    committed_len: int = 0
    tail_len: int = 0
    thoughts_dirty: bool = False


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
    """

    copy_requested = Signal(str)
    retry_requested = Signal(int)
    edit_requested = Signal(int)
    regenerate_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, cache_size: int = 256) -> None:
        super().__init__(parent)
        self.setObjectName("transcriptView")
        self.setAccessibleName(self.tr("Transcript"))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setUndoRedoEnabled(False)  # the undo stack would hold every streamed frame
        self.document().setDocumentMargin(14)
        self._messages: dict[int, _Message] = {}
        self._live: _Live | None = None
        self._images: dict[str, QImage] = {}
        self._cache: OrderedDict[tuple[int, int, bool], str] = OrderedDict()
        self._cache_size = cache_size
        self._follow = True
        self._adjusting_scroll = False
        self._palette = palette_for(self.palette())
        self._renderer = self._make_renderer(self._palette)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_FRAME_MS)
        self._timer.timeout.connect(self.flush)
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
        self._live = None
        self._messages.clear()
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
        """Replace the transcript with ``rows`` in one go (a conversation switch).

        Rendered bodies come from the cache when the same message was shown before.
        """
        self.setUpdatesEnabled(False)
        try:
            self.clear_transcript()
            for message_id, role, markdown, header, status, notice in rows:
                self.add_message(message_id, role, markdown, header=header, status=status, notice=notice)
        finally:
            self.setUpdatesEnabled(True)
        self._scroll_to_bottom()

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
            message = self._new_message(message_id, role, markdown, header, status, notice)
            message.body_len = self._insert_html(message.region_start("body"), self._body_html(message))
            message.notice_len = self._insert_html(message.region_start("notice"), self._notice_html(message))

    # -- streaming ------------------------------------------------------------------------------------------

    def begin_stream(self, message_id: int, header: str) -> None:
        """Start a streamed reply; a reply with the same id that is last in the transcript is replaced."""
        if self._live is not None:
            self.end_stream("interrupted")
        message = self._new_message(message_id, "model", "", header, "streaming", None)
        self._live = _Live(message, StreamingMarkdown(self._renderer, message_id=message_id))

    def append_stream(self, delta: str) -> None:
        """Buffer a chunk of the reply; it is shown within a frame."""
        if self._live is None or not delta:
            return
        self._live.buffer.append(delta)
        self._schedule()

    def set_thinking(self, text: str) -> None:
        """Replace the live reply's thoughts."""
        if self._live is None:
            return
        self._live.message.thoughts = text
        self._live.thoughts_dirty = True
        self._schedule()

    def append_thought(self, delta: str) -> None:
        """Add to the live reply's thoughts."""
        if self._live is not None and delta:
            self.set_thinking(self._live.message.thoughts + delta)

    def end_stream(self, status: str = "complete", notice: str | None = None) -> None:
        """Apply what is pending, commit the tail and show the final header and notice."""
        live = self._live
        if live is None:
            return
        self.flush()
        with self._editing():
            self._apply_update(live, live.markdown.finish())
            message = live.message
            message.source = live.markdown.text
            message.status = status
            message.notice = notice
            message.body_len = live.committed_len
            self._live = None
            self._replace_region(message, "header", self._header_html(message))
            self._replace_region(message, "thoughts", self._thoughts_html(message))
            self._replace_region(message, "notice", self._notice_html(message))

    def show_error(self, message_id: int, title: str, detail: str, retry: bool) -> None:
        """Show an error box under a (possibly partial) reply, with a "Retry" action when ``retry``."""
        if self._live is not None and self._live.message.message_id == message_id:
            self.end_stream("error")
        message = self._messages.get(message_id)
        if message is None:
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
        """Make ``image`` available to HTML as ``<img src="gd-image:NAME">`` (model image output)."""
        self._images[name] = image
        self._register_image(name, image)

    def loadResource(self, type: int, name: QUrl | str) -> object:
        """Serve registered ``gd-image:`` images; refuse everything else (no file or network access)."""
        url = QUrl(name) if isinstance(name, str) else name
        if url.scheme() == IMAGE_SCHEME:
            return self._images.get(url.path())
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
        """Render every message again (new colours), keeping thoughts and error boxes."""
        old = list(self._messages.values())
        self.set_messages([(m.message_id, m.role, m.source, m.header, m.status, m.notice) for m in old])
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
    def _on_scrolled(self, _value: int) -> None:
        if not self._adjusting_scroll:
            self._follow = self._at_bottom()

    @Slot(int, int)
    def _on_range_changed(self, _minimum: int, _maximum: int) -> None:
        if self._follow and not self._adjusting_scroll:
            self._scroll_to_bottom()

    # -- actions --------------------------------------------------------------------------------------------

    def _run_action(self, path: str) -> None:
        action, _, rest = path.partition("/")
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

    def _source_of(self, message: _Message) -> str:
        live = self._live
        if live is not None and live.message is message:
            return live.markdown.text + "".join(live.buffer)
        return message.source

    # -- document editing -----------------------------------------------------------------------------------

    def _new_message(
        self, message_id: int, role: str, source: str, header: str, status: str, notice: str | None
    ) -> _Message:
        old = self._messages.pop(message_id, None)
        if old is not None:
            # A regenerated or retried reply replaces the old one; when it was last, it keeps its place.
            self._remove(old.start.position(), old.region_start("notice") + old.notice_len)
        end = self._document_end()
        start = QTextCursor(self.document())
        start.setPosition(end)
        message = _Message(message_id, role, source, header, status, notice, start)
        message.header_len = self._insert_html(end, self._header_html(message))
        # Re-set: inserting at exactly its position moved the start cursor past the header.
        message.start.setPosition(end)
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

    def _replace_region(self, message: _Message, region: str, html_text: str) -> None:
        pos = message.region_start(region)
        length_attr = f"{region}_len"
        self._remove(pos, pos + getattr(message, length_attr))
        setattr(message, length_attr, self._insert_html(pos, html_text))
        if region == "header":
            message.start.setPosition(pos)

    def _insert_html(self, pos: int, html_text: str) -> int:
        """Insert ``html_text`` as new blocks after the block ending at ``pos``; return the positions used.

        ``insertHtml`` merges a fragment's first block into the block at the cursor, dropping that block's
        format (a heading or code block would lose its style), and drops empty paragraphs. Leading with a
        throw-away paragraph holding one zero-width character absorbs the merge; removing that character
        afterwards leaves exactly the blocks a one-shot ``setHtml`` would produce.
        """
        if not html_text:
            return 0
        cursor = QTextCursor(self.document())
        cursor.setPosition(pos)
        cursor.insertHtml(f"<p>{_SENTINEL}</p>{html_text}")
        end = cursor.position()
        cursor.setPosition(pos)
        cursor.setPosition(pos + 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        return end - pos - 1

    def _remove(self, start: int, end: int) -> None:
        """Remove the region [start, end), which begins with the separator ending the block before it."""
        if end <= start:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        # Removing a block separator leaves the merged block with the format of the *last* removed block, so
        # the block before the region (a rule, a list item, a heading) would silently take the tail's format.
        block_format = cursor.blockFormat()
        char_format = cursor.blockCharFormat()
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        cursor.setBlockFormat(block_format)
        cursor.setBlockCharFormat(char_format)

    def _document_end(self) -> int:
        return self.document().characterCount() - 1

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
        )

    def _body_html(self, message: _Message) -> str:
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

    def _action(self, name: str, message_id: int, label: str) -> str:
        return (
            f'<a href="{ACTION_SCHEME}:{name}/{message_id}" style="color:{self._palette.muted}; '
            f'text-decoration:none">{html.escape(label)}</a>'
        )

    def _header_html(self, message: _Message) -> str:
        pal = self._palette
        is_user = message.role == "user"
        name = self.tr("You") if is_user else self.tr("Gemini")
        accent = pal.user_accent if is_user else pal.model_accent
        meta = f"&nbsp;·&nbsp;{html.escape(message.header)}" if message.header else ""
        actions = ""
        if message.status != "streaming":
            links = [self._action("copy-message", message.message_id, self.tr("Copy"))]
            if is_user:
                links.append(self._action("edit", message.message_id, self.tr("Edit")))
            else:
                links.append(self._action("regenerate", message.message_id, self.tr("Regenerate")))
            actions = "&nbsp;&nbsp;&nbsp;&nbsp;" + "&nbsp;&nbsp;".join(links)
        return (
            f'<p style="margin-top:18px; margin-bottom:2px"><span style="font-weight:600; color:{accent}">'
            f"{html.escape(name)}</span>"
            f'<span style="font-size:small; color:{pal.muted}">{meta}{actions}</span></p>'
        )

    def _thoughts_html(self, message: _Message) -> str:
        if not message.thoughts:
            return ""
        pal = self._palette
        live = self._live is not None and self._live.message is message
        title = self.tr("Thinking…") if live else self.tr("Thinking")
        arrow = "▾" if message.thoughts_expanded else "▸"
        toggle = (
            f'<a href="{ACTION_SCHEME}:toggle-thoughts/{message.message_id}" '
            f'style="color:{pal.muted}; text-decoration:none">{arrow} {html.escape(title)}</a>'
        )
        if not message.thoughts_expanded:
            summary = html.escape(_summary(message.thoughts))
            return (
                f'<p style="margin-top:4px; margin-bottom:4px; font-size:small">{toggle}'
                f'<span style="color:{pal.thinking_text}; font-style:italic">&nbsp;&nbsp;{summary}</span></p>'
            )
        body = self._renderer.render(message.thoughts)
        return (
            f'<p style="margin-top:4px; margin-bottom:4px; font-size:small">{toggle}</p>'
            f'<table width="100%" border="1" cellspacing="0" cellpadding="10" '
            f'bgcolor="{pal.thinking_background}" style="border-collapse:collapse; border-style:solid; '
            f'border-color:{pal.thinking_border}; margin-bottom:8px">'
            f'<tr><td style="color:{pal.thinking_text}; font-style:italic">{body}</td></tr></table>'
        )

    def _notice_html(self, message: _Message) -> str:
        if message.error is not None:
            return self._error_box(message.message_id, *message.error)
        if message.status == "error":
            return self._error_box(
                message.message_id, self.tr("The reply failed"), message.notice or "", True
            )
        if message.notice:
            return (
                f'<p style="margin-top:4px; font-size:small; font-style:italic; color:{self._palette.muted}">'
                f"{html.escape(message.notice)}</p>"
            )
        return ""

    def _error_box(self, message_id: int, title: str, detail: str, retry: bool) -> str:
        pal = self._palette
        retry_link = ""
        if retry:
            retry_link = (
                f'<p style="margin-top:6px; margin-bottom:0"><a href="{ACTION_SCHEME}:retry/{message_id}" '
                f'style="color:{pal.error_text}; font-weight:600">{html.escape(self.tr("Retry"))}</a></p>'
            )
        detail_html = f'<p style="margin:0">{html.escape(detail)}</p>' if detail else ""
        return (
            f'<table width="100%" border="1" cellspacing="0" cellpadding="10" '
            f'bgcolor="{pal.error_background}" style="border-collapse:collapse; border-style:solid; '
            f"border-color:{pal.error_border}; "
            f'margin-top:6px; margin-bottom:6px"><tr><td style="color:{pal.error_text}">'
            f'<p style="margin-top:0; margin-bottom:4px; font-weight:600">{html.escape(title)}</p>'
            f"{detail_html}{retry_link}</td></tr></table>"
        )


def _summary(thoughts: str) -> str:
    """One line for collapsed thoughts: the latest bold heading the model wrote, else its first line."""
    lines = [line.strip() for line in thoughts.splitlines() if line.strip()]
    headings = [line.strip("*# ") for line in lines if line.startswith(("**", "#"))]
    text = headings[-1] if headings else (lines[0] if lines else "")
    return text if len(text) <= _SUMMARY_CHARS else text[: _SUMMARY_CHARS - 1] + "…"
