"""The model picker's popup: opened from the composer's model chip, it shows the picker above the chip."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFrame, QMenu, QVBoxLayout, QWidget

from app.qt.widgets.model_chip import ModelChip
from app.qt.widgets.model_picker import ModelPicker
from app.render.design import SPACE_S, SPACE_XS

__all__ = ["ModelPopup"]


class ModelPopup(QFrame):
    """A popup holding the model picker (pick from the list, type any model name, refresh the list).

    It closes when a model is chosen, on Esc, or on a click elsewhere.
    """

    def __init__(self, picker: ModelPicker, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("modelPickerPopup")
        self.picker = picker
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE_S, SPACE_S, SPACE_S, SPACE_S)
        layout.addWidget(picker)
        self.setMinimumWidth(360)
        picker.model_chosen.connect(lambda _model: self.hide())

    def open_for(self, chip: ModelChip, several: QMenu) -> None:
        """The model chip was clicked: the picker, or the menu of several models while those are chosen."""
        if chip.several:
            several.popup(chip.mapToGlobal(chip.rect().bottomLeft()))
        else:
            self.open_above(chip)

    def open_above(self, anchor: QWidget) -> None:
        """Show the picker just above ``anchor`` (below it when the screen has no room) with its list open."""
        self.adjustSize()
        above = anchor.mapToGlobal(QPoint(0, -self.height() - SPACE_XS))
        self.move(above if above.y() >= 0 else anchor.mapToGlobal(anchor.rect().bottomLeft()))
        self.show()
        self.picker.combo.setFocus(Qt.FocusReason.PopupFocusReason)
        self.picker.combo.showPopup()
