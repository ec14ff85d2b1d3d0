r"""Markdown beyond CommonMark and GFM tables: math, task lists, footnotes; how Qt rich text shows them.

The parser side (``use_extensions``) adds mdit-py-plugins' dollar math (``$…$``, ``$$…$$``; no digit right
after an opening or before a closing dollar and no space inside, so "$5 and $10" stays money), TeX bracket
math by rules of ours (``\(…\)`` inline, ``\[…\]`` as a block or inside a paragraph), footnotes and
task lists. Code spans and fences are parsed before math can start, so they never hold math.

``ExtensionRules`` renders those tokens: formulas through ``app.render.math``, task boxes as ☐/☑ (Qt shows
no form controls), footnotes as numbered links to anchors that are unique per message.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import TYPE_CHECKING, Any

from app.core.chat.display import TOOL_CALL_FENCE
from app.render.block_styles import enter_list_item, leave_list_item
from app.render.design import LINE_HEIGHT_PERCENT, LIST_ITEM_GAP
from app.render.icons import icon_html
from app.render.math import (
    FORMULA_FAILED,
    FORMULA_TOO_BIG,
    MATH_SCHEME,
    MAX_FORMULA_CHARS,
    FormulaImage,
    FormulaImages,
    source_html,
)
from app.render.palette import RenderPalette

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.ruler import RuleOptionsType
    from markdown_it.token import Token

MATH_PENDING_KEY = "math_pending"
"""The render env's count of formulas shown as source while they are typeset (see ``math_pending``)."""

MATH_WAITING_KEY = "math_waiting"
"""The render env's list of the formulas counted in ``MATH_PENDING_KEY``, ``(latex, display)`` in order."""

# Fenced languages shown with a proper name in the code block's caption (no renderer draws them here).
LANGUAGE_LABELS = {"mermaid": "Mermaid"}


def language_label(info: str) -> str:
    """The caption of a code block whose fence says ``info`` ("python", "Mermaid"; "" for none).

    A tool call's arguments (``json gd-tool Function call: NAME``, see ``TOOL_CALL_FENCE``) are captioned
    with the words after the marker.
    """
    words = info.strip().split(maxsplit=2)
    if len(words) == 3 and words[1] == TOOL_CALL_FENCE:
        return words[2]
    language = words[0] if words else ""
    return LANGUAGE_LABELS.get(language.lower(), language)


def caption_html(info: str, colour: str) -> str:
    """The HTML of a code block's caption (``language_label``); a tool call's starts with the tools icon."""
    words = info.strip().split(maxsplit=2)
    icon = (
        f"{icon_html('tools', colour, 16)}&nbsp;" if len(words) == 3 and words[1] == TOOL_CALL_FENCE else ""
    )
    return icon + html.escape(language_label(info))


_TASK_BOXES = {False: "\u2610", True: "\u2611"}  # ☐ ☑

# A footnote definition ("[^1]: …") at a line start: its references resolve only once it has arrived.
_FOOTNOTE_DEFINITION = re.compile(r"^ {0,3}\[\^[^\]\s]+\]:", re.MULTILINE)


MESSAGE_ID_KEY = "message_id"
"""The render env's key for the id of the message being rendered (``app.render.markdown.new_render_env``)."""


def use_extensions(parser: MarkdownIt) -> MarkdownIt:
    """Add math, footnotes and task lists to ``parser`` (plugins imported on first use)."""
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.dollarmath.index import math_inline_dollar
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.tasklists import tasklists_plugin

    parser.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    parser.inline.ruler.at("math_inline", _without_code(math_inline_dollar(False, False, True)))
    parser.inline.ruler.before("escape", "math_inline_brackets", _bracket_inline)
    interrupts: RuleOptionsType = {"alt": ["paragraph", "reference", "blockquote", "list"]}
    parser.block.ruler.before("fence", "math_block_brackets", _bracket_block, interrupts)
    return parser.use(footnote_plugin).use(tasklists_plugin)


def needs_whole_render(source: str) -> bool:
    """Whether blocks rendered one by one may differ from the whole text rendered at once.

    Footnote references resolve only against definitions already parsed, and models put the definitions at
    the end: a streamed message with footnotes is rendered once more when it ends.
    """
    return "[^" in source and _FOOTNOTE_DEFINITION.search(source) is not None


