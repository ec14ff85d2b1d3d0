"""The key's remaining quota and expiry, read from the gateway when it tells.

Two sources, tried in this order:

1. new-api's `GET /api/usage/token/` (with the Bearer key; **the trailing slash matters**: without it the
   answer is a 301, and the client follows no redirects). It answers
   `{"code": true, "message": "ok", "data": {"object": "token_usage", "name", "total_granted", "total_used",
   "total_available", "unlimited_quota", "model_limits", "model_limits_enabled", "expires_at"}}`. The amounts
   are new-api's raw quota points (the console shows them divided by the site's points per currency unit,
   500,000 per dollar by default, which a client cannot learn); `expires_at` is in seconds, 0 for never. A key
   it cannot find gives 200 `{"success": false, "message": …}`.
2. The OpenAI-style billing routes of new-api and one-api: `GET /dashboard/billing/subscription`
   (`hard_limit_usd`: the granted total in the site's display unit, 100000000 for an unlimited key;
   `access_until`: expiry in seconds, 0 for never) and `GET /dashboard/billing/usage` (`total_usage`: what was
   used, in hundredths of that unit).

Google's own endpoint and most other relays have neither: then there is no quota to show, which is not an
error. Nothing here raises: every failure means "unknown".
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Final, Literal, TypeAlias

from app.core.gemini.errors import GeminiError, TransportError

TOKEN_USAGE_PATH: Final = "/api/usage/token/"
SUBSCRIPTION_PATH: Final = "/dashboard/billing/subscription"
BILLING_USAGE_PATH: Final = "/dashboard/billing/usage"
UNLIMITED_BILLING: Final = 100_000_000.0
"""What new-api and one-api report as `hard_limit_usd` for a key with unlimited quota."""
LOW_FRACTION: Final = 0.1
"""Below this share of the granted total, the remaining quota counts as low."""

Unit: TypeAlias = Literal["points", "display"]
""""points": new-api's raw quota points; "display": the gateway's display unit (usually dollars)."""

GetJson: TypeAlias = Callable[[str], Awaitable[object]]
"""Fetches a URL with the key and returns its decoded JSON; raises `GeminiError` on failure."""


@dataclass(frozen=True, slots=True)
class KeyQuota:
    """What the gateway says about the key's quota.

    Attributes:
        source: "new-api" (`/api/usage/token/`) or "billing" (the OpenAI-style billing routes).
        unit: The unit of the amounts (see `Unit`).
        name: The key's name on the gateway ("" when unknown).
        remaining: What is left, or None when unknown.
        used: What was used, or None when unknown.
        granted: The total granted (remaining + used), or None when unknown.
        unlimited: The key has no quota limit (the amounts then mean nothing).
        expires_at: Expiry as seconds since the epoch, or None for never (or unknown).
    """

    source: Literal["new-api", "billing"]
    unit: Unit
    name: str = ""
    remaining: float | None = None
    used: float | None = None
    granted: float | None = None
    unlimited: bool = False
    expires_at: float | None = None

    @property
    def low(self) -> bool:
        """Whether the remaining quota is used up or below `LOW_FRACTION` of the granted total."""
        if self.unlimited or self.remaining is None:
            return False
        if self.remaining <= 0:
            return True
        return bool(self.granted) and self.remaining < LOW_FRACTION * (self.granted or 0.0)

    def expired(self, now: float) -> bool:
        """Whether the key's expiry has passed at `now` (seconds since the epoch)."""
        return self.expires_at is not None and self.expires_at <= now

    @property
    def shows_amount(self) -> bool:
        """Whether there is anything to show: an unlimited key, or a known remaining amount."""
        return self.unlimited or self.remaining is not None


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


# 9999-12-31 23:59:59 UTC, in seconds since the epoch.
_LAST_DATE = 253_402_300_799.0


def _expiry(value: object) -> float | None:
    seconds = _number(value)
    if seconds is None or seconds <= 0:
        return None
    # Some builds report milliseconds (new-api's /api/token status route multiplies by 1000).
    seconds = seconds / 1000.0 if seconds > 1e11 else seconds
    # Past the year 9999 no calendar (nor Qt's date types) goes: as good as never, like new-api's -1.
    return seconds if seconds < _LAST_DATE else None


def parse_token_usage(payload: object) -> KeyQuota | None:
    """Read new-api's `/api/usage/token/` answer; None when it is not one (or reports a failure)."""
    if not isinstance(payload, Mapping) or payload.get("code") is not True:
        return None
    data = payload.get("data")
    if not isinstance(data, Mapping):
        return None
    remaining = _number(data.get("total_available"))
    used = _number(data.get("total_used"))
    granted = _number(data.get("total_granted"))
    unlimited = data.get("unlimited_quota") is True
    if remaining is None and not unlimited:
        return None
    name = data.get("name")
    return KeyQuota(
        source="new-api",
        unit="points",
        name=name.strip() if isinstance(name, str) else "",
        remaining=remaining,
        used=used,
        granted=granted if granted is not None or remaining is None or used is None else remaining + used,
        unlimited=unlimited,
        expires_at=_expiry(data.get("expires_at")),
    )


def parse_billing(subscription: object, usage: object) -> KeyQuota | None:
    """Read the OpenAI-style billing answers; None when the subscription is not one.

    Args:
        subscription: The decoded `/dashboard/billing/subscription` answer.
        usage: The decoded `/dashboard/billing/usage` answer, or None when it failed.
    """
    if not isinstance(subscription, Mapping) or "error" in subscription:
        return None
    granted = _number(subscription.get("hard_limit_usd"))
    if granted is None:
        return None
    expires = _expiry(subscription.get("access_until"))
    if granted >= UNLIMITED_BILLING:
        return KeyQuota(source="billing", unit="display", unlimited=True, expires_at=expires)
    total_usage = _number(usage.get("total_usage")) if isinstance(usage, Mapping) else None
    # total_usage is in hundredths of the display unit (OpenAI's cents).
    used = total_usage / 100.0 if total_usage is not None else None
    return KeyQuota(
        source="billing",
        unit="display",
        remaining=granted - used if used is not None else None,
        used=used,
        granted=granted,
        expires_at=expires,
    )


async def read_key_quota(get_json: GetJson, base_url: str) -> KeyQuota | None:
    """Ask the gateway at `base_url` (normalised, no trailing slash) for the key's quota.

    Returns:
        The quota, or None when the gateway offers neither source (or the network fails): never raises
        `GeminiError`.
    """
    try:
        quota = parse_token_usage(await get_json(base_url + TOKEN_USAGE_PATH))
    except TransportError:
        return None  # the gateway is unreachable: the billing routes would fail the same way, slowly
    except GeminiError:
        quota = None
    if quota is not None:
        return quota
    try:
        subscription = await get_json(base_url + SUBSCRIPTION_PATH)
    except GeminiError:
        return None
    if not isinstance(subscription, Mapping) or "hard_limit_usd" not in subscription:
        return None
    try:
        usage: object = await get_json(base_url + BILLING_USAGE_PATH)
    except GeminiError:
        usage = None
    return parse_billing(subscription, usage)


def compact_amount(value: float, unit: Unit) -> str:
    """Format an amount for a status bar: points as 6.15M / 820K / 950, display units with two decimals."""
    if unit == "display":
        return f"{value:,.2f}"
    magnitude = abs(value)
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if magnitude >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.0f}"
