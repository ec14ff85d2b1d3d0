"""The review's findings on widgets (issue 16): what a user sees and reaches, light and dark."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QProxyStyle,
    QStyle,
    QStyleOptionSlider,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.core.chat.attachments import Attachment
from app.core.settings import Settings
from app.qt.dialogs.settings_dialog import SettingsDialog
from app.qt.icons.ui_icons import ui_icon
from app.qt.theme import ThemeController
from app.qt.widgets.attachment_strip import AttachmentChip
from app.qt.widgets.composer import Composer
from app.render.design import ICON_M, SCROLL_BAR
from app.render.palette import DARK, LIGHT, contrast_ratio


def _text_contrast(widget: QWidget) -> float:
    """The contrast between the text drawn in ``widget`` and the background around it, as grabbed."""
    image: QImage = widget.grab().toImage()
    background = image.pixelColor(1, 1).name()
    return max(
        contrast_ratio(image.pixelColor(x, y).name(), background)
        for x in range(image.width())
        for y in range(image.height())
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_an_attachments_detail_is_readable_and_not_announced_as_disabled(
    qtbot: QtBot, theme: ThemeController, scheme: str
) -> None:
    theme.apply(scheme)
    chip = AttachmentChip(Attachment("notes.txt", "text/plain", b"x" * 60), None)
    qtbot.addWidget(chip)
    chip.show()
    qtbot.waitExposed(chip)
    detail = chip.findChild(QLabel, "attachmentDetail")
    assert detail is not None and detail.isVisible()
    assert detail.isEnabled(), "secondary information is announced as unavailable"
    assert _text_contrast(detail) >= 4.5, "the detail fails WCAG AA"
    name = chip.findChild(QLabel, "attachmentName")
    assert name is not None
    assert _text_contrast(detail) < _text_contrast(name), "the detail does not read as secondary"


@pytest.mark.parametrize("spoof", ["invoice\u202etxt.exe", "photo\u202egnp.exe", "a\u200bb\u2066.txt"])
def test_an_attachment_s_name_shows_its_invisible_characters(qtbot: QtBot, spoof: str) -> None:
    chip = AttachmentChip(Attachment(spoof, "text/plain", b"hello"), None)
    qtbot.addWidget(chip)
    name = chip.findChild(QLabel, "attachmentName")
    assert name is not None
    for shown in (name.text(), chip.toolTip(), chip.accessibleName(), chip.remove_button.accessibleName()):
        assert "[U+" in shown and not any(c in shown for c in "\u202e\u200b\u2066"), shown


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_long_prompt_scrolls_with_a_thin_rounded_tinted_bar_without_arrows(
    qtbot: QtBot, theme: ThemeController, scheme: str
) -> None:
    theme.apply(scheme)
    colours = LIGHT if scheme == "light" else DARK
    composer = Composer()
    qtbot.addWidget(composer)
    composer.resize(700, 300)
    composer.show()
    qtbot.waitExposed(composer)
    composer.set_text("line\n" * 14)  # past the ten lines the composer grows to
    bar = composer.editor.verticalScrollBar()
    qtbot.waitUntil(bar.isVisible)
    assert bar.width() <= SCROLL_BAR
    option = QStyleOptionSlider()
    bar.initStyleOption(option)
    for arrow in (QStyle.SubControl.SC_ScrollBarAddLine, QStyle.SubControl.SC_ScrollBarSubLine):
        rect = bar.style().subControlRect(QStyle.ComplexControl.CC_ScrollBar, option, arrow, bar)
        assert rect.isEmpty(), "the scroll bar has arrow buttons"
    image: QImage = bar.grab().toImage()
    drawn = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
    colours_drawn = {colour.name() for colour in drawn if colour.alpha() == 255}  # the track is see-through
    assert colours.scroll_thumb in colours_drawn, "the thumb is not in the palette's colour"
    assert "#000000" not in colours_drawn, "a black thumb or outline"


class _IconsOnDialogButtons(QProxyStyle):
    """A platform style that puts its stock icons (a green tick, a red cross) on dialog buttons."""

    def styleHint(self, hint: QStyle.StyleHint, *args: object) -> int:
        if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            return 1
        return super().styleHint(hint, *args)  # type: ignore[arg-type]


def _form_labels(page: QWidget) -> list[QLabel]:
    labels = []
    for form in page.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLabel) and widget.text():
                labels.append(widget)
    return labels


def test_settings_uses_the_apps_icons_and_plain_ok_cancel_and_lines_up_every_pages_labels(
    qtbot: QtBot, theme: ThemeController
) -> None:
    theme.apply("light")
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    box = dialog.findChild(QDialogButtonBox, "settingsButtonBox")
    assert box is not None
    for button in box.buttons():
        assert button.text() and button.icon().isNull(), "a stock tick or cross icon"
    # Also where the desktop's theme asks for stock icons on dialog buttons (GNOME, KDE): none, in any dialog.
    themed = QDialogButtonBox()
    qtbot.addWidget(themed)
    themed.setStyle(_IconsOnDialogButtons())
    themed.setStandardButtons(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert all(button.icon().isNull() for button in themed.buttons()), "a stock tick or cross icon"
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    drawn = ok.grab().toImage()
    assert drawn.pixelColor(drawn.width() // 2, 3).name() == LIGHT.accent, "OK is not the main action"
    # Each section's icon says what it is: a globe for the network, a key for the gateway and key.
    names = dialog.findChild(QListWidget, "settingsSectionList")
    assert names is not None
    size = QSize(ICON_M, ICON_M)
    for row, icon in ((0, "key"), (3, "settings"), (5, "globe")):
        shown = names.item(row).icon().pixmap(size).toImage()
        assert shown == ui_icon(icon, LIGHT.muted, ICON_M).pixmap(size).toImage(), (row, icon)
    # The Tools page's server form lines its labels up with the other pages: right-aligned, one column.
    network = _form_labels(dialog.network_tab)
    tools = _form_labels(dialog.tools_tab)
    assert tools and network
    assert {label.minimumWidth() for label in tools} == {network[0].minimumWidth()}
    assert all(label.alignment() & Qt.AlignmentFlag.AlignRight for label in tools)
