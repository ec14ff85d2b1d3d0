"""The whole app: automatic titles after the first reply, export to Markdown/JSON and import, end to end."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

import pytest
import qasync
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QPushButton

from app.core.chat.export_json import FORMAT_ID
from app.core.gemini.retry import RetryPolicy
from app.demo.content import GROUNDED_SENTENCES
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.async_support import signal_future
from tests.helpers.app_harness import await_future, finished_future, run_app, send_and_wait, type_and_send

PROMPT = "How do I bake sourdough bread at home?"
MODEL_TITLE = "How do I bake sourdough bread"  # the gateway double's title: the prompt's first six words


def title_requests(gateway: GatewayDouble) -> list[dict[str, object]]:
    return [r.body for r in gateway.requests if r.path.endswith(":generateContent")]


def listed_title(desk: GeminiDesk, conversation_id: int) -> str:
    model = desk.conversations
    return str(model.index(model.row_of(conversation_id)).data())


def rename_like_a_user(desk: GeminiDesk, conversation_id: int, title: str) -> None:
    model = desk.conversations
    assert model.setData(model.index(model.row_of(conversation_id)), title)


# --- titles -----------------------------------------------------------------------------------------------


def test_the_first_reply_gives_the_conversation_a_model_written_title(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        titled = signal_future(desk.titles.title_changed)
        conversation_id, _reply, status = await send_and_wait(desk, PROMPT)
        assert status == "complete"
        assert await await_future(titled) == (conversation_id, MODEL_TITLE)
        conversation = desk.store.get(conversation_id)
        assert conversation is not None
        assert (conversation.title, conversation.title_is_auto) == (MODEL_TITLE, True)
        assert listed_title(desk, conversation_id) == MODEL_TITLE

        (request,) = title_requests(gateway)
        assert request["generationConfig"]["thinkingConfig"] == {"thinkingBudget": 0}  # type: ignore[index]
        assert PROMPT in json.dumps(request, ensure_ascii=False)

        await send_and_wait(desk, "And how long should it rise?")
        await asyncio.sleep(0.2)
        assert len(title_requests(gateway)) == 1, "only the first reply names a conversation"

    run_app(qloop, tmp_path, body, gateway)


def test_a_user_rename_while_the_title_is_requested_wins(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        # Connected after the title controller: runs once the title request has been decided.
        desk.chat.reply_finished.connect(
            lambda conversation, _m, _s: rename_like_a_user(desk, conversation, "Mine")
        )
        skipped = signal_future(desk.titles.title_skipped)
        conversation_id, _reply, _status = await send_and_wait(desk, PROMPT)
        assert await await_future(skipped) == (conversation_id,)
        assert len(title_requests(gateway)) == 1
        conversation = desk.store.get(conversation_id)
        assert conversation is not None
        assert (conversation.title, conversation.title_is_auto) == ("Mine", False)
        assert listed_title(desk, conversation_id) == "Mine"

    run_app(qloop, tmp_path, body, gateway)


def test_a_conversation_renamed_before_its_first_reply_asks_for_no_title(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        # While the reply streams, like F2 in the list would.
        desk.chat.text_received.connect(
            lambda conversation, _m, _t: rename_like_a_user(desk, conversation, "Bread")
        )
        conversation_id, _reply, _status = await send_and_wait(desk, PROMPT)
        await asyncio.sleep(0.2)
        assert title_requests(gateway) == []
        assert listed_title(desk, conversation_id) == "Bread"

    run_app(qloop, tmp_path, body, gateway)


def test_a_failed_title_request_keeps_the_fallback_quietly(
    qloop: qasync.QEventLoop,
    tmp_path: Path,
    gateway: GatewayDouble,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(RetryPolicy, "backoff", lambda self, attempt, rng=None: 0.0)  # retry at once
    caplog.set_level(logging.WARNING)

    async def body(desk: GeminiDesk) -> None:
        gateway.set_scenario("500-google")  # every title attempt fails…
        gateway.queue_scenarios("thoughts")  # …after a reply that completes
        skipped = signal_future(desk.titles.title_skipped)
        conversation_id, _reply, status = await send_and_wait(desk, PROMPT)
        assert status == "complete"
        assert await await_future(skipped) == (conversation_id,)
        assert len(title_requests(gateway)) == 4  # the first attempt and three retries
        conversation = desk.store.get(conversation_id)
        assert conversation is not None
        assert (conversation.title, conversation.title_is_auto) == (PROMPT, True)
        assert desk.window.status_line.currentMessage() == ""  # nothing shown to the user

    run_app(qloop, tmp_path, body, gateway)
    assert "No title for conversation" in caplog.text
    assert "test-key" not in caplog.text


# --- export and import ------------------------------------------------------------------------------------


def test_export_to_json_then_import_brings_the_conversation_back(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    target = tmp_path / "exports" / "all.json"

    async def body(desk: GeminiDesk) -> None:
        gateway.queue_scenarios("grounding-cjk", "thoughts")
        first, _reply, _status = await send_and_wait(desk, "上海中心大厦有多高？")
        await send_and_wait(desk, "/think 前十个质数之和")

        assert await desk.exports.export_to([first], "json", str(target))
        exported = target.read_bytes()
        assert b"test-key" not in exported
        document = json.loads(exported)
        assert document["format"] == FORMAT_ID
        signatures = [
            p for m in document["conversations"][0]["messages"] for p in m["parts"] if "thoughtSignature" in p
        ]
        assert signatures, "the thoughts scenario signs its parts"

        # The conversation is still here: it is recognised, and brought back only as a copy on request.
        assert await desk.exports.import_from(str(target)) == []
        notice = desk.exports.skipped_box
        assert notice is not None and notice.isVisible()
        imported = signal_future(desk.exports.import_finished)
        copies = notice.findChild(QPushButton, "importAsCopiesButton")
        assert copies is not None
        copies.click()
        (ids,) = await await_future(imported)
        (new_id,) = ids
        assert new_id != first and desk.conversations.rowCount() == 2
        assert desk.window_controller.current_conversation == new_id
        assert desk.window.sidebar.current_id() == new_id
        original, copy = desk.store.list_messages(first), desk.store.list_messages(new_id)
        assert [(m.role, m.parts, m.text, m.status, m.meta) for m in copy] == [
            (m.role, m.parts, m.text, m.status, m.meta) for m in original
        ]
        assert desk.window.status_line.currentMessage() == "Imported 1 conversation(s)."
        copied, kept = desk.store.get(new_id), desk.store.get(first)
        assert copied is not None and kept is not None and copied.uid != kept.uid
        assert GROUNDED_SENTENCES[0] in desk.window.transcript.toPlainText()

    run_app(qloop, tmp_path, body, gateway)


def test_the_context_menu_exports_markdown_through_a_file_dialog(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    target = tmp_path / "tower.md"

    async def body(desk: GeminiDesk) -> None:
        gateway.queue_scenarios("grounding-cjk")
        conversation_id, _reply, _status = await send_and_wait(desk, "上海中心大厦有多高？")
        sidebar = desk.window.sidebar
        view = sidebar.list_view
        index = desk.conversations.index(desk.conversations.row_of(conversation_id))
        sidebar._show_menu(view.visualRect(index).center())
        menu = sidebar.findChildren(QMenu)[-1]
        (action,) = [a for a in menu.actions() if a.text() == "Export as Markdown…"]
        action.trigger()
        menu.close()

        dialog = desk.exports.dialog
        assert isinstance(dialog, QFileDialog) and dialog.isVisible()
        assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
        finished = signal_future(desk.exports.export_finished)
        dialog.fileSelected.emit(str(target))  # what choosing the file does
        assert await await_future(finished) == (str(target),)
        dialog.close()
        text = target.read_text(encoding="utf-8")
        assert f"{GROUNDED_SENTENCES[0]}[^1]" in text
        assert "[^1]: [wikipedia.org](https://" in text
        assert "## User · " in text and "test-key" not in text

    run_app(qloop, tmp_path, body, gateway)


def test_importing_a_file_from_a_newer_version_explains_why_and_changes_nothing(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({"format": FORMAT_ID, "version": 99, "conversations": []}), encoding="utf-8")

    async def body(desk: GeminiDesk) -> None:
        more = desk.window.sidebar.more_button.menu()
        assert more is not None
        (action,) = [a for a in more.actions() if a.text() == "Import…"]
        action.trigger()
        dialog = desk.exports.dialog
        assert isinstance(dialog, QFileDialog)
        assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptOpen
        failed = signal_future(desk.exports.import_failed)
        dialog.fileSelected.emit(str(newer))
        (message,) = await await_future(failed)
        dialog.close()
        assert "newer Gemini Desk" in message
        boxes = [b for b in desk.window.findChildren(QMessageBox) if b.isVisible()]
        assert len(boxes) == 1 and "newer Gemini Desk" in boxes[0].text()
        boxes[0].close()
        assert desk.store.count() == 0
        assert desk.conversations.rowCount() == 0

    run_app(qloop, tmp_path, body, gateway)


def test_export_all_writes_every_conversation(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    target = tmp_path / "everything.json"

    async def body(desk: GeminiDesk) -> None:
        finished = finished_future(desk)
        type_and_send(desk, "first")
        await await_future(finished)
        desk.window_controller.actions.new_conversation()
        await send_and_wait(desk, "second")
        more = desk.window.sidebar.more_button.menu()
        assert more is not None
        (action,) = [a for a in more.actions() if a.text() == "Export all as JSON…"]
        action.trigger()
        dialog = desk.exports.dialog
        assert dialog is not None
        done = signal_future(desk.exports.export_finished)
        dialog.fileSelected.emit(str(target))
        await await_future(done)
        dialog.close()
        conversations = json.loads(target.read_text(encoding="utf-8"))["conversations"]
        assert sorted(c["messages"][0]["text"] for c in conversations) == ["first", "second"]

    run_app(qloop, tmp_path, body, gateway)
