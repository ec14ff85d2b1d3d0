"""Fixtures for the reliability tests: the Qt tests' qasync loop."""

from __future__ import annotations

from tests.helpers.qt_loop import qloop

__all__ = ["qloop"]
