"""Shared pytest fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.demo.server import GatewayDouble


@pytest.fixture
def gateway() -> Iterator[GatewayDouble]:
    """A started local gateway double accepting the key ``test-key``; stopped after the test."""
    double = GatewayDouble("test-key")
    double.start()
    try:
        yield double
    finally:
        double.stop()
