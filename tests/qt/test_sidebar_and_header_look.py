"""The sidebar grouped by date with hover actions, the header's title and markers, folding, the welcome."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.chat.generation import GenerationSettings
from app.core.store.conversations import ConversationStore
from app.core.store.db import Database
from app.core.store.records import SearchHit
from app.qt.main_window import MainWindow
from app.qt.models.conversation_list_model import ConversationListModel, ConversationRole
from app.qt.render.palette import palette_for
from app.qt.theme import apply_theme
from app.qt.widgets.conversation_delegate import ROW_ACTIONS
from app.qt.widgets.empty_state import EmptyState
from app.render.palette import contrast_ratio

DAY = 86_400.0


class _SetClock:
    """A clock the test sets before each change."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ConversationStore]:
    database = Database.open(tmp_path / "history.sqlite3")
    clock = _SetClock()
    store = ConversationStore(database, clock=clock)
    now = time.time()
    for title, age in (
        ("Old one", 90 * DAY),
        ("Last month", 20 * DAY),
        ("This week", 3 * DAY),
        ("Yesterday's", DAY),
        ("Just now " + "with a very long title " * 6, 0.0),
    ):
        clock.now = now - age
        store.create(title, "gemini-2.5-flash")
    clock.now = now - 40 * DAY
    pinned = store.create("Pinned one", "gemini-2.5-flash")
    store.set_pinned(pinned.id, True)
    try:
        yield store
    finally:
        database.close()


def _window(qtbot: QtBot, store: ConversationStore, width: int = 1400) -> MainWindow:
    window = MainWindow(ConversationListModel(store))
    qtbot.addWidget(window)
    window.resize(width, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def _window_showing(qtbot: QtBot, store: ConversationStore, row: int) -> tuple[MainWindow, int]:
    """A window with the conversation at ``row`` of the list open; its id."""
    window = _window(qtbot, store)
    conversation_id = window.sidebar.model.index(row).data(ConversationRole.Id)
    window.sidebar.select(conversation_id)
    return window, conversation_id


def test_conversations_are_grouped_by_date_under_headings(qtbot: QtBot, store: ConversationStore) -> None:
    window = _window(qtbot, store)
    model, view = window.sidebar.model, window.sidebar.list_view
    labels = [model.index(row).data(ConversationRole.GroupLabel) for row in range(model.rowCount())]
    assert labels[:5] == ["Pinned", "Today", "Yesterday", "Previous 7 days", "Previous 30 days"]
    assert labels[5]  # a month's name
    heights = [view.visualRect(model.index(row)).height() for row in range(model.rowCount())]
    assert min(heights) > 0 and len(set(heights)) == 1  # every row here starts a group: all tall
    assert view.horizontalScrollBar().maximum() == 0 or not view.horizontalScrollBar().isVisible()
    model.show_search_results([])
    assert window.sidebar.no_results.isVisible() or model.rowCount() == 0


def test_a_hovered_row_deletes_pins_and_renames_from_its_icons(
    qtbot: QtBot, store: ConversationStore
) -> None:
    window = _window(qtbot, store)
    view = window.sidebar.list_view
    index = window.sidebar.model.index(1)
    conversation_id = index.data(ConversationRole.Id)
    rect = view.visualRect(index)
    side = 16 + 8  # an icon and its padding (ConversationDelegate._action_rects)
    # The row's own part is below its date heading: aim at its lower part, from the right edge.
    row_centre_y = rect.bottom() - (rect.height() // 4)
    asked: list[tuple[str, object]] = []
    window.sidebar.delete_requested.connect(lambda cid: asked.append(("delete", cid)))
    window.sidebar.pin_requested.connect(lambda cid, pin: asked.append(("pin", (cid, pin))))
    window.sidebar.rename_requested.connect(lambda cid: asked.append(("rename", cid)))
    for position, (action, _icon) in enumerate(ROW_ACTIONS):
        x = rect.right() - 4 - side * position - side // 2
        QTest.mouseMove(view.viewport(), QPoint(x, row_centre_y))
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, row_centre_y))
        assert asked and asked[-1][0] == action, (action, asked)
    assert ("delete", conversation_id) in asked and ("pin", (conversation_id, True)) in asked


