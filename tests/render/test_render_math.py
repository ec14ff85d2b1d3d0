"""Formulas in Markdown: which text is math, what the document shows for it, and streaming it."""

from __future__ import annotations

import re

import pytest

from app.demo.content import MATH_MARKDOWN
from app.render.incremental import TAIL_FORMULAS, StreamingMarkdown
from app.render.markdown import MarkdownRenderer
from app.render.math import AXIS_HEIGHT, FormulaError, typeset
from bench.content import math_answer
from tests.helpers.formulas import ScriptedFormulas, name


def render(source: str, formulas: ScriptedFormulas | None = None) -> str:
    formulas = formulas if formulas is not None else ScriptedFormulas(immediate=True)
    return MarkdownRenderer(formula_images=formulas).render(source, message_id=1)


def images(html_text: str) -> list[str]:
    return re.findall(r'<img src="gd-math:([^"]*)"', html_text)


@pytest.mark.parametrize(
    ("source", "latex", "display"),
    [
        ("Inline $x^2$ here.", "x^2", False),
        ("Inline \\(a+b\\) here.", "a+b", False),
        ("In a line $$\\sum_i i$$ here.", "\\sum_i i", True),
        ("In a line \\[E=mc^2\\] here.", "E=mc^2", True),
        ("$$\n\\int_0^1 f\n$$\n", "\\int_0^1 f", True),
        ("\\[\n\\frac{a}{b}\n\\]\n", "\\frac{a}{b}", True),
    ],
)
def test_every_delimiter_pair_becomes_a_formula_image(source: str, latex: str, display: bool) -> None:
    html_text = render(source)
    assert images(html_text) == [name(latex, display).replace("<", "&lt;")]
    assert latex not in html_text.replace('alt="', "").split("gd-math")[0]  # no source text before it
    assert 'width="10" height="10"' in html_text


def test_display_blocks_are_centred_and_formulas_sit_on_the_line() -> None:
    assert render("$$\nx\n$$\n").startswith('<p align="center"')
    assert 'style="vertical-align:middle"' in render("a $x$ b")
    assert 'style="vertical-align:middle"' in render("a $$x$$ b")


def test_dollar_amounts_stay_text() -> None:
    for text in ("It costs $5 and $10.", "Between $5 and $10 a day", "$ x $ is not math", "US$3 or $4.50"):
        html_text = render(text)
        assert images(html_text) == [], text
        assert "$" in html_text


def test_code_is_never_math() -> None:
    html_text = render("Use `$x$` or `\\(y\\)`.\n\n```\n$$\nz\n$$\n\\[w\\]\n```\n\n    $indented$\n")
    assert images(html_text) == []
    assert "$x$" in html_text and "\\[w\\]" in html_text and "$indented$" in html_text


@pytest.mark.parametrize(
    ("source", "expected", "kept"),
    [
        ("on the interval [$a$, $b$] it holds", ["I:a", "I:b"], "[<img"),
        ("the set [$0, 1$) is half open", ["I:0, 1"], ") is half open"),
        ("[a $x$ b] and [$y$]", ["I:x", "I:y"], " b] and ["),
        ("[link $\\sqrt{2}$ text](https://example.org)", ["I:\\sqrt{2}"], 'href="https://example.org"'),
        ("[a $$x$$ b](https://example.org)", ["D:x"], 'href="https://example.org"'),
        ("![img $x$](https://example.org/a.png) after", [], "after"),
    ],
)
def test_formulas_inside_brackets_and_links_are_formulas(source: str, expected: list[str], kept: str) -> None:
    html_text = render(source)  # markdown-it raised "inline rule didn't increment state.pos" here
    assert images(html_text) == expected
    assert kept in html_text


def test_a_formula_that_cannot_be_typeset_shows_its_source_with_a_quiet_marker() -> None:
    html_text = render("See $\\bad{x}$ here.")
    assert images(html_text) == []
    assert re.search(
        r'<span style="font-family:[^"]*; color:#[0-9a-f]{6}">\$\\bad\{x\}\$</span><sup title=', html_text
    )


