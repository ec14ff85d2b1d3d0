"""The transcript's images: the ``gd-image:`` resources messages show, and what the user can do with them.

Images come from two places. Registered ones (a live reply's image output) are kept until replaced. The
others (images of stored messages) are asked of an ``ImageProvider`` only when a rendered message shows them,
so a long conversation full of images decodes just those on the rendered pages; a few recent results are
kept. However small the transcript shows an image, opening, copying and saving it use the original.

Images arrive as untrusted bytes and are decoded on a worker thread (``app.qt.image_decode``: chosen by magic
bytes, scaled down to the pixel caps while decoding), so a small file that decodes to hundreds of megabytes
never stalls the window. Meanwhile the renderer shows the image's label (``IMAGE_PENDING``); ``ready`` says
when to draw again. Closing the conversation (``release``) drops the images and every result still on its
way. Only a user's own action on an image (open, copy, save) waits for its decoding.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QUrl, Signal
from PySide6.QtGui import QGuiApplication, QImage, QTextDocument
from PySide6.QtWidgets import QMenu, QTextBrowser, QWidget

from app.core.image_limits import decodable, sniff_image
from app.qt.image_decode import decode_untrusted_image
from app.qt.recent_folder import RecentFolder
from app.render.message_html import ACTION_SCHEME
from app.render.shown_images import IMAGE_PENDING, IMAGE_SCHEME

if TYPE_CHECKING:
    from app.qt.widgets.image_viewer import ImageViewer

__all__ = ["IMAGE_ACTIONS", "ImageNamer", "ImageProvider", "TranscriptImages"]

#: Image key -> the image's encoded bytes (to be decoded), or ``None``; asked when a rendered row shows it.
ImageProvider = Callable[[str], bytes | None]

#: Why an image is not shown: its size when it is too large to decode, else ``None`` (unreadable or missing).
_Refusal = tuple[int, int] | None

#: A decoding's result: the image (``None`` if refused) and why it was refused.
_Decoded = tuple[QImage | None, _Refusal]

#: Image key -> what the user knows the image as ("Image 1 of the answer", "cat.png"), or ``None``.
ImageNamer = Callable[[str], str | None]

#: The ``gd-action:`` actions whose argument is an image key: open in the viewer, copy, save.
IMAGE_ACTIONS = ("image", "copy-image", "save-image")

#: Images decoded by the provider that are kept (the registered ones are kept until replaced).
_LOADED_IMAGES = 32


class TranscriptImages(QObject):
    """Serves a transcript's images to its document and runs the actions on them.

    Args:
        view: The transcript, also the parent: its document holds the registered images; viewers and dialogs
            open over it.

    Signals:
        ready(): Images that were being decoded are here: draw the rows that showed their labels again.
    """

    ready = Signal()
    # (name, ticket, (QImage or None, refusal)), emitted on the worker thread and delivered on the GUI thread.
    _decoded = Signal(str, int, object)

    def __init__(self, view: QTextBrowser) -> None:
        super().__init__(view)
        # No reference to the view itself: a view <-> helper cycle would leave the view to the cyclic garbage
        # collector, which may run on any thread. The document is the view's child and refers to nothing here.
        self._document = view.document()
        self._registered: dict[str, QImage] = {}
        self._provider: ImageProvider | None = None
        self._namer: ImageNamer | None = None
        self._loaded: OrderedDict[str, QImage] = OrderedDict()
        # Name -> (its decoding, whether it is registered once decoded, its ticket); names that cannot be.
        self._decoding: dict[str, tuple[Future[_Decoded], bool, int]] = {}
        #: Images that cannot be shown, and why (``refusal``).
        self._refused: dict[str, _Refusal] = {}
        # A result whose ticket is not the one in _decoding (released, replaced, taken) is dropped on arrival.
        self._tickets = itertools.count()
        # One thread: images decode in the order they are shown, and never two huge ones at once.
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="image-decode")
        self._pool = pool
        self.destroyed.connect(lambda *_args: pool.shutdown(wait=False, cancel_futures=True))
        self._decoded.connect(self._on_decoded)
        self.folder = RecentFolder()
        """Where "Save image" dialogs start; the app shares one with its other file dialogs."""

    # -- the images -----------------------------------------------------------------------------------------

    def add(self, name: str, image: QImage) -> None:
        """Make ``image`` available as ``gd-image:NAME``, replacing an image of that name."""
        self._forget_decoding(name)
        self._registered[name] = image
        self._loaded.pop(name, None)
        self._add_to_document(name, image)

    def add_encoded(self, name: str, data: bytes) -> None:
        """Decode ``data`` off the GUI thread, then ``add`` it as ``gd-image:NAME`` (if it is an image)."""
        self._registered.pop(name, None)
        self._loaded.pop(name, None)
        self._refused.pop(name, None)
        self._start(name, data, register=True)

    def release(self) -> None:
        """Drop every image (another conversation is shown); the document's copies go with its contents."""
        for future, _register, _ticket in self._decoding.values():
            future.cancel()
        self._decoding.clear()
        self._refused.clear()
        self._registered.clear()
        self._loaded.clear()

    @property
    def decoding(self) -> int:
        """How many images are being decoded (or wait for the decoding thread)."""
        return len(self._decoding)

    def restore(self) -> None:
        """Register every added image with the document again (after the document was cleared)."""
        for name, image in self._registered.items():
            self._add_to_document(name, image)

    def set_provider(self, provider: ImageProvider | None) -> None:
        """Decode images that were not added (those of stored messages) on demand; forget earlier results."""
        self._provider = provider
        self._loaded.clear()
        self._refused.clear()

    def set_namer(self, namer: ImageNamer | None) -> None:
        """Name images for the viewer's title and the suggested file name; without one they are "Image"."""
        self._namer = namer

    def display_name(self, name: str) -> str:
        """What the user knows the image ``gd-image:NAME`` as ("" when nothing better than "Image" is known).

        ``NAME`` itself is an internal key ("m12-p3") and is never shown.
        """
        return (self._namer(name) if self._namer is not None else None) or ""

    def image(self, name: str) -> QImage | None:
        """The image shown as ``gd-image:NAME`` (added, or from the provider), or ``None``.

        Waits for its decoding: for what the user does with an image, never for drawing the transcript.
        """
        image = self._available(name)
        entry = self._decoding.pop(name, None) if image is None else None
        if entry is None:
            return image
        future, register, _ticket = entry
        try:
            image, refusal = future.result()
        except CancelledError:
            return None
        self._keep(name, image, register, refusal)
        return image

    def size(self, name: str) -> tuple[int, int] | None:
        """The natural ``(width, height)`` of an image, ``IMAGE_PENDING`` while it is decoded, or ``None``."""
        image = self._available(name)
        if image is not None:
            return image.width(), image.height()
        return IMAGE_PENDING if name in self._decoding else None

    def refusal(self, name: str) -> str | None:
        """Why the image ``gd-image:NAME`` is not shown, in the UI language (``None``: it was not refused)."""
        if name not in self._refused:
            return None
        size = self._refused[name]
        if size is not None:
            # The size says how far over the limits it is: a picture the gateway sent, not a fault here.
            return self.tr("image too large: {0}×{1}").format(*size)
        return self.tr("not an image that can be shown")

    def resource(self, url: QUrl) -> QImage | None:
        """The image a document resource URL names; ``None`` for any other URL (nothing else is loaded)."""
        return self._available(url.path()) if url.scheme() == IMAGE_SCHEME else None

    def _available(self, name: str) -> QImage | None:
        """The image if it is decoded; otherwise ``None``, and its decoding starts if the provider has it."""
        image = self._registered.get(name)
        if image is not None:
            return image
        image = self._loaded.get(name)
        if image is not None:
            self._loaded.move_to_end(name)
            return image
        if self._provider is not None and name not in self._decoding and name not in self._refused:
            data = self._provider(name)
            if data is None:
                self._refused[name] = None
            else:
                self._start(name, data, register=False)
        return None

    def _start(self, name: str, data: bytes, *, register: bool) -> None:
        ticket, decoded = next(self._tickets), self._decoded

        def decode() -> _Decoded:
            image = decode_untrusted_image(data)
            header = sniff_image(data) if image is None else None
            refusal = (header.width, header.height) if header is not None and not decodable(header) else None
            result = (image, refusal)
            decoded.emit(name, ticket, result)  # queued: the slot runs on the GUI thread
            return result

        self._forget_decoding(name)
        self._decoding[name] = (self._pool.submit(decode), register, ticket)

    def _forget_decoding(self, name: str) -> None:
        entry = self._decoding.pop(name, None)
        if entry is not None:
            entry[0].cancel()

    def _on_decoded(self, name: str, ticket: int, result: _Decoded) -> None:
        entry = self._decoding.get(name)
        if entry is None or entry[2] != ticket:
            return  # released with its conversation, taken by image() already, or decoded anew
        del self._decoding[name]
        self._keep(name, result[0], entry[1], result[1])
        self.ready.emit()

    def _keep(self, name: str, image: QImage | None, register: bool, refusal: _Refusal) -> None:
        if image is None or image.isNull():
            self._refused[name] = refusal
        elif register:
            self.add(name, image)
        else:
            self._loaded[name] = image
            if len(self._loaded) > _LOADED_IMAGES:
                self._loaded.popitem(last=False)

    def _add_to_document(self, name: str, image: QImage) -> None:
        self._document.addResource(
            QTextDocument.ResourceType.ImageResource, QUrl(f"{IMAGE_SCHEME}:{name}"), image
        )

    # -- actions --------------------------------------------------------------------------------------------

    def open(self, name: str) -> ImageViewer | None:
        """Show the image in a separate, non-modal viewer at full size."""
        from app.qt.widgets.image_viewer import ImageViewer  # loaded when an image is first opened

        image = self.image(name)
        if image is None:
            return None
        viewer = ImageViewer(image, self.display_name(name), self._view().window(), self.folder)
        viewer.show()
        return viewer

    def copy(self, name: str) -> bool:
        """Put the image on the clipboard; False for an unknown image."""
        image = self.image(name)
        if image is None:
            return False
        QGuiApplication.clipboard().setImage(image)
        return True

    def save_as(self, name: str) -> bool:
        """Ask (without blocking) where to save the image; False for an unknown image."""
        from app.qt.widgets.image_viewer import open_save_dialog

        image = self.image(name)
        if image is None:
            return False
        suggested = self.display_name(name) or QCoreApplication.translate("ImageViewer", "Image")
        open_save_dialog(self._view(), image, suggested, self.folder)
        return True

    def _view(self) -> QWidget:
        view = self.parent()
        assert isinstance(view, QWidget)
        return view

    def run_action(self, action: str, name: str) -> bool:
        """Run one of ``IMAGE_ACTIONS`` on the image ``name``; True when it put the image on the clipboard."""
        if action == "copy-image":
            return self.copy(name)
        run = {"image": self.open, "save-image": self.save_as}.get(action)
        if run is not None:
            run(name)
        return False

    def add_menu_actions(self, menu: QMenu, anchor: str) -> None:
        """Put "Open image", "Copy image" and "Save image…" first in ``menu`` when ``anchor`` is an image."""
        prefix = f"{ACTION_SCHEME}:image/"
        key = anchor.removeprefix(prefix)
        if not anchor.startswith(prefix) or (self._available(key) is None and key not in self._decoding):
            return
        standard = menu.actions()
        added = []
        for label, slot in (
            (self.tr("Open image"), self.open),
            (self.tr("Copy image"), self.copy),
            (self.tr("Save image…"), self.save_as),
        ):
            action = menu.addAction(label)
            action.triggered.connect(lambda _checked=False, run=slot: run(key))
            added.append(action)
        if standard:
            menu.insertActions(standard[0], added)
            menu.insertSeparator(standard[0])
