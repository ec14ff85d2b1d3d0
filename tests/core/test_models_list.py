"""Parsing model lists of both shapes."""

from __future__ import annotations

import pytest

from app.core.gemini.errors import ResponseFormatError
from app.core.gemini.models_list import MAX_ENTRIES_READ, MAX_MODELS, is_chat_model, parse_model_list

OPENAI_STYLE = {
    "success": True,
    "object": "list",
    "data": [
        {"id": "text-embedding-004", "object": "model", "owned_by": "google"},
        {"id": "gemini-2.0-flash", "object": "model", "owned_by": "google"},
        {"id": "gemini-2.5-pro", "object": "model", "owned_by": "vertex-ai"},
        {"id": "imagen-4.0-generate-001", "object": "model", "owned_by": "google"},
        {"id": "gemini-3-pro-preview", "object": "model", "owned_by": "google"},
        {"id": "gemini-2.5-flash", "object": "model", "owned_by": "google"},
        {"id": "gemini-2.5-flash-image", "object": "model", "owned_by": "google"},
        {"id": "gemini-2.5-flash", "object": "model", "owned_by": "duplicate"},
        {"id": "veo-3.0-generate-001", "object": "model", "owned_by": "google"},
        {"object": "model"},
    ],
}


def test_openai_style_list_puts_chat_models_first_newest_first() -> None:
    models = parse_model_list(OPENAI_STYLE)
    assert [m.id for m in models] == [
        "gemini-3-pro-preview",
        "gemini-2.5-flash",
        "gemini-2.5-flash-image",
        "gemini-2.5-pro",
        "gemini-2.0-flash",
        "imagen-4.0-generate-001",
        "text-embedding-004",
        "veo-3.0-generate-001",
    ]
    assert [m.is_chat for m in models] == [True] * 5 + [False] * 3
    flash = models[1]
    # new-api names no model: the name is derived from the id (app.core.gemini.model_names).
    assert flash.owned_by == "google" and flash.display_name == "Gemini 2.5 Flash"
    assert flash.raw["object"] == "model"


def test_gemini_style_list_strips_the_models_prefix_and_uses_display_names() -> None:
    payload = {
        "models": [
            {
                "name": "models/gemini-2.5-pro",
                "displayName": "Gemini 2.5 Pro",
                "supportedGenerationMethods": ["generateContent", "countTokens"],
            },
            {
                "name": "models/gemini-embedding-001",
                "displayName": "Gemini Embedding 001",
                "supportedGenerationMethods": ["embedContent"],
            },
            {"name": "gemini-2.5-flash", "displayName": None, "supportedGenerationMethods": None},
        ]
    }
    models = parse_model_list(payload)
    assert [(m.id, m.display_name, m.is_chat) for m in models] == [
        ("gemini-2.5-flash", "Gemini 2.5 Flash", True),
        ("gemini-2.5-pro", "Gemini 2.5 Pro", True),
        ("gemini-embedding-001", "Gemini Embedding 001", False),
    ]


@pytest.mark.parametrize(
    ("model_id", "chat"),
    [
        ("gemini-2.5-flash", True),
        ("gemini-2.5-flash-image-preview", True),
        ("gemini-flash-latest", True),
        ("gemma-3-27b-it", True),
        ("gemini-embedding-001", False),
        ("gemini-2.5-flash-preview-tts", False),
        ("gemini-2.5-flash-native-audio-preview", False),
        ("imagen-4.0-generate-001", False),
        ("veo-3.0-generate-001", False),
        ("aqa", False),
        ("gpt-4o", False),
    ],
)
def test_chat_classification(model_id: str, chat: bool) -> None:
    assert is_chat_model(model_id) is chat


@pytest.mark.parametrize("payload", [{"success": False, "message": "x"}, "text", None, {"data": "x"}])
def test_a_payload_without_a_list_is_a_format_error(payload: object) -> None:
    with pytest.raises(ResponseFormatError):
        parse_model_list(payload)


def test_an_empty_list_is_fine() -> None:
    assert parse_model_list({"data": []}) == []


def test_a_huge_list_keeps_its_best_models_and_reads_a_bounded_start() -> None:
    # A hostile gateway's 100,000 models froze the picker for seconds; native chat models are what is kept.
    junk = [{"id": f"x-{n:06d}"} for n in range(MAX_ENTRIES_READ + 5000)]
    payload = {"data": [*junk[:100], {"id": "gemini-2.5-pro"}, *junk[100:]]}
    models = parse_model_list(payload)
    assert len(models) == MAX_MODELS
    assert models[0].id == "gemini-2.5-pro"
    # Past the bound nothing is read, however good: a gateway decides what comes first.
    late = parse_model_list({"data": [*junk, {"id": "gemini-3-pro-preview"}]})
    assert "gemini-3-pro-preview" not in {m.id for m in late}