def test_a_formula_being_typeset_shows_its_source_and_is_counted_as_pending() -> None:
    formulas = ScriptedFormulas()
    renderer = MarkdownRenderer(formula_images=formulas)
    html_text = renderer.render("a $x$ b")
    assert images(html_text) == [] and "$x$" in html_text and "<sup" not in html_text
    formulas.deliver()
    assert images(renderer.render("a $x$ b")) == ["I:x"]


def test_without_formula_images_every_formula_is_its_source() -> None:
    html_text = MarkdownRenderer().render("a $x$ and\n\n$$\ny\n$$\n")
    assert images(html_text) == [] and "$x$" in html_text and "$$y$$" in html_text


# -- streaming --------------------------------------------------------------------------------------------

ANSWER = (
    "The energy is $E=mc^2$, and \\(p = mv\\) holds.\n\n"
    "$$\n\\int_0^\\infty e^{-x^2}\\,dx = \\frac{\\sqrt{\\pi}}{2}\n$$\n\n"
    "It costs $5 and $10; `$code$` stays.\n\n"
    "\\[\n\\sum_{n=1}^{\\infty} \\frac{1}{n^2}\n\\]\n\n"
    "Last: $\\alpha_i$ and $$\\beta$$.\n"
)
CODE_BEFORE_ITS_BACKTICK = name("code", False)
FINAL_FORMULAS = {
    ("E=mc^2", False),
    ("p = mv", False),
    ("\\int_0^\\infty e^{-x^2}\\,dx = \\frac{\\sqrt{\\pi}}{2}", True),
    ("\\sum_{n=1}^{\\infty} \\frac{1}{n^2}", True),
    ("\\alpha_i", False),
    ("\\beta", True),
}


def test_formulas_split_across_chunks_at_every_position_render_like_the_whole() -> None:
    whole = MarkdownRenderer(formula_images=ScriptedFormulas(immediate=True)).render_blocks(
        ANSWER, message_id=1
    )
    for cut in range(1, len(ANSWER)):
        formulas = ScriptedFormulas(immediate=True)
        streaming = StreamingMarkdown(MarkdownRenderer(formula_images=formulas), message_id=1)
        first = streaming.append(ANSWER[:cut])
        # A formula whose closing delimiter has not arrived is shown as its source.
        closed = {
            name(latex, display) for latex, display in FINAL_FORMULAS if ANSWER.find(latex) + len(latex) < cut
        }
        assert set(images(first.tail + "".join(first.committed))) <= closed | {CODE_BEFORE_ITS_BACKTICK}, cut
        blocks = [*first.committed, *streaming.append(ANSWER[cut:]).committed, *streaming.finish().committed]
        assert blocks == whole, cut
        # Only finished formulas were typeset, nothing for a half-written one. "`$code$" is math until its
        # closing backtick arrives (CommonMark: a lone backtick is text): the one allowed extra.
        assert set(formulas.started) - FINAL_FORMULAS <= {("code", False)}, cut
        assert set(formulas.started) >= FINAL_FORMULAS, cut


def test_streamed_formulas_are_typeset_once_and_waiting_blocks_are_rendered_again_once() -> None:
    formulas = ScriptedFormulas()
    streaming = StreamingMarkdown(MarkdownRenderer(formula_images=formulas), message_id=1)
    committed: list[str] = []
    waiting: list[int] = []
    for start in range(0, len(ANSWER), 7):  # a chunk every few characters, no image ready yet
        update = streaming.append(ANSWER[start : start + 7])
        assert all(committed_html for committed_html in update.committed)
        waiting += [key for _index, key in update.waiting]
        committed += update.committed
    # Blocks are committed at once, their formulas shown as source; the tail stays one block.
    assert "E=mc^2" in committed[0] and images(committed[0]) == []
    assert "E=mc^2" not in streaming.pending_text
    # The paragraph, the $$ block and the \\[ block; the last paragraph is still the tail.
    assert streaming.waiting_blocks == len(waiting) == 3
    formulas.deliver()
    done = dict(streaming.typeset_blocks())
    assert sorted(done) == sorted(waiting) and streaming.waiting_blocks == 0
    assert images(done[waiting[0]]) == [name("E=mc^2", False), name("p = mv", False)]
    assert streaming.typeset_blocks() == []  # rendered again once
    streaming.finish()
    assert len(formulas.started) == len(FINAL_FORMULAS)  # each formula asked for (typeset) once


