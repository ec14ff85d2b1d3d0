"""Markdown to the HTML subset that ``QTextDocument`` understands.

CommonMark plus GFM tables and strikethrough, parsed by markdown-it with raw HTML disabled: a model writing
``<script>`` or ``<b>`` gets that text shown, not interpreted. Images never load anything: ``![alt](url)``
becomes a plain link labelled ``[image: alt]``. Everything the renderer styles is styled inline, because Qt's
rich text engine ignores most stylesheet rules and the HTML must look the same wherever it is inserted.

Rendering works per top-level block (``split_blocks``), so the streaming renderer commits each block once.
The ``env`` dict carries the running code-block number across blocks, which keeps "copy code" links stable
whether a message is rendered whole or block by block.
"""

from __future__ import annotations

import html
from collections.abc import Callable, MutableMapping, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from app.qt.render.highlight import CodeHighlighter
from app.qt.render.palette import LIGHT, RenderPalette

#: (message_id, code_index) -> href of the "copy code" action; ``None`` hides the action.
CodeActionHref = Callable[[int, int], str]

DEFAULT_MONO_FAMILY = "'DejaVu Sans Mono', Menlo, Consolas, 'Noto Sans Mono CJK SC', monospace"

_HEADING_SIZES = {
    "h1": "x-large",
    "h2": "large",
    "h3": "medium",
    "h4": "medium",
    "h5": "small",
    "h6": "small",
}

#: env keys used while rendering.
_CODE_INDEX = "code_index"
_MESSAGE_ID = "message_id"


def new_parser() -> MarkdownIt:
    """Return the one parser configuration every renderer and splitter must share."""
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def split_blocks(tokens: Sequence[Token]) -> list[list[Token]]:
    """Group a markdown-it token stream into its top-level blocks, in order.

    A block is an opening token at level 0 through its matching close, or a self-contained level-0 token
    (fence, code block, rule). The first token of each group carries the block's ``map`` line range.
    """
    groups: list[list[Token]] = []
    depth = 0
    for token in tokens:
        if depth == 0:
            groups.append([])
        groups[-1].append(token)
        depth += token.nesting
    return groups


def code_sources(source: str) -> list[str]:
    """Return the raw text of every code block in ``source``, in the order the renderer numbers them."""
    # Fences inside lists and quotes are in the flat token list too: markdown-it nests only inline children.
    return [t.content for t in new_parser().parse(source) if t.type in ("fence", "code_block")]


