"""Reading generation parameters as people type them in a form."""

from __future__ import annotations

import math


def stop_lines(text: str) -> list[str]:
    """One stop sequence per non-blank line, kept exactly as typed (spaces can matter)."""
    return [line for line in text.split("\n") if line.strip()]


def parse_number(text: str, whole: bool) -> float | int | None:
    """``text`` as a number (a decimal comma is accepted), or None when it is not one."""
    cleaned = text.replace(",", ".") if not whole else text
    try:
        value: float | int = int(cleaned) if whole else float(cleaned)
    except ValueError:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
