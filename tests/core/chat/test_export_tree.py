"""JSON exports keep a conversation's whole tree; version 1 exports (one line) still import."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.chat.export import markdown_export
from app.core.chat.export_json import json_document, json_text
from app.core.chat.importer import ImportFormatError, import_conversations, parse_export
from app.core.store.conversations import ConversationStore
from app.core.store.db import Database


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    with Database.open(tmp_path / "a.sqlite3") as database:
        yield database


def say(store: ConversationStore, conversation: int, role: str, text: str, **kwargs: object) -> int:
    return store.add_message(conversation, role, [{"text": text}], text, **kwargs).id  # type: ignore[arg-type]


def shape(store: ConversationStore, conversation: int) -> list[tuple[str, str | None]]:
    """(text, parent's text) of every message in creation order."""
    tree = store.tree(conversation)
    messages = {m.id: m for m in store.messages_by_id(list(tree.parents))}
    return [
        (m.text, None if tree.parent(m.id) is None else messages[tree.parent(m.id)].text)  # type: ignore[index]
        for m in messages.values()
    ]


def tree_export(store: ConversationStore, conversation: int) -> str:
    tree = store.tree(conversation)
    record = store.get(conversation)
    assert record is not None
    every = store.messages_by_id(list(tree.parents))
    return json_text(json_document([(record, every, frozenset(tree.selected_path()))], exported_at=1.0))


def test_the_whole_tree_and_the_shown_path_survive_export_and_import(db: Database, tmp_path: Path) -> None:
    store = ConversationStore(db)
    c = store.create("Tree", "m").id
    q = say(store, c, "user", "Q")
    a1 = say(store, c, "model", "A1")
    say(store, c, "user", "Q2 under A1")
    say(store, c, "model", "A2 under A1")
    say(store, c, "model", "A1b", parent_id=q)
    say(store, c, "user", "Q edited", parent_id=None)
    store.choose(a1)  # the shown path: Q, A1, Q2 under A1, A2 under A1
    text = tree_export(store, c)
    document = json.loads(text)
    assert document["version"] == 2
    assert [m["parent"] for m in document["conversations"][0]["messages"]] == [None, 0, 1, 2, 0, None]

    with Database.open(tmp_path / "b.sqlite3") as other:
        (imported,) = import_conversations(other, parse_export(text), now=5.0)
        copy = ConversationStore(other)
        assert shape(copy, imported) == shape(store, c)
        assert [m.text for m in copy.list_messages(imported)] == [
            "Q",
            "A1",
            "Q2 under A1",
            "A2 under A1",
        ]


def test_a_version_1_export_imports_as_one_line(db: Database) -> None:
    document = {
        "format": "gemini-desk-conversations",
        "version": 1,
        "conversations": [
            {
                "title": "old",
                "messages": [
                    {"role": "user", "parts": [{"text": "q"}], "text": "q"},
                    {"role": "model", "parts": [{"text": "a"}], "text": "a"},
                    {"role": "user", "parts": [{"text": "q2"}], "text": "q2"},
                ],
            }
        ],
    }
    (imported,) = import_conversations(db, parse_export(json.dumps(document)), now=1.0)
    store = ConversationStore(db)
    assert shape(store, imported) == [("q", None), ("a", "q"), ("q2", "a")]
    assert [m.text for m in store.list_messages(imported)] == ["q", "a", "q2"]


@pytest.mark.parametrize("parent", [1, 5, -1, "0", 0.0, True])
def test_a_parent_that_is_not_an_earlier_message_is_refused(parent: object) -> None:
    document = {
        "format": "gemini-desk-conversations",
        "version": 2,
        "conversations": [
            {
                "messages": [
                    {"role": "user", "parts": [], "text": "", "parent": None},
                    {"role": "model", "parts": [], "text": "", "parent": parent},
                ]
            }
        ],
    }
    with pytest.raises(ImportFormatError):
        parse_export(json.dumps(document))


def test_markdown_shows_the_shown_path(db: Database) -> None:
    store = ConversationStore(db)
    c = store.create("t", "m").id
    q = say(store, c, "user", "Question")
    say(store, c, "model", "Old answer")
    say(store, c, "model", "New answer", parent_id=q)
    record = store.get(c)
    assert record is not None
    text = markdown_export([(record, store.list_messages(c))], media_folder="f", exported_at=0).text
    assert "New answer" in text and "Old answer" not in text


def test_markdown_with_every_version_says_which_version_each_message_is(db: Database) -> None:
    store = ConversationStore(db)
    c = store.create("t", "m").id
    q = say(store, c, "user", "Question")
    say(store, c, "model", "Old answer")
    say(store, c, "user", "Follow-up under the old answer")
    say(store, c, "model", "New answer", parent_id=q)
    record = store.get(c)
    assert record is not None
    every = store.messages_by_id(store.tree(c).below(None))
    text = markdown_export([(record, every)], media_folder="f", exported_at=0).text
    old, follow, new = text.index("Old answer"), text.index("Follow-up"), text.index("New answer")
    assert old < follow < new, "each version is followed by what follows it"
    assert text.count("version 1 of 2") == 1 and text.count("version 2 of 2") == 1
