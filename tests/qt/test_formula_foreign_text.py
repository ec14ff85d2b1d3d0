"""Text the math font lacks (Chinese in ``\\text{}``), drawn by the app into the formula image: at the size
of the text around the formula, centred on the formula's math axis like the operators beside it."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QFontMetricsF, QImage

from app.qt.render.formula_images import FormulaStyle, rasterize
from app.render.math import MATH_SCALE, typeset

SIZE = 46.0  # large, so that a pixel of difference is a small part of what is measured


def _ink_columns(image: QImage) -> list[tuple[int, int]]:
    """The ``(first, last)`` columns of each run of columns holding ink, left to right."""
    runs: list[tuple[int, int]] = []
    start = None
    for x in range(image.width()):
        inked = any(image.pixelColor(x, y).alpha() > 96 for y in range(image.height()))
        if inked and start is None:
            start = x
        elif not inked and start is not None:
            runs.append((start, x - 1))
            start = None
    if start is not None:
        runs.append((start, image.width() - 1))
    return runs


def _ink_rows(image: QImage, first: int, last: int) -> tuple[int, int]:
    """The top and bottom rows holding ink between columns ``first`` and ``last``."""
    rows = [
        y
        for y in range(image.height())
        if any(image.pixelColor(x, y).alpha() > 96 for x in range(first, last + 1))
    ]
    return rows[0], rows[-1]


@pytest.mark.parametrize("display", [False, True])
@pytest.mark.usefixtures("qapp")  # fonts need the application
def test_chinese_in_a_formula_is_text_sized_and_centred_on_the_math_axis(display: bool) -> None:
    formula = typeset("-\\text{中}", display=display, size_px=SIZE, color="#000000")
    style = FormulaStyle(size_px=SIZE, color="#000000", x_height=20.0)
    image = rasterize(formula.svg, style, formula.texts).image
    minus, chinese = _ink_columns(image)[:2]
    minus_top, minus_bottom = _ink_rows(image, *minus)
    top, bottom = _ink_rows(image, *chinese)
    # The minus sign lies on the math axis: the character's middle is level with it.
    assert abs((top + bottom) / 2 - (minus_top + minus_bottom) / 2) <= 1.0
    # As tall as the character in the text around the formula (the math font is drawn 1.15 times larger).
    font = QFont()
    font.setPixelSize(round(SIZE / MATH_SCALE))
    expected = QFontMetricsF(font).tightBoundingRect("中").height()
    assert abs((bottom - top + 1) - expected) <= 1.5
