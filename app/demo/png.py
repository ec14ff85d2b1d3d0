"""Real, decodable PNG images built with zlib and struct, for the inline-image scenarios.

Noise makes a large image that does not compress, so its base64 is a genuine multi-megabyte line;
a gradient makes a small, pleasant image for the interactive demo.
"""

from __future__ import annotations

import random
import struct
import zlib

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_COLOR_TYPE_RGB = 2
_FILTER_NONE = b"\x00"


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def encode_rgb_png(width: int, height: int, rows: list[bytes]) -> bytes:
    """Encode 8-bit RGB scanlines (each ``3 * width`` bytes) as a PNG file."""
    if len(rows) != height or any(len(row) != 3 * width for row in rows):
        raise ValueError("rows do not match the image size")
    header = struct.pack(">IIBBBBB", width, height, 8, _COLOR_TYPE_RGB, 0, 0, 0)
    # Level 1: the noise image does not compress anyway, and the level-9 search costs seconds.
    pixels = zlib.compress(b"".join(_FILTER_NONE + row for row in rows), 1)
    return PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels) + _chunk(b"IEND", b"")


def noise_png(width: int, height: int, *, seed: int = 0) -> bytes:
    """Return a PNG of deterministic random pixels (about ``3 * width * height`` bytes)."""
    rng = random.Random(seed)
    return encode_rgb_png(width, height, [rng.randbytes(3 * width) for _ in range(height)])


def gradient_png(width: int = 256, height: int = 256) -> bytes:
    """Return a small PNG with a smooth diagonal colour gradient."""
    rows = []
    for y in range(height):
        row = bytearray()
        for x in range(width):
            row += bytes((x * 255 // max(width - 1, 1), y * 255 // max(height - 1, 1), 180))
        rows.append(bytes(row))
    return encode_rgb_png(width, height, rows)
