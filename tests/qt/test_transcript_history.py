"""Long conversations: only the most recent page is rendered; earlier pages load on demand."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QPalette, QTextCursor
from pytestqt.qtbot import QtBot

from app.qt.widgets.transcript_view import TranscriptView
from app.render.history_pages import MessageRow, page_start
from tests.helpers.transcripts import transcript_view

LOAD_EARLIER = "gd-action:load-earlier/0"


def make_rows(count: int, first_id: int = 1) -> list[MessageRow]:
    rows: list[MessageRow] = []
    for i in range(count):
        role = "user" if i % 2 == 0 else "model"
        text = f"Message #{first_id + i} says hello.\n\n" + "Some words that wrap over a line or two. " * 3
        if i % 5 == 1:
            text += f"\n\n```python\nprint('code {i}')\n```\n"
        rows.append((first_id + i, role, text, "" if role == "user" else "m", "complete", None))
    return rows


def label(message_id: int) -> str:
    return f"Message #{message_id} says"


def shown_ids(view: TranscriptView) -> list[int]:
    text = view.document().toPlainText()
    return [int(line.split("#")[1].split()[0]) for line in text.splitlines() if line.startswith("Message #")]


def viewport_y(view: TranscriptView, message_id: int) -> int:
    """Where the first line of a message's body is on screen now."""
    text = view.document().find(label(message_id))
    assert not text.isNull()
    cursor = QTextCursor(view.document())
    cursor.setPosition(text.selectionStart())
    return view.cursorRect(cursor).top()


@pytest.fixture
def view(qtbot: QtBot) -> TranscriptView:
    widget = transcript_view(qtbot, 500, 400)
    qtbot.waitExposed(widget)
    return widget


def test_only_the_last_page_is_in_the_document(view: TranscriptView) -> None:
    view.set_messages(make_rows(300))
    ids = shown_ids(view)
    assert ids == list(range(300 - len(ids) + 1, 301))
    assert 0 < len(ids) <= 40
    assert view.earlier_count == 300 - len(ids)
    assert LOAD_EARLIER in view.document().toHtml()
    assert "Show earlier messages" in view.document().toPlainText()
    bar = view.verticalScrollBar()
    assert bar.value() == bar.maximum() > 0  # opened at the end


def test_a_short_conversation_has_no_load_earlier_line(view: TranscriptView) -> None:
    view.set_messages(make_rows(12))
    assert shown_ids(view) == list(range(1, 13))
    assert view.earlier_count == 0 and LOAD_EARLIER not in view.document().toHtml()


def test_pages_end_at_a_size_limit_but_hold_at_least_one_message() -> None:
    rows = [(i, "user", "x" * 100, "", "complete", None) for i in range(50)]
    assert page_start(rows, 50, size=40, chars=10_000) == 10
    assert page_start(rows, 50, size=40, chars=250) == 47  # stops once 250 characters are reached
    assert page_start(rows, 50, size=40, chars=0) == 49
    assert page_start(rows, 0, size=40, chars=0) == 0


