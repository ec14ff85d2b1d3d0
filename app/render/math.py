"""Math formulas: how the Markdown renderer shows them, and typesetting one to SVG.

The renderer never typesets. It asks a ``FormulaImages`` (the Qt side keeps the images, a worker thread
typesets them) for each formula it meets: a ``FormulaImage`` is shown as an ``<img src="gd-math:NAME">``
sized in pixels, ``FORMULA_FAILED`` as the source in monospace with a quiet marker, and ``None`` (not
typeset yet; the images start on it) as the source in monospace. While streaming, a committed block that
shows a formula as its source is swapped once for its final HTML when the images are ready
(``app.render.incremental``), so a formula shows as its source only until its image is ready, and the image is
made once however often the tail is drawn again.

``typeset`` turns LaTeX into SVG 1.1 with ziamath (pure Python, its own STIX Two Math font), imported on
first use: it is not needed to show the window, only to show a formula.
"""

from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass
from typing import Any, Final, Protocol

from app.render.math_speedups import Shortcut, speedups
from app.render.math_text import DashShape, PlacedText, mark_foreign_text, place_foreign_text

MATH_SCALE: Final = 1.15
"""Formulas are typeset this much larger than the text around them: STIX Two Math's letters are smaller than
a UI sans serif's at the same size, and this matches their x-heights. Text the math font lacks, drawn by the
app into a formula (``app.render.math_text``), is drawn at the text's size again."""

MATH_SCHEME = "gd-math"
"""Images with this URL scheme are typeset formulas served by the transcript."""

#: An ``<img>`` of a formula as the renderer writes it (``ExtensionRules._formula``): ``name`` after
#: ``gd-math:`` and ``alt`` the source (both HTML-escaped), ``width`` and ``height`` in pixels. A display
#: formula too wide for a narrow column (written without a height) does not match and goes through Qt's HTML
#: reader. Text from a model never matches: the renderer escapes its ``<``.
FORMULA_TAG = re.compile(
    rf'<img src="{MATH_SCHEME}:(?P<name>[^"<>]{{1,200}})" alt="(?P<alt>[^"<>]*)" '
    r'width="(?P<width>\d{1,5})" height="(?P<height>\d{1,5})" '
    r'style="vertical-align:(?P<align>middle|baseline)" />'
)


@dataclass(frozen=True, slots=True)
class FormulaImage:
    """A typeset formula ready to be shown.

    Attributes:
        name: What follows ``gd-math:`` in the image's URL.
        width: Shown width in pixels.
        height: Shown height in pixels (inline formulas are padded so their baseline meets the text's).
        stand_in: An image of an earlier style (text size, colours), shown until the current one is typeset:
            a formula once shown as an image never turns back into its source on Ctrl+plus or a theme change.
        baseline: Padded for ``vertical-align: baseline`` (a formula much taller above its baseline than
            below), not ``middle``.
    """

    name: str
    width: int
    height: int
    stand_in: bool = False
    baseline: bool = False


class _Failed:
    def __init__(self, name: str) -> None:
        self._name = name

    def __repr__(self) -> str:
        return self._name


FORMULA_FAILED: Final = _Failed("FORMULA_FAILED")
"""The typesetter could not read a formula: its source is shown instead."""

FORMULA_TOO_BIG: Final = _Failed("FORMULA_TOO_BIG")
"""A formula too long, too deeply nested, too slow to typeset or too large to draw: its source is shown."""

FailedFormula = _Failed
"""``FORMULA_FAILED`` or ``FORMULA_TOO_BIG``."""

FormulaLookup = FormulaImage | _Failed | None

MAX_FORMULA_CHARS: Final = 4000
"""Longer formulas are not typeset (shown as source): typesetting time grows faster than the length, and
a 100 KB formula would keep the typesetting process busy for many minutes. Real formulas stay far below."""

MAX_FORMULA_NESTING: Final = 40
"""Formulas with groups nested deeper than this are not typeset (shown as source)."""

MAX_STRETCHED_NESTING: Final = 6
"""Formulas with more ``\\left … \\right`` pairs and ``\\sqrt`` inside each other are not typeset.

ziamath's time doubles with each such level (``\\left(`` six deep 0.2 s, fourteen deep 40 s; ``\\sqrt`` twelve
deep 5 s), well inside the length and brace limits; real formulas nest them two or three deep."""

# What nests: a \left or \right (not \leftarrow), a \sqrt's group (and its optional [n]), a brace.
_NESTING = re.compile(r"\\(left|right)(?![A-Za-z])|\\sqrt\s*(?:\[[^\]]*\])?\s*\{|\{|\}")


def formula_too_big(latex: str) -> bool:
    """Whether ``latex`` is too long or too deeply nested to be typeset (it is shown as its source)."""
    if len(latex) > MAX_FORMULA_CHARS:
        return True
    stack: list[bool] = []  # per open group: whether it stretches (\left, \sqrt) or is a brace
    stretched = deepest = deepest_stretched = 0
    for match in _NESTING.finditer(latex):
        token = match.group(0)
        if token == "}" or match.group(1) == "right":
            if stack and stack.pop():
                stretched -= 1
            continue
        stretches = token != "{"
        stack.append(stretches)
        stretched += stretches
        deepest = max(deepest, len(stack))
        deepest_stretched = max(deepest_stretched, stretched)
    return deepest > MAX_FORMULA_NESTING or deepest_stretched > MAX_STRETCHED_NESTING


