"""Colours of the rendered transcript, for light and dark window themes.

Qt's rich text engine ignores most CSS classes, so every colour is written into the HTML as an inline style.
The renderer therefore needs concrete colours up front; this module holds the two sets. Choosing one from a
widget palette is the Qt layer's job (``app.qt.render.palette``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RenderPalette:
    """The colours (``#rrggbb``) used by the Markdown renderer and the transcript chrome.

    The body text colour is deliberately absent: the widget palette supplies it. Links need one, because Qt
    bakes the *application* palette's link colour into anchors when it parses HTML.
    """

    dark: bool
    pygments_style: str
    muted: str
    link: str
    user_accent: str
    model_accent: str
    code_background: str
    code_border: str
    code_text: str
    code_caption: str
    inline_code_background: str
    quote_text: str
    table_border: str
    table_header_background: str
    thinking_text: str
    thinking_background: str
    thinking_border: str
    error_text: str
    error_background: str
    error_border: str


LIGHT = RenderPalette(
    dark=False,
    pygments_style="default",
    muted="#6e7781",
    link="#0b57d0",
    user_accent="#0b57d0",
    model_accent="#8e3fd6",
    code_background="#f6f8fa",
    code_border="#d8dee4",
    code_text="#1f2328",
    code_caption="#6e7781",
    inline_code_background="#eff1f3",
    quote_text="#57606a",
    table_border="#d0d7de",
    table_header_background="#f2f4f7",
    thinking_text="#5f6368",
    thinking_background="#f8f9fa",
    thinking_border="#dadce0",
    error_text="#8c1d18",
    error_background="#fdecea",
    error_border="#f1aeb5",
)

DARK = RenderPalette(
    dark=True,
    pygments_style="github-dark",
    muted="#8b949e",
    link="#8ab4f8",
    user_accent="#8ab4f8",
    model_accent="#c58af9",
    code_background="#161b22",
    code_border="#30363d",
    code_text="#e6edf3",
    code_caption="#8b949e",
    inline_code_background="#2d333b",
    quote_text="#9da7b3",
    table_border="#3d444d",
    table_header_background="#21262d",
    thinking_text="#a8b0b9",
    thinking_background="#1b1f24",
    thinking_border="#3d444d",
    error_text="#ffb4ab",
    error_background="#3b1716",
    error_border="#8c1d18",
)
