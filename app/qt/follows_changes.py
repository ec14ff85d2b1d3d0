"""The one place where a widget hears that the language or the theme changed.

Qt sends every widget a ``LanguageChange`` event when a translator is installed or removed, and a
``PaletteChange`` event when the theme sets a new palette. A widget that words itself or draws its own colours
mixes in :class:`FollowsLanguageAndTheme` and says *what* to do in ``_retranslate`` and ``_follow_palette``;
*when* to do it lives here, once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent

__all__ = ["FollowsLanguageAndTheme"]

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    _Widget = QWidget
else:  # at run time a plain mixin, placed before the Qt class: ``class Bar(FollowsLanguageAndTheme, QFrame)``
    _Widget = object


class FollowsLanguageAndTheme(_Widget):
    """Mixin that re-words a widget on ``LanguageChange`` and re-colours it on ``PaletteChange``."""

    def changeEvent(self, event: QEvent) -> None:
        """Hand a new language to ``_retranslate`` and a new palette to ``_follow_palette``."""
        super().changeEvent(event)
        kind = event.type()
        if kind == QEvent.Type.LanguageChange:
            self._retranslate()
        elif kind == QEvent.Type.PaletteChange:
            self._follow_palette()

    def _retranslate(self) -> None:
        """Set every text the widget shows in the current language (also called once the widget is built)."""

    def _follow_palette(self) -> None:
        """Redraw what the widget colours itself (icons, tints) from the new palette; most need not."""
