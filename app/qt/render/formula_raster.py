"""Drawing a typeset formula (SVG from the typesetting process) into an image, on the GUI thread.

About a millisecond a formula: ``FormulaImages`` draws the answers it reads a few at a time, within a budget
per event-loop pass, so many formulas arriving at once never stall the window.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter

from app.render.math import AXIS_HEIGHT, MATH_SCALE
from app.render.math_text import PlacedText

__all__ = [
    "MAX_IMAGE_AREA",
    "MAX_IMAGE_HEIGHT",
    "MAX_IMAGE_WIDTH",
    "FormulaStyle",
    "Raster",
    "image_too_large",
    "rasterize",
]

MAX_IMAGE_WIDTH = 4096
"""The widest formula image drawn, in shown pixels (a long equation is shrunk to the column to fit)."""

MAX_IMAGE_HEIGHT = 2048
"""The tallest formula image drawn, in shown pixels."""

MAX_IMAGE_AREA = 1_500_000
"""The most shown pixels of one formula image (6 MB of image at 100 %, 24 MB at 200 %)."""


@dataclass(frozen=True, slots=True)
class FormulaStyle:
    """How formulas look: the text's size and colour, and the screen's device pixel ratio.

    Attributes:
        size_px: The text size in pixels.
        color: The ink, ``#rrggbb``.
        x_height: The text font's x-height in pixels (for baseline alignment).
        device_pixel_ratio: Image pixels per shown pixel.
        descent: The text font's descent in pixels (how far below the baseline a baseline-aligned image ends).
    """

    size_px: float
    color: str
    x_height: float
    device_pixel_ratio: float = 1.0
    descent: float = 0.0


@dataclass(frozen=True, slots=True)
class Raster:
    """A drawn formula: the image (null beyond the pixel budget), its shown size, and how it is aligned.

    Attributes:
        image: The image; null when the formula was not drawn (beyond the budget, or unusable).
        width: Shown width in pixels.
        height: Shown height in pixels.
        baseline: Padded for ``vertical-align: baseline`` (its bottom the font's descent below the line's
            baseline) rather than ``middle``.
    """

    image: QImage
    width: int
    height: int
    baseline: bool = False


def _draw_texts(painter: QPainter, texts: tuple[PlacedText, ...], color: str, origin: QPointF) -> None:
    """Draw text the math font lacks where typesetting left room, ``origin`` being the SVG's (0, 0).

    At the size of the text around the formula (the math font is typeset ``MATH_SCALE`` larger), and with
    its ink centred on the math axis, as the fraction bar and the operators beside it are: on the baseline,
    a CJK character stood taller than everything else in the formula.
    """
    painter.setPen(QColor(color))
    for placed in texts:
        font = QFont()
        font.setPixelSize(max(1, round(placed.size / MATH_SCALE)))
        painter.setFont(font)
        ink = QFontMetricsF(font).tightBoundingRect(placed.text)
        axis = placed.baseline - AXIS_HEIGHT * placed.size
        baseline = axis - (ink.top() + ink.bottom()) / 2
        # Centred in the room the stand-in dashes took (as wide as the run at the math size).
        x = placed.x + (len(placed.text) * placed.size - ink.width()) / 2 - ink.left()
        painter.drawText(origin + QPointF(x, baseline), placed.text)


def image_too_large(width: float, height: float) -> bool:
    """Whether a formula image of this shown size is beyond the pixel budget (it is shown as source)."""
    return width > MAX_IMAGE_WIDTH or height > MAX_IMAGE_HEIGHT or width * height > MAX_IMAGE_AREA


def _padding(ascent: float, depth: float, style: FormulaStyle) -> tuple[float, float, bool]:
    """The image's height above and below the formula's baseline, and whether it is baseline-aligned.

    Qt puts the middle of a ``vertical-align: middle`` image a quarter x-height above the baseline, so a
    formula tall above its baseline got as much empty height below it: ten nested fractions left a gap of
    ten lines under their line. A ``vertical-align: baseline`` image ends the font's descent below the
    baseline instead; it is used when middle alignment would leave more than an x-height more empty height.
    A formula deeper than the font's descent then sits that much higher than the text's baseline (a few
    pixels, only for formulas that are tall anyway).
    """
    lift = style.x_height / 2  # ascent - depth of an image whose middle is x_height / 4 up
    if ascent - depth < lift:
        return depth + lift, depth, False
    middle_padding = ascent - lift - depth
    if middle_padding - max(0.0, style.descent - depth) <= style.x_height:
        return ascent, ascent - lift, False
    return ascent, max(depth, style.descent), True


def rasterize(svg: str, style: FormulaStyle, texts: tuple[PlacedText, ...] = ()) -> Raster:
    r"""Draw an SVG formula (baseline at y = 0) into a transparent image, with its shown size and alignment.

    ``texts`` (CJK the math font lacks) are drawn with the system's fonts at the places typesetting left.

    The image gets empty space above or below, so its middle lies a quarter x-height above the formula's
    baseline, which is where Qt puts the middle of a ``vertical-align: middle`` image (also a display
    formula written in a line of text sits on that line's baseline); a formula much taller above its
    baseline than below is padded for ``vertical-align: baseline`` instead (``_padding``).

    A formula beyond the pixel budget (``image_too_large``: ``a\hspace{100000pt}b`` is 133,000 pixels wide)
    is not drawn: a null image comes back with the size it would have had.
    """
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    box = renderer.viewBoxF()
    if not renderer.isValid() or box.isEmpty():
        return Raster(QImage(), 0, 0)
    ascent, depth, baseline = _padding(max(0.0, -box.top()), max(0.0, box.bottom()), style)
    width, height = math.ceil(box.width()), math.ceil(ascent + depth)
    if image_too_large(width, height):
        return Raster(QImage(), width, height, baseline)
    ratio = style.device_pixel_ratio
    image = QImage(
        max(1, math.ceil(width * ratio)),
        max(1, math.ceil(height * ratio)),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(ratio, ratio)
    renderer.render(painter, QRectF(0, ascent + box.top(), box.width(), box.height()))
    if texts:
        _draw_texts(painter, texts, style.color, QPointF(-box.left(), ascent))
    painter.end()
    image.setDevicePixelRatio(ratio)
    return Raster(image, width, height, baseline)
