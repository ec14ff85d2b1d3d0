"""A larger history (2,000 conversations, 20,000 messages): results must match a brute-force answer."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from app.core.store.conversations import ConversationStore
from app.core.store.db import Database
from app.core.store.migrations import link_in_position_order
from app.core.store.rows import dump_json
from app.core.store.search import SearchIndex

CONVERSATIONS = 2_000
MESSAGES_PER_CONVERSATION = 10
_WORD_TEXT = (
    "alpha beta gamma delta Weather garden python 天气 预报 猫 東京 スカイツリー 営業 時間 100% snake_c"
)
WORDS = tuple(_WORD_TEXT.split())
Bulk = tuple[Database, dict[int, str], dict[int, list[str]]]


@pytest.fixture(scope="module")
def bulk(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Bulk]:
    rng = random.Random(42)
    titles = {cid: f"Chat {cid} {rng.choice(WORDS)}" for cid in range(1, CONVERSATIONS + 1)}
    texts: dict[int, list[str]] = {cid: [] for cid in titles}
    rows = []
    clock = 1_000_000.0
    for position in range(MESSAGES_PER_CONVERSATION):
        for cid in titles:  # interleave conversations, as real use does
            clock += 1
            text = "".join(rng.choice(WORDS) + rng.choice(("", " ", "。")) for _ in range(rng.randint(3, 12)))
            texts[cid].append(text)
            rows.append((cid, position, "user", "complete", clock, clock, text, dump_json([{"text": text}])))
    db = Database.open(tmp_path_factory.mktemp("bulk") / "history.sqlite3")
    with db.transaction() as conn:
        conn.executemany(
            "INSERT INTO conversations (id, title, created_at, updated_at, pinned) VALUES (?, ?, 0, ?, ?)",
            [(cid, title, float(cid), int(cid % 500 == 0)) for cid, title in titles.items()],
        )
        conn.executemany(
            "INSERT INTO messages (conversation_id, position, role, status, created_at, updated_at, text,"
            " parts_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        link_in_position_order(conn)
    yield db, titles, texts
    db.close()


def test_listing_pages_match_the_expected_order(
    bulk: Bulk,
) -> None:
    db, titles, _ = bulk
    store = ConversationStore(db)
    pinned = sorted((cid for cid in titles if cid % 500 == 0), reverse=True)
    expected = pinned + sorted((cid for cid in titles if cid % 500), reverse=True)
    assert store.count() == CONVERSATIONS
    assert store.list_ids() == expected
    paged = [c.id for offset in range(0, CONVERSATIONS, 300) for c in store.list(300, offset)]
    assert paged == expected


def test_a_conversation_reads_back_in_order(
    bulk: Bulk,
) -> None:
    db, _, texts = bulk
    store = ConversationStore(db)
    assert [m.text for m in store.list_messages(1234)] == texts[1234]
    assert [m.parts[0]["text"] for m in store.list_messages(1234, limit=3)] == texts[1234][-3:]


@pytest.mark.parametrize(
    "query", ["python", "WEATHER", "天气预报", "スカイツリー", "猫", "天气", "%", "_c", "gamma 天", "Chat 77"]
)
def test_search_finds_exactly_the_matching_conversations(bulk: Bulk, query: str) -> None:
    db, titles, texts = bulk
    needle = query.lower()
    by_title = {cid for cid, title in titles.items() if needle in title.lower()}
    by_text = {cid for cid, items in texts.items() if any(needle in text.lower() for text in items)}
    hits = SearchIndex(db).search(query, limit=CONVERSATIONS)
    found = [hit.conversation_id for hit in hits]
    assert len(found) == len(set(found))  # one hit per conversation
    assert set(found) == by_title | by_text
    assert by_title or by_text  # the query is meaningful for this data
    # Title hits come first; message hits follow, newest matching message first.
    title_part = found[: len(by_title)]
    assert set(title_part) == by_title
    message_ids = [hit.message_id for hit in hits[len(by_title) :]]
    assert message_ids == sorted(message_ids, reverse=True)  # type: ignore[type-var]
    for hit in hits[:20]:
        assert hit.snippet[hit.match_start : hit.match_start + hit.match_length].lower() == needle
