"""Puts files into the composer's attachment strip, off the GUI thread, and guards oversized requests.

Files arrive from the paperclip button's file dialog, from drops (on the composer, the transcript or anywhere
in the window) and from pastes (an image, or files copied in a file manager, which arrive as URLs). Reading
a 40 MB file, or decoding a photo for its thumbnail, runs in a worker thread so the window keeps repainting.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QMimeData, QObject, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.core.chat.attachments import (
    AUDIO_TYPES,
    IMAGE_TYPES,
    MAX_FILE_BYTES,
    SIZE_WARNING_BYTES,
    TEXT_EXTENSIONS,
    VIDEO_TYPES,
    Attachment,
    AttachmentError,
    attachment_from_bytes,
    estimate_request_bytes,
    format_size,
    load_attachment,
)
from app.qt.async_support import spawn
from app.qt.image_decode import png_bytes
from app.qt.plain_text import shown_literally
from app.qt.recent_folder import RecentFolder
from app.qt.translations import core_text
from app.qt.widgets.attachment_strip import AttachmentStrip, make_thumbnail
from app.qt.widgets.composer import Composer
from app.qt.widgets.file_drops import local_paths, pasted_image

_Loaded = tuple[Attachment, QImage | None]
_SUPPORTED_PATTERNS = " ".join(
    "*" + suffix for suffix in sorted({*IMAGE_TYPES, *AUDIO_TYPES, *VIDEO_TYPES, *TEXT_EXTENSIONS, ".pdf"})
)


_T = TypeVar("_T")


async def run_in_thread(function: Callable[..., _T], *args: Any) -> _T:
    """Run ``function(*args)`` in a short-lived thread and await its result.

    Not ``asyncio.to_thread``: decoding an image creates Qt objects, which makes Qt adopt the thread, and an
    executor's idle threads would outlive the QApplication (Qt warns at exit). This thread ends with the work.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[_T] = loop.create_future()

    def settle(result: _T | None, error: BaseException | None) -> None:
        if future.done():
            return  # the awaiting task was cancelled
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)  # type: ignore[arg-type]

    def work() -> None:
        try:
            result = function(*args)
        except BaseException as error:  # handed to the awaiting task, which decides what to do
            loop.call_soon_threadsafe(settle, None, error)
        else:
            loop.call_soon_threadsafe(settle, result, None)

    threading.Thread(target=work, name="attachment-reader", daemon=True).start()
    return await future


def _load(path: str, max_bytes: int) -> _Loaded:
    """Read one file and make its thumbnail; runs in a worker thread."""
    attachment = load_attachment(path, max_bytes)
    thumbnail = make_thumbnail(attachment.data) if attachment.kind == "image" else None
    return attachment, thumbnail


def _encode_pasted(image: QImage, name: str, max_bytes: int) -> _Loaded:
    """Encode a pasted image as PNG and make its thumbnail; runs in a worker thread."""
    attachment = attachment_from_bytes(name, png_bytes(image), max_bytes)
    return attachment, make_thumbnail(attachment.data)


