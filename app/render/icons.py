"""Interface icons inside rendered HTML: ``<img src="gd-icon:NAME/RRGGBB/SIZE">``.

The transcript serves these images itself (``TranscriptView.loadResource``), tinting the icon's shape to the
colour in the address at the screen's scaling. The colour is part of the address, so a theme change asks for
new images instead of finding the old colour in Qt's resource cache.
"""

from __future__ import annotations

import html
import re

__all__ = ["ICON_SCHEME", "ICON_TAG", "icon_html", "parse_icon_path"]

ICON_SCHEME = "gd-icon"

_PATH = re.compile(r"(?P<name>[a-z-]{1,32})/(?P<colour>[0-9a-f]{6})/(?P<size>\d{1,3})")

#: An ``<img>`` that ``icon_html`` wrote (its ``path`` is the address after ``gd-icon:``, ``size`` in pixels).
#: Text from a model never matches: the renderer escapes its ``<``.
ICON_TAG = re.compile(
    rf'<img src="{ICON_SCHEME}:(?P<path>[a-z-]{{1,32}}/[0-9a-f]{{6}}/(?P<size>\d{{1,3}}))" '
    r'width="\d{1,3}" height="\d{1,3}" alt="(?P<alt>[^"<>]*)" style="vertical-align:middle" />'
)


def icon_html(name: str, colour: str, size: int = 16, alt: str = "") -> str:
    """An ``<img>`` of icon ``name`` in ``colour`` (``#rrggbb``), ``size`` pixels square."""
    src = f"{ICON_SCHEME}:{name}/{colour.lstrip('#').lower()}/{size}"
    return (
        f'<img src="{src}" width="{size}" height="{size}" alt="{html.escape(alt)}" '
        f'style="vertical-align:middle" />'
    )


def parse_icon_path(path: str) -> tuple[str, str, int] | None:
    """``(name, "#rrggbb", size)`` from the path of a ``gd-icon:`` address, or None when it is not one."""
    match = _PATH.fullmatch(path)
    if match is None:
        return None
    return match["name"], "#" + match["colour"], int(match["size"])
