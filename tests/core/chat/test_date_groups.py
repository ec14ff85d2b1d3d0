"""The sidebar's date groups follow calendar days in the local time zone."""

from __future__ import annotations

import datetime

from app.core.chat.date_groups import DateGroup, date_group

ZONE = datetime.timezone(datetime.timedelta(hours=8))
NOW = datetime.datetime(2026, 12, 7, 0, 10, tzinfo=ZONE)


def _at(year: int, month: int, day: int, hour: int, minute: int) -> float:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=ZONE).timestamp()


def test_each_age_has_its_group() -> None:
    assert date_group(_at(2026, 12, 7, 0, 5), False, NOW) == DateGroup("today")
    assert date_group(_at(2026, 12, 6, 23, 50), False, NOW) == DateGroup("yesterday")  # 20 minutes ago
    assert date_group(_at(2026, 12, 1, 12, 0), False, NOW) == DateGroup("week")
    assert date_group(_at(2026, 11, 10, 12, 0), False, NOW) == DateGroup("month")
    assert date_group(_at(2026, 10, 2, 12, 0), False, NOW) == DateGroup("calendar_month", 2026, 10)
    assert date_group(_at(2025, 12, 30, 12, 0), False, NOW) == DateGroup("calendar_month", 2025, 12)


def test_pinned_wins_over_age_and_a_future_time_counts_as_today() -> None:
    assert date_group(_at(2020, 1, 1, 0, 0), True, NOW) == DateGroup("pinned")
    assert date_group(_at(2026, 12, 8, 0, 0), False, NOW) == DateGroup("today")  # a clock set back
