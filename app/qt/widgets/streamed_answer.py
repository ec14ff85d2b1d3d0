"""One answer rendered as Markdown while it streams, outside the transcript (a column of several models).

The rendering is the transcript's: its ``MarkdownRenderer`` (colours, code blocks, tables, formulas) and the
same incremental ``StreamingMarkdown``, so a frame re-renders only the unfinished last block. Deltas are
buffered and applied once per frame, the way the transcript applies its live reply.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QTimer, QUrl, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QTextBrowser, QWidget

from app.qt.render.document_edit import clear_document, document_end, insert_region, remove_region
from app.qt.widgets.link_opener import clicked_link_text
from app.render.frame_budget import FRAME_MS
from app.render.incremental import RenderUpdate, StreamingMarkdown
from app.render.markdown import MarkdownRenderer
from app.render.markdown_extensions import needs_whole_render

__all__ = ["StreamedAnswerView"]


class StreamedAnswerView(QTextBrowser):
    """A read-only view of one streamed answer, rendered as Markdown as it arrives.

    Args:
        renderer: Returns the renderer to use now (the transcript's: same palette, same formulas).
        resource: Serves the images the rendered HTML names (formulas, icons): the transcript's
            ``loadResource``; nothing else is loaded (no files, no network).
        parent: The owner.

    Signals:
        link_clicked(QUrl, str): A link in the answer was clicked, with its text (the window opens it as the
            transcript does, asking first about a link that could mislead).
    """

    link_clicked = Signal(QUrl, str)

    def __init__(
        self,
        renderer: Callable[[], MarkdownRenderer],
        resource: Callable[[int, QUrl], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.document().setUndoRedoEnabled(False)  # the undo stack would hold every frame
        clear_document(self.document())
        self._clicked_at: QPoint | None = None
        self._renderer = renderer
        self._resource = resource
        self._stream = StreamingMarkdown(renderer())
        self._pending: list[str] = []
        self._committed_len = 0  # characters of the document the committed blocks take
        self._tail_len = 0  # characters the unfinished last block takes after them
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
        source = self._stream.text
        if needs_whole_render(source) or self._stream.waiting_blocks:
            # Footnotes resolve, and formulas typeset meanwhile show, only in a render of the whole text.
            clear_document(self.document())
            self._committed_len = insert_region(self.document(), 0, self._renderer().render(source))
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
        added = insert_region(document, tail_start, "".join(update.committed))
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
        self.link_clicked.emit(url, clicked_link_text(self, url, self._clicked_at))
