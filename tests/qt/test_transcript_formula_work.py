"""How much work formulas cost the transcript while a reply streams: nothing finished is drawn again for them.

Counted, not timed: whole-message renders and block renders, against what the same reply needs anyway.
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.qt.render.document_edit import MessageRecord
from app.qt.widgets.transcript_html import TranscriptHtml
from app.qt.widgets.transcript_view import TranscriptView
from tests.helpers.formula_document import formula_images, settle
from tests.helpers.transcripts import transcript_view

REPLY = "".join(
    f"Step {n}: we bound $x_{{{n}}}^2 + y_{{{n}}}$ by $\\frac{{{n}}}{{k}}$, as before.\n\n"
    f"$$\n\\sum_{{k=1}}^{{{n}}} k^2 = {n}\n$$\n\n"
    for n in range(1, 7)
)


@pytest.fixture
def view(qtbot: QtBot) -> TranscriptView:
    return transcript_view(qtbot, 600, 500)


@pytest.fixture
def whole_renders(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ids of messages whose whole body is rendered from Markdown again (not streamed block by block)."""
    rendered: list[int] = []
    body = TranscriptHtml.body

    def counting(self: TranscriptHtml, message: MessageRecord) -> str:
        rendered.append(message.message_id)
        return body(self, message)

    monkeypatch.setattr(TranscriptHtml, "body", counting)
    return rendered


def test_a_reply_that_ends_before_its_last_formulas_are_typeset_is_not_drawn_again(
    view: TranscriptView, whole_renders: list[int]
) -> None:
    # The last chunk and the end arrive together, before a frame applied the chunk: its formulas are typeset
    # after the reply ended.
    view.begin_stream(1, "gemini-test")
    view.append_stream(REPLY)
    view.end_stream()
    assert "$x_{1}^2 + y_{1}$" in view.document().toPlainText()  # their source, until typeset
    settle(view)
    assert len(formula_images(view)) == 18  # every formula is shown as an image
    assert not view.streaming
    assert whole_renders == []  # the blocks streamed are kept: the reply is not rendered again whole


@pytest.mark.parametrize("opened", ["", "*"], ids=["clean-cuts", "emphasis-across-a-cut"])
def test_a_long_paragraph_of_formulas_is_rendered_once_and_reads_as_drawn_whole(
    view: TranscriptView, whole_renders: list[int], qtbot: QtBot, opened: str
) -> None:
    # Committed in parts while it streams; at its end the parts' blocks are joined, not rendered again (a
    # paragraph of 3,000 formulas froze the window for 0.5-1 s). An emphasis left open across a cut is
    # only right in a render of the whole text: that one is still drawn again.
    text = f"Start {opened}" + "".join(f"term $a_{{{n}}}$ and\n" for n in range(400)) + f"end{opened}.\n"
    view.begin_stream(1, "gemini-test")
    for start in range(0, len(text), 500):
        view.append_stream(text[start : start + 500])
        view.flush()
    view.end_stream()
    settle(view)
    assert not view.streaming and len(formula_images(view)) == 400
    assert whole_renders == ([1] if opened else [])
    reference = transcript_view(qtbot, 600, 500)
    reference.add_message(1, "model", text, header="gemini-test")
    settle(reference)
    assert view.document().toHtml() == reference.document().toHtml()


def test_typeset_blocks_are_swapped_in_a_frame_at_a_time(view: TranscriptView) -> None:
    # Blocks whose formulas all arrived at once are swapped within the frame budget, the rest in the frames
    # after: 3,000 formulas' blocks were swapped in one frame.
    text = "".join(f"Step {n}: $b_{{{n}}}$ holds.\n\n" for n in range(12)) + "and more"
    view.begin_stream(1, "gemini-test")
    view.append_stream(text)
    view.flush()
    live = view._live
    assert live is not None and len(live.waiting_blocks) >= 10
    view.formulas.images.wait()  # every image is there
    view._frame_budget._seconds = 0.0  # a frame that is over at once swaps one block
    waiting = len(live.waiting_blocks)
    view._on_frame()
    assert len(live.waiting_blocks) == waiting - 1 and live.formulas_ready
    while live.waiting_blocks:
        view._on_frame()
    view.end_stream()
    settle(view)
    assert len(formula_images(view)) == 12 and whole_renders_none(view)


def whole_renders_none(view: TranscriptView) -> bool:
    """Every formula of the reply is an image: none is left as its source."""
    return "$b_{" not in view.document().toPlainText()


def test_the_typesetter_starts_loading_at_the_first_formula_delimiter(view: TranscriptView) -> None:
    # A cold typesetting process took seconds over the first formula, shown as its source meanwhile: it is
    # started (and loads its fonts) as soon as a delimiter streams in, before any formula is complete.
    view.begin_stream(1, "gemini-test")
    view.append_stream("No formula yet. ")
    assert view.formulas.images.worker_pid is None  # idle memory: no process for answers without math
    view.append_stream("So we get $E = mc")
    assert view.formulas.images.worker_pid is not None
    view.append_stream("^2$.\n")
    view.end_stream()
    settle(view)
    assert [alt for _pos, _name, alt in formula_images(view)] == ["$E = mc^2$"]
    assert view.formulas.images.typeset_count == 1  # the warm-up is not counted as a formula
