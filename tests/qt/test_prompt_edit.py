from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from pytestqt.qtbot import QtBot

from app.qt.widgets.composer import Composer


def make_composer(qtbot: QtBot, send_key: str = "enter") -> tuple[Composer, list[str]]:
    composer = Composer(send_key=send_key)  # type: ignore[arg-type]
    qtbot.addWidget(composer)
    sent: list[str] = []
    composer.send_requested.connect(sent.append)
    return composer, sent


def test_enter_sends_and_shift_enter_adds_a_line(qtbot: QtBot) -> None:
    composer, sent = make_composer(qtbot)
    qtbot.keyClicks(composer.editor, "hello")
    qtbot.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(composer.editor, "world")
    assert sent == []
    qtbot.keyClick(composer.editor, Qt.Key.Key_Return)
    assert sent == ["hello\nworld"]


def test_ctrl_enter_mode_keeps_enter_for_new_lines(qtbot: QtBot) -> None:
    composer, sent = make_composer(qtbot, "ctrl_enter")
    qtbot.keyClicks(composer.editor, "a")
    qtbot.keyClick(composer.editor, Qt.Key.Key_Return)
    qtbot.keyClicks(composer.editor, "b")
    assert sent == []
    qtbot.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert sent == ["a\nb"]


def test_enter_during_an_input_method_composition_never_sends(qtbot: QtBot) -> None:
    composer, sent = make_composer(qtbot)
    composer.set_text("问")
    composer.editor.inputMethodEvent(QInputMethodEvent("nihao", []))
    qtbot.keyClick(composer.editor, Qt.Key.Key_Return)
    assert sent == []
    commit = QInputMethodEvent()
    commit.setCommitString("你好")
    composer.editor.inputMethodEvent(commit)
    qtbot.keyClick(composer.editor, Qt.Key.Key_Return)
    assert sent == ["问你好"]


def test_empty_prompt_and_streaming_state_do_not_send(qtbot: QtBot) -> None:
    composer, sent = make_composer(qtbot)
    qtbot.keyClick(composer.editor, Qt.Key.Key_Return)
    composer.set_text("hi")
    composer.set_streaming(True)
    qtbot.keyClick(composer.editor, Qt.Key.Key_Return)
    assert sent == []
    composer.set_streaming(False)
    qtbot.keyClick(composer.editor, Qt.Key.Key_Return)
    assert sent == ["hi"]
