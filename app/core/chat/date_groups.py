"""Which date group a conversation is listed under in the sidebar.

The groups: Pinned, Today, Yesterday, Previous 7 days, Previous 30 days, then one group per month.

Pure: the caller passes "now" and the local time zone's view of it, so the rule is tested without a clock.
The Qt layer words the groups (``ConversationListModel``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

__all__ = ["DateGroup", "date_group"]

GroupKind = Literal["pinned", "today", "yesterday", "week", "month", "calendar_month"]


@dataclass(frozen=True, slots=True)
class DateGroup:
    """One group of the list; ``year`` and ``month`` only for ``calendar_month`` (older than 30 days)."""

    kind: GroupKind
    year: int = 0
    month: int = 0


def date_group(updated_at: float, pinned: bool, now: datetime.datetime) -> DateGroup:
    """The group of a conversation last active at ``updated_at`` (Unix seconds), seen at local time ``now``.

    Days are calendar days in ``now``'s time zone: one from 23:50 yesterday is "Yesterday" at 00:10.
    """
    if pinned:
        return DateGroup("pinned")
    when = datetime.datetime.fromtimestamp(updated_at, tz=now.tzinfo)
    days = (now.date() - when.date()).days
    if days <= 0:
        return DateGroup("today")
    if days == 1:
        return DateGroup("yesterday")
    if days <= 7:
        return DateGroup("week")
    if days <= 30:
        return DateGroup("month")
    return DateGroup("calendar_month", when.year, when.month)
