"""Retry policy and delay parsing."""

from __future__ import annotations

import random

import pytest

from app.core.gemini.errors import ConnectionFailedError, TLSError
from app.core.gemini.retry import RetryPolicy, parse_retry_delay, retry_delay_in_message
from app.core.gemini.status_errors import AuthenticationError, ModelAccessError, RateLimitError, ServerError


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("58s", 58.0), ("45.8s", 45.8), ("0.1s", 0.1), ("500ms", 0.5), ("2m", 120.0), ("3", 3.0), (7, 7.0)],
)
def test_parse_retry_delay(value: object, seconds: float) -> None:
    assert parse_retry_delay(value) == pytest.approx(seconds)


@pytest.mark.parametrize("value", ["soon", "", "-3s", None, True, -1, "Wed, 21 Oct 2015 07:28:00 GMT"])
def test_parse_retry_delay_rejects_nonsense(value: object) -> None:
    assert parse_retry_delay(value) is None


def test_retry_delay_in_message() -> None:
    assert retry_delay_in_message("Quota exceeded.\nPlease retry in 45.8s.") == pytest.approx(45.8)
    assert retry_delay_in_message("please retry after 2 seconds") == 2.0
    assert retry_delay_in_message("try again later") is None


def rate_limit(retry_after: float | None = None, per_day: bool = False) -> RateLimitError:
    return RateLimitError("429", status=429, retry_after=retry_after, per_day=per_day)


def test_server_requested_delay_is_honoured() -> None:
    assert RetryPolicy().delay_for(rate_limit(0.1), 1) == 0.1


def test_a_delay_beyond_the_cap_surfaces_the_error() -> None:
    assert RetryPolicy(max_server_delay=60).delay_for(rate_limit(61), 1) is None


def test_per_day_quota_is_never_retried() -> None:
    assert RetryPolicy().delay_for(rate_limit(1, per_day=True), 1) is None


def test_retries_are_bounded() -> None:
    policy = RetryPolicy(max_retries=2)
    error = ServerError("502", status=502)
    assert policy.delay_for(error, 2) is not None
    assert policy.delay_for(error, 3) is None
    assert RetryPolicy(max_retries=0).delay_for(error, 1) is None


@pytest.mark.parametrize(
    "error",
    [
        AuthenticationError("401", status=401),
        ModelAccessError("503", status=503),
        ServerError("501", status=501),
        TLSError("bad certificate"),
    ],
)
def test_errors_that_cannot_heal_are_not_retried(error: Exception) -> None:
    assert RetryPolicy().delay_for(error, 1) is None  # type: ignore[arg-type]


def test_backoff_doubles_with_bounded_jitter() -> None:
    policy = RetryPolicy(base_delay=0.5, jitter=0.25)
    rng = random.Random(7)
    delays = [policy.delay_for(ConnectionFailedError("refused"), n, rng) for n in (1, 2, 3)]
    for delay, nominal in zip(delays, (0.5, 1.0, 2.0), strict=True):
        assert delay is not None
        assert nominal * 0.75 <= delay <= nominal * 1.25


def test_backoff_is_capped() -> None:
    policy = RetryPolicy(max_retries=20, base_delay=1, max_backoff=4, jitter=0)
    assert policy.backoff(10) == 4
