"""The HTML of each region of a transcript message, in the transcript's current colours and language.

Bodies are Markdown rendered by a ``MarkdownRenderer``; headers, thoughts, notices and the "Show earlier
messages" line come from ``app.render.message_html``. Rendered bodies are kept (least recently used first
out), so switching back to a conversation does not render its messages again; a body that shows formulas as
their source while they are typeset is not kept, and its message is listed in ``waiting_for_formulas``.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject
from PySide6.QtGui import QFontDatabase

from app.qt.render.document_edit import MessageRecord
from app.render import message_html as chrome
from app.render.design import BUBBLE_INDENT, SHORT_USER_CHARS
from app.render.markdown import MarkdownRenderer
from app.render.math import FormulaImages
from app.render.message_html import ACTION_SCHEME, ChromeLabels
from app.render.palette import RenderPalette

if TYPE_CHECKING:
    from app.qt.widgets.transcript_images import TranscriptImages

__all__ = ["MAX_SHOWN_CHARS", "TranscriptHtml", "shown_part"]

MAX_SHOWN_CHARS = 200_000
"""A message body longer than this shows only its beginning, with a line saying how much is left out.

Qt lays out a paragraph in one piece and markdown-it parses at about a megabyte a second, so a 5 MB paste
or a hostile gateway's 5 MB line would freeze the window for many seconds. Real answers stay far below this
(Gemini's output limit is about 65,000 tokens). The whole text stays in the message: Copy, Edit and export
use it.
"""


def shown_part(text: str, limit: int = MAX_SHOWN_CHARS) -> str:
    """The beginning of ``text`` that the transcript shows: all of it up to ``limit``, else cut at a line end.

    The cut is at the last line end in the second half of the allowance, so a table or a list is not cut in
    the middle of a line; a long single line is cut at ``limit``.
    """
    if len(text) <= limit:
        return text
    line_end = text.rfind("\n", limit // 2, limit)
    return text[: line_end + 1] if line_end >= 0 else text[:limit]


class TranscriptHtml(QObject):
    """Builds the HTML of message regions with one palette, and caches rendered bodies.

    Args:
        palette: The colours to start with.
        images: The ``gd-image:`` images: their natural sizes (the renderer caps the shown size) and why one
            is not shown.
        cache_size: How many rendered message bodies to keep.
        parent: The owner.
        formulas: Typeset formula images; ``None`` shows formulas as their source.
    """

    def __init__(
        self,
        palette: RenderPalette,
        images: TranscriptImages,
        cache_size: int,
        parent: QObject | None = None,
        formulas: FormulaImages | None = None,
    ) -> None:
        super().__init__(parent)
        self._images = images
        self._formulas = formulas
        #: Messages whose rendered body shows formulas as source because their images were not ready.
        self.waiting_for_formulas: set[int] = set()
        self._cache: OrderedDict[tuple[int, int, RenderPalette], str] = OrderedDict()
        self._cache_size = cache_size
        self.labels = self._make_labels()
        self.palette = palette
        self.renderer = self._make_renderer(palette)

    def refresh_labels(self) -> None:
        """Word the headers and action links in the language now installed."""
        self.labels = self._make_labels()

    def set_palette(self, palette: RenderPalette) -> bool:
        """Use other colours from now on; return whether they differ from the current ones."""
        if palette == self.palette:
            return False
        self.palette = palette
        self.renderer = self._make_renderer(palette)
        return True

    def header(self, message: MessageRecord) -> str:
        """The header line: who wrote the message, and its actions."""
        return chrome.header_html(self.palette, self.labels, message)

    def thoughts(self, message: MessageRecord, *, live: bool, waited: int | None, attempt: int = 0) -> str:
        """The "Thinking" section, or "Thinking… N s" while a live reply has sent nothing for ``waited`` s.

        ``attempt`` > 0: the request is being sent again (an automatic retry): "Retrying (n)… N s".
        """
        if live and waited is not None and not message.thoughts:
            return chrome.waiting_html(self.palette, self.labels, waited, attempt)
        return chrome.thoughts_html(
            self.palette, self.labels, message, live=live, render=self.renderer.render
        )

    def notice(self, message: MessageRecord) -> str:
        """The notice or error box under a message, with the figures line."""
        return chrome.notice_html(self.palette, self.labels, message)

    def banner(self, count: int) -> str:
        """The "Show earlier messages" line for ``count`` messages not shown yet."""
        return chrome.load_earlier_html(self.palette, self.labels, count)

    def body(self, message: MessageRecord) -> str:
        """The message's Markdown rendered, from the cache when this text was rendered in these colours.

        The user's own message is set in from the left, and right-aligned when it is one short line, so the
        bubble the view paints behind it (``paint_bubbles``) hugs it on the right.
        """
        rendered = self._rendered_body(message)
        if message.role != "user":
            return rendered
        short = "\n" not in message.source.strip() and len(message.source) <= SHORT_USER_CHARS
        align = ' align="right"' if short else ""
        return f'<div{align} style="margin-left:{BUBBLE_INDENT}px">{rendered}</div>'

    def _rendered_body(self, message: MessageRecord) -> str:
        # Folded tool results show one label line per call; copy and export still take the whole source.
        source = message.source
        if message.role == "tool" and not message.tools_expanded:
            from app.core.chat.tool_display import folded_tool_results  # not needed for the first frame

            source = folded_tool_results(source)
        key = (message.message_id, hash(source), self.palette)
        cached = self._cache.get(key)
        if cached is None:
            shown = shown_part(source)
            cached, waiting = self.renderer.render_counting_formulas(shown, message_id=message.message_id)
            if len(shown) < len(source):
                cached += self.left_out_html(len(source) - len(shown))
            if waiting:
                self.waiting_for_formulas.add(message.message_id)
                return cached
            self.waiting_for_formulas.discard(message.message_id)
            self._cache[key] = cached
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return cached

    def forget_bodies(self) -> None:
        """Drop the rendered bodies (formulas are drawn in another size or colour now)."""
        self._cache.clear()

    def left_out_html(self, count: int) -> str:
        """The line ending a body shown only in part: how many characters are left out, and where they are."""
        text = self.tr("… {0} more characters are not shown here. Copy the message to get all of it.").format(
            QLocale().toString(count)
        )
        return f'<p style="font-style:italic; color:{self.palette.muted}">{html.escape(text)}</p>'

    def _make_renderer(self, palette: RenderPalette) -> MarkdownRenderer:
        family = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
        return MarkdownRenderer(
            palette,
            mono_family=f"'{family}', monospace",
            code_action_href=lambda message_id, index: f"{ACTION_SCHEME}:copy-code/{message_id}/{index}",
            copy_label=self.tr("Copy"),
            image_label=self.tr("[image: {alt}]"),
            image_size=self._images.size,
            image_action_href=lambda action, key: f"{ACTION_SCHEME}:{action}/{key}",
            image_action_labels=(self.tr("Copy image"), self.tr("Save image…")),
            image_refusal=self._images.refusal,
            # {reason} says why, e.g. "image too large: 20000×20000".
            image_refused_label=self.tr("[image: {alt}] ({reason})"),
            formula_images=self._formulas,
            formula_error_label=self.tr("This formula could not be typeset; its source is shown"),
            large_table_label=self.tr("A table of {rows} rows and {columns} columns, shown as text"),
            formula_too_big_label=self.tr(
                "This formula is too long or too large to typeset in reasonable time; its source is shown"
            ),
        )

    def _make_labels(self) -> ChromeLabels:
        return ChromeLabels(
            you=self.tr("You"),
            gemini=self.tr("Gemini"),
            tools=self.tr("Tools"),
            show_tools=self.tr("Show tool results"),
            hide_tools=self.tr("Hide tool results"),
            retry=self.tr("Retry"),
            thinking=self.tr("Thinking"),
            thinking_live=self.tr("Thinking…"),
            waiting=self.tr("Thinking… {0} s"),
            retrying=self.tr("Retrying ({0})… {1} s"),
            reply_failed=self.tr("The reply failed"),
            show_earlier=self.tr("Show earlier messages"),
            earlier_count=self.tr("{0} more"),
            previous_version=self.tr("Previous version"),
            next_version=self.tr("Next version"),
            version_of=self.tr("Version {0} of {1}"),
            answering_elsewhere=self.tr("Another version is still answering"),
        )
