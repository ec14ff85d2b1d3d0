"""A group of the conversation's parameters drawn like a Settings group: a card with a heading and a note.

``ParameterCard`` is a group box (screen readers announce its heading as the group's name) whose heading and
one-line explanation are labels inside the card, as in Settings (``settings_sections.settings_group``); its
controls go in ``body`` or in the form ``settings_form`` adds there. The card's colours and radius come from
``settings_sections.section_style``.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from app.qt.dialogs.settings_sections import settings_form_layout
from app.qt.dialogs.welcome_page import muted_label
from app.render.design import SPACE_L, SPACE_M, SPACE_S, SPACE_XS

__all__ = ["ParameterCard", "settings_form"]


class ParameterCard(QGroupBox):
    """A card of settings: ``setTitle`` words its heading, ``set_note`` the line under it.

    Args:
        parent: The dialog's body.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(self.objectName() or "parameterCard")
        self.setProperty("card", True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(SPACE_L, SPACE_M, SPACE_L, SPACE_M)
        outer.setSpacing(SPACE_XS)
        self.heading = QLabel(self)
        self.heading.setObjectName("parameterCardHeading")
        font = QFont(self.heading.font())
        font.setWeight(QFont.Weight.DemiBold)
        self.heading.setFont(font)
        self.note = QLabel(self)
        self.note.setObjectName("parameterCardNote")
        self.note.setWordWrap(True)
        self.note.hide()
        muted_label(self.note)
        outer.addWidget(self.heading)
        outer.addWidget(self.note)
        outer.addSpacing(SPACE_XS)
        #: Where the card's controls go.
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(SPACE_S)
        outer.addLayout(self.body, 1)

    def setTitle(self, title: str) -> None:
        """Word the heading; the group box keeps it as its accessible name (no title drawn by the style)."""
        self.heading.setText(title)
        self.setAccessibleName(title)

    def title(self) -> str:
        """The heading's text."""
        return self.heading.text()

    def set_note(self, text: str) -> None:
        """The one line under the heading saying what the card's settings do ("" for none)."""
        self.note.setText(text)
        self.note.setVisible(bool(text))


def settings_form(card: ParameterCard) -> QFormLayout:
    """The form of one card of the conversation settings, laid out as Settings' forms."""
    form = settings_form_layout()
    card.body.addLayout(form)
    return form
