"""Benchmark of the local store with a large history.

Run: ``.venv/bin/python bench/store.py [--conversations N] [--messages N] [--keep PATH]``

Builds 10,000 conversations and 200,000 messages (one conversation holds 2,000) in a temporary folder, then
prints the time of the operations the UI waits for. Targets: a list page ≤ 5 ms, a search ≤ 50 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.core.store.conversations import ConversationStore
from app.core.store.db import Database
from app.core.store.migrations import link_in_position_order
from app.core.store.rows import dump_json
from app.core.store.search import SearchIndex

BIG_CONVERSATION_MESSAGES = 2_000
_LATIN_TEXT = (
    "the of and to in is you that it he was for on are as with his they at be this have from or one had by "
    "word but not what all were we when your can said there use an each which she do how their if will up "
    "other about out many then them these so some her would make like him into time has look two more write "
    "go see number no way could people my than first water been call who oil its now find long down day did "
    "get come made may part model python function server request stream token answer weather garden music"
)
LATIN_WORDS = tuple(_LATIN_TEXT.split())
CHINESE = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可也你说年天气好猫狗山水"
JAPANESE = (
    "今日は",
    "晴れです",
    "東京",
    "スカイツリー",
    "ありがとう",
    "ございます",
    "電車",
    "駅",
    "時間",
    "食べ",
)


def sentence_pool(rng: random.Random, size: int = 3_000) -> list[str]:
    """Sentences in English, Chinese and Japanese, so messages are cheap to compose."""
    pool: list[str] = []
    for i in range(size):
        kind = i % 10
        if kind < 6:
            words = rng.choices(LATIN_WORDS, k=rng.randint(6, 16))
            pool.append(" ".join(words).capitalize() + ".")
        elif kind < 9:
            pool.append("".join(rng.choices(CHINESE, k=rng.randint(8, 24))) + "。")
        else:
            pool.append("".join(rng.choices(JAPANESE, k=rng.randint(3, 8))) + "。")
    return pool


def message_rows(
    conversations: int, messages: int, rng: random.Random, start: float
) -> Iterator[tuple[Any, ...]]:
    """Rows for ``messages``: one big conversation (id 1), the rest spread evenly, newest last."""
    pool = sentence_pool(rng)
    rest = messages - BIG_CONVERSATION_MESSAGES
    per = max(1, rest // max(1, conversations - 1))
    plan = [(1, BIG_CONVERSATION_MESSAGES)] + [(cid, per) for cid in range(2, conversations + 1)]
    now = start
    for conversation_id, count in plan:
        for position in range(count):
            now += 1.0
            role = "user" if position % 2 == 0 else "model"
            text = " ".join(rng.choices(pool, k=2 if role == "user" else 6))
            roll = rng.random()
            if roll < 0.0005:
                text += " zebracorn"
            elif roll < 0.01:
                text += " 明天的天气预报说会下雨"
            elif roll < 0.015:
                text += " 営業時間を教えてください"
            elif roll < 0.0152:
                text += " 鑫"
            parts = [{"text": text}]
            if role == "model":
                parts.insert(0, {"text": "", "thoughtSignature": "c2lnbmF0dXJl" * 8})
            yield (
                conversation_id,
                position,
                role,
                "complete",
                now,
                now,
                text,
                None,
                "{}",
                dump_json(parts),
            )


def build(db: Database, conversations: int, messages: int) -> float:
    """Fill the database with executemany inside one transaction; return the seconds it took."""
    rng = random.Random(7)
    start = 1_700_000_000.0
    began = time.perf_counter()
    with db.transaction() as conn:
        conn.executemany(
            "INSERT INTO conversations (id, title, title_is_auto, model, created_at, updated_at, pinned)"
            " VALUES (?, ?, 1, 'gemini-2.5-flash', ?, ?, ?)",
            (
                (
                    cid,
                    f"Conversation {cid} about {rng.choice(LATIN_WORDS)} {rng.choice(CHINESE)}",
                    start,
                    start + cid * 20.0,
                    int(cid % 997 == 0),
                )
                for cid in range(1, conversations + 1)
            ),
        )
        conn.executemany(
            "INSERT INTO messages (conversation_id, position, role, status, created_at, updated_at, text,"
            " error_json, meta_json, parts_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            message_rows(conversations, messages, rng, start),
        )
        link_in_position_order(conn)
    return time.perf_counter() - began


def timed(action: Callable[[], object], repeat: int = 15) -> tuple[float, object]:
    """Median milliseconds over ``repeat`` runs after one warm-up, and the last result."""
    result = action()
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        result = action()
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples), result


def report(name: str, ms: float, target: float | None = None, note: str = "") -> None:
    verdict = "" if target is None else ("  ok" if ms <= target else f"  OVER target {target:g} ms")
    print(f"{name:<48} {ms:9.2f} ms{verdict}  {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--conversations", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--keep", type=Path, help="build the database here instead of a temporary folder")
    parser.add_argument("--quick", action="store_true", help="1,000 conversations, 20,000 messages")
    args = parser.parse_args()
    if args.quick:
        args.conversations, args.messages = 1_000, 20_000

    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "history.sqlite3"
        db = Database.open(path)
        seconds = build(db, args.conversations, args.messages)
        print(f"built {args.conversations} conversations / {args.messages} messages in {seconds:.1f} s")
        db.close()
        size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6
        print(f"database size {size:.0f} MB")

        began = time.perf_counter()
        db = Database.open(path)
        report("open (existing, migrated)", (time.perf_counter() - began) * 1000)
        store = ConversationStore(db)
        index = SearchIndex(db)

        report("list first page (50)", timed(lambda: store.list(50, 0))[0], 5)
        report("list page at offset 9,000", timed(lambda: store.list(50, 9_000))[0], 5)
        report("count()", timed(store.count)[0], 5)
        ms, ids = timed(store.list_ids)
        report("list_ids() (all)", ms, note=f"{len(ids)} ids")  # type: ignore[arg-type]
        ms, msgs = timed(lambda: store.list_messages(1), repeat=5)
        report("open conversation: all 2,000 messages", ms, note=f"{len(msgs)} messages")  # type: ignore[arg-type]
        report("open conversation: tail page of 50", timed(lambda: store.list_messages(1, limit=50))[0], 5)

        for label, query in (
            ("search Latin common 'the'", "the"),
            ("search Latin phrase 'python function'", "python function"),
            ("search Latin rare 'zebracorn'", "zebracorn"),
            ("search Latin absent 'qqqzzz'", "qqqzzz"),
            ("search Chinese 4 chars '天气预报'", "天气预报"),
            ("search Japanese '営業時間'", "営業時間"),
            ("search Chinese 2 chars '天气' (LIKE)", "天气"),
            ("search Chinese 1 char '猫' (LIKE)", "猫"),
            ("search Chinese rare 1 char '鑫' (LIKE)", "鑫"),
            ("search absent 1 char '龘' (LIKE)", "龘"),
        ):
            ms, hits = timed(lambda q=query: index.search(q))  # type: ignore[misc]
            report(label, ms, 50, note=f"{len(hits)} hits")  # type: ignore[arg-type]

        conversation = store.create("streaming bench", "m")
        reply = store.add_message(conversation.id, "model", [], "", status="streaming")
        long_text = "Streaming answer text with 中文 as well. " * 250
        samples = []
        for i in range(1, 51):
            text = long_text[: i * 200]
            began = time.perf_counter()
            store.checkpoint(reply.id, [{"text": text, "thoughtSignature": "c2ln"}], text, {"i": i})
            samples.append((time.perf_counter() - began) * 1000)
        report("checkpoint (streaming, up to 10k chars)", statistics.median(samples), note="median of 50")
        began = time.perf_counter()
        store.finish_message(reply.id, [{"text": long_text}], long_text, "complete", {})
        report("finish_message (indexes 10k chars)", (time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        store.mark_streaming_as_interrupted()
        report("mark_streaming_as_interrupted (none left)", (time.perf_counter() - began) * 1000)
        ms, _ = timed(lambda: store.add_message(conversation.id, "user", [{"text": "hi"}], "hi"), repeat=20)
        report("add_message (small)", ms)
        db.close()


if __name__ == "__main__":
    main()
