"""Text the core shows to users, in the two languages the app ships.

The core imports no Qt, so it cannot use ``tr()``; it carries both languages and the Qt layer picks
one by the UI language.
"""

from __future__ import annotations

from dataclasses import dataclass


def language_code(locale_name: str) -> str:
    """Map a locale name (``zh_CN``, ``zh-Hans``, ``en_US``…) to the language the core speaks: zh or en."""
    return "zh" if locale_name.lower().startswith("zh") else "en"


@dataclass(frozen=True, slots=True)
class Bilingual:
    """One message in English and Simplified Chinese."""

    en: str
    zh: str

    def get(self, lang: str) -> str:
        """The message in ``lang`` (``zh``/``zh_CN`` for Chinese; anything else gives English)."""
        return self.zh if language_code(lang) == "zh" else self.en
