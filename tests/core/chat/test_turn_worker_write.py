"""A long reply's final write happens on a worker thread with its own connection, and looks the same after."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pytest

from app.core.chat.turn import TurnRunner
from app.core.gemini.client import ClientConfig, GeminiClient, ProxyConfig
from app.core.store.conversations import ConversationStore, worker_store
from app.core.store.db import Database
from app.core.store.search import SearchIndex
from app.demo.server import GatewayDouble
from tests.helpers.turn_listeners import QuietListener

BODY: dict[str, Any] = {"contents": [{"role": "user", "parts": [{"text": "Hello"}]}]}


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = Database.open(tmp_path / "chat.db")
    try:
        yield db
    finally:
        db.close()


def _stream(database: Database, gateway: GatewayDouble, worker_write_chars: int) -> tuple[Any, set[int]]:
    """Stream the gateway's answer into a new conversation; return the outcome and the writers' threads."""
    store = ConversationStore(database)
    threads: set[int] = set()

    @contextmanager
    def recording_store() -> Iterator[ConversationStore]:
        threads.add(threading.get_ident())
        with worker_store(database.path) as store_on_worker:
            yield store_on_worker

    opener: Callable[[], AbstractContextManager[ConversationStore]] = recording_store
    runner = TurnRunner(store, open_worker_store=opener, worker_write_chars=worker_write_chars)
    conversation = store.create("long answers")
    reply = runner.begin_reply(conversation.id, "gemini-2.5-flash")
    config = ClientConfig(base_url=gateway.base_url, api_key="test-key", proxy=ProxyConfig(mode="none"))

    async def scenario() -> Any:
        client = GeminiClient(config)
        try:
            return await runner.stream_reply(client, reply, "gemini-2.5-flash", BODY, QuietListener())
        finally:
            await client.aclose()

    return asyncio.run(scenario()), threads


def test_a_long_reply_is_written_by_a_worker_thread_and_is_searchable(
    database: Database, gateway: GatewayDouble
) -> None:
    outcome, threads = _stream(database, gateway, worker_write_chars=10)
    assert threads and threading.get_ident() not in threads, "the final write ran on the caller's thread"
    assert outcome.status == "complete"
    stored = ConversationStore(database).get_message(outcome.message.id)
    assert stored is not None
    text = outcome.snapshot.text
    assert len(text) > 10
    assert stored.status == "complete" and stored.text == text == outcome.message.text
    assert stored.meta["model"] == "gemini-2.5-flash" and "usage" in stored.meta
    word = max(text.split(), key=len)
    assert any(hit.conversation_id == stored.conversation_id for hit in SearchIndex(database).search(word))


def test_an_ordinary_reply_is_written_on_the_callers_thread(
    database: Database, gateway: GatewayDouble
) -> None:
    outcome, threads = _stream(database, gateway, worker_write_chars=1_000_000)
    assert threads == set()
    assert outcome.status == "complete" and outcome.message.text == outcome.snapshot.text
