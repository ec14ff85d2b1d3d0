"""Bidi overrides and zero-width characters are made visible where people read titles, and removed from
suggested file names; tooltips of outside data are plain text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from pytestqt.qtbot import QtBot

from app.core.store.conversations import ConversationStore
from app.core.store.db import Database
from app.core.visible_text import reveal_invisible, safe_file_name
from app.qt.models.conversation_list_model import ConversationListModel
from app.qt.plain_text import shown_literally
from app.qt.widgets.status_line import StatusLine

SPOOFED = "invoice\u202egpj.exe"  # reads as "invoiceexe.jpg"


def test_invisible_characters_are_revealed_and_kept_out_of_file_names() -> None:
    assert reveal_invisible(SPOOFED) == "invoice[U+202E]gpj.exe"
    assert reveal_invisible("a\u200bb\u2066c\ufeff") == "a[U+200B]b[U+2066]c[U+FEFF]"
    assert reveal_invisible("👨\u200d👩\u200d👧") == "👨\u200d👩\u200d👧", "emoji joiners are left alone"
    assert safe_file_name(SPOOFED) == "invoicegpj.exe"
    assert safe_file_name("/home/u/.bashrc") == "bashrc"
    assert safe_file_name("..\\..\\boot.ini") == "boot.ini"
    assert safe_file_name("\u200b", fallback="file") == "file"


def test_a_tooltip_of_outside_text_is_shown_literally(qapp: object) -> None:
    tip = shown_literally('<img src="x"><b>model</b>\u202e')
    document = QTextDocument()
    document.setHtml(tip)
    assert document.toPlainText() == '<img src="x"><b>model</b>[U+202E]'  # rendered as the literal text


def test_the_status_line_shows_a_gateways_words_as_they_are_not_as_markup(qtbot: QtBot) -> None:
    line = StatusLine()
    qtbot.addWidget(line)
    markup = "<b>gemini-x</b><br><i>not a model</i>"
    line.set_state(markup)
    label = line.state_label
    metrics = QFontMetrics(label.font())
    # As rich text it would be two short lines; as the gateway wrote it, it is one line with the tags.
    assert label.sizeHint().width() >= metrics.horizontalAdvance(markup) * 0.9
    assert label.sizeHint().height() < 2 * metrics.lineSpacing()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ConversationStore]:
    db = Database.open(tmp_path / "h.sqlite3")
    yield ConversationStore(db)
    db.close()


def test_conversation_titles_show_their_invisible_characters(qapp: object, store: ConversationStore) -> None:
    store.create(SPOOFED, "m")
    model = ConversationListModel(store)
    index = model.index(0)
    assert model.data(index, Qt.ItemDataRole.DisplayRole) == "invoice[U+202E]gpj.exe"
    assert model.data(index, Qt.ItemDataRole.EditRole) == SPOOFED  # renaming edits the title itself
    document = QTextDocument()
    document.setHtml(model.data(index, Qt.ItemDataRole.ToolTipRole))
    assert document.toPlainText().startswith("invoice[U+202E]gpj.exe")
