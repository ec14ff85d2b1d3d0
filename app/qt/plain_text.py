"""Outside text (titles, file names, model ids, snippets) shown as what it is.

Qt renders a tooltip or a message box's informative text as rich text whenever it looks like HTML (neither
has a plain-text switch), so a title such as ``<img src=…>`` or a model id with ``<b>`` would be drawn, not
shown. ``shown_literally`` escapes it and makes invisible characters visible (``app.core.visible_text``): the
one rule for tooltips and informative texts of outside data. Labels and a box's main text use
``Qt.TextFormat.PlainText`` instead.
"""

from __future__ import annotations

from PySide6.QtGui import Qt

from app.core.visible_text import reveal_invisible


def shown_literally(text: str) -> str:
    """``text`` as rich text Qt shows literally: line breaks kept, bidi and zero-width characters revealed."""
    return Qt.convertFromPlainText(reveal_invisible(text), Qt.WhiteSpaceMode.WhiteSpaceNormal)
