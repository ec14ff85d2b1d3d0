"""What the client does with a new-api gateway: models by endpoint, its own refusals, its windows and quota.

Every test talks to the gateway double acting as new-api over a real socket on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import http.client
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from app.core.gemini.client import ClientConfig, GeminiClient, ProxyConfig, Retrying
from app.core.gemini.error_mapping import error_from_response
from app.core.gemini.errors import GeminiError
from app.core.gemini.quota import parse_token_usage
from app.core.gemini.retry import RetryPolicy
from app.core.gemini.status_errors import (
    AuthenticationError,
    BillingError,
    EndpointUnsupportedError,
    ModelAccessError,
    RateLimitError,
)
from app.core.texts import render
from app.demo.new_api import DemoKeyQuota
from app.demo.server import GatewayDouble

KEY = "test-key-0123456789"
BODY: dict[str, Any] = {"contents": [{"role": "user", "parts": [{"text": "Hello"}]}]}


@pytest.fixture
def gateway() -> Iterator[GatewayDouble]:
    with GatewayDouble(api_key=KEY) as double:
        double.act_as_new_api()
        yield double


def client_for(gateway: GatewayDouble, key: str = KEY) -> GeminiClient:
    config = ClientConfig(gateway.base_url, key, proxy=ProxyConfig(mode="none"), idle_timeout=5.0)
    # The default policy: what the app runs (three retries), so that "not retried" means something.
    return GeminiClient(config, retry_policy=RetryPolicy())


async def _failure(client: GeminiClient, model: str) -> GeminiError:
    try:
        async with client.stream_generate(model, BODY) as stream:
            async for _event in stream:
                pass
    except GeminiError as error:
        return error
    finally:
        await client.aclose()
    raise AssertionError("the request did not fail")


def failure(gateway: GatewayDouble, model: str = "gemini-2.5-flash") -> GeminiError:
    return asyncio.run(_failure(client_for(gateway), model))


def generation_requests(gateway: GatewayDouble) -> int:
    return sum(1 for request in gateway.requests if request.method == "POST")


# --- 1. models by endpoint ---


def test_the_mixed_list_sorts_native_then_converted_then_unavailable_by_endpoint_types(
    gateway: GatewayDouble,
) -> None:
    async def run() -> list[Any]:
        client = client_for(gateway)
        try:
            return await client.list_models()
        finally:
            await client.aclose()

    models = {m.id: m for m in asyncio.run(run())}
    assert models["gemini-2.5-pro"].reach == "native"
    assert models["gemini-2.5-flash-image"].reach == "native"
    assert models["gpt-4o"].reach == "converted"
    assert models["deepseek-chat"].reach == "converted"
    assert (models["claude-sonnet-4-20250514"].reach, models["claude-sonnet-4-20250514"].reach_reason) == (
        "unavailable",
        "anthropic",
    )
    assert models["gpt-image-1"].reach_reason == "image"
    assert models["text-embedding-3-small"].reach_reason == "not_chat"
    order = [m.reach for m in models.values()]
    assert order == sorted(order, key=["native", "converted", "unavailable"].index)


def test_without_endpoint_types_the_name_rule_decides(gateway: GatewayDouble) -> None:
    gateway.act_as_new_api("new-api-untyped")

    async def run() -> list[Any]:
        client = client_for(gateway)
        try:
            return await client.list_models()
        finally:
            await client.aclose()

    models = {m.id: m for m in asyncio.run(run())}
    assert models["gemini-2.5-pro"].endpoint_types is None
    assert models["gemini-2.5-pro"].reach == "native"
    assert (models["gpt-4o"].reach, models["gpt-4o"].reach_reason) == ("unavailable", "not_gemini")
    assert models["claude-sonnet-4-20250514"].reach == "unavailable"


def test_a_model_a_claude_channel_serves_fails_to_convert_once_with_its_own_message(
    gateway: GatewayDouble,
) -> None:
    error = failure(gateway, "claude-sonnet-4-20250514")
    assert isinstance(error, EndpointUnsupportedError)
    assert error.error_code == "convert_request_failed"
    assert generation_requests(gateway) == 1
    assert "pick a gemini model" in render(error.user_message(), "en").lower()
    assert "请选择 Gemini 模型" in render(error.user_message(), "zh")
    assert "not implemented" in render(error.user_message(), "zh")


def test_a_model_an_openai_channel_serves_answers_through_conversion(gateway: GatewayDouble) -> None:
    async def run() -> str:
        client = client_for(gateway)
        try:
            snapshot = await client.generate("gpt-4o", BODY)
        finally:
            await client.aclose()
        return "".join(str(part.get("text", "")) for part in snapshot.parts)

    assert asyncio.run(run())


# --- 2. balance and quota: each its own message, the gateway's words, the fix, no retry ---

# scenario, class, kind, the gateway's words, the fix in English and in Chinese
REFUSALS = [
    ("402", BillingError, "balance", "余额不足", "Top up", "充值"),
    ("403-balance", BillingError, "balance", "用户额度不足", "Top up", "充值"),
    ("403-pre-consume", BillingError, "balance", "token quota is not enough", "Top up", "充值"),
    (
        "401-key-quota",
        BillingError,
        "key_quota",
        "该令牌额度已用尽",
        "Raise the key's quota",
        "提高该密钥的额度",
    ),
    ("401-expired", BillingError, "key_expired", "该令牌已过期", "Renew it", "延长有效期"),
    (
        "403-zh",
        ModelAccessError,
        "model_limit",
        "该令牌无权访问模型",
        "Pick a model it allows",
        "选择它允许的模型",
    ),
    (
        "503-model-not-found",
        ModelAccessError,
        "no_channel",
        "无可用渠道",
        "Pick a model your key",
        "该分组可用的模型",
    ),
]


@pytest.mark.parametrize(("scenario", "cls", "kind", "words", "fix_en", "fix_zh"), REFUSALS)
def test_each_refusal_has_its_own_message_in_both_languages_and_is_not_retried(
    gateway: GatewayDouble, scenario: str, cls: type, kind: str, words: str, fix_en: str, fix_zh: str
) -> None:
    gateway.set_scenario(scenario)
    error = failure(gateway)
    assert type(error) is cls
    assert getattr(error, "kind", None) == kind
    english, chinese = render(error.user_message(), "en"), render(error.user_message(), "zh")
    assert words in english and words in chinese
    assert fix_en in english
    assert fix_zh in chinese
    assert generation_requests(gateway) == 1


def test_the_refusals_titles_differ_from_each_other(gateway: GatewayDouble) -> None:
    titles = set()
    for scenario, *_ in REFUSALS[2:]:
        gateway.set_scenario(scenario)
        titles.add(render(failure(gateway).title(), "en"))
    assert len(titles) == len(REFUSALS) - 2


def test_an_invalid_key_is_still_an_authentication_error(gateway: GatewayDouble) -> None:
    gateway.set_scenario("401-zh")
    assert type(failure(gateway)) is AuthenticationError


# --- 4. new-api's rate-limit window ---


def test_a_named_window_is_not_retried_and_says_when_to_try_again(gateway: GatewayDouble) -> None:
    gateway.set_scenario("429-window")
    before = time.time()
    error = failure(gateway)
    assert isinstance(error, RateLimitError)
    assert error.window == (1, 10)
    assert generation_requests(gateway) == 1
    assert error.retry_at is not None and error.retry_at >= before + 60
    expected = time.strftime("%H:%M", time.localtime(error.retry_at + 59))
    assert f"Try again after {expected}" in render(error.user_message(), "en")
    assert f"请在 {expected} 之后再试" in render(error.user_message(), "zh")
    assert "10" in render(error.title(), "en") and "1 min" in render(error.title(), "en")


def test_an_empty_429_backs_off_seconds_not_half_seconds(gateway: GatewayDouble) -> None:
    gateway.set_scenario("429-empty")

    async def first_retry() -> Retrying:
        client = client_for(gateway)
        try:
            async with client.stream_generate("gemini-2.5-flash", BODY) as stream:
                async for event in stream:
                    if isinstance(event, Retrying):
                        return event  # closing the stream here skips the wait
        finally:
            await client.aclose()
        raise AssertionError("no retry")

    event = asyncio.run(first_retry())
    assert isinstance(event.error, RateLimitError) and event.error.silent
    assert event.delay >= 5.0


def test_an_empty_429_is_retried_twice_further_apart_then_surfaced() -> None:
    error = error_from_response(429, b"", "text/plain")
    policy = RetryPolicy()
    first, second, third = (policy.delay_for(error, attempt) for attempt in (1, 2, 3))
    assert first is not None and 5.0 <= first < 7.0
    assert second is not None and 15.0 <= second < 19.0
    assert third is None
    assert "Wait a minute" in render(error.user_message(), "en")


# --- 3. the key's quota ---


def quota(gateway: GatewayDouble, key: str = KEY) -> Any:
    async def run() -> Any:
        client = client_for(gateway, key)
        try:
            return await client.key_quota()
        finally:
            await client.aclose()

    return asyncio.run(run())


def test_new_api_token_usage_gives_name_remaining_and_expiry(gateway: GatewayDouble) -> None:
    expires = int(time.time()) + 86400 * 30
    gateway.act_as_new_api(
        key_quota=DemoKeyQuota(name="laptop", remaining=400_000, used=9_600_000, expires_at=expires)
    )
    result = quota(gateway)
    assert (result.source, result.name, result.remaining, result.granted) == (
        "new-api",
        "laptop",
        400_000,
        1e7,
    )
    assert result.expires_at == expires
    assert result.low
    paths = [request.path for request in gateway.requests]
    assert paths == ["/api/usage/token/"]


@pytest.mark.parametrize(
    ("expires_at", "read"),
    [
        (-1, None),  # new-api's "never"
        (1_767_225_600, 1_767_225_600.0),
        (1_767_225_600_000, 1_767_225_600.0),  # milliseconds
        (4_102_444_800, 4_102_444_800.0),  # 2100
        (1e40, None),  # past any calendar: as good as never, not an OverflowError in every text of it
        (2**63, None),
        (1e308, None),
    ],
)
def test_a_key_s_expiry_is_read_within_the_calendar(expires_at: float, read: float | None) -> None:
    payload = {"code": True, "data": {"total_available": 5, "total_used": 1, "expires_at": expires_at}}
    quota = parse_token_usage(payload)
    assert quota is not None and quota.expires_at == read


def test_the_usage_route_without_its_slash_is_a_redirect_the_client_never_takes(
    gateway: GatewayDouble,
) -> None:
    parts = urlsplit(gateway.base_url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=5)
    connection.request("GET", "/api/usage/token", headers={"Authorization": f"Bearer {KEY}"})
    response = connection.getresponse()
    assert response.status == 301
    assert response.getheader("Location") == "/api/usage/token/"
    connection.close()


def test_one_api_billing_routes_give_the_remaining_amount(gateway: GatewayDouble) -> None:
    gateway.act_as_new_api(
        quota_routes="billing", key_quota=DemoKeyQuota(remaining=6_150_000, used=3_850_000)
    )
    result = quota(gateway)
    assert (result.source, result.unit) == ("billing", "display")
    assert result.granted == pytest.approx(20.0)
    assert result.remaining == pytest.approx(12.3)
    assert not result.low
    assert [r.path for r in gateway.requests] == [
        "/api/usage/token/",
        "/dashboard/billing/subscription",
        "/dashboard/billing/usage",
    ]


@pytest.mark.parametrize("routes", ["new-api", "billing"])
def test_unlimited_keys_are_unlimited_on_both_routes(gateway: GatewayDouble, routes: str) -> None:
    gateway.act_as_new_api(quota_routes=routes, key_quota=DemoKeyQuota(unlimited=True))  # type: ignore[arg-type]
    result = quota(gateway)
    assert result.unlimited and not result.low and result.shows_amount


def test_a_gateway_with_neither_route_has_no_quota_and_no_error(gateway: GatewayDouble) -> None:
    gateway.act_as_new_api(quota_routes="none")
    assert quota(gateway) is None


def test_a_key_the_usage_route_does_not_know_has_no_quota(gateway: GatewayDouble) -> None:
    assert quota(gateway, key="another-key-0123") is None


def test_an_unreachable_gateway_has_no_quota_after_one_attempt() -> None:
    with GatewayDouble() as double:
        base = double.base_url
    config = ClientConfig(base, KEY, proxy=ProxyConfig(mode="none"), connect_timeout=2.0)

    async def run() -> Any:
        client = GeminiClient(config)
        try:
            return await client.key_quota()
        finally:
            await client.aclose()

    assert asyncio.run(run()) is None
