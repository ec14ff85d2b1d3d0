"""The history a request replays: roles alternate, signatures stay, unanswered questions are not resent."""

from __future__ import annotations

from typing import Any

from app.core.chat.history import build_contents
from app.core.store.records import Message, MessageStatus, Role


def _message(
    index: int, role: Role, parts: list[dict[str, Any]], status: MessageStatus = "complete"
) -> Message:
    text = "".join(str(part.get("text", "")) for part in parts if not part.get("thought"))
    return Message(index, 1, index, role, parts, text, status, None, {}, 0.0, 0.0)


def _conversation(*turns: tuple[Role, list[dict[str, Any]], MessageStatus]) -> list[Message]:
    return [_message(index, role, parts, status) for index, (role, parts, status) in enumerate(turns)]


def test_turns_alternate_and_signed_parts_are_replayed_verbatim() -> None:
    signed = {"text": "answer", "thoughtSignature": "c2ln"}
    messages = _conversation(
        ("user", [{"text": "question"}], "complete"),
        ("model", [{"text": "thinking…", "thought": True}, signed], "complete"),
        ("user", [{"text": "next"}], "complete"),
    )
    assert build_contents(messages) == [
        {"role": "user", "parts": [{"text": "question"}]},
        {"role": "model", "parts": [signed]},
        {"role": "user", "parts": [{"text": "next"}]},
    ]


def test_a_question_whose_answer_failed_or_was_blocked_is_not_resent() -> None:
    messages = _conversation(
        ("user", [{"text": "good question"}], "complete"),
        ("model", [{"text": "good answer"}], "complete"),
        ("user", [{"text": "a blocked prompt"}], "complete"),
        ("model", [], "complete"),  # blocked: no candidates, nothing stored
        ("user", [{"text": "a rate-limited question"}], "complete"),
        ("model", [], "error"),
        ("user", [{"text": "what is 2+2?"}], "complete"),
    )
    assert build_contents(messages) == [
        {"role": "user", "parts": [{"text": "good question"}]},
        {"role": "model", "parts": [{"text": "good answer"}]},
        {"role": "user", "parts": [{"text": "what is 2+2?"}]},
    ]


def test_a_partial_answer_still_answers_its_question() -> None:
    messages = _conversation(
        ("user", [{"text": "long story"}], "complete"),
        ("model", [{"text": "Once upon"}], "stopped"),
        ("user", [{"text": "go on"}], "complete"),
    )
    assert [turn["role"] for turn in build_contents(messages)] == ["user", "model", "user"]


def test_the_question_being_asked_again_is_kept() -> None:
    # Retry removes the failed reply, so the question is last; a streaming reply is not history yet.
    messages = _conversation(
        ("user", [{"text": "first"}], "complete"),
        ("model", [{"text": "one"}], "complete"),
        ("user", [{"text": "second"}], "complete"),
        ("model", [], "streaming"),
    )
    assert build_contents(messages)[-1] == {"role": "user", "parts": [{"text": "second"}]}


def test_consecutive_questions_without_a_reply_between_them_are_joined() -> None:
    messages = _conversation(
        ("user", [{"text": "part one"}], "complete"),
        ("user", [{"text": "part two"}], "complete"),
    )
    assert build_contents(messages) == [
        {"role": "user", "parts": [{"text": "part one"}, {"text": "part two"}]}
    ]
