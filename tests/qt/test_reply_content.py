"""Images, the image viewer, the thinking indicator and the figures line, without the rest of the app."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, QUrl
from PySide6.QtGui import QColor, QGuiApplication, QHelpEvent, QImage, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from app.qt.image_decode import png_bytes
from app.qt.widgets.image_viewer import ImageViewer
from app.qt.widgets.transcript_view import ACTION_SCHEME, TranscriptView
from app.render.markdown import render_markdown, thumbnail_ref
from app.render.shown_images import IMAGE_MAX_WIDTH
from tests.helpers.transcripts import transcript_view


@pytest.fixture
def view(qtbot: QtBot) -> TranscriptView:
    return transcript_view(qtbot, 700, 500, shown=False)


def red_image(width: int, height: int) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    return image


def shown_images(view: TranscriptView) -> list[tuple[str, float]]:
    """(name, width attribute) of every image in the transcript's document."""
    found = []
    block = view.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            char_format = it.fragment().charFormat()
            # Only content images: the chrome's icons are images too (gd-icon:).
            if char_format.isImageFormat() and not char_format.toImageFormat().name().startswith("gd-icon:"):
                image_format = char_format.toImageFormat()
                found.append((image_format.name(), image_format.width()))
            it += 1
        block = block.next()
    return found


def test_only_gd_image_markdown_becomes_an_img() -> None:
    html = render_markdown(
        "![plot](gd-image:m3-p1) ![x](https://tracker.example/p.png) ![y](gd-image:../etc)"
    )
    assert html.count("<img") == 1
    assert '<img src="gd-image:m3-p1" alt="plot"' in html
    assert "[image: x]" in html and "[image: y]" in html


def test_a_large_image_is_capped_and_a_small_one_keeps_its_size(view: TranscriptView) -> None:
    view.images.add("big", red_image(1100, 1000))
    view.images.add("small", red_image(64, 32))
    view.add_message(1, "model", "![a](gd-image:big)\n\n![b](gd-image:small)")
    assert shown_images(view) == [("gd-image:big", IMAGE_MAX_WIDTH), ("gd-image:small", 64)]
    html = view.toHtml()
    assert f"{ACTION_SCHEME}:image/big" in html and f"{ACTION_SCHEME}:save-image/small" in html
    assert "Copy image" not in view.toPlainText()  # icons now: see the next test


def test_an_images_copy_and_save_are_icons_right_under_it_named_by_their_tooltips(
    view: TranscriptView, qtbot: QtBot
) -> None:
    view.images.add("plot", red_image(300, 200))
    view.add_message(1, "model", "![plot](gd-image:plot)")
    view.show()
    qtbot.waitExposed(view)
    assert "Copy image" not in view.toPlainText() and "Save image" not in view.toPlainText()
    found: dict[str, tuple[str, str, QRect]] = {}
    block = view.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            char_format = fragment.charFormat()
            if char_format.isAnchor() and char_format.isImageFormat():
                cursor = QTextCursor(view.document())
                cursor.setPosition(fragment.position())
                found[char_format.anchorHref()] = (
                    char_format.toImageFormat().name(),
                    char_format.toolTip(),
                    view.cursorRect(cursor),
                )
            iterator += 1
        block = block.next()
    picture = found[f"{ACTION_SCHEME}:image/plot"][2]
    copy_icon, copy_tip, copy_at = found[f"{ACTION_SCHEME}:copy-image/plot"]
    save_icon, save_tip, save_at = found[f"{ACTION_SCHEME}:save-image/plot"]
    assert copy_icon.startswith("gd-icon:copy/") and save_icon.startswith("gd-icon:download/")
    assert (copy_tip, save_tip) == ("Copy image", "Save image…")
    # Right under the picture (not a paragraph's worth of blank below it), side by side.
    assert 0 <= copy_at.top() - (picture.top() + 200) < 30 and save_at.top() == copy_at.top()
    # Resting the pointer on the Save icon shows its name.
    point = QPoint(save_at.right() + 6, save_at.center().y())
    QApplication.sendEvent(
        view.viewport(), QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    )
    assert QToolTip.isVisible() and QToolTip.text() == "Save image…"
    QToolTip.hideText()


def test_thumbnails_fit_a_small_square_while_copy_and_open_use_the_full_image(
    view: TranscriptView, qtbot: QtBot
) -> None:
    view.images.add("wide", red_image(900, 600))
    view.images.add("tall", red_image(300, 600))
    view.images.add("tiny", red_image(64, 32))
    refs = [thumbnail_ref(name) for name in ("wide", "tall", "tiny")]
    view.add_message(1, "user", " ".join(f"![{ref}](gd-image:{ref})" for ref in refs))
    assert shown_images(view) == [("gd-image:wide", 200), ("gd-image:tall", 100), ("gd-image:tiny", 64)]
    QGuiApplication.clipboard().clear()
    view.anchorClicked.emit(QUrl(f"{ACTION_SCHEME}:copy-image/wide"))
    assert QGuiApplication.clipboard().image().size().toTuple() == (900, 600)
    viewer = view.images.open("tall")
    assert viewer is not None
    qtbot.addWidget(viewer)
    assert viewer.image.size().toTuple() == (300, 600)


