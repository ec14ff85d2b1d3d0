"""Hostile or huge Markdown (a pasted log, a CSV as a table, a model repeating one character) shows about as
fast as ordinary text of the same length, and copying it gives the text as written."""

from __future__ import annotations

import time

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.qt.widgets.transcript_view import TranscriptView
from app.render.long_content import SOFT_BREAK
from tests.helpers.markdown_samples import table_markdown

HOSTILE = {
    "emphasis run": "*" * 20000 + "a" + "*" * 20000,
    "bracket run": "[" * 20000 + "a" + "](" * 10000,
    "table 2000x20": table_markdown(2000, 20),
    "table 3x300": table_markdown(3, 300),
    "200 KB code line": "```\n" + "x" * 200_000 + "\n```",
}


def _ordinary(length: int) -> str:
    """Prose of about ``length`` characters in paragraphs: what the same amount of usual text costs."""
    paragraph = "An ordinary sentence of an answer, with a few words in it. " * 8 + "\n\n"
    return (paragraph * (length // len(paragraph) + 1))[:length]


def _cpu_to_show(qtbot: QtBot, text: str) -> float:
    """CPU seconds a fresh transcript takes to show ``text`` as an answer and lay it out (best of two)."""
    costs = []
    for _ in range(2):
        view = TranscriptView()
        qtbot.addWidget(view)
        view.resize(900, 700)
        view.show()
        QApplication.processEvents()
        started = time.process_time()
        view.add_message(1, "model", text)
        view.document().documentLayout().documentSize()
        QApplication.processEvents()
        costs.append(time.process_time() - started)
        view.close()
    return min(costs)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_markdown_costs_about_what_ordinary_text_of_its_length_does(qtbot: QtBot, name: str) -> None:
    # Before, these took 10-100 times as long as ordinary text of their length (seconds of frozen window).
    text = HOSTILE[name]
    baseline = _cpu_to_show(qtbot, _ordinary(min(len(text), 200_000)))
    cost = _cpu_to_show(qtbot, text)
    assert cost <= 6 * baseline, f"{name}: {cost:.3f} s of CPU against {baseline:.3f} s for ordinary text"


def test_copying_a_long_line_gives_it_without_the_invisible_breaks(qtbot: QtBot) -> None:
    view = TranscriptView()
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    line = "0123456789abcdef" * 5000
    view.add_message(1, "model", f"Log:\n\n```\n{line}\n```\n")
    assert SOFT_BREAK in view.document().toPlainText()  # what keeps laying it out cheap
    view.selectAll()
    view.copy()
    copied = QGuiApplication.clipboard().text()
    assert line in copied and SOFT_BREAK not in copied
