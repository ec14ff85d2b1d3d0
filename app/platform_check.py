"""Before Qt starts: name a missing system library in words instead of dying inside Qt.

Without ``libGL.so.1`` or GLib, importing PySide6 fails with a bare ``ImportError``; without one of the
xcb libraries (``libxcb-cursor0`` is missing on many stock systems), Qt prints "could not load the Qt
platform plugin" and aborts the process, which no Python code can catch. Loading the xcb plugin ourselves
first makes the dynamic loader name the missing library, while the process can still explain it.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

__all__ = ["DEBIAN_PACKAGES", "explain_missing", "missing_library", "platform_problem"]

#: The Debian/Ubuntu package shipping each library Qt needs on Linux (the ones a minimal system lacks).
DEBIAN_PACKAGES: dict[str, str] = {
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libOpenGL.so.0": "libopengl0",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-render.so.0": "libxcb-render0",
}

# The dynamic loader says: "libxcb-cursor.so.0: cannot open shared object file: No such file or directory".
_MISSING = re.compile(r"([\w.+-]+\.so(?:\.\d+)*): cannot open shared object file")


def missing_library(message: str) -> str | None:
    """The library a loader error names as missing, or None when the error is about something else."""
    match = _MISSING.search(message)
    return match.group(1) if match else None


def explain_missing(library: str, what: str = "open a window") -> str:
    """The message for a missing ``library``: what cannot happen, and the package to install where known."""
    package = DEBIAN_PACKAGES.get(library)
    lines = [f"Gemini Desk cannot {what}: the system library {library} is missing."]
    if package:
        lines.append(f"On Debian or Ubuntu, install it with:  sudo apt-get install {package}")
        lines.append("(bash scripts/dev app installs every library the app needs.)")
    else:
        lines.append("Install the package that provides it with your system's package manager.")
    return "\n".join(lines)


def _uses_xcb(environ: Mapping[str, str]) -> bool:
    """Whether Qt will try the X11 (xcb) platform plugin."""
    platform = environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.split(":")[0].split(";")[0] == "xcb"
    # Qt prefers Wayland when a Wayland session is there, else X11.
    return bool(environ.get("DISPLAY")) and not environ.get("WAYLAND_DISPLAY")


def platform_problem(environ: Mapping[str, str] | None = None, plugins: Path | None = None) -> str | None:
    """A sentence naming a missing system library Qt needs here, or None when Qt can load.

    Only Linux is checked: Windows and macOS bundles carry what Qt needs.

    Args:
        environ: The environment that decides the platform plugin (default: this process's).
        plugins: The folder holding Qt's platform plugins (default: the installed Qt's).
    """
    if not sys.platform.startswith("linux"):
        return None
    environ = os.environ if environ is None else environ
    try:
        from PySide6 import QtGui  # noqa: F401  (loads QtCore and QtGui with their system libraries)
    except ImportError as error:
        library = missing_library(str(error))
        return explain_missing(library, "start") if library else None
    if not _uses_xcb(environ):
        return None
    if plugins is None:
        from PySide6.QtCore import QLibraryInfo

        plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    plugin = plugins / "libqxcb.so"
    if not plugin.is_file():
        return None
    import ctypes  # only here: on other platforms it would be a start-up cost for nothing

    try:
        # Qt loads this very file next; loading it first only makes the loader's complaint readable.
        ctypes.CDLL(str(plugin))
    except OSError as error:
        library = missing_library(str(error))
        return explain_missing(library, "open a window") if library else None
    return None
