"""A reply that cannot even be requested, or that a bug breaks, ends as a stored error, never streaming."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from app.core.chat.turn import TurnOutcome, TurnRunner
from app.core.gemini.client import ClientConfig, GeminiClient, ProxyConfig
from app.core.gemini.errors import ConfigurationError
from app.core.gemini.events import StreamEvent
from app.core.store.conversations import ConversationStore
from app.demo.server import GatewayDouble
from tests.helpers.stored_errors import stored_error_wording
from tests.helpers.turn_listeners import QuietListener

MODEL = "gemini-2.5-flash"
BODY: dict[str, Any] = {"contents": [{"role": "user", "parts": [{"text": "Hello"}]}]}
# Pasted from a web page: a zero-width space hides in the middle.
PASTED_KEY = "test-key\u200b-0123456789"


class _BrokenListener(QuietListener):
    """A listener with a bug: it fails on the first event, quoting the key as a careless message might."""

    def __init__(self, key: str) -> None:
        self._key = key

    def on_event(self, event: StreamEvent) -> None:
        raise RuntimeError(f"cannot show this event (key {self._key})")


def _reply(
    store: ConversationStore,
    gateway: GatewayDouble,
    *,
    key: str = "test-key",
    model: str = MODEL,
    listener: Any = None,
) -> TurnOutcome:
    runner = TurnRunner(store)
    conversation = store.create("failures", model)
    reply = runner.begin_reply(conversation.id, model)
    config = ClientConfig(base_url=gateway.base_url, api_key=key, proxy=ProxyConfig(mode="none"))

    async def scenario() -> TurnOutcome:
        client = GeminiClient(config)
        try:
            return await runner.stream_reply(client, reply, model, BODY, listener or QuietListener())
        finally:
            await client.aclose()

    return asyncio.run(scenario())


def test_a_key_with_an_invisible_character_ends_as_a_stored_error_and_sends_nothing(
    store: ConversationStore, gateway: GatewayDouble
) -> None:
    outcome = _reply(store, gateway, key=PASTED_KEY)
    assert outcome.status == "error"
    assert isinstance(outcome.error, ConfigurationError) and outcome.error.kind == "key_characters"
    stored = store.get_message(outcome.message.id)
    assert stored is not None and stored.status == "error" and stored.text == ""
    assert stored.error is not None
    shown = stored_error_wording(stored.error)
    assert shown["title_en"] == "The API key contains a character that cannot be sent"
    assert "invisible or non-ASCII character" in shown["message_en"]
    assert "Paste the key again" in shown["message_en"]
    assert "无法发送的字符" in shown["message_zh"] and "重新粘贴" in shown["message_zh"]
    assert "Details" not in shown["message_en"], "the English detail would repeat the message"
    for value in stored.error.values():
        assert PASTED_KEY not in str(value)
    assert gateway.requests == [], "a request was sent with a key that cannot be sent"


def test_no_model_ends_as_a_stored_error_that_says_so(
    store: ConversationStore, gateway: GatewayDouble
) -> None:
    outcome = _reply(store, gateway, model=" ")
    stored = store.get_message(outcome.message.id)
    assert stored is not None and stored.status == "error" and stored.error is not None
    shown = stored_error_wording(stored.error)
    assert shown["title_en"] == "No model is selected"
    assert shown["title_zh"] == "未选择模型"
    assert gateway.requests == []


def test_an_unexpected_exception_ends_as_a_stored_error_logged_without_the_key(
    store: ConversationStore, gateway: GatewayDouble, caplog: pytest.LogCaptureFixture
) -> None:
    key = "test-key"
    with caplog.at_level(logging.ERROR, logger="app.core.chat.turn"):
        outcome = _reply(store, gateway, key=key, listener=_BrokenListener(key))
    assert outcome.status == "error"
    stored = store.get_message(outcome.message.id)
    assert stored is not None and stored.status == "error" and stored.error is not None
    shown = stored_error_wording(stored.error)
    assert shown["title_en"] == "The request failed" and shown["title_zh"] == "请求失败"
    assert "RuntimeError: cannot show this event" in shown["message_en"]
    assert key not in str(stored.error)
    logged = caplog.text
    assert "a reply failed unexpectedly" in logged and "RuntimeError: cannot show this event" in logged
    assert "Traceback" in logged, "the log must show where it failed"
    assert key not in logged
