"""Interface icons: in their colour, sharp at every scaling, greyed when disabled, tinted only when drawn."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QImage
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from app.qt.icons import ui_icons
from app.qt.icons.ui_icons import ui_icon


def _inked(image: QImage) -> set[str]:
    """The colours of the icon's opaque pixels."""
    return {
        image.pixelColor(x, y).name()
        for x in range(image.width())
        for y in range(image.height())
        if image.pixelColor(x, y).alpha() == 255
    }


@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0])
def test_an_icon_is_drawn_in_its_colour_with_a_pixel_per_device_pixel(qtbot: QtBot, scale: float) -> None:
    icon = ui_icon("send", "#c01020", 20)
    pixmap = icon.pixmap(QSize(20, 20), scale)
    assert pixmap.size() == QSize(round(20 * scale), round(20 * scale))  # sharp: not scaled up from 1x
    assert _inked(pixmap.toImage()) == {"#c01020"}


def test_a_disabled_button_shows_its_own_grey_and_others_get_the_styles(qtbot: QtBot) -> None:
    button = QToolButton()
    qtbot.addWidget(button)
    button.setIconSize(QSize(20, 20))
    button.setIcon(ui_icon("send", "#ffffff", 20, disabled="#808080"))
    button.setEnabled(False)
    assert _inked(button.icon().pixmap(QSize(20, 20), 1.0, QIcon.Mode.Disabled).toImage()) == {"#808080"}
    greyed = ui_icon("send", "#c01020", 20).pixmap(QSize(20, 20), 1.0, QIcon.Mode.Disabled)
    assert not greyed.isNull() and "#c01020" not in _inked(greyed.toImage())


def test_an_icon_keeps_its_size_in_a_larger_button_and_an_unknown_name_is_null(qtbot: QtBot) -> None:
    icon = ui_icon("copy", QColor("#000000"), 16)
    assert icon.actualSize(QSize(32, 32)) == QSize(16, 16)
    assert icon.actualSize(QSize(12, 12)) == QSize(12, 12)
    assert not icon.isNull() and ui_icon("no-such-icon", "#000000").isNull()


def test_nothing_is_tinted_until_the_icon_is_drawn_and_then_once(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, str]] = []
    tint = ui_icons.tinted_image

    def counted(name: str, colour: QColor | str, logical: int, scale: float = 1.0) -> QImage:
        calls.append((name, str(colour)))
        return tint(name, colour, logical, scale)

    monkeypatch.setattr(ui_icons, "tinted_image", counted)
    button = QToolButton()
    qtbot.addWidget(button)
    button.setIconSize(QSize(16, 16))
    button.setIcon(ui_icon("trash", "#123456", 16))
    assert calls == []  # building a widget draws nothing (a hidden bar's icons are never tinted)
    button.show()
    qtbot.waitExposed(button)
    button.grab()
    button.grab()
    assert calls == [("trash", "#123456")]  # drawn, at the one scaling on screen, and kept
    assert "#123456" in _inked(button.grab().toImage())
