"""The window comes back as it was left: size, splitter, open conversation, chosen model and text size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import qasync
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.core.settings import WindowState
from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from app.qt.window_state import capture_window_state, restore_geometry
from tests.helpers.app_harness import run_app, send_and_wait, wait_until


def pick_model(desk: GeminiDesk, model: str) -> None:
    """Type a model name into the picker and press Enter, like a user."""
    line_edit = desk.window.model_picker.combo.lineEdit()
    assert line_edit is not None
    line_edit.selectAll()
    QTest.keyClicks(line_edit, model)
    QTest.keyClick(line_edit, Qt.Key.Key_Return)


def test_a_new_window_on_the_same_data_restores_the_last_session(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    left: dict[str, Any] = {}
    found: dict[str, Any] = {}

    async def first_run(desk: GeminiDesk) -> None:
        window = desk.window
        older, _, _ = await send_and_wait(desk, "the older conversation")
        window.sidebar.new_button.click()
        await send_and_wait(desk, "the newer conversation")
        desk.window_controller.open_conversation(older)
        pick_model(desk, "gemini-2.5-pro")
        # Within the offscreen screen (800×600): restoring clamps a window to the screen it lands on.
        window.resize(780, 560)
        await wait_until(lambda: window.width() == 780, what="the resize")
        window.splitter.setSizes([333, window.splitter.width() - 333 - window.splitter.handleWidth()])
        window.zoom_transcript(1)
        left.update(
            conversation=older,
            size=(window.width(), window.height()),
            splitter=window.splitter.sizes(),
            font=window.transcript.font().pointSize(),
        )

    async def second_run(desk: GeminiDesk) -> None:
        window = desk.window
        found.update(
            conversation=desk.window_controller.current_conversation,
            model=window.model_picker.current_model(),
            size=(window.width(), window.height()),
            splitter=window.splitter.sizes(),
            font=window.transcript.font().pointSize(),
        )
        # New conversations start with the model chosen last.
        window.sidebar.new_button.click()
        current = desk.window_controller.current_conversation
        assert current is not None
        conversation = desk.store.get(current)
        found["new_model"] = conversation.model if conversation else None

    run_app(qloop, tmp_path, first_run, gateway)
    run_app(qloop, tmp_path, second_run, gateway)
    assert found["conversation"] == left["conversation"]
    assert found["model"] == "gemini-2.5-pro" == found["new_model"]
    assert found["size"] == left["size"]
    assert found["splitter"] == left["splitter"]
    assert found["font"] == left["font"]


def test_the_last_model_is_shown_when_no_conversation_is_left(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    found: dict[str, str] = {}

    async def first_run(desk: GeminiDesk) -> None:
        pick_model(desk, "gemini-2.5-flash-lite")

    async def second_run(desk: GeminiDesk) -> None:
        assert desk.window_controller.current_conversation is None
        found["model"] = desk.window.model_picker.current_model()

    run_app(qloop, tmp_path, first_run, gateway)
    run_app(qloop, tmp_path, second_run, gateway)
    assert found["model"] == "gemini-2.5-flash-lite"


def test_a_collapsed_or_mismatched_splitter_state_is_ignored(qtbot: Any) -> None:
    from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

    window = QMainWindow()
    qtbot.addWidget(window)
    splitter = QSplitter(window)
    splitter.addWidget(QWidget())
    splitter.addWidget(QWidget())
    window.setCentralWidget(splitter)
    window.resize(800, 600)
    window.show()
    splitter.setSizes([300, 500])
    before = splitter.sizes()
    # The window's own place is kept (without one, restoring sizes a window to the screen).
    here = capture_window_state(window, splitter, WindowState(), conversation_id=None, model="").geometry
    for sizes in ((0, 800), (10, 790), (200, 300, 300), ()):
        restore_geometry(window, splitter, WindowState(geometry=here, splitter_sizes=sizes))
        assert splitter.sizes() == before
    state = capture_window_state(
        window, splitter, WindowState(last_model="m"), conversation_id=None, model=""
    )
    assert state.last_model == "m" and state.splitter_sizes == tuple(before) and state.geometry
