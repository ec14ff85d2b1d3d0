"""Leaving a ``--demo`` session for the user's own data folder: what the demo hands over.

``--demo`` keeps a data folder of its own (``app.core.paths``), with its own settings. When the user enters
their gateway and key there, the app starts again on their own folder (``app.launch.leave_demo_folder``)
and applies what they entered, as Settings → OK would have: the settings they changed in the demo, the
gateway always (the key belongs to it), and the key. The proxy's password travels inside the proxy URL, in
memory only; the new session stores it in the keyring like any password typed in Settings.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from app.core.settings import Settings

__all__ = ["DemoExit"]

# What a session keeps to itself: where its window was, when it last asked the release feed.
_NOT_CARRIED = frozenset({"window", "last_update_check"})


@dataclass(frozen=True)
class DemoExit:
    """What a ``--demo`` session hands to the app that opens the user's own data folder.

    Attributes:
        changes: The settings the user changed in the demo, by field name (the gateway always).
        key: The API key typed for that gateway.
        geometry: The demo window's geometry (Qt's saved form), so the new window opens where it was.
    """

    changes: dict[str, Any]
    key: str = field(repr=False)
    geometry: bytes = b""

    @classmethod
    def between(cls, started: Settings, accepted: Settings, key: str, geometry: bytes = b"") -> DemoExit:
        """The hand-over of a demo session that started with ``started`` and ends with ``accepted``.

        Tool servers set up in the demo come along only to a folder that has none (``applied_to``).
        """
        changes = {
            f.name: getattr(accepted, f.name)
            for f in dataclasses.fields(accepted)
            if f.name not in _NOT_CARRIED and getattr(accepted, f.name) != getattr(started, f.name)
        }
        changes["base_url"] = accepted.base_url
        return cls(changes, key, geometry)

    def applied_to(self, own: Settings) -> Settings:
        """``own`` (the user's folder's settings) with the demo's changes; tool servers only into none."""
        changes = dict(self.changes)
        if own.tools:
            changes.pop("tools", None)  # the folder's own servers and approvals are not replaced
        return dataclasses.replace(own, **changes)
