"""Fixtures for the reliability tests: the Qt tests' qasync loop and garbage collection on the GUI thread."""

from __future__ import annotations

from tests.helpers.qt_loop import collect_qt_garbage_on_the_gui_thread, qloop

__all__ = ["collect_qt_garbage_on_the_gui_thread", "qloop"]
