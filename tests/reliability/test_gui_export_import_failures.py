"""Exports and imports that meet odd text, odd paths, odd files or a full disk end in a file or a clear box.

A lone surrogate (half an emoji a stream carried as a lone escape) is written to Markdown as U+FFFD. Any
failure of an export or an import is told in the controller's error box instead of dying in its task; an
import the full disk stops says why in the UI language and leaves nothing of itself behind.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import qasync
from PySide6.QtWidgets import QMessageBox

from app.core.chat.export_json import FORMAT_ID, FORMAT_VERSION
from app.core.store.db import Database
from app.main import GeminiDesk
from app.qt.async_support import signal_future
from tests.helpers.app_harness import await_future, run_app

HALF_EMOJI = "emoji \ud83d half"


def _take_box(desk: GeminiDesk, title: str) -> QMessageBox:
    """The one visible box titled ``title``; fails if there is none."""
    boxes = [b for b in desk.window.findChildren(QMessageBox) if b.isVisible() and b.windowTitle() == title]
    assert len(boxes) == 1, f"no {title!r} box"
    return boxes[0]


def _visible_boxes(desk: GeminiDesk) -> list[str]:
    return [b.text() for b in desk.window.findChildren(QMessageBox) if b.isVisible()]


def _export_file(path: Path, conversations: int) -> None:
    # Enough text for the search index that the disk fills up in the middle of the import.
    messages = [
        {"role": role, "parts": [{"text": "x"}], "text": " ".join(f"w{j}x{k}" for k in range(300))}
        for j, role in enumerate(["user", "model"] * 3)
    ]
    document = {
        "format": FORMAT_ID,
        "version": FORMAT_VERSION,
        "conversations": [{"title": f"imported {i}", "messages": messages} for i in range(conversations)],
    }
    path.write_text(json.dumps(document), encoding="utf-8")


def test_a_markdown_export_of_a_lone_surrogate_writes_a_replacement_character(
    qloop: qasync.QEventLoop, tmp_path: Path
) -> None:
    target = tmp_path / "exports" / "half.md"

    async def body(desk: GeminiDesk) -> None:
        conversation = desk.store.create("half an emoji", "gemini-2.5-flash")
        desk.store.add_message(conversation.id, "user", [{"text": "q"}], "q")
        desk.store.add_message(conversation.id, "model", [{"text": HALF_EMOJI}], HALF_EMOJI)
        finished = signal_future(desk.exports.export_finished)
        assert await desk.exports.export_to([conversation.id], "markdown", str(target))
        assert await await_future(finished) == (str(target),)
        assert _visible_boxes(desk) == []

    run_app(qloop, tmp_path / "data", body, demo=True)
    assert "emoji \ufffd half" in target.read_text(encoding="utf-8")


def test_an_export_the_system_refuses_for_any_reason_is_told_in_the_error_box(
    qloop: qasync.QEventLoop, tmp_path: Path
) -> None:
    # A NUL in the name is refused by Python itself (ValueError), not by the operating system (OSError).
    target = tmp_path / "bad\x00name.md"

    async def body(desk: GeminiDesk) -> None:
        conversation = desk.store.create("fine", "gemini-2.5-flash")
        desk.store.add_message(conversation.id, "user", [{"text": "q"}], "q")
        failed = signal_future(desk.exports.export_failed)
        assert not await desk.exports.export_to([conversation.id], "markdown", str(target))
        (message,) = await await_future(failed)
        box = _take_box(desk, "Export failed")
        assert box.text() == message
        assert message.startswith("Could not write ") and "embedded null byte" in message
        box.close()

    run_app(qloop, tmp_path / "data", body, demo=True)


@pytest.mark.parametrize(
    ("language", "reason", "hint"),
    [
        ("en", "The disk holding the chat history is full", "Free some disk space"),
        ("zh_CN", "保存聊天记录的磁盘已满", "请释放一些磁盘空间"),
    ],
)
def test_an_import_the_full_disk_stops_is_explained_and_leaves_nothing_behind(
    qloop: qasync.QEventLoop,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    reason: str,
    hint: str,
) -> None:
    source = tmp_path / "export.json"
    _export_file(source, conversations=20)
    really_open = Database.open

    async def body(desk: GeminiDesk) -> None:
        kept = desk.store.create("already here", "gemini-2.5-flash")
        desk.window.sidebar.model.reload()
        rows = desk.window.sidebar.model.rowCount()
        connection = desk.database.connection
        pages = connection.execute("PRAGMA page_count").fetchone()[0]

        def open_on_a_full_disk(path: Path, *, read_only: bool = False) -> Database:
            # The import writes on a connection of its own (a worker thread's); the limit is per connection.
            database = really_open(path, read_only=read_only)
            database.connection.execute(f"PRAGMA max_page_count = {pages + 40}")  # room for a few only
            return database

        monkeypatch.setattr(Database, "open", staticmethod(open_on_a_full_disk))
        failed = signal_future(desk.exports.import_failed)
        assert await desk.exports.import_from(str(source)) == []
        (message,) = await await_future(failed)
        monkeypatch.undo()
        box = _take_box(desk, "Import failed" if language == "en" else "导入失败")
        assert box.text() == message and reason in message
        assert hint in box.informativeText()
        box.close()
        assert desk.store.list_ids() == [kept.id], "part of the import was left behind"
        assert connection.execute("SELECT count(*) FROM messages").fetchone() == (0,)
        assert desk.window.sidebar.model.rowCount() == rows

    run_app(qloop, tmp_path / "data", body, demo=True, settings={"language": language})


def test_an_import_file_that_breaks_the_reader_is_told_in_the_error_box(
    qloop: qasync.QEventLoop, tmp_path: Path
) -> None:
    source = tmp_path / "deep.json"
    source.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")  # nested deeper than json can read

    async def body(desk: GeminiDesk) -> None:
        failed = signal_future(desk.exports.import_failed)
        assert await desk.exports.import_from(str(source)) == []
        (message,) = await await_future(failed)
        box = _take_box(desk, "Import failed")
        assert box.text() == message and message.startswith(f"Could not read {source}: RecursionError")
        box.close()
        assert desk.store.count() == 0

    run_app(qloop, tmp_path / "data", body, demo=True)
