r"""Shortcuts in ziamath and ziafont that leave their output identical and cut typesetting time.

Each shortcut is (owner, name, original, faster): ``app.render.math`` sets them on the first formula, and a
test puts the originals back to check that every image stays byte for byte the same.

* A row measures itself a second time, building every child again, to know how far its stretchy operators
  (``\left(``, ``|``…) must stretch. Nested rows double that work at every level. A row with no stretchy
  operator anywhere inside skips the measuring; nothing would read the result. A row that does measure copies
  its children with ``deepcopy`` instead of writing each out as XML text and parsing it back, and places a
  child as measured when nothing in it stretches and nothing in it reads the node placed before it (most
  children of such a row: a fraction beside a ``\left(``), instead of building it a second time.
* Every element's style copied its parent's style with ``dataclasses.asdict`` (a deep copy) only to read five
  plain fields from it; the parent's ``vars`` serve as well.
* Those fields were then read through a ``ChainMap`` of the element's attributes over the parent's style, six
  lookups each trying both maps; one merged dictionary answers the same.
* Every size in a formula (``mathsize``, spaces, lengths) built the table of MathML's named spaces, 14
  formatted strings, before reading one entry; the table is built once here.
* Every coordinate of every glyph outline is formatted by ``svgpath.fmt``, which built its format
  specification again for each number; the specification is kept per precision.
* A glyph's outline became SVG path data through one method call per segment and one function call per
  number; the glyph's segments are read once, kept with a %-template of its path data, and all its numbers
  are formatted in one operation, their trailing zeros stripped by ``str.replace`` (the same text, the same
  rounding).

The first two about halved typesetting time; the others take about a quarter off what was left (the
typesetting process of ``bench.formulas``: 0.99 s to 0.79 s for its 272 formulas).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any, cast

Shortcut = tuple[Any, str, Any, Any]

# MathML's named spaces, as ziamath's Mnode.size_px writes them (its table, built once).
_NAMED_SPACES = {
    name: f"{sign * eighteenths / 18}em"
    for sign, prefix in ((1, ""), (-1, "negative"))
    for eighteenths, name in enumerate(
        (
            f"{prefix}veryverythinmathspace",
            f"{prefix}verythinmathspace",
            f"{prefix}thinmathspace",
            f"{prefix}mediummathspace",
            f"{prefix}thickmathspace",
            f"{prefix}verythickmathspace",
            f"{prefix}veryverythickmathspace",
        ),
        start=1,
    )
}

# What ``fmt`` strips off each number ("2.500" -> "2.5", "3.000" -> "3"), matched with the space after it.
_TRAILING_ZEROS = re.compile(r"\.?0+ ")
_SET_ASIDE = "\x00"  # never in path data


def strip_zeros(data: str, precision: int) -> str:
    """``data`` (numbers of ``precision`` decimals, each followed by a space), each ended as ``fmt`` ends it.

    ``fmt`` strips a number's trailing zeros, then a bare point. With decimals, that is: an all-zero fraction
    with its point (set aside first: what is left of such a number must keep its own zeros), else 1 to
    ``precision - 1`` zeros before the space, the longest run first. ``str.replace`` is far faster than a
    pattern here.
    """
    if precision < 1 or _SET_ASIDE in data:
        return _TRAILING_ZEROS.sub(" ", data)  # no point: fmt strips the integer's own zeros
    data = data.replace("." + "0" * precision + " ", _SET_ASIDE)
    for zeros in range(precision - 1, 0, -1):
        data = data.replace("0" * zeros + " ", " ")
    return data.replace(_SET_ASIDE, " ")


# Points per unit, from ziamath's Mnode.size_px (tex.stackexchange.com/questions/8260).
_UNITS_TO_PT = {
    "pt": 1,
    "mm": 2.84526,
    "cm": 28.45274,
    "ex": 4.30554,
    "em": 10.00002,
    "bp": 1.00374,
    "dd": 1.07,
    "pc": 12,
    "in": 72.27,
    "mu": 0.5555,
}


def speedups() -> list[Shortcut]:
    """The shortcuts, each as (owner, attribute name, original, faster); nothing is applied here."""
    from xml.etree import ElementTree

    from ziafont import svgpath  # type: ignore[import-untyped,unused-ignore]
    from ziafont.config import config as font_config  # type: ignore[import-untyped,unused-ignore]
    from ziafont.fonttypes import BBox  # type: ignore[import-untyped,unused-ignore]
    from ziafont.glyph import SimpleGlyph  # type: ignore[import-untyped,unused-ignore]
    from ziamath import operators  # type: ignore[import-untyped,unused-ignore]
    from ziamath import styles as style_module  # type: ignore[import-untyped,unused-ignore]
    from ziamath.nodes.mnode import Mnode  # type: ignore[import-untyped,unused-ignore]
    from ziamath.nodes.mrow import Mrow  # type: ignore[import-untyped,unused-ignore]
    from ziamath.nodes.nodetools import elementtext  # type: ignore[import-untyped,unused-ignore]

    styles: Any = style_module
    paths: Any = svgpath
    measure = Mrow._get_height_nostretch

    def stretchy(element: Any) -> bool:
        params = operators.get_params(elementtext(element), element.get("form", "infix"))
        params.update(element.attrib)
        return bool(params.get("stretchy", "false") != "false")

    def measure_copies(row: Any, line: list[Any], **kwargs: Any) -> tuple[float, float]:
        # Mrow._get_height_nostretch, line by line, copying each child with deepcopy instead of writing it
        # out as XML text and parsing that again.
        ymax, ymin = -9999, 9999
        kwargs["nostretch"] = True  # the children leave their stretchy operators out of their boxes
        for child in line:
            if child.tag == "mo" and elementtext(child) == "":
                continue
            node = Mnode.fromelement(copy.deepcopy(child), parent=row, **kwargs)
            ymax = max(ymax, node.bbox.ymax)
            ymin = min(ymin, node.bbox.ymin)
        return ymin, ymax

    def measure_if_stretchy(row: Any, line: list[Any], **kwargs: Any) -> tuple[float, float]:
        if not any(stretchy(mo) for child in line for mo in child.iter("mo")):
            return 0.0, 0.0
        return measure_copies(row, line, **kwargs)

    def may_stretch(mo: Any) -> bool:
        # Stretchy in any form (the form is inferred later, when its own row is set up), or sized.
        attributes = mo.attrib
        if "minsize" in attributes or "maxsize" in attributes:
            return True
        if attributes.get("stretchy", "false") != "false":
            return True
        text = elementtext(mo)
        return any(
            operators.get_params(text, form).get("stretchy", "false") != "false"
            for form in ("prefix", "infix", "postfix")
        )

    def placed_last(row: Any) -> Any:
        # What Mnode.leftsibling gives a child of ``row`` placed now (the last node of a row placed last).
        try:
            node = row.nodes[-1]
            if node.mtag == "mrow" and node.nodes:
                node = node.nodes[-1]
        except (IndexError, AttributeError):
            node = None
        return node

    def fits_left(tag: str, left: Any) -> bool:
        # Whether a node measured with nothing before it comes out the same after ``left`` (the node placed
        # before it, Mnode.leftsibling): numbers and identifiers look for a fence, fractions for anything.
        if left is None:
            return True
        if tag in ("mn", "mi"):
            return bool(left.mtag != "mfenced")
        return tag != "mfrac"

    def built_alike(child: Any) -> bool:
        # Whether the child's node comes out the same measured (nostretch, no row height, nothing placed
        # before it) as placed: nothing inside it stretches, and nothing inside reads outside it.
        for element in child.iter():
            if element.tag in ("mfenced", "mtable"):
                return False
            if element.tag == "mo" and may_stretch(element):
                return False
        return True

    def setup_single_line(row: Any, line: list[Any], **kwargs: Any) -> None:
        # Mrow._setup_single_line, line by line, except that a child measured for the row's stretchy operators
        # and built alike either way is placed as measured instead of being built a second time.
        rowymin, rowymax = 0.0, 0.0
        measured: dict[int, Any] = {}
        if any(stretchy(mo) for child in line for mo in child.iter("mo")):
            ymax, ymin = -9999, 9999
            measure_kwargs = {**kwargs, "nostretch": True}
            for index, child in enumerate(line):
                if child.tag == "mo" and elementtext(child) == "":
                    continue
                alike = built_alike(child)
                node = Mnode.fromelement(copy.deepcopy(child), parent=row, **measure_kwargs)
                if alike:
                    measured[index] = node
                ymax = max(ymax, node.bbox.ymax)
                ymin = min(ymin, node.bbox.ymin)
            rowymin, rowymax = ymin, ymax
        kwargs["rowymin"] = rowymin
        kwargs["rowymax"] = rowymax

        ymax = -9999
        ymin = 9999
        x = xmin = xmax = 0.0
        for index, child in enumerate(line):
            if child.tag == "mo" and elementtext(child) == "":
                continue
            placed = measured.get(index)
            if placed is None or not fits_left(child.tag, placed_last(row)):
                # Not measured alike, or it would see its left neighbour now: built placed.
                placed = Mnode.fromelement(child, parent=row, **kwargs)
            node = placed
            row.nodes.append(node)
            row.nodexy.append((x, 0))
            xmax = max(xmax, x + node.bbox.xmax)
            xmin = min([nxy[0] + n.bbox.xmin for nxy, n in zip(row.nodexy, row.nodes, strict=True)])
            ymax = max(ymax, node.bbox.ymax)
            ymin = min(ymin, node.bbox.ymin)
            x += node.xadvance()
        row.bbox = BBox(xmin, xmax, ymin, ymax)
        row._xadvance = x

    def merged(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
        return {**second, **first}  # what ChainMap(first, second) reads, in one dictionary

    def size_px(node: Any, size: str, fontsize: float | None = None) -> float:
        # ziamath's Mnode.size_px, line by line, with its tables built once.
        if fontsize is None:
            fontsize = node.glyphsize
        numsize = _NAMED_SPACES.get(size, size)
        try:
            return float(numsize.rstrip("px"))  # a plain number, or pixels
        except ValueError:
            pass
        try:
            units = numsize[-2:]
            value = float(numsize[:-2])
        except ValueError:
            return 0
        pxsize = value * _UNITS_TO_PT.get(units, 0) * 1.333
        if units in ("em", "ex", "mu"):
            pxsize *= fontsize / 10  # these depend on the font size; the table is for 10 points
        return pxsize

    specs: dict[Any, str] = {}

    def fmt(number: float) -> str:
        precision = font_config.precision
        spec = specs.get(precision)
        if spec is None:
            spec = specs[precision] = f".{precision}f"
        return format(float(number), spec).rstrip("0").rstrip(".")

    # The control points of each kind of segment, in the order its path() writes them.
    segment_points: dict[type, tuple[str, Callable[[Any], tuple[Any, ...]]]] = {
        paths.Moveto: ("M", lambda op: (op.p,)),
        paths.Lineto: ("L", lambda op: (op.p,)),
        paths.Quad: ("Q", lambda op: (op.p1, op.p2)),
        paths.Cubic: ("C", lambda op: (op.p1, op.p2, op.p3)),
    }

    def outline(glyph: Any) -> list[tuple[str, tuple[float, ...]]] | None:
        # (letter, x, y, x, y…) per segment, read once per glyph; None when a segment is of another kind.
        cached = glyph.__dict__.get("_segments", False)
        if cached is not False:
            return cast("list[tuple[str, tuple[float, ...]]] | None", cached)
        segments: list[tuple[str, tuple[float, ...]]] | None = []
        for operator in glyph.operators:
            kind = segment_points.get(type(operator))
            if kind is None or segments is None:
                segments = None
                continue
            letter, points = kind
            segments.append((letter, tuple(v for p in points(operator) for v in (p.x, p.y))))
        glyph.__dict__["_segments"] = segments
        return segments

    original_svgpath = SimpleGlyph.svgpath

    def template(glyph: Any, precision: int) -> tuple[str, list[float], list[float]] | None:
        # The glyph's path data with a %-placeholder for each number, and its x and y values; kept per glyph.
        cached = glyph.__dict__.get("_template")
        if cached is not None and cached[0] == precision:
            return cast("tuple[str, list[float], list[float]] | None", cached[1])
        segments = outline(glyph)
        made: tuple[str, list[float], list[float]] | None = None
        if segments:
            number = f" %.{precision}f"
            parts: list[str] = []
            xs: list[float] = []
            ys: list[float] = []
            for letter, values in segments:
                if letter == "M" and parts:
                    parts.append("Z ")  # close the previous contour
                parts.append(letter + number * len(values) + " ")
                xs.extend(values[0::2])
                ys.extend(values[1::2])
            parts.append("Z ")
            made = "".join(parts), xs, ys
        glyph.__dict__["_template"] = (precision, made)
        return made

    def glyph_svgpath(glyph: Any, x0: float = 0, y0: float = 0, scale_factor: float = 1) -> Any:
        # SimpleGlyph.svgpath, its numbers formatted in one %-operation over a template kept per glyph.
        if outline(glyph) is None:
            return original_svgpath(glyph, x0, y0, scale_factor)
        made = template(glyph, int(font_config.precision))
        if made is None:
            return None  # no empty paths
        text, xs, ys = made
        scale = glyph.funits_to_points(1, scale_factor)
        numbers: list[float] = [0.0] * (len(xs) + len(ys))
        numbers[0::2] = [x0 + value * scale for value in xs]
        numbers[1::2] = [y0 - value * scale for value in ys]
        data = strip_zeros(text % tuple(numbers), int(font_config.precision))
        return ElementTree.Element("path", attrib={"d": data})

    return [
        (SimpleGlyph, "svgpath", original_svgpath, glyph_svgpath),
        (Mrow, "_get_height_nostretch", measure, measure_if_stretchy),
        (Mrow, "_setup_single_line", Mrow._setup_single_line, setup_single_line),
        (styles, "asdict", styles.asdict, vars),
        (styles, "ChainMap", styles.ChainMap, merged),
        (Mnode, "size_px", Mnode.size_px, size_px),
        (paths, "fmt", paths.fmt, fmt),
    ]
