"""At 800×600 the status line's parts never overlap, in English and Chinese, however long the state is."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from pytestqt.qtbot import QtBot

from app.core.gemini.quota import KeyQuota
from app.core.store.conversations import ConversationStore
from app.core.store.db import Database
from app.qt.main_window import MainWindow
from app.qt.models.conversation_list_model import ConversationListModel
from tests.helpers.languages import ui_language

# Every figure a reply can have, large: the longest figures line there is.
FIGURES = {
    "usage": {
        "promptTokenCount": 123_456,
        "candidatesTokenCount": 65_432,
        "thoughtsTokenCount": 12_345,
        "cachedContentTokenCount": 9_999,
    },
    "time_to_first_token": 1.23,
    "tokens_per_second": 1234.5,
}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ConversationStore]:
    database = Database.open(tmp_path / "history.sqlite3")
    try:
        yield ConversationStore(database)
    finally:
        database.close()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_at_800x600_state_figures_quota_and_key_file_sit_side_by_side(
    qtbot: QtBot, store: ConversationStore, language: str
) -> None:
    with ui_language(language):
        window = MainWindow(ConversationListModel(store))
        qtbot.addWidget(window)
        window.resize(800, 600)
        window.show()
        qtbot.waitExposed(window)
        line = window.status_line
        state = "Connected to https://gateway.example — 143 models, Gemini first, " * 2
        line.set_state(state)
        line.show_reply_figures(FIGURES)
        expires = time.time() + 3 * 86_400
        line.show_quota(
            KeyQuota(
                "new-api", "points", remaining=500_000, used=9_500_000, granted=10_000_000, expires_at=expires
            )
        )
        line.show_key_file("/home/someone/.config/gemini-desk/api-key")
        qtbot.wait(50)  # the layout settles

        # The window stays as wide as it was made: the line's texts did not push it past an 800 px screen.
        assert window.width() == 800 and line.width() == 800
        parts = [line.state_label, line.figures_label, line.quota_label, line.key_file_label]
        assert all(part.isVisible() for part in parts)
        boxes = [part.geometry() for part in parts]
        bar = QRect(0, 0, line.width(), line.height())
        for part, box in zip(parts, boxes, strict=True):
            assert bar.contains(box), part.objectName()
        for index, box in enumerate(boxes):
            for other in boxes[index + 1 :]:
                assert not box.intersects(other), [b.getRect() for b in boxes]
        # The state keeps room for a few words; what is cut ends in "…" and is whole in its tooltip.
        assert line.state_label.width() >= 10 * line.state_label.fontMetrics().averageCharWidth()
        assert line.state_label.text() == state and state.strip() in line.state_label.toolTip()
        assert line.figures_label.text() and line.figures_label.text() in line.figures_label.toolTip()
