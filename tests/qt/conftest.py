"""Fixtures for Qt tests: the qasync loop, compiled translations, the theme controller."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.helpers.languages import compile_translations
from tests.helpers.qt_loop import qloop
from tests.helpers.themes import theme

__all__ = ["compiled_translations", "qloop", "theme"]


@pytest.fixture(scope="session")
def compiled_translations() -> Iterator[None]:
    """The app loads ``app/translations/*.qm``, build output of ``scripts/translations compile``: build it."""
    compile_translations()
    yield