class FormulaImages(Protocol):
    """Where the renderer gets formula images from."""

    def lookup(self, latex: str, display: bool) -> FormulaLookup:
        """The formula's image, ``FORMULA_FAILED``, or ``None`` while it is being typeset (this starts it).

        While it is typeset, an image of it in an earlier style may stand in (``FormulaImage.stand_in``).
        """
        ...


@dataclass(frozen=True, slots=True)
class TypesetFormula:
    """A formula as SVG.

    Attributes:
        svg: An SVG 1.1 document (no ``<symbol>``/``<use>``: Qt's SVG renderer draws little of SVG 2).
        width: Its width in pixels.
        height: Its height in pixels.
        depth: How far it reaches below its baseline, in pixels.
        texts: Text the math font cannot draw, for the app to draw into the image (``app.render.math_text``).
    """

    svg: str
    width: float
    height: float
    depth: float
    texts: tuple[PlacedText, ...] = ()


class FormulaError(ValueError):
    """The formula could not be typeset (a LaTeX error, or a character nobody can draw)."""


# ziamath keeps settings in a module-level object and caches fonts in module dicts: one typesetting at a time.
_lock = threading.Lock()
_configured = False
_applied: list[Shortcut] = []  # the shortcuts in use (see app.render.math_speedups)
_font: Any = None


AXIS_HEIGHT: Final = 0.258
"""How far the math axis (where fraction bars and minus signs lie) is above the baseline, in ems of the math
font (STIX Two Math's ``axisHeight``, 258 of 1,000 units; a test checks it against the font)."""


def typeset(latex: str, *, display: bool, size_px: float, color: str) -> TypesetFormula:
    """Typeset ``latex`` with ziamath.

    Args:
        latex: The formula's source, without delimiters.
        display: Display style (a block formula) rather than text style (inline).
        size_px: The surrounding text's size in pixels.
        color: The ink colour, ``#rrggbb``.

    Raises:
        FormulaError: ziamath cannot read the formula, or its font cannot draw one of its characters, or it
            is too big (``formula_too_big``).
    """
    global _configured
    if formula_too_big(latex):
        raise FormulaError("too long or too deeply nested")
    with _lock:
        # Imported on first use (about 0.2 s); typed loosely: the package's exports are implicit.
        import ziamath as typesetter

        ziamath: Any = typesetter

        if not _configured:
            ziamath.config.svg2 = False  # Qt's SVG renderer draws almost nothing of <symbol>/<use>
            _applied.extend(speedups())
            for owner, name, _original, faster in _applied:
                setattr(owner, name, faster)
            _configured = True
        try:
            runs: list[str] = []
            if not latex.isascii():
                font = _math_font(ziamath)
                latex, runs = mark_foreign_text(latex, lambda char: bool(font.glyphindex(char)))
            _stretch_integrals(display)
            formula = ziamath.Latex(latex, size=size_px, color=color, inline=not display, margin=0)
            _check_glyphs(formula)
            svg = formula.svg()
            texts: tuple[PlacedText, ...] = ()
            if runs:
                svg, texts = place_foreign_text(svg, runs, _dash_shape(_math_font(ziamath)))
            width, height = formula.getsize()
            # getyofst() is where the baseline lies, measured up from the bottom (negative: below it).
            depth = max(0.0, -float(formula.getyofst()))
        except Exception as error:  # any parse or layout error of a third-party typesetter: show the source
            raise FormulaError(str(error) or type(error).__name__) from error
    return TypesetFormula(svg, float(width), float(height), depth, texts)


def _stretch_integrals(display: bool) -> None:
    r"""Let integral signs grow with what follows them in display formulas only.

    ziamath stretches an integral to the height of its row in any style; in a line of text (TeX's text
    style) it keeps its text size, or ``$\int_{-\infty}^{\infty} e^{-x^2}dx$`` is drawn at display size and
    pushes the next line down.
    """
    from ziamath import operators

    stretchy = "true" if display else "false"
    for name in operators.integrals:
        for form in ("prefix", "infix", "postfix"):
            params = operators.operators.get((name, form))
            if params is not None and "stretchy" in params:
                params["stretchy"] = stretchy


def _math_font(ziamath: Any) -> Any:
    """The math font ziamath draws with (loaded once, on the first formula)."""
    global _font
    if _font is None:
        _font = ziamath.Latex("x").font
    return _font


def _dash_shape(font: Any) -> DashShape:
    """Where the math font's em dash puts its ink: how the stand-in dashes are measured."""
    box = font.glyph("\u2014").path.bbox
    return DashShape(float(font.info.layout.unitsperem), float(box.xmin), float(box.xmax), float(box.ymin))


def _check_glyphs(formula: object) -> None:
    """Refuse a formula with characters its font lacks, which would be drawn as empty boxes (e.g. CJK)."""
    font = getattr(formula, "font", None)
    index = getattr(font, "glyphindex", None)
    latex = str(getattr(formula, "latex", ""))
    if index is None:
        return
    missing = sorted({ch for ch in latex if ord(ch) > 0x7F and not ch.isspace() and index(ch) == 0})
    if missing:
        raise FormulaError("no glyph for " + "".join(missing[:8]))


def source_html(latex: str, delimiters: tuple[str, str], mono_family: str, color: str) -> str:
    """A formula shown as its source, in monospace (``color`` for the text)."""
    text = html.escape(delimiters[0] + latex + delimiters[1], quote=False)
    return f'<span style="font-family:{mono_family}; color:{color}">{text}</span>'
