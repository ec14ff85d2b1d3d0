"""A file over the request-size guard is flagged the moment it is attached, with its size and the limit."""

from __future__ import annotations

import asyncio
import struct
from pathlib import Path

import qasync
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import run_app, wait_until


def _wav(path: Path, size: int) -> Path:
    with path.open("wb") as file:
        file.write(b"RIFF" + struct.pack("<I", size - 8) + b"WAVEfmt ")
        file.truncate(size)
    return path


async def _attach_through_the_paperclip(desk: GeminiDesk, path: Path) -> None:
    desk.window.composer.attach_button.click()
    dialog = desk.window.findChild(QFileDialog, "attachFileDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.filesSelected.emit([str(path)])  # what choosing the file does
    dialog.close()
    await asyncio.wait_for(desk.attachments.wait_idle(), 20)


def _too_large_box(desk: GeminiDesk) -> QMessageBox | None:
    boxes = [b for b in desk.window.findChildren(QMessageBox, "attachmentTooLarge") if b.isVisible()]
    return boxes[0] if boxes else None


def test_a_32_mb_file_is_flagged_at_once_with_its_size_and_the_limit(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    small = _wav(tmp_path / "note.wav", 1024 * 1024)
    large = _wav(tmp_path / "meeting.wav", 32 * 1024 * 1024)

    async def body(desk: GeminiDesk) -> None:
        await _attach_through_the_paperclip(desk, small)
        assert _too_large_box(desk) is None
        (chip,) = desk.window.composer.attachment_strip.chips()
        assert "too large" not in chip.detail_label.text()

        await _attach_through_the_paperclip(desk, large)
        await wait_until(lambda: _too_large_box(desk) is not None, what="the warning")
        box = _too_large_box(desk)
        assert box is not None
        assert "“meeting.wav” is 32.0 MB" in box.text() and "20.0 MB" in box.text()
        assert "It is attached" in box.informativeText()
        _, flagged = desk.window.composer.attachment_strip.chips()
        assert flagged.detail_label.text().endswith("too large") and flagged.detail_label.isEnabled()
        assert "20.0 MB" in flagged.toolTip()
        assert gateway.requests == [] or all(not r.path.endswith("GenerateContent") for r in gateway.requests)
        box.close()

    run_app(qloop, tmp_path / "data", body, gateway, timeout=60)
