"""How Markdown's blocks are laid out in Qt rich text: headings, paragraphs, list items and block quotes.

Qt's rich text ignores style sheets for most of this, so every block carries its measures inline, all taken
from ``app.render.design``: the heading scale, the prose line height, the gaps between list items.

Block quotes: the view paints a bar left of every block inside a quote (``transcript_quotes``). Qt marks only
a quote's own paragraphs as quoted (``BlockQuoteLevel``), not a list or a code block inside it, but it hands
a quote's side margins down to every block inside, adding them up for nested quotes. So a quote gets a
right margin of ``QUOTE_MARK`` pixels, which nothing else in a message has: a block's right margin says how
many quotes it sits in.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping, Sequence
from typing import TYPE_CHECKING, Any

from app.render.design import (
    HEADING_SPACE_BELOW,
    HEADINGS,
    LINE_HEIGHT_PERCENT,
    LIST_ITEM_GAP,
    LOOSE_ITEM_GAP,
)
from app.render.palette import RenderPalette

if TYPE_CHECKING:
    from markdown_it.token import Token

QUOTE_INDENT = 16
"""How far a block quote is indented, in pixels (the transcript draws its bar in that space)."""

QUOTE_MARK = 1
"""The right margin a block quote adds to each block inside it, in pixels (see the module's docstring)."""

# env key: the paragraph gap of each open list item, innermost last (a tuple: render envs are copied).
_ITEM_GAPS = "item_gaps"


def enter_list_item(env: MutableMapping[str, Any], gap: int) -> None:
    """Note that a list item (or a footnote) opens whose paragraphs are ``gap`` pixels apart."""
    env[_ITEM_GAPS] = (*env.get(_ITEM_GAPS, ()), gap)


def leave_list_item(env: MutableMapping[str, Any]) -> None:
    """Note that the innermost open list item closed."""
    env[_ITEM_GAPS] = env.get(_ITEM_GAPS, ())[:-1]


def list_paragraph_style(gap: int) -> str:
    """The style of a paragraph in a list item: the prose line height, ``gap`` pixels above it."""
    return f"line-height:{LINE_HEIGHT_PERCENT}%; margin-top:{gap}px; margin-bottom:0"


class BlockStyles:
    """Render rules for headings, paragraphs, list items and block quotes in one palette."""

    def __init__(self, palette: RenderPalette) -> None:
        self.palette = palette

    def rules(self) -> dict[str, Callable[..., str]]:
        """The render rules, by token type."""
        return {
            "heading_open": self._heading_open,
            "paragraph_open": self._paragraph_open,
            "list_item_open": self._list_item_open,
            "list_item_close": self._list_item_close,
            "blockquote_open": self._blockquote_open,
        }

    def _heading_open(self, tokens: Sequence[Token], idx: int, _o: Any, _env: Any) -> str:
        tag = tokens[idx].tag
        size, above, muted = HEADINGS.get(tag, HEADINGS["h6"])
        colour = f"; color:{self.palette.muted}" if muted else ""
        return (
            f'<{tag} style="font-size:{size}; font-weight:700; margin-top:{above}px; '
            f'margin-bottom:{HEADING_SPACE_BELOW}px{colour}">'
        )

    def _paragraph_open(
        self, tokens: Sequence[Token], idx: int, _o: Any, env: MutableMapping[str, Any]
    ) -> str:
        # A tight list's paragraphs stay hidden (its items carry the style); prose gets room between lines.
        if tokens[idx].hidden:
            return ""
        gaps = env.get(_ITEM_GAPS)
        if gaps:
            return f'<p style="{list_paragraph_style(gaps[-1])}">'
        if idx + 1 < len(tokens) and _images_only(tokens[idx + 1]):
            # Qt's line height is a share of each line's own height: 150 % of a 300 px image's line left
            # 150 px of blank under it, between the picture and its Copy and Save icons.
            return "<p>"
        return f'<p style="line-height:{LINE_HEIGHT_PERCENT}%">'

    def _list_item_open(
        self, tokens: Sequence[Token], idx: int, _o: Any, env: MutableMapping[str, Any]
    ) -> str:
        following = tokens[idx + 1] if idx + 1 < len(tokens) else None
        loose = following is not None and following.type == "paragraph_open" and not following.hidden
        if loose:
            # Its paragraphs carry the gap and the line height (see _paragraph_open).
            enter_list_item(env, LOOSE_ITEM_GAP)
            return "<li>"
        enter_list_item(env, LIST_ITEM_GAP)
        return f'<li style="line-height:{LINE_HEIGHT_PERCENT}%; margin-top:{LIST_ITEM_GAP}px">'

    def _list_item_close(self, _t: Sequence[Token], _i: int, _o: Any, env: MutableMapping[str, Any]) -> str:
        leave_list_item(env)
        return "</li>\n"

    def _blockquote_open(self, _t: Sequence[Token], _i: int, _o: Any, _env: Any) -> str:
        return (
            f'<blockquote style="color:{self.palette.quote_text}; margin-left:{QUOTE_INDENT}px; '
            f'margin-right:{QUOTE_MARK}px">'
        )


def _images_only(inline: Token) -> bool:
    """Whether a paragraph's inline token holds images and nothing else but white space."""
    children = inline.children or []
    kinds = {child.type for child in children if child.type != "text" or child.content.strip()}
    return "image" in kinds and kinds <= {"image", "softbreak", "hardbreak"}
