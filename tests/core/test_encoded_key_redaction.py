"""A gateway that echoes the key in another form (base64, URL-safe base64, percent-encoded, hex, another
letter case, without its ``sk-``, inside a Basic header) gets it redacted from everything the app stores and
shows, by the same rule as the log file."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from app.core.chat.turn import stored_error_record
from app.core.gemini.client import GeminiClient
from app.core.gemini.config import ClientConfig, ProxyConfig
from app.core.gemini.errors import GeminiError
from app.core.gemini.retry import RetryPolicy
from app.core.redaction import REDACTED, Redactor
from app.core.texts import render
from app.demo.envelopes import new_api_error
from app.demo.scenario import Scenario
from app.demo.server import GatewayDouble

KEY = "sk-encoded/K3y+test=0123456789"
BODY = {"contents": [{"role": "user", "parts": [{"text": "Hello"}]}]}


@pytest.fixture
def gateway() -> Iterator[GatewayDouble]:
    """A gateway double that accepts ``KEY``, so the scenario (not the key check) answers."""
    with GatewayDouble(KEY) as double:
        yield double


async def _failure(base_url: str) -> GeminiError:
    config = ClientConfig(base_url=base_url, api_key=KEY, proxy=ProxyConfig(mode="none"), connect_timeout=2.0)
    client = GeminiClient(config, retry_policy=RetryPolicy(max_retries=0))
    try:
        async with client:
            async for _ in client.stream_generate("gemini-2.5-flash", BODY):
                pass
    except GeminiError as error:
        return error
    raise AssertionError("the stream did not fail")


@pytest.mark.parametrize(
    "echoed",
    [
        base64.b64encode(KEY.encode()).decode(),
        base64.urlsafe_b64encode(KEY.encode()).decode().rstrip("="),
        quote(KEY, safe=""),
        KEY.encode().hex(),
        KEY.upper(),
        KEY.removeprefix("sk-"),  # new-api and one-api keep the token without its sk- (strings.TrimPrefix)
        base64.b64encode(KEY.removeprefix("sk-").encode()).decode(),
    ],
    ids=["base64", "urlsafe-base64", "percent", "hex", "upper-case", "without-sk", "base64-without-sk"],
)
def test_an_encoded_key_echoed_by_the_gateway_is_in_no_stored_text(
    gateway: GatewayDouble, echoed: str
) -> None:
    gateway.queue_scenarios(Scenario("echo", status=401, error=new_api_error(f"bad token {echoed}")))
    error = asyncio.run(_failure(gateway.base_url))
    stored = json.dumps(stored_error_record(error), ensure_ascii=False)
    assert "bad token ***" in stored
    for text in (
        stored,
        str(error),
        repr(vars(error)),
        render(error.user_message(), "en"),
        render(error.user_message(), "zh"),
    ):
        assert echoed not in text


@pytest.mark.parametrize("user", ["", "x", "xy", "user", "admin", "u:"])
def test_a_key_inside_basic_authentication_leaves_none_of_its_encoding(user: str) -> None:
    # Basic is base64("user:key"): the key's own base64 is a substring only when "user:" is 3n bytes long.
    header = base64.b64encode(f"{user}:{KEY}".encode()).decode()
    redacted = Redactor([KEY]).redact(f"Authorization: Basic {header}")
    assert REDACTED in redacted
    left = redacted.removeprefix("Authorization: Basic ").replace(REDACTED, "")
    # At most the groups that mix the key with the bytes around it stay: a few characters, not the key.
    assert len(left) <= 8 + len(user) * 2, (user, redacted)


def test_ordinary_text_and_short_values_are_left_alone() -> None:
    text = "The quick brown fox 1234567890 SECRET key"
    assert Redactor([KEY, "abc", ""]).redact(text) == text
    assert Redactor([]).redact(text) == text