def _without_code(rule: Callable[[Any, bool], bool]) -> Callable[[Any, bool], bool]:
    """Dollar math that would swallow a backtick is no math: "$10; `$x$`" keeps its code span.

    Nor is a single-dollar formula touching another dollar: "$$x$" is a display formula still arriving.
    """

    def guarded(state: Any, silent: bool) -> bool:
        start = state.pos
        if not rule(state, True):
            return False
        end, state.pos = state.pos, start
        src = state.src
        if "`" in src[start:end] or (start > 0 and src[start - 1] == "$") or src[end : end + 1] == "$":
            return False
        if silent:
            # A silent match must move past what it matched: link labels ("[$a$, $b$]") skip tokens that way,
            # and markdown-it raises when an inline rule says yes without moving.
            state.pos = end
            return True
        return bool(rule(state, False))

    return guarded


def _bracket_inline(state: Any, silent: bool) -> bool:
    r"""``\(…\)`` (inline) and ``\[…\]`` inside a paragraph (display style, in the line)."""
    start = state.pos
    opening = state.src[start : start + 2]
    if opening not in ("\\(", "\\["):
        return False
    closing = "\\)" if opening == "\\(" else "\\]"
    end = state.src.find(closing, start + 2)
    if end < 0 or not state.src[start + 2 : end].strip():
        return False
    if not silent:
        token = state.push("math_inline" if opening == "\\(" else "math_inline_double", "math", 0)
        token.content = state.src[start + 2 : end]
        token.markup = opening
    state.pos = end + 2
    return True


