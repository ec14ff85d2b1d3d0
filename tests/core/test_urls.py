"""Base URL normalisation (one table for every way an address is pasted) and endpoint URLs."""

from __future__ import annotations

import pytest

from app.core.gemini.errors import ConfigurationError
from app.core.gemini.urls import BaseUrlError, generate_url, models_urls, normalize_base_url, stream_url
from app.core.texts import render

# The one rule for gateway addresses: the settings store its result, the keyring and the model cache are keyed
# by it and the client appends endpoint paths to it. Every row is what a user may paste.
BASE_URLS = [
    ("https://gogogotoken.ai", "https://gogogotoken.ai"),
    ("https://gogogotoken.ai/", "https://gogogotoken.ai"),
    ("  https://gogogotoken.ai//  ", "https://gogogotoken.ai"),
    ("gogogotoken.ai", "https://gogogotoken.ai"),
    ("localhost:8080", "https://localhost:8080"),
    ("HTTPS://GoGoGoToken.AI/V1BETA", "https://gogogotoken.ai"),
    ("https://gogogotoken.ai/v1beta", "https://gogogotoken.ai"),
    ("https://gogogotoken.ai/v1beta/", "https://gogogotoken.ai"),
    ("https://gogogotoken.ai/v1", "https://gogogotoken.ai"),
    ("https://host/v1alpha", "https://host"),
    ("https://gogogotoken.ai/v1beta/models", "https://gogogotoken.ai"),
    ("https://gogogotoken.ai/v1/models/", "https://gogogotoken.ai"),
    ("https://gogogotoken.ai/v1/chat/completions", "https://gogogotoken.ai"),
    ("https://gogogotoken.ai/v1beta/openai", "https://gogogotoken.ai"),
    ("https://host/V1BETA/models/gemini-2.5-flash:streamGenerateContent", "https://host"),
    # A path prefix in front of the API version is the gateway's own, and stays.
    ("https://host/proxy/v1beta", "https://host/proxy"),
    ("https://host/proxy/", "https://host/proxy"),
    ("https://host/prefix//", "https://host/prefix"),
    ("https://host/proxy/v1/x/y", "https://host/proxy"),
    # Default ports say nothing: one gateway has one address (and one keyring entry).
    ("https://host:443/", "https://host"),
    ("http://host:80", "http://host"),
    ("https://host:8443", "https://host:8443"),
    ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
    ("http://127.0.0.1:8080/prefix", "http://127.0.0.1:8080/prefix"),
    ("http://[::1]:3000", "http://[::1]:3000"),
    ("http://[::1]:9000/", "http://[::1]:9000"),
    # A fully qualified name's final dot names the same host.
    ("https://gogogotoken.ai./", "https://gogogotoken.ai"),
    ("https://gogogotoken.ai.:8443/v1beta", "https://gogogotoken.ai:8443"),
]


@pytest.mark.parametrize(("pasted", "expected"), BASE_URLS)
def test_pasted_addresses_reduce_to_the_base(pasted: str, expected: str) -> None:
    assert normalize_base_url(pasted) == expected
    assert normalize_base_url(expected) == expected  # normalising twice changes nothing


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("https://host name", "spaces"),
        ("ftp://host", "scheme"),
        ("file:///etc/passwd", "scheme"),
        ("https://", "no_host"),
        ("http://gateway.example<title>", "host"),  # would hide the text around it where shown as HTML
        ("https://gateway.example\u202e", "host"),
        ("https://a,b;c", "host"),
        ("http://host:99999", "invalid"),
        ("https://host:x", "invalid"),
        ("https://user:pw@host", "credentials"),
        ("http://127.0.0.1:8080/v1beta?key=LEAKED-test-key", "query"),
        ("https://host/#frag", "query"),
    ],
)
def test_unusable_addresses_are_refused_with_the_reason(bad: str, problem: str) -> None:
    with pytest.raises(BaseUrlError) as caught:
        normalize_base_url(bad)
    assert caught.value.problem == problem
    assert isinstance(caught.value, ConfigurationError)  # the client reports it like any configuration error
    assert "LEAKED" not in render(caught.value.user_message(), "en")


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
