"""The model in use, shown as a chip in the composer's frame; clicking it opens the model picker.

A passive button: the window tells it which model (or which several models) the next question goes to, and
connects its ``clicked`` to the picker. It shows the display name, elided (the gateway's, else one derived
from the id by ``app.core.gemini.model_names``); the tooltip gives the model id.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QToolButton, QWidget

from app.core.gemini.model_names import display_name as readable_name
from app.qt.follows_changes import FollowsLanguageAndTheme
from app.qt.icons.ui_icons import ui_icon
from app.qt.plain_text import shown_literally
from app.qt.render.palette import palette_for
from app.render.design import ICON_S

__all__ = ["ModelChip"]

# The widest the chip's text gets (logical pixels): long display names are elided with "…".
_TEXT_WIDTH = 220


class ModelChip(FollowsLanguageAndTheme, QToolButton):
    """A rounded button naming the model in use (or "3 models"), with a chevron: it opens the picker."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelChip")
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setIconSize(QSize(ICON_S, ICON_S))
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # the chevron after the name
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._model = ""
        self._name = ""
        self._several: list[tuple[str, str]] = []
        self._set_icon()
        self._retranslate()

    @property
    def several(self) -> bool:
        """Whether the next question goes to several models at once."""
        return bool(self._several)

    def show_model(self, model_id: str, display_name: str = "") -> None:
        """Name the conversation's model: ``display_name`` when the gateway gives one, else a derived name."""
        self._model, self._name = model_id, readable_name(model_id, display_name) if model_id else ""
        self._retranslate()

    def show_several(self, models: Sequence[tuple[str, str]]) -> None:
        """Say that the next question goes to several models, as (id, display name) pairs; [] to end that."""
        self._several = list(models)
        self._retranslate()

    def _follow_palette(self) -> None:
        self._set_icon()

    def _retranslate(self) -> None:
        if self._several:
            text = self.tr("%n models", "", len(self._several))
            listed = ", ".join(readable_name(model, name) for model, name in self._several)
            self.setToolTip(shown_literally(self.tr("Each question goes to: {0}").format(listed)))
            self.setAccessibleName(self.tr("Models: {0}").format(listed))
        else:
            text = self._name or self._model or self.tr("Choose a model")
            self.setToolTip(
                shown_literally(self.tr("Model: {0}. Click to choose another.").format(self._model))
                if self._model
                else self.tr("Choose the model that answers")
            )
            self.setAccessibleName(self.tr("Model: {0}").format(text))
        self.setAccessibleDescription(self.tr("Opens the model picker"))
        self.setText(self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, _TEXT_WIDTH))

    def _set_icon(self) -> None:
        self.setIcon(ui_icon("chevron-down", palette_for(self.palette()).muted, ICON_S))