def test_finishing_before_the_images_arrive_leaves_the_block_waiting() -> None:
    formulas = ScriptedFormulas()
    streaming = StreamingMarkdown(MarkdownRenderer(formula_images=formulas), message_id=1)
    streaming.append("a $x$ b\n")
    final = streaming.finish()
    assert final.waiting == ((0, 0),) and streaming.waiting_blocks == 1
    formulas.deliver()
    [(key, html_text)] = streaming.typeset_blocks()
    assert key == 0 and images(html_text) == [name("x", False)]


def test_a_paragraph_of_many_formulas_is_rendered_again_once_when_all_are_typeset() -> None:
    # Images arrive a few at a time (one "ready" per event-loop pass); rendering the whole paragraph again
    # for each batch froze the window for seconds with 3,000 formulas.
    formulas = ScriptedFormulas()
    streaming = StreamingMarkdown(MarkdownRenderer(formula_images=formulas), message_id=1)
    streaming.append(" ".join(f"$a_{{{n}}}$" for n in range(300)) + "\n\nnext\n")
    assert streaming.waiting_blocks == 1
    rendered = streaming.blocks_rendered
    for delivered in range(0, 300, 10):
        formulas.deliver_first(delivered)
        assert streaming.typeset_blocks() == []
    assert streaming.blocks_rendered == rendered  # nothing rendered while some are still being typeset
    formulas.deliver()
    [(_key, html_text)] = streaming.typeset_blocks()
    assert len(images(html_text)) == 300 and streaming.blocks_rendered == rendered + 1
    assert streaming.waiting_blocks == 0


def test_a_tail_of_many_formulas_is_rendered_again_once_when_all_are_typeset() -> None:
    formulas = ScriptedFormulas()
    streaming = StreamingMarkdown(MarkdownRenderer(formula_images=formulas), message_id=1)
    # As many as a tail holds (more are committed in parts).
    streaming.append(" ".join(f"$a_{{{n}}}$" for n in range(TAIL_FORMULAS)) + " and")
    assert streaming.tail_waits_for_formulas and not streaming.split_provisionally
    rendered = streaming.blocks_rendered
    for delivered in range(0, TAIL_FORMULAS, 4):
        formulas.deliver_first(delivered)
        assert not streaming.refresh().tail_changed
    assert streaming.blocks_rendered == rendered and streaming.tail_waits_for_formulas
    formulas.deliver()
    update = streaming.refresh()
    assert update.tail_changed and len(images(update.tail)) == TAIL_FORMULAS
    assert streaming.blocks_rendered == rendered + 1 and not streaming.tail_waits_for_formulas


# -- typesetting ------------------------------------------------------------------------------------------


def test_typeset_gives_svg_1_with_a_size_and_a_depth() -> None:
    formula = typeset("\\frac{a}{b}", display=False, size_px=16, color="#123456")
    assert formula.svg.startswith("<svg") and "<symbol" not in formula.svg and "<use" not in formula.svg
    assert "#123456" in formula.svg
    assert formula.width > 5 and formula.height > 16 and formula.depth > 2


@pytest.mark.parametrize("latex", ["\\frac{a}{", "\\begin{foo} x"])
def test_typeset_refuses_what_it_cannot_draw(latex: str) -> None:
    with pytest.raises(FormulaError):
        typeset(latex, display=True, size_px=16, color="#000000")


def test_text_the_math_font_lacks_is_left_for_the_app_to_draw() -> None:
    formula = typeset(
        "\\text{速度} = \\frac{\\text{距离 d}}{t_{最大}}", display=True, size_px=16, color="#000000"
    )
    assert [placed.text for placed in formula.texts] == ["速度", "距离", "最大"]
    speed, distance, most = formula.texts
    assert speed.size == pytest.approx(16) and most.size < 16  # a subscript is smaller
    assert distance.baseline < speed.baseline < most.baseline  # numerator above, subscript below the line
    assert distance.x > speed.x
    assert "#fe" not in formula.svg  # the stand-in dashes are gone


