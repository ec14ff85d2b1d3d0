"""Messages: verbatim parts, order, paging, streaming checkpoints and the start-up sweep."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.store.conversations import ConversationStore
from app.core.store.db import Database, RecordNotFoundError

SIGNATURE = base64.b64encode(bytes(range(256)) * 3).decode()
IMAGE = base64.b64encode(bytes((i * 7) % 256 for i in range(30_000))).decode()

# Parts as Gemini sends them: thought summary, a signature on an empty text part, CJK and emoji text, an
# inline image, a function call with a signature, code execution, escapes, and fields the app does not know.
GEMINI_PARTS: list[dict[str, Any]] = [
    {"text": "Let me think about 天气…", "thought": True},
    {"text": "", "thoughtSignature": SIGNATURE},
    {"text": '今日は晴れです。🌤 Zürich: 23°C\n"quoted" \\ back\\slash \u2028 sep'},
    {"inlineData": {"mimeType": "image/png", "data": IMAGE}},
    {
        "functionCall": {"name": "get_weather", "args": {"city": "北京", "days": 3, "hourly": False}},
        "thoughtSignature": SIGNATURE[::-1],
    },
    {"executableCode": {"language": "PYTHON", "code": "print(1/3)"}},
    {"codeExecutionResult": {"outcome": "OUTCOME_OK", "output": "0.3333333333333333\n"}},
    {"text": "x", "futureField": {"nested": [1, 2.5, None, True, 1e300, -0.0]}},
]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "history.sqlite3"


@pytest.fixture
def db(path: Path) -> Iterator[Database]:
    database = Database.open(path)
    yield database
    database.close()


@pytest.fixture
def store(db: Database) -> ConversationStore:
    return ConversationStore(db)


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def test_parts_round_trip_verbatim_after_reopen(path: Path) -> None:
    with Database.open(path) as db:
        store = ConversationStore(db)
        conversation = store.create("t", "m")
        meta = {"usage": {"promptTokenCount": 5}, "finishReason": "STOP", "grounding": {"segment": [0, 9]}}
        stored = store.add_message(conversation.id, "model", GEMINI_PARTS, "今日は晴れです。", meta=meta)
    with Database.open(path) as db:
        loaded = ConversationStore(db).get_message(stored.id)
    assert loaded is not None
    assert loaded.parts == GEMINI_PARTS
    assert canonical(loaded.parts) == canonical(GEMINI_PARTS)  # also key order-independent identity
    assert [list(p) for p in loaded.parts] == [list(p) for p in GEMINI_PARTS]  # key order kept too
    assert loaded.parts[1]["thoughtSignature"] == SIGNATURE
    assert loaded.parts[3]["inlineData"]["data"] == IMAGE
    assert loaded.meta == meta
    assert loaded.text == "今日は晴れです。"
    assert loaded.role == "model" and loaded.status == "complete" and loaded.error is None


def test_lone_surrogates_from_the_network_survive(store: ConversationStore) -> None:
    conversation = store.create("t", "m")
    parts = [{"text": "half an emoji \ud83d", "thoughtSignature": "abc"}]
    message = store.add_message(conversation.id, "model", parts, "half an emoji \ud83d")
    loaded = store.get_message(message.id)
    assert loaded is not None
    assert loaded.parts == parts
    assert loaded.text.startswith("half an emoji ")


def test_messages_keep_their_order_and_bump_activity(store: ConversationStore) -> None:
    conversation = store.create("t", "m")
    texts = [f"message {i}" for i in range(6)]
    for i, text in enumerate(texts):
        store.add_message(conversation.id, "user" if i % 2 == 0 else "model", [{"text": text}], text)
    messages = store.list_messages(conversation.id)
    assert [m.text for m in messages] == texts
    assert [m.position for m in messages] == sorted(m.position for m in messages)
    updated = store.get(conversation.id)
    assert updated is not None and updated.updated_at >= messages[-1].created_at
    assert store.count_messages(conversation.id) == 6


def test_tail_pages_walk_back_through_a_long_history(store: ConversationStore) -> None:
    conversation = store.create("t", "m")
    for i in range(25):
        store.add_message(conversation.id, "user", [{"text": str(i)}], str(i))
    last = store.list_messages(conversation.id, limit=10)
    assert [m.text for m in last] == [str(i) for i in range(15, 25)]
    earlier = store.list_messages(conversation.id, limit=10, before_id=last[0].id)
    assert [m.text for m in earlier] == [str(i) for i in range(5, 15)]
    first = store.list_messages(conversation.id, limit=10, before_id=earlier[0].id)
    assert [m.text for m in first] == [str(i) for i in range(5)]
    assert store.list_messages(conversation.id, before_id=first[0].id) == []
    other = store.create("other", "m")
    with pytest.raises(RecordNotFoundError):
        store.list_messages(other.id, before_id=last[0].id)


def test_invalid_role_status_or_conversation_is_refused(store: ConversationStore) -> None:
    conversation = store.create("t", "m")
    with pytest.raises(ValueError):
        store.add_message(conversation.id, "system", [], "x")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        store.add_message(conversation.id, "user", [], "x", status="done")  # type: ignore[arg-type]
    with pytest.raises(RecordNotFoundError):
        store.add_message(404, "user", [], "x")
    message = store.add_message(conversation.id, "model", [], "", status="streaming")
    with pytest.raises(ValueError):
        store.finish_message(message.id, [], "", "streaming", {})


def test_checkpoint_then_finish(store: ConversationStore) -> None:
    conversation = store.create("t", "m")
    reply = store.add_message(conversation.id, "model", [], "", status="streaming")
    assert store.checkpoint(reply.id, [{"text": "Hel"}], "Hel", {"elapsed": 1.0})
    assert store.checkpoint(reply.id, [{"text": "Hello"}], "Hello", {"elapsed": 2.0})
    partial = store.get_message(reply.id)
    assert partial is not None
    assert (partial.text, partial.status, partial.meta) == ("Hello", "streaming", {"elapsed": 2.0})
    final_parts = [{"text": "Hello, world", "thoughtSignature": SIGNATURE}]
    done = store.finish_message(reply.id, final_parts, "Hello, world", "complete", {"finishReason": "STOP"})
    assert (done.status, done.parts, done.meta, done.error) == (
        "complete",
        final_parts,
        {"finishReason": "STOP"},
        None,
    )
    # A late checkpoint (the stream task raced the finish) must not overwrite the final answer.
    assert not store.checkpoint(reply.id, [{"text": "Hel"}], "Hel", {})
    after = store.get_message(reply.id)
    assert after is not None and after.text == "Hello, world"


def test_finish_with_error_keeps_partial_text_and_error(store: ConversationStore) -> None:
    conversation = store.create("t", "m")
    reply = store.add_message(conversation.id, "model", [], "", status="streaming")
    error = {"kind": "RateLimitError", "status": 429, "message": "您已达到请求数限制"}
    done = store.finish_message(reply.id, [{"text": "partial"}], "partial", "error", {}, error=error)
    assert (done.status, done.text, done.error) == ("error", "partial", error)
    cleared = store.update_message(reply.id, status="complete", error=None)
    assert cleared.error is None and cleared.text == "partial"


def test_killed_while_streaming_becomes_interrupted_with_checkpointed_text(path: Path) -> None:
    db = Database.open(path)
    store = ConversationStore(db)
    conversation = store.create("t", "m")
    store.add_message(conversation.id, "user", [{"text": "Tell me"}], "Tell me")
    reply = store.add_message(conversation.id, "model", [], "", status="streaming")
    store.checkpoint(reply.id, [{"text": "Once upon", "thoughtSignature": "c2ln"}], "Once upon", {"n": 1})
    db.close()  # the app dies: no finish_message

    with Database.open(path) as db:
        store = ConversationStore(db)
        assert store.mark_streaming_as_interrupted() == 1
        recovered = store.get_message(reply.id)
        assert recovered is not None
        assert recovered.status == "interrupted"
        assert recovered.text == "Once upon"
        assert recovered.parts == [{"text": "Once upon", "thoughtSignature": "c2ln"}]
        assert store.mark_streaming_as_interrupted() == 0


def test_at_quit_only_the_named_replies_still_streaming_become_interrupted(store: ConversationStore) -> None:
    # Another process (the command-line client) may be streaming into the same history: it is left alone.
    conversation = store.create("t", "m")
    mine = store.add_message(conversation.id, "model", [], "", status="streaming")
    store.checkpoint(mine.id, [{"text": "Once"}], "Once", {})
    theirs = store.add_message(conversation.id, "model", [], "", status="streaming")
    done = store.add_message(conversation.id, "model", [{"text": "x"}], "x")
    assert store.mark_streaming_as_interrupted([mine.id, done.id]) == 1
    statuses = {m.id: (m.status, m.text) for m in store.list_messages(conversation.id)}
    assert statuses[mine.id] == ("interrupted", "Once")
    assert statuses[theirs.id] == ("streaming", "")
    assert statuses[done.id] == ("complete", "x")
    assert store.mark_streaming_as_interrupted([]) == 0


def test_delete_version_drops_its_subtree_only(store: ConversationStore) -> None:
    conversation = store.create("t", "m")
    other = store.create("other", "m")
    ids = [store.add_message(conversation.id, "user", [{"text": str(i)}], str(i)).id for i in range(5)]
    store.add_message(other.id, "user", [{"text": "untouched"}], "untouched")
    deleted = store.delete_version(ids[2])
    assert [m.id for m in deleted] == ids[2:]
    assert [m.text for m in store.list_messages(conversation.id)] == ["0", "1"]
    assert [m.text for m in store.list_messages(other.id)] == ["untouched"]
    # The next message goes after the kept ones.
    new = store.add_message(conversation.id, "model", [{"text": "again"}], "again")
    assert [m.id for m in store.list_messages(conversation.id)] == [ids[0], ids[1], new.id]
    with pytest.raises(RecordNotFoundError):
        store.delete_version(ids[2])


def test_update_message_changes_only_what_is_given(store: ConversationStore) -> None:
    conversation = store.create("t", "m")
    message = store.add_message(conversation.id, "user", [{"text": "old"}], "old", meta={"a": 1})
    updated = store.update_message(message.id, parts=[{"text": "new"}], text="new")
    assert (updated.text, updated.parts, updated.meta, updated.status) == (
        "new",
        [{"text": "new"}],
        {"a": 1},
        "complete",
    )
    with pytest.raises(RecordNotFoundError):
        store.update_message(999, text="x")
