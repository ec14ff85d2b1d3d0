"""Saving and restoring where the main window was: geometry, splitter, open conversation and model.

The values live in ``Settings.window`` (``app.core.settings.WindowState``); this module only translates
between them and the widgets. Qt's ``restoreGeometry`` already moves a window back onto a screen that still
exists, so a saved position from a disconnected monitor does not hide the window. With nothing saved, the
window is sized to its screen (``first_window_geometry``).
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QByteArray, QRect, QSize
from PySide6.QtWidgets import QMainWindow, QSplitter

from app.core.settings import WindowState
from app.render.design import FIRST_WINDOW_MAX, FIRST_WINDOW_SHARE

__all__ = ["capture_window_state", "first_window_geometry", "restore_geometry"]

# Below this a restored pane would be unusable (a splitter dragged to its minimum, then saved).
_MIN_PANE = 120


def first_window_geometry(available: QRect, minimum: QSize) -> QRect:
    """Where a window with no saved place opens: centred on ``available``, sized to it.

    ``available`` is the screen's free area in logical pixels, so 150 % or 200 % scaling is already counted:
    a 4K screen at 200 % is a 1920×1080 screen here, and the window is as large on it as on a 1080p one.

    Args:
        available: The screen's free area (``QScreen.availableGeometry``).
        minimum: The window's minimum size; kept unless the screen is smaller still.
    """
    width = min(round(available.width() * FIRST_WINDOW_SHARE), FIRST_WINDOW_MAX[0])
    height = min(round(available.height() * FIRST_WINDOW_SHARE), FIRST_WINDOW_MAX[1])
    size = QSize(width, height).expandedTo(minimum).boundedTo(available.size())
    place = QRect(0, 0, size.width(), size.height())
    place.moveCenter(available.center())
    return place


def restore_geometry(window: QMainWindow, splitter: QSplitter, state: WindowState) -> None:
    """Put the window and its splitter where ``state`` says; with nothing saved, size it to its screen."""
    if state.geometry:
        window.restoreGeometry(QByteArray.fromBase64(state.geometry.encode("ascii")))
    else:
        window.setGeometry(first_window_geometry(window.screen().availableGeometry(), window.minimumSize()))
    sizes = list(state.splitter_sizes)
    if len(sizes) == splitter.count() and all(size >= _MIN_PANE for size in sizes):
        splitter.setSizes(sizes)


def capture_window_state(
    window: QMainWindow,
    splitter: QSplitter,
    previous: WindowState,
    *,
    conversation_id: int | None,
    model: str,
    folder: str = "",
) -> WindowState:
    """The window's state now, for saving.

    Args:
        window: The main window.
        splitter: Its main splitter.
        previous: The state loaded at start (fields this function does not know are kept).
        conversation_id: The open conversation.
        model: The model chosen in the picker ("" keeps the previous one).
        folder: The folder a file was last chosen in ("" keeps the previous one).
    """
    geometry = bytes(window.saveGeometry().toBase64().data()).decode("ascii")
    return dataclasses.replace(
        previous,
        geometry=geometry,
        splitter_sizes=tuple(splitter.sizes()),
        last_conversation_id=conversation_id,
        last_model=model or previous.last_model,
        last_folder=folder or previous.last_folder,
    )
