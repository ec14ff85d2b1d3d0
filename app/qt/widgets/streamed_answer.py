"""One answer rendered as Markdown while it streams, outside the transcript (a column of several models).

The rendering is the transcript's: its ``MarkdownRenderer`` (colours, code blocks, tables, formulas) and the
same incremental ``StreamingMarkdown``, so a frame re-renders only the unfinished last block. Deltas are
buffered and applied once per frame, the way the transcript applies its live reply.

A code block's Copy copies as the transcript's does (``copied_code``, ``message_mime_data``). The keyboard
reaches it as any link of a text browser: Tab from the column's buttons walks the answer's links, the one it
is on is ringed in the focus colour and named for screen readers, and Enter presses it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QRectF, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QFocusEvent, QGuiApplication, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QTextBrowser, QWidget

from app.qt.render.document_edit import clear_document, document_end, insert_region, remove_region
from app.qt.render.palette import palette_for
from app.qt.render.streamed_parts import StreamedParts, insert_committed, join_parts, swap_typeset_blocks
from app.qt.widgets.copied_note import CopiedNote
from app.qt.widgets.link_opener import AnchorTips, clicked_link_text
from app.qt.widgets.message_geometry import link_rect, scroll_offset
from app.qt.widgets.message_stops import code_copy_name
from app.qt.widgets.transcript_clipboard import message_mime_data
from app.render.code_blocks import code_blocks, copied_code
from app.render.design import LIST_INDENT, RADIUS_S
from app.render.frame_budget import FRAME_MS
from app.render.incremental import RenderUpdate, StreamingMarkdown
from app.render.markdown import MarkdownRenderer
from app.render.markdown_extensions import needs_whole_render
from app.render.message_html import ACTION_SCHEME

__all__ = ["StreamedAnswerView"]


class StreamedAnswerView(QTextBrowser):
    """A read-only view of one streamed answer, rendered as Markdown as it arrives.

    Args:
        renderer: Returns the renderer to use now (the transcript's: same palette, same formulas).
        resource: Serves the images the rendered HTML names (formulas, icons): the transcript's
            ``loadResource``; nothing else is loaded (no files, no network).
        parent: The owner.
        message_id: The answer's message id: its code blocks get a Copy (None: none).

    Signals:
        link_clicked(QUrl, str): A link in the answer was clicked, with its text (the window opens it as the
            transcript does, asking first about a link that could mislead).
        copied(str): A code block's Copy put it on the clipboard; the argument is the (translated)
            confirmation shown next to it, for a status line to repeat.
    """

    link_clicked = Signal(QUrl, str)
    copied = Signal(str)

    def __init__(
        self,
        renderer: Callable[[], MarkdownRenderer],
        resource: Callable[[int, QUrl], object],
        parent: QWidget | None = None,
        *,
        message_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._message_id = message_id
        self.copied_note = CopiedNote(self.viewport())
        self.anchor_tips = AnchorTips(self)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setUndoRedoEnabled(False)  # the undo stack would hold every frame
        self.document().setIndentWidth(LIST_INDENT)  # one list level: see app.render.design
        clear_document(self.document())
        self._clicked_at: QPoint | None = None
        self._renderer = renderer
        self._resource = resource
        self._stream = StreamingMarkdown(renderer(), message_id=message_id)
        self._pending: list[str] = []
        self._committed_len = 0  # characters of the document the committed blocks take
        self._finished = False
        self._formulas_waiting = 0  # formulas the last whole render showed as source, being typeset
        self._tail_len = 0  # characters the unfinished last block takes after them
        # Committed blocks waiting for formulas and those carrying on a paragraph committed in parts.
        self._parts: StreamedParts = ({}, {})
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._apply_pending)
        self.anchorClicked.connect(self._on_anchor_clicked)

    @property
    def markdown(self) -> str:
        """The answer's text as received (its Markdown source)."""
        return self._stream.text + "".join(self._pending)

    def append(self, delta: str) -> None:
        """Add streamed text; it is shown within a frame."""
        if delta:
            self._pending.append(delta)
            if not self._timer.isActive():
                self._timer.start()

    def finish(self) -> None:
        """The answer ended: show all of it, its last block final."""
        self._apply_pending()
        self._apply(self._stream.finish())
        self._finished = True
        stream = self._stream
        if needs_whole_render(stream.text) or (stream.split_provisionally and not stream.split_is_clean):
            # Footnotes resolve, and a long paragraph whose parts do not read as the whole (an emphasis
            # across a cut) is right, only in a render of the whole text.
            self._render_whole()
        else:
            self._show_typeset_blocks()  # and a long paragraph's clean parts are joined once none waits

    def formulas_ready(self) -> None:
        """Formulas were typeset: the blocks (or whole answer) showing them as source show their images."""
        if self._formulas_waiting:
            bar = self.verticalScrollBar()
            kept = bar.value()  # the reader stays where they were
            self._render_whole()
            bar.setValue(kept)
            return
        if self._parts[0]:
            self._show_typeset_blocks()
        if not self._finished and self._stream.tail_waits_for_formulas:
            self._apply(self._stream.refresh())

    def _show_typeset_blocks(self) -> None:
        """Swap the committed blocks whose formulas are all typeset; join a finished answer's parts."""
        document = self.document()

        def insert(pos: int, html_text: str) -> int:
            return insert_region(document, pos, html_text)

        def remove(start: int, end: int) -> None:
            remove_region(document, start, end)

        change, _more = swap_typeset_blocks(self._stream, self._parts, insert, remove)
        self._committed_len += change
        if self._finished and not self._parts[0]:
            join_parts(document, self._parts[1])

    def _insert(self, pos: int, html_text: str) -> int:
        return insert_region(self.document(), pos, html_text)

    def _render_whole(self) -> None:
        self._parts[0].clear()
        self._parts[1].clear()
        clear_document(self.document())
        rendered, self._formulas_waiting = self._renderer().render_counting_formulas(
            self._stream.text, message_id=self._message_id
        )
        self._committed_len = insert_region(self.document(), 0, rendered)
        self._tail_len = 0

    def loadResource(self, type: int, name: QUrl | str) -> object:
        """Serve the images the renderer names through the transcript; refuse the rest."""
        return self._resource(type, QUrl(name) if isinstance(name, str) else name)

    def _apply_pending(self) -> None:
        self._timer.stop()
        if self._pending:
            delta, self._pending = "".join(self._pending), []
            self._apply(self._stream.append(delta))

    def _apply(self, update: RenderUpdate) -> None:
        """Insert the blocks ``update`` finished and replace the unfinished last block."""
        if not update.tail_changed:
            return
        document = self.document()
        bar = self.verticalScrollBar()
        following = bar.value() >= bar.maximum() - 4  # a reader who scrolled up is not pulled down
        tail_start = min(self._committed_len, document_end(document))
        remove_region(document, tail_start, tail_start + self._tail_len)
        added = insert_committed(document, tail_start, update, self._insert, self._parts)
        self._committed_len += added
        self._tail_len = insert_region(document, tail_start + added, update.tail)
        if following:
            bar.setValue(bar.maximum())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Remember where a link was clicked, to tell the link's text (what it claims to be)."""
        self._clicked_at = event.position().toPoint()
        super().mouseReleaseEvent(event)
        self._clicked_at = None

    def _on_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme().lower() == ACTION_SCHEME:
            self._run_action(url.path())
        else:
            self.link_clicked.emit(url, clicked_link_text(self, url, self._clicked_at))

    def _run_action(self, path: str) -> None:
        """A code block's Copy (``copy-code/ID/N``), the only action of the answer's own links."""
        action, _, rest = path.partition("/")
        parts = rest.split("/")
        if action != "copy-code" or len(parts) != 2 or not parts[1].isdigit():
            return
        code = copied_code(self.markdown, int(parts[1]))
        if code is None:
            return
        mime = message_mime_data(code, None, lambda _key: None, self._renderer().render)
        QGuiApplication.clipboard().setMimeData(mime)
        at = self._clicked_at if self._clicked_at is not None else self.cursorRect().center()
        self.copied.emit(self.copied_note.confirm(at))

    # -- the keyboard on the answer's links ----------------------------------------------------------------

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab walks the answer's links (Qt's own), then names and rings the one it is on."""
        moved = super().focusNextPrevChild(next)
        self._name_selected_link()
        return moved

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """The ring goes with the focus."""
        super().focusOutEvent(event)
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The answer, then a ring in the focus colour around the link the keyboard is on."""
        super().paintEvent(event)
        place = self._selected_link_rect()
        if place is None:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(palette_for(self.palette()).focus), 2.0))
        ring = place.adjusted(-3, -1.5, 3, 1.5).translated(-scroll_offset(self))
        painter.drawRoundedRect(ring, RADIUS_S, RADIUS_S)
        painter.end()

    def _selected_link(self) -> str:
        """The href of the link the keyboard selected ("" for none)."""
        cursor = self.textCursor()
        if not self.hasFocus() or not cursor.hasSelection():
            return ""
        probe = self.textCursor()
        probe.setPosition(cursor.selectionStart() + 1)
        return probe.charFormat().anchorHref() if probe.charFormat().isAnchor() else ""

    def _selected_link_rect(self) -> QRectF | None:
        href = self._selected_link()
        if not href:
            return None
        cursor = self.textCursor()
        return link_rect(self.document(), cursor.selectionStart(), cursor.selectionEnd(), href)

    def _name_selected_link(self) -> None:
        """Screen readers hear what the selected link does ("Copy code block 1 of 2 · python")."""
        href = self._selected_link()
        description = ""
        if href.startswith(f"{ACTION_SCHEME}:copy-code/"):
            index = int(href.rpartition("/")[2] or 0)
            blocks = code_blocks(self.markdown)
            if index < len(blocks):
                description = code_copy_name(index, len(blocks), blocks[index][0])
        self.setAccessibleDescription(description)
        self.viewport().update()
