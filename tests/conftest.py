"""Shared pytest fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from app.demo.server import GatewayDouble

# The app never asks the real release feed during tests (nothing but loopback is contacted); the update tests
# build their own controller against a feed on 127.0.0.1.
os.environ["GEMINI_DESK_NO_UPDATE_CHECK"] = "1"


@pytest.fixture
def gateway() -> Iterator[GatewayDouble]:
    """A started local gateway double accepting the key ``test-key``; stopped after the test."""
    with GatewayDouble("test-key") as double:
        yield double
