"""Reading a transcript's formulas as a user sees them: the images in its document, once typeset."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtGui import QTextFormat, QTextImageFormat
from PySide6.QtWidgets import QTextEdit

from app.qt.widgets.transcript_view import TranscriptView


def settle(view: TranscriptView) -> None:
    """Let the typesetting process typeset what was asked for and the view draw it."""
    view.formulas.images.wait()
    view.flush()


def image_fragments(view: QTextEdit) -> Iterator[tuple[int, QTextImageFormat]]:
    """(position, image format) of every image in a view's document, in order (formulas, icons, ...)."""
    block = view.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            char_format = fragment.charFormat()
            if char_format.isImageFormat():
                yield fragment.position(), char_format.toImageFormat()
            fragments += 1
        block = block.next()


def formula_images(view: QTextEdit) -> list[tuple[int, str, str]]:
    """(position, image name, alt text) of every formula image in the document, in order."""
    return [
        (position, image.name(), str(image.property(QTextFormat.Property.ImageAltText)))
        for position, image in image_fragments(view)
        if image.name().startswith("gd-math:")
    ]
