"""The transcript's messages as regions of its document: inserted, replaced and removed without neighbours.

Each message is a run of regions laid out one after another: header line, "Thinking" section, answer body
and notice (error box). A region always starts with the block separator that ends the block before it, so it
can be removed and re-inserted without touching its neighbours (``app.qt.render.document_edit``). The record
of a message keeps a ``QTextCursor`` at its start (Qt moves it when text before it changes) plus the length of
each region. A "Show earlier messages" line may sit at the top of the document, before every message.
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor, QTextDocument

from app.qt.render import document_edit as regions
from app.qt.render.document_edit import MessageRecord
from app.qt.render.streamed_parts import insert_committed, join_parts, swap_typeset_blocks
from app.qt.widgets.live_reply import LiveReply
from app.qt.widgets.transcript_html import TranscriptHtml
from app.render.history_pages import MessageRow
from app.render.incremental import RenderUpdate

__all__ = ["TranscriptRegions"]


class TranscriptRegions:
    """The messages laid out in the transcript's document, by id, in document order.

    Args:
        document: The transcript's document.
        html: Builds the HTML of each region.
    """

    def __init__(self, document: QTextDocument, html: TranscriptHtml) -> None:
        self._document = document
        self._html = html
        #: The shown messages by id, in document order.
        self.messages: dict[int, MessageRecord] = {}
        #: Message id -> (number, count) for messages with other versions: their headers show a switcher.
        self.versions: dict[int, tuple[int, int]] = {}
        #: Messages with a version not shown that is still answering: their switcher shows a mark.
        self.answering_elsewhere: set[int] = set()
        self._banner_len = 0
        #: Characters of HTML the last change of a live reply's tail inserted.
        self.live_html_chars = 0
        #: Whether block quotes were inserted (only then does the view paint their bars).
        self.has_quotes = False
        #: Whether code blocks were inserted (only then does the view paint their padding and edges).
        self.has_code = False
        #: Messages whose Thinking the reader opened: they stay open when the transcript is drawn again
        #: (a new message, a conversation switch and back). Kept by message id, which is never reused.
        self.expanded_thoughts: set[int] = set()
        #: Tool results the reader folded or unfolded (long ones start folded, short ones open), kept alike.
        self.toggled_tools: set[int] = set()
        # Finished messages' regions as parsed, for a version shown again (not the live reply's frames).
        self._fragments = regions.RegionFragments()

    def reset(self) -> None:
        """Empty the document and forget every message (the versions stay: they come with the rows)."""
        self.messages.clear()
        self._banner_len = 0
        self.has_quotes = False
        self.has_code = False
        # The first message's header (or the "Show earlier messages" line) brings its own space above it.
        regions.clear_document(self._document)

    def new_message(
        self,
        message_id: int,
        role: str,
        source: str,
        header: str,
        status: str,
        notice: str | None,
        pos: int | None = None,
    ) -> MessageRecord:
        """Insert a message's header at ``pos`` (the end when None); one with the same id is replaced."""
        old = self.messages.pop(message_id, None)
        if old is not None:
            # A regenerated or retried reply replaces the old one; when it was last, it keeps its place.
            self.remove(old.start.position(), old.end())
        at = self.end() if pos is None else pos
        start = QTextCursor(self._document)
        start.setPosition(at)
        message = MessageRecord(message_id, role, source, header, status, notice, start)
        message.thoughts_expanded = message_id in self.expanded_thoughts
        if role == "tool":
            # Imported here: the tools package is not needed for the first frame.
            from app.core.chat.tool_display import folds_by_default

            message.tools_expanded = (not folds_by_default(source)) ^ (message_id in self.toggled_tools)
        message.versions = self.versions.get(message_id)
        message.answering_elsewhere = message_id in self.answering_elsewhere
        message.header_len = self.insert(at, self._html.header(message), keep=True)
        # Re-set: inserting at exactly its position moved the start cursor past the header.
        message.start.setPosition(at)
        self.messages[message_id] = message
        return message

    def render_row(self, row: MessageRow, pos: int | None, error: tuple[str, str, bool] | None) -> int:
        """Insert a finished message at ``pos`` (the document end when None); return where it ends."""
        message_id, role, markdown, header, status, notice, *extra = row
        thoughts = extra[:1]
        message = self.new_message(message_id, role, markdown, header, status, notice, pos)
        message.footer = extra[1] if len(extra) > 1 else ""
        message.error = error
        if thoughts and thoughts[0]:
            message.thoughts = thoughts[0]
            html_text = self._html.thoughts(message, live=False, waited=None)
            message.thoughts_len = self.insert(message.region_start("thoughts"), html_text, keep=True)
        message.body_len = self.insert(message.region_start("body"), self._html.body(message), keep=True)
        message.notice_len = self.insert(
            message.region_start("notice"), self._html.notice(message), keep=True
        )
        return message.end()

    def show_banner(self, earlier: int) -> None:
        """Show, update or remove (``earlier`` 0) the "Show earlier messages" line at the top."""
        self.remove(0, self._banner_len)
        self._banner_len = self.insert(0, self._html.banner(earlier) if earlier else "")

    def apply_live(self, live: LiveReply, update: RenderUpdate) -> None:
        """Insert the blocks ``update`` finished and replace the live reply's tail."""
        if not update.tail_changed:
            return
        tail_start = live.message.region_start("body") + live.committed_len
        self.remove(tail_start, tail_start + live.tail_len)
        committed = "".join(update.committed)
        added = self._insert_committed(live, tail_start, update)
        live.committed_len += added
        live.tail_len = self.insert(tail_start + added, update.tail)
        live.message.body_len = live.committed_len + live.tail_len
        self.live_html_chars = len(committed) + len(update.tail)

    def _insert_committed(self, live: LiveReply, pos: int, update: RenderUpdate) -> int:
        """Insert the committed blocks at ``pos``; return their length (see ``streamed_parts``)."""
        return insert_committed(self._document, pos, update, self.insert, (live.waiting_blocks, live.joins))

    def show_typeset_blocks(self, live: LiveReply, deadline: float | None = None) -> bool:
        """Swap the live reply's committed blocks whose formulas are all typeset now for their final HTML.

        Until ``time.perf_counter()`` passes ``deadline`` (at least one block; all when None): return whether
        some may be left for the next frame.
        """
        parts = (live.waiting_blocks, live.joins)
        change, more = swap_typeset_blocks(live.markdown, parts, self.insert, self.remove, deadline)
        live.committed_len += change
        live.message.body_len += change
        return more

    def join_parts(self, live: LiveReply) -> None:
        """Join the live reply's paragraphs committed in parts (``streamed_parts.join_parts``)."""
        join_parts(self._document, live.joins)

    def redraw_waiting_bodies(self, live: MessageRecord | None) -> None:
        """Draw again the finished bodies that showed formulas as their source (not the ``live`` one)."""
        waiting, self._html.waiting_for_formulas = self._html.waiting_for_formulas, set()
        for message_id in waiting:
            message = self.messages.get(message_id)
            if message is not None and message is not live:
                self.replace(message, "body", self._html.body(message))

    def replace(self, message: MessageRecord, region: str, html_text: str) -> None:
        """Replace one region of ``message`` with ``html_text``."""
        pos = message.region_start(region)
        length_attr = f"{region}_len"
        self.remove(pos, pos + getattr(message, length_attr))
        setattr(message, length_attr, self.insert(pos, html_text))
        if region == "header":
            message.start.setPosition(pos)

    def insert(self, pos: int, html_text: str, *, keep: bool = False) -> int:
        """Insert a region at ``pos``; return its length. ``keep``: a finished message's, parsed once."""
        self.has_quotes = self.has_quotes or "<blockquote" in html_text
        self.has_code = self.has_code or "<pre" in html_text
        if keep and html_text:
            return regions.insert_region(self._document, pos, self._fragments.get(self._document, html_text))
        return regions.insert_region(self._document, pos, html_text)

    def remove(self, start: int, end: int) -> None:
        """Remove the regions from ``start`` to ``end``."""
        regions.remove_region(self._document, start, end)

    def remove_from(self, index: int) -> list[MessageRecord]:
        """Remove the drawn messages from the ``index``-th on, regions and records; return them."""
        removed = list(self.messages.values())[index:]
        for message in removed:
            del self.messages[message.message_id]
        if removed:
            self.remove(removed[0].start.position(), self.end())
        return removed

    def end(self) -> int:
        """The position where a region appended at the end would start."""
        return regions.document_end(self._document)

    def top_of(self, message: MessageRecord | None) -> float:
        """The top of ``message`` in document coordinates (0 for None)."""
        return 0.0 if message is None else regions.region_top(self._document, message.start.position())