def test_a_narrow_window_folds_the_sidebar_and_its_button_brings_it_back(
    qtbot: QtBot, store: ConversationStore
) -> None:
    window = _window(qtbot, store, width=800)
    assert not window.sidebar.isVisible()
    window.header.sidebar_button.click()
    assert window.sidebar.isVisible()
    window.resize(1400, 800)
    qtbot.waitUntil(lambda: window.sidebar.isVisible())
    window.header.sidebar_button.click()
    assert not window.sidebar.isVisible()
    window.focus_search()  # the search shortcut brings the list back
    assert window.sidebar.isVisible() and window.focusWidget() is window.sidebar.search


def test_the_header_shows_the_title_renames_in_place_and_marks_an_instruction(
    qtbot: QtBot, store: ConversationStore
) -> None:
    window, conversation_id = _window_showing(qtbot, store, row=1)
    model = window.sidebar.model
    assert window.header.title.text().startswith("Just now")
    assert window.header.instruction_marker.isHidden() and window.header.tools_marker.isHidden()
    settings = GenerationSettings(system_instruction="Answer like a pirate.", google_search=True)
    store.set_settings(conversation_id, settings.to_dict())
    model.refresh_conversation(conversation_id)
    assert not window.header.instruction_marker.isHidden() and not window.header.tools_marker.isHidden()
    assert "Answer like a pirate." in window.header.instruction_marker.toolTip()
    title = window.header.title
    title.setFocus()
    title.selectAll()
    QTest.keyClicks(title, "Pirate talk")
    QTest.keyClick(title, Qt.Key.Key_Return)
    stored = store.get(conversation_id)
    assert stored is not None and stored.title == "Pirate talk"
    assert model.index(model.row_of(conversation_id)).data(Qt.ItemDataRole.DisplayRole) == "Pirate talk"


def test_an_empty_conversation_welcomes_with_example_prompts(qtbot: QtBot, store: ConversationStore) -> None:
    window = _window(qtbot, store)
    window.transcript.clear_transcript()
    welcome = window.transcript.empty_state
    assert welcome.isVisible() and len(welcome.prompt_buttons) >= 3
    assert not welcome.demo_note.isVisible()
    welcome.set_demo(True)
    assert welcome.demo_note.isVisible()
    first = welcome.prompt_buttons[0]
    first.click()
    assert window.composer.text() == first.accessibleName()  # the whole example, also when shown elided
    window.transcript.add_message(1, "user", "hello")
    assert not welcome.isVisible()


