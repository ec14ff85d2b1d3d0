"""The transcript widget: streaming equals one-shot rendering, actions, safety and scrolling."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QImage, QTextDocument
from pytestqt.qtbot import QtBot

from app.qt.render import document_edit
from app.qt.widgets.transcript_view import TranscriptView
from app.render.incremental import LONG_TAIL
from tests.helpers.transcripts import transcript_view

ANSWER = (
    "## Reading a file\n\nUse `open()` as a *context manager*:\n\n```python\nwith open(p) as f:\n"
    "    data = f.read()\n```\n\n| Method | Memory |\n|---|--:|\n| read | all |\n| lines | one |\n\n"
    "> Tip: pass `encoding=`.\n\n1. Open\n2. Iterate\n   - strip\n\n---\n\n### 中文说明\n\n"
    "在 Python 中读取文件最常用的方法是使用 `with open(...)` 语句。\n\nSee [docs](https://docs.python.org/).\n"
)


@pytest.fixture
def view(qtbot: QtBot) -> TranscriptView:
    return transcript_view(qtbot, 500, 400, shown=False)


def stream_in(view: TranscriptView, message_id: int, text: str, size: int, *, flush_every: int = 1) -> None:
    view.begin_stream(message_id, "gemini-test")
    for n, start in enumerate(range(0, len(text), size)):
        view.append_stream(text[start : start + size])
        if n % flush_every == 0:
            view.flush()
    view.end_stream()


def one_shot(qtbot: QtBot, message_id: int, text: str) -> TranscriptView:
    other = TranscriptView()
    qtbot.addWidget(other)
    other.add_message(message_id, "model", text, header="gemini-test")
    return other


def test_identity(view: TranscriptView) -> None:
    assert view.objectName() == "transcriptView"
    assert view.accessibleName() == "Transcript"
    assert not view.openLinks()


@pytest.mark.parametrize("size", [1, 3, 17, 64])
def test_streamed_reply_builds_the_same_document_as_one_shot(
    view: TranscriptView, qtbot: QtBot, size: int
) -> None:
    stream_in(view, 5, ANSWER, size)
    reference = one_shot(qtbot, 5, ANSWER)
    expected = reference.document()
    assert view.document().toPlainText() == expected.toPlainText()
    # toHtml covers block formats too: a heading, rule or list item that lost its format would show here.
    assert view.document().toHtml() == expected.toHtml()


def test_two_thousand_chunks_give_the_same_text(view: TranscriptView, qtbot: QtBot) -> None:
    text = (ANSWER * 8)[:8000]
    stream_in(view, 1, text, max(1, len(text) // 2000))
    reference = one_shot(qtbot, 1, text)
    assert view.document().toPlainText() == reference.document().toPlainText()


@pytest.mark.parametrize(
    "unit",
    [
        "www.a.com and **bold *across* lines** with `code`\n",  # many spans, a line each (soft breaks)
        "中文的句子，**没有**空行。",  # one line, no spaces: cut where it stands
        "https://example.org/a ",  # one line of addresses: cut between words
        "QUJDRA+/",  # one unbroken run (base64): cut where it stands (it grew whole: 104 s for 2 MB)
        "[",  # 30,000 brackets
    ],
    ids=["lines", "cjk-one-line", "one-line", "base64", "brackets"],
)
def test_a_long_paragraph_costs_each_frame_its_end_and_ends_as_one_paragraph(
    view: TranscriptView, qtbot: QtBot, unit: str
) -> None:
    text = "Start " + unit * (30_000 // len(unit)) + "end."
    view.begin_stream(1, "gemini-test")
    sizes = []
    for start in range(0, len(text), 300):
        view.append_stream(text[start : start + 300])
        view.flush()
        sizes.append(view.last_frame_html_chars)
    view.end_stream()
    # The frames draw the paragraph's end, not all of it again: bounded, not growing with it.
    assert max(sizes[-20:]) < 6 * (LONG_TAIL + 300)
    assert max(sizes[-20:]) < max(sizes) // 2 or max(sizes) < 6 * (LONG_TAIL + 300)
    reference = one_shot(qtbot, 1, text)
    # At its end it is one paragraph again, exactly as drawn whole.
    assert view.document().toPlainText() == reference.document().toPlainText()
    assert view.document().toHtml() == reference.document().toHtml()


def test_frames_cost_the_tail_not_the_message(view: TranscriptView) -> None:
    paragraph = "A sentence of a long answer that keeps streaming. " * 4 + "\n\n"
    text = paragraph * 400  # ~80 KB
    view.begin_stream(1, "m")
    sizes = []
    for start in range(0, len(text), 40):
        view.append_stream(text[start : start + 40])
        view.flush()
        sizes.append(view.last_frame_html_chars)
    view.end_stream()
    # Each frame inserts at most a finished paragraph plus the tail, whatever the message size.
    assert max(sizes) < 3 * len(paragraph) + 200
    assert max(sizes[-50:]) <= max(sizes[:50]) + 50


def test_append_stream_only_buffers_until_the_frame(view: TranscriptView, qtbot: QtBot) -> None:
    view.begin_stream(1, "m")
    view.append_stream("hello world")
    assert "hello" not in view.document().toPlainText()
    qtbot.waitUntil(lambda: "hello world" in view.document().toPlainText(), timeout=1000)


def test_an_answer_ending_with_more_than_a_frame_buffered_is_drawn_over_frames(
    view: TranscriptView, qtbot: QtBot
) -> None:
    # A fast gateway ends the answer while 20 KB are still to be drawn: drawing them in one piece would hold
    # up input and painting for about 100 ms; the end waits instead until the frames have shown them.
    paragraphs = [
        f"Paragraph {i} of an answer that arrived faster than it could be drawn.\n\n" for i in range(280)
    ]
    view.begin_stream(1, "m")
    view.append_stream("".join(paragraphs))
    view.end_stream()
    shown = view.document().toPlainText()
    assert "Paragraph 279" not in shown
    assert view.streaming
    qtbot.waitUntil(lambda: not view.streaming, timeout=10_000)
    assert "Paragraph 279" in view.document().toPlainText()


def test_copy_actions_put_raw_markdown_and_code_on_the_clipboard(view: TranscriptView) -> None:
    view.add_message(3, "model", ANSWER)
    view.anchorClicked.emit(QUrl("gd-action:copy-message/3"))
    assert QGuiApplication.clipboard().text() == ANSWER
    view.anchorClicked.emit(QUrl("gd-action:copy-code/3/0"))
    assert QGuiApplication.clipboard().text() == "with open(p) as f:\n    data = f.read()"


def test_rendered_code_block_carries_its_copy_link(view: TranscriptView) -> None:
    view.add_message(3, "model", ANSWER)
    assert 'href="gd-action:copy-code/3/0"' in view.document().toHtml()


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "ftp://h/x", "rel"]
)
def test_unsafe_links_do_nothing(view: TranscriptView, monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", opened.append)
    QGuiApplication.clipboard().setText("before")
    view.anchorClicked.emit(QUrl(url))
    assert opened == [] and QGuiApplication.clipboard().text() == "before"


def test_web_links_open_in_the_browser_only_on_click(
    view: TranscriptView, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", opened.append)
    view.add_message(1, "model", "[docs](https://example.com/x)")
    assert opened == []
    view.anchorClicked.emit(QUrl("https://example.com/x"))
    assert [u.toString() for u in opened] == ["https://example.com/x"]


def test_intent_actions_emit_typed_signals(view: TranscriptView, qtbot: QtBot) -> None:
    view.add_message(1, "user", "hi")
    view.add_message(2, "model", "hello")
    with qtbot.waitSignal(view.edit_requested) as edit:
        view.anchorClicked.emit(QUrl("gd-action:edit/1"))
    with qtbot.waitSignal(view.regenerate_requested) as regenerate:
        view.anchorClicked.emit(QUrl("gd-action:regenerate/2"))
    assert edit.args == [1] and regenerate.args == [2]
    # The per-message actions are buttons over the message, not links in the text.
    html = view.document().toHtml()
    assert "gd-action:edit/1" not in html and "gd-action:regenerate/2" not in html


def test_error_box_sits_under_the_partial_answer_with_retry(view: TranscriptView, qtbot: QtBot) -> None:
    view.begin_stream(9, "m")
    view.append_stream("Partial answer")
    view.show_error(9, "Connection lost", "HTTP 502 from the gateway", True)
    text = view.document().toPlainText()
    assert (
        text.index("Partial answer")
        < text.index("Connection lost")
        < text.index("HTTP 502")
        < text.index("Retry")
    )
    with qtbot.waitSignal(view.retry_requested) as retry:
        view.anchorClicked.emit(QUrl("gd-action:retry/9"))
    assert retry.args == [9]


def test_regenerating_the_last_reply_replaces_it(view: TranscriptView) -> None:
    view.add_message(1, "user", "question")
    stream_in(view, 2, "first answer", 4)
    stream_in(view, 2, "second answer", 4)
    text = view.document().toPlainText()
    assert "first answer" not in text and text.count("second answer") == 1 and "question" in text


def test_thinking_is_collapsed_to_a_summary_and_toggles(view: TranscriptView, qtbot: QtBot) -> None:
    view.add_message(1, "user", "q")
    view.begin_stream(2, "m")
    view.append_thought("**Planning**\n\nFirst I consider the secret detail.\n\n")
    view.append_thought("**Checking sources**\n\nmore")
    view.append_stream("The answer.")
    view.end_stream()
    view.add_message(3, "user", "next question")  # toggling must work in the middle of the document
    collapsed_html = view.document().toHtml()
    text = view.document().toPlainText()
    assert "Checking sources" in text and "secret detail" not in text
    assert text.index("Thinking") < text.index("The answer.")
    view.anchorClicked.emit(QUrl("gd-action:toggle-thoughts/2"))
    text = view.document().toPlainText()
    assert text.index("secret detail") < text.index("The answer.") < text.index("next question")
    view.anchorClicked.emit(QUrl("gd-action:toggle-thoughts/2"))
    assert view.document().toHtml() == collapsed_html


def test_no_resources_are_loaded_except_registered_images(view: TranscriptView) -> None:
    image_type = int(QTextDocument.ResourceType.ImageResource.value)
    for url in ["file:///etc/passwd", "http://example.com/a.png", "https://example.com/a.png", "qrc:/x.png"]:
        assert view.loadResource(image_type, QUrl(url)) is None
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    view.images.add("plot-1", image)
    assert view.loadResource(image_type, QUrl("gd-image:plot-1")) == image


def test_auto_scroll_follows_the_stream_until_the_user_scrolls_up(view: TranscriptView) -> None:
    view.show()
    bar = view.verticalScrollBar()
    view.begin_stream(1, "m")
    for i in range(60):
        view.append_stream(f"Line {i} of a reply that grows past the viewport.\n\n")
        view.flush()
        assert bar.value() == bar.maximum()
    assert bar.maximum() > 0
    bar.setValue(10)  # the user scrolls up to read
    for i in range(30):
        view.append_stream(f"More {i}.\n\n")
        view.flush()
        assert bar.value() == 10
    bar.setValue(bar.maximum())  # back at the bottom: following resumes
    view.append_stream("Even more.\n\n")
    view.flush()
    assert bar.value() == bar.maximum()
    view.end_stream()


def test_switching_conversations_reuses_rendered_bodies(
    view: TranscriptView, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows_a = [
        (i, "model" if i % 2 else "user", f"Message **{i}**\n\n```py\nx = {i}\n```\n", "m", "complete", None)
        for i in range(20)
    ]
    rows_b = [(100, "user", "other", "", "complete", None)]
    view.set_messages(rows_a)
    first = view.document().toHtml()
    calls: list[str] = []
    original = view.markdown_renderer.render_counting_formulas

    def counting_render(source: str, *, message_id: int | None = None) -> tuple[str, int]:
        calls.append(source)
        return original(source, message_id=message_id)

    monkeypatch.setattr(view.markdown_renderer, "render_counting_formulas", counting_render)
    view.set_messages(rows_b)
    view.set_messages(rows_a)
    assert len(calls) == 1  # only the message of conversation B was new
    assert view.document().toHtml() == first


def test_a_version_shown_again_is_inserted_without_parsing_its_html_again(
    view: TranscriptView, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = (1, "user", "Question", "", "complete", None)
    first = [(2, "model", "# First\n\n" + "Some **long** answer. " * 200, "m", "complete", None)]
    second = [(3, "model", "# Second\n\n" + "Another answer. " * 200, "m", "complete", None)]
    versions = {2: (1, 2), 3: (2, 2)}
    view.set_messages([question, *first], versions)
    drawn_first = view.document().toHtml()
    assert view.replace_from(1, second, versions)
    parsed: list[str] = []
    original = document_edit.region_fragment

    def counting(document: QTextDocument, html_text: str) -> document_edit.ParsedRegion:
        parsed.append(html_text)
        return original(document, html_text)

    monkeypatch.setattr(document_edit, "region_fragment", counting)
    assert view.replace_from(1, first, versions)
    assert parsed == []  # header, body and notice came parsed already
    assert view.document().toHtml() == drawn_first  # exactly as drawn the first time
    assert view.shown_ids() == [1, 2]


def test_the_parsed_regions_kept_are_bounded() -> None:
    fragments = document_edit.RegionFragments(limit=1000)
    document = QTextDocument()
    for n in range(20):
        fragments.get(document, f"<p>{n:03d}{'x' * 96}</p>")
    assert 0 < fragments.chars <= 1000
    huge = "<p>" + "y" * 600 + "</p>"
    fragments.get(document, huge)
    assert fragments.chars <= 1000  # a region over a quarter of the limit is parsed but not kept


def test_notice_and_error_status_from_history(view: TranscriptView) -> None:
    view.set_messages(
        [
            (1, "model", "cut short", "m", "interrupted", "Stopped by you"),
            (2, "model", "", "m", "error", "Quota exceeded"),
        ]
    )
    text = view.document().toPlainText()
    assert "Stopped by you" in text and "Quota exceeded" in text and "Retry" in text


@pytest.mark.parametrize("status", ["interrupted", "stopped"])
def test_a_reply_that_ended_early_has_retry_on_its_notice_line(
    view: TranscriptView, qtbot: QtBot, status: str
) -> None:
    view.set_messages(
        [
            (1, "user", "question", "", "complete", None),
            (2, "model", "cut short", "m", status, "Reply interrupted: you can retry."),
            (3, "model", "fine", "m", "complete", None),
        ]
    )
    html = view.document().toHtml()
    assert "gd-action:retry/2" in html
    assert "gd-action:retry/1" not in html and "gd-action:retry/3" not in html
    text = view.document().toPlainText()
    assert text.index("cut short") < text.index("you can retry.") < text.index("Retry") < text.index("fine")
    with qtbot.waitSignal(view.retry_requested) as retry:
        view.anchorClicked.emit(QUrl("gd-action:retry/2"))
    assert retry.args == [2]


def test_a_stopped_stream_gets_retry_even_without_a_notice(view: TranscriptView) -> None:
    view.begin_stream(4, "m")
    view.append_stream("half an answer")
    view.end_stream("stopped")
    assert "gd-action:retry/4" in view.document().toHtml()
    assert view.document().toPlainText().rstrip().endswith("Retry")


def test_error_detail_keeps_its_lines(view: TranscriptView) -> None:
    view.add_message(3, "model", "Partial")
    view.show_error(3, "Rejected", "The key was rejected.\nGateway message: “无效的令牌”", True)
    lines = view.document().toPlainText().splitlines()
    assert "The key was rejected." in lines
    assert "Gateway message: “无效的令牌”" in lines
