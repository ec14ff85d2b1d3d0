"""Export to Markdown and JSON, and import of JSON exports back into the store."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.chat.export import markdown_export, write_markdown
from app.core.chat.export_json import FORMAT_ID, FORMAT_VERSION, json_document, json_text, write_json
from app.core.chat.importer import ImportFormatError, import_conversations, parse_export, split_known
from app.core.store.conversations import ConversationStore
from app.core.store.db import Database, StorageFullError
from app.core.store.records import Conversation, Message
from app.core.texts import render
from app.demo.content import GROUNDED_SENTENCES, grounding_metadata, grounding_text
from app.demo.png import gradient_png

SIGNATURE = base64.b64encode(bytes(range(200))).decode()
PNG = gradient_png(8, 8)
ANSWER = grounding_text()
# The answer arrives as two text parts split inside a Chinese sentence: offsets span parts.
SPLIT = ANSWER.index("中国")


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(tmp_path / "history.sqlite3")
    try:
        yield db
    finally:
        db.close()


@pytest.fixture
def store(database: Database) -> ConversationStore:
    return ConversationStore(database, clock=lambda: 1_700_000_000.5)


def full_conversation(store: ConversationStore) -> Conversation:
    conversation = store.create(
        "上海中心大厦", "gemini-2.5-flash", {"google_search": True}, title_is_auto=False
    )
    store.set_pinned(conversation.id, True)
    store.add_message(conversation.id, "user", [{"text": "上海中心大厦有多高？"}], "上海中心大厦有多高？")
    store.add_message(
        conversation.id,
        "model",
        [
            {"text": "**Searching**\n\nLooking up the tower.", "thought": True},
            {"text": "", "thoughtSignature": SIGNATURE},
            {"text": ANSWER[:SPLIT]},
            {"text": ANSWER[SPLIT:], "futureField": [1, None]},
        ],
        ANSWER,
        "complete",
        meta={
            "model": "gemini-2.5-flash",
            "usage": {"promptTokenCount": 12, "candidatesTokenCount": 80, "thoughtsTokenCount": 30},
            "grounding": grounding_metadata(ANSWER),
            "finish_reason": "STOP",
        },
    )
    store.add_message(
        conversation.id, "user", [{"text": "Run code, call a tool, draw"}], "Run code, call a tool, draw"
    )
    store.add_message(
        conversation.id,
        "model",
        [
            {"executableCode": {"language": "PYTHON", "code": "print(sum(range(10)))"}},
            {"codeExecutionResult": {"outcome": "OUTCOME_OK", "output": "45\n"}},
            {
                "functionCall": {"name": "get_weather", "args": {"city": "上海"}},
                "thoughtSignature": SIGNATURE,
            },
            {"inlineData": {"mimeType": "image/png", "data": base64.b64encode(PNG).decode()}},
            {"text": "Done."},
        ],
        "Done.",
        "stopped",
        meta={"model": "gemini-2.5-flash"},
    )
    return conversation


def support_after(prefix: str) -> dict[str, Any]:
    """A grounding support for the answer's first ``prefix`` (a lone surrogate counts as 3 bytes)."""
    end = len(prefix.encode("utf-8", "surrogatepass"))
    return {"segment": {"startIndex": 0, "endIndex": end}, "groundingChunkIndices": [0]}


def exported(store: ConversationStore) -> list[tuple[Conversation, list[Message]]]:
    return [(c, store.list_messages(c.id)) for c in map(store.get, store.list_ids()) if c is not None]


# --- Markdown ---------------------------------------------------------------------------------------------


def test_markdown_has_a_heading_per_message_with_role_and_time(store: ConversationStore) -> None:
    full_conversation(store)
    text = markdown_export(exported(store), media_folder="chat_files", exported_at=0).text
    assert text.startswith("# 上海中心大厦\n")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert len(headings) == 4
    assert headings[0].startswith("## User · 20") and headings[1].startswith(
        "## Model (gemini-2.5-flash) · 20"
    )


def test_markdown_shows_thoughts_as_a_quote_and_never_the_signature(store: ConversationStore) -> None:
    full_conversation(store)
    text = markdown_export(exported(store), media_folder="chat_files", exported_at=0).text
    assert "> **Thoughts**\n>\n> **Searching**\n>\n> Looking up the tower." in text
    assert SIGNATURE not in text


