"""The app's own top-level windows: which a test built, deleting them, failing a test that leaks one.

Kept apart from ``app_harness`` (which imports the whole app) so the root ``conftest.py`` can check every test
for leaked windows without loading Qt into the tests that never use it.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QWidget


def qt_application() -> QApplication | None:
    """The running QApplication, or None when this process has not loaded Qt's widgets or built none."""
    if "PySide6.QtWidgets" not in sys.modules:
        return None
    app = QApplication.instance()
    return app if isinstance(app, QApplication) else None


def own_windows() -> list[QWidget]:
    """The application's windows that no other object owns: parentless, plain windows and dialogs.

    Popups and tool tips are left out: Qt keeps its own pointers to some of them (a completer's list, the
    tool tip label) and deletes them itself.
    """
    kinds = (Qt.WindowType.Window, Qt.WindowType.Dialog)
    return [w for w in QApplication.topLevelWidgets() if w.parent() is None and w.windowType() in kinds]


def delete_new_windows(before: list[QWidget]) -> list[str]:
    """Delete the windows in ``own_windows()`` that are not in ``before``, with all their children, now.

    Returns a description of each window deleted (its class and object name).

    Call it once the event loop has stopped. Closing a window only hides it: a finished app's window (and its
    transcript, controllers and timers, its children) would live for the rest of the test run, be polished
    again whenever a later test changes the theme, and make the process grow by some megabytes per test.
    The deletion is done here and not left to ``deleteLater`` alone: a deferred delete posted while no loop
    runs is carried out by the next loop that starts, in the middle of the next test, where a window's
    destruction (focus and activation moving, a model losing its view) disturbs that test's own window. So
    the deferred deletes already posted (the app's message boxes, pytest-qt's ``addWidget`` windows) are
    carried out first, then the windows are deleted.
    """
    kept = {id(w) for w in before}
    # What was posted already (a message box's deleteLater) goes first, while its windows still exist.
    delete_posted()
    deleted = []
    for window in own_windows():
        if id(window) not in kept:
            deleted.append(f"{type(window).__name__}({window.objectName()!r})")
            window.deleteLater()
    delete_posted()
    return deleted


def delete_posted() -> None:
    """Carry out the deferred deletes posted so far (``deleteLater``), now, outside any event loop."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
