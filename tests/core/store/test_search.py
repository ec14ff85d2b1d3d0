"""Search: Latin, Chinese, Japanese, short queries, hostile input, deleted and streaming exclusion."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.store.conversations import ConversationStore
from app.core.store.db import Database
from app.core.store.search import (
    MATCH_MAX_CHARS,
    SearchIndex,
    fts_phrase,
    like_pattern,
    make_snippet,
    match_phrase,
)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database.open(tmp_path / "history.sqlite3")
    yield database
    database.close()


@pytest.fixture
def store(db: Database) -> ConversationStore:
    return ConversationStore(db)


@pytest.fixture
def index(db: Database) -> SearchIndex:
    return SearchIndex(db)


def add(store: ConversationStore, title: str, *texts: str) -> int:
    conversation = store.create(title, "m")
    for i, text in enumerate(texts):
        store.add_message(conversation.id, "user" if i % 2 == 0 else "model", [{"text": text}], text)
    return conversation.id


def assert_index_consistent(db: Database) -> None:
    # FTS5 compares the index with its content (the indexed_messages view / the conversations table).
    db.connection.execute("INSERT INTO message_fts (message_fts) VALUES ('integrity-check')")
    db.connection.execute("INSERT INTO conversation_fts (conversation_fts) VALUES ('integrity-check')")


def test_latin_search_is_case_insensitive_and_finds_substrings(
    store: ConversationStore, index: SearchIndex
) -> None:
    weather = add(store, "Trip", "What is the Weather in Paris?", "Sunny, 23 degrees.")
    add(store, "Cooking", "How do I bake bread?")
    hits = index.search("weather")
    assert [h.conversation_id for h in hits] == [weather]
    hit = hits[0]
    assert hit.message_id is not None and hit.title == "Trip"
    assert hit.snippet[hit.match_start : hit.match_start + hit.match_length] == "Weather"
    assert [h.conversation_id for h in index.search("EATHER IN PAR")] == [weather]


def test_chinese_and_japanese_words_are_found_inside_sentences(
    store: ConversationStore, index: SearchIndex
) -> None:
    zh = add(store, "闲聊", "请问明天北京的天气预报怎么样？我想去爬山。")
    ja = add(store, "旅行", "東京スカイツリーの営業時間を教えてください。")
    add(store, "other", "nothing relevant here")
    assert [h.conversation_id for h in index.search("天气预报")] == [zh]
    assert [h.conversation_id for h in index.search("北京的天")] == [zh]
    assert [h.conversation_id for h in index.search("スカイツリー")] == [ja]
    assert [h.conversation_id for h in index.search("営業時間")] == [ja]
    hit = index.search("天气预报")[0]
    assert hit.snippet[hit.match_start : hit.match_start + hit.match_length] == "天气预报"


def test_one_and_two_character_queries_use_the_fallback(store: ConversationStore, index: SearchIndex) -> None:
    cat = add(store, "宠物", "我家的猫很可爱")
    weather = add(store, "问候", "今天天气很好")
    both = add(store, "混合", "猫和天气")
    assert {h.conversation_id for h in index.search("猫")} == {cat, both}
    assert {h.conversation_id for h in index.search("天气")} == {weather, both}
    assert [h.conversation_id for h in index.search("宠")] == [cat]  # a one-character title hit
    assert index.search("狗") == []
    latin = add(store, "short", "Go is a language")
    assert latin in {h.conversation_id for h in index.search("GO")}


def test_short_queries_escape_like_wildcards(store: ConversationStore, index: SearchIndex) -> None:
    percent = add(store, "p", "a discount of 50% today")
    underscore = add(store, "u", "snake_case names")
    add(store, "plain", "nothing special at all, just words")
    assert [h.conversation_id for h in index.search("%")] == [percent]
    assert [h.conversation_id for h in index.search("_")] == [underscore]
    assert [h.conversation_id for h in index.search("0%")] == [percent]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"""',
        "*",
        "a*b",
        "AND",
        "OR NOT",
        "-x",
        "x -y",
        "NEAR(a b)",
        "col:val",
        "^start",
        "(((",
        "\\",
        "'; DROP",
    ],
)
def test_hostile_input_never_raises(store: ConversationStore, index: SearchIndex, query: str) -> None:
    add(store, "t", "ordinary text")
    assert isinstance(index.search(query), list)
    assert isinstance(index.search(query * 3), list)


