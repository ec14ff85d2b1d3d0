"""Screen readers and keyboard users: every control is named, Tab walks a sensible path, status is heard."""

from __future__ import annotations

import asyncio
from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from app.demo.server import GatewayDouble
from app.main import GeminiDesk
from tests.helpers.app_harness import run_app, send_and_wait, wait_until


def _interactive(root: QWidget) -> list[QWidget]:
    """Every widget a user can reach by keyboard or click, on the chat and the welcome page alike."""
    found = []
    for widget in root.findChildren(QWidget):
        if widget.window() is not root or widget.objectName().startswith("qt_"):
            continue  # popups and dialogs are separate windows; qt_* are Qt's own parts (menu bar overflow)
        if isinstance(widget, QLabel) or isinstance(widget.parent(), QLineEdit):
            continue  # labels are read as text; a line edit's clear button is part of the line edit
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus or isinstance(widget, QAbstractButton):
            found.append(widget)
    return found


def _label(widget: QWidget) -> str:
    return f"{type(widget).__name__}({widget.objectName() or '?'}) in {type(widget.parent()).__name__}"


def test_every_control_of_the_main_window_has_an_accessible_name(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        await send_and_wait(desk, "hello")
        controls = _interactive(desk.window)
        assert len(controls) > 15
        unnamed = []
        for widget in controls:
            interface = QAccessible.queryAccessibleInterface(widget)
            name = interface.text(QAccessible.Text.Name) if interface is not None else ""
            if not (widget.accessibleName() or name).strip():
                unnamed.append(_label(widget))
        assert unnamed == [], "\n".join(unnamed)
        window = desk.window
        for widget in (
            window.sidebar.search,
            window.sidebar.list_view,
            window.model_picker.combo,
            window.transcript,
            window.composer.editor,
            window.composer.send_button,
            window.settings_button,
        ):
            assert widget.accessibleDescription(), _label(widget)

    run_app(qloop, tmp_path, body, gateway)


def test_tab_walks_from_the_sidebar_to_the_send_button(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        await send_and_wait(desk, "hello")
        window = desk.window
        window.activateWindow()
        await wait_until(lambda: QApplication.activeWindow() is window, what="the main window to be active")
        window.composer.set_text("typed")  # Send is enabled and visible
        window.tools_button.show()  # as once a tool server is set up
        await wait_until(window.compare_button.isVisible, what="the Several models button")
        window.sidebar.search.setFocus()
        visited: list[QWidget] = []
        for _ in range(60):
            current = QApplication.focusWidget()
            assert current is not None
            if current in visited[:-1]:
                break  # round the window once
            if not visited or current is not visited[-1]:
                visited.append(current)
            # Tab within the transcript first visits its links (Copy, Edit, Regenerate), then moves on.
            QTest.keyClick(current, Qt.Key.Key_Tab)
            await asyncio.sleep(0.01)
        wanted = [
            window.sidebar.search,
            window.sidebar.list_view,
            window.header.title,
            # The header's buttons, left to right as drawn, come before the transcript.
            window.tools_button,
            window.compare_button,
            window.conversation_settings_button,
            window.settings_button,
            window.transcript,
            window.composer.editor,
            window.composer.model_chip,
            window.composer.send_button,
        ]
        stops = visited
        positions = [stops.index(widget) for widget in wanted if widget in stops]
        assert len(positions) == len(wanted), "\n".join(_label(w) for w in visited)
        assert positions == sorted(positions), [_label(w) for w in visited]
        # The message box hands Tab on instead of typing a tab character.
        assert window.composer.text() == "typed"

    run_app(qloop, tmp_path, body, gateway)


def test_status_changes_reach_the_accessible_name(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        await send_and_wait(desk, "hello")
        state = desk.window.status_line.state_label
        assert state.accessibleName() == state.text() == "Ready."
        figures = desk.window.status_line.figures_label
        assert figures.text() and figures.accessibleDescription() == figures.text()

    run_app(qloop, tmp_path, body, gateway)


def test_every_control_of_the_dialogs_has_an_accessible_name(qtbot: QtBot) -> None:
    from app.core.chat.generation import GenerationSettings
    from app.core.settings import Settings
    from app.qt.dialogs.conversation_settings import ConversationSettingsDialog
    from app.qt.dialogs.settings_dialog import SettingsDialog
    from app.qt.dialogs.shortcuts_dialog import ShortcutsDialog

    dialogs: list[QWidget] = [
        SettingsDialog(Settings()),
        ConversationSettingsDialog(GenerationSettings(), "gemini-2.5-flash", GenerationSettings()),
        ShortcutsDialog("enter"),
    ]
    unnamed = []
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        for widget in _interactive(dialog):
            interface = QAccessible.queryAccessibleInterface(widget)
            name = interface.text(QAccessible.Text.Name) if interface is not None else ""
            if not (widget.accessibleName() or name).strip():
                unnamed.append(f"{type(dialog).__name__}: {_label(widget)}")
    assert unnamed == [], "\n".join(unnamed)


def test_tab_reaches_every_control_from_a_new_conversation_and_comes_round(
    qloop: qasync.QEventLoop, tmp_path: Path, gateway: GatewayDouble
) -> None:
    async def body(desk: GeminiDesk) -> None:
        window = desk.window
        window.activateWindow()
        await wait_until(lambda: QApplication.activeWindow() is window, what="the main window to be active")
        examples = [w for w in window.findChildren(QAbstractButton, "examplePrompt") if w.isVisible()]
        assert examples, "the welcome of a new conversation shows example prompts"
        window.composer.editor.setFocus()
        visited: list[QWidget] = []
        for _ in range(80):
            current = QApplication.focusWidget()
            assert current is not None
            visited.append(current)
            QTest.keyClick(current, Qt.Key.Key_Tab)
            await asyncio.sleep(0.005)
        wanted = [
            window.sidebar.new_button,
            window.sidebar.search,
            window.settings_button,
            window.conversation_settings_button,
            window.composer.editor,
            window.composer.model_chip,
            *examples,
        ]
        missing = [_label(widget) for widget in wanted if widget not in visited]
        # Before, Tab went round the prompt, the header's two menus and the first example only.
        assert not missing, missing
        window.composer.editor.setFocus()
        QTest.keyClick(window.composer.editor, Qt.Key.Key_Backtab)
        assert QApplication.focusWidget() is examples[-1]  # Shift+Tab goes back the same way
        QTest.keyClick(examples[-1], Qt.Key.Key_Backtab)
        assert QApplication.focusWidget() is examples[-2]

    run_app(qloop, tmp_path, body, gateway)
