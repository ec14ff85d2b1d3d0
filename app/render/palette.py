"""The app's colours, for the light, dark and high-contrast themes: the one home of every colour.

Qt's rich text engine ignores most CSS classes, so every transcript colour is written into the HTML as an
inline style; the renderer therefore needs concrete colours up front. The same sets also give the window its
colours (``app.qt.theme`` builds the Qt palette and the small style sheet from them), so the transcript and
the controls around it always agree. Choosing a set from a widget palette is the Qt layer's job
(``app.qt.render.palette``). ``tests/render/test_contrast.py`` checks every text colour against WCAG AA.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RenderPalette:
    """The colours (``#rrggbb``) of one theme.

    ``text`` and ``base`` are the body text and its background; the transcript takes them from the widget
    palette (which ``app.qt.theme`` sets from these for the dark and high-contrast themes). Links need their
    own, because Qt bakes the *application* palette's link colour into anchors when it parses HTML.
    """

    dark: bool
    pygments_style: str
    text: str
    base: str
    window: str
    surface: str
    border: str
    border_strong: str
    scroll_thumb: str
    focus: str
    accent: str
    accent_text: str
    muted: str
    link: str
    user_accent: str
    model_accent: str
    user_bubble: str
    user_bubble_border: str
    code_background: str
    code_header: str
    code_border: str
    code_text: str
    code_caption: str
    inline_code_background: str
    quote_text: str
    quote_bar: str
    table_border: str
    table_header_background: str
    thinking_text: str
    thinking_background: str
    thinking_border: str
    notice_text: str
    notice_background: str
    notice_border: str
    error_text: str
    error_background: str
    error_border: str
    success_text: str
    selection: str
    selection_text: str
    disabled_text: str


LIGHT = RenderPalette(
    dark=False,
    pygments_style="default",
    text="#1f1f1f",
    base="#ffffff",
    window="#f3f4f6",
    surface="#f8f9fb",
    border="#d6d9de",
    border_strong="#767c85",
    scroll_thumb="#8b9198",
    focus="#0b57d0",
    accent="#0b57d0",
    accent_text="#ffffff",
    muted="#5f6670",
    link="#0b57d0",
    user_accent="#0b57d0",
    model_accent="#8e3fd6",
    user_bubble="#e8f0fe",
    user_bubble_border="#d2e3fc",
    code_background="#f6f8fa",
    code_header="#eaeef2",
    code_border="#8c959f",
    code_text="#1f2328",
    code_caption="#57606a",
    inline_code_background="#eff1f3",
    quote_text="#57606a",
    quote_bar="#c4cad1",
    table_border="#d0d7de",
    table_header_background="#f2f4f7",
    thinking_text="#5f6368",
    thinking_background="#f8f9fa",
    thinking_border="#dadce0",
    notice_text="#6b4a00",
    notice_background="#fff6e0",
    notice_border="#f0d48a",
    error_text="#8c1d18",
    error_background="#fdecea",
    error_border="#f1aeb5",
    success_text="#1e6b34",
    selection="#c2dbff",
    selection_text="#1f1f1f",
    disabled_text="#8a8f96",
)

DARK = RenderPalette(
    dark=True,
    pygments_style="github-dark",
    text="#e8eaed",
    base="#18191b",
    window="#202124",
    surface="#26272a",
    border="#4a4d52",
    border_strong="#80868b",
    scroll_thumb="#6b6f75",
    focus="#8ab4f8",
    accent="#3c6fd8",
    accent_text="#ffffff",
    muted="#9aa0a6",
    link="#8ab4f8",
    user_accent="#8ab4f8",
    model_accent="#c58af9",
    user_bubble="#28344a",
    user_bubble_border="#3a4a66",
    code_background="#0f1216",
    code_header="#1f242b",
    code_border="#656c76",
    code_text="#e6edf3",
    code_caption="#9da7b3",
    inline_code_background="#2d333b",
    quote_text="#aab2bb",
    quote_bar="#5b636d",
    table_border="#4a525c",
    table_header_background="#262b32",
    thinking_text="#b0b7bf",
    thinking_background="#1f2226",
    thinking_border="#3d444d",
    notice_text="#f6d38a",
    notice_background="#2e2610",
    notice_border="#6b5417",
    error_text="#ffb4ab",
    error_background="#3b1716",
    error_border="#8c1d18",
    success_text="#8fd19e",
    selection="#3c5a8f",
    selection_text="#ffffff",
    disabled_text="#80868b",
)

#: For the "high contrast" theme: black and white, yellow focus, every border strong.
HIGH_CONTRAST = RenderPalette(
    dark=True,
    pygments_style="github-dark",
    text="#ffffff",
    base="#000000",
    window="#000000",
    surface="#0a0a0a",
    border="#ffffff",
    border_strong="#ffffff",
    scroll_thumb="#ffffff",
    focus="#ffd400",
    accent="#ffd400",
    accent_text="#000000",
    muted="#e0e0e0",
    link="#7fdbff",
    user_accent="#7fdbff",
    model_accent="#ffb0ff",
    user_bubble="#0d1f33",
    user_bubble_border="#ffffff",
    code_background="#000000",
    code_header="#1a1a1a",
    code_border="#ffffff",
    code_text="#ffffff",
    code_caption="#e0e0e0",
    inline_code_background="#1a1a1a",
    quote_text="#ffffff",
    quote_bar="#ffffff",
    table_border="#ffffff",
    table_header_background="#1a1a1a",
    thinking_text="#f0f0f0",
    thinking_background="#0a0a0a",
    thinking_border="#ffffff",
    notice_text="#ffd400",
    notice_background="#000000",
    notice_border="#ffd400",
    error_text="#ff8a80",
    error_background="#000000",
    error_border="#ff8a80",
    success_text="#7cfc00",
    selection="#ffd400",
    selection_text="#000000",
    disabled_text="#b0b0b0",
)

#: The text colours and the backgrounds they are read on, by field name (the contrast test checks each).
TEXT_ON_BACKGROUND: tuple[tuple[str, str], ...] = (
    ("text", "base"),
    ("text", "window"),
    ("text", "user_bubble"),
    ("muted", "base"),
    ("muted", "window"),
    ("link", "base"),
    ("link", "user_bubble"),
    ("user_accent", "base"),
    ("model_accent", "base"),
    ("code_text", "code_background"),
    ("code_caption", "code_header"),
    ("quote_text", "base"),
    ("thinking_text", "thinking_background"),
    ("notice_text", "notice_background"),
    ("error_text", "error_background"),
    # A form's inline errors, read on a dialog (window) or a settings card (base).
    ("error_text", "base"),
    ("error_text", "window"),
    ("success_text", "base"),
    ("success_text", "window"),
    ("selection_text", "selection"),
    ("accent_text", "accent"),
)

#: Lines that must stand out from what is next to them (WCAG 1.4.11: 3:1 for controls and focus).
EDGE_ON_BACKGROUND: tuple[tuple[str, str], ...] = (
    ("border_strong", "base"),
    ("border_strong", "window"),
    ("focus", "base"),
    ("focus", "window"),
    # A code block's edge (drawn by the transcript, also a tool call's arguments box): code stands out from
    # the page however close the code's own shade is to it (in dark, the two differ by 1.1:1).
    ("code_border", "base"),
)


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
