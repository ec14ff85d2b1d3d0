"""JSON from a reply, shown without overflowing the stack however deeply it nests.

``functionCall`` arguments nested 1,000 levels deep are valid JSON (the stream decoder accepts them), but
``json.dumps`` recurses once per level and raises ``RecursionError`` while the reply is shown. Everything the
app displays or exports as JSON goes through ``bounded`` first: values deeper than ``MAX_SHOWN_DEPTH`` are
replaced by a marker saying so. A reply whose function call nests deeper ends with a clear error
(``app.core.chat.turn``), its parts stored bounded the same way: storing them as they came would overflow too.
"""

from __future__ import annotations

import json
from typing import Any

MAX_SHOWN_DEPTH = 200
#: What stands in for a value nested deeper than the limit.
TOO_DEEP = f"… (nested deeper than {MAX_SHOWN_DEPTH} levels)"


def nesting_exceeds(value: Any, limit: int = MAX_SHOWN_DEPTH) -> bool:
    """Whether ``value`` nests objects or lists more than ``limit`` levels deep (no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth >= limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


def bounded(value: Any, limit: int = MAX_SHOWN_DEPTH) -> Any:
    """``value`` with every object or list nested deeper than ``limit`` replaced by ``TOO_DEEP``."""
    if not isinstance(value, dict | list):
        return value
    if limit <= 0:
        return TOO_DEEP
    if isinstance(value, dict):
        return {key: bounded(item, limit - 1) for key, item in value.items()}
    return [bounded(item, limit - 1) for item in value]


def shown_json(value: Any) -> str:
    """``value`` as indented JSON for display, bounded in depth (see ``bounded``)."""
    return json.dumps(bounded(value), ensure_ascii=False, indent=2)
