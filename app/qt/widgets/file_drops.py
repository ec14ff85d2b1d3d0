"""What the composer takes as attachments: files and images in drops and pastes, and drops anywhere.

Passive helpers of the composer: they recognise what carries files and hand the paths on; the attachment
controller reads the files.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QImage
from PySide6.QtWidgets import QWidget

__all__ = ["DropCatcher", "carries_attachments", "local_paths", "pasted_image"]


def local_paths(mime: QMimeData) -> list[str]:
    """The local files named by ``mime`` (a drop, or files copied in a file manager); [] for anything else."""
    if not mime.hasUrls():
        return []
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


def pasted_image(mime: QMimeData) -> QImage | None:
    """The image in ``mime`` when it carries one and no plain text (a screenshot, "Copy image")."""
    if not mime.hasImage() or (mime.hasText() and mime.text().strip()):
        # Office programs put a picture of the copied cells next to their text: the text is what was meant.
        return None
    image = mime.imageData()
    return image if isinstance(image, QImage) and not image.isNull() else None


def carries_attachments(mime: QMimeData) -> bool:
    """Whether ``mime`` holds files or an image the composer should attach rather than insert as text."""
    return bool(local_paths(mime)) or pasted_image(mime) is not None


class DropCatcher(QObject):
    """An event filter that takes file drops on any widget and hands the paths to a callback.

    Installed on the composer and on the main window: drops that no child takes (the read-only transcript
    refuses them) travel up to the window and land here.
    """

    def __init__(self, on_paths: Callable[[list[str]], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_paths = on_paths

    def watch(self, widget: QWidget) -> None:
        """Accept file drops on ``widget``."""
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Accept drags that carry local files and attach them when dropped."""
        if isinstance(event, (QDragEnterEvent, QDragMoveEvent)) and local_paths(event.mimeData()):
            event.acceptProposedAction()
            return True
        if isinstance(event, QDropEvent) and event.type() == QEvent.Type.Drop:
            paths = local_paths(event.mimeData())
            if paths:
                event.acceptProposedAction()
                self._on_paths(paths)
                return True
        return super().eventFilter(watched, event)
