"""Every entry of a combo box's popup can be seen whole: none is cut off behind a scroll arrow.

The platform style opened short lists as a menu whose height it worked out before the style sheet's
sizes applied: Settings' Theme list showed "High contrast" half hidden behind a scroll arrow, and the
Language list "简体中文", the one entry a Chinese user looks for.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from app.core.settings import Settings
from app.qt.dialogs.settings_dialog import SettingsDialog
from app.qt.theme import ThemeController


@pytest.fixture(params=["light", "dark", "contrast"])
def settings_dialog(request: pytest.FixtureRequest, theme: ThemeController, qtbot: QtBot) -> SettingsDialog:
    """Settings in each theme, on its Appearance page (``theme`` puts the system's back)."""
    theme.apply(request.param)
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.resize(1000, 760)
    dialog.tabs.setCurrentWidget(dialog.appearance_tab)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _check_popup(combo: QComboBox, qtbot: QtBot) -> None:
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    try:
        viewport = view.viewport().rect()
        rows = [view.visualRect(combo.model().index(row, 0)) for row in range(combo.count())]
        for row, rect in enumerate(rows):
            assert rect.top() >= 0 and rect.bottom() <= viewport.bottom(), (combo.itemText(row), rect)
        # Nothing of the popup (the menu style's scroll arrows) covers the rows.
        container = view.parentWidget()
        assert container is not None
        covered = view.mapTo(container, rows[-1].bottomLeft()).y()
        assert covered < container.height() - 1, (covered, container.height())
        assert all(rect.width() <= viewport.width() for rect in rows)
        assert not view.verticalScrollBar().isVisible()
        # Rows have room around their text.
        assert view.visualRect(combo.model().index(0, 0)).height() >= view.fontMetrics().height() + 6
    finally:
        combo.hidePopup()


def test_the_theme_and_language_lists_show_every_entry_whole(
    settings_dialog: SettingsDialog, qtbot: QtBot
) -> None:
    for combo in (settings_dialog.theme_combo, settings_dialog.language_combo):
        assert 3 <= combo.count() <= 10
        _check_popup(combo, qtbot)
