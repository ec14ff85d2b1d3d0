"""Run the real ``gemini-desk`` entry point and close its window while a request hangs, for
``test_quit_while_busy.py``.

Usage::

    python -m tests.process.quit_runner DATA_DIR CLOSE_AFTER_SECONDS [ARGUMENT...]

The key comes from ``GEMINI_API_KEY`` and the gateway from DATA_DIR's settings (DATA_DIR ``-``: no
``--data-dir``, the app chooses); further arguments (``--demo``) go to the app. The window is closed like a
user would close it, CLOSE_AFTER_SECONDS after start, saying ``CLOSING`` and the data folder the app uses;
the process then prints ``EXIT <status>`` and ends with that status.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.launch import main
from app.qt.main_window import MainWindow
from tests.helpers.child_app import say


def _close_main_window() -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            say("CLOSING")
            widget.close()


if __name__ == "__main__":
    data_dir, close_after, *extra = sys.argv[1:]
    app = QApplication(sys.argv[:1])
    QTimer.singleShot(int(float(close_after) * 1000), _close_main_window)
    status = main([*([] if data_dir == "-" else ["--data-dir", data_dir]), *extra])
    say(f"EXIT {status}")
    sys.exit(status)
