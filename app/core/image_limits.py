"""Images from replies and import files are untrusted: which ones are decoded, and how large they may be.

Only PNG, JPEG, WebP and GIF are decoded, chosen by their first bytes whatever MIME type the part declares:
Qt would otherwise pick a decoder from the content itself, and a 120-byte SVG declared as ``image/png``
renders to a bitmap of any size it names. The dimensions are read from the header before anything is decoded,
so a small file that would decode to hundreds of megabytes is refused or scaled down while it is decoded.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

#: Largest image decoded at all, in pixels (a 50-megapixel photo; 200 MB as 32-bit pixels).
MAX_IMAGE_PIXELS = 50_000_000
#: Largest image kept, in pixels: bigger ones are scaled down while they are decoded (16 MP, 64 MB).
MAX_KEPT_PIXELS = 16_000_000
#: Pixels one reply may show in all; the images after that are listed but not decoded.
MAX_REPLY_PIXELS = 64_000_000

_PNG = b"\x89PNG\r\n\x1a\n"
_GIF = (b"GIF87a", b"GIF89a")


@dataclass(frozen=True)
class ImageHeader:
    """What an image's first bytes say.

    Attributes:
        format: "png", "jpeg", "webp" or "gif" (the Qt image format name).
        width: Width in pixels, 0 when the header does not say (then it is not decoded).
        height: Height in pixels.
    """

    format: str
    width: int
    height: int

    @property
    def pixels(self) -> int:
        """Width times height."""
        return self.width * self.height


def sniff_image(data: bytes) -> ImageHeader | None:
    """The format and size of an image in one of the four decoded formats, or None for anything else."""
    if data.startswith(_PNG) and len(data) >= 24 and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return ImageHeader("png", width, height)
    if data.startswith(_GIF) and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return ImageHeader("gif", width, height)
    if data.startswith(b"\xff\xd8\xff"):
        width, height = _jpeg_size(data)
        return ImageHeader("jpeg", width, height)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        width, height = _webp_size(data)
        return ImageHeader("webp", width, height)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int]:
    """The frame size from the first start-of-frame marker; (0, 0) when there is none."""
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            index += 1
            continue
        marker = data[index + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            index += 1 if marker == 0xFF else 2
            continue
        (length,) = struct.unpack(">H", data[index + 2 : index + 4])
        # SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return width, height
        index += 2 + length
    return 0, 0


def _webp_size(data: bytes) -> tuple[int, int]:
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(data) >= 30:
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return width, height
    return 0, 0


class PixelBudget:
    """The pixels each reply has shown so far, against ``MAX_REPLY_PIXELS``."""

    def __init__(self, limit: int = MAX_REPLY_PIXELS) -> None:
        self._limit = limit
        self._used: dict[int, dict[int, int]] = {}

    def allow(self, message_id: int, index: int, pixels: int) -> bool:
        """Whether part ``index`` of ``message_id`` may show ``pixels`` more (counted once per part)."""
        parts = self._used.setdefault(message_id, {})
        if index in parts:
            return True
        if sum(parts.values()) + pixels > self._limit:
            return False
        parts[index] = pixels
        return True

    def reset(self) -> None:
        """Forget every count (another conversation is shown)."""
        self._used.clear()


def decodable(header: ImageHeader | None) -> bool:
    """Whether an image with ``header`` may be decoded at all."""
    return header is not None and header.width > 0 and header.height > 0 and header.pixels <= MAX_IMAGE_PIXELS


def kept_size(header: ImageHeader) -> tuple[int, int]:
    """The size an image is decoded to: its own, or scaled down (aspect kept) to ``MAX_KEPT_PIXELS``."""
    if header.pixels <= MAX_KEPT_PIXELS:
        return header.width, header.height
    scale = (MAX_KEPT_PIXELS / header.pixels) ** 0.5
    return max(1, int(header.width * scale)), max(1, int(header.height * scale))
