"""A transcript view for widget tests, sized (and shown) as the test needs; closed by ``qtbot`` after it."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from app.qt.widgets.transcript_view import TranscriptView


def transcript_view(
    qtbot: QtBot, width: int, height: int, *, shown: bool = True, **options: Any
) -> TranscriptView:
    """A ``TranscriptView(**options)`` of ``width`` x ``height``, shown unless ``shown`` is false.

    Shown, it lays its document out at that width (formula sizes, frames and scrolling depend on it).
    """
    view = TranscriptView(**options)
    qtbot.addWidget(view)
    view.resize(width, height)
    if shown:
        view.show()
    return view
