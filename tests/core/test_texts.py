"""The core's texts: one catalogue per language, complete and consistent, and the only home of Chinese."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path
from typing import Any

import pytest

from app.core.gemini import errors, finish, status_errors
from app.core.texts import (
    REFERENCE,
    Joined,
    Text,
    catalogue,
    catalogue_language,
    from_json,
    languages,
    render,
    render_from,
    template_fields,
    to_json,
)

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "app" / "core"
CJK = re.compile(r"[\u4e00-\u9fff]")
# The only core files that may hold Chinese: the catalogues of Chinese. (Chinese words the core must recognise
# in what gateways and models send, not say, are written as escapes with an English gloss.)
CHINESE_CATALOGUES = {"app/core/texts/zh_CN.py"}


def test_chinese_text_in_the_core_lives_only_in_the_catalogues() -> None:
    with_chinese = {
        path.relative_to(ROOT).as_posix()
        for path in CORE.rglob("*.py")
        if CJK.search(path.read_text(encoding="utf-8"))
    }
    assert with_chinese == CHINESE_CATALOGUES


def test_the_catalogues_are_english_and_simplified_chinese() -> None:
    assert languages() == ("en", "zh_CN")


@pytest.mark.parametrize("language", [name for name in languages() if name != REFERENCE])
def test_every_catalogue_words_every_code_with_the_same_fields(language: str) -> None:
    reference, texts = catalogue(REFERENCE), catalogue(language)
    assert sorted(set(reference) - set(texts)) == []  # missing: would be shown in English
    assert sorted(set(texts) - set(reference)) == []  # unknown: a typo, or a code English lacks
    mismatched = [
        code for code in reference if template_fields(reference[code]) != template_fields(texts[code])
    ]
    assert mismatched == []


@pytest.mark.parametrize("language", languages())
def test_every_text_is_a_template_with_named_fields_only(language: str) -> None:
    for code, template in catalogue(language).items():
        assert template.strip(), code
        for _, field, spec, conversion in string.Formatter().parse(template):
            if field is not None:
                assert field.isidentifier() and not spec and not conversion, (code, field)


def test_chinese_is_worded_in_chinese_and_english_in_english() -> None:
    chinese = catalogue("zh_CN")
    for code, template in catalogue(REFERENCE).items():
        assert not CJK.search(template), code
    worded = [code for code, template in chinese.items() if CJK.search(template)]
    # Punctuation and layout texts ("{title}{status}。") are the same idea in every language.
    assert len(worded) > 0.8 * len(chinese)


def _gemini_error_codes() -> set[str]:
    codes = set()
    classes = [*vars(errors).values(), *vars(status_errors).values()]
    for cls in classes:
        # Any: some subclasses take a ``kind``, the root does not.
        if isinstance(cls, type) and issubclass(cls, errors.GeminiError):
            maker: Any = cls
            codes.add(maker("x").code)
            for kind in getattr(cls, "_KINDS", ()):
                codes.add(maker("x", kind=kind).code)
    codes.add(status_errors.RateLimitError("x", per_day=True).code)
    codes.add(status_errors.ServerError("x", page_title="p").code)
    return codes


def test_every_gemini_error_has_a_title_and_a_hint() -> None:
    english = catalogue(REFERENCE)
    codes = _gemini_error_codes()
    assert len(codes) > 25
    assert (
        sorted(
            f"{code}.{part}"
            for code in codes
            for part in ("title", "hint")
            if f"{code}.{part}" not in english
        )
        == []
    )


def test_every_finish_block_and_harm_code_has_texts() -> None:
    english = catalogue(REFERENCE)
    codes = [f"finish.{reason.lower()}" for reason in finish._FINISH]
    codes += [f"block.{reason.lower()}" for reason in finish._BLOCK]
    codes += [
        "finish.unknown",
        "block.unknown",
        "finish.interrupted",
        "finish.empty",
        "finish.thinking_budget",
    ]
    missing = [
        f"{code}.{part}" for code in codes for part in ("title", "detail") if f"{code}.{part}" not in english
    ]
    missing += [
        f"harm.{c.removeprefix('HARM_CATEGORY_').lower()}"
        for c in finish._CATEGORIES
        if f"harm.{c.removeprefix('HARM_CATEGORY_').lower()}" not in english
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("locale_name", "expected"),
    [
        ("zh_CN", "zh_CN"),
        ("zh", "zh_CN"),
        ("zh-Hans", "zh_CN"),
        ("zh_TW", "zh_CN"),
        ("zh_CN.UTF-8", "zh_CN"),
        ("en", "en"),
        ("en_GB", "en"),
        ("de_DE", "en"),
        ("C", "en"),
        ("", "en"),
    ],
)
def test_a_locale_is_served_by_its_own_catalogue_else_its_languages_else_english(
    locale_name: str, expected: str
) -> None:
    assert catalogue_language(locale_name) == expected


def test_texts_nest_and_join_in_one_language() -> None:
    categories = Joined([Text("harm.hate_speech"), "new thing"], Text("list.separator"))
    detail = Text("finish.safety.detail", categories=Text("finish.categories", names=categories))
    assert "(hate speech, new thing)" in render(detail, "en")
    assert "（仇恨言论、new thing）" in render(detail, "zh_CN")
    assert render(Joined([Text("gemini.tls.title"), "x"], "\n"), "zh").splitlines() == [
        "与网关的安全连接（TLS）失败",
        "x",
    ]


def test_a_code_a_language_lacks_is_worded_in_english_and_an_unknown_code_shows_itself() -> None:
    partial = {"greeting": "你好，{name}"}
    english = {"greeting": "Hello, {name}", "farewell": "Goodbye, {name}"}
    assert render_from(Text("greeting", name="Ann"), [partial, english]) == "你好，Ann"
    assert render_from(Text("farewell", name="Ann"), [partial, english]) == "Goodbye, Ann"
    assert render_from(Text("from.a.newer.version"), [partial, english]) == "from.a.newer.version"
    # A field the text does not provide stays visible instead of failing the whole message.
    assert render_from(Text("greeting"), [partial, english]) == "你好，{name}"
    # A parameter that looks like a field is shown as it is, never filled in again.
    assert render_from(Text("greeting", name="{farewell}"), [english]) == "Hello, {farewell}"


def test_texts_store_as_json_codes_and_parameters_and_read_back() -> None:
    error = status_errors.RateLimitError("x", status=429, retry_after=7, gateway_message="慢一点")
    message = error.user_message()
    stored = json.loads(json.dumps(to_json(message)))
    assert from_json(stored) == message
    assert "Rate limit" not in json.dumps(stored)  # codes, not wording
    assert render(from_json(stored) or "", "zh_CN") == render(message, "zh_CN")


@pytest.mark.parametrize(
    "damaged",
    [None, True, [], {"code": 3}, {"code": "a", "params": {"x": None}}, {"joined": [{}]}, {"params": {}}],
)
def test_damaged_stored_texts_read_as_nothing(damaged: object) -> None:
    assert from_json(damaged) is None