def test_markdown_cites_cjk_grounding_as_footnotes_at_the_right_characters(store: ConversationStore) -> None:
    full_conversation(store)
    text = markdown_export(exported(store), media_folder="chat_files", exported_at=0).text
    for number, sentence in enumerate(GROUNDED_SENTENCES, start=1):
        assert f"{sentence}[^{number}]" in text
    assert text.count("[^1]") == 3  # the marker, the source list and the definition
    assert (
        "[^1]: [wikipedia.org](https://vertexaisearch.cloud.google.com/grounding-api-redirect/demo-1)" in text
    )
    assert (
        "[^3]: [archdaily.com](https://vertexaisearch.cloud.google.com/grounding-api-redirect/demo-3)" in text
    )
    assert text.index("[^3]: ") > text.index("## User · ", text.index("[^3]"))  # definitions at the end


def test_markdown_shows_code_results_function_calls_images_usage_and_status(store: ConversationStore) -> None:
    conversation = full_conversation(store)
    export = markdown_export(exported(store), media_folder="chat_files", exported_at=0)
    text = export.text
    assert "```python\nprint(sum(range(10)))\n```" in text
    assert "**Result** (OUTCOME_OK)\n\n```\n45\n```" in text
    assert '**Function call** `get_weather`\n\n```json\n{\n  "city": "上海"\n}\n```' in text
    reply = store.list_messages(conversation.id)[3]
    image = f"chat_files/c{conversation.id}-m{reply.id}-1.png"
    assert f"![Image]({image})" in text
    assert export.files == {image: PNG}
    assert "*Tokens: 12 in · 80 out · 30 thinking · 0 total*" in text
    assert "*Stopped by the user; the answer is incomplete.*" in text


def test_markdown_saves_files_under_their_own_names_only_when_opening_them_runs_nothing(
    store: ConversationStore,
) -> None:
    # Names from someone else's conversation (an import): a shortcut, a script and a library file act when
    # double-clicked, or when Explorer merely shows the folder; text and pictures keep their names.
    conversation = store.create("Files", "gemini-2.5-flash")
    names = ["notes.txt", "photo.png", "invoice.url", "run.bat", "x.library-ms", "../../.bashrc"]
    data = base64.b64encode(b"hello").decode()
    parts: list[dict[str, Any]] = [{"inlineData": {"mimeType": "text/plain", "data": data}} for _ in names]
    store.add_message(
        conversation.id, "user", [*parts, {"text": "see"}], "see", meta={"attachment_names": names}
    )
    export = markdown_export(exported(store), media_folder="m", exported_at=0)
    files = sorted(Path(p).name for p in export.files)
    stem = f"c{conversation.id}-m{store.list_messages(conversation.id)[0].id}"
    assert files == sorted(
        [
            f"{stem}-1-notes.txt",
            f"{stem}-2-photo.png",
            f"{stem}-3-invoice.url.txt",
            f"{stem}-4-run.bat.txt",
            f"{stem}-5-x.library-ms.txt",
            f"{stem}-6-bashrc.txt",
        ]
    )


def test_markdown_labels_follow_the_language(store: ConversationStore) -> None:
    full_conversation(store)
    text = markdown_export(exported(store), media_folder="f", exported_at=0, language="zh_CN").text
    assert "## 用户 · " in text and "> **思考过程**" in text


def test_write_markdown_puts_images_in_a_sibling_folder(store: ConversationStore, tmp_path: Path) -> None:
    full_conversation(store)
    target = tmp_path / "out" / "tower.md"
    write_markdown(target, exported(store), exported_at=0)
    images = list((tmp_path / "out" / "tower_files").iterdir())
    assert [p.read_bytes() for p in images] == [PNG]
    assert f"](tower_files/{images[0].name})" in target.read_text(encoding="utf-8")
    assert [p.name for p in target.parent.iterdir() if p.name.endswith(".tmp")] == []


# --- JSON -------------------------------------------------------------------------------------------------


def test_json_keeps_every_field_and_raw_part(store: ConversationStore) -> None:
    conversation = full_conversation(store)
    document = json.loads(json_text(json_document(exported(store), exported_at=5.0)))
    assert document["format"] == FORMAT_ID and document["version"] == FORMAT_VERSION
    (record,) = document["conversations"]
    assert record["title"] == "上海中心大厦" and record["pinned"] is True
    assert record["model"] == "gemini-2.5-flash" and record["settings"] == {"google_search": True}
    messages = store.list_messages(conversation.id)
    assert [m["parts"] for m in record["messages"]] == [m.parts for m in messages]
    assert record["messages"][1]["meta"]["grounding"] == grounding_metadata(ANSWER)
    assert record["messages"][1]["parts"][1] == {"text": "", "thoughtSignature": SIGNATURE}


