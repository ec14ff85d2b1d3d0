import asyncio
import base64
import struct
from pathlib import Path

import qasync
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import (
    await_future,
    click_action,
    finished_future,
    generation_requests,
    run_app,
    transcript_text,
    wait_until,
)


def png_file(tmp_path: Path) -> Path:
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("orange"))
    path = tmp_path / "chart.png"
    assert image.save(str(path))
    return path


async def attach(desk: GeminiDesk, *paths: Path) -> None:
    loader = desk.attachments
    loader.add_paths([str(path) for path in paths])
    await asyncio.wait_for(loader.wait_idle(), 10)


def size_warning(desk: GeminiDesk) -> QMessageBox | None:
    box = desk.window.findChild(QMessageBox, "requestSizeWarning")
    return box if box is not None and box.isVisible() else None


def test_text_and_attachments_are_sent_as_inline_data_and_shown_as_chips(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    png = png_file(tmp_path)
    code = tmp_path / "tool.py"
    code.write_text("def add(a, b):\n    return a + b\n", encoding="utf-8")

    async def body(desk: GeminiDesk) -> None:
        composer = desk.window.composer
        await attach(desk, png, code)
        assert [chip.text().split(" · ")[:2] for chip in composer.attachment_strip.chips()] == [
            ["chart.png", "PNG"],
            ["tool.py", "Text"],
        ]
        finished = finished_future(desk)
        composer.set_text("What does this do?")
        composer.send_button.click()
        await await_future(finished)

        (request,) = generation_requests(gateway)
        assert request.body is not None
        parts = request.body["contents"][-1]["parts"]
        assert parts == [
            {"inlineData": {"mimeType": "image/png", "data": base64.b64encode(png.read_bytes()).decode()}},
            {"inlineData": {"mimeType": "text/plain", "data": base64.b64encode(code.read_bytes()).decode()}},
            {"text": "What does this do?"},
        ]
        assert composer.attachments() == [] and composer.text() == ""
        shown = transcript_text(desk)
        assert "chart.png · PNG" in shown and "tool.py · Text · 32 B" in shown
        assert "What does this do?" in shown
        # The image itself is shown above the chips, decoded from the stored part.
        user = next(
            m
            for m in desk.store.list_messages(desk.window_controller.current_conversation or 0)
            if m.role == "user"
        )
        assert f'src="gd-image:m{user.id}-p0"' in desk.window.transcript.toHtml()
        shown_image = desk.window.transcript.images.image(f"m{user.id}-p0")
        assert shown_image is not None and shown_image.size().toTuple() == (64, 48)
        # The next turn replays the attachments as history.
        finished = finished_future(desk)
        composer.set_text("And in one word?")
        composer.send_button.click()
        await await_future(finished)
        history = generation_requests(gateway)[-1].body
        assert history is not None and history["contents"][0]["parts"] == parts

    run_app(qloop, tmp_path / "data", body, gateway)


def test_an_attached_photo_shows_as_a_thumbnail_and_opens_at_full_size(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    photo = QImage(800, 600, QImage.Format.Format_RGB32)
    photo.fill(QColor("teal"))
    path = tmp_path / "photo.png"
    assert photo.save(str(path))

    async def body(desk: GeminiDesk) -> None:
        await attach(desk, path)
        finished = finished_future(desk)
        desk.window.composer.set_text("What is this?")
        desk.window.composer.send_button.click()
        await await_future(finished)
        transcript = desk.window.transcript
        user = next(
            m
            for m in desk.store.list_messages(desk.window_controller.current_conversation or 0)
            if m.role == "user"
        )
        key = f"m{user.id}-p0"
        widths = []
        block = transcript.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                char_format = it.fragment().charFormat()
                if char_format.isImageFormat() and char_format.toImageFormat().name() == f"gd-image:{key}":
                    widths.append(char_format.toImageFormat().width())
                it += 1
            block = block.next()
        assert widths == [200]  # 800 x 600 shown at 200 x 150
        image = transcript.images.image(key)
        assert image is not None and image.size().toTuple() == (800, 600)
        viewer = transcript.images.open(key)
        assert viewer is not None and viewer.image.size().toTuple() == (800, 600)
        viewer.close()

    run_app(qloop, tmp_path / "data", body, gateway)


def test_a_request_over_20_mb_asks_first_cancel_sends_nothing_send_anyway_sends(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    # 16 MB of audio is about 21.3 MB once base64-encoded: over the 20 MB warning size.
    wav = tmp_path / "meeting.wav"
    with wav.open("wb") as file:
        file.write(b"RIFF" + struct.pack("<I", 16 * 1024 * 1024) + b"WAVEfmt ")
        file.truncate(16 * 1024 * 1024)

    async def body(desk: GeminiDesk) -> None:
        composer = desk.window.composer
        await attach(desk, wav)
        composer.set_text("Summarise the meeting")
        composer.send_button.click()
        box = size_warning(desk)
        assert box is not None
        assert "Gateways and the proxies" in box.informativeText()
        cancel = box.findChild(QAbstractButton, "cancelSendButton")
        assert cancel is not None
        cancel.click()
        await asyncio.sleep(0.05)
        assert generation_requests(gateway) == []
        assert len(composer.attachments()) == 1 and composer.text() == "Summarise the meeting"

        finished = finished_future(desk)
        composer.send_button.click()
        box = size_warning(desk)
        assert box is not None
        send_anyway = box.findChild(QAbstractButton, "sendAnywayButton")
        assert send_anyway is not None
        send_anyway.click()
        await await_future(finished, 20)
        (request,) = generation_requests(gateway)
        assert request.body_size > 20 * 1024 * 1024
        assert request.body is not None
        assert request.body["contents"][-1]["parts"][0]["inlineData"]["mimeType"] == "audio/wav"
        assert composer.attachments() == []

    run_app(qloop, tmp_path / "data", body, gateway, timeout=60)


def test_a_file_dropped_on_the_transcript_is_attached(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    notes = tmp_path / "notes.csv"
    notes.write_text("a,b\n1,2\n", encoding="utf-8")

    async def body(desk: GeminiDesk) -> None:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(notes))])
        viewport = desk.window.transcript.viewport()
        enter = QDragEnterEvent(
            QPoint(20, 20),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(viewport, enter)
        assert enter.isAccepted()
        drop = QDropEvent(
            QPointF(20, 20),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(viewport, drop)
        assert drop.isAccepted()
        loader = desk.attachments
        await wait_until(lambda: desk.window.composer.attachments(), what="the dropped file")
        await loader.wait_idle()
        assert [(a.name, a.mime_type) for a in desk.window.composer.attachments()] == [
            ("notes.csv", "text/csv")
        ]
        assert "notes.csv" not in desk.window.transcript.toPlainText()

    run_app(qloop, tmp_path / "data", body, gateway)


def test_editing_a_sent_message_keeps_its_attachments_and_adds_new_ones(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    png = png_file(tmp_path)
    extra = tmp_path / "extra.md"
    extra.write_text("# more\n", encoding="utf-8")

    async def body(desk: GeminiDesk) -> None:
        composer = desk.window.composer
        await attach(desk, png)
        finished = finished_future(desk)
        composer.set_text("first")
        composer.send_button.click()
        await await_future(finished)
        conversation = desk.window_controller.current_conversation or 0
        user = desk.store.list_messages(conversation)[0]

        click_action(desk, "edit", user.id)
        await attach(desk, extra)
        finished = finished_future(desk)
        composer.set_text("second")
        composer.send_button.click()
        await await_future(finished)

        request = generation_requests(gateway)[-1].body
        assert request is not None
        parts = request["contents"][-1]["parts"]
        assert [p.get("inlineData", {}).get("mimeType") for p in parts] == ["image/png", "text/plain", None]
        assert parts[-1] == {"text": "second"}
        shown = transcript_text(desk)
        assert "chart.png · PNG" in shown and "extra.md · Text · 7 B" in shown

    run_app(qloop, tmp_path / "data", body, gateway)


def test_unsent_attachments_stay_with_their_conversation(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    photo = png_file(tmp_path)

    async def body(desk: GeminiDesk) -> None:
        first = desk.window_controller.actions.new_conversation()
        await attach(desk, photo)
        second = desk.window_controller.actions.new_conversation()
        assert first is not None and second is not None
        assert desk.window.composer.attachments() == []
        desk.window_controller.open_conversation(first)
        assert [a.name for a in desk.window.composer.attachments()] == ["chart.png"]
        desk.window_controller.open_conversation(second)
        assert desk.window.composer.attachments() == []

    run_app(qloop, tmp_path / "data", body, gateway)
