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
