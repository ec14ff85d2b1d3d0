"""Rewriting a setting across every conversation at once (a removed tool server's traces, for example)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Protocol

from app.core.store.db import Database
from app.core.store.rows import dump_json

__all__ = ["SettingsChange", "SettingsSweep"]

SettingsChange = Callable[[dict[str, Any]], dict[str, Any] | None]
"""Given a conversation's settings, the settings it should have, or None to leave them as they are."""


class _Store(Protocol):
    _db: Database


class SettingsSweep:
    """The settings rewrite of ``ConversationStore`` across conversations (a mixin: no state of its own)."""

    def rewrite_settings(self: _Store, change: SettingsChange) -> int:
        """Apply ``change`` to every conversation's settings (deleted ones too) in one transaction.

        Settings changes never bump ``updated_at`` (the list keeps its order).

        Returns:
            How many conversations changed.
        """
        changed = 0
        with self._db.transaction() as conn:
            rows = conn.execute("SELECT id, settings_json FROM conversations").fetchall()
            for conversation_id, text in rows:
                try:
                    settings = json.loads(text)
                except ValueError:
                    continue
                if not isinstance(settings, dict):
                    continue
                updated = change(settings)
                if updated is not None:
                    conn.execute(
                        "UPDATE conversations SET settings_json = ? WHERE id = ?",
                        (dump_json(updated), conversation_id),
                    )
                    changed += 1
        return changed
