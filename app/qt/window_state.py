"""Saving and restoring where the main window was: geometry, splitter, open conversation and model.

The values live in ``Settings.window`` (``app.core.settings.WindowState``); this module only translates
between them and the widgets. Qt's ``restoreGeometry`` already moves a window back onto a screen that still
exists, so a saved position from a disconnected monitor does not hide the window.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QMainWindow, QSplitter

from app.core.settings import WindowState

__all__ = ["capture_window_state", "restore_geometry"]

# Below this a restored pane would be unusable (a splitter dragged to its minimum, then saved).
_MIN_PANE = 120


def restore_geometry(window: QMainWindow, splitter: QSplitter, state: WindowState) -> None:
    """Put the window and its splitter where ``state`` says (nothing happens for an empty state)."""
    if state.geometry:
        window.restoreGeometry(QByteArray.fromBase64(state.geometry.encode("ascii")))
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
