"""When a message was written, as its header says: the time today, day and time before, in the UI language.

``QLocale()`` follows the UI language (``app.qt.translations.install_language`` makes it the default), so the
time reads "2:05 PM" in English and "14:05" in Chinese; the day's pattern is translated with the rest of the
UI.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale

__all__ = ["message_time"]


def message_time(timestamp: float, now: float | None = None) -> str:
    """``timestamp`` (Unix seconds) in local time: "14:05" today, "Dec 5 14:05" this year, else with the year.

    Args:
        timestamp: When the message was written.
        now: The current time (a test's clock); by default the real one.
    """
    locale = QLocale()
    moment = QDateTime.fromSecsSinceEpoch(int(timestamp))
    today = QDateTime.fromSecsSinceEpoch(int(time.time() if now is None else now)).date()
    clock = locale.toString(moment.time(), QLocale.FormatType.ShortFormat)
    day = moment.date()
    if day == today:
        return clock
    if day.year() == today.year():
        # Translators: a Qt date pattern for a day of this year ("MMM d": Dec 5; Chinese "M月d日").
        pattern = QCoreApplication.translate("MessageTime", "MMM d")
    else:
        pattern = QCoreApplication.translate("MessageTime", "MMM d, yyyy")
    return f"{locale.toString(day, pattern)} {clock}"
