"""An answer that never ends is stored cut at the reply limit, with what arrived, like a cut connection."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from app.core.chat.turn import TurnOutcome, TurnRunner
from app.core.gemini.client import ClientConfig, GeminiClient, ProxyConfig
from app.core.gemini.errors import AnswerTooLargeError
from app.core.gemini.limits import MIB, StreamLimits
from app.core.store.conversations import ConversationStore
from tests.helpers.endless_gateway import EndlessBody
from tests.helpers.stored_errors import stored_error_wording
from tests.helpers.turn_listeners import QuietListener

MODEL = "gemini-2.5-flash"
BODY: dict[str, Any] = {"contents": [{"role": "user", "parts": [{"text": "Hello"}]}]}
LIMITS = StreamLimits(event=256 * 1024, reply=MIB)
CAP = 32 * MIB
EVENT = b"data: " + json.dumps({"candidates": [{"content": {"parts": [{"text": "B" * 30_000}]}}]}).encode()


def _reply(store: ConversationStore, url: str) -> TurnOutcome:
    runner = TurnRunner(store)
    conversation = store.create("endless", MODEL)
    reply = runner.begin_reply(conversation.id, MODEL)
    config = ClientConfig(base_url=url, api_key="test-key", proxy=ProxyConfig(mode="none"))

    async def scenario() -> TurnOutcome:
        async with GeminiClient(config, limits=LIMITS) as client:
            return await runner.stream_reply(client, reply, MODEL, BODY, QuietListener())

    return asyncio.run(scenario())


def test_an_endless_answer_is_stored_as_an_error_keeping_what_arrived_up_to_the_limit(
    store: ConversationStore,
) -> None:
    server = EndlessBody(b"", EVENT + b"\n\n", cap=CAP)
    try:
        outcome = _reply(store, server.url)
    finally:
        server.close()
    assert server.sent < CAP, "the whole endless answer was read"
    assert outcome.status == "error"
    assert isinstance(outcome.error, AnswerTooLargeError)
    stored = store.get_message(outcome.message.id)
    assert stored is not None and stored.status == "error"
    # Up to the limit, give or take the event of the read that passed it.
    assert LIMITS.reply // 2 <= len(stored.text) <= LIMITS.reply + len(EVENT), (
        "the partial answer was not kept"
    )
    assert set(stored.text) == {"B"}
    assert stored.error is not None
    shown = stored_error_wording(stored.error)
    assert shown["title_en"] == "The answer passed 1 MB and was stopped"
    assert "What arrived is kept" in shown["message_en"]
    assert shown["title_zh"] == "回答超过 1 MB，已停止接收"
