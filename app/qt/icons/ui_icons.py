"""The interface icons, tinted to a theme colour and crisp at every scaling.

The shapes are drawn once in ``resources/icons/ui/*.svg`` (24-unit grid, 2-unit round strokes) and rendered
by ``scripts/icons`` into black-on-transparent PNGs at each pixel size the app uses (16 and 20 logical pixels
at 100%, 150% and 200%). Here they are tinted with the colour asked for, so the same file serves the light,
dark and high-contrast themes, and no SVG library is loaded at start-up.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QToolButton

__all__ = ["ICON_NAMES", "icon_beside_text", "tinted_image", "ui_icon"]

UI_DIR = Path(__file__).resolve().parent / "ui"
#: Pixel sizes rendered for every icon (see ``scripts/icons``).
PIXEL_SIZES = (16, 20, 24, 30, 32, 40, 48, 64, 96)
#: Every icon the app draws.
ICON_NAMES = frozenset(
    {
        "alert", "check", "chevron-down", "chevron-right", "copy", "edit", "info", "instruction", "more",
        "new-chat", "paperclip", "pin", "regenerate", "search", "send", "settings", "sidebar", "sliders",
        "sparkle", "stop", "thinking", "tools", "trash",
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
    """A ``QIcon`` of ``name`` in ``colour`` with a pixmap for each scaling, so Qt picks the sharp one.

    ``disabled`` is the colour of the icon on a disabled button (Qt's own greying is hard to see on dark).
    """
    icon = QIcon()
    for scale in (1.0, 1.5, 2.0):
        image = tinted_image(name, colour, logical, scale)
        if not image.isNull():
            icon.addPixmap(_pixmap(image), QIcon.Mode.Normal)
        if disabled is not None:
            greyed = tinted_image(name, disabled, logical, scale)
            if not greyed.isNull():
                icon.addPixmap(_pixmap(greyed), QIcon.Mode.Disabled)
    return icon


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


def _pixmap(image: QImage) -> QPixmap:
    # QIcon keys its pixmaps by pixel size; a ratio of 1 keeps it from dividing them again.
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(1.0)
    return pixmap


def _best_size(pixels: int) -> int:
    """The smallest rendered size at least ``pixels`` wide (the largest when none is)."""
    for size in PIXEL_SIZES:
        if size >= pixels:
            return size
    return PIXEL_SIZES[-1]
