"""Decoding untrusted image bytes into a ``QImage`` within the limits of ``app.core.image_limits``; PNG out.

Safe to call on any thread (a ``QImage`` is not a widget), and Qt's decoder runs without holding Python's
lock: the transcript decodes every image on a worker thread (``app.qt.widgets.transcript_images``), so a
large one never stalls the window.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QImage, QImageReader, QImageWriter

from app.core.image_limits import MAX_IMAGE_PIXELS, decodable, kept_size, sniff_image

# Qt's own cap on one decode's memory, in MB: above what MAX_IMAGE_PIXELS needs as 32-bit pixels.
_ALLOCATION_LIMIT_MB = MAX_IMAGE_PIXELS * 4 // (1024 * 1024) + 16


def decode_untrusted_image(data: bytes) -> QImage | None:
    """``data`` as an image when it is a PNG, JPEG, WebP or GIF within the size limits; None otherwise.

    The decoder is chosen by the magic bytes (never by Qt's guess from the content), and an image above
    ``MAX_KEPT_PIXELS`` is scaled down while it is decoded.
    """
    header = sniff_image(data)
    if header is None or not decodable(header):
        return None
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, header.format.encode("ascii"))
    reader.setAutoDetectImageFormat(False)
    reader.setDecideFormatFromContent(False)
    reader.setAllocationLimit(_ALLOCATION_LIMIT_MB)
    width, height = kept_size(header)
    if (width, height) != (header.width, header.height):
        reader.setScaledSize(QSize(width, height))
    image = reader.read()
    buffer.close()
    return None if image.isNull() else image


def png_bytes(image: QImage) -> bytes:
    """``image`` encoded as PNG."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    QImageWriter(buffer, QByteArray(b"png")).write(image)
    return bytes(buffer.data().data())
