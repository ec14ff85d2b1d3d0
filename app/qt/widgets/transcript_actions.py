"""What the transcript's actions do: copy a message or a code block, edit, regenerate, retry, versions.

Actions arrive as ``gd-action:NAME/ID`` links clicked in the document (a code block's copy icon, a notice's
Retry, "Thinking", a tool card's chevron, "Show earlier messages") and from the buttons of the message action
bar (``message_actions.py``), which shows on the message under the pointer or with the keyboard focus.
See ``TranscriptView`` for the whole picture; this mixin holds the methods, the view holds the state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QUrl, SignalInstance
from PySide6.QtGui import QGuiApplication, QTextDocument

from app.qt.render.document_edit import MessageRecord
from app.qt.widgets.copied_note import CopiedNote
from app.qt.widgets.link_opener import LinkOpener
from app.qt.widgets.live_reply import LiveReply
from app.qt.widgets.message_stops import LINK_ACTION, body_links
from app.qt.widgets.transcript_clipboard import message_mime_data
from app.qt.widgets.transcript_html import TranscriptHtml
from app.qt.widgets.transcript_images import IMAGE_ACTIONS, TranscriptImages
from app.qt.widgets.transcript_regions import TranscriptRegions
from app.render.code_blocks import copied_code

__all__ = ["TranscriptActions"]

#: Roles whose messages are answers (Ctrl+Shift+C copies the last one).
_ANSWER_ROLE = "model"


class TranscriptActions:
    """Action methods of ``TranscriptView`` (a mixin: the view owns the attributes declared here)."""

    _live: LiveReply | None
    _regions: TranscriptRegions
    _html: TranscriptHtml
    images: TranscriptImages
    copied_note: CopiedNote
    links: LinkOpener

    if TYPE_CHECKING:
        copy_requested: SignalInstance
        copied: SignalInstance
        retry_requested: SignalInstance
        edit_requested: SignalInstance
        regenerate_requested: SignalInstance
        version_step_requested: SignalInstance
        delete_version_requested: SignalInstance

        def load_earlier(self) -> bool:  # noqa: D102 (the view's, documented there)
            ...

        def _action_point(self) -> QPoint: ...

        def _thoughts_html(self, message: MessageRecord) -> str: ...

        def document(self) -> QTextDocument: ...  # noqa: D102 (QTextEdit's)

    def copy_last_answer(self) -> bool:
        """Copy the last answer shown (the one still arriving included), as its Copy button does.

        An answer that is only an image puts the image itself on the clipboard. Returns False when no answer
        with anything in it is shown.
        """
        for message in reversed(self._regions.messages.values()):
            if message.role == _ANSWER_ROLE and self._source_of(message).strip():
                self._copy(self._source_of(message), message.message_id, note=False)
                return True
        return False

    def _run_action(self, path: str, at: QPoint | None = None) -> None:
        """Run the action ``path``: ``copy-message/12``, ``copy-code/12/0``, ``retry/12``, ``load-earlier/0``.

        From a link clicked, a button of the action bar or a key (``MessageFocus``); ``at``: where in the
        viewport it was started, for the "Copied" note.
        """
        action, _, rest = path.partition("/")
        if action == "load-earlier":
            self.load_earlier()
            return
        if action in IMAGE_ACTIONS:
            if self.images.run_action(action, rest):  # rest is an image key, not a message id
                self._confirm_copy(at)
            return
        parts = rest.split("/")
        try:
            message_id = int(parts[0])
        except ValueError:
            return
        message = self._regions.messages.get(message_id)
        if message is None:
            return
        if action == "copy-message":
            self._copy(self._source_of(message), message_id, at=at)
        elif action == "copy-code" and len(parts) == 2 and parts[1].isdigit():
            code = copied_code(self._source_of(message), int(parts[1]))
            if code is not None:
                self._copy(code, None, at=at)
        elif action == LINK_ACTION and len(parts) == 2 and parts[1].isdigit():
            # A link the keyboard pressed (Enter on its stop): opened as a click on it would be.
            links = body_links(self.document(), message)
            if int(parts[1]) < len(links):
                href, text = links[int(parts[1])]
                self.links.open(QUrl(href), text)
        elif action == "toggle-thoughts":
            message.thoughts_expanded = not message.thoughts_expanded
            self._regions.expanded_thoughts ^= {message_id}
            self._regions.replace(message, "thoughts", self._thoughts_html(message))
        elif action == "toggle-tools":
            message.tools_expanded = not message.tools_expanded
            self._regions.toggled_tools ^= {message_id}
            self._regions.replace(message, "header", self._html.header(message))
            self._regions.replace(message, "body", self._html.body(message))
        elif action == "retry":
            self.retry_requested.emit(message_id)
        elif action == "edit":
            self.edit_requested.emit(message_id)
        elif action == "regenerate":
            self.regenerate_requested.emit(message_id)
        elif action == "delete-version":
            self.delete_version_requested.emit(message_id)
        elif action in ("version-previous", "version-next"):
            self.version_step_requested.emit(message_id, -1 if action == "version-previous" else 1)

    def _source_of(self, message: MessageRecord) -> str:
        live = self._live
        return live.source() if live is not None and live.message is message else message.source

    def _copy(self, text: str, owner: int | None, *, at: QPoint | None = None, note: bool = True) -> None:
        # Never gd-image: links on the clipboard: an image itself, or "[image 1]" and the rich-text images.
        mime = message_mime_data(text, owner, self.images.image, self._html.renderer.render)
        QGuiApplication.clipboard().setMimeData(mime)
        self.copy_requested.emit(text)
        if note:
            self._confirm_copy(at)

    def _confirm_copy(self, at: QPoint | None = None) -> None:
        # "Copied" next to the link or button for a moment, and to whoever listens to ``copied``.
        self.copied.emit(self.copied_note.confirm(at if at is not None else self._action_point()))
