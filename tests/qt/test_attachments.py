import asyncio
from pathlib import Path

import qasync
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.qt.controllers.attachment_controller import AttachmentController
from app.qt.widgets.composer import Composer

PDF = b"%PDF-1.7\n" + b"0" * 3000


def make_composer(qtbot: QtBot) -> tuple[Composer, list[str]]:
    composer = Composer()
    AttachmentController.for_composer(composer)
    qtbot.addWidget(composer)
    composer.resize(600, 300)
    composer.show()
    sent: list[str] = []
    composer.send_requested.connect(sent.append)
    return composer, sent


def png_file(tmp_path: Path, name: str = "chart.png") -> Path:
    image = QImage(120, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    path = tmp_path / name
    assert image.save(str(path))
    return path


def file_urls(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return mime


def loader(composer: Composer) -> AttachmentController:
    found = composer.findChild(AttachmentController)
    assert found is not None
    return found


def settle(loop: qasync.QEventLoop, composer: Composer) -> None:
    loop.run_until_complete(asyncio.wait_for(loader(composer).wait_idle(), 5))


def refusal(host: QWidget) -> QMessageBox | None:
    return host.findChild(QMessageBox, "attachmentRefusal")


def test_added_files_show_as_chips_and_can_be_removed(
    qtbot: QtBot, qloop: qasync.QEventLoop, tmp_path: Path
) -> None:
    composer, _ = make_composer(qtbot)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(PDF)
    code = tmp_path / "main.py"
    code.write_text("print('hi')\n")
    assert not composer.attachment_strip.isVisible()

    loader(composer).add_paths([str(png_file(tmp_path)), str(pdf), str(code)])
    settle(qloop, composer)

    chips = composer.attachment_strip.chips()
    assert [chip.text() for chip in chips[1:]] == ["report.pdf · PDF · 3 KB", "main.py · Text · 12 B"]
    assert chips[0].text().startswith("chart.png · PNG · ")
    thumbnail = chips[0].preview.pixmap().toImage()
    assert thumbnail.pixelColor(thumbnail.width() // 2, thumbnail.height() // 2) == QColor("teal")
    assert not chips[1].preview.pixmap().isNull()  # a "PDF" badge instead of a thumbnail
    assert composer.attachment_strip.isVisible()

    qtbot.mouseClick(chips[1].remove_button, Qt.MouseButton.LeftButton)
    assert [a.name for a in composer.attachments()] == ["chart.png", "main.py"]
    composer.clear_attachments()
    assert composer.attachments() == [] and not composer.attachment_strip.isVisible()


def test_pasting_an_image_attaches_it_and_text_pastes_stay_text(
    qtbot: QtBot, qloop: qasync.QEventLoop
) -> None:
    composer, _ = make_composer(qtbot)
    image = QImage(32, 32, QImage.Format.Format_ARGB32)
    image.fill(QColor("red"))
    mime = QMimeData()
    mime.setImageData(image)
    assert composer.editor.canInsertFromMimeData(mime)
    composer.editor.insertFromMimeData(mime)
    settle(qloop, composer)
    (attachment,) = composer.attachments()
    assert (attachment.name, attachment.mime_type) == ("pasted-image-1.png", "image/png")
    assert QImage.fromData(attachment.data).pixelColor(5, 5) == QColor("red")
    assert composer.text() == ""

    text = QMimeData()
    text.setText("just words")
    composer.editor.insertFromMimeData(text)
    assert composer.text() == "just words"
    assert len(composer.attachments()) == 1


def test_pasting_files_copied_in_a_file_manager_attaches_them(
    qtbot: QtBot, qloop: qasync.QEventLoop, tmp_path: Path
) -> None:
    composer, _ = make_composer(qtbot)
    notes = tmp_path / "notes.md"
    notes.write_text("# Title\n")
    composer.editor.insertFromMimeData(file_urls(notes))
    settle(qloop, composer)
    assert [(a.name, a.mime_type) for a in composer.attachments()] == [("notes.md", "text/plain")]
    assert composer.text() == ""  # not the file's URL as text


def test_dropping_files_on_the_composer_or_the_prompt_attaches_them(
    qtbot: QtBot, qloop: qasync.QEventLoop, tmp_path: Path
) -> None:
    composer, _ = make_composer(qtbot)
    song = tmp_path / "song.flac"
    song.write_bytes(b"fLaC" + b"\x00" * 100)
    mime = file_urls(song)  # kept alive: the event only points at it
    for target in (composer.attach_button, composer.editor.viewport()):
        # As in a real drag: the drop goes to the widget that accepted the drag when it entered.
        enter = QDragEnterEvent(
            QPoint(10, 10),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(target, enter)
        assert enter.isAccepted()
        drop = QDropEvent(
            QPointF(10, 10),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(target, drop)
        assert drop.isAccepted()
    settle(qloop, composer)
    assert [a.mime_type for a in composer.attachments()] == ["audio/flac", "audio/flac"]


def test_unsupported_files_and_folders_are_refused_with_a_message(
    qtbot: QtBot, qloop: qasync.QEventLoop, tmp_path: Path
) -> None:
    composer, _ = make_composer(qtbot)
    binary = tmp_path / "tool.exe"
    binary.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" * 10)
    messages: list[str] = []
    loader(composer).refused.connect(messages.append)
    loader(composer).add_paths([str(binary), str(tmp_path), str(png_file(tmp_path))])
    settle(qloop, composer)

    assert [a.name for a in composer.attachments()] == ["chart.png"]
    (message,) = messages
    assert "“tool.exe” is not a file type Gemini accepts" in message
    assert f"“{tmp_path.name}” is a folder" in message
    box = refusal(composer.window())
    assert box is not None and box.isVisible() and "tool.exe" in box.informativeText()
    box.close()


def test_attachments_alone_can_be_sent_but_not_while_still_loading(
    qtbot: QtBot, qloop: qasync.QEventLoop, tmp_path: Path
) -> None:
    composer, sent = make_composer(qtbot)
    composer.send_button.click()
    assert sent == []
    loader(composer).add_paths([str(png_file(tmp_path))])
    composer.send_button.click()  # the file is still being read
    assert sent == []
    settle(qloop, composer)
    composer.send_button.click()
    assert sent == [""]


def test_size_guard_asks_only_above_the_limit(qtbot: QtBot) -> None:
    composer, _ = make_composer(qtbot)
    guard = loader(composer)
    calls: list[str] = []
    assert guard.confirm_request_size(guard.size_warning_bytes, lambda: calls.append("small")) is None
    assert calls == ["small"]

    box = guard.confirm_request_size(guard.size_warning_bytes + 1, lambda: calls.append("large"))
    assert box is not None and box.isVisible() and box.isModal()
    assert "Gateways" in box.informativeText() and "20.0 MB" in box.informativeText()
    cancel = box.findChild(QWidget, "cancelSendButton")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert calls == ["small"]

    box = guard.confirm_request_size(guard.size_warning_bytes + 1, lambda: calls.append("large"))
    assert box is not None
    qtbot.mouseClick(box.findChild(QWidget, "sendAnywayButton"), Qt.MouseButton.LeftButton)
    assert calls == ["small", "large"]
