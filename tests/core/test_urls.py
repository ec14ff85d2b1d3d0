"""Base URL normalisation and endpoint URLs."""

from __future__ import annotations

import pytest

from app.core.gemini.errors import ConfigurationError
from app.core.gemini.urls import generate_url, models_urls, normalize_base_url, stream_url


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        ("https://gogogotoken.ai", "https://gogogotoken.ai"),
        ("https://gogogotoken.ai/", "https://gogogotoken.ai"),
        ("  https://gogogotoken.ai//  ", "https://gogogotoken.ai"),
        ("https://gogogotoken.ai/v1beta", "https://gogogotoken.ai"),
        ("https://gogogotoken.ai/v1beta/", "https://gogogotoken.ai"),
        ("https://gogogotoken.ai/v1", "https://gogogotoken.ai"),
        ("https://gogogotoken.ai/v1beta/models", "https://gogogotoken.ai"),
        ("https://gogogotoken.ai/v1/models/", "https://gogogotoken.ai"),
        ("https://gogogotoken.ai/v1/chat/completions", "https://gogogotoken.ai"),
        ("HTTPS://GoGoGoToken.AI/V1BETA", "https://gogogotoken.ai"),
        ("https://host/proxy/v1beta", "https://host/proxy"),
        ("https://host/proxy/", "https://host/proxy"),
        ("http://127.0.0.1:8080/v1beta?key=x#frag", "http://127.0.0.1:8080"),
        ("http://[::1]:3000", "http://[::1]:3000"),
    ],
)
def test_pasted_addresses_reduce_to_the_base(pasted: str, expected: str) -> None:
    assert normalize_base_url(pasted) == expected


def test_normalisation_is_idempotent() -> None:
    once = normalize_base_url("https://host/proxy/v1beta/")
    assert normalize_base_url(once) == once


@pytest.mark.parametrize(
    "bad", ["", "   ", "gogogotoken.ai", "ftp://host", "file:///etc/passwd", "https://", "http://host:99999"]
)
def test_unusable_addresses_are_configuration_errors(bad: str) -> None:
    with pytest.raises(ConfigurationError):
        normalize_base_url(bad)


@pytest.mark.parametrize("base", ["https://host", "https://host/v1beta", "https://host/v1/"])
def test_stream_url_always_has_alt_sse_and_one_version_segment(base: str) -> None:
    assert stream_url(base, "gemini-2.5-flash") == (
        "https://host/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"
    )


def test_models_prefix_is_stripped_and_names_are_quoted() -> None:
    assert stream_url("https://h", "models/gemini-2.5-pro").startswith(
        "https://h/v1beta/models/gemini-2.5-pro:"
    )
    assert "/models/a%2F..%2Fb%3Ax:" in stream_url("https://h", "a/../b:x")
    assert generate_url("https://h/v1beta", " gemini-2.5-flash ") == (
        "https://h/v1beta/models/gemini-2.5-flash:generateContent"
    )


def test_an_empty_model_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError):
        stream_url("https://h", "models/")


def test_models_urls_try_v1_first() -> None:
    assert models_urls("https://h/v1beta/") == ("https://h/v1/models", "https://h/v1beta/models")
