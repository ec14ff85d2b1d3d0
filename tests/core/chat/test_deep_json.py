"""Function-call arguments nested too deep to show: a clear stored error, never a reply left streaming."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from app.core.chat.display import reply_markdown
from app.core.chat.turn import TurnOutcome, TurnRunner
from app.core.gemini.client import GeminiClient
from app.core.gemini.config import ClientConfig, ProxyConfig
from app.core.gemini.errors import MalformedStreamError
from app.core.json_depth import MAX_SHOWN_DEPTH, TOO_DEEP, nesting_exceeds, shown_json
from app.core.store.conversations import ConversationStore
from app.core.texts import render
from app.demo.scenario import Scenario
from app.demo.server import GatewayDouble
from tests.helpers.turn_listeners import QuietListener

MODEL = "gemini-2.5-flash"
BODY: dict[str, Any] = {"contents": [{"role": "user", "parts": [{"text": "Call f"}]}]}


def _nested(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {"leaf": True}
    for _ in range(depth):
        value = {"a": value}
    return value


def test_deep_values_are_shown_cut_at_the_limit_without_recursing_past_it() -> None:
    deep = _nested(1000)
    with pytest.raises(RecursionError):
        json.dumps(deep)
    assert nesting_exceeds(deep) and not nesting_exceeds(_nested(MAX_SHOWN_DEPTH - 1))
    text = shown_json(deep)
    assert TOO_DEEP in text
    parts = [{"functionCall": {"name": "f", "args": deep}}]
    assert TOO_DEEP in reply_markdown(parts)


def _stream_reply(store: ConversationStore, gateway: GatewayDouble, title: str) -> TurnOutcome:
    """Ask the gateway once in a new conversation, as the app does, and return how the reply ended."""
    runner = TurnRunner(store)
    conversation = store.create(title, MODEL)
    reply = runner.begin_reply(conversation.id, MODEL)
    config = ClientConfig(base_url=gateway.base_url, api_key="test-key", proxy=ProxyConfig(mode="none"))

    async def scenario() -> TurnOutcome:
        client = GeminiClient(config)
        try:
            return await runner.stream_reply(client, reply, MODEL, BODY, QuietListener())
        finally:
            await client.aclose()

    return asyncio.run(scenario())


def test_a_reply_with_a_too_deep_function_call_ends_as_a_clear_stored_error(
    store: ConversationStore, gateway: GatewayDouble
) -> None:
    chunk = {
        "candidates": [
            {
                "content": {
                    "role": "model",
                    "parts": [{"functionCall": {"name": "f", "args": _nested(400)}}],
                },
                "finishReason": "STOP",
            }
        ]
    }
    gateway.queue_scenarios(Scenario("deep-args", chunks=[chunk]))
    outcome = _stream_reply(store, gateway, "deep")
    assert outcome.status == "error" and isinstance(outcome.error, MalformedStreamError)
    assert str(MAX_SHOWN_DEPTH) in render(outcome.error.user_message(), "en")
    stored = store.get_message(outcome.message.id)
    assert stored is not None and stored.status == "error"
    assert TOO_DEEP in json.dumps(stored.parts, ensure_ascii=False)


def test_a_streamed_call_with_a_too_deep_path_ends_as_a_clear_error_keeping_what_arrived(
    store: ConversationStore, gateway: GatewayDouble
) -> None:
    def parts(*items: dict[str, Any]) -> dict[str, Any]:
        return {"candidates": [{"content": {"role": "model", "parts": list(items)}}]}

    deep_piece = {"jsonPath": "$" + ".a" * 3000, "stringValue": "x"}
    gateway.queue_scenarios(
        Scenario(
            "deep-pieces",
            chunks=[
                parts({"text": "Let me look that up."}),
                parts({"functionCall": {"name": "f", "willContinue": True}}),
                parts({"functionCall": {"partialArgs": [deep_piece], "willContinue": True}}),
                parts({"functionCall": {}}),
            ],
        )
    )
    outcome = _stream_reply(store, gateway, "deep pieces")
    assert outcome.status == "error" and isinstance(outcome.error, MalformedStreamError)
    assert str(MAX_SHOWN_DEPTH) in render(outcome.error.user_message(), "en")
    stored = store.get_message(outcome.message.id)
    assert stored is not None and stored.status == "error"
    assert "Let me look that up." in json.dumps(stored.parts)
