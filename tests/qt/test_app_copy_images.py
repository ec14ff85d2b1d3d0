"""Copying an answer with images gives what other programs can paste: never gd-image: links."""

from __future__ import annotations

from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage

from app.demo.responses import text_stream
from app.demo.scenario import Scenario
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import click_action, press, run_app, send_and_wait

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_an_answer_that_is_only_an_image_copies_the_image_itself(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        _, reply, _ = await send_and_wait(desk, "/scenario image-only")
        QGuiApplication.clipboard().clear()
        click_action(desk, "copy-message", reply)
        mime = QGuiApplication.clipboard().mimeData()
        assert mime.hasImage()
        image = QImage(QGuiApplication.clipboard().image())
        assert (image.width(), image.height()) == (96, 64)
        assert "gd-image" not in mime.text() and "gd-image" not in mime.html()

    run_app(qloop, tmp_path, body, gateway)


def test_an_answer_with_text_and_an_image_copies_a_placeholder_and_the_image_as_rich_text(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        _, reply, _ = await send_and_wait(desk, "/image a gradient please")
        QGuiApplication.clipboard().clear()
        click_action(desk, "copy-message", reply)
        mime = QGuiApplication.clipboard().mimeData()
        text, html = mime.text(), mime.html()
        assert "[image 1]" in text and "gd-image" not in text
        assert "<img" in html and 'src="data:image/png;base64,' in html and "gd-image" not in html

    run_app(qloop, tmp_path, body, gateway)


def test_an_image_link_written_by_the_model_copies_no_other_messages_image(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        _, image_reply, _ = await send_and_wait(desk, "/scenario image-only")
        # The next answer names that image in its own text, hoping Copy fetches it for the clipboard.
        written = f"See ![secret](gd-image:m{image_reply}-p0) here."
        gateway.queue_scenarios(Scenario("written-link", chunks=text_stream(written, size=200)))
        _, reply, _ = await send_and_wait(desk, "Anything")
        QGuiApplication.clipboard().clear()
        click_action(desk, "copy-message", reply)
        mime = QGuiApplication.clipboard().mimeData()
        assert not mime.hasImage()
        assert "data:image" not in mime.html()

    run_app(qloop, tmp_path, body, gateway)


def test_copy_last_answer_puts_an_image_only_answer_on_the_clipboard_as_the_image(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        await send_and_wait(desk, "/scenario image-only")
        QGuiApplication.clipboard().setText("before")
        await press(desk, desk.window.composer.editor, Qt.Key.Key_C, CTRL | SHIFT)
        mime = QGuiApplication.clipboard().mimeData()
        assert mime.hasImage(), mime.formats()
        image = QImage(QGuiApplication.clipboard().image())
        assert (image.width(), image.height()) == (96, 64)
        assert "gd-image" not in mime.text()
        assert desk.window.status_line.currentMessage() == "Answer copied."

    run_app(qloop, tmp_path, body, gateway)


def test_copy_last_answer_gives_a_placeholder_for_an_image_beside_text(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        await send_and_wait(desk, "/image a gradient please")
        await press(desk, desk.window.composer.editor, Qt.Key.Key_C, CTRL | SHIFT)
        text = QGuiApplication.clipboard().mimeData().text()
        assert "[image 1]" in text and "gd-image" not in text

    run_app(qloop, tmp_path, body, gateway)
