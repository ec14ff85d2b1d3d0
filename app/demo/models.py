"""The model lists the double serves: new-api's ``/v1/models`` and Gemini's ``/v1beta/models``.

Non-chat models (embeddings, Imagen, Veo) are deliberately mixed in, as on real gateways, and every
scenario is offered as a ``demo-scenario-<name>`` model so ``--demo`` users can pick features.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from app.demo.new_api import NEW_API_MODELS, VendorModel, openai_entry
from app.demo.scenario import JsonObject

_CREATED = 1626777600  # new-api reports this fixed timestamp for most models


@dataclass(frozen=True)
class ModelEntry:
    """One model as the double lists it."""

    id: str
    display_name: str
    methods: tuple[str, ...]
    endpoint_types: tuple[str, ...]
    owned_by: str = "vertex-ai"
    input_limit: int = 1_048_576
    output_limit: int = 65_536


_CHAT = ("generateContent", "countTokens", "streamGenerateContent")
_CHAT_TYPES = ("gemini", "openai")
_EMBED = ("embedContent",)
_EMBED_TYPES = ("embeddings",)

BUILTIN_MODELS: tuple[ModelEntry, ...] = (
    ModelEntry("text-embedding-004", "Text Embedding 004", _EMBED, _EMBED_TYPES, "google", 2048, 1),
    ModelEntry("gemini-2.5-flash", "Gemini 2.5 Flash", _CHAT, _CHAT_TYPES),
    ModelEntry(
        "imagen-4.0-generate-001", "Imagen 4", ("predict",), ("image-generation",), "google", 480, 8192
    ),
    ModelEntry("gemini-2.5-pro", "Gemini 2.5 Pro", _CHAT, _CHAT_TYPES),
    ModelEntry("gemini-2.5-flash-lite", "Gemini 2.5 Flash-Lite", _CHAT, _CHAT_TYPES),
    ModelEntry("gemini-3-pro-preview", "Gemini 3 Pro Preview", _CHAT, _CHAT_TYPES),
    ModelEntry(
        "veo-3.0-generate-001", "Veo 3", ("predictLongRunning",), ("openai-video",), "google", 480, 8192
    ),
    ModelEntry("gemini-2.5-flash-image", "Nano Banana", _CHAT, _CHAT_TYPES, "vertex-ai", 32_768, 32_768),
    ModelEntry("gemini-embedding-001", "Gemini Embedding 001", _EMBED, _EMBED_TYPES, "google", 2048, 1),
)


def available_models(scenario_names: Iterable[str], prefix: str) -> list[ModelEntry]:
    """Return the built-in models followed by one chat model per scenario."""
    scenario_models = [
        ModelEntry(prefix + name, f"Demo scenario: {name}", _CHAT, ("gemini",), "demo")
        for name in scenario_names
    ]
    return [*BUILTIN_MODELS, *scenario_models]


def new_api_list(scenario_names: Iterable[str], prefix: str, *, typed: bool) -> JsonObject:
    """Build new-api's mixed-vendor ``GET /v1/models`` answer, with ``supported_endpoint_types`` or not."""
    entries = [*NEW_API_MODELS]
    entries += [VendorModel(prefix + name, "demo", ("gemini", "openai")) for name in scenario_names]
    return {
        "success": True,
        "object": "list",
        "data": [openai_entry(e, _CREATED, typed=typed) for e in entries],
    }


def new_api_gemini_list(scenario_names: Iterable[str], prefix: str) -> JsonObject:
    """Build new-api's Gemini-style ``GET /v1beta/models`` answer: the id again as the display name.

    new-api (``controller/model.go``, ``ListModels``) fills only ``name`` (no ``models/`` prefix) and
    ``displayName``, both with the model's id; the client derives readable names from such ids.
    """
    ids = [e.id for e in NEW_API_MODELS] + [prefix + name for name in scenario_names]
    return {
        "models": [{"name": model_id, "displayName": model_id} for model_id in ids],
        "nextPageToken": None,
    }


def openai_list(models: Iterable[ModelEntry]) -> JsonObject:
    """Build new-api's ``GET /v1/models`` answer."""
    data = [
        {
            "id": model.id,
            "object": "model",
            "created": _CREATED,
            "owned_by": model.owned_by,
            "supported_endpoint_types": list(model.endpoint_types),
        }
        for model in models
    ]
    return {"success": True, "object": "list", "data": data}


def gemini_list(models: Iterable[ModelEntry]) -> JsonObject:
    """Build Google's ``GET /v1beta/models`` answer (``models/`` prefix, real-looking limits)."""
    entries = []
    for model in models:
        entry: JsonObject = {
            "name": f"models/{model.id}",
            "version": "001",
            "displayName": model.display_name,
            "description": f"{model.display_name} (served by the local demo gateway)",
            "inputTokenLimit": model.input_limit,
            "outputTokenLimit": model.output_limit,
            "supportedGenerationMethods": list(model.methods),
        }
        if "generateContent" in model.methods:
            entry.update({"temperature": 1, "topP": 0.95, "topK": 64, "maxTemperature": 2, "thinking": True})
        entries.append(entry)
    return {"models": entries}
