"""How a stored error reads to the user, in both languages the app ships."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from app.core.store.error_records import shown_texts
from app.core.texts import render


def stored_error_wording(record: Mapping[str, Any]) -> dict[str, str]:
    """A stored error record (after a JSON round trip, as the store keeps it) worded in English and Chinese.

    The keys are those of schema version 1, which stored exactly this wording.
    """
    title, message = shown_texts(json.loads(json.dumps(record)))
    assert title is not None and message is not None
    return {
        "title_en": render(title, "en"),
        "title_zh": render(title, "zh_CN"),
        "message_en": render(message, "en"),
        "message_zh": render(message, "zh_CN"),
    }
