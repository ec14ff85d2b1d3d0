"""Light, dark or the system's colour scheme for the whole app."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

_SCHEMES = {
    "light": Qt.ColorScheme.Light,
    "dark": Qt.ColorScheme.Dark,
    "system": Qt.ColorScheme.Unknown,  # Unknown gives the choice back to the platform
}


def _dark_palette() -> QPalette:
    palette = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    for item, colour in (
        (role.Window, "#202124"),
        (role.WindowText, "#e8eaed"),
        (role.Base, "#18191b"),
        (role.AlternateBase, "#26272a"),
        (role.Text, "#e8eaed"),
        (role.Button, "#2d2e31"),
        (role.ButtonText, "#e8eaed"),
        (role.Highlight, "#3c6fd8"),
        (role.HighlightedText, "#ffffff"),
        (role.ToolTipBase, "#2d2e31"),
        (role.ToolTipText, "#e8eaed"),
        (role.PlaceholderText, "#9aa0a6"),
        (role.Link, "#8ab4f8"),
    ):
        palette.setColor(item, QColor(colour))
    palette.setColor(group.Disabled, role.Text, QColor("#80868b"))
    palette.setColor(group.Disabled, role.ButtonText, QColor("#80868b"))
    return palette


def apply_theme(theme: str) -> None:
    """Use the colour scheme of ``theme`` ("system", "light" or "dark").

    The platform is asked first; where it has no say (many Linux desktops, offscreen), an explicit
    palette is set instead. The transcript re-renders on the palette change by itself.
    """
    wanted = _SCHEMES.get(theme, Qt.ColorScheme.Unknown)
    hints = QGuiApplication.styleHints()
    hints.setColorScheme(wanted)
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    if wanted == Qt.ColorScheme.Unknown or hints.colorScheme() == wanted:
        # An empty palette resolves nothing, so the platform's own palette applies again.
        app.setPalette(QPalette())
        return
    app.setPalette(_dark_palette() if wanted == Qt.ColorScheme.Dark else app.style().standardPalette())
