"""The ``theme`` fixture: the app's theme controller for widget tests, put back to the system theme after.

The Qt tests' ``conftest.py`` makes it theirs.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from app.qt.theme import ThemeController


@pytest.fixture
def theme(qapp: QApplication) -> Iterator[ThemeController]:
    """The app's theme controller (it sets the app's palette and style sheet); the system theme is restored
    afterwards."""
    controller = qapp.findChild(ThemeController) or ThemeController(qapp)
    try:
        yield controller
    finally:
        controller.apply("system")
