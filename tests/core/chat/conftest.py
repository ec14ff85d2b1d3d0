"""Fixtures for the chat tests: a conversation store on a fresh database."""

from __future__ import annotations

from tests.helpers.stores import store

__all__ = ["store"]
