"""A non-modal window showing one image at full size: fit or 100 %, Copy, and Save As….

The transcript shows images scaled down to fit its width; clicking one opens this viewer. Nothing here
blocks: the save dialog is opened with ``open()`` and answers through its ``fileSelected`` signal, so the
viewer can be used while a reply streams and from code running on the asyncio loop.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication, QImage, QKeySequence, QPixmap, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.visible_text import reveal_invisible
from app.qt.recent_folder import RecentFolder

_DEFAULT_SUFFIX = "png"
_MARGIN = 4


def save_image(image: QImage, path: str) -> str | None:
    """Write ``image`` to ``path`` and return the path written, or ``None`` when writing failed.

    The format follows the file's suffix; a name without one gets ``.png`` (lossless, and what the models
    send), so "Save" never produces a file no program recognises.
    """
    target = Path(path)
    if not target.suffix:
        target = target.with_suffix("." + _DEFAULT_SUFFIX)
    return str(target) if image.save(str(target)) else None


def open_save_dialog(
    parent: QWidget, image: QImage, suggested_name: str, folder: RecentFolder | None = None
) -> QFileDialog:
    """Open a non-modal "Save image" dialog for ``image``; the file is written once the user accepts.

    ``folder`` is where the dialog starts (the last folder a file was chosen in); it learns the chosen one.

    Returns the dialog (already open), so tests and callers can follow it; it deletes itself when closed.
    """
    # Callers of several classes open this dialog; one translation context serves them all.
    dialog = QFileDialog(parent, QCoreApplication.translate("ImageViewer", "Save image"))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilters(
        [
            QCoreApplication.translate("ImageViewer", "PNG image (*.png)"),
            QCoreApplication.translate("ImageViewer", "JPEG image (*.jpg *.jpeg)"),
        ]
    )
    dialog.setDefaultSuffix(_DEFAULT_SUFFIX)
    (folder if folder is not None else RecentFolder()).follow(dialog)
    dialog.selectFile(suggested_name)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    # A copy: the dialog may outlive whatever held the original image.
    kept = image.copy()
    dialog.fileSelected.connect(lambda path: save_image(kept, path))
    dialog.open()
    return dialog


class ImageViewer(QWidget):
    """A separate window with one image, scrollable, fitted to the window or at 100 %.

    Signals:
        saved(str): The image was written to this path.

    Args:
        image: The image to show (kept as given; the viewer never changes it).
        name: What the user knows the image as ("Image 1 of the answer", an attachment's file name), used in
            the title and as the suggested file name; "" names it just "Image".
        parent: The window the viewer belongs to (it stays on top of it and closes with it).
    """

    saved = Signal(str)

    def __init__(
        self, image: QImage, name: str, parent: QWidget | None = None, folder: RecentFolder | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._folder = folder
        self.setObjectName("imageViewer")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._image = image
        self._name = name or self.tr("Image")
        self._pixmap = QPixmap.fromImage(image)
        self._fit = True
        # An attachment's file name may hold a bidi override, which would reorder the window's title.
        shown = reveal_invisible(self._name)
        self.setWindowTitle(self.tr("{0} ({1} × {2})").format(shown, image.width(), image.height()))

        self._label = QLabel()
        self._label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._label.setAccessibleName(self.tr("Image"))
        self._scroll = QScrollArea()
        self._scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._scroll.setWidget(self._label)
        self._scroll.setWidgetResizable(False)

        self.fit_button = QPushButton(self.tr("Fit"))
        self.fit_button.setCheckable(True)
        self.fit_button.setChecked(True)
        self.fit_button.toggled.connect(self.set_fit)
        self.actual_button = QPushButton(self.tr("100 %"))
        self.actual_button.clicked.connect(lambda: self.set_fit(False))
        self.copy_button = QPushButton(self.tr("Copy"))
        self.copy_button.clicked.connect(self.copy)
        self.save_button = QPushButton(self.tr("Save As…"))
        self.save_button.clicked.connect(self.save_as)

        buttons = QHBoxLayout()
        for button in (self.fit_button, self.actual_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.copy_button, self.save_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(_MARGIN, _MARGIN, _MARGIN, _MARGIN)
        layout.addLayout(buttons)
        layout.addWidget(self._scroll, 1)
        QShortcut(QKeySequence.StandardKey.Copy, self, self.copy)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_as)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)

        available = self.screen().availableGeometry().size() * 0.8
        self.resize(
            min(image.width() + 4 * _MARGIN, available.width()),
            min(image.height() + 16 * _MARGIN, available.height()),
        )
        self._update_pixmap()

    @property
    def image(self) -> QImage:
        """The image shown."""
        return self._image

    @property
    def fitted(self) -> bool:
        """True when the image is scaled down to the window, False at 100 %."""
        return self._fit

    def shown_size(self) -> tuple[int, int]:
        """The size the image is drawn at now, in pixels."""
        pixmap = self._label.pixmap()
        return pixmap.width(), pixmap.height()

    @Slot(bool)
    def set_fit(self, fit: bool) -> None:
        """Scale the image down to the window (``True``) or show it at 100 % with scroll bars."""
        self._fit = fit
        if self.fit_button.isChecked() != fit:
            self.fit_button.setChecked(fit)
        self._update_pixmap()

    @Slot()
    def copy(self) -> None:
        """Put the image on the clipboard."""
        QGuiApplication.clipboard().setImage(self._image)

    def save(self, path: str) -> str | None:
        """Write the image to ``path`` (``.png`` added when it has no suffix); return the path or ``None``."""
        written = save_image(self._image, path)
        if written is not None:
            self.saved.emit(written)
        return written

    @Slot()
    def save_as(self) -> QFileDialog:
        """Ask where to save, without blocking; the image is written when the user accepts."""
        dialog = open_save_dialog(self, self._image, self._name, self._folder)
        dialog.fileSelected.connect(self._on_saved)
        return dialog

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-fit the image to the new window size."""
        super().resizeEvent(event)
        if self._fit:
            self._update_pixmap()

    @Slot(str)
    def _on_saved(self, path: str) -> None:
        # open_save_dialog already wrote the file; only announce it (with the suffix it was given).
        target = Path(path)
        self.saved.emit(str(target if target.suffix else target.with_suffix("." + _DEFAULT_SUFFIX)))

    def _update_pixmap(self) -> None:
        pixmap = self._pixmap
        if self._fit:
            room = self._scroll.viewport().size()
            if pixmap.width() > room.width() or pixmap.height() > room.height():
                pixmap = pixmap.scaled(
                    room, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
        self._label.setPixmap(pixmap)
        self._label.resize(pixmap.size())
