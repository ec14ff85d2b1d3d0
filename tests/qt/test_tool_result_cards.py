"""A tool step's results are a card: a header with the tools icon and a chevron, folded when long."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from app.core.chat.display import reply_markdown
from app.core.chat.tool_display import tool_results_markdown
from app.core.tools.calls import TOOL_CALLS_META
from app.qt.widgets.transcript_view import TranscriptView
from tests.helpers.transcripts import transcript_view


def _results(rows: int) -> str:
    """The Markdown of one ``clock/now`` result with ``rows`` rows of data, as the presenter builds it."""
    body = {"output": {"rows": [{"n": n, "city": f"city-{n}"} for n in range(rows)]}}
    parts = [{"functionResponse": {"name": "now", "response": body}}]
    meta = {TOOL_CALLS_META: [{"server": "clock", "tool": "now", "outcome": "ok"}]}
    return tool_results_markdown(parts, meta)


@pytest.fixture
def view(qtbot: QtBot) -> TranscriptView:
    widget = transcript_view(qtbot, 700, 500)
    qtbot.waitExposed(widget)
    return widget


def test_long_results_start_folded_to_their_label_and_the_chevron_unfolds_them(view: TranscriptView) -> None:
    long = _results(40)
    view.add_message(1, "user", "What time is it everywhere?")
    view.add_message(2, "tool", long)
    view.add_message(3, "model", "It is noon in city-39.", header="Gemini")
    text = view.document().toPlainText()
    assert "Tools" in text and "Result of clock/now" in text
    assert "city-0" not in text  # folded: the preview is not shown
    assert 'href="gd-action:toggle-tools/2"' in view.document().toHtml()
    folded_html = view.document().toHtml()
    view.anchorClicked.emit(QUrl("gd-action:toggle-tools/2"))
    text = view.document().toPlainText()
    assert text.index("Result of clock/now") < text.index("city-0") < text.index("It is noon")
    view.anchorClicked.emit(QUrl("gd-action:toggle-tools/2"))
    assert view.document().toHtml() == folded_html


def test_short_results_start_open(view: TranscriptView) -> None:
    view.add_message(2, "tool", _results(1))
    assert "city-0" in view.document().toPlainText()


def test_copy_of_folded_results_keeps_their_whole_text(view: TranscriptView) -> None:
    long = _results(40)
    view.add_message(2, "tool", long)
    view.anchorClicked.emit(QUrl("gd-action:copy-message/2"))
    copied = QGuiApplication.clipboard().text()
    assert "city-0" in copied and "Result of clock/now" in copied
    assert json.dumps("city-5") in copied


def test_the_action_bar_folds_and_unfolds_results_from_the_keyboard(
    view: TranscriptView, qtbot: QtBot
) -> None:
    view.add_message(2, "tool", _results(40))
    bar = view.message_focus.bar
    view.setFocus()
    view.message_focus.tab(True)
    qtbot.waitUntil(lambda: bar.isVisible() and bar.message_id == 2)
    button = bar.buttons["toggle-tools"]
    assert not button.isHidden()
    assert button.accessibleName() == "Show tool results"
    bar.focus_button(bar.shown_buttons().index(button))
    qtbot.keyClick(button, " ")
    assert "city-0" in view.document().toPlainText()
    qtbot.waitUntil(lambda: bar.buttons["toggle-tools"].accessibleName() == "Hide tool results")


def test_a_tool_calls_arguments_are_a_card_headed_by_the_tools_icon_and_its_name(
    view: TranscriptView,
) -> None:
    call = {"functionCall": {"name": "clock__get_time", "args": {"city": "Tokyo"}}}
    view.add_message(2, "model", reply_markdown([{"text": "I'll check."}, call]), header="Gemini")
    text = view.document().toPlainText()
    # One header bar: the name, no separate label line above the arguments, and no "json" caption.
    assert "Function call: clock__get_time" in text and "json" not in text
    assert text.index("Function call: clock__get_time") < text.index('"city"')
    assert "gd-icon:tools/" in view.document().toHtml()  # the tools icon on the call's header bar
