"""Syntax highlighting of code blocks into Qt rich text.

Pygments' own HTML formatter relies on CSS classes, which ``QTextDocument`` mostly ignores, so this module
walks the token stream itself and writes one ``<span style="...">`` per run of equally styled tokens. Merging
runs keeps the number of text fragments (and with it Qt's layout cost) proportional to the colour changes.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from app.render.design import CODE_PADDING

if TYPE_CHECKING:
    from pygments.lexer import Lexer
    from pygments.style import StyleMeta
    from pygments.token import _TokenType

#: Info strings that mean "no language": skip the lexer entirely.
_PLAIN_NAMES = frozenset({"", "text", "txt", "plain", "plaintext", "output", "console-output"})


class CodeHighlighter:
    """Turns code into inline-styled ``<pre>`` HTML with one Pygments colour scheme.

    Lexers and per-token styles are cached on the instance, because a streamed reply re-highlights its
    unfinished code block on every frame.

    Args:
        style_name: A Pygments style name, e.g. ``"default"`` or ``"github-dark"``.
        text_color: The colour of unstyled code text (``#rrggbb``).
        mono_family: The CSS font-family list for code.
        max_chars: Longer code is shown without colours; highlighting it would cost more than it helps.
    """

    def __init__(
        self, style_name: str, *, text_color: str, mono_family: str, max_chars: int = 300_000
    ) -> None:
        self._style_name = style_name
        self._style_meta: StyleMeta | None = None
        self._text_color = text_color
        self._mono_family = mono_family
        self._max_chars = max_chars
        self._lexers: dict[str, Lexer | None] = {}
        self._token_styles: dict[_TokenType, str] = {}

    def lexer_for(self, language: str) -> Lexer | None:
        """Return a (cached) lexer for a fence info string's language, or ``None`` for plain text."""
        name = language.strip().split(maxsplit=1)[0].lower() if language.strip() else ""
        if name in self._lexers:
            return self._lexers[name]
        lexer: Lexer | None = None
        if name not in _PLAIN_NAMES:
            # Imported on first use: Pygments is not needed until the first code block is shown.
            from pygments.lexers import get_lexer_by_name
            from pygments.util import ClassNotFound

            try:
                # stripnl=False: leading blank lines are part of what the model wrote.
                lexer = get_lexer_by_name(name, stripnl=False, ensurenl=True)
            except ClassNotFound:
                lexer = None
        self._lexers[name] = lexer
        return lexer

    def highlight(self, code: str, language: str = "", *, background: str = "", goes_on: bool = False) -> str:
        """Render ``code`` as a ``<pre>`` element with inline colour spans.

        Args:
            code: The raw code; one trailing newline (as Markdown fences deliver it) is dropped.
            language: The fence's info string; unknown languages come out uncoloured.
            background: Optional block background colour (``#rrggbb``).
            goes_on: The code goes on in the next block (a code block streamed in parts): no space below.

        Returns:
            Qt rich text HTML.
        """
        if code.endswith("\n"):
            code = code[:-1]
        # Tabs would snap to Qt's 80px tab stops; four spaces match what editors show.
        code = code.expandtabs(4)
        lexer = self.lexer_for(language) if len(code) <= self._max_chars else None
        body = self._spans(lexer, code) if lexer is not None else html.escape(code, quote=False)
        # pre-wrap: a long line wraps inside its block instead of widening the whole transcript. Qt blocks
        # have no padding: a left margin keeps the code (every wrapped line too) off the shaded edge, with
        # no characters added that a copied selection would carry; the transcript paints the margin's shade.
        style = (
            f"margin-top:0; margin-bottom:{0 if goes_on else 10}px; margin-left:{CODE_PADDING}px; "
            "white-space:pre-wrap; "
            f"font-family:{self._mono_family}; color:{self._text_color}"
        )
        if background:
            style += f"; background-color:{background}"
        return f'<pre style="{style}">{body}</pre>'

    def _spans(self, lexer: Lexer, code: str) -> str:
        out: list[str] = []
        run_style = ""
        run: list[str] = []

        def close_run() -> None:
            text = html.escape("".join(run), quote=False)
            out.append(f'<span style="{run_style}">{text}</span>' if run_style else text)

        for token_type, value in lexer.get_tokens(code):
            style = self._style_for(token_type)
            if style != run_style and run:
                close_run()
                run.clear()
            run_style = style
            run.append(value)
        if run:
            # ensurenl=True appends a newline the source may not have had; Qt would show it as an empty line.
            if not code.endswith("\n") and run[-1].endswith("\n"):
                run[-1] = run[-1][:-1]
            close_run()
        return "".join(out)

    def _style_for(self, token_type: _TokenType) -> str:
        cached = self._token_styles.get(token_type)
        if cached is not None:
            return cached
        if self._style_meta is None:
            from pygments.styles import get_style_by_name

            self._style_meta = get_style_by_name(self._style_name)
        spec = self._style_meta.style_for_token(token_type)
        parts = []
        if spec["color"]:
            parts.append(f"color:#{spec['color']}")
        if spec["bold"]:
            parts.append("font-weight:600")
        if spec["italic"]:
            parts.append("font-style:italic")
        style = "; ".join(parts)
        self._token_styles[token_type] = style
        return style