def test_export_import_export_is_identical(store: ConversationStore, tmp_path: Path) -> None:
    full_conversation(store)
    first = tmp_path / "first.json"
    write_json(first, exported(store), exported_at=1.0)
    with Database.open(tmp_path / "elsewhere.sqlite3") as elsewhere:  # another machine's history
        ids = import_conversations(elsewhere, parse_export(first.read_bytes()), now=9.0)
        other = ConversationStore(elsewhere)
        assert len(ids) == 1 and other.count() == 1
        imported = other.get(ids[0])
        assert imported is not None
        second = json_document([(imported, other.list_messages(ids[0]))], exported_at=1.0)
    second = json.loads(json_text(second))
    assert second["conversations"] == json.loads(first.read_text(encoding="utf-8"))["conversations"]
    assert second["conversations"][0]["uid"] == store.list()[0].uid  # the same conversation, recognisable


def test_an_import_recognises_the_conversations_already_here(
    store: ConversationStore, database: Database, tmp_path: Path
) -> None:
    original = full_conversation(store)
    store.create("second", "m")
    path = tmp_path / "export.json"
    write_json(path, exported(store), exported_at=1.0)
    store.create("made after the export", "m")
    conversations = parse_export(path.read_bytes())
    new, known = split_known(database, conversations)
    assert (new, [c.title for c in known]) == ([], ["上海中心大厦", "second"])  # pinned first
    # Copies, only when asked for: new conversations with stable ids of their own.
    ids = import_conversations(database, known, now=9.0, as_copies=True)
    copies = [store.get(i) for i in ids]
    assert [c.title for c in copies if c] == ["上海中心大厦", "second"]
    assert original.uid not in {c.uid for c in copies if c} and store.count() == 5
    # After the original is deleted, its conversation is no longer "already here".
    store.delete(original.id)
    new, known = split_known(database, conversations)
    assert [c.title for c in new] == ["上海中心大厦"] and [c.title for c in known] == ["second"]
    (restored,) = import_conversations(database, new, now=9.0)
    assert _uid(store, restored) != original.uid  # the one in the trash keeps its id for Undo


def _uid(store: ConversationStore, conversation_id: int) -> str:
    conversation = store.get(conversation_id)
    assert conversation is not None
    return conversation.uid


def test_a_file_naming_one_uid_twice_imports_it_once_then_as_a_copy(database: Database) -> None:
    uid = "a" * 32
    twice = parse_export(document(conversations=[{"uid": uid, "title": "x"}, {"uid": uid, "title": "y"}]))
    new, known = split_known(database, twice)
    assert [c.title for c in new] == ["x"] and [c.title for c in known] == ["y"]
    first, second = import_conversations(database, twice, now=0)
    store = ConversationStore(database)
    assert _uid(store, first) == uid and _uid(store, second) not in {uid, ""}


def test_an_unusable_uid_in_a_file_is_dropped(database: Database) -> None:
    (item,) = parse_export(document(conversations=[{"uid": "../" + "x" * 80, "title": "t"}]))
    assert item.uid == ""
    (made,) = import_conversations(database, [item], now=0)
    assert len(_uid(ConversationStore(database), made)) == 32


def test_lone_surrogates_round_trip(store: ConversationStore, database: Database) -> None:
    conversation = store.create("x", "m")
    store.add_message(conversation.id, "model", [{"text": "half an emoji \ud83d"}], "t")
    text = json_text(json_document(exported(store), exported_at=0))
    text.encode("utf-8")  # writable as UTF-8
    (imported,) = import_conversations(database, parse_export(text), now=0)
    assert store.list_messages(imported)[0].parts == [{"text": "half an emoji \ud83d"}]


def test_markdown_writes_a_replacement_character_for_a_lone_surrogate(
    store: ConversationStore, tmp_path: Path
) -> None:
    conversation = store.create("surrogates", "m")
    store.add_message(conversation.id, "user", [{"text": "q"}], "q")
    store.add_message(
        conversation.id,
        "model",
        [{"text": "emoji \ud83d half, a whole one \ud83d\ude00 and \ude00"}],
        "emoji",
        meta={
            "grounding": {
                "groundingChunks": [{"web": {"uri": "https://s.example", "title": "s"}}],
                "groundingSupports": [support_after("emoji \ud83d half")],
            }
        },
    )
    path = tmp_path / "sur.md"
    write_markdown(path, exported(store), exported_at=0)
    text = path.read_text(encoding="utf-8")
    assert "emoji \ufffd half[^1], a whole one \U0001f600 and \ufffd" in text


