r"""Text the math font cannot draw (Chinese in ``\text{速度}``, say), left for Qt to draw in the formula.

ziamath draws every character with its math font, STIX Two Math, which has no CJK; its text-font option does
not reach ``\text{}``, and it reads neither font collections nor CID fonts (every system CJK font is one).
So before typesetting, each run of such characters becomes a run of em dashes (one em each, as wide as a CJK
character) in a marker colour of its own, as high as a CJK character (a phantom square); after typesetting,
the dashes are taken out of the SVG and their places reported, and the app draws the characters there with
the system's fonts (``PlacedText``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

_MARKER_PREFIX = "#fe"  # run N's dashes are #feNNNN: an ink no answer uses, and it never reaches the screen

_DASH = "\u2014"
_SQUARE = "\u2b1b"  # ⬛: about the height and depth of a CJK character
_TEXT_ARGUMENT = re.compile(r"\\(text|textrm|textnormal|mbox|mathrm)\s*\{([^{}]*)\}")
_MARKER_PATH = re.compile(rf'<path d="([^"]*)" fill="{_MARKER_PREFIX}([0-9a-f]{{4}})"\s*/>')
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


@dataclass(frozen=True, slots=True)
class PlacedText:
    """A run of text to draw into a typeset formula.

    Attributes:
        text: The characters.
        x: Where the run starts, in the SVG's coordinates.
        baseline: The y of its baseline, in the SVG's coordinates.
        size: The font size (one em), in the SVG's units (pixels).
    """

    text: str
    x: float
    baseline: float
    size: float


@dataclass(frozen=True, slots=True)
class DashShape:
    """Where the em dash's ink lies in its em square, in font units (from the math font).

    Attributes:
        units_per_em: Font units per em.
        left: Ink start from the glyph's origin.
        right: Ink end.
        bottom: Ink bottom above the baseline.
    """

    units_per_em: float
    left: float
    right: float
    bottom: float


def mark_foreign_text(latex: str, drawable: Callable[[str], bool]) -> tuple[str, list[str]]:
    r"""Replace runs of characters the font cannot draw with marker dashes; return the LaTeX and the runs.

    Runs inside ``\text{…}`` (and ``\mbox``, ``\textrm``, ``\mathrm``) are split out of the text argument;
    the rest (CJK written straight into a formula) is replaced in place.
    """
    runs: list[str] = []

    def marker(run: str) -> str:
        runs.append(run)
        colour = f"{_MARKER_PREFIX}{len(runs) - 1:04x}"
        # The dashes' thin ink would give the run no height: a phantom square reserves a CJK line's.
        return f"\\textcolor{{{colour}}}{{\\text{{{_DASH * len(run)}}}}}\\vphantom{{\\text{{{_SQUARE}}}}}"

    def replace_argument(match: re.Match[str]) -> str:
        command, content = match.groups()
        if all(drawable(char) for char in content):
            return match.group(0)
        parts = []
        for fits, group in groupby(content, key=lambda char: drawable(char) or char.isspace()):
            run = "".join(group)
            parts.append(f"\\{command}{{{run}}}" if fits else marker(run))
        return "{" + "".join(parts) + "}"

    out: list[str] = []
    done = 0
    for match in _TEXT_ARGUMENT.finditer(latex):
        out.append(_mark_math_mode(latex[done : match.start()], drawable, marker))
        out.append(replace_argument(match))
        done = match.end()
    out.append(_mark_math_mode(latex[done:], drawable, marker))
    return "".join(out), runs


def _mark_math_mode(latex: str, drawable: Callable[[str], bool], marker: Callable[[str], str]) -> str:
    """CJK written straight into a formula (outside any text argument)."""
    out: list[str] = []
    for fits, group in groupby(latex, key=lambda char: char.isascii() or drawable(char)):
        run = "".join(group)
        out.append(run if fits else "{" + marker(run) + "}")
    return "".join(out)


def place_foreign_text(svg: str, runs: list[str], dash: DashShape) -> tuple[str, tuple[PlacedText, ...]]:
    """Take the marker dashes out of ``svg``; return it and where each run's text goes.

    Raises:
        ValueError: A run's dashes are missing from the SVG.
    """
    first_dash: dict[int, tuple[float, float, float, float]] = {}
    for path, number in _MARKER_PATH.findall(svg):
        first_dash.setdefault(int(number, 16), _bounds(path))
    placed = []
    for index, run in enumerate(runs):
        if index not in first_dash:
            raise ValueError("the stand-in dashes were not all drawn")
        left, right, _top, bottom = first_dash[index]
        scale = (right - left) / (dash.right - dash.left)
        placed.append(
            PlacedText(
                run,
                x=left - dash.left * scale,
                baseline=bottom + dash.bottom * scale,
                size=dash.units_per_em * scale,
            )
        )
    return _MARKER_PATH.sub("", svg), tuple(placed)


def _bounds(path: str) -> tuple[float, float, float, float]:
    """(left, right, top, bottom) of a path's points."""
    numbers = [float(n) for n in _NUMBER.findall(path)]
    xs, ys = numbers[0::2], numbers[1::2]
    return min(xs), max(xs), min(ys), max(ys)
