"""The transcript's formulas: images in the view's text size and colours, and what the user does with them.

The images themselves (typeset off the GUI thread, cached) are ``app.qt.render.formula_images``; this is the
view's side: the style follows the view's font (Ctrl+plus and minus) and palette (light, dark), the document
asks for ``gd-math:`` resources here, a formula's context menu offers "Copy LaTeX" and "Copy as image", and
copying a selection puts each formula's LaTeX source on the clipboard instead of an object character.
"""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QObject, QPointF, QUrl, Signal
from PySide6.QtGui import (
    QFontInfo,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPainter,
    QPalette,
    QPixmap,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QMenu, QTextBrowser, QWidget

from app.qt.render.formula_images import FormulaImages, FormulaStyle
from app.render.math import MATH_SCALE, MATH_SCHEME

__all__ = ["TranscriptFormulas"]

_OBJECT = "\ufffc"  # the character an image occupies in a QTextDocument


class TranscriptFormulas(QObject):
    """Formula images for one transcript view, in its current text size and colours.

    Signals:
        ready(): Formulas shown as source have been typeset: draw them again.

    Args:
        view: The transcript, also the parent.
    """

    ready = Signal()

    def __init__(self, view: QTextBrowser) -> None:
        super().__init__(view)
        # No reference to the view itself (see TranscriptImages): the parent is the view.
        self._document = view.document()
        self.images = FormulaImages(style_of(view), self)
        self.images.ready.connect(self.ready)
        # An image made again after it aged out of the cache is asked for again on the next paint.
        self.images.ready.connect(view.viewport().update)
        # The typesetting process ends with the view (Qt would kill it, and say so on stderr).
        view.destroyed.connect(self.images.shutdown)

    def update_style(self) -> bool:
        """Follow the view's font, colours and screen; return whether formulas must be drawn again."""
        return self.images.set_style(style_of(self._view()))

    def resource(self, url: QUrl) -> QPixmap | None:
        """The image a ``gd-math:`` resource URL names; ``None`` for any other URL.

        A pixmap: the document keeps what it is given, and Qt would convert an image to a pixmap each time
        it paints it.
        """
        if url.scheme() != MATH_SCHEME:
            return None
        image = self.images.image(url.path())
        return QPixmap.fromImage(image) if image is not None else None

    # -- what the user does with a formula ------------------------------------------------------------------

    def formula_at(self, point: QPointF) -> tuple[str, str] | None:
        """The formula under ``point`` (document coordinates): its image name and LaTeX with delimiters."""
        layout = self._document.documentLayout()
        name = layout.imageAt(point)
        if not name.startswith(f"{MATH_SCHEME}:"):
            return None
        latex = layout.formatAt(point).property(QTextFormat.Property.ImageAltText)
        return name.removeprefix(f"{MATH_SCHEME}:"), str(latex or "")

    def add_menu_actions(self, menu: QMenu, point: QPointF) -> None:
        """Put "Copy LaTeX" and "Copy as image" first in ``menu`` when a formula is under ``point``."""
        found = self.formula_at(point)
        if found is None:
            return
        name, latex = found
        copy_latex = menu.addAction(self.tr("Copy LaTeX"))
        copy_latex.triggered.connect(lambda _checked=False: QGuiApplication.clipboard().setText(latex))
        copy_image = menu.addAction(self.tr("Copy as image"))
        copy_image.triggered.connect(lambda _checked=False: self.copy_image(name))
        standard = [action for action in menu.actions() if action not in (copy_latex, copy_image)]
        if standard:
            menu.insertActions(standard[0], [copy_latex, copy_image])
            menu.insertSeparator(standard[0])

    def copy_image(self, name: str) -> bool:
        """Put the formula's image, on the view's background, on the clipboard; False when it is unknown."""
        image = self.images.image(name)
        if image is None:
            return False
        # Opaque: light ink of the dark theme would vanish when pasted on a white page.
        opaque = QImage(image.size(), QImage.Format.Format_RGB32)
        opaque.setDevicePixelRatio(image.devicePixelRatio())
        opaque.fill(self._view().palette().color(QPalette.ColorRole.Base))
        painter = QPainter(opaque)
        painter.drawImage(0, 0, image)
        painter.end()
        QGuiApplication.clipboard().setImage(opaque)
        return True

    def fix_copied_text(self, cursor: QTextCursor, mime: QMimeData) -> None:
        """Make the plain text of ``mime`` (a copy of the selection) carry each formula's LaTeX source."""
        text = self.selection_text(cursor)
        if text is None:
            return
        # Qt's own copy data fills itself in on first read: read it first, or it would overwrite ours.
        mime.text()
        mime.setText(text)

    def selection_text(self, cursor: QTextCursor) -> str | None:
        """The selected text with each formula as its LaTeX source; ``None`` when it holds no formula."""
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        if start == end:
            return None
        parts: list[str] = []
        found = False
        block = self._document.findBlock(start)
        while block.isValid() and block.position() < end:
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                first, last = fragment.position(), fragment.position() + fragment.length()
                if last > start and first < end:
                    text = fragment.text()[max(start, first) - first : min(end, last) - first]
                    char_format = fragment.charFormat()
                    name = char_format.toImageFormat().name() if char_format.isImageFormat() else ""
                    if name.startswith(f"{MATH_SCHEME}:"):
                        found = True
                        alt = str(char_format.property(QTextFormat.Property.ImageAltText) or "")
                        text = text.replace(_OBJECT, alt)
                    parts.append(text)
                fragments += 1
            block = block.next()
            if block.isValid() and block.position() <= end:
                parts.append("\n")
        if not found:
            return None
        return "".join(parts).replace("\u2028", "\n").replace("\xa0", " ")

    def _view(self) -> QWidget:
        view = self.parent()
        assert isinstance(view, QWidget)
        return view


def style_of(view: QWidget) -> FormulaStyle:
    """The formula style matching ``view``'s text: size, ink colour, x-height and device pixel ratio."""
    font = view.font()
    metrics = QFontMetricsF(font)
    return FormulaStyle(
        size_px=round(QFontInfo(font).pixelSize() * MATH_SCALE, 1),
        color=view.palette().color(QPalette.ColorRole.Text).name(),
        x_height=round(metrics.xHeight(), 1),
        descent=round(metrics.descent(), 1),
        device_pixel_ratio=view.devicePixelRatioF(),
    )
