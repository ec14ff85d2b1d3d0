"""Choosing the app's colour set (light, dark, high contrast) from a Qt widget palette."""

from __future__ import annotations

from PySide6.QtGui import QPalette

from app.render.palette import DARK, HIGH_CONTRAST, LIGHT, RenderPalette

__all__ = ["palette_for"]


def palette_for(widget_palette: QPalette) -> RenderPalette:
    """Choose the light or dark colours from a widget palette.

    Args:
        widget_palette: The palette of the widget that will show the rendered text.

    Returns:
        ``HIGH_CONTRAST`` for its palette (a black window), ``DARK`` when the window colour is dark
        (lightness below one half), otherwise ``LIGHT``.
    """
    window = widget_palette.color(QPalette.ColorRole.Window)
    if (
        window.name() == HIGH_CONTRAST.window
        and widget_palette.color(QPalette.ColorRole.Text).name() == "#ffffff"
    ):
        return HIGH_CONTRAST
    return DARK if window.lightnessF() < 0.5 else LIGHT
