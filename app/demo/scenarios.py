"""The registry of named scenarios: name -> factory building a fresh `Scenario`.

A name works everywhere a scenario can be chosen: ``GatewayDouble.set_scenario("429-zh")``, the
``X-Demo-Scenario`` request header, and the model ``demo-scenario-<name>``. Factories with parameters
(``stall(seconds)``, ``slow_first_byte(delay)``, ``drip(interval)``) can also be called directly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from app.demo import content, failures
from app.demo.scenario import Scenario

MODEL_PREFIX = "demo-scenario-"
"""Requests to the model ``demo-scenario-<name>`` get that scenario (the model picker shows them all)."""

SCENARIOS: Mapping[str, Callable[[], Scenario]] = MappingProxyType(
    {
        # shapes and pacing
        "sse-crlf": content.sse_crlf,
        "sse-lf": content.sse_lf,
        "sse-cr": content.sse_cr,
        "json-array": content.json_array,
        "object": content.single_object,
        "split-random": content.split_random,
        "split-bytes": content.split_bytes,
        "ping-done": content.ping_done,
        "slow-first-byte": content.slow_first_byte,
        "slow-chunks": content.slow_chunks,
        # content
        "thoughts": content.thoughts,
        "function-call": content.function_call,
        "code-execution": content.code_execution,
        "grounding-cjk": content.grounding_cjk,
        "image": content.image,
        "image-only": content.image_only,
        "max-tokens-no-parts": content.max_tokens_no_parts,
        "blocked-prompt": content.blocked_prompt,
        "safety": content.safety,
        "unknown-fields": content.unknown_fields,
        "long-markdown": content.long_markdown,
        "math": content.math_markdown,
        # errors before the stream
        "401-zh": failures.unauthorized_zh,
        "401-en": failures.unauthorized_en,
        "403-zh": failures.forbidden_zh,
        "429-zh": failures.rate_limited_zh,
        "429-google": failures.rate_limited_google,
        "429-per-day": failures.rate_limited_per_day,
        "503-model-not-found": failures.model_not_found,
        "402": failures.payment_required,
        "403-balance": failures.insufficient_user_quota,
        "403-pre-consume": failures.pre_consume_failed,
        "401-key-quota": failures.key_quota_used_up,
        "401-expired": failures.key_expired,
        "500-convert": failures.convert_failed,
        "429-window": failures.rate_window,
        "429-empty": failures.rate_limited_empty,
        "500-google": failures.internal_google,
        "502-html": failures.bad_gateway_html,
        "413": failures.too_large,
        "400-google": failures.invalid_argument_google,
        "200-html": failures.html_200,
        "empty-200": failures.empty_200,
        "200-success-false": failures.success_false_200,
        "200-text-forbidden": failures.text_forbidden_200,
        "200-html-as-json": failures.html_as_json_200,
        "sse-code-error": failures.code_error_event,
        "redirect-307": failures.redirect_307,
        "redirect-302-login": failures.redirect_login_302,
        # faults in the middle of the stream
        "midstream-error-event": failures.midstream_error_event,
        "midstream-raw-error": failures.midstream_raw_error,
        "cut-connection": failures.cut_connection,
        "cut-random": failures.cut_at_random,
        "truncated-json": failures.truncated_json,
        "stall": failures.stall,
        "drip": failures.drip,
        "invalid-utf8": failures.invalid_utf8,
        "huge-line": failures.huge_line,
        "keepalive-stall": failures.keepalive_stall,
        # answers that are complete, but whose stream does not end properly
        "finish-then-keepalive": failures.finish_then_keepalive,
        "finish-then-silence": failures.finish_then_silence,
        "finish-then-cut": failures.finish_then_cut,
        "finish-unclosed-array": failures.finish_unclosed_array,
    }
)
"""Read-only: every lookup calls the factory, so no scenario instance is ever shared by accident."""


def make_scenario(name: str) -> Scenario:
    """Build the scenario registered under `name`.

    Raises:
        KeyError: no scenario has that name (the message lists the known names).
    """
    try:
        factory = SCENARIOS[name]
    except KeyError:
        raise KeyError(f"unknown demo scenario {name!r}; known: {', '.join(SCENARIOS)}") from None
    return factory()


def resolve(scenario: Scenario | str) -> Scenario:
    """Return `scenario` itself, or build it when given by name."""
    return make_scenario(scenario) if isinstance(scenario, str) else scenario