def test_the_api_key_never_appears_in_an_export(store: ConversationStore, tmp_path: Path) -> None:
    key = "AIzaSy-test-secret-key-123"
    full_conversation(store)
    write_json(tmp_path / "a.json", exported(store), exported_at=0)
    write_markdown(tmp_path / "a.md", exported(store), exported_at=0)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert key.encode() not in path.read_bytes()


# --- import errors ----------------------------------------------------------------------------------------


def document(**changes: Any) -> str:
    return json.dumps({"format": FORMAT_ID, "version": FORMAT_VERSION, "conversations": [], **changes})


@pytest.mark.parametrize(
    ("data", "english", "chinese"),
    [
        ("{not json", "not a JSON file", "不是 JSON"),
        (json.dumps({"hello": 1}), "not a Gemini Desk export", "不是 Gemini Desk"),
        (document(format="other-app"), "not a Gemini Desk export", "不是 Gemini Desk"),
        (document(version=FORMAT_VERSION + 1), "newer Gemini Desk", "较新版本"),
        (document(version="1"), "not valid", "无效"),
        (document(conversations=[{"messages": [{"role": "system", "parts": []}]}]), "#1.1", "#1.1"),
        (document(conversations=[{"messages": [{"role": "user", "parts": "hi"}]}]), "parts", "parts"),
    ],
)
def test_a_file_that_is_not_a_readable_export_is_refused_in_both_languages(
    data: str, english: str, chinese: str
) -> None:
    with pytest.raises(ImportFormatError) as caught:
        parse_export(data)
    assert english in render(caught.value.message, "en")
    assert chinese in render(caught.value.message, "zh_CN")


def test_an_invalid_file_imports_nothing(store: ConversationStore) -> None:
    bad = document(conversations=[{"title": "ok", "messages": []}, {"title": 5, "messages": []}])
    with pytest.raises(ImportFormatError):
        parse_export(bad)
    assert store.count() == 0


def test_a_failure_while_writing_removes_what_was_imported(
    database: Database, store: ConversationStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    message = {"role": "user", "parts": [{"text": "hi"}], "text": "hi"}
    conversations = parse_export(
        document(conversations=[{"title": "a", "messages": [message]}, {"title": "b", "messages": [message]}])
    )
    original = ConversationStore.add_message
    calls = []

    def failing_second_time(self: ConversationStore, *args: Any, **kwargs: Any) -> Message:
        calls.append(args)
        if len(calls) == 2:
            raise OSError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(ConversationStore, "add_message", failing_second_time)
    with pytest.raises(OSError, match="disk full"):
        import_conversations(database, conversations, now=0)
    assert store.count() == 0 and store.list_ids() == []


def test_an_import_the_full_disk_stops_leaves_nothing_behind(
    database: Database, store: ConversationStore
) -> None:
    # Enough text for the search index that deleting it again would need room of its own.
    messages = [
        {"role": "user", "parts": [{"text": "q"}], "text": " ".join(f"w{j}x{k}" for k in range(300))}
        for j in range(6)
    ]
    conversations = parse_export(
        document(conversations=[{"title": f"c{i}", "messages": messages} for i in range(20)])
    )
    kept = store.create("already here", "m")
    pages = database.connection.execute("PRAGMA page_count").fetchone()[0]
    failures = 0
    # The disk fills up at a different point of the import for each room size.
    for room in range(0, 400, 7):
        database.connection.execute(f"PRAGMA max_page_count = {pages + room}")
        try:
            import_conversations(database, conversations, now=0)
        except StorageFullError:
            failures += 1
            assert store.list_ids() == [kept.id], f"a half import is left with room for {room} pages"
            assert database.connection.execute("SELECT count(*) FROM messages").fetchone() == (0,)
            continue
        break
    assert failures > 10 and store.count() == 21, "the disk never filled up, or the import never fit"


def test_a_streaming_message_comes_back_as_interrupted(database: Database, store: ConversationStore) -> None:
    data = document(
        conversations=[{"title": "t", "messages": [{"role": "model", "parts": [], "status": "streaming"}]}]
    )
    (conversation_id,) = import_conversations(database, parse_export(data), now=3.0)
    (message,) = store.list_messages(conversation_id)
    assert message.status == "interrupted" and message.created_at == 3.0
