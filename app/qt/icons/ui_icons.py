"""The interface icons, tinted to a theme colour and crisp at every scaling.

The shapes are drawn once in ``resources/icons/ui/*.svg`` (24-unit grid, 2-unit round strokes) and rendered
by ``scripts/icons`` into black-on-transparent PNGs at each pixel size the app uses (16 and 20 logical pixels
at 100%, 150% and 200%). Here they are tinted with the colour asked for, so the same file serves the light,
dark and high-contrast themes, and no SVG library is loaded at start-up.

A ``ui_icon`` is tinted when it is first drawn, at the size and scaling it is drawn at, and the result is
kept: building the window tints nothing, and an icon that is never shown (a hover action, a bar that stays
hidden, another screen's scaling) is never tinted.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QStyleOption, QToolButton

__all__ = ["ICON_NAMES", "icon_beside_text", "tinted_image", "ui_icon"]

UI_DIR = Path(__file__).resolve().parent / "ui"
#: Pixel sizes rendered for every icon (see ``scripts/icons``).
PIXEL_SIZES = (16, 20, 24, 30, 32, 40, 48, 64, 96)
#: Every icon the app draws.
ICON_NAMES = frozenset(
    {
        "alert", "check", "chevron-down", "chevron-right", "copy", "download", "edit", "gauge", "globe",
        "info", "instruction", "key", "more", "new-chat", "paperclip", "pin", "regenerate", "search", "send",
        "settings", "sidebar", "sliders", "sparkle", "stop", "thinking", "tools", "trash",
    }
)  # fmt: skip


def tinted_image(name: str, colour: QColor | str, logical: int, scale: float = 1.0) -> QImage:
    """Icon ``name`` in ``colour``, ``logical`` pixels wide on a screen scaled by ``scale``.

    The image has ``scale`` as its device pixel ratio, so it is drawn ``logical`` pixels wide and sharp.
    An unknown name gives an empty image.
    """
    pixels = _best_size(round(logical * scale))
    image = QImage(str(UI_DIR / f"{name}-{pixels}.png"))
    if image.isNull():
        return QImage()
    image = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(image.rect(), QColor(colour))
    painter.end()
    image.setDevicePixelRatio(pixels / logical)
    return image


def ui_icon(
    name: str, colour: QColor | str, logical: int = 16, disabled: QColor | str | None = None
) -> QIcon:
    """A ``QIcon`` of ``name`` in ``colour``, ``logical`` pixels wide, sharp at every scaling.

    ``disabled`` is the colour of the icon on a disabled button (Qt's own greying is hard to see on dark).
    Nothing is drawn until the icon is painted (see the module's docstring).
    """
    grey = None if disabled is None else QColor(disabled).name()
    return QIcon(_TintedIconEngine(name, QColor(colour).name(), logical, grey))


class _TintedIconEngine(QIconEngine):
    """Tints icon ``name`` when Qt first asks for it at a size, mode and scaling, then reuses the pixmap."""

    def __init__(self, name: str, colour: str, logical: int, disabled: str | None) -> None:
        super().__init__()
        self._name = name
        self._colour = colour
        self._logical = logical
        self._disabled = disabled

    def clone(self) -> QIconEngine:
        """A copy for a detached ``QIcon``."""
        return _TintedIconEngine(self._name, self._colour, self._logical, self._disabled)

    def isNull(self) -> bool:
        """True for a name with no icon files."""
        return not _available(self._name)

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        """The icon's own size, smaller when less room is asked for (never scaled up, as a pixmap icon)."""
        side = min(size.width(), size.height(), self._logical)
        return QSize(side, side)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        """The icon at ``size`` on an unscaled screen."""
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:
        """The icon to be shown in ``size`` logical pixels on a screen scaled by ``scale``."""
        side = self.actualSize(size, mode, state).width()
        if side <= 0 or self.isNull():
            return QPixmap()
        own_grey = mode == QIcon.Mode.Disabled and self._disabled is not None
        pixmap = _tinted_pixmap(self._name, self._disabled if own_grey else self._colour, side, scale)
        if mode in (QIcon.Mode.Disabled, QIcon.Mode.Selected) and not own_grey:
            # As Qt's pixmap icons do: the style derives the disabled and selected looks.
            style = QApplication.style()
            if style is not None:
                return style.generatedIconPixmap(mode, pixmap, QStyleOption())
        return pixmap

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        """Draw the icon centred in ``rect``, sharp on the painter's device."""
        device = painter.device()
        scale = device.devicePixelRatioF() if device is not None else 1.0
        pixmap = self.scaledPixmap(rect.size(), mode, state, scale)
        if pixmap.isNull():
            return
        side = self.actualSize(rect.size(), mode, state)
        target = QRect(0, 0, side.width(), side.height())
        target.moveCenter(rect.center())
        painter.drawPixmap(target, pixmap)


@lru_cache(maxsize=512)
def _tinted_pixmap(name: str, colour: str, logical: int, scale: float) -> QPixmap:
    """The tinted pixmap, kept: the same icon in the same colour is tinted once (bounded)."""
    return QPixmap.fromImage(tinted_image(name, colour, logical, scale))


@lru_cache(maxsize=64)
def _available(name: str) -> bool:
    """Whether icon ``name`` has its files."""
    return (UI_DIR / f"{name}-{PIXEL_SIZES[0]}.png").is_file()


def icon_beside_text(
    buttons: Iterable[tuple[QToolButton, str]], colour: QColor | str, logical: int = 16
) -> None:
    """Give each (button, icon name) the icon in ``colour``, drawn beside the button's word."""
    for button, name in buttons:
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setIconSize(QSize(logical, logical))
        button.setIcon(ui_icon(name, colour, logical))


def icon_size(logical: int) -> QSize:
    """The ``QSize`` a button should ask for to show an icon ``logical`` pixels wide."""
    return QSize(logical, logical)


def _best_size(pixels: int) -> int:
    """The smallest rendered size at least ``pixels`` wide (the largest when none is)."""
    for size in PIXEL_SIZES:
        if size >= pixels:
            return size
    return PIXEL_SIZES[-1]
