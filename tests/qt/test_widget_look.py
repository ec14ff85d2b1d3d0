"""The review's findings on widgets (issue 16): what a user sees and reaches, light and dark."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.core.chat.attachments import Attachment
from app.qt.theme import ThemeController
from app.qt.widgets.attachment_strip import AttachmentChip
from app.render.palette import contrast_ratio


@pytest.fixture
def theme(qapp: QApplication) -> Iterator[ThemeController]:
    """The app's theme controller (it sets the app's style sheet); the system theme is restored afterwards."""
    controller = qapp.findChild(ThemeController) or ThemeController(qapp)
    try:
        yield controller
    finally:
        controller.apply("system")


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
    assert 4.5 <= _text_contrast(detail), "the detail fails WCAG AA"
    name = chip.findChild(QLabel, "attachmentName")
    assert name is not None
    assert _text_contrast(detail) < _text_contrast(name), "the detail does not read as secondary"
