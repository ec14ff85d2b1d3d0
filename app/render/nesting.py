"""Markdown nested deeper than the parser follows is flattened, so nothing stored and sent is hidden.

markdown-it stops at a nesting depth (``maxNesting``, 20 in the CommonMark preset; a list level takes two) and
silently drops whatever lies deeper: ``- - - - … secret`` written by a model showed nothing, yet was stored,
copied and sent back with the next request. ``flatten_deep_nesting`` keeps the first ``MAX_CONTAINERS``
container markers of such a line and shows the rest as text.
"""

from __future__ import annotations

import re

#: Nested containers (block quotes, list items) kept on one line; markdown-it follows about ten.
MAX_CONTAINERS = 8

# One container marker at the start of what is left of a line: "> ", "- ", "* ", "+ ", "12. ", "3) ".
_MARKER = re.compile(r"[ \t]{0,3}(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]*")


def flatten_deep_nesting(source: str, limit: int = MAX_CONTAINERS) -> str:
    """``source`` with lines nesting more than ``limit`` containers cut back to ``limit`` (text kept)."""
    if not _might_nest(source, limit):
        return source
    lines = source.split("\n")
    for number, line in enumerate(lines):
        position = 0
        markers = 0
        while markers <= limit and (match := _MARKER.match(line, position)) and match.end() > position:
            position = match.end()
            markers += 1
        if markers > limit:
            kept = 0
            position = 0
            while kept < limit and (match := _MARKER.match(line, position)) is not None:
                position = match.end()
                kept += 1
            rest = line[position:]
            while (match := _MARKER.match(rest)) is not None and match.end() > 0:
                rest = rest[match.end() :]
            lines[number] = line[:position] + rest
    return "\n".join(lines)


def _might_nest(source: str, limit: int) -> bool:
    """Whether some line starts with more than ``limit`` container markers (one regex scan, in C)."""
    pattern = _DEEP.get(limit)
    if pattern is None:
        pattern = _DEEP[limit] = re.compile(rf"(?m)^(?:{_MARKER.pattern}){{{limit + 1}}}")
    return pattern.search(source) is not None


_DEEP: dict[int, re.Pattern[str]] = {}
