"""The transcript's images: the ``gd-image:`` resources messages show, and what the user can do with them.

Images come from two places. Registered ones (a live reply's image output, decoded as it arrives) are kept
until replaced. The others (images of stored messages) are asked of an ``ImageProvider`` only when a rendered
message shows them, so a long conversation full of images decodes just those on the rendered pages; a few
recent results are kept. However small the transcript shows an image, opening, copying and saving it use the
original.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QUrl
from PySide6.QtGui import QGuiApplication, QImage, QTextDocument
from PySide6.QtWidgets import QMenu, QTextBrowser, QWidget

from app.qt.recent_folder import RecentFolder
from app.qt.widgets.image_viewer import ImageViewer, open_save_dialog
from app.render.markdown import IMAGE_SCHEME
from app.render.message_html import ACTION_SCHEME

__all__ = ["IMAGE_ACTIONS", "ImageNamer", "ImageProvider", "TranscriptImages"]

#: Image key -> the image, or ``None``; decodes images of stored messages when their rows are rendered.
ImageProvider = Callable[[str], QImage | None]

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
    """

    def __init__(self, view: QTextBrowser) -> None:
        super().__init__(view)
        # No reference to the view itself: a view <-> helper cycle would leave the view to the cyclic garbage
        # collector, which may run on any thread. The document is the view's child and refers to nothing here.
        self._document = view.document()
        self._registered: dict[str, QImage] = {}
        self._provider: ImageProvider | None = None
        self._namer: ImageNamer | None = None
        self._loaded: OrderedDict[str, QImage] = OrderedDict()
        self.folder = RecentFolder()
        """Where "Save image" dialogs start; the app shares one with its other file dialogs."""

    # -- the images -----------------------------------------------------------------------------------------

    def add(self, name: str, image: QImage) -> None:
        """Make ``image`` available as ``gd-image:NAME``, replacing an image of that name."""
        self._registered[name] = image
        self._loaded.pop(name, None)
        self._add_to_document(name, image)

    def release(self) -> None:
        """Drop every image (another conversation is shown); the document's copies go with its contents."""
        self._registered.clear()
        self._loaded.clear()

    def restore(self) -> None:
        """Register every added image with the document again (after the document was cleared)."""
        for name, image in self._registered.items():
            self._add_to_document(name, image)

    def set_provider(self, provider: ImageProvider | None) -> None:
        """Decode images that were not added (those of stored messages) on demand; forget earlier results."""
        self._provider = provider
        self._loaded.clear()

    def set_namer(self, namer: ImageNamer | None) -> None:
        """Name images for the viewer's title and the suggested file name; without one they are "Image"."""
        self._namer = namer

    def display_name(self, name: str) -> str:
        """What the user knows the image ``gd-image:NAME`` as ("" when nothing better than "Image" is known).

        ``NAME`` itself is an internal key ("m12-p3") and is never shown.
        """
        return (self._namer(name) if self._namer is not None else None) or ""

    def image(self, name: str) -> QImage | None:
        """The image shown as ``gd-image:NAME`` (added, or from the provider), or ``None``."""
        image = self._registered.get(name)
        if image is not None:
            return image
        image = self._loaded.get(name)
        if image is None and self._provider is not None:
            image = self._provider(name)
            if image is None or image.isNull():
                return None
            self._loaded[name] = image
            if len(self._loaded) > _LOADED_IMAGES:
                self._loaded.popitem(last=False)
        elif image is not None:
            self._loaded.move_to_end(name)
        return image

    def size(self, name: str) -> tuple[int, int] | None:
        """The natural ``(width, height)`` of an image, or ``None`` when it is unknown."""
        image = self.image(name)
        return None if image is None else (image.width(), image.height())

    def resource(self, url: QUrl) -> QImage | None:
        """The image a document resource URL names; ``None`` for any other URL (nothing else is loaded)."""
        return self.image(url.path()) if url.scheme() == IMAGE_SCHEME else None

    def _add_to_document(self, name: str, image: QImage) -> None:
        self._document.addResource(
            QTextDocument.ResourceType.ImageResource, QUrl(f"{IMAGE_SCHEME}:{name}"), image
        )

    # -- actions --------------------------------------------------------------------------------------------

    def open(self, name: str) -> ImageViewer | None:
        """Show the image in a separate, non-modal viewer at full size."""
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
        if not anchor.startswith(prefix) or self.image(key) is None:
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
