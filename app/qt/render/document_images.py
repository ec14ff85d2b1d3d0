"""Images in a region's HTML put into the document through a cursor, not through Qt's HTML reader.

The reader gives every ``<img>`` an object of its own (a text frame), and a shown text view pays for every
frame of its document on each later edit: a long answer would stream slower with every formula, code block
(its copy icon) or picture above it. So before a region's HTML is parsed, each image the app wrote itself
(interface icons ``gd-icon:``, typeset formulas ``gd-math:``, the transcript's pictures ``gd-image:``) is
swapped for a placeholder character, and after the region is inserted each placeholder is replaced by its
image through a cursor: the same image, size, alignment and alt text, no frame.

The images of one region are kept with its parsed HTML (``MarkedHtml``), in the order they appear, so
nothing outlives the region but the region itself.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import (
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextImageFormat,
    QTextLength,
)

from app.render.icons import ICON_SCHEME, ICON_TAG
from app.render.markdown import IMAGE_TAG
from app.render.math import FORMULA_TAG, MATH_SCHEME
from app.render.shown_images import IMAGE_SCHEME

__all__ = ["PLACEHOLDER", "ImageSpec", "MarkedHtml", "mark_images", "put_images"]

PLACEHOLDER = "\U0010fffd"
"""What the HTML reader sees instead of an image (plane 16's last private-use character)."""

_ANY_IMAGE = re.compile(rf'<img src="(?:{ICON_SCHEME}|{MATH_SCHEME}|{IMAGE_SCHEME}):[^<>]*/>')
_SCHEMES = (f'src="{ICON_SCHEME}:', f'src="{MATH_SCHEME}:', f'src="{IMAGE_SCHEME}:')


@dataclass(frozen=True, slots=True)
class ImageSpec:
    """One image as its ``<img>`` described it.

    Attributes:
        name: The image's URL (``scheme:path``).
        width: Shown width in pixels, or None for the image's own.
        height: Shown height in pixels, or None for the image's own (or what the width implies).
        alt: The alt text (a formula's LaTeX with its delimiters, what copying the selection gives).
        middle: Vertically centred on the line (icons; formulas, padded so their baseline meets the text's).
        fit_width: At most as wide as the text (``max-width:100%``).
        baseline: Its bottom the font's descent below the baseline (tall formulas, padded for it).
    """

    name: str
    width: int | None
    height: int | None
    alt: str
    middle: bool
    fit_width: bool = False
    baseline: bool = False

    def image_format(self, around: QTextCharFormat) -> QTextImageFormat:
        """The image's format, inside ``around`` (the placeholder's: a link, the colours)."""
        image = QTextImageFormat()
        image.merge(around)
        image.setName(self.name)
        if self.width is not None:
            image.setWidth(self.width)
        if self.height is not None:
            image.setHeight(self.height)
        if self.alt:
            image.setProperty(QTextFormat.Property.ImageAltText, self.alt)
        if self.middle:
            image.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignMiddle)
        elif self.baseline:
            image.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignBaseline)
        if self.fit_width:
            image.setMaximumWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
        return image


def _icon(match: re.Match[str]) -> ImageSpec:
    size = int(match["size"])
    # An icon-only link (an image's Copy and Save) is named by its alt text, as the HTML reader keeps it.
    return ImageSpec(f"{ICON_SCHEME}:{match['path']}", size, size, html.unescape(match["alt"]), middle=True)


def _formula(match: re.Match[str]) -> ImageSpec:
    name, alt = html.unescape(match["name"]), html.unescape(match["alt"])
    middle = match["align"] == "middle"
    size = int(match["width"]), int(match["height"])
    return ImageSpec(f"{MATH_SCHEME}:{name}", *size, alt, middle=middle, baseline=not middle)


def _picture(match: re.Match[str]) -> ImageSpec:
    width = int(match["width"]) if match["width"] else None
    alt = html.unescape(match["alt"])
    return ImageSpec(f"{IMAGE_SCHEME}:{match['key']}", width, None, alt, middle=False, fit_width=True)


_READERS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], ImageSpec]], ...] = (
    (ICON_TAG, _icon),
    (FORMULA_TAG, _formula),
    (IMAGE_TAG, _picture),
)


@dataclass(frozen=True, slots=True)
class MarkedHtml:
    """A region's HTML with its images as placeholders, and those images in order."""

    html: str
    images: tuple[ImageSpec, ...] = ()


def mark_images(html_text: str) -> MarkedHtml:
    """``html_text`` with each image the app wrote replaced by ``PLACEHOLDER``; the images in order.

    HTML that holds the placeholder character itself (a model may write any character) is left as it is:
    its images go through the HTML reader, as they did before.
    """
    if not any(scheme in html_text for scheme in _SCHEMES) or PLACEHOLDER in html_text:
        return MarkedHtml(html_text)
    images: list[ImageSpec] = []

    def mark(match: re.Match[str]) -> str:
        tag = match[0]
        for pattern, read in _READERS:
            found = pattern.fullmatch(tag)
            if found is not None:
                images.append(read(found))
                return PLACEHOLDER
        return tag  # not in the form the app writes: left to the reader

    marked = _ANY_IMAGE.sub(mark, html_text)
    return MarkedHtml(marked, tuple(images))


def put_images(document: QTextDocument, start: int, images: tuple[ImageSpec, ...]) -> int:
    """Put ``images`` in for the placeholders from ``start`` on, in order; return how many positions freed.

    A placeholder is one position and so is an image, except that a character outside the Basic
    Multilingual Plane takes two positions (a surrogate pair): each swap frees one.
    """
    freed = 0
    position = start
    for spec in images:
        found: QTextCursor = document.find(PLACEHOLDER, position)
        if found.isNull():
            break  # never in practice: the reader keeps every non-space character
        freed += found.selectionEnd() - found.selectionStart() - 1
        found.insertImage(spec.image_format(found.charFormat()))  # replaces the placeholder; no frame
        position = found.position()
    return freed
