"""The last model list fetched from each gateway, kept in the cache directory.

The model picker should not be empty while the list is being fetched (or when the gateway is unreachable), so
the last successful answer is stored as JSON, one small file per gateway: the file name is derived from the
normalised base URL, and the URL is also stored inside the file and checked on load, so switching gateways
never shows another gateway's list.

The cache is disposable: a missing, unreadable or malformed file simply means "nothing cached". Writes are
atomic (a temporary file renamed over the old one), so a crash never leaves half a file behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.gemini.model_catalog import endpoint_types
from app.core.gemini.model_names import display_name
from app.core.gemini.models_list import MAX_MODELS, ModelInfo
from app.core.json_values import as_str
from app.core.private_files import write_atomically

log = logging.getLogger(__name__)

CACHE_VERSION = 1
_FILE_PREFIX = "models-"


@dataclass(frozen=True)
class CachedModels:
    """A model list as it was fetched.

    Attributes:
        models: The models, in the order they were saved (chat models first, as the client sorts them).
        fetched_at: When the list was fetched, in seconds since the epoch.
    """

    models: list[ModelInfo]
    fetched_at: float

    def age(self, now: float | None = None) -> float:
        """Seconds since the list was fetched (never negative, even if the clock went backwards)."""
        return max(0.0, (time.time() if now is None else now) - self.fetched_at)


def _model_to_dict(model: ModelInfo) -> dict[str, Any]:
    # The raw gateway entry is left out: it is large, unused once parsed, and may hold anything.
    return {
        "id": model.id,
        "display_name": model.display_name,
        "owned_by": model.owned_by,
        "is_chat": model.is_chat,
        "endpoint_types": None if model.endpoint_types is None else list(model.endpoint_types),
    }


def _model_from_dict(entry: object) -> ModelInfo | None:
    if not isinstance(entry, dict):
        return None
    model_id = entry.get("id")
    if not isinstance(model_id, str) or not model_id.strip():
        return None
    display = entry.get("display_name")
    owned_by = entry.get("owned_by")
    is_chat = entry.get("is_chat")
    # Lists cached before endpoint types were kept have none: the name rule decides for them.
    return ModelInfo(
        id=model_id.strip(),
        # Lists cached before names were derived hold the id as the name: display_name derives one.
        display_name=display_name(model_id.strip(), display),
        owned_by=as_str(owned_by),
        is_chat=is_chat if isinstance(is_chat, bool) else True,
        endpoint_types=endpoint_types(entry.get("endpoint_types")),
    )


class ModelCache:
    """Reads and writes cached model lists, one per gateway base URL.

    Args:
        cache_dir: The application's cache directory (``AppPaths.cache_dir``).
        clock: Returns the current time in seconds since the epoch (injected by tests).
    """

    def __init__(self, cache_dir: Path, clock: Callable[[], float] = time.time) -> None:
        self.cache_dir = cache_dir
        self._clock = clock

    def path_for(self, base_url: str) -> Path:
        """The cache file of one gateway (a hash of the base URL, so any URL gives a safe file name)."""
        digest = hashlib.sha256(_key(base_url).encode("utf-8")).hexdigest()[:24]
        return self.cache_dir / f"{_FILE_PREFIX}{digest}.json"

    def load(self, base_url: str) -> CachedModels | None:
        """The cached list of ``base_url``; never raises.

        Returns:
            The models and when they were fetched, or None when nothing usable is cached.
        """
        path = self.path_for(base_url)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("model cache %s unreadable (%s); ignoring it", path.name, type(exc).__name__)
            return None
        if not isinstance(raw, dict) or raw.get("version") != CACHE_VERSION:
            return None
        if raw.get("base_url") != _key(base_url):
            return None
        fetched_at = raw.get("fetched_at")
        entries = raw.get("models")
        if isinstance(fetched_at, bool) or not isinstance(fetched_at, int | float):
            return None
        if not math.isfinite(fetched_at):
            return None
        if not isinstance(entries, list):
            return None
        # A file written before lists were capped may hold any number: read no more than a fetch keeps.
        models = [model for entry in entries[:MAX_MODELS] if (model := _model_from_dict(entry)) is not None]
        return CachedModels(models=models, fetched_at=float(fetched_at))

    def save(
        self, base_url: str, models: Sequence[ModelInfo], fetched_at: float | None = None
    ) -> CachedModels:
        """Store ``models`` as the current list of ``base_url``, atomically.

        Args:
            base_url: The gateway the list came from.
            models: The models, in display order.
            fetched_at: When they were fetched; now by default.

        Returns:
            What was stored.

        Raises:
            OSError: The file could not be written (the previous file, if any, is unchanged).
        """
        stamp = self._clock() if fetched_at is None else fetched_at
        payload = {
            "version": CACHE_VERSION,
            "base_url": _key(base_url),
            "fetched_at": stamp,
            "models": [_model_to_dict(model) for model in models],
        }
        path = self.path_for(base_url)
        write_atomically(path, (json.dumps(payload, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        return CachedModels(models=list(models), fetched_at=stamp)

    def clear(self, base_url: str) -> None:
        """Forget the cached list of ``base_url`` (nothing happens when there is none)."""
        with contextlib.suppress(FileNotFoundError):
            self.path_for(base_url).unlink()


def _key(base_url: str) -> str:
    # The caller passes a normalised URL (validate_base_url); only trivial variations are folded here, so that
    # the core cache stays independent of the settings module's rules.
    return base_url.strip().rstrip("/")
