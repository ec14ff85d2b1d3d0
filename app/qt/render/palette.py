"""Choosing the transcript's render colours from a Qt widget palette."""

from __future__ import annotations

from PySide6.QtGui import QPalette

from app.render.palette import DARK, LIGHT, RenderPalette

__all__ = ["palette_for"]


def palette_for(widget_palette: QPalette) -> RenderPalette:
    """Choose the light or dark colours from a widget palette.

    Args:
        widget_palette: The palette of the widget that will show the rendered text.

    Returns:
        ``DARK`` when the window colour is dark (lightness below one half), otherwise ``LIGHT``.
    """
    window = widget_palette.color(QPalette.ColorRole.Window)
    return DARK if window.lightnessF() < 0.5 else LIGHT
