"""Outside text (titles, file names, model ids, snippets) shown as what it is.

Qt renders a tooltip as rich text whenever it looks like HTML, so a title such as ``<img src=…>`` or a model
id with ``<b>`` would be drawn, not shown. ``plain_tooltip`` escapes it and makes invisible characters
visible (``app.core.visible_text``): the one rule for tooltips of outside data.
"""

from __future__ import annotations

from PySide6.QtGui import Qt

from app.core.visible_text import reveal_invisible


def plain_tooltip(text: str) -> str:
    """``text`` as a tooltip Qt shows literally, line breaks kept, bidi and zero-width characters revealed."""
    return Qt.convertFromPlainText(reveal_invisible(text), Qt.WhiteSpaceMode.WhiteSpaceNormal)
