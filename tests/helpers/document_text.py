"""Reading what a transcript document shows beyond its plain text."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument


def tooltips(document: QTextDocument) -> set[str]:
    """The tooltips set on the document's text (the action icons' labels)."""
    found: set[str] = set()
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            tip = fragments.fragment().charFormat().toolTip()
            if tip:
                found.add(tip)
            fragments += 1
        block = block.next()
    return found
