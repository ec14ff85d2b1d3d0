"""Light, dark, high-contrast or the system's colour scheme for the whole app, following the system live.

Qt (6.5+) reports the desktop's colour scheme and, on most platforms, switches the palette itself. Where the
platform has no dark palette to offer (many Linux desktops, the offscreen and Xvfb platforms), or ignores a
requested scheme, an explicit palette is set instead. Widgets that draw their own colours (the transcript, the
attach button) re-colour on the resulting ``PaletteChange``. Every colour comes from ``app.render.palette``;
the style sheet written from them (``app.qt.style_sheet``) is set with the palette.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from app.qt.render.palette import palette_for
from app.qt.style_sheet import style_sheet
from app.render.palette import DARK, HIGH_CONTRAST, RenderPalette

__all__ = ["ThemeController", "apply_theme", "contrast_palette", "dark_palette", "is_dark", "light_palette"]

_SCHEMES = {
    "light": Qt.ColorScheme.Light,
    "dark": Qt.ColorScheme.Dark,
    "contrast": Qt.ColorScheme.Dark,
    "system": Qt.ColorScheme.Unknown,  # Unknown gives the choice back to the platform
}


def dark_palette() -> QPalette:
    """The app's own dark palette, used where the platform offers none."""
    return qt_palette(DARK)


def contrast_palette() -> QPalette:
    """The high-contrast palette: white on black, yellow selection and focus."""
    return qt_palette(HIGH_CONTRAST)


def qt_palette(colours: RenderPalette) -> QPalette:
    """A Qt palette from one of the app's colour sets."""
    palette = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    for item, colour in (
        (role.Window, colours.window),
        (role.WindowText, colours.text),
        (role.Base, colours.base),
        (role.AlternateBase, colours.surface),
        (role.Text, colours.text),
        (role.BrightText, "#ffffff"),
        (role.Button, colours.surface),
        (role.ButtonText, colours.text),
        (role.Light, colours.border_strong),
        (role.Midlight, colours.border),
        (role.Mid, colours.border),
        (role.Dark, colours.base),
        (role.Shadow, "#000000"),
        (role.Highlight, colours.selection),
        (role.HighlightedText, colours.selection_text),
        (role.ToolTipBase, colours.surface),
        (role.ToolTipText, colours.text),
        (role.PlaceholderText, colours.muted),
        (role.Link, colours.link),
        (role.LinkVisited, colours.model_accent),
        (role.Accent, colours.accent),
    ):
        palette.setColor(item, QColor(colour))
    for item in (role.Text, role.ButtonText, role.WindowText):
        palette.setColor(group.Disabled, item, QColor(colours.disabled_text))
    palette.setColor(group.Disabled, role.Highlight, QColor(colours.border))
    return palette


def light_palette() -> QPalette:
    """A light palette for a dark platform that ignores a request for light colours."""
    fusion = QStyleFactory.create("Fusion")
    return fusion.standardPalette() if fusion is not None else QPalette(QColor("#efefef"))


def is_dark(palette: QPalette) -> bool:
    """Whether ``palette`` has a dark window background."""
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


class ThemeController(QObject):
    """Keeps the application's palette on the chosen theme.

    With "system" it follows ``QStyleHints.colorSchemeChanged`` while the app runs; with "light" or "dark"
    it asks the platform for that scheme and supplies a palette itself when the platform does not switch.

    Args:
        app: The application whose palette is set.
        theme: "system", "light", "dark" or "contrast".
    """

    def __init__(self, app: QApplication, theme: str = "system") -> None:
        super().__init__(app)
        self._app = app
        self._theme = theme if theme in _SCHEMES else "system"
        self._overridden = False
        self._applying = False
        self._hints = QGuiApplication.styleHints()
        self._hints.colorSchemeChanged.connect(self._on_scheme_changed)

    @property
    def theme(self) -> str:
        """The chosen theme."""
        return self._theme

    def apply(self, theme: str) -> None:
        """Use ``theme`` ("system", "light", "dark" or "contrast"; anything else means "system")."""
        self._theme = theme if theme in _SCHEMES else "system"
        self._applying = True
        try:
            self._hints.setColorScheme(_SCHEMES[self._theme])
        finally:
            self._applying = False
        self._settle(self._hints.colorScheme())

    def _on_scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        # Our own setColorScheme call reports the scheme too; apply() settles the palette itself then.
        if not self._applying:
            self._settle(scheme if self._theme == "system" else _SCHEMES[self._theme])

    def _settle(self, effective: Qt.ColorScheme) -> None:
        """Make the palette match ``effective``, overriding the platform's only where it disagrees."""
        wanted = _SCHEMES[self._theme] if self._theme != "system" else effective
        if self._overridden:
            # Back to the platform's own palette first (an empty palette resolves nothing), then judge it.
            self._app.setPalette(QPalette())
            self._overridden = False
        if self._theme == "contrast":
            self._app.setPalette(contrast_palette())
            self._overridden = True
        elif wanted != Qt.ColorScheme.Unknown:
            platform_dark = is_dark(self._app.palette())
            if wanted == Qt.ColorScheme.Dark and not platform_dark:
                self._app.setPalette(dark_palette())
                self._overridden = True
            elif wanted == Qt.ColorScheme.Light and platform_dark:
                self._app.setPalette(light_palette())
                self._overridden = True
        sheet = style_sheet(palette_for(self._app.palette()))
        if self._app.styleSheet() != sheet:
            # A new sheet makes Qt polish every widget again: only when the colours really changed.
            self._app.setStyleSheet(sheet)


def apply_theme(theme: str) -> None:
    """Use ``theme`` once, without following later system changes (dialog previews, old callers).

    The running app uses a ``ThemeController`` instead; this builds a short-lived one on the application.
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    controller = app.findChild(ThemeController)
    if controller is None:
        controller = ThemeController(app, theme)
    controller.apply(theme)
