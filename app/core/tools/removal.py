"""What removing or renaming an MCP server does to what is keyed by its name: approvals and tool choices.

A removed server must leave nothing behind that a later server of the same name could inherit: "allow in
this conversation" approvals and tool choices are keyed by the server's name, and its secret values sit in
the keyring under accounts naming it (``servers.secret_accounts``; the tool controller deletes them).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from app.core.tools.service import ToolSettings

__all__ = [
    "conversation_renaming_server",
    "conversation_without_server",
    "names_server",
    "settings_renaming_server",
    "settings_without_server",
]


def names_server(entry: str, server: str) -> bool:
    """Whether a tool choice or approval (``server`` or ``server/tool``) belongs to ``server``."""
    return entry == server or entry.startswith(server + "/")


def _kept(entries: Iterable[str], server: str) -> list[str]:
    return [e for e in entries if not names_server(e, server)]


def _renamed(entries: Iterable[str], old: str, new: str) -> list[str]:
    return [new + e[len(old) :] if names_server(e, old) else e for e in entries]


def settings_renaming_server(settings: ToolSettings, old: str, new: str) -> ToolSettings:
    """``Settings.tools`` with the "always allow" entries and default choice of ``old`` now naming ``new``.

    (The user renamed the server in Settings: the same server, so its approvals follow it.)
    """
    defaults = settings.default_tools
    return dataclasses.replace(
        settings,
        always_allowed=tuple(_renamed(settings.always_allowed, old, new)),
        default_tools=None if defaults is None else tuple(_renamed(defaults, old, new)),
    )


def conversation_renaming_server(settings: dict[str, Any], old: str, new: str) -> dict[str, Any] | None:
    """A conversation's settings with ``old`` renamed ``new`` in its tools and approvals; None: unchanged."""
    updated = dict(settings)
    for field in ("mcp_tools", "tool_approvals"):
        entries = settings.get(field)
        if isinstance(entries, list):
            updated[field] = _renamed((e for e in entries if isinstance(e, str)), old, new)
    return updated if updated != settings else None


def settings_without_server(settings: ToolSettings, server: str) -> ToolSettings:
    """``Settings.tools`` without ``server``: its configuration, "always allow" entries and default choice."""
    defaults = settings.default_tools
    return dataclasses.replace(
        settings,
        servers=tuple(s for s in settings.servers if s.name != server),
        always_allowed=tuple(_kept(settings.always_allowed, server)),
        default_tools=None if defaults is None else tuple(_kept(defaults, server)),
    )


def conversation_without_server(settings: dict[str, Any], server: str) -> dict[str, Any] | None:
    """A conversation's settings without ``server`` in its tool choice and approvals; None when unchanged.

    Fits ``ConversationStore.rewrite_settings``.
    """
    updated = dict(settings)
    for field in ("mcp_tools", "tool_approvals"):
        entries = settings.get(field)
        if isinstance(entries, list):
            kept = _kept((e for e in entries if isinstance(e, str)), server)
            if len(kept) != len(entries):
                updated[field] = kept
    return updated if updated != settings else None
