"""Text from outside (a gateway's model ids, a settings file's address, a file's name) is shown as written.

Qt reads a label's, a message box's or a tooltip's text as HTML when it looks like HTML: ``<title>`` hides
what follows, ``<s>`` strikes it out; a window title is plain text, but a bidi override reorders it. Each
place below once showed such text as it would act, not as it is written.
"""

from __future__ import annotations

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.core.chat.attachments import Attachment
from app.core.chat.generation import GenerationSettings
from app.core.gemini.model_names import display_name
from app.core.gemini.quota import KeyQuota
from app.qt.controllers.plain_http_guard import PlainHttpGuard
from app.qt.dialogs.conversation_settings import ConversationSettingsDialog
from app.qt.startup_messages import show_notice
from app.qt.widgets.attachment_strip import AttachmentStrip
from app.qt.widgets.image_viewer import ImageViewer
from app.qt.widgets.model_checklist import ModelChecklist
from app.qt.widgets.parallel_replies import ParallelReplies
from app.qt.widgets.status_line import StatusLine
from tests.helpers.shown_text import label_shows, shows

HIDING = "<title>"  # read as HTML, everything after it would vanish


def test_a_plain_http_address_cannot_hide_the_warning_about_it(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    guard = PlainHttpGuard(window)

    assert not guard.check(f"http://gateway.example{HIDING}", window, lambda: None)

    assert guard.box is not None
    shown = label_shows(guard.box)
    assert f"http://gateway.example{HIDING}" in shown and "unencrypted" in shown
    guard.box.close()


def test_a_notice_at_start_shows_the_names_it_quotes(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    box = show_notice(window, f"settings{HIDING}.json was damaged and kept as a copy.")
    assert label_shows(box) == f"settings{HIDING}.json was damaged and kept as a copy."
    box.close()


def test_model_ids_from_the_gateway_are_shown_as_written(qtbot: QtBot) -> None:
    model = "<s>gemini-2.5-pro</s>"
    dialog = ConversationSettingsDialog(GenerationSettings(), model, GenerationSettings())
    qtbot.addWidget(dialog)
    assert model in label_shows(dialog.model_label)

    replies = ParallelReplies()
    qtbot.addWidget(replies)
    replies.start({1: model, 2: f"gemini-2.5-flash{HIDING}"})
    names = [label_shows(label) for label in replies.findChildren(QLabel, "parallelReplyModel")]
    tips = [shows(label.toolTip()) for label in replies.findChildren(QLabel, "parallelReplyModel")]
    assert sorted(names) == sorted(display_name(m) for m in (model, f"gemini-2.5-flash{HIDING}"))
    assert sorted(tips) == sorted([model, f"gemini-2.5-flash{HIDING}"])

    checklist = ModelChecklist()
    qtbot.addWidget(checklist)
    checklist.set_models([(model, "")], [], full=False)
    assert shows(checklist.list.item(0).toolTip()) == model


def test_an_attachments_name_is_shown_as_written(qtbot: QtBot) -> None:
    strip = AttachmentStrip()
    qtbot.addWidget(strip)
    name = "<s>notes</s>.txt"
    chip = strip.add(Attachment(name, "text/plain", b"hello"))
    assert label_shows(chip.name_label) == name


def test_an_image_windows_title_shows_a_names_bidi_override(qtbot: QtBot) -> None:
    image = QImage(4, 3, QImage.Format.Format_RGB32)
    viewer = ImageViewer(image, "photo\u202egnp.exe")  # reads "photoexe.png"
    qtbot.addWidget(viewer)
    assert viewer.windowTitle().startswith("photo[U+202E]gnp.exe")


def test_the_keys_name_from_the_gateway_is_shown_as_written_in_the_quota_tooltip(qtbot: QtBot) -> None:
    line = StatusLine()
    qtbot.addWidget(line)
    line.show_quota(KeyQuota("new-api", "display", name="<s>team key</s>", remaining=5.0), now=0.0)
    assert "Key name: <s>team key</s>" in shows(line.quota_label.toolTip())
