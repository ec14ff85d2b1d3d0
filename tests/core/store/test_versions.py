"""A conversation is a tree of messages: versions, the selected path, deleting a version and its undo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.store.conversations import ConversationStore
from app.core.store.db import Database, RecordNotFoundError
from app.core.store.search import SearchIndex


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    with Database.open(tmp_path / "history.sqlite3") as database:
        yield database


@pytest.fixture
def store(db: Database) -> ConversationStore:
    return ConversationStore(db, clock=lambda: 1000.0)  # one instant: order must not depend on time


def say(store: ConversationStore, conversation: int, role: str, text: str, **kwargs: object) -> int:
    return store.add_message(conversation, role, [{"text": text}], text, **kwargs).id  # type: ignore[arg-type]


def texts(store: ConversationStore, conversation: int) -> list[str]:
    return [m.text for m in store.list_messages(conversation)]


def test_a_regenerated_answer_is_a_sibling_and_becomes_the_shown_one(store: ConversationStore) -> None:
    c = store.create("t", "m").id
    question = say(store, c, "user", "Q")
    first = say(store, c, "model", "A1")
    second = say(store, c, "model", "A2", parent_id=question)
    assert texts(store, c) == ["Q", "A2"]
    tree = store.tree(c)
    assert tree.versions(second) == [first, second]
    assert store.get_message(second).parent_id == question  # type: ignore[union-attr]
    # Switching back keeps both; the conversation remembers the choice.
    store.choose(first)
    assert texts(store, c) == ["Q", "A1"]
    assert texts(ConversationStore(store._db), c) == ["Q", "A1"]


def test_each_fork_remembers_its_own_choice(store: ConversationStore) -> None:
    c = store.create("t", "m").id
    q1 = say(store, c, "user", "Q1")
    a1 = say(store, c, "model", "A1")
    say(store, c, "user", "Q2 after A1")
    say(store, c, "model", "A2 after A1")
    a1b = say(store, c, "model", "A1b", parent_id=q1)
    say(store, c, "user", "Q2 after A1b")
    assert texts(store, c) == ["Q1", "A1b", "Q2 after A1b"]
    store.choose(a1)
    # The branch under A1 comes back as it was left: its own selected path.
    assert texts(store, c) == ["Q1", "A1", "Q2 after A1", "A2 after A1"]
    store.choose(a1b)
    assert texts(store, c) == ["Q1", "A1b", "Q2 after A1b"]


def test_an_edited_first_question_is_a_second_first_message(store: ConversationStore) -> None:
    c = store.create("t", "m").id
    say(store, c, "user", "Q")
    say(store, c, "model", "A")
    edited = say(store, c, "user", "Q edited", parent_id=None)
    assert texts(store, c) == ["Q edited"]
    assert len(store.tree(c).versions(edited)) == 2


def test_new_messages_continue_the_shown_path(store: ConversationStore) -> None:
    c = store.create("t", "m").id
    q = say(store, c, "user", "Q")
    a1 = say(store, c, "model", "A1")
    say(store, c, "model", "A2", parent_id=q)
    store.choose(a1)
    follow = say(store, c, "user", "more")
    assert store.get_message(follow).parent_id == a1  # type: ignore[union-attr]


def test_choosing_a_deep_message_selects_every_fork_above_it(store: ConversationStore) -> None:
    c = store.create("t", "m").id
    q = say(store, c, "user", "Q")
    say(store, c, "model", "A1")
    deep = say(store, c, "user", "deep under A1")
    say(store, c, "model", "A2", parent_id=q)
    store.choose(deep)
    assert texts(store, c) == ["Q", "A1", "deep under A1"]
    assert [m.text for m in store.path_to(deep)] == ["Q", "A1", "deep under A1"]


def test_a_stream_on_a_path_no_longer_shown_is_still_stored(store: ConversationStore) -> None:
    c = store.create("t", "m").id
    q = say(store, c, "user", "Q")
    a1 = say(store, c, "model", "A1")
    live = store.add_message(c, "model", [], "", "streaming", parent_id=q).id
    store.choose(a1)
    assert store.checkpoint(live, [{"text": "still"}], "still", {})
    store.finish_message(live, [{"text": "still coming"}], "still coming", "complete", {})
    assert texts(store, c) == ["Q", "A1"]
    store.choose(live)
    assert texts(store, c) == ["Q", "still coming"]


def test_deleting_a_version_deletes_its_subtree_and_undo_brings_it_back(
    store: ConversationStore, db: Database
) -> None:
    c = store.create("t", "m").id
    q = say(store, c, "user", "Q")
    a1 = say(store, c, "model", "A1 unique-alpha")
    say(store, c, "user", "under A1 unique-beta")
    a2 = say(store, c, "model", "A2", parent_id=q)
    store.choose(a1)
    deleted = store.delete_version(a1)
    assert [m.text for m in deleted] == ["A1 unique-alpha", "under A1 unique-beta"]
    assert texts(store, c) == ["Q", "A2"]  # the other version takes its place
    assert store.tree(c).versions(a2) == [a2]
    index = SearchIndex(db)
    assert index.search("unique-beta") == []
    store.restore_messages(deleted)
    assert texts(store, c) == ["Q", "A1 unique-alpha", "under A1 unique-beta"]
    assert store.tree(c).versions(a2) == [a1, a2]  # back in its old place among the versions
    assert [h.message_id for h in index.search("unique-beta")] == [deleted[1].id]


def test_undo_after_newer_messages_keeps_everything(store: ConversationStore) -> None:
    c = store.create("t", "m").id
    q = say(store, c, "user", "Q")
    say(store, c, "model", "A1")
    deleted = store.delete_version(store.list_messages(c)[1].id)
    newer = say(store, c, "model", "A2", parent_id=q)
    store.restore_messages(deleted)
    assert texts(store, c) == ["Q", "A1"]
    assert store.tree(c).versions(newer) == [newer, deleted[0].id]


def test_a_parent_from_another_conversation_is_refused(store: ConversationStore) -> None:
    c = store.create("t", "m").id
    other = store.create("o", "m").id
    foreign = say(store, other, "user", "x")
    with pytest.raises(RecordNotFoundError):
        say(store, c, "user", "y", parent_id=foreign)


def test_paging_walks_the_shown_path(store: ConversationStore) -> None:
    c = store.create("t", "m").id
    ids = [say(store, c, "user" if i % 2 == 0 else "model", str(i)) for i in range(6)]
    say(store, c, "model", "other version", parent_id=ids[2])
    store.choose(ids[3])
    tail = store.list_messages(c, limit=2)
    assert [m.text for m in tail] == ["4", "5"]
    assert [m.text for m in store.list_messages(c, limit=3, before_id=tail[0].id)] == ["1", "2", "3"]


def test_a_message_added_under_a_path_left_meanwhile_shows_that_path(store: ConversationStore) -> None:
    c = store.create("t", "m").id
    q1 = say(store, c, "user", "Q1")
    a1 = say(store, c, "model", "A1")
    q2 = say(store, c, "user", "Q2")
    say(store, c, "model", "A1b", parent_id=q1)  # the user regenerated A1 while editing Q2
    say(store, c, "user", "Q2 edited", parent_id=a1)
    assert texts(store, c) == ["Q1", "A1", "Q2 edited"]
    assert store.tree(c).versions(q2)[-1] == store.list_messages(c)[-1].id


def test_a_late_write_continues_its_own_branch_and_leaves_the_shown_path_alone(
    store: ConversationStore,
) -> None:
    c = store.create("t", "m").id
    q1 = say(store, c, "user", "Q1")
    a1 = say(store, c, "model", "A1")
    say(store, c, "model", "A1b", parent_id=q1)  # the user looks at A1b now
    late = say(store, c, "user", "tool results", parent_id=a1, show=False)
    assert texts(store, c) == ["Q1", "A1b"]
    tree = store.tree(c)
    assert tree.selected_child(a1) == late and not tree.is_shown(late)
    # Chosen by the app at its own fork only (the first of several answers to finish): the same.
    other = say(store, c, "user", "other results", parent_id=a1, show=False)
    store.choose(late, show=False)
    assert texts(store, c) == ["Q1", "A1b"]
    assert store.tree(c).selected_child(a1) == late != other
    store.choose(a1)
    assert texts(store, c) == ["Q1", "A1", "tool results"]


def test_choose_returns_the_tree_as_it_now_stands(store: ConversationStore) -> None:
    c = store.create("t", "m").id
    q1 = say(store, c, "user", "Q1")
    a1 = say(store, c, "model", "A1")
    say(store, c, "user", "Q2")
    a1b = say(store, c, "model", "A1b", parent_id=q1)
    for chosen in (a1, a1b, a1):
        tree = store.choose(chosen)
        assert tree == store.tree(c)
        assert tree.is_shown(chosen)
    tree = store.tree(c)
    assert tree.shown_forks_of([a1b]) == {a1}  # the switcher leading to A1b is A1's


def test_choose_version_steps_through_siblings_and_changes_nothing_past_the_ends(
    store: ConversationStore,
) -> None:
    c = store.create("t", "m").id
    q1 = say(store, c, "user", "Q1")
    a1 = say(store, c, "model", "A1")
    say(store, c, "user", "Q2")
    a2 = say(store, c, "model", "A2")
    a2b = say(store, c, "model", "A2b", parent_id=store.get_message(a2).parent_id)  # type: ignore[union-attr]
    a1b = say(store, c, "model", "A1b", parent_id=q1)
    assert texts(store, c) == ["Q1", "A1b"]
    assert store.choose_version(c, a1b, 1) is None  # past the last version: nothing changes
    assert store.choose_version(c, None, 1) is None  # the last fork shown is A1b's
    tree = store.choose_version(c, a1b, -1)
    assert tree == store.tree(c) and tree.is_shown(a1)
    assert texts(store, c) == ["Q1", "A1", "Q2", "A2b"]
    # None: the last message of the shown path with versions, here A2b.
    tree = store.choose_version(c, None, -1)
    assert tree is not None and tree.is_shown(a2) and not tree.is_shown(a2b)
    assert texts(store, c) == ["Q1", "A1", "Q2", "A2"]
    assert store.choose_version(c, 12345, 1) is None  # a message of no conversation shown: nothing
