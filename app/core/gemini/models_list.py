"""Parse a gateway's model list into `ModelInfo`s, chat models first.

Two shapes arrive (PROTOCOL-NOTES §5): new-api's OpenAI-style `GET /v1/models` (`{"data": [{"id": ...}]}`) and
the Gemini-style `GET /v1beta/models` (`{"models": [{"name": "models/gemini-2.5-pro", ...}]}`; new-api leaves
the `models/` prefix out and most fields null). Lists mix in embedding, image and video models: they are kept
(the user may know better) but marked, and chat models are listed first.

Each model also records how it answers on the Gemini endpoint (`reach`, see `model_catalog`): new-api's
`supported_endpoint_types` decides when present, the name rule when not. Models that answer natively sort
first, then those new-api converts, then those that cannot answer here.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.core.gemini.errors import ResponseFormatError
from app.core.gemini.model_catalog import (
    GOOGLE_NON_CHAT_FRAGMENTS,
    UNAVAILABLE,
    Reach,
    classify,
    endpoint_types,
    reach_order,
)
from app.core.gemini.model_names import display_name
from app.core.json_values import as_str

log = logging.getLogger(__name__)

#: A list longer than this keeps its best models (native chat models, newest first): real gateways list a few
#: hundred, and a hostile one's 100,000 entries froze the picker for seconds at each rebuild and search.
MAX_MODELS = 2000
#: Entries read from one answer at most, so that sorting and classifying stay cheap whatever the list holds.
MAX_ENTRIES_READ = 20_000

_CHAT_FAMILIES = ("gemini", "gemma", "learnlm")
_VERSION_RE = re.compile(r"^(?:gemini|gemma|learnlm)-(\d+(?:\.\d+)*)")
_CHAT_METHODS = frozenset({"generateContent", "streamGenerateContent"})


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """One model a gateway offers.

    Attributes:
        id: The name to put in request URLs, without a `models/` prefix ("gemini-2.5-pro").
        display_name: A human name: the gateway's, else one derived from the id (``model_names``).
        owned_by: The owner or channel type new-api reports ("" when unknown).
        is_chat: Whether the model answers chat requests (generateContent).
        raw: The entry as the gateway sent it.
        endpoint_types: new-api's `supported_endpoint_types`, or None when the gateway sent none.
        reach: "native", "converted" or "unavailable" on the Gemini endpoint (see `model_catalog`).
        reach_reason: Why an unavailable model cannot answer here (a `model_catalog.REASON_*` code).
    """

    id: str
    display_name: str
    owned_by: str
    is_chat: bool
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    endpoint_types: tuple[str, ...] | None = None
    reach: Reach = field(init=False)
    reach_reason: str = field(init=False)

    def __post_init__(self) -> None:
        # Derived, so that a ModelInfo built anywhere (the cache, tests) follows the one rule.
        reach, reason = classify(self.id, self.endpoint_types, self.is_chat)
        object.__setattr__(self, "reach", reach)
        object.__setattr__(self, "reach_reason", reason)


def strip_model_prefix(name: str) -> str:
    """Return a model name without Google's `models/` resource prefix."""
    name = name.strip()
    return name[len("models/") :] if name.startswith("models/") else name


def is_chat_model(model_id: str, methods: Sequence[str] | None = None) -> bool:
    """Decide whether a model can be chatted with.

    Google's own list states `supportedGenerationMethods`; when present it decides. Otherwise (new-api fills
    no such field) the name decides: the Gemini, Gemma and LearnLM families, minus embedding, Imagen, Veo,
    AQA, speech-only and Live models. Image-output chat models such as gemini-2.5-flash-image are chat models.
    """
    if methods is not None:
        return any(method in _CHAT_METHODS for method in methods)
    name = model_id.lower()
    if not name.startswith(_CHAT_FAMILIES):
        return False
    return not any(fragment in name for fragment in GOOGLE_NON_CHAT_FRAGMENTS)


def _entries(payload: object) -> list[object]:
    if isinstance(payload, list):
        return payload
    if isinstance(payload, Mapping):
        for key in ("data", "models"):
            value = payload.get(key)
            if isinstance(value, list):
                return value
    raise ResponseFormatError("the model list answer has neither a 'data' nor a 'models' list")


def _model_from_entry(entry: object) -> ModelInfo | None:
    if isinstance(entry, str):
        entry = {"id": entry}
    if not isinstance(entry, Mapping):
        return None
    raw_id = entry.get("id") or entry.get("name")
    if not isinstance(raw_id, str):
        return None
    model_id = strip_model_prefix(raw_id)
    if not model_id:
        return None
    # new-api gives none, or the id again: a name is derived from the id then (model_names).
    display = entry.get("displayName") or entry.get("display_name")
    owned_by = entry.get("owned_by")
    methods = entry.get("supportedGenerationMethods")
    method_list = [m for m in methods if isinstance(m, str)] if isinstance(methods, list) else None
    types = endpoint_types(entry.get("supported_endpoint_types"))
    is_chat = is_chat_model(model_id, method_list)
    if types is not None:
        # The gateway's endpoint types know better than the name rule (a gateway may alias model names).
        is_chat = classify(model_id, types, is_chat)[0] != UNAVAILABLE
    return ModelInfo(
        id=model_id,
        display_name=display_name(model_id, display),
        owned_by=as_str(owned_by),
        is_chat=is_chat,
        raw=dict(entry),
        endpoint_types=types,
    )


def _version(model_id: str) -> tuple[int, ...]:
    match = _VERSION_RE.match(model_id.lower())
    return tuple(int(piece) for piece in match.group(1).split(".")) if match else ()


def _sort_key(model: ModelInfo) -> tuple[int, bool, tuple[int, ...], str]:
    # Native models first, then converted ones, then those that cannot answer here; chat models first within
    # each; then the newest version first (3 before 2.5 before 2.0; unversioned aliases such as
    # gemini-flash-latest after the versioned ones); then alphabetically, so that the order is deterministic.
    version = tuple(-piece for piece in _version(model.id)) or (1,)
    return (reach_order(model.reach), not model.is_chat, version, model.id)


def parse_model_list(payload: object) -> list[ModelInfo]:
    """Turn a decoded model list answer into sorted, de-duplicated `ModelInfo`s.

    Args:
        payload: The decoded JSON of `/v1/models` or `/v1beta/models` (or a bare list).

    Returns:
        The models, native first, then converted, then unavailable; chat models first and the newest
        version first within each group; at most ``MAX_MODELS`` of them, read from the first
        ``MAX_ENTRIES_READ`` entries. Entries without a usable name are skipped; the first entry of a
        duplicated id wins.

    Raises:
        ResponseFormatError: The payload holds no list of models at all.
    """
    entries = _entries(payload)
    if len(entries) > MAX_ENTRIES_READ:
        log.warning("the model list has %d entries; reading the first %d", len(entries), MAX_ENTRIES_READ)
    models: dict[str, ModelInfo] = {}
    for entry in entries[:MAX_ENTRIES_READ]:
        model = _model_from_entry(entry)
        if model is not None and model.id not in models:
            models[model.id] = model
    return _best(models.values())


def _best(models: Iterable[ModelInfo]) -> list[ModelInfo]:
    """``models`` in the picker's order (see ``parse_model_list``), at most ``MAX_MODELS`` of them."""
    ordered = sorted(models, key=_sort_key)
    if len(ordered) > MAX_MODELS:
        log.warning("keeping the first %d of %d models", MAX_MODELS, len(ordered))
        del ordered[MAX_MODELS:]
    return ordered
