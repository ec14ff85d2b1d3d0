"""A reply's request is built from the stored conversation: its history, its settings, fitted to its model."""

from __future__ import annotations

from app.core.chat.request import build_request
from app.core.store.conversations import ConversationStore


def test_the_body_replays_the_history_and_carries_the_conversation_settings(store: ConversationStore) -> None:
    settings = {"system_instruction": "Answer briefly.", "temperature": 0.3, "google_search": True}
    conversation = store.create("trip", "gemini-2.5-flash", settings)
    store.add_message(conversation.id, "user", [{"text": "Where is Kyoto?"}], "Where is Kyoto?")
    signed = {"text": "In Japan.", "thoughtSignature": "c2ln"}
    store.add_message(conversation.id, "model", [signed], "In Japan.")
    store.add_message(conversation.id, "user", [{"text": "And Osaka?"}], "And Osaka?")

    request = build_request(conversation, store.list_messages(conversation.id))

    assert request.model == "gemini-2.5-flash"
    assert request.body["contents"] == [
        {"role": "user", "parts": [{"text": "Where is Kyoto?"}]},
        {"role": "model", "parts": [signed]},  # the signature goes back verbatim
        {"role": "user", "parts": [{"text": "And Osaka?"}]},
    ]
    assert request.body["systemInstruction"] == {"parts": [{"text": "Answer briefly."}]}
    assert request.body["generationConfig"]["temperature"] == 0.3
    assert request.body["tools"] == [{"googleSearch": {}}]
    assert request.adjusted is None


def test_a_reply_still_streaming_is_not_replayed(store: ConversationStore) -> None:
    conversation = store.create("", "gemini-2.5-flash")
    store.add_message(conversation.id, "user", [{"text": "Hi"}], "Hi")
    store.add_message(conversation.id, "model", [{"text": "Hel"}], "Hel", "streaming")

    request = build_request(conversation, store.list_messages(conversation.id))

    assert request.body["contents"] == [{"role": "user", "parts": [{"text": "Hi"}]}]


def test_a_thinking_budget_the_model_refuses_is_left_to_the_model_and_reported(
    store: ConversationStore,
) -> None:
    # Thinking switched off for Flash, then the conversation moved to Pro, which always thinks.
    conversation = store.create("", "gemini-2.5-pro", {"thinking_budget": 0, "include_thoughts": True})
    store.add_message(conversation.id, "user", [{"text": "Hi"}], "Hi")

    request = build_request(conversation, store.list_messages(conversation.id))

    assert request.model == "gemini-2.5-pro"
    assert request.body["generationConfig"]["thinkingConfig"] == {"includeThoughts": True}
    assert request.adjusted is not None and request.adjusted.field_name == "thinking_budget"
