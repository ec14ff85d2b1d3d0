"""Reading values out of JSON that may not have the expected shape.

Gateway answers, stored meta and imported files are JSON whose fields can be missing or of the wrong type;
these are the one set of rules for reading them leniently (a wrong type reads as "nothing", never raises).
JSON's ``true`` is never a number, although ``bool`` is an ``int`` in Python.
"""

from __future__ import annotations

from typing import TypeGuard


def as_str(value: object) -> str:
    """``value`` when it is a string, else ""."""
    return value if isinstance(value, str) else ""


def str_or_none(value: object) -> str | None:
    """``value`` when it is a string, else ``None``."""
    return value if isinstance(value, str) else None


def is_int(value: object) -> TypeGuard[int]:
    """Whether ``value`` is a JSON integer (an ``int`` that is not a ``bool``)."""
    return isinstance(value, int) and not isinstance(value, bool)


def as_count(value: object) -> int:
    """A whole number such as a token count or an index: ``value`` when it is one (``3.0`` too), else 0."""
    if is_int(value):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return 0


def as_number(value: object) -> float | None:
    """``value`` as a float when it is a JSON number, else ``None``."""
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