def _bracket_block(state: Any, start_line: int, end_line: int, silent: bool) -> bool:
    r"""A ``\[`` line through the line ending in ``\]``: a display formula (not across a blank line)."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False  # indented code
    first = state.src[state.bMarks[start_line] + state.tShift[start_line] : state.eMarks[start_line]]
    if not first.startswith("\\["):
        return False
    lines = [first[2:]]
    line = start_line
    while True:
        close = lines[-1].find("\\]")
        if close >= 0:
            if lines[-1][close + 2 :].strip():
                return False  # text after the formula: a paragraph with a formula in it
            lines[-1] = lines[-1][:close]
            break
        line += 1
        if line >= end_line or state.isEmpty(line):
            return False
        lines.append(state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]])
    content = "\n".join(lines)
    if not content.strip():
        return False
    if not silent:
        state.line = line + 1
        token = state.push("math_block", "math", 0)
        token.block = True
        token.content = content
        token.markup = "\\["
        token.map = [start_line, state.line]
    return True


_OPENERS = {"$$": "$$", "\\[": "\\]", "\\(": "\\)"}
_OPENER = re.compile(r"\$\$|\\\[|\\\(")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_FENCE_LINE = re.compile(r"^[ \t]*(```|~~~)", re.MULTILINE)


def unfinished_formula_start(text: str) -> int | None:
    r"""Where a ``$$``, ``\[`` or ``\(`` formula that is not closed yet starts in ``text``; ``None`` if none.

    ``text`` is a streaming reply's unfinished part. Until its closing delimiter arrives, such a formula is
    shown as its source (``ExtensionRules.unfinished_html``), neither parsed as Markdown (which would eat its
    backslashes: ``\,`` would show as ``,``) nor parsed again on every chunk (a long one would cost more with
    each). Only a formula in the last paragraph counts (no blank line after its opening), outside code.
    """
    if "`" in text and len(_FENCE_LINE.findall(text)) % 2:
        return None  # inside a code fence
    paragraph = 0
    for blank in _BLANK_LINE.finditer(text):
        paragraph = blank.end()
    if "`" in text[paragraph:]:
        return None  # a code span may hold the delimiters
    position = paragraph
    while (opener := _OPENER.search(text, position)) is not None:
        start = opener.start()
        close = text.find(_OPENERS[opener.group()], start + 2)
        if close < 0:
            return start
        position = close + 2
    return None


_LINE_START = "&#8203;"
"""A zero-width space (``app.render.long_content.SOFT_BREAK``) before a formula that starts a line."""

_NARROWEST_COLUMN = 300
"""Display formulas wider than this (pixels) may be shrunk to fit a narrow reading column."""


def _footnote_anchor(env: Mapping[str, Any], number: int) -> str:
    """The anchor name of footnote ``number`` of the rendered message (unique in the transcript)."""
    return f"fn-{env.get(MESSAGE_ID_KEY)}-{number}"


def math_pending(env: Mapping[str, Any]) -> int:
    """How many formulas rendered with ``env`` are shown as source while they are typeset.

    Images being decoded count here too (``app.render.markdown.IMAGE_PENDING``): either way the block is drawn
    again when the view has them.
    """
    return int(env.get(MATH_PENDING_KEY, 0))


def _wait_for(env: MutableMapping[str, Any], latex: str, display: bool) -> None:
    """Count a formula shown as source while it is typeset, and remember which one it is."""
    env[MATH_PENDING_KEY] = env.get(MATH_PENDING_KEY, 0) + 1
    env.setdefault(MATH_WAITING_KEY, []).append((latex, display))


class ExtensionRules:
    """Render rules for formulas, task lists and footnotes.

    Args:
        palette: The colours.
        mono_family: CSS font-family list for formula sources.
        formulas: Typeset formulas; ``None`` shows every formula as its source.
        error_label: The tooltip of the marker beside a formula that could not be typeset.
        too_big_label: The tooltip of that marker when the formula was too big to typeset.
    """

    def __init__(
        self,
        palette: RenderPalette,
        mono_family: str,
        formulas: FormulaImages | None,
        error_label: str,
        too_big_label: str = "This formula is too large to typeset",
    ) -> None:
        self.palette = palette
        self._mono_family = mono_family
        self._formulas = formulas
        self._formula_error_label = error_label
        self._formula_too_big_label = too_big_label

    def rules(self) -> dict[str, Callable[..., str]]:
        """The render rules, by token type."""
        return {
            "math_inline": self._math_inline,
            "math_inline_double": self._math_display_inline,
            "math_block": self._math_block,
            "math_block_label": self._math_block,
            "html_inline": self._html_inline,
            "bullet_list_open": self._bullet_list_open,
            "footnote_ref": self._footnote_ref,
            "footnote_block_open": self._footnote_block_open,
            "footnote_block_close": lambda *_: "</ol>\n",
            "footnote_open": self._footnote_open,
            "footnote_close": self._footnote_close,
            "footnote_anchor": lambda *_: "",  # no "↩" back link: Qt shows it as a stray glyph in some fonts
        }

    # -- math -----------------------------------------------------------------------------------------------

    def _math_inline(self, tokens: Sequence[Token], idx: int, _o: Any, env: MutableMapping[str, Any]) -> str:
        token = tokens[idx]
        closing = "\\)" if token.markup == "\\(" else token.markup
        shown = self._formula(token.content, False, (token.markup, closing), env)
        # A line holding nothing but an image has no text to take a baseline from, and Qt puts the image
        # at its top: a formula alone in a table cell sat above the row's text. An invisible character (the
        # view drops it from copied text) gives the line the text's ascent, as in a paragraph.
        return f"{_LINE_START}{shown}" if idx == 0 else shown

    def _math_display_inline(
        self, tokens: Sequence[Token], idx: int, _o: Any, env: MutableMapping[str, Any]
    ) -> str:
        token = tokens[idx]
        closing = "\\]" if token.markup == "\\[" else token.markup
        return self._formula(token.content, True, (token.markup, closing), env)

    def _math_block(self, tokens: Sequence[Token], idx: int, _o: Any, env: MutableMapping[str, Any]) -> str:
        token = tokens[idx]
        closing = "\\]" if token.markup == "\\[" else token.markup
        latex = token.content.strip()
        labelled = token.type == "math_block_label" and token.info
        number = f"&nbsp;&nbsp;&nbsp;({html.escape(token.info)})" if labelled else ""
        shown = self._formula(latex, True, (token.markup, closing), env)
        return f'<p align="center" style="margin-top:6px; margin-bottom:10px">{shown}{number}</p>\n'

    def _formula(
        self, latex: str, display: bool, delimiters: tuple[str, str], env: MutableMapping[str, Any]
    ) -> str:
        """A formula's image, or its source while it is typeset or when it cannot be."""
        found = self._formulas.lookup(latex, display) if self._formulas is not None else None
        if isinstance(found, FormulaImage):
            # alt keeps the source: copying a selection puts the LaTeX on the clipboard, not the picture.
            alt = html.escape(delimiters[0] + latex + delimiters[1])
            # Images are padded for their alignment: the formula's baseline sits on the line's.
            src = f'src="{MATH_SCHEME}:{html.escape(found.name)}" alt="{alt}" width="{found.width}"'
            if found.stand_in:  # shown until the image in the current style is typeset: drawn again then
                _wait_for(env, latex, display)
            if display and found.width > _NARROWEST_COLUMN:
                # A long equation shrinks to the reading column instead of widening the transcript; without
                # a height, Qt keeps the image's proportions when max-width shrinks it.
                return f'<img {src} style="vertical-align:middle; max-width:100%" />'
            align = "baseline" if found.baseline else "middle"
            return f'<img {src} height="{found.height}" style="vertical-align:{align}" />'

        pal = self.palette
        source = source_html(latex, delimiters, self._mono_family, pal.muted)
        if found is FORMULA_FAILED or found is FORMULA_TOO_BIG:
            label = self._formula_too_big_label if found is FORMULA_TOO_BIG else self._formula_error_label
            title = html.escape(label)
            return f'{source}<sup title="{title}" style="color:{pal.muted}">&#8203;?</sup>'
        if self._formulas is not None:
            _wait_for(env, latex, display)
        return source

    def formula_ready(self, latex: str, display: bool) -> bool:
        """Whether a formula that was being typeset is done (an image, or shown as source for good)."""
        if self._formulas is None:
            return True
        found = self._formulas.lookup(latex, display)
        return found is not None and not (isinstance(found, FormulaImage) and found.stand_in)

    def unfinished_html(self, prefix_html: str, formula: str, in_line: bool) -> str:
        """An unfinished formula (``unfinished_formula_start``) shown as its source after ``prefix_html``.

        Args:
            prefix_html: The rendered text before the formula.
            formula: The formula's source so far, opening delimiter included; a long one is cut (it is shown
                in full once it is closed).
            in_line: The formula continues the last paragraph of ``prefix_html`` (after a space) rather than
                starting one.
        """
        shown = formula if len(formula) <= MAX_FORMULA_CHARS else formula[:MAX_FORMULA_CHARS] + "…"
        source = source_html(shown, ("", ""), self._mono_family, self.palette.muted)
        if in_line and prefix_html.endswith("</p>"):
            return prefix_html[: -len("</p>")] + " " + source + "</p>"
        paragraph = f'<p style="line-height:{LINE_HEIGHT_PERCENT}%">{source}</p>'
        return f"{prefix_html}\n{paragraph}" if prefix_html else paragraph

    # -- task lists and footnotes ---------------------------------------------------------------------------

    def _html_inline(self, tokens: Sequence[Token], idx: int, _o: Any, _env: Any) -> str:
        # Raw HTML is off: the only inline HTML comes from the task-list plugin, a checkbox Qt cannot show.
        content = tokens[idx].content
        if content.startswith("<input") and "task-list-item-checkbox" in content:
            return _TASK_BOXES["checked=" in content] + "&nbsp;"
        return html.escape(content, quote=False)

    def _bullet_list_open(self, tokens: Sequence[Token], idx: int, _o: Any, _env: Any) -> str:
        if "contains-task-list" in str(tokens[idx].attrGet("class") or ""):
            return '<ul style="list-style-type:none">\n'
        return "<ul>\n"

    def _footnote_ref(self, tokens: Sequence[Token], idx: int, _o: Any, env: MutableMapping[str, Any]) -> str:
        number = int(tokens[idx].meta["id"]) + 1
        href = html.escape(_footnote_anchor(env, number))
        style = f"color:{self.palette.link}; text-decoration:none"
        return f'<sup><a href="#{href}" style="{style}">[{number}]</a></sup>'

    def _footnote_block_open(self, _t: Sequence[Token], _i: int, _o: Any, _env: Any) -> str:
        pal = self.palette
        return (
            f'<hr style="background-color:{pal.table_border}" />\n'
            f'<ol style="font-size:small; color:{pal.quote_text}">\n'
        )

    def _footnote_open(
        self, tokens: Sequence[Token], idx: int, _o: Any, env: MutableMapping[str, Any]
    ) -> str:
        number = int(tokens[idx].meta["id"]) + 1
        # A footnote's paragraphs are spaced like a tight list's items (see app.render.block_styles).
        enter_list_item(env, LIST_ITEM_GAP)
        return f'<li><a name="{html.escape(_footnote_anchor(env, number))}"></a>'

    def _footnote_close(self, _t: Sequence[Token], _i: int, _o: Any, env: MutableMapping[str, Any]) -> str:
        leave_list_item(env)
        return "</li>\n"
