"""Every model gets a readable name: the gateway's display name, else one derived from a Google-style id."""

from __future__ import annotations

import asyncio

import pytest

from app.core.gemini.client import ClientConfig, GeminiClient, ProxyConfig
from app.core.gemini.model_names import display_name, friendly_model_name
from app.core.gemini.models_list import ModelInfo
from app.demo.server import GatewayDouble


@pytest.mark.parametrize(
    ("model_id", "name"),
    [
        ("gemini-2.5-flash", "Gemini 2.5 Flash"),
        ("gemini-2.5-pro", "Gemini 2.5 Pro"),
        ("gemini-2.5-flash-lite", "Gemini 2.5 Flash-Lite"),
        ("gemini-3-pro-preview", "Gemini 3 Pro Preview"),
        ("gemini-2.5-flash-image", "Gemini 2.5 Flash Image"),
        ("gemini-2.5-pro-preview-06-05", "Gemini 2.5 Pro Preview 06-05"),
        ("gemini-2.5-flash-preview-09-2025", "Gemini 2.5 Flash Preview 09-2025"),
        ("gemini-2.0-flash-001", "Gemini 2.0 Flash 001"),
        ("gemini-flash-latest", "Gemini Flash Latest"),
        ("gemini-exp-1206", "Gemini Experimental 1206"),
        ("gemini-2.5-flash-preview-tts", "Gemini 2.5 Flash Preview TTS"),
        ("gemma-3-27b-it", "Gemma 3 27B"),
        ("gemma-3n-e4b-it", "Gemma 3n E4B"),
        ("learnlm-2.0-flash-experimental", "LearnLM 2.0 Flash Experimental"),
        ("imagen-4.0-generate-001", "Imagen 4.0 Generate 001"),
        ("models/gemini-2.5-flash", "Gemini 2.5 Flash"),
        ("google/gemini-2.5-pro", "Gemini 2.5 Pro"),
        # Ids that do not follow Google's pattern are their own names.
        ("gpt-4o", "gpt-4o"),
        ("claude-sonnet-4-20250514", "claude-sonnet-4-20250514"),
        ("demo-scenario-drip", "demo-scenario-drip"),
        ("gemini", "gemini"),
    ],
)
def test_a_google_style_id_reads_as_a_name(model_id: str, name: str) -> None:
    assert friendly_model_name(model_id) == name


def test_the_gateways_own_name_wins_unless_it_only_repeats_the_id() -> None:
    assert display_name("gemini-2.5-flash-image", "Nano Banana") == "Nano Banana"
    assert display_name("gemini-2.5-flash", "gemini-2.5-flash") == "Gemini 2.5 Flash"  # new-api's /v1beta
    assert display_name("gemini-2.5-flash", "models/gemini-2.5-flash") == "Gemini 2.5 Flash"
    assert display_name("gemini-2.5-flash", None) == "Gemini 2.5 Flash"
    assert display_name("gemini-2.5-flash", "  ") == "Gemini 2.5 Flash"
    assert display_name("gemini-2.5-flash", 42) == "Gemini 2.5 Flash"


@pytest.mark.parametrize("catalog", ["new-api", "gemini"])
@pytest.mark.parametrize("v1_models", [True, False], ids=["v1-models", "v1beta-models"])
def test_a_new_api_gateway_lists_readable_names_with_the_id_kept(catalog: str, v1_models: bool) -> None:
    async def listed(gateway: GatewayDouble) -> list[ModelInfo]:
        client = GeminiClient(ClientConfig(gateway.base_url, "test-key", proxy=ProxyConfig(mode="none")))
        try:
            return await client.list_models()
        finally:
            await client.aclose()

    with GatewayDouble() as gateway:
        if catalog == "new-api":
            gateway.act_as_new_api()
        gateway.v1_models_available = v1_models
        models = {model.id: model for model in asyncio.run(listed(gateway))}
    assert models["gemini-2.5-flash"].display_name == "Gemini 2.5 Flash"
    assert models["gemini-2.5-flash-lite"].display_name == "Gemini 2.5 Flash-Lite"
    if catalog == "new-api":  # its other vendors' models keep their ids
        assert models["gpt-4o"].display_name == "gpt-4o"
    if not v1_models and catalog == "gemini":  # Google's own list names its models itself
        assert models["gemini-2.5-flash-image"].display_name == "Nano Banana"


@pytest.mark.parametrize(
    ("model_id", "given", "shown"),
    [
        ("acme-\u202eexe.live", None, "acme-[U+202E]exe.live"),  # read as "acme-evil.exe"
        ("gemini-line\nbreak", None, "Gemini line[U+000A]break"),  # a row that overlapped the next
        ("m", "Nice\u2028name\x1b[31m", "Nice[U+2028]name[U+001B][31m"),
        ("gemini-2.5-flash", "Gemini 2.5 Flash", "Gemini 2.5 Flash"),
    ],
)
def test_a_name_from_the_gateway_is_one_line_with_nothing_hidden(
    model_id: str, given: str | None, shown: str
) -> None:
    assert display_name(model_id, given) == shown
