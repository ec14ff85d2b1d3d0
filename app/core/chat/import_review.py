"""What an imported conversation's settings would change, so the user decides before they take effect.

An export file can turn on Google Search or URL context (the model then fetches what it likes), code
execution, image output, relaxed safety thresholds (``BLOCK_NONE``) and a system instruction the transcript
never shows. Sampling parameters (temperature, top-p, ...) change no more than a reply's wording and are kept.
``settings_to_review`` lists the rest per conversation; ``with_settings_reset`` drops them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from app.core.chat.generation import GenerationSettings
from app.core.chat.importer import ImportedConversation

#: The tools an import can switch on, by ``GenerationSettings`` field, in the order they are listed.
TOOL_FIELDS = ("google_search", "url_context", "code_execution", "image_output")
_REVIEWED_FIELDS = ("system_instruction", "safety", *TOOL_FIELDS)


@dataclass(frozen=True)
class SettingsToReview:
    """The settings of one imported conversation that need the user's consent.

    Attributes:
        title: The conversation's title, as in the file.
        system_instruction: Its system instruction ("" when none).
        tools: The ``TOOL_FIELDS`` it turns on.
        safety: Its safety thresholds by harm category.
    """

    title: str
    system_instruction: str
    tools: tuple[str, ...]
    safety: tuple[tuple[str, str], ...]


def settings_to_review(conversations: Sequence[ImportedConversation]) -> list[SettingsToReview]:
    """The conversations whose settings change what is sent or allowed; empty when none does."""
    found = []
    for conversation in conversations:
        settings = GenerationSettings.from_dict(conversation.settings)
        tools = tuple(name for name in TOOL_FIELDS if getattr(settings, name))
        if settings.system_instruction.strip() or tools or settings.safety:
            found.append(
                SettingsToReview(
                    conversation.title,
                    settings.system_instruction,
                    tools,
                    tuple(sorted(settings.safety.items())),
                )
            )
    return found


def with_settings_reset(conversations: Sequence[ImportedConversation]) -> list[ImportedConversation]:
    """``conversations`` with the reviewed settings back at their defaults (the others kept)."""
    defaults = GenerationSettings().to_dict()
    reset = []
    for conversation in conversations:
        settings = dict(conversation.settings)
        for name in _REVIEWED_FIELDS:
            settings[name] = defaults[name]
        reset.append(dataclasses.replace(conversation, settings=settings))
    return reset
