"""What a message's Copy link puts on the clipboard: text a user can paste anywhere, images included.

The transcript shows images through its own ``gd-image:`` resources, which mean nothing outside the app. So
an answer that is only an image is copied as that image; otherwise the plain text and Markdown flavour says
"[image 1]" where an image was, and the rich-text (HTML) flavour carries the images themselves, embedded.
"""

from __future__ import annotations

import base64
from collections.abc import Callable

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QImage

from app.core.chat.display import IMAGE_SCHEME, copied_markdown, parse_image_key
from app.qt.image_decode import png_bytes


def message_mime_data(
    markdown: str,
    owner: int | None,
    image_of: Callable[[str], QImage | None],
    render_html: Callable[[str], str],
) -> QMimeData:
    """The clipboard contents for a message shown as ``markdown``.

    Args:
        markdown: The message's Markdown as the transcript shows it (images as ``gd-image:`` links).
        owner: The message's id; only its own images are copied (text the model wrote may name another
            message's image). None copies no image (a code block).
        image_of: The image shown under a key (``TranscriptImages.image``).
        render_html: Renders Markdown to HTML as the transcript does (``gd-image:`` sources kept).
    """
    copied = copied_markdown(markdown)
    mime = QMimeData()
    images = {key: image_of(key) for key in copied.image_keys if _owned_by(key, owner)}
    shown = [image for image in images.values() if image is not None and not image.isNull()]
    if copied.only_images and len(shown) == 1:
        mime.setImageData(shown[0])
        return mime
    mime.setText(copied.text)
    if copied.image_keys:
        html = render_html(markdown)
        for key, image in images.items():
            if image is not None and not image.isNull():
                html = html.replace(f'src="{IMAGE_SCHEME}:{key}"', f'src="{_data_url(image)}"')
        mime.setHtml(html)
    return mime


def _owned_by(key: str, owner: int | None) -> bool:
    ids = parse_image_key(key)
    return ids is not None and ids[0] == owner


def _data_url(image: QImage) -> str:
    return "data:image/png;base64," + base64.b64encode(png_bytes(image)).decode("ascii")
