"""Stored errors keep codes and parameters; errors stored as wording (schema 1) read exactly as before."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from app.core.chat.export import markdown_export
from app.core.chat.export_json import json_document
from app.core.chat.importer import import_conversations, parse_export
from app.core.gemini.errors import IdleTimeoutError
from app.core.gemini.status_errors import RateLimitError
from app.core.store import migrations
from app.core.store.conversations import ConversationStore
from app.core.store.db import Database
from app.core.store.error_records import error_record, shown_texts, upgrade_record
from app.core.texts import render
from tests.helpers.stored_errors import stored_error_wording

# Errors as schema version 1 stored them: what the app wrote before texts had codes, wording and all.
V1_ERRORS: list[dict[str, Any]] = json.loads(
    (Path(__file__).with_name("schema_1_errors.json")).read_text(encoding="utf-8")
)
# Wording of an older version, which no code words any more: kept as it was.
V1_OLD_WORDING = {
    "type": "GeminiError",
    "status": None,
    "title_en": "Something went wrong",
    "title_zh": "出错了",
    "message_en": "Something went wrong.\nTry again.",
    "message_zh": "出错了。\n请重试。",
    "retryable": False,
}


def wording(record: dict[str, Any]) -> dict[str, str]:
    return {key: record[key] for key in ("title_en", "title_zh", "message_en", "message_zh")}


def test_a_new_record_holds_codes_and_parameters_not_wording() -> None:
    error = RateLimitError("HTTP 429", status=429, retry_after=7.0, gateway_message="slow down")
    record = error_record(
        type_name="RateLimitError",
        status=429,
        retryable=True,
        code=error.code,
        title=error.title(),
        message=error.user_message(),
    )
    stored = json.dumps(record, ensure_ascii=False)
    assert record["code"] == "gemini.rate_limit"
    assert "Rate limit" not in stored and "请求频率" not in stored
    assert "slow down" in stored and '"7"' in stored  # the parameters are kept
    assert stored_error_wording(record)["message_zh"].startswith("请求频率超出限制（HTTP 429）。")


@pytest.mark.parametrize("old", V1_ERRORS, ids=lambda old: old["type"])
def test_a_schema_1_record_becomes_codes_and_reads_as_before(old: dict[str, Any]) -> None:
    new = upgrade_record(old)
    assert new["code"] and new["code"].startswith("gemini.")
    assert not {"title_en", "title_zh", "message_en", "message_zh"} & set(new)
    assert (new["type"], new["status"], new["retryable"]) == (old["type"], old["status"], old["retryable"])
    assert stored_error_wording(new) == wording(old)


def test_a_schema_1_record_of_unknown_wording_keeps_it_in_both_languages() -> None:
    new = upgrade_record(V1_OLD_WORDING)
    assert new["code"] is None
    assert stored_error_wording(new) == wording(V1_OLD_WORDING)
    title, _ = shown_texts(new)
    assert title is not None and render(title, "de_DE") == "Something went wrong"  # other languages: English


def test_a_record_of_codes_is_left_as_it_is() -> None:
    new = upgrade_record(V1_ERRORS[0])
    assert upgrade_record(new) == new


def _database_of_schema_1(path: Path, errors: list[object]) -> list[int]:
    """A chat history as today's app (schema version 1) leaves it, with one failed reply per error."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    migrations.MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO conversations (title, created_at, updated_at) VALUES ('c', 1, 1)")
    ids = []
    for position, error in enumerate(errors):
        cursor = conn.execute(
            "INSERT INTO messages"
            " (conversation_id, position, role, status, created_at, updated_at, error_json)"
            " VALUES (1, ?, 'model', 'error', 1, 1, ?)",
            (position, error if isinstance(error, str) else json.dumps(error, ensure_ascii=False)),
        )
        ids.append(int(cursor.lastrowid or 0))
    conn.execute("COMMIT")
    conn.close()
    return ids


def test_opening_a_schema_1_history_converts_every_stored_error(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    olds: list[object] = [*V1_ERRORS, V1_OLD_WORDING, "not json", [1, 2]]
    ids = _database_of_schema_1(path, olds)
    with Database.open(path) as db:
        assert db.schema_version == migrations.LATEST_VERSION
        store = ConversationStore(db)
        for message_id, old in zip(ids, olds, strict=True):
            if not isinstance(old, dict):  # no record at all: left exactly as it was
                raw = db.connection.execute("SELECT error_json FROM messages WHERE id = ?", (message_id,))
                assert raw.fetchone()[0] == (old if isinstance(old, str) else json.dumps(old))
                continue
            message = store.get_message(message_id)
            assert message is not None and message.error is not None
            assert "message_en" not in message.error
            assert stored_error_wording(message.error) == wording(old)


def test_a_failed_conversion_leaves_the_history_at_schema_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "history.sqlite3"
    ids = _database_of_schema_1(path, [V1_ERRORS[0], V1_ERRORS[1]])
    calls = []

    def fail_on_the_second(record: dict[str, Any]) -> dict[str, Any]:
        calls.append(record)
        if len(calls) == 2:
            raise RuntimeError("power cut")
        return upgrade_record(record)

    monkeypatch.setattr(migrations, "upgrade_record", fail_on_the_second)
    with pytest.raises(RuntimeError):
        Database.open(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    first = json.loads(conn.execute("SELECT error_json FROM messages WHERE id = ?", (ids[0],)).fetchone()[0])
    assert first == V1_ERRORS[0]  # one transaction: nothing was half converted
    conn.close()


def _failed_conversation(store: ConversationStore, error: dict[str, Any]) -> None:
    conversation = store.create("failed", "gemini-2.5-flash")
    store.add_message(conversation.id, "user", [{"text": "hi"}], "hi")
    store.add_message(conversation.id, "model", [], "", "error", error=error)


def test_markdown_export_words_a_stored_error_in_the_export_language(tmp_path: Path) -> None:
    error = IdleTimeoutError("ReadTimeout", idle_timeout=300.0)
    record = error_record(
        type_name="IdleTimeoutError",
        status=None,
        retryable=False,
        code=error.code,
        title=error.title(),
        message=error.user_message(),
    )
    with Database.open(tmp_path / "h.sqlite3") as db:
        store = ConversationStore(db)
        _failed_conversation(store, record)
        items = [(c, store.list_messages(c.id)) for c in store.list()]
        english = markdown_export(items, media_folder="f", exported_at=0).text
        chinese = markdown_export(items, media_folder="f", exported_at=0, language="zh_CN").text
    assert "> **Failed**: No data from the gateway for 300 s." in english
    assert "> **失败**: 网关已 300 秒没有发送数据。" in chinese


def test_importing_an_old_export_converts_its_errors(tmp_path: Path) -> None:
    with Database.open(tmp_path / "old.sqlite3") as db:
        store = ConversationStore(db)
        _failed_conversation(store, V1_ERRORS[0])  # as an export written by today's app holds it
        document = json_document([(c, store.list_messages(c.id)) for c in store.list()], exported_at=0)
    with Database.open(tmp_path / "new.sqlite3") as db:
        store = ConversationStore(db)
        (conversation_id,) = import_conversations(db, parse_export(json.dumps(document)), now=0)
        reply = store.list_messages(conversation_id)[-1]
        assert reply.error is not None and reply.error["code"] == "gemini.rate_limit"
        assert stored_error_wording(reply.error) == wording(V1_ERRORS[0])
