from pytestqt.qtbot import QtBot

from app.qt.theme import apply_theme
from app.qt.widgets.transcript_view import TranscriptView


def test_dark_theme_darkens_the_window_and_the_transcript_follows(qtbot: QtBot) -> None:
    view = TranscriptView()
    qtbot.addWidget(view)
    try:
        apply_theme("dark")
        qtbot.waitUntil(lambda: view.palette().window().color().lightness() < 128, timeout=2000)
        apply_theme("light")
        qtbot.waitUntil(lambda: view.palette().window().color().lightness() >= 128, timeout=2000)
    finally:
        apply_theme("system")
