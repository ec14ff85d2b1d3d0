"""What the transcript shows a user: thoughts, copy feedback, notes, titles, errors, figures, citations."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import qasync
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from app.core.chat.display import usage_line
from app.demo import content
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.render.display_labels import display_labels
from app.qt.widgets.copied_note import COPIED_NOTE_MS
from app.qt.widgets.status_line import StatusLine
from app.qt.widgets.transcript_view import ACTION_SCHEME, TranscriptView
from app.render.design import SPACE_XL
from tests.helpers.app_harness import (
    await_future,
    click_transcript_text,
    finished_future,
    run_app,
    send_and_wait,
    transcript_text,
)
from tests.helpers.opened_urls import OpenedUrls, recording_opened_urls
from tests.helpers.transcripts import transcript_view

ZH = {"language": "zh_CN"}
DEMO_1 = "https://vertexaisearch.cloud.google.com/grounding-api-redirect/demo-1"


@pytest.fixture
def view(qtbot: QtBot) -> TranscriptView:
    return transcript_view(qtbot, 700, 500, page_size=2, page_chars=1_000_000)


@pytest.fixture
def opened() -> Iterator[OpenedUrls]:
    with recording_opened_urls(("http", "https")) as recorder:
        yield recorder


def _action(name: str, target: int | str) -> QUrl:
    return QUrl(f"{ACTION_SCHEME}:{name}/{target}")


def _block_of(view: TranscriptView, text: str) -> str:
    """The whole paragraph (block) of the transcript that shows ``text``."""
    found = view.document().find(text)
    assert not found.isNull(), f"{text!r} is not in the transcript"
    return found.block().text()


# -- 1. thought summaries ------------------------------------------------------------------------------------


def test_each_thought_summary_is_a_paragraph_and_the_collapsed_line_names_the_latest(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario("thoughts")
    reply: dict[str, int] = {}

    async def check(desk: GeminiDesk) -> None:
        transcript = desk.window.transcript
        collapsed = transcript_text(desk)
        assert "Adding them up" in collapsed and "Listing the primes" not in collapsed
        transcript.anchorClicked.emit(_action("toggle-thoughts", reply["id"]))
        assert _block_of(transcript, "Adding them up") == "Adding them up"
        assert _block_of(transcript, "23 and 29.").endswith("23 and 29.")

    async def live(desk: GeminiDesk) -> None:
        _, reply["id"], _ = await send_and_wait(desk, "Think first")
        await check(desk)  # as streamed: the thought deltas joined as they came

    run_app(qloop, tmp_path, live, gateway)
    run_app(qloop, tmp_path, check, gateway)  # after a restart: from the stored parts


# -- 2. copy feedback ----------------------------------------------------------------------------------------


def test_copy_links_say_copied_for_a_moment(view: TranscriptView) -> None:
    view.add_message(1, "model", "An answer\n\n```python\nx = 1\n```")
    notes: list[str] = []
    view.copied.connect(notes.append)
    assert not view.copied_note.isVisible()

    view.anchorClicked.emit(_action("copy-message", 1))
    assert QGuiApplication.clipboard().text().startswith("An answer")
    assert notes == ["Copied"]
    assert view.copied_note.isVisible() and view.copied_note.text() == "Copied"
    assert view.viewport().rect().contains(view.copied_note.geometry())

    view.copied_note.hide()
    view.anchorClicked.emit(QUrl(f"{ACTION_SCHEME}:copy-code/1/0"))
    assert QGuiApplication.clipboard().text() == "x = 1"
    assert notes == ["Copied", "Copied"] and view.copied_note.isVisible()

    # It goes away by itself after COPIED_NOTE_MS (the timer is fired here instead of waited for).
    timer = view.copied_note.findChild(QTimer)
    assert timer is not None
    assert timer.isActive() and timer.interval() == COPIED_NOTE_MS
    timer.timeout.emit()
    assert not view.copied_note.isVisible()


# -- 3. finish notes, chip labels and image titles ----------------------------------------------------------


def test_chinese_finish_notes_use_a_full_width_colon(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario("safety")

    async def body(desk: GeminiDesk) -> None:
        await send_and_wait(desk, "三")
        text = transcript_text(desk)
        assert "因安全过滤而停止：" in text
        assert "因安全过滤而停止:" not in text

    run_app(qloop, tmp_path, body, gateway, settings=ZH)


def _png(tmp_path: Path) -> Path:
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("orange"))
    path = tmp_path / "chart.png"
    assert image.save(str(path))
    return path


def test_the_image_viewer_names_the_image_not_its_internal_key(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario(content.image(64, 48))
    keys: dict[str, str] = {}

    async def check(desk: GeminiDesk) -> None:
        transcript = desk.window.transcript
        answer = transcript.images.open(keys["answer"])
        assert answer is not None and answer.windowTitle() == "Image 1 of the answer (64 × 48)"
        answer.close()
        attached = transcript.images.open(keys["attachment"])
        assert attached is not None and attached.windowTitle() == "chart.png (40 × 30)"
        attached.close()
        # "Save image…" suggests the same name, never the key.
        assert transcript.images.save_as(keys["answer"])
        dialog = transcript.findChildren(QFileDialog)[-1]
        assert Path(dialog.selectedFiles()[0]).stem == "Image 1 of the answer"
        dialog.reject()

    async def live(desk: GeminiDesk) -> None:
        loader = desk.attachments
        loader.add_paths([str(_png(tmp_path))])
        await loader.wait_idle()
        finished = finished_future(desk)
        desk.window.composer.set_text("Draw a chart")
        desk.window.composer.send_button.click()
        conversation_id, reply_id, _ = await await_future(finished, 20)
        question = next(m for m in desk.store.list_messages(int(conversation_id)) if m.role == "user")
        keys.update(answer=f"m{reply_id}-p1", attachment=f"m{question.id}-p0")
        await check(desk)

    run_app(qloop, tmp_path, live, gateway, timeout=40)
    run_app(qloop, tmp_path, check, gateway, timeout=40)


# -- 4. error boxes ------------------------------------------------------------------------------------------


def test_an_error_box_says_its_heading_once_with_the_status_and_the_gateways_words(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario("401-en")

    async def check(desk: GeminiDesk) -> None:
        text = transcript_text(desk)
        assert text.count("The API key was rejected") == 1, text
        assert "The API key was rejected (HTTP 401)." in text
        assert '"Invalid token"' in text and "Check the API key in Settings" in text

    async def live(desk: GeminiDesk) -> None:
        _, _, status = await send_and_wait(desk, "hello")
        assert status == "error"
        await check(desk)

    run_app(qloop, tmp_path, live, gateway)
    run_app(qloop, tmp_path, check, gateway)  # the stored error, after a restart


def test_an_error_box_merges_only_a_first_line_that_repeats_its_title(view: TranscriptView) -> None:
    view.add_message(1, "model", "Partial", status="error")
    view.add_message(2, "model", "Partial", status="error")
    view.show_error(1, "请求过于频繁", "请求过于频繁（HTTP 429）。\n请降低请求频率。", True)
    view.show_error(2, "The answer could not be saved", "The disk is full.\nFree some space.", False)
    text = view.toPlainText()
    assert text.count("请求过于频繁") == 1 and "请求过于频繁（HTTP 429）。\n请降低请求频率。" in text
    assert "The answer could not be saved\nThe disk is full.\nFree some space." in text


# -- 5. figures ----------------------------------------------------------------------------------------------


def test_the_status_line_reads_like_the_transcripts_figures_line(qtbot: QtBot) -> None:
    status = StatusLine()
    qtbot.addWidget(status)
    meta = {
        "usage": {
            "promptTokenCount": 14,
            "candidatesTokenCount": 1310,
            "thoughtsTokenCount": 0,
            "cachedContentTokenCount": 0,
        },
        "time_to_first_token": 0.3,
        "tokens_per_second": 45.5,
    }
    status.show_reply_figures(meta)
    shown = status.figures_label.text()
    assert shown == usage_line(meta, labels=display_labels())
    assert shown == "prompt 14 · answer 1,310 · first token 0.30 s · 45.5 tok/s"


def test_after_a_reply_the_status_line_and_the_transcript_show_the_same_figures(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    gateway.set_scenario("long-markdown")

    async def body(desk: GeminiDesk) -> None:
        await send_and_wait(desk, "long please")
        figures = desk.window.status_line.figures_label.text()
        assert "," in figures.split(" · ")[1], figures  # the answer has over a thousand tokens
        assert "thoughts 0" not in figures and "cached 0" not in figures
        assert transcript_text(desk).splitlines()[-1] == figures

    run_app(qloop, tmp_path, body, gateway)


# -- 6. the top of the transcript ----------------------------------------------------------------------------


def _top_of(view: TranscriptView, text: str) -> float:
    block = view.document().find(text).block()
    return float(view.document().documentLayout().blockBoundingRect(block).top())


def test_the_transcript_starts_with_the_first_message_not_a_blank_line(view: TranscriptView) -> None:
    view.add_message(1, "user", "Hello there")
    document = view.document()
    first = document.begin()
    assert (
        first.text() == ""
        and first.blockFormat().topMargin() == 0
        and first.blockFormat().bottomMargin() == 0
    )
    assert document.documentLayout().blockBoundingRect(first).height() <= 2
    # Only the header's own spacing (as between messages) stays above it.
    assert _top_of(view, "You") <= SPACE_XL + 4


def test_the_load_earlier_line_still_opens_the_transcript_and_works(view: TranscriptView) -> None:
    rows = [
        (i, "user" if i % 2 else "model", f"Message number {i}", "", "complete", None) for i in range(1, 6)
    ]
    view.set_messages(rows)
    assert view.earlier_count == 3
    document = view.document()
    assert _top_of(view, "Show earlier messages") <= 16
    view.anchorClicked.emit(_action("load-earlier", 0))
    assert view.earlier_count == 1 and "Message number 2" in view.toPlainText()
    view.anchorClicked.emit(_action("load-earlier", 0))
    assert view.earlier_count == 0 and "Show earlier messages" not in view.toPlainText()
    assert document.begin().blockFormat().topMargin() == 0
    assert _top_of(view, "Message number 1") < _top_of(view, "Message number 2")


# -- 7. citations --------------------------------------------------------------------------------------------


def test_citation_markers_open_their_source_on_aclick_transcript_text(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble, opened: OpenedUrls
) -> None:
    gateway.set_scenario("grounding-cjk")

    async def check(desk: GeminiDesk) -> None:
        transcript = desk.window.transcript
        opened.urls.clear()
        assert "是中国最高的建筑。[1]大厦于2015年建成" in transcript_text(desk)
        marker = transcript.document().find("[1]")
        assert marker.charFormat().toolTip() == "wikipedia.org"  # the source's name on hover
        assert click_transcript_text(transcript, "[1]") == DEMO_1
        assert opened.urls == [DEMO_1]

    async def live(desk: GeminiDesk) -> None:
        await send_and_wait(desk, "上海中心大厦有多高？")
        assert opened.urls == [], "a link opened without a click"
        await check(desk)

    run_app(qloop, tmp_path, live, gateway)
    run_app(qloop, tmp_path, check, gateway)