def test_special_characters_are_searched_literally(store: ConversationStore, index: SearchIndex) -> None:
    quoted = add(store, "q", 'he said "hello" and left')
    star = add(store, "s", "use a*b here, AND -flag too")
    add(store, "n", "hello without quotes, ab and flags")
    assert [h.conversation_id for h in index.search('"hello"')] == [quoted]
    assert [h.conversation_id for h in index.search("a*b")] == [star]
    assert [h.conversation_id for h in index.search("AND -flag")] == [star]


def test_title_hits_come_first_and_each_conversation_appears_once(
    store: ConversationStore, index: SearchIndex
) -> None:
    by_message = add(store, "Unrelated", "python tips", "more python", "python again")
    by_title = add(store, "Python questions", "something else")
    hits = index.search("python")
    assert [h.conversation_id for h in hits] == [by_title, by_message]
    assert hits[0].message_id is None and hits[0].snippet == "Python questions"
    assert hits[0].match_start == 0
    # The newest matching message represents its conversation.
    assert hits[1].message_id == store.list_messages(by_message)[-1].id


def test_message_hits_are_ordered_by_recency_and_limited(
    store: ConversationStore, index: SearchIndex
) -> None:
    ids = [add(store, f"c{i}", f"shared keyword number {i}") for i in range(8)]
    hits = index.search("keyword", limit=3)
    assert [h.conversation_id for h in hits] == ids[::-1][:3]
    assert index.search("keyword", limit=0) == []
    assert index.search("   ") == []


def test_deleted_conversations_are_excluded_until_restored(
    store: ConversationStore, index: SearchIndex
) -> None:
    gone = add(store, "Secret plans", "the secret recipe", "秘密")
    assert index.search("secret")
    store.delete(gone)
    assert index.search("secret") == []
    assert index.search("recipe") == []
    assert index.search("秘") == []
    assert index.search("Secret plans") == []
    store.restore(gone)
    assert [h.conversation_id for h in index.search("recipe")] == [gone]


def test_streaming_reply_is_indexed_only_when_it_leaves_streaming(
    store: ConversationStore, index: SearchIndex, db: Database
) -> None:
    conversation = store.create("t", "m")
    reply = store.add_message(conversation.id, "model", [], "", status="streaming")
    store.checkpoint(reply.id, [{"text": "partial zebracorn"}], "partial zebracorn", {})
    assert index.search("zebracorn") == []
    assert index.search("斑") == []
    assert_index_consistent(db)
    store.finish_message(reply.id, [{"text": "final zebracorn 斑马"}], "final zebracorn 斑马", "complete", {})
    assert [h.message_id for h in index.search("zebracorn")] == [reply.id]
    assert [h.message_id for h in index.search("斑")] == [reply.id]
    store.update_message(reply.id, text="edited unicorn")
    assert index.search("zebracorn") == []
    assert [h.message_id for h in index.search("unicorn")] == [reply.id]
    assert_index_consistent(db)


def test_index_follows_renames_deletes_and_purges(
    store: ConversationStore, index: SearchIndex, db: Database
) -> None:
    conversation = add(store, "Old title", "alpha message", "beta message")
    store.rename(conversation, "New heading")
    assert index.search("Old title") == []
    assert [h.conversation_id for h in index.search("heading")] == [conversation]
    second = store.list_messages(conversation)[1]
    store.delete_version(second.id)
    assert index.search("beta") == []
    assert_index_consistent(db)
    store.purge(conversation)
    assert index.search("alpha") == []
    assert index.search("heading") == []
    assert_index_consistent(db)
    assert db.connection.execute("SELECT count(*) FROM message_fts").fetchone()[0] == 0


def test_interrupted_replies_become_searchable(store: ConversationStore, index: SearchIndex) -> None:
    conversation = store.create("t", "m")
    reply = store.add_message(conversation.id, "model", [], "", status="streaming")
    store.checkpoint(reply.id, [{"text": "checkpointed words"}], "checkpointed words", {})
    store.mark_streaming_as_interrupted()
    assert [h.message_id for h in index.search("checkpointed")] == [reply.id]


def test_query_helpers() -> None:
    assert fts_phrase('say "hi"') == '"say ""hi"""'
    assert like_pattern("5%_\\") == "%5\\%\\_\\\\%"
    text = "x" * 100 + "\nNeedle\n" + "y" * 300
    snippet, start, length = make_snippet(text, "needle")
    assert snippet.startswith("…") and snippet.endswith("…")
    assert snippet[start : start + length] == "Needle"
    assert "\n" not in snippet
    assert make_snippet("short", "absent") == ("short", -1, 0)


