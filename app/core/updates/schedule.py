"""At most one update check a day."""

from __future__ import annotations

CHECK_INTERVAL = 24 * 60 * 60.0
# A recorded check further ahead than this is a clock that went backwards: check rather than wait for it.
_CLOCK_SLACK = 60 * 60.0


def is_check_due(last_check: float | None, now: float) -> bool:
    """True when no check happened in the last 24 hours (``last_check`` and ``now`` are Unix times)."""
    if last_check is None or last_check > now + _CLOCK_SLACK:
        return True
    return now - last_check >= CHECK_INTERVAL
