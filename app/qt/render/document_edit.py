"""Edits of a ``QTextDocument`` made of regions: runs of whole blocks that can be inserted and removed.

A region always starts with the block separator that ends the block before it, so it can be removed and
re-inserted without touching its neighbours. Positions are ``QTextDocument`` character positions.

The images the app writes into a region (interface icons, formulas, pictures) are put in through a cursor,
not Qt's HTML reader, which would give each a text frame (``app.qt.render.document_images``).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from PySide6.QtGui import QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument, QTextDocumentFragment

from app.qt.render.document_images import ImageSpec, mark_images, put_images

#: A zero-width character inserted ahead of every fragment and removed again; see ``insert_region``.
SENTINEL = "\u2060"


@dataclass(slots=True)
class MessageRecord:
    """What the transcript knows about one message: its source and where its regions sit in the document.

    ``start`` is a cursor at the message's first position; Qt moves it when text before it changes.
    """

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
    #: A tool step's results are shown whole (True) or folded to one line per call (a ``tool`` message).
    tools_expanded: bool = True
    error: tuple[str, str, bool] | None = None  # (title, detail, retry) from show_error
    footer: str = ""  # the figures line under a finished reply
    versions: tuple[int, int] | None = None  # (number, count) when the message has siblings
    answering_elsewhere: bool = False  # another version of it (or what follows one) is still answering

    def region_start(self, region: str) -> int:
        """Return the document position where ``region`` begins."""
        pos = self.start.position()
        for name in ("header", "thoughts", "body", "notice"):
            if name == region:
                return pos
            pos += getattr(self, f"{name}_len")
        raise ValueError(region)

    def end(self) -> int:
        """The position just past the message's last region."""
        return self.region_start("notice") + self.notice_len


def clear_document(document: QTextDocument) -> None:
    """Empty ``document`` for regions: no top margin, and a first block of (almost) no height.

    Every region is inserted after an existing block, so the document keeps its first, empty block; at full
    height it would open the document with a blank line, and the top margin would double the first
    region's own space above it.
    """
    document.clear()
    root = document.rootFrame()
    frame = root.frameFormat()
    frame.setTopMargin(0)
    root.setFrameFormat(frame)
    top = QTextBlockFormat()
    top.setLineHeight(1, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
    tiny = QTextCharFormat()
    tiny.setFontPointSize(1)
    cursor = QTextCursor(document)
    cursor.setBlockFormat(top)
    cursor.setBlockCharFormat(tiny)


@dataclass(frozen=True, slots=True)
class ParsedRegion:
    """A region parsed for ``insert_region``: the fragment, and the images its placeholders stand for."""

    fragment: QTextDocumentFragment
    images: tuple[ImageSpec, ...] = ()


class RegionFragments:
    """Regions parsed before, to insert again without parsing their HTML again (a version shown again).

    Parsing is most of what inserting a finished message costs; a version switched away from and back to
    brings back the very same HTML. The least recently used are dropped past ``limit`` characters of HTML.
    """

    def __init__(self, limit: int = 400_000) -> None:
        self._limit = limit
        self._chars = 0
        self._fragments: OrderedDict[str, ParsedRegion] = OrderedDict()

    @property
    def chars(self) -> int:
        """Characters of HTML kept parsed."""
        return self._chars

    def get(self, document: QTextDocument, html_text: str) -> ParsedRegion:
        """``html_text`` parsed as ``insert_region`` inserts it: from the cache, or parsed and kept."""
        fragment = self._fragments.get(html_text)
        if fragment is not None:
            self._fragments.move_to_end(html_text)
            return fragment
        fragment = region_fragment(document, html_text)
        if len(html_text) <= self._limit // 4:  # one huge message must not push out all the others
            self._fragments[html_text] = fragment
            self._chars += len(html_text)
            while self._chars > self._limit:
                dropped, _ = self._fragments.popitem(last=False)
                self._chars -= len(dropped)
        return fragment


def region_fragment(document: QTextDocument, html_text: str) -> ParsedRegion:
    """``html_text`` parsed for ``insert_region`` (behind its throw-away paragraph; see there).

    Its images are placeholder characters until ``insert_region`` puts them in.
    """
    marked = mark_images(html_text)
    # What QTextCursor.insertHtml parses: the document resolves the images' sizes.
    fragment = QTextDocumentFragment.fromHtml(f"<p>{SENTINEL}</p>{marked.html}", document)
    return ParsedRegion(fragment, marked.images)


def insert_region(document: QTextDocument, pos: int, html_text: str | ParsedRegion) -> int:
    """Insert ``html_text`` as new blocks after the block ending at ``pos``; return the positions used.

    ``html_text`` may come parsed already (``region_fragment``, ``RegionFragments``).

    ``insertHtml`` merges a fragment's first block into the block at the cursor, dropping that block's
    format (a heading or code block would lose its style), and drops empty paragraphs. Leading with a
    throw-away paragraph holding one zero-width character absorbs the merge; removing that character
    afterwards leaves exactly the blocks a one-shot ``setHtml`` would produce.

    The block before the region keeps its formats: into an *empty* block (the document's first), Qt would
    otherwise copy the throw-away paragraph's, margins and all, and a blank line would open the document.
    """
    if not html_text:
        return 0
    parsed = html_text if isinstance(html_text, ParsedRegion) else region_fragment(document, html_text)
    cursor = QTextCursor(document)
    cursor.setPosition(pos)
    block_format = cursor.blockFormat()
    char_format = cursor.blockCharFormat()
    cursor.insertFragment(parsed.fragment)
    end = cursor.position()
    if parsed.images:
        end -= put_images(document, pos, parsed.images)
    cursor.setPosition(pos)
    cursor.setPosition(pos + 1, QTextCursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()
    cursor.setBlockFormat(block_format)
    cursor.setBlockCharFormat(char_format)
    return end - pos - 1


def remove_region(document: QTextDocument, start: int, end: int) -> None:
    """Remove the region [start, end), which begins with the separator ending the block before it."""
    if end <= start:
        return
    cursor = QTextCursor(document)
    cursor.setPosition(start)
    # Removing a block separator leaves the merged block with the format of the *last* removed block, so
    # the block before the region (a rule, a list item, a heading) would silently take the tail's format.
    block_format = cursor.blockFormat()
    char_format = cursor.blockCharFormat()
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    cursor.removeSelectedText()
    cursor.setBlockFormat(block_format)
    cursor.setBlockCharFormat(char_format)


def document_end(document: QTextDocument) -> int:
    """The position at the end of the last block, where a region is appended."""
    return document.characterCount() - 1


def region_top(document: QTextDocument, pos: int) -> float:
    """The y (document coordinates) of the first block of the region starting at ``pos``, laid out now."""
    block = document.findBlock(pos + 1)
    return float(document.documentLayout().blockBoundingRect(block).top())
