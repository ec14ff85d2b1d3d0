"""Automatic titles: a short, cheap request and a tidy result."""

from __future__ import annotations

import json

import pytest

from app.core.chat.titles import TITLE_MAX_TOKENS, clean_title, fallback_title, title_request


def prompt_of(body: dict[str, object]) -> str:
    contents = body["contents"]
    assert isinstance(contents, list) and len(contents) == 1
    return str(contents[0]["parts"][0]["text"])


def test_the_request_asks_for_a_short_title_in_the_conversations_language() -> None:
    body = title_request(
        "How do I bake sourdough bread at home?", "Start with a lively starter…", "gemini-2.5-flash"
    )
    prompt = prompt_of(body)
    assert "title" in prompt.lower()
    assert "6 words" in prompt and "same language" in prompt
    assert "How do I bake sourdough bread at home?" in prompt
    assert "Start with a lively starter" in prompt


def test_flash_thinks_not_at_all_and_answers_in_a_few_tokens() -> None:
    config = title_request("hi", "hello", "gemini-2.5-flash")["generationConfig"]
    assert config == {"maxOutputTokens": TITLE_MAX_TOKENS, "thinkingConfig": {"thinkingBudget": 0}}
    lite = title_request("hi", "hello", "models/gemini-2.5-flash-lite")["generationConfig"]
    assert lite["thinkingConfig"] == {"thinkingBudget": 0}


def test_pro_keeps_its_thinking_but_gets_room_for_it() -> None:
    config = title_request("hi", "hello", "gemini-2.5-pro")["generationConfig"]
    assert "thinkingConfig" not in config  # Pro answers 400 to a budget of 0
    assert config["maxOutputTokens"] > TITLE_MAX_TOKENS  # thoughts count against the output budget


def test_gemini_3_thinks_at_the_low_level_only() -> None:
    config = title_request("hi", "hello", "gemini-3-pro-preview")["generationConfig"]
    assert config["thinkingConfig"] == {"thinkingLevel": "low"}
    assert "thinkingBudget" not in json.dumps(config)


@pytest.mark.parametrize("model", ["gemini-2.0-flash", "gemini-2.5-flash-image"])
def test_models_without_thinking_get_no_thinking_config(model: str) -> None:
    config = title_request("hi", "hello", model)["generationConfig"]
    assert "thinkingConfig" not in config


def test_long_conversations_are_clipped_so_the_request_stays_small() -> None:
    body = title_request("问" * 50_000, "答" * 50_000, "gemini-2.5-flash")
    assert len(prompt_of(body)) < 2_000


def test_a_chatty_model_answer_is_cleaned_to_the_title() -> None:
    assert clean_title('Title: "Baking Sourdough at Home".\nHope this helps!') == "Baking Sourdough at Home"
    assert clean_title("「上海中心大厦」。") == "上海中心大厦"
    assert clean_title("   ") == ""


def test_html_tags_in_a_title_are_dropped_whole_and_comparisons_stay() -> None:
    # Only the ">" was dropped before: the title read "<bBold</b <img src=file:///etc/passwd".
    assert clean_title('<b>Bold</b> <img src="file:///etc/passwd"> plan') == "Bold plan"
    assert fallback_title("Is a < b > c true?") == "Is a < b c true?"


def test_titles_from_a_model_or_a_prompt_carry_no_bidi_controls_or_invisible_characters() -> None:
    assert clean_title("Security \u202eevil\u202c notes") == "Security evil notes"
    assert clean_title("zero\u200bwidth") == "zerowidth"
    assert fallback_title("Why is \u2066this\u2069 reversed?") == "Why is this reversed?"
