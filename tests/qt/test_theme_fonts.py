"""Fonts: Chinese text is drawn with Simplified Chinese fonts, and the text size steps stay in bounds."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo
from PySide6.QtWidgets import QApplication

from app.qt.fonts import CJK_FAMILIES, MAX_FONT_SIZE, MIN_FONT_SIZE, next_font_size, with_cjk_fallback


def test_simplified_chinese_families_follow_the_ui_font(qapp: QApplication) -> None:
    font = QApplication.font()
    installed = [family for family in CJK_FAMILIES if family in QFontDatabase.families()]
    result = with_cjk_fallback(font, QLocale("en_US"))
    # Latin text keeps the font it had, whether or not a Chinese family is installed.
    assert QFontInfo(result).family() == QFontInfo(font).family()
    assert [family for family in result.families() if family in CJK_FAMILIES] == installed
    if installed:
        # The family really used stays first, ahead of the Chinese families.
        assert result.families()[0] == QFontInfo(font).family()
    else:
        assert result.families() == font.families()


def test_japanese_and_traditional_chinese_locales_keep_their_own_fonts(qapp: QApplication) -> None:
    font = QFont(QApplication.font())
    for locale in ("ja_JP", "zh_TW", "ko_KR"):
        assert with_cjk_fallback(font, QLocale(locale)).families() == font.families()


def test_text_size_steps_are_bounded() -> None:
    assert next_font_size(10, 1) == 11
    assert next_font_size(10, -1) == 9
    assert next_font_size(14, 1) == 16
    assert next_font_size(MAX_FONT_SIZE, 1) == MAX_FONT_SIZE
    assert next_font_size(MIN_FONT_SIZE, -1) == MIN_FONT_SIZE
    assert next_font_size(200, -1) < MAX_FONT_SIZE
    assert next_font_size(1, 1) > MIN_FONT_SIZE
    size = 10
    for _ in range(50):
        size = next_font_size(size, 1)
    assert size == MAX_FONT_SIZE