class AttachmentController(QObject):
    """Loads files into an :class:`AttachmentStrip` and explains files it refuses.

    Args:
        strip: Where loaded files are shown; its window owns the file dialog and the messages.
        max_file_bytes: Files larger than this are refused.
        folder: Where the file dialog starts (the last folder a file was chosen in, shared by all dialogs).
        parent: The owner.
    """

    refused = Signal(str)  # the explanation shown to the user
    loading_changed = Signal(bool)  # True while files are being read
    batch_loaded = Signal(int)  # how many files of a batch were attached

    def __init__(
        self,
        strip: AttachmentStrip,
        max_file_bytes: int = MAX_FILE_BYTES,
        *,
        folder: RecentFolder | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        # No reference to the composer itself: a Python reference cycle through a top-level widget would
        # leave its deletion to the cyclic collector, which may run on any thread.
        self._strip = strip
        self.max_file_bytes = max_file_bytes
        self.size_warning_bytes = SIZE_WARNING_BYTES
        self._tasks: set[asyncio.Task[Any]] = set()
        self._pasted = 0
        self._folder = folder if folder is not None else RecentFolder()

    @classmethod
    def for_composer(cls, composer: Composer, folder: RecentFolder | None = None) -> AttachmentController:
        """The controller of ``composer``'s attachments, answering its paperclip, drops and pastes.

        It is a child of the composer, and holds no reference to it (only to its strip): a Python reference
        cycle through a top-level widget would leave its deletion to the cyclic collector, on any thread.
        """
        controller = cls(composer.attachment_strip, folder=folder, parent=composer)
        composer.attach_requested.connect(controller.choose_files)
        composer.files_dropped.connect(controller.add_paths)
        composer.editor.attachments_pasted.connect(controller.add_mime_data)
        controller.loading_changed.connect(composer.set_attachments_loading)
        return controller

    @property
    def is_loading(self) -> bool:
        """True while files are still being read (sending waits for them)."""
        return bool(self._tasks)

    # --- intents ------------------------------------------------------------------------------------------

    def choose_files(self) -> QFileDialog:
        """Open the file dialog (without blocking: it is window-modal and reports by signal)."""
        dialog = QFileDialog(self._strip.window(), self.tr("Attach files"))
        dialog.setObjectName("attachFileDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        self._folder.follow(dialog)
        dialog.setNameFilters(
            [
                self.tr("Supported files ({0})").format(_SUPPORTED_PATTERNS),
                self.tr("All files (*)"),
            ]
        )
        dialog.filesSelected.connect(self.add_paths)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def add_paths(self, paths: Sequence[str]) -> None:
        """Read ``paths`` in a worker thread and attach what can be attached, in order."""
        if paths:
            self._start(self._load_paths(list(paths)))

    def add_image(self, image: QImage) -> None:
        """Attach a pasted image as a PNG file."""
        self._pasted += 1
        name = f"pasted-image-{self._pasted}.png"
        # QImage is implicitly shared; a copy keeps the worker's image independent of the clipboard's.
        self._start(self._load_image(image.copy(), name))

    def add_mime_data(self, mime: QMimeData) -> bool:
        """Attach the files or the image ``mime`` carries. Returns False when it carries neither."""
        paths = local_paths(mime)
        if paths:
            self.add_paths(paths)
            return True
        image = pasted_image(mime)
        if image is not None:
            self.add_image(image)
            return True
        return False

    async def wait_idle(self) -> None:
        """Wait until every pending file has been read (for shutdown and tests)."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    # --- the size guard -----------------------------------------------------------------------------------

    def confirm_request_size(self, estimated_bytes: int, send: Callable[[], None]) -> QMessageBox | None:
        """Call ``send`` now, or, for a request above the warning size, after the user says "Send anyway".

        The question is window-modal but does not block (``open()``, never ``exec()``): the event loop and
        the streams of other conversations keep running. Returns the message box when one is shown.
        """
        if estimated_bytes <= self.size_warning_bytes:
            send()
            return None
        box = QMessageBox(self._strip.window())
        box.setObjectName("requestSizeWarning")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Large request"))
        box.setText(
            self.tr("This message with its attachments and the conversation so far is about {0}.").format(
                format_size(estimated_bytes)
            )
        )
        box.setInformativeText(
            self.tr(
                "Gateways and the proxies in front of them often reject requests larger than {0} "
                "(HTTP 413 or a dropped connection). Remove some attachments or start a new conversation "
                "if sending fails."
            ).format(format_size(self.size_warning_bytes))
        )
        send_button = box.addButton(self.tr("Send anyway"), QMessageBox.ButtonRole.AcceptRole)
        send_button.setObjectName("sendAnywayButton")
        cancel_button = box.addButton(QMessageBox.StandardButton.Cancel)
        cancel_button.setObjectName("cancelSendButton")
        box.setDefaultButton(cancel_button)
        box.setEscapeButton(cancel_button)

        def on_clicked(button: object) -> None:
            if button is send_button:
                send()

        box.buttonClicked.connect(on_clicked)
        box.finished.connect(box.deleteLater)
        box.open()
        return box

    # --- internals ----------------------------------------------------------------------------------------

    def _start(self, coro: Any) -> None:
        was_loading = self.is_loading
        task = spawn(coro, self._tasks)
        task.add_done_callback(lambda _task: self._report_loading())
        if not was_loading:
            self.loading_changed.emit(True)

    def _report_loading(self) -> None:
        # spawn's own done-callback (which discards the task) ran first: the set is up to date here.
        if not self._tasks:
            self.loading_changed.emit(False)

    async def _load_paths(self, paths: list[str]) -> None:
        problems: list[str] = []
        added = 0
        for path in paths:
            try:
                attachment, thumbnail = await run_in_thread(_load, path, self.max_file_bytes)
            except AttachmentError as error:
                problems.append(core_text(error.message()))
                continue
            except Exception as error:  # an unexpected failure must not drop the rest of the batch silently
                problems.append(self.tr("“{0}” could not be attached: {1}").format(Path(path).name, error))
                continue
            self._strip.add(attachment, thumbnail).flag_too_large(self._too_large_note(attachment))
            added += 1
        self._finish_batch(added, problems)

    async def _load_image(self, image: QImage, name: str) -> None:
        try:
            attachment, thumbnail = await run_in_thread(_encode_pasted, image, name, self.max_file_bytes)
        except AttachmentError as error:
            self._finish_batch(0, [core_text(error.message())])
            return
        self._strip.add(attachment, thumbnail).flag_too_large(self._too_large_note(attachment))
        self._finish_batch(1, [])

    def _finish_batch(self, added: int, problems: list[str]) -> None:
        if problems:
            self._show_refusal(problems)
        flagged = [
            chip for chip in self._strip.chips()[-added or len(self._strip.chips()) :] if chip.too_large
        ]
        if added and flagged and not problems:
            self._show_too_large([chip.too_large for chip in flagged])
        self.batch_loaded.emit(added)

    def _too_large_note(self, attachment: Attachment) -> str:
        """Why ``attachment`` alone makes a request gateways often refuse (its size and the limit), or ""."""
        sent = estimate_request_bytes(attachment)
        if sent <= self.size_warning_bytes:
            return ""
        return self.tr(
            "“{0}” is {1} (about {2} as sent), over the {3} that gateways and their proxies often accept."
        ).format(
            attachment.name,
            format_size(attachment.size),
            format_size(sent),
            format_size(self.size_warning_bytes),
        )

    def _show_too_large(self, notes: list[str]) -> None:
        """Say at once that a file just attached is over the request-size guard (it stays attached)."""
        window = self._strip.window()
        for earlier in window.findChildren(QMessageBox, "attachmentTooLarge"):
            earlier.close()
        box = QMessageBox(window)
        box.setObjectName("attachmentTooLarge")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Large attachment"))
        box.setTextFormat(Qt.TextFormat.PlainText)  # file names are the user's
        box.setText("\n\n".join(notes))
        box.setInformativeText(
            self.tr(
                "It is attached, marked in the message box; sending will ask first. Remove it, or send a "
                "smaller file, if the gateway refuses the request."
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.finished.connect(box.deleteLater)
        box.open()  # never exec(): the event loop keeps running

    def _show_refusal(self, problems: list[str]) -> None:
        text = "\n\n".join(problems)
        self.refused.emit(text)
        window = self._strip.window()
        for earlier in window.findChildren(QMessageBox, "attachmentRefusal"):
            earlier.close()  # one refusal at a time: the newest explains the latest files
        box = QMessageBox(window)
        box.setObjectName("attachmentRefusal")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Cannot attach"))
        box.setTextFormat(Qt.TextFormat.PlainText)  # file names are the user's, or an import file's
        box.setText(self.tr("Some files were not attached.") if len(problems) > 1 else problems[0])
        if len(problems) > 1:
            box.setInformativeText(shown_literally(text))
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.finished.connect(box.deleteLater)
        box.open()  # never exec(): the event loop (and any streaming reply) keeps running