@pytest.mark.parametrize(("width", "columns"), [(1100, 2), (560, 1), (330, 1)])
def test_the_example_prompts_are_shown_whole_or_elided_never_cut(
    qtbot: QtBot, width: int, columns: int
) -> None:
    apply_theme("light")  # the app's style sheet: the examples' padding and border
    welcome = EmptyState()
    qtbot.addWidget(welcome)
    welcome.resize(width, 600)
    welcome.show()
    qtbot.waitExposed(welcome)
    lefts = {button.geometry().left() for button in welcome.prompt_buttons}
    assert len(lefts) == columns
    for button in welcome.prompt_buttons:
        text_room = button.contentsRect().width() - 2 * 14  # the style sheet's padding inside the border
        assert button.fontMetrics().horizontalAdvance(button.text()) <= text_room, (button.text(), width)
        full = button.accessibleName()
        assert button.text() == full or (button.text().endswith("…") and button.toolTip() == full)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_search_result_shows_its_title_and_snippet_whole_and_readable_when_selected(
    qtbot: QtBot, store: ConversationStore, theme: str
) -> None:
    apply_theme(theme)
    try:
        window = _window(qtbot, store)
        model, view = window.sidebar.model, window.sidebar.list_view
        target = next(c for c in store.list() if c.title == "Old one")
        snippet = "please look at this pasted text about zebras and their stripes"
        start = snippet.index("zebras")
        model.show_search_results(
            [SearchHit(target.id, target.title, None, snippet, start, len("zebras"), target.updated_at)]
        )
        index = model.index(0)
        view.setCurrentIndex(index)
        qtbot.wait(50)
        rect = view.visualRect(index)
        line = view.fontMetrics().height()
        assert rect.height() >= 2 * line + 12  # two lines of text inside the row's padding (6 px each side)

        image = view.viewport().grab(rect).toImage()
        colours = palette_for(view.palette())
        ground = colours.selection  # a selected row
        # The snippet's line (the lower half) holds text drawn in full: its darkest (light theme) or
        # lightest (dark theme) pixels contrast with the row as body text must (WCAG AA, 4.5:1), and so do
        # the title's (the upper half). Before, the snippet was cut in half and the title was white on pale
        # blue.
        for top, bottom in ((0, rect.height() // 2), (rect.height() // 2, rect.height())):
            seen = {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(top, bottom)}
            best = max(contrast_ratio(colour, ground) for colour in seen)
            assert best >= 4.5, (theme, top, best)
    finally:
        apply_theme("system")


def test_a_long_title_ends_in_an_ellipsis_and_is_whole_in_its_tooltip_and_when_edited(
    qtbot: QtBot, store: ConversationStore
) -> None:
    window = _window(qtbot, store, width=1000)
    model = window.sidebar.model
    conversation_id = model.index(1).data(ConversationRole.Id)
    window.sidebar.select(conversation_id)
    whole = "Just now " + "with a very long title " * 6
    title = window.header.title
    shown = title.text()
    assert shown.endswith("…") and whole.startswith(shown[:-1]), shown
    assert title.fontMetrics().horizontalAdvance(shown) < title.width(), "the shown title is still clipped"
    assert "with a very long title with a very long title with a very long title" in title.toolTip()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTest.mouseClick(title, Qt.MouseButton.LeftButton)
    assert title.hasFocus() and title.text() == whole  # editing starts from the whole title
    QTest.keyClick(title, Qt.Key.Key_End)
    QTest.keyClicks(title, "!")
    QTest.keyClick(title, Qt.Key.Key_Escape)
    assert title.text() == shown and not title.hasFocus()  # cancelled: back to the fitted title
    window.resize(1600, 800)
    qtbot.waitUntil(lambda: len(title.text()) > len(shown))  # more room, more of the title


def test_the_header_fits_a_title_again_only_when_it_or_its_room_changed(
    qtbot: QtBot, store: ConversationStore
) -> None:
    # A Send refreshes the conversation's row several times with the same title: eliding it again each time
    # was a sixth of the click's time on a loaded machine.
    window, conversation_id = _window_showing(qtbot, store, row=0)
    model = window.sidebar.model
    title = window.header.title
    metrics = title.fontMetrics()
    elided: list[str] = []

    class Counting:
        def elidedText(self, text: str, mode: Qt.TextElideMode, width: int) -> str:
            elided.append(text)
            return metrics.elidedText(text, mode, width)

    title.fontMetrics = Counting  # type: ignore[assignment,method-assign]
    for _ in range(3):
        model.refresh_conversation(conversation_id)
    assert elided == []
    store.rename(conversation_id, "Just now " + "with a very long title " * 6)
    model.refresh_conversation(conversation_id)
    assert len(elided) == 1 and title.text().endswith("…")
    shown = title.text()
    # Editing shows the whole title; leaving the edit shows the fitted one again.
    QApplication.sendEvent(title, QFocusEvent(QEvent.Type.FocusIn, Qt.FocusReason.MouseFocusReason))
    assert title.text() == "Just now " + "with a very long title " * 6
    QApplication.sendEvent(title, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason))
    assert title.text() == shown
    window.resize(window.width() - 200, window.height())
    assert title.text() != shown and title.text().endswith("…")
