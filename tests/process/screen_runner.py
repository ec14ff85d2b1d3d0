"""Start the real app on whatever screen ``QT_QPA_PLATFORM`` describes and report the sizes it chose.

Usage::

    QT_QPA_PLATFORM=offscreen:configfile=SCREEN.json python -m tests.process.screen_runner DATA_DIR BASE_URL

Prints one ``SIZES <json>`` line: the screen's free area, the main window's inside and frame, whether the
sidebar is shown, and the sizes Settings and the conversation's parameters open at; then shuts down cleanly.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import QRect

from app.core.chat.generation import GenerationSettings
from app.core.settings import Settings
from app.main import GeminiDesk, parse_args
from app.qt.async_support import install_asyncgen_hooks
from app.qt.dialogs.conversation_settings import ConversationSettingsDialog
from app.qt.dialogs.settings_dialog import SettingsDialog
from tests.helpers.child_app import run_on_qt_loop, say, write_settings


def _rect(rect: QRect) -> list[int]:
    return [rect.x(), rect.y(), rect.width(), rect.height()]


async def _run(data_dir: Path, base_url: str) -> int:
    install_asyncgen_hooks()
    write_settings(data_dir, base_url)
    desk = GeminiDesk(parse_args(["--data-dir", str(data_dir)]), dict(os.environ))
    try:
        await desk.start()
        window = desk.window
        settings = SettingsDialog(Settings(), window)
        settings.show()
        parameters = ConversationSettingsDialog(
            GenerationSettings(), "gemini-2.5-flash", GenerationSettings(), window
        )
        report = {
            "available": _rect(window.screen().availableGeometry()),
            "window": _rect(window.geometry()),
            "frame": _rect(window.frameGeometry()),
            "sidebar": window.sidebar.isVisible(),
            "settings": _rect(settings.frameGeometry()),
            "parameters": [parameters.width(), parameters.height()],
        }
        settings.close()
        say("SIZES " + json.dumps(report))
        return 0
    finally:
        await desk.shutdown()


def main(argv: list[str]) -> int:
    """Start the app on ``DATA_DIR`` against ``BASE_URL``, print its sizes and return the exit status."""
    return run_on_qt_loop(_run(Path(argv[0]), argv[1]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
