"""Reading a transcript's formulas as a user sees them: the images in its document, once typeset."""

from __future__ import annotations

from PySide6.QtGui import QTextFormat

from app.qt.widgets.transcript_view import TranscriptView


def settle(view: TranscriptView) -> None:
    """Let the typesetting process typeset what was asked for and the view draw it."""
    view.formulas.images.wait()
    view.flush()


def formula_images(view: TranscriptView) -> list[tuple[int, str, str]]:
    """(position, image name, alt text) of every formula image in the document, in order."""
    found = []
    block = view.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            char_format = fragment.charFormat()
            if char_format.isImageFormat() and char_format.toImageFormat().name().startswith("gd-math:"):
                alt = str(char_format.property(QTextFormat.Property.ImageAltText))
                found.append((fragment.position(), char_format.toImageFormat().name(), alt))
            fragments += 1
        block = block.next()
    return found
