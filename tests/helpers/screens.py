"""Virtual screens for the offscreen platform: a chosen size and scaling instead of its fixed 800×600.

Qt's offscreen platform reads its screens from a JSON file named in ``QT_QPA_PLATFORM``
(``offscreen:configfile=PATH``) when the application starts, so one process has one screen: the suite's
is set in ``tests/conftest.py``, other sizes are for child processes.
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["SUITE_SCREEN", "offscreen_platform"]

#: The suite's screen, in logical pixels: a common laptop's, so the first window is as wide as a user's
#: (the offscreen default, 800×600, would give every app test a window with the sidebar folded away).
SUITE_SCREEN = (1440, 900)


def offscreen_platform(folder: Path, width: int, height: int, scale: float = 1.0) -> str:
    """The ``QT_QPA_PLATFORM`` value for one offscreen screen of ``width``×``height`` device pixels.

    Args:
        folder: Where the screen's description file is written.
        width: The screen's width in device pixels.
        height: Its height in device pixels.
        scale: The desktop's scaling (1.5 for 150 %): Qt divides the device pixels by it, as on X11.
    """
    screen = {
        "name": f"screen-{width}x{height}@{scale}",
        "x": 0,
        "y": 0,
        "width": width,
        "height": height,
        "logicalDpi": round(96 * scale),
        "logicalBaseDpi": 96,
        "dpr": 1,
    }
    path = folder / f"screen-{width}x{height}-{scale}.json"
    path.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    return f"offscreen:configfile={path}"