def test_the_typesetting_shortcuts_leave_every_image_identical() -> None:
    import app.render.math as math_module

    formulas = [
        ("x_{i}^{2} + y_{j}^{2}", False),
        ("\\sum_{n=1}^{\\infty} \\frac{1}{n^{2}} = \\frac{\\pi^2}{6}", True),
        ("\\left( \\frac{a}{b} \\right) + \\left[ \\sum_i x_i \\right]", True),
        ("\\begin{pmatrix} \\frac{1}{2} & b \\\\ c & d \\end{pmatrix}", True),
        ("\\sqrt{\\frac{a}{\\left|b\\right|}}", False),
        ("(\\frac{a}{b}) \\Bigg( x \\Bigg)", True),
        ("\\mathbf{E}[X] = \\int x \\, dP", False),
        ("\\lim_{x \\to 0} \\frac{\\sin x}{x} = \\frac{\\sqrt{\\pi}}{2}", True),  # a fraction after a limit
        ("\\left| \\frac{a}{b} \\frac{c}{d} \\right| + x", True),  # a fraction after a fraction
    ]
    # And every formula of the demo's math answer and of the math benchmark's.
    for answer in (MATH_MARKDOWN, math_answer(30_000, 90)):
        formulas.extend(dict.fromkeys(_formulas_in(answer)))
    fast = [_svg(latex, d) for latex, d in formulas]
    speedups = math_module._applied
    assert len(speedups) == 7
    try:
        for owner, name, original, _faster in speedups:
            setattr(owner, name, original)
        slow = [_svg(latex, d) for latex, d in formulas]
    finally:
        for owner, name, _original, faster in speedups:
            setattr(owner, name, faster)
    assert fast == slow


def _svg(latex: str, display: bool) -> str:
    """The formula typeset as SVG, or a note that it cannot be (the demo shows an invalid one)."""
    try:
        return typeset(latex, display=display, size_px=16, color="#000000").svg
    except FormulaError:
        return "invalid"


def _formulas_in(answer: str) -> list[tuple[str, bool]]:
    """(LaTeX, display) of every formula the renderer meets in ``answer``, in order."""
    formulas = ScriptedFormulas()
    MarkdownRenderer(formula_images=formulas).render(answer, message_id=1)
    return formulas.started


@pytest.mark.parametrize("precision", [0, 1, 2, 3, 4])
def test_numbers_in_glyph_outlines_end_as_ziafont_writes_them(precision: int) -> None:
    from app.render.math_speedups import strip_zeros

    values = [0.0, -0.0, 1.0, -1.0, 10.0, 100.0, 0.5, 0.05, 2.5, 3.25, 1e-9, -1e-9, 1000.0004, 20.1, 7.0625]
    numbers = [value * scale for value in values for scale in (1, -1, 10, 0.1)]
    data = "M" + "".join(f" {number:.{precision}f}" for number in numbers) + " Z "
    # ziafont's own fmt(): format, then strip trailing zeros, then a bare point
    expected = "M" + "".join(" " + f"{n:.{precision}f}".rstrip("0").rstrip(".") for n in numbers) + " Z "
    assert strip_zeros(data, precision) == expected


def test_a_failing_markdown_extension_costs_the_formatting_of_extensions_never_the_text() -> None:
    renderer = MarkdownRenderer(formula_images=ScriptedFormulas(immediate=True))

    def broken_rule(state: object, silent: bool) -> bool:
        raise RuntimeError("inline rule didn't increment state.pos")  # as a plugin bug once did

    renderer._md.inline.ruler.before("text", "broken", broken_rule)  # the extended parser only
    source = "**Bold** answer with [$a$, $b$] and a [link](https://example.org)"
    html_text = renderer.render(source, message_id=1)
    assert "<strong>Bold</strong> answer with [$a$, $b$]" in html_text
    assert 'href="https://example.org"' in html_text


def test_the_math_axis_height_is_the_math_fonts() -> None:
    from ziamath.zmath import Latex

    font = Latex("x").font
    assert font.math.consts.axisHeight / font.info.layout.unitsperem == AXIS_HEIGHT
