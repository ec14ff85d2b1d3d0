"""The notice shown once when the settings file had to be repaired at start-up.

Without it a wrong gateway address (say, edited by hand) would silently become the default gateway, and the
user would only see a key prompt for a host they never chose.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.core.settings_store import SettingsRepair

CONTEXT = "SettingsNotice"

# Sentences are joined with a space, which Chinese does not put after its full stop.
_SPACE_AFTER_CJK_STOP = re.compile(r"(?<=[。！？；]) ")

# The names the Settings dialog shows, per field of Settings (its translation context, so they read the same).
LABEL_CONTEXT = "SettingsDialog"
FIELD_LABELS: dict[str, str] = {
    "base_url": str(QT_TRANSLATE_NOOP("SettingsDialog", "Gateway URL")),
    "default_model": str(QT_TRANSLATE_NOOP("SettingsDialog", "Default model")),
    "proxy_mode": str(QT_TRANSLATE_NOOP("SettingsDialog", "Proxy")),
    "proxy_url": str(QT_TRANSLATE_NOOP("SettingsDialog", "Proxy URL")),
    "connect_timeout": str(QT_TRANSLATE_NOOP("SettingsDialog", "Connect timeout")),
    "idle_timeout": str(QT_TRANSLATE_NOOP("SettingsDialog", "Idle timeout")),
    "send_key": str(QT_TRANSLATE_NOOP("SettingsDialog", "Send with")),
    "theme": str(QT_TRANSLATE_NOOP("SettingsDialog", "Theme")),
    "language": str(QT_TRANSLATE_NOOP("SettingsDialog", "Language")),
    "font_size": str(QT_TRANSLATE_NOOP("SettingsDialog", "Font size")),
    "generation_defaults": str(QT_TRANSLATE_NOOP("SettingsDialog", "Default generation settings")),
    "check_updates": str(QT_TRANSLATE_NOOP("SettingsDialog", "Check for updates once a day")),
    "update_feed_url": str(QT_TRANSLATE_NOOP("SettingsDialog", "Update feed")),
    "last_update_check": str(QT_TRANSLATE_NOOP("SettingsDialog", "Last update check")),
    "tools": str(QT_TRANSLATE_NOOP("SettingsDialog", "Tools (MCP servers)")),
}


def _label(name: str) -> str:
    return QCoreApplication.translate(LABEL_CONTEXT, FIELD_LABELS.get(name, name))


def settings_notice(repair: SettingsRepair | None) -> str | None:
    """The text telling the user what loading the settings repaired, or None if nothing was.

    Args:
        repair: ``SettingsStore.repair`` after ``load()``.
    """
    if repair is None:
        return None
    if repair.unreadable:
        if repair.kept_as:
            text = QCoreApplication.translate(
                "SettingsNotice",
                "The settings file could not be used and was kept as {0}; the default settings are in use.",
            )
            text = text.format(repair.kept_as)
        else:
            text = QCoreApplication.translate(
                "SettingsNotice",
                "The settings file could not be read ({0}); the default settings are in use.",
            )
            text = text.format(repair.reason)
        return _SPACE_AFTER_CJK_STOP.sub("", text + _gateway_note(repair))
    labels = [_label(name) for name in repair.reset_fields]
    text = QCoreApplication.translate(
        "SettingsNotice", "Some settings could not be used and were reset to their defaults: {0}."
    ).format(QCoreApplication.translate("SettingsNotice", ", ").join(labels))
    if repair.kept_as:
        text += " " + QCoreApplication.translate(
            "SettingsNotice", "The file as it was is kept as {0}."
        ).format(repair.kept_as)
    text += " " + QCoreApplication.translate("SettingsNotice", "Check them in Settings.")
    return _SPACE_AFTER_CJK_STOP.sub("", text + _gateway_note(repair))


def _gateway_note(repair: SettingsRepair) -> str:
    if not repair.gateway_uncertain:
        return ""
    return " " + QCoreApplication.translate(
        "SettingsNotice",
        "Your key is not sent to any gateway until you confirm one, on the setup page or in Settings.",
    )