def test_a_snippet_reads_as_plain_text_without_the_answers_markdown(
    store: ConversationStore, index: SearchIndex
) -> None:
    conversation = store.create("t", "m")
    text = "## Result\n\nThe **needle** is in `the_haystack` > quoted, see [the docs](https://example.com/a)."
    store.add_message(conversation.id, "model", [{"text": text}], text)
    (hit,) = index.search("needle")
    assert hit.snippet == "Result The needle is in the_haystack quoted, see the docs."
    assert hit.snippet[hit.match_start : hit.match_start + hit.match_length] == "needle"
    # What was searched for is marked as written, marks and all.
    snippet, start, length = make_snippet(text, "**needle**")
    assert snippet[start : start + length] == "**needle**"


# FTS5 syntax, spelled to be searched for as text: quotes, NEAR, a prefix star, parentheses, a column filter.
_SYNTAX = 'title: he said "quote" NEAR(alpha beta, 2) * (x OR y) -minus AND ^start '


def _statements(db: Database) -> list[str]:
    """Every statement the connection runs from now on, with its parameters written in."""
    statements: list[str] = []
    db.connection.set_trace_callback(statements.append)
    return statements


def test_a_long_query_asks_the_index_for_its_beginning_only_and_checks_the_rest(
    db: Database, store: ConversationStore, index: SearchIndex
) -> None:
    whole = _SYNTAX + "and the rest of it matches"
    assert len(whole) > MATCH_MAX_CHARS
    older = add(store, "older", "Before. " + whole.upper() + " After.")  # in any case, as short queries
    add(store, "newer", "Before. " + _SYNTAX + "and then something else")  # the beginning only
    add(store, "Syntax only", "title: alpha beta x y")
    statements = _statements(db)
    hits = index.search(whole)
    assert [h.conversation_id for h in hits] == [older]
    hit = hits[0]
    assert hit.snippet[hit.match_start : hit.match_start + hit.match_length].lower() == whole[:120].lower()
    phrase, shortened = match_phrase(whole)
    assert shortened and phrase == fts_phrase(whole[:MATCH_MAX_CHARS])
    assert any(phrase.replace("'", "''") in statement for statement in statements), "the index was not asked"

    # A pasted page: the index is asked about its first characters, never about the whole page.
    page = (whole + " ") * 4000
    statements.clear()
    assert index.search(page) == []
    assert statements and max(len(statement) for statement in statements) < 2_000


def test_a_long_query_is_checked_in_titles_and_past_rows_holding_only_its_beginning(
    db: Database, store: ConversationStore, index: SearchIndex
) -> None:
    whole = _SYNTAX + "the whole thing"
    titled = add(store, whole, "nothing here")
    add(store, _SYNTAX + "another ending", "nothing here either")
    found = add(store, "Found", "The old message: " + whole)
    store.add_message(
        found, "model", [{"text": _SYNTAX + "differs"}], _SYNTAX + "differs"
    )  # newest, no match
    for _ in range(5):
        add(store, "Noise", _SYNTAX + "not this")
    statements = _statements(db)
    hits = index.search(whole)
    assert not any(fts_phrase(whole).replace("'", "''") in statement for statement in statements)
    assert [h.conversation_id for h in hits] == [titled, found]
    assert hits[0].message_id is None and hits[1].message_id is not None
    assert index.search(whole + " and more") == []
    assert [h.conversation_id for h in index.search(_SYNTAX.strip())] != []  # the beginning alone still finds


def test_a_marked_match_never_runs_past_the_snippet() -> None:
    text = "intro " + "word " * 1000
    snippet, start, length = make_snippet(text, "word " * 900)
    assert start == len("intro ") and 0 < length <= 120 and len(snippet) <= 160


@pytest.mark.parametrize("at", [10, 65_536 - 60, 65_536 - 3, 200_000])
def test_a_long_answer_is_snipped_wherever_its_match_lies(
    store: ConversationStore, index: SearchIndex, at: int
) -> None:
    text = ("lorem ipsum " * 20_000)[:at] + "Needle" + " and the words after it" + " dolor" * 1000
    conversation = add(store, "t", text)
    (hit,) = index.search("needle")
    assert hit.conversation_id == conversation
    assert hit.snippet[hit.match_start : hit.match_start + hit.match_length] == "Needle"
    assert "Needle and the words after it" in hit.snippet and hit.snippet.endswith("…")
