"""Fonts: Simplified Chinese glyphs for Han text, and the transcript's adjustable text size.

Chinese, Japanese and Korean share most Han code points but not glyph shapes. Left to font fallback, a
desktop with an English or Japanese locale may draw Chinese text with a Japanese font; naming the Simplified
Chinese families right after the UI font keeps Chinese replies in Chinese glyphs. Only installed families are
named, so this costs nothing where they are missing.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo

__all__ = [
    "CJK_FAMILIES",
    "MAX_FONT_SIZE",
    "MIN_FONT_SIZE",
    "next_font_size",
    "use_cjk_fonts",
    "with_cjk_fallback",
]

#: Simplified Chinese UI families, in order of preference (Linux, Windows, macOS).
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
)

#: The transcript's text size stays within these point sizes.
MIN_FONT_SIZE = 7
MAX_FONT_SIZE = 36

# Larger steps at larger sizes, like browsers' zoom levels.
_LADDER = (7, 8, 9, 10, 11, 12, 13, 14, 16, 18, 20, 22, 24, 28, 32, 36)

# Locales whose own fonts should win for Han characters.
_OWN_HAN_LOCALES = ("ja", "ko", "zh_TW", "zh_HK", "zh_MO")


def with_cjk_fallback(font: QFont, locale: QLocale | None = None) -> QFont:
    """Return ``font`` with installed Simplified Chinese families after its own family.

    Args:
        font: The font to extend (usually the application font).
        locale: The system locale; Japanese, Korean and Traditional Chinese locales keep the platform's
            choice.
    """
    name = (locale or QLocale.system()).name()
    if name.startswith(_OWN_HAN_LOCALES):
        return QFont(font)
    installed = set(QFontDatabase.families())
    extra = [family for family in CJK_FAMILIES if family in installed]
    result = QFont(font)
    if extra:
        # The family actually used comes first: the requested one may be an alias ("Sans Serif") that a
        # family list would skip, letting the CJK font draw Latin text too.
        own = [QFontInfo(font).family(), *(font.families() or [font.family()])]
        families = [family for family in dict.fromkeys(own) if family not in extra]
        result.setFamilies([*families, *extra])
    return result


def use_cjk_fonts() -> None:
    """Name Simplified Chinese fonts after the UI font, so Chinese text never takes Japanese glyphs."""
    from PySide6.QtWidgets import QApplication

    QApplication.setFont(with_cjk_fallback(QApplication.font()))


def next_font_size(current: int, step: int) -> int:
    """The text size one zoom step up (``step`` > 0) or down (``step`` < 0) from ``current`` points."""
    current = min(max(current, MIN_FONT_SIZE), MAX_FONT_SIZE)
    if step > 0:
        return next((size for size in _LADDER if size > current), MAX_FONT_SIZE)
    if step < 0:
        return next((size for size in reversed(_LADDER) if size < current), MIN_FONT_SIZE)
    return current
