"""The one markdown-it configuration every renderer and splitter shares.

CommonMark with GFM tables, strikethrough and bare-URL autolinks, raw HTML off, the guards against hostile
runs and tables (``long_content``), and the extensions (math, footnotes, task lists; ``markdown_extensions``).

An autolink's text keeps the host as the address has it. markdown-it shows ``https://xn--ggle-55da.com`` as
``https://gооgle.com``, decoding the host to Unicode, here Cyrillic letters that read as "google": the text
the user reads must not make a look-alike host pass for the one it imitates (the click asks first anyway,
``app.core.link_safety``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.render.long_content import use_large_table_guard, use_long_run_guard
from app.render.markdown_extensions import use_extensions

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

__all__ = ["autolink_text", "new_parser"]


def new_parser(*, extensions: bool = True) -> MarkdownIt:
    """A parser with the app's configuration (``extensions``: math, footnotes, task lists...)."""
    # Imported on first use: markdown-it and its plugins are not needed to show the window, only a message.
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False, "linkify": True})
    parser.enable(["table", "strikethrough", "linkify"])
    parser.normalizeLinkText = autolink_text  # type: ignore[method-assign,assignment]  # the documented hook
    # Every link is parsed, so that one the renderer refuses (file:, javascript:) reads as its words and its
    # target (``refused_link``) rather than as raw "[words](file:///…)" source: the renderer never follows it.
    parser.validateLink = lambda _url: True  # type: ignore[method-assign,assignment]  # the documented hook
    use_long_run_guard(parser)
    use_large_table_guard(parser)
    return use_extensions(parser) if extensions else parser


def autolink_text(url: str) -> str:
    """How an autolink's address reads: percent-escapes decoded as markdown-it does, the host left as sent."""
    import mdurl

    # "%" stays encoded, as markdown-it keeps it (markdown-it issue 720: "%25" must not become "%").
    return mdurl.decode(url, mdurl.DECODE_DEFAULT_CHARS + "%")


def refused_link(href: str) -> bool:
    """Whether markdown-it refuses ``href`` (``javascript:``, ``vbscript:``, ``file:``, most ``data:``)."""
    from markdown_it.common.normalize_url import validateLink

    return not validateLink(href)
