"""A large reply's checkpoints cost in proportion to its size, and still keep most of it for a crash."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator, Mapping, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from app.core.chat.turn import CheckpointPolicy, TurnOutcome, TurnRunner
from app.core.gemini.client import ClientConfig, GeminiClient, ProxyConfig
from app.core.gemini.limits import MIB, StreamLimits
from app.core.store.conversations import ConversationStore
from app.core.store.db import Database
from tests.helpers.endless_gateway import EndlessBody
from tests.helpers.turn_listeners import QuietListener

MODEL = "gemini-2.5-flash"
BODY: dict[str, Any] = {"contents": [{"role": "user", "parts": [{"text": "Hello"}]}]}
LIMITS = StreamLimits(event=256 * 1024, reply=4 * MIB)
EVENT = b"data: " + json.dumps({"candidates": [{"content": {"parts": [{"text": "B" * 30_000}]}}]}).encode()
POLICY = CheckpointPolicy(interval=1.0, small=128 * 1024, growth=1.0)


class _RecordingStore(ConversationStore):
    """A real store that also remembers the text of every checkpoint it wrote."""

    def __init__(self, database: Database) -> None:
        super().__init__(database)
        self.checkpointed: list[str] = []

    def checkpoint(
        self, message_id: int, parts: Sequence[Mapping[str, Any]], text: str, meta: Mapping[str, Any]
    ) -> bool:
        self.checkpointed.append(text)
        return super().checkpoint(message_id, parts, text, meta)


@pytest.fixture
def recording(tmp_path: Path) -> Iterator[_RecordingStore]:
    database = Database.open(tmp_path / "chat.db")
    try:
        yield _RecordingStore(database)
    finally:
        database.close()


class _SecondPerTick:
    """A clock a second further on at every reading: every event finds a checkpoint interval up."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


def _reply(store: ConversationStore, url: str) -> TurnOutcome:
    runner = TurnRunner(store, clock=_SecondPerTick(), checkpoints=POLICY)
    conversation = store.create("large", MODEL)
    reply = runner.begin_reply(conversation.id, MODEL)
    config = ClientConfig(base_url=url, api_key="test-key", proxy=ProxyConfig(mode="none"))

    async def scenario() -> TurnOutcome:
        async with GeminiClient(config, limits=LIMITS) as client:
            return await runner.stream_reply(client, reply, MODEL, BODY, QuietListener())

    return asyncio.run(scenario())


def test_a_large_reply_is_checkpointed_as_it_doubles_not_every_interval(recording: _RecordingStore) -> None:
    server = EndlessBody(b"", EVENT + b"\n\n", cap=32 * MIB)
    try:
        outcome = _reply(recording, server.url)
    finally:
        server.close()
    final = outcome.message.text
    assert len(final) > 3 * MIB, "the reply did not grow to the limit"
    sizes = [len(text) for text in recording.checkpointed]
    # Each checkpoint rewrites the whole reply: all of them together stay within about twice its size (one
    # checkpoint per interval, here per event, wrote about 70 times its size).
    assert sum(sizes) <= 3 * len(final), f"{len(sizes)} checkpoints wrote {sum(sizes)} characters"
    # A crash keeps what was checkpointed: the last one holds most of the reply, as a prefix of it.
    assert sizes[-1] >= len(final) // 2
    assert all(final.startswith(text) for text in recording.checkpointed)
    # Small replies are still checkpointed at every interval.
    assert sum(1 for size in sizes if size <= POLICY.small) >= 3


def test_a_small_reply_is_still_checkpointed_every_interval(recording: _RecordingStore) -> None:
    server = EndlessBody(b"", EVENT + b"\n\n", cap=20 * len(EVENT))
    try:
        outcome = _reply(recording, server.url)
    finally:
        server.close()
    assert outcome.status == "interrupted"
    # 20 events of 30,000 characters: past the small size of the test's policy after 5 of them, so a
    # checkpoint at every event up to there, then each at twice the last one or more.
    sizes = [len(text) for text in recording.checkpointed]
    assert sizes[:5] == [30_000 * n for n in range(1, 6)]
    assert 1 <= len(sizes[5:]) <= 2, sizes  # at 10 events, and perhaps at the last, the 20th
    assert all(later >= 1.9 * earlier for earlier, later in pairwise(sizes[4:])), sizes
