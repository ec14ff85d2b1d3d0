"""The images of the transcript's messages: their names, and their bytes within the pixel limits.

A live reply's image part is decoded off the GUI thread as soon as it arrives; a stored message's image only
when the transcript first shows it. Either way the bytes pass the limits per image and per reply
(``core.image_limits``) first, and every image has a name the user knows it by ("Image 2 of the answer",
an attachment's file name) for menus and screen readers.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from app.core.chat.attachments import inline_parts
from app.core.chat.display import decode_image_part, image_data, image_key, image_number, parse_image_key
from app.core.image_limits import PixelBudget, sniff_image
from app.core.store.conversations import ConversationStore
from app.qt.widgets.transcript_images import TranscriptImages


class AnswerImages(QObject):
    """Provides and names the images of the conversation the transcript shows.

    Args:
        images: The transcript's image store; this object becomes its provider and namer.
        store: Where stored messages' images are read.
        parent: The owner.
    """

    def __init__(
        self, images: TranscriptImages, store: ConversationStore, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._images = images
        self._store = store
        # The names of live replies' images (message id -> part index -> name), until the store has them.
        self._live_names: dict[int, dict[int, str]] = {}
        self._pixels = PixelBudget()
        images.set_provider(self._load)
        images.set_namer(self.name)

    def conversation_shown(self) -> None:
        """Another conversation is shown: release the images of the one before, and its pixel budget."""
        self._images.release()
        self._pixels.reset()

    def add_live(self, message_id: int, parts: list[dict[str, Any]], index: int) -> None:
        """Start decoding a live reply's image part off the GUI thread; the transcript shows it when ready."""
        if image_data(parts[index]) is None:
            return
        self._live_names.setdefault(message_id, {})[index] = self._answer_image_name(parts, index)
        data = self._bytes(message_id, parts, index)
        if data is not None:
            self._images.add_encoded(image_key(message_id, index), data)

    def forget_live(self, message_id: int) -> None:
        """The live reply ``message_id`` started again or is stored: its images are named from the store."""
        self._live_names.pop(message_id, None)

    def name(self, key: str) -> str | None:
        """What the user knows the image ``key`` as: "Image 2 of the answer", or an attachment's file name.

        ``None`` for a key that names no image of a message the transcript can show.
        """
        ids = parse_image_key(key)
        if ids is None:
            return None
        message_id, index = ids
        live = self._live_names.get(message_id, {}).get(index)
        if live is not None:
            return live
        message = self._store.get_message(message_id)
        if message is None or not 0 <= index < len(message.parts):
            return None
        if message.role == "user":
            numbers = [i for i, _ in inline_parts(message.parts)]
            if index not in numbers:
                return None
            number = numbers.index(index)
            names = message.meta.get("attachment_names", ())
            name = names[number] if isinstance(names, list) and number < len(names) else None
            return name if isinstance(name, str) and name else self.tr("Attachment {0}").format(number + 1)
        if image_data(message.parts[index]) is None:
            return None
        return self._answer_image_name(message.parts, index)

    def _answer_image_name(self, parts: list[dict[str, Any]], index: int) -> str:
        return self.tr("Image {0} of the answer").format(image_number(parts, index))

    def _load(self, key: str) -> bytes | None:
        """A stored message's image, to be decoded when the transcript first shows it (lazily, per row)."""
        ids = parse_image_key(key)
        message = self._store.get_message(ids[0]) if ids is not None else None
        if ids is None or message is None:
            return None
        return self._bytes(ids[0], message.parts, ids[1])

    def _bytes(self, message_id: int, parts: list[dict[str, Any]], index: int) -> bytes | None:
        """An image part's bytes, if the limits per image and per reply allow it (core.image_limits)."""
        data = decode_image_part(parts, index)
        header = sniff_image(data) if data else None
        if data is None or header is None or not self._pixels.allow(message_id, index, header.pixels):
            return None
        return data