class MarkdownRenderer:
    """Renders Markdown (or already parsed tokens) to Qt rich text with one palette.

    Args:
        palette: Colours for code, quotes and tables.
        mono_family: CSS font-family list for code.
        code_action_href: Builds the "copy code" link of a code block; ``None`` renders no link.
        copy_label: The (translated) text of that link.
        image_label: The text shown instead of an image; ``{alt}`` is replaced by the alt text.
    """

    def __init__(
        self,
        palette: RenderPalette = LIGHT,
        *,
        mono_family: str = DEFAULT_MONO_FAMILY,
        code_action_href: CodeActionHref | None = None,
        copy_label: str = "Copy",
        image_label: str = "[image: {alt}]",
    ) -> None:
        self.palette = palette
        self._mono_family = mono_family
        self._code_action_href = code_action_href
        self._copy_label = copy_label
        self._image_label = image_label
        self._highlighter = CodeHighlighter(
            palette.pygments_style, text_color=palette.code_text, mono_family=mono_family
        )
        self._md = new_parser()
        # Assigned directly: add_render_rule() would re-bind these bound methods to markdown-it's renderer.
        renderer = self._md.renderer
        assert isinstance(renderer, RendererHTML)
        renderer.rules.update(self._rules())  # type: ignore[arg-type]

    # -- public API -----------------------------------------------------------------------------------------

    def parse(self, source: str, env: MutableMapping[str, Any] | None = None) -> list[Token]:
        """Parse ``source`` to block tokens; ``env`` receives (and supplies) link reference definitions."""
        return self._md.parse(source, env if env is not None else {})

    def render_tokens(self, tokens: Sequence[Token], env: MutableMapping[str, Any]) -> str:
        """Render parsed tokens; ``env`` carries the code-block counter (see ``new_render_env``)."""
        # Qt turns a newline after the last closing tag into a trailing space in the last block.
        return str(self._md.renderer.render(tokens, self._md.options, env)).rstrip()

    def render(self, source: str, *, message_id: int | None = None) -> str:
        """Render a whole Markdown document to Qt rich text."""
        return "".join(self.render_blocks(source, message_id=message_id))

    def render_blocks(self, source: str, *, message_id: int | None = None) -> list[str]:
        """Render a document to one HTML string per top-level block."""
        env = new_render_env(message_id)
        return [self.render_tokens(group, env) for group in split_blocks(self.parse(source))]

    # -- render rules ---------------------------------------------------------------------------------------

    def _rules(self) -> dict[str, Callable[..., str]]:
        return {
            "fence": self._fence,
            "code_block": self._fence,
            "code_inline": self._code_inline,
            "image": self._image,
            "heading_open": self._heading_open,
            "table_open": self._table_open,
            "th_open": self._cell_open,
            "td_open": self._cell_open,
            "blockquote_open": self._blockquote_open,
            "hr": self._rule,
            "link_open": self._link_open,
        }

    def _fence(self, tokens: Sequence[Token], idx: int, _o: Any, env: MutableMapping[str, Any]) -> str:
        token = tokens[idx]
        index = env.get(_CODE_INDEX, 0)
        env[_CODE_INDEX] = index + 1
        language = token.info.strip().split(maxsplit=1)[0] if token.info.strip() else ""
        pal = self.palette
        caption = ""
        message_id = env.get(_MESSAGE_ID)
        if language or (self._code_action_href is not None and message_id is not None):
            action = ""
            if self._code_action_href is not None and message_id is not None:
                href = html.escape(self._code_action_href(message_id, index))
                action = (
                    f'&nbsp;&nbsp;<a href="{href}" style="color:{pal.code_caption}; text-decoration:none">'
                    f"{html.escape(self._copy_label)}</a>"
                )
            caption = (
                f'<p style="margin-top:10px; margin-bottom:0; font-size:small; color:{pal.code_caption}; '
                f'background-color:{pal.code_background}">&nbsp;{html.escape(language)}{action}</p>'
            )
        code = self._highlighter.highlight(token.content, language, background=pal.code_background)
        # Plain shaded blocks, not a one-cell table: every table is a QTextFrame, and a shown QTextEdit pays
        # for each frame in the document on every edit, so streaming cost would grow with the transcript.
        return caption + code + "\n"

    def _code_inline(self, tokens: Sequence[Token], idx: int, _o: Any, _env: Any) -> str:
        text = html.escape(tokens[idx].content, quote=False)
        return (
            f'<span style="font-family:{self._mono_family}; '
            f'background-color:{self.palette.inline_code_background}">{text}</span>'
        )

    def _image(self, tokens: Sequence[Token], idx: int, _o: Any, _env: Any) -> str:
        # Never emit <img>: a remote URL would be fetched (a tracking pixel at best) just by showing the text.
        token = tokens[idx]
        alt = "".join(child.content for child in token.children or [])
        label = html.escape(self._image_label.replace("{alt}", alt), quote=False)
        src = html.escape(str(token.attrGet("src") or ""))
        return f'<a href="{src}" style="color:{self.palette.link}">{label}</a>'

    def _heading_open(self, tokens: Sequence[Token], idx: int, _o: Any, _env: Any) -> str:
        tag = tokens[idx].tag
        return f'<{tag} style="font-size:{_HEADING_SIZES.get(tag, "medium")}">'

    def _table_open(self, _t: Sequence[Token], _i: int, _o: Any, _env: Any) -> str:
        pal = self.palette
        return (
            f'<table border="1" cellspacing="0" cellpadding="6" style="border-collapse:collapse; '
            f'border-style:solid; border-color:{pal.table_border}; margin-top:4px; margin-bottom:10px">\n'
        )

    def _cell_open(self, tokens: Sequence[Token], idx: int, _o: Any, _env: Any) -> str:
        token = tokens[idx]
        attrs = ""
        style = str(token.attrGet("style") or "")
        if style.startswith("text-align:"):
            # Qt honours the align attribute on cells more reliably than the CSS property.
            attrs += f' align="{html.escape(style.removeprefix("text-align:"))}"'
        if token.tag == "th":
            attrs += f' bgcolor="{self.palette.table_header_background}"'
        return f"<{token.tag}{attrs}>"

    def _link_open(self, tokens: Sequence[Token], idx: int, _o: Any, _env: Any) -> str:
        href = html.escape(str(tokens[idx].attrGet("href") or ""))
        return f'<a href="{href}" style="color:{self.palette.link}">'

    def _rule(self, _t: Sequence[Token], _i: int, _o: Any, _env: Any) -> str:
        # Qt paints a rule in the block's background colour; its default (black) is far too heavy.
        return f'<hr style="background-color:{self.palette.table_border}" />\n'

    def _blockquote_open(self, _t: Sequence[Token], _i: int, _o: Any, _env: Any) -> str:
        return f'<blockquote style="color:{self.palette.quote_text}; margin-left:16px">'


def new_render_env(message_id: int | None = None, code_index: int = 0) -> dict[str, Any]:
    """Return a fresh render env: the running code-block number and the message its links point to."""
    return {_CODE_INDEX: code_index, _MESSAGE_ID: message_id}


def code_index_of(env: MutableMapping[str, Any]) -> int:
    """Return how many code blocks a render env has numbered so far."""
    return int(env.get(_CODE_INDEX, 0))


def render_markdown(source: str, *, palette: RenderPalette = LIGHT) -> str:
    """Render a Markdown document to Qt rich text HTML (no action links)."""
    return MarkdownRenderer(palette).render(source)


def render_blocks(source: str, *, palette: RenderPalette = LIGHT) -> list[str]:
    """Render a Markdown document to one Qt rich text HTML string per top-level block."""
    return MarkdownRenderer(palette).render_blocks(source)
