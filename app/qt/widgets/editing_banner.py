"""The line at the top of the composer while a sent message is being edited: what is going on, and ✕ to stop.

Without it the only sign of an edit was the status line: a user who looked away could not tell that Send
would ask a new version of an earlier question instead of a new one.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from app.qt.follows_changes import FollowsLanguageAndTheme
from app.qt.icons.ui_icons import ui_icon
from app.qt.render.palette import palette_for
from app.render.design import ICON_S, SPACE_S, SPACE_XS

__all__ = ["EditingBanner"]


class EditingBanner(FollowsLanguageAndTheme, QFrame):
    """A pencil, "Editing your message", what Send will do, and a ✕ that cancels (as Esc does).

    Signals:
        cancel_clicked(): The ✕ was clicked.

    Args:
        parent: The composer's frame.
    """

    cancel_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("editingBanner")
        self._icon = QLabel(self)
        self._title = QLabel(self)
        self._title.setObjectName("editingTitle")
        self._hint = QLabel(self)
        self._hint.setObjectName("editingHint")
        # The hint gives way in a narrow window rather than widen the composer (the status line says it too).
        self._hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setObjectName("cancelEditButton")
        self.cancel_button.setText("✕")
        self.cancel_button.setAutoRaise(True)
        self.cancel_button.clicked.connect(self.cancel_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(SPACE_S, SPACE_XS, SPACE_XS, SPACE_XS)
        layout.setSpacing(SPACE_S)
        layout.addWidget(self._icon)
        layout.addWidget(self._title)
        layout.addWidget(self._hint, 1)
        layout.addWidget(self.cancel_button)
        self._follow_palette()
        self._retranslate()

    def _retranslate(self) -> None:
        self._title.setText(self.tr("Editing your message"))
        self._hint.setText(self.tr("Send asks it again as a new version; the earlier one stays."))
        self.cancel_button.setToolTip(self.tr("Cancel editing (Esc)"))
        self.cancel_button.setAccessibleName(self.tr("Cancel editing"))

    def _follow_palette(self) -> None:
        colours = palette_for(self.palette())
        self._icon.setPixmap(ui_icon("edit", colours.user_accent, ICON_S).pixmap(QSize(ICON_S, ICON_S)))
