"""The app's own icon, as PNG files generated from ``resources/icons/gemini-desk.svg`` by ``scripts/icons``.

PNG rather than the SVG so that neither the QtSvg library nor the SVG icon-engine plugin has to ship in the
bundle for a window icon.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

ICON_DIR = Path(__file__).resolve().parent
SIZES = (16, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    """The window icon in every generated size; Qt decodes a size only when something draws it."""
    icon = QIcon()
    for size in SIZES:
        path = ICON_DIR / f"gemini-desk-{size}.png"
        if path.is_file():
            icon.addFile(str(path), QSize(size, size))
    return icon
