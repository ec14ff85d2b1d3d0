"""Images from replies are untrusted: PNG, JPEG, WebP and GIF only (magic bytes), within pixel limits."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage

from app.core.image_limits import MAX_KEPT_PIXELS, MAX_REPLY_PIXELS, PixelBudget, kept_size, sniff_image
from app.qt.image_decode import decode_untrusted_image
from tests.helpers.image_bytes import png_header

ONE_PIXEL_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
HUGE_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="20000" height="20000">'
    b'<rect width="100%" height="100%" fill="red"/></svg>'
)


def _encoded(image: QImage, fmt: str) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6 takes the format as a str here; its stub says bytes, which it refuses at run time.
    assert image.save(buffer, fmt)  # type: ignore[call-overload]
    return bytes(data.data())


def test_each_allowed_format_is_recognised_with_its_size(qapp: object) -> None:
    image = QImage(37, 21, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    for fmt, name in (("PNG", "png"), ("JPG", "jpeg")):
        header = sniff_image(_encoded(image, fmt))
        assert header is not None and (header.format, header.width, header.height) == (name, 37, 21)
        decoded = decode_untrusted_image(_encoded(image, fmt))
        assert decoded is not None and (decoded.width(), decoded.height()) == (37, 21)
    gif = sniff_image(ONE_PIXEL_GIF)
    assert gif is not None and (gif.format, gif.width, gif.height) == ("gif", 1, 1)
    decoded = decode_untrusted_image(ONE_PIXEL_GIF)
    assert decoded is not None and decoded.width() == 1
    webp = sniff_image(
        b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f" + (36 | (20 << 14)).to_bytes(4, "little")
    )
    assert webp is not None and (webp.format, webp.width, webp.height) == ("webp", 37, 21)


def test_an_svg_declared_as_png_and_other_formats_are_never_decoded(qapp: object) -> None:
    assert sniff_image(HUGE_SVG) is None
    assert decode_untrusted_image(HUGE_SVG) is None
    assert decode_untrusted_image(b"BM" + bytes(100)) is None  # BMP
    assert decode_untrusted_image(b"") is None


def test_a_small_file_naming_a_huge_size_is_refused_before_decoding(qapp: object) -> None:
    header = png_header(100_000, 100_000)
    assert sniff_image(header) is not None
    assert decode_untrusted_image(header + bytes(64)) is None


def test_large_images_are_scaled_down_while_decoded_and_each_reply_has_a_pixel_budget() -> None:
    width, height = kept_size(sniff_image(png_header(8000, 6000)))  # type: ignore[arg-type]
    assert width * height <= MAX_KEPT_PIXELS and abs(width / height - 8000 / 6000) < 0.01
    budget = PixelBudget()
    big = MAX_REPLY_PIXELS // 3
    assert budget.allow(1, 0, big) and budget.allow(1, 1, big) and budget.allow(1, 2, big)
    assert not budget.allow(1, 3, big), "the fourth image is over the reply's budget"
    assert budget.allow(1, 0, big), "an image already shown stays shown"
    assert budget.allow(2, 0, big), "each reply has its own budget"
