"""What the app says about the key's quota: the status-bar figure, the Account page and the connection test.

One home for these words (see `core.gemini.quota` for where the figures come from).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QDateTime

from app.core.gemini.quota import KeyQuota, compact_amount


def expiry_text(quota: KeyQuota) -> str:
    """The key's expiry as "2026-12-31 23:59", or "never"."""
    if quota.expires_at is None:
        return QCoreApplication.translate("KeyQuota", "never")
    return QDateTime.fromSecsSinceEpoch(int(quota.expires_at)).toString("yyyy-MM-dd HH:mm")


def amount_text(value: float | None, quota: KeyQuota) -> str:
    """An amount of `quota` compactly ("6.15M" quota points, "12.30" display units), or "unknown"."""
    return (
        QCoreApplication.translate("KeyQuota", "unknown")
        if value is None
        else compact_amount(value, quota.unit)
    )


def status_text(quota: KeyQuota | None, now: float) -> str:
    """The quiet status-bar figure, "" when there is nothing to show."""
    if quota is None:
        return ""
    if quota.expired(now):
        return QCoreApplication.translate("KeyQuota", "⚠ Key expired")
    if quota.unlimited:
        return QCoreApplication.translate("KeyQuota", "Quota: unlimited")
    if quota.remaining is None:
        return ""
    left = amount_text(quota.remaining, quota)
    if quota.low:
        return QCoreApplication.translate("KeyQuota", "⚠ Quota low: %1 left").replace("%1", left)
    return QCoreApplication.translate("KeyQuota", "Quota: %1 left").replace("%1", left)


def unit_note(quota: KeyQuota) -> str:
    """What the amounts count."""
    if quota.unit == "points":
        return QCoreApplication.translate(
            "KeyQuota",
            "new-api quota points (the gateway's console shows them as money, by default 500,000 points per "
            "dollar)",
        )
    return QCoreApplication.translate("KeyQuota", "the gateway's display unit (usually US dollars)")


def details(quota: KeyQuota, now: float) -> list[tuple[str, str]]:
    """Labelled lines for the Account page and the status-bar tooltip."""
    lines: list[tuple[str, str]] = []
    if quota.name:
        lines.append((QCoreApplication.translate("KeyQuota", "Key name"), quota.name))
    if quota.unlimited:
        lines.append(
            (
                QCoreApplication.translate("KeyQuota", "Remaining"),
                QCoreApplication.translate("KeyQuota", "unlimited"),
            )
        )
    else:
        lines.append(
            (QCoreApplication.translate("KeyQuota", "Remaining"), amount_text(quota.remaining, quota))
        )
        if quota.used is not None:
            lines.append((QCoreApplication.translate("KeyQuota", "Used"), amount_text(quota.used, quota)))
        if quota.granted is not None:
            lines.append(
                (QCoreApplication.translate("KeyQuota", "Total granted"), amount_text(quota.granted, quota))
            )
        lines.append((QCoreApplication.translate("KeyQuota", "Unit"), unit_note(quota)))
    expiry = expiry_text(quota)
    if quota.expired(now):
        expiry = QCoreApplication.translate("KeyQuota", "%1 (expired)").replace("%1", expiry)
    lines.append((QCoreApplication.translate("KeyQuota", "Expires"), expiry))
    return lines


def tooltip(quota: KeyQuota, now: float) -> str:
    """The status-bar figure's tooltip: every detail, one per line."""
    return "\n".join(f"{label}: {value}" for label, value in details(quota, now))


def test_line(quota: KeyQuota | None, now: float) -> str:
    """One line for the connection test ("" when the gateway does not tell)."""
    if quota is None:
        return ""
    name = quota.name or QCoreApplication.translate("KeyQuota", "this key")
    if quota.unlimited:
        amount = QCoreApplication.translate("KeyQuota", "unlimited quota")
    elif quota.remaining is None:
        amount = QCoreApplication.translate("KeyQuota", "quota unknown")
    else:
        amount = QCoreApplication.translate("KeyQuota", "%1 left").replace(
            "%1", amount_text(quota.remaining, quota)
        )
        if quota.granted:
            amount = QCoreApplication.translate("KeyQuota", "%1 left of %2").replace(
                "%1", amount_text(quota.remaining, quota)
            )
            amount = amount.replace("%2", amount_text(quota.granted, quota))
    line = (
        QCoreApplication.translate("KeyQuota", "Key %1: %2, expires %3")
        .replace("%1", name)
        .replace("%2", amount)
    )
    return line.replace("%3", expiry_text(quota))
