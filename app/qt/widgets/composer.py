"""The composer at the bottom of the window: a rounded frame holding attachments, the prompt, Send and Stop.

The prompt grows with its text from one line to ``COMPOSER_MAX_LINES`` lines, then scrolls.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QSize, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.chat.attachments import Attachment
from app.qt.follows_changes import FollowsLanguageAndTheme
from app.qt.icons.ui_icons import ui_icon
from app.qt.render.palette import palette_for
from app.qt.widgets.attachment_strip import AttachmentStrip, make_thumbnail
from app.qt.widgets.editing_banner import EditingBanner
from app.qt.widgets.file_drops import DropCatcher, carries_attachments
from app.qt.widgets.model_chip import ModelChip
from app.qt.widgets.prompt_edit import PromptEdit, SendKey
from app.render.design import COMPOSER_MAX_LINES, ICON_M, SPACE_S, SPACE_XS


class Composer(FollowsLanguageAndTheme, QWidget):
    """Collects a prompt and emits intents; it never talks to the client or the store itself.

    Files are attached by an ``AttachmentController`` that answers ``attach_requested``, ``files_dropped``
    and the editor's ``attachments_pasted``, and fills ``attachment_strip``.

    Signals:
        send_requested(str): Send, with the prompt.
        stop_requested(): Stop the answer.
        attach_requested(): The paperclip was clicked.
        files_dropped(list): Local files were dropped on the composer or the window (their paths).
        send_held(str): Send was pressed but cannot happen yet; why, and what to do, for the status line.
        cancel_edit_requested(): The editing banner's ✕ was clicked (Esc goes through ``stop_requested``).
    """

    send_requested = Signal(str)
    send_held = Signal(str)
    stop_requested = Signal()
    attach_requested = Signal()
    files_dropped = Signal(list)
    cancel_edit_requested = Signal()

    def __init__(self, parent: QWidget | None = None, send_key: SendKey = "enter") -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self.editor = PromptEdit(self, send_key)
        self.editor.setFrameShape(QFrame.Shape.NoFrame)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        self.send_button = QPushButton(self)
        self.send_button.setObjectName("sendButton")
        self.send_button.setDefault(False)
        self.stop_button = QPushButton(self)
        self.stop_button.setObjectName("stopButton")

        # Attachments: the paperclip, drops anywhere in the window, and pasted images or copied files.
        self.attachment_strip = AttachmentStrip(self)
        self.attach_button = QToolButton(self)
        self.attach_button.setObjectName("attachButton")
        self.attach_button.setIconSize(QSize(ICON_M, ICON_M))
        self.attach_button.setAutoRaise(True)
        self._drops = DropCatcher(self.files_dropped.emit, self)
        self._drops.watch(self)
        self._window_watched = False
        self._attachments_loading = False
        self.editor.attachment_filter = carries_attachments
        self.attach_button.clicked.connect(self.attach_requested)

        # One rounded frame (styled in app.qt.style_sheet): attachment chips above the text, the text, then a
        # row with the paperclip, the model in use (a chip that opens the picker) and Send or Stop.
        self.frame = QFrame(self)
        self.frame.setObjectName("composerFrame")
        self.frame.setProperty("focused", False)
        self.attachment_strip.setParent(self.frame)
        # Shown above everything while a sent message is being edited (``set_editing``).
        self.editing_banner = EditingBanner(self.frame)
        self.editing_banner.hide()
        self.editing_banner.cancel_clicked.connect(self.cancel_edit_requested)
        #: The model the next question goes to; the window connects its ``clicked`` to the model picker.
        self.model_chip = ModelChip(self.frame)
        for widget in (self.attach_button, self.editor, self.send_button, self.stop_button):
            widget.setParent(self.frame)
        self.send_button.setIconSize(QSize(ICON_M, ICON_M))
        self.stop_button.setIconSize(QSize(ICON_M, ICON_M))
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(SPACE_XS)
        row.addWidget(self.attach_button)
        row.addWidget(self.model_chip)
        row.addStretch(1)
        row.addWidget(self.send_button)
        row.addWidget(self.stop_button)
        inside = QVBoxLayout(self.frame)
        inside.setContentsMargins(SPACE_S, SPACE_XS + 2, SPACE_S, SPACE_XS + 2)
        inside.setSpacing(SPACE_XS)
        inside.addWidget(self.editing_banner)
        inside.addWidget(self.attachment_strip)
        inside.addWidget(self.editor)
        inside.addLayout(row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE_S * 2, SPACE_XS, SPACE_S * 2, SPACE_S)
        layout.addWidget(self.frame)
        self.editor.installEventFilter(self)
        self.editor.document().documentLayout().documentSizeChanged.connect(self._fit_editor)
        self._fit_editor()
        self._set_icons()

        self._streaming = False
        self.editor.send_requested.connect(self._on_send)
        self.send_button.clicked.connect(self._on_send)
        self.stop_button.clicked.connect(self.stop_requested)
        # Send is offered once there is something to send, as in other chat apps: an empty prompt greys it.
        self.editor.textChanged.connect(self._offer_send)
        self.attachment_strip.changed.connect(self._offer_send)
        self._offer_send()
        self.set_streaming(False)
        self._retranslate()

    def _retranslate(self) -> None:
        self.editor.setAccessibleName(self.tr("Prompt"))
        self.editor.setAccessibleDescription(self.tr("Type a message for the model"))
        self.editor.setPlaceholderText(self._placeholder(self.editor.send_key))
        self.send_button.setText(self.tr("Send"))
        self.send_button.setAccessibleName(self.tr("Send"))
        self.stop_button.setText(self.tr("Stop"))
        self.stop_button.setAccessibleName(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stop the answer (Esc)"))
        self.attach_button.setToolTip(self.tr("Attach images, PDF, text or code files, or audio"))
        self.attach_button.setAccessibleName(self.tr("Attach files"))

    def set_send_key(self, send_key: SendKey) -> None:
        """Change which key combination sends, and say so in the placeholder."""
        self.editor.set_send_key(send_key)
        self.editor.setPlaceholderText(self._placeholder(send_key))

    def set_streaming(self, streaming: bool) -> None:
        """Show Stop while an answer streams, Send otherwise."""
        self._streaming = streaming
        self.stop_button.setVisible(streaming)
        self.stop_button.setEnabled(streaming)
        self.send_button.setVisible(not streaming)

    def set_editing(self, editing: bool) -> None:
        """Show or hide the banner saying that Send asks a sent message again, edited."""
        self.editing_banner.setVisible(editing)

    def set_attachments_loading(self, loading: bool) -> None:
        """Whether files are still being read: Send waits for them."""
        self._attachments_loading = loading

    def text(self) -> str:
        """The prompt as typed."""
        return self.editor.toPlainText()

    def set_text(self, text: str) -> None:
        """Replace the prompt (restoring a draft, or editing a sent message) and put the cursor at its end."""
        self.editor.setPlainText(text)
        cursor = self.editor.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.editor.setTextCursor(cursor)

    def attachments(self) -> list[Attachment]:
        """The files attached to the message being written, in order."""
        return self.attachment_strip.attachments()

    def clear_attachments(self) -> None:
        """Drop the attachments (after they were sent)."""
        self.attachment_strip.clear()

    def restore_attachments(self, attachments: Sequence[Attachment]) -> None:
        """Show ``attachments`` again (they belong to the conversation being opened)."""
        self.attachment_strip.clear()
        for attachment in attachments:
            self.attachment_strip.add(attachment, make_thumbnail(attachment.data))

    def _follow_palette(self) -> None:
        self._set_icons()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The frame shows a focus ring while the prompt has the keyboard focus."""
        if watched is self.editor and event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self.frame.setProperty("focused", event.type() == QEvent.Type.FocusIn)
            self.frame.style().unpolish(self.frame)
            self.frame.style().polish(self.frame)
        return False

    def _set_icons(self) -> None:
        colours = palette_for(self.palette())
        self.attach_button.setIcon(ui_icon("paperclip", colours.text, ICON_M))
        self.send_button.setIcon(ui_icon("send", colours.accent_text, ICON_M, disabled=colours.disabled_text))
        self.stop_button.setIcon(ui_icon("stop", colours.accent_text, ICON_M))

    def _fit_editor(self) -> None:
        """Grow the prompt with its text, from one line up to ``COMPOSER_MAX_LINES``."""
        editor = self.editor
        margins = editor.contentsMargins()
        height = (
            editor.lines_height(COMPOSER_MAX_LINES)
            + round(editor.document().documentMargin() * 2)
            + margins.top()
            + margins.bottom()
            + 2 * editor.frameWidth()
            + SPACE_XS
        )
        editor.setFixedHeight(height)

    def showEvent(self, event: QShowEvent) -> None:
        """Once in a window, take file drops anywhere in it (the transcript refuses them itself)."""
        super().showEvent(event)
        if not self._window_watched and self.window() is not self:
            self._window_watched = True
            self._drops.watch(self.window())

    def _on_send(self) -> None:
        text = self.text()
        if self._streaming:
            # One answer at a time per conversation; say so rather than swallow the key.
            self.send_held.emit(
                self.tr("An answer is still arriving. Press Stop (Esc) to end it, then send.")
            )
            return
        if self._attachments_loading:
            # Files still being read would be silently left out: wait for them.
            self.send_held.emit(self.tr("Files are still being read. Send again in a moment."))
            return
        if text.strip() or self.attachment_strip.count():
            self.send_requested.emit(text)

    def _offer_send(self) -> None:
        self.send_button.setEnabled(bool(self.text().strip()) or self.attachment_strip.count() > 0)

    def _placeholder(self, send_key: SendKey) -> str:
        if send_key == "ctrl_enter":
            return self.tr("Message Gemini… (Ctrl+Enter to send, Enter for a new line)")
        return self.tr("Message Gemini… (Enter to send, Shift+Enter for a new line)")
