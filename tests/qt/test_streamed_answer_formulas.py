"""A side-by-side answer's formulas while it streams: swapped once typeset, long paragraphs joined.

Counted, not timed: whole-answer renders, against a render of the whole text in one go.
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.qt.widgets.streamed_answer import StreamedAnswerView
from app.qt.widgets.transcript_view import TranscriptView
from tests.helpers.formula_document import formula_images
from tests.helpers.transcripts import transcript_view


@pytest.fixture
def transcript(qtbot: QtBot) -> TranscriptView:
    return transcript_view(qtbot, 600, 500)


def answer_view(qtbot: QtBot, transcript: TranscriptView) -> StreamedAnswerView:
    """A column's answer as the window builds it: the transcript's renderer, images and ready signal."""
    view = StreamedAnswerView(lambda: transcript.markdown_renderer, transcript.loadResource, message_id=7)
    qtbot.addWidget(view)
    view.resize(400, 500)
    view.show()
    transcript.formulas.ready.connect(view.formulas_ready)
    return view


@pytest.fixture
def whole_renders(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per render of a side-by-side answer's whole text."""
    rendered: list[int] = []
    render_whole = StreamedAnswerView._render_whole

    def counting(self: StreamedAnswerView) -> None:
        rendered.append(1)
        render_whole(self)

    monkeypatch.setattr(StreamedAnswerView, "_render_whole", counting)
    return rendered


def typeset(transcript: TranscriptView, qtbot: QtBot) -> None:
    transcript.formulas.images.wait()
    qtbot.wait(50)


@pytest.mark.parametrize("opened", ["", "*"], ids=["clean-cuts", "emphasis-across-a-cut"])
def test_a_long_paragraph_of_formulas_in_a_column_is_joined_not_rendered_again(
    qtbot: QtBot, transcript: TranscriptView, whole_renders: list[int], opened: str
) -> None:
    # The column rendered the whole answer again at its end whenever a paragraph was committed in parts, or
    # a formula was still being typeset: a paragraph of 3,000 formulas took the window most of a second.
    text = f"Start {opened}" + "".join(f"term $a_{{{n}}}$ and\n" for n in range(400)) + f"end{opened}.\n"
    view = answer_view(qtbot, transcript)
    for start in range(0, len(text), 500):
        view.append(text[start : start + 500])
        view._apply_pending()
    view.finish()
    typeset(transcript, qtbot)
    assert len(formula_images(view)) == 400
    assert bool(whole_renders) == bool(opened)  # and again for the formulas typeset after it
    reference = answer_view(qtbot, transcript)
    reference.append(text)
    reference.finish()
    typeset(transcript, qtbot)
    assert view.document().toHtml() == reference.document().toHtml()


def test_a_column_shows_each_formula_once_typeset_while_the_answer_still_streams(
    qtbot: QtBot, transcript: TranscriptView, whole_renders: list[int]
) -> None:
    # Finished blocks kept their formulas as LaTeX source until the answer ended, then it was drawn again.
    view = answer_view(qtbot, transcript)
    view.append("First $x_{1}^2$ here.\n\nSecond $y_{2}$ there.\n\nStill going")
    view._apply_pending()
    typeset(transcript, qtbot)
    assert [alt for _pos, _name, alt in formula_images(view)] == ["$x_{1}^2$", "$y_{2}$"]
    assert "Still going" in view.toPlainText()
    view.append(" and done.\n")
    view.finish()
    typeset(transcript, qtbot)
    assert len(formula_images(view)) == 2 and whole_renders == []