def test_an_unknown_size_hint_is_not_an_image() -> None:
    html = render_markdown("![x](gd-image:m3-p1?huge)")
    assert "<img" not in html and "[image: x]" in html


def test_stored_images_are_decoded_only_when_their_row_is_rendered(qtbot: QtBot) -> None:
    view = TranscriptView(page_size=2)
    qtbot.addWidget(view)
    asked: list[str] = []

    def provider(key: str) -> bytes | None:
        asked.append(key)
        return png_bytes(red_image(10, 10)) if key.startswith("m") else None

    view.images.set_provider(provider)
    rows = [(i, "model", f"![image 1](gd-image:m{i}-p0)", "", "complete", None) for i in range(1, 6)]
    view.set_messages(rows)
    assert sorted(set(asked)) == ["m4-p0", "m5-p0"]
    view.load_earlier()
    assert "m3-p0" in asked and "m1-p0" not in asked
    qtbot.waitUntil(lambda: view.images.decoding == 0)  # decoded off the GUI thread
    image_type = int(QTextDocument.ResourceType.ImageResource.value)
    image = view.loadResource(image_type, QUrl("gd-image:m3-p0"))
    assert isinstance(image, QImage) and image.width() == 10
    assert view.loadResource(image_type, QUrl("gd-image:nope")) is None


def test_copy_image_puts_the_image_on_the_clipboard(view: TranscriptView) -> None:
    view.images.add("pic", red_image(30, 20))
    view.add_message(1, "model", "![pic](gd-image:pic)")
    QGuiApplication.clipboard().clear()
    view.anchorClicked.emit(QUrl(f"{ACTION_SCHEME}:copy-image/pic"))
    copied = QGuiApplication.clipboard().image()
    assert (copied.width(), copied.height()) == (30, 20)
    assert copied.pixelColor(5, 5) == QColor("red")


def test_clicking_an_image_opens_a_non_modal_viewer(view: TranscriptView, qtbot: QtBot) -> None:
    view.images.add("pic", red_image(900, 700))
    view.add_message(1, "model", "![pic](gd-image:pic)")
    view.anchorClicked.emit(QUrl(f"{ACTION_SCHEME}:image/pic"))
    viewers = view.window().findChildren(ImageViewer)
    assert len(viewers) == 1
    viewer = viewers[0]
    qtbot.addWidget(viewer)
    assert viewer.isVisible() and not viewer.isModal()
    assert viewer.image.size() == red_image(900, 700).size()
    viewer.resize(400, 300)
    viewer.set_fit(True)
    assert viewer.shown_size()[0] < 900
    viewer.set_fit(False)
    assert viewer.shown_size() == (900, 700)


def test_viewer_save_writes_a_png(qtbot: QtBot, tmp_path: Path) -> None:
    viewer = ImageViewer(red_image(40, 25), "m1-p1")
    qtbot.addWidget(viewer)
    written = viewer.save(str(tmp_path / "picture"))
    assert written == str(tmp_path / "picture.png")
    data = (tmp_path / "picture.png").read_bytes()
    assert data.startswith(b"\x89PNG")
    assert QImage(written).size() == red_image(40, 25).size()


def test_thinking_indicator_counts_seconds_until_the_first_token(view: TranscriptView, qtbot: QtBot) -> None:
    view.begin_stream(9, "gemini-test")
    assert "Thinking… 0 s" in view.toPlainText()
    qtbot.waitUntil(lambda: "Thinking… 1 s" in view.toPlainText(), timeout=2500)
    view.append_stream("Hello")
    view.flush()
    assert "Thinking…" not in view.toPlainText()
    assert "Hello" in view.toPlainText()


def test_thinking_indicator_gives_way_to_thoughts(view: TranscriptView) -> None:
    view.begin_stream(9, "gemini-test")
    view.append_thought("**Planning**")
    view.flush()
    text = view.toPlainText()
    assert "Thinking… 0 s" not in text and "Planning" in text


def test_figures_line_sits_under_a_finished_reply(view: TranscriptView) -> None:
    figures = "prompt 9 · answer 12 · first token 0.40 s · 30 tok/s"
    view.set_messages([(1, "model", "Answer", "", "complete", None, "", figures)])
    text = view.toPlainText()
    assert text.index("Answer") < text.index(figures)
    view.begin_stream(2, "gemini-test")
    view.append_stream("Second")
    view.end_stream("complete", None, markdown="Second, with sources", footer="prompt 1 · answer 2")
    text = view.toPlainText()
    assert "Second, with sources" in text and text.endswith("prompt 1 · answer 2")