def test_load_earlier_prepends_the_previous_page_and_keeps_the_view_still(
    view: TranscriptView, qtbot: QtBot
) -> None:
    view.set_messages(make_rows(300))
    qtbot.wait(10)  # let the first layout settle (the scroll bar appears and the text rewraps)
    first_page = shown_ids(view)
    bar = view.verticalScrollBar()
    # A reader at the end stays at the end: the last message does not move on screen.
    last_y = viewport_y(view, 300)
    view.anchorClicked.emit(QUrl(LOAD_EARLIER))
    second = shown_ids(view)
    assert second[len(second) - len(first_page) :] == first_page
    assert second == list(range(second[0], 301)) and len(second) > len(first_page)
    assert view.earlier_count == 300 - len(second)
    assert viewport_y(view, 300) == last_y and bar.value() == bar.maximum()
    # A reader in the middle keeps looking at the same lines.
    bar.setValue(bar.maximum() // 3)
    top_id = second[0]
    before = (viewport_y(view, top_id), viewport_y(view, 300))
    assert view.load_earlier()
    assert shown_ids(view)[0] < top_id
    assert (viewport_y(view, top_id), viewport_y(view, 300)) == before


def test_loading_every_page_gives_the_same_document_as_rendering_all(
    view: TranscriptView, qtbot: QtBot
) -> None:
    rows = make_rows(130)
    view.show_error(7, "Old failure", "HTTP 500", True)  # before set_messages: no message, nothing kept
    view.set_messages(rows)
    pages = 1
    while view.load_earlier():
        pages += 1
    assert pages >= 4 and view.earlier_count == 0
    assert LOAD_EARLIER not in view.document().toHtml()
    everything = TranscriptView(page_size=1000, page_chars=10**9)
    qtbot.addWidget(everything)
    everything.set_messages(rows)
    assert view.document().toHtml() == everything.document().toHtml()


def test_scrolling_to_the_top_loads_earlier(view: TranscriptView, qtbot: QtBot) -> None:
    view.set_messages(make_rows(300))
    before = view.earlier_count
    top_id = shown_ids(view)[0]
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)  # not at the top: nothing happens
    qtbot.wait(20)
    assert view.earlier_count == before
    bar.setValue(0)
    y = viewport_y(view, top_id)
    qtbot.waitUntil(lambda: view.earlier_count < before, timeout=2000)
    # The message that was at the top stays where it was, so the reader is not thrown further up.
    assert viewport_y(view, top_id) == y
    assert bar.value() > 0
    qtbot.wait(20)
    assert view.earlier_count < before and shown_ids(view)[0] < top_id


def test_show_error_on_an_old_message_appears_when_its_page_loads(view: TranscriptView) -> None:
    view.set_messages(make_rows(300))
    view.show_error(6, "Quota exceeded", "Try again tomorrow", True)
    assert "Quota exceeded" not in view.document().toPlainText()
    while view.load_earlier():
        pass
    text = view.document().toPlainText()
    assert text.count("Quota exceeded") == 1
    assert text.index(label(6)) < text.index("Quota exceeded") < text.index(label(7))
    assert "gd-action:retry/6" in view.document().toHtml()


def test_streaming_after_set_messages_appends_at_the_end(view: TranscriptView) -> None:
    view.set_messages(make_rows(300))
    view.add_message(301, "user", "Message #301 says the newest question")
    view.begin_stream(302, "m")
    view.append_stream("Message #302 says a streamed answer\n\nwith two paragraphs")
    view.flush()
    assert view.load_earlier()  # paging while a reply streams leaves the reply alone
    view.append_stream(" and more.")
    view.end_stream()
    text = view.document().toPlainText()
    assert text.rstrip().endswith("with two paragraphs and more.")
    assert shown_ids(view)[-3:] == [300, 301, 302]
    bar = view.verticalScrollBar()
    assert bar.value() == bar.maximum()


def test_actions_on_a_message_of_an_earlier_page(view: TranscriptView, qtbot: QtBot) -> None:
    view.set_messages(make_rows(300))
    with qtbot.assertNotEmitted(view.edit_requested):
        view.anchorClicked.emit(QUrl("gd-action:edit/5"))  # not rendered yet: no intent
    while view.load_earlier():
        pass
    with qtbot.waitSignal(view.edit_requested) as edit:
        view.anchorClicked.emit(QUrl("gd-action:edit/5"))
    assert edit.args == [5]


def test_a_palette_change_keeps_the_loaded_pages_and_pending_errors(view: TranscriptView) -> None:
    view.set_messages(make_rows(300))
    view.load_earlier()
    shown = shown_ids(view)
    view.show_error(3, "Old failure", "detail", False)
    palette = view.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#202124"))
    view.setPalette(palette)
    assert view._html.palette.dark
    assert shown_ids(view) == shown
    while view.load_earlier():
        pass
    assert view.document().toPlainText().count("Old failure") == 1


def test_a_reply_streamed_again_is_not_shown_twice(view: TranscriptView) -> None:
    view.set_messages(make_rows(300))
    view.begin_stream(10, "m")  # an old reply regenerated in place
    view.append_stream("Message #10 says a new answer")
    view.end_stream()
    while view.load_earlier():
        pass
    assert view.document().toPlainText().count(label(10)) == 1
