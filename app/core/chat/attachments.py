"""Files a user attaches to a message: loading, MIME detection, request parts and size estimates.

Gemini takes small files inline, as ``{"inlineData": {"mimeType", "data"}}`` parts with base64 data. The MIME
type must be one Gemini understands, so it is chosen from the file's first bytes where a format has a
signature, then from its extension; text and code files go as ``text/plain`` (a few documented text types
keep their own). Anything else is refused before it is sent, with a message in English and Chinese.

Base64 makes data a third larger, and gateways (or the proxies in front of them) often refuse requests far
below what Google accepts, so the app warns above :data:`SIZE_WARNING_BYTES` for the whole request and
refuses single files above :data:`MAX_FILE_BYTES` outright.
"""

from __future__ import annotations

import base64
import binascii
import math
import os
import stat
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from app.core.chat.markdown_syntax import code_span, escape
from app.core.texts import REFERENCE, Param, Text, render

MB: Final = 1024 * 1024
SIZE_WARNING_BYTES: Final = 20 * MB
"""Above this estimated request size, ask before sending (gateways and proxies often refuse more)."""
MAX_FILE_BYTES: Final = 50 * MB
"""Files larger than this are refused: inline, they would make a request no gateway is likely to accept."""

Kind = Literal["image", "pdf", "audio", "video", "text"]

IMAGE_TYPES: Final = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".jpe": "image/jpeg",
    ".webp": "image/webp",
    ".heic": "image/heic",
    ".heif": "image/heif",
    ".gif": "image/gif",
}
AUDIO_TYPES: Final = {
    ".wav": "audio/wav",
    ".mp3": "audio/mp3",
    ".aac": "audio/aac",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".flac": "audio/flac",
    ".aiff": "audio/aiff",
    ".aif": "audio/aiff",
}
VIDEO_TYPES: Final = {
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".webm": "video/webm",
    ".mov": "video/mov",
    ".mpeg": "video/mpeg",
    ".mpg": "video/mpg",
    ".avi": "video/avi",
    ".wmv": "video/wmv",
    ".flv": "video/x-flv",
    ".3gp": "video/3gpp",
}
# Text types Gemini documents by name; every other text or code file is sent as text/plain, which it reads
# as plain text (Markdown and code included).
TEXT_TYPES: Final = {".csv": "text/csv", ".html": "text/html", ".htm": "text/html", ".xml": "text/xml"}
_TEXT_EXTENSION_LIST: Final = (
    ".txt .text .log .md .markdown .rst .tex .py .pyi .js .mjs .cjs .ts .tsx .jsx .json .jsonl .yaml .yml"
    " .toml .ini .cfg .conf .env .sh .bash .zsh .fish .ps1 .bat .cmd .c .h .cc .cpp .cxx .hpp .hh .cs"
    " .java .kt .kts .scala .go .rs .rb .php .pl .pm .lua .r .swift .m .mm .dart .sql .css .scss .sass"
    " .less .vue .svelte .svg .srt .vtt .tsv .properties .gradle .cmake .mk .diff .patch .proto .graphql"
    " .hs .ex .exs .erl .clj .el .vim .zig .nim .jl .f90 .asm .s .dockerfile .gitignore .csv .html .htm"
    " .xml"
)
TEXT_EXTENSIONS: Final = frozenset(_TEXT_EXTENSION_LIST.split())
# Files known by name rather than extension.
TEXT_FILENAMES: Final = frozenset(
    {"makefile", "dockerfile", "readme", "license", "changelog", "cmakelists.txt"}
)

_EXTENSION_TYPES: Final = {**IMAGE_TYPES, **AUDIO_TYPES, **VIDEO_TYPES, ".pdf": "application/pdf"}
# Text types a double-click runs (scripts) or opens in a browser with scripts of its own.
_ACTIVE_TEXT_EXTENSIONS: Final = frozenset(
    {".ps1", ".bat", ".cmd", ".sh", ".bash", ".zsh", ".fish", ".html", ".htm", ".svg"}
)


def inert_extension(name: str) -> bool:
    """Whether a file called ``name`` may be saved under its own extension.

    Pictures, sound, video, PDF and plain text are inert: opening them, or showing their folder, runs nothing.
    Other extensions (``.exe``, ``.lnk``, ``.url``, ``.library-ms``…) can act when double-clicked, or even
    when Windows Explorer merely shows their folder: a file saved from someone else's conversation gets
    another.
    """
    suffix = Path(name).suffix.lower()
    if suffix in _EXTENSION_TYPES:
        return True
    return suffix in TEXT_EXTENSIONS and suffix not in _ACTIVE_TEXT_EXTENSIONS


# Formats whose first bytes are always the same: a file that claims one of them by extension but lacks the
# signature is damaged or misnamed, and Gemini would answer 400.
_SIGNED_TYPES: Final = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"})
_SNIFF_BYTES: Final = 64
# ISO media brands of ordinary MP4 video (AVIF images and M4A audio share the container but are not video).
_MP4_BRANDS: Final = frozenset(
    {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"dash", b"M4V ", b"mmp4"}
)


def _iso_brand(head: bytes) -> bytes:
    return head[8:12] if head[4:8] == b"ftyp" else b""


def sniff_mime_type(head: bytes) -> str | None:
    """The MIME type a file's first bytes prove, or None when they prove nothing.

    Args:
        head: The first bytes of the file (64 are plenty).
    """
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "audio/wav"
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return "video/avi"
    if head.startswith(b"FORM") and head[8:12] in (b"AIFF", b"AIFC"):
        return "audio/aiff"
    if head.startswith(b"fLaC"):
        return "audio/flac"
    if head.startswith(b"OggS"):
        return "audio/ogg"
    if head.startswith(b"ID3"):
        return "audio/mp3"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm"
    brand = _iso_brand(head)
    if brand in (b"heic", b"heix", b"heim", b"heis"):
        return "image/heic"
    if brand in (b"mif1", b"msf1", b"heif"):
        return "image/heif"
    if brand == b"qt  ":
        return "video/mov"
    if brand.startswith(b"3g"):
        return "video/3gpp"
    if brand in _MP4_BRANDS:
        return "video/mp4"
    return None


def _decode_text(data: bytes, known_text: bool) -> str | None:
    """The text of ``data`` when it is text; other encodings are tried only for known text extensions."""
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if not known_text:
        return None
    # Chinese users' older text files are often GB18030/GBK, Windows notes sometimes UTF-16 with a BOM.
    encodings = ("utf-16",) if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("gb18030",)
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    return None


def _is_text_name(name: str) -> bool:
    path = Path(name)
    return path.suffix.lower() in TEXT_EXTENSIONS or path.name.lower() in TEXT_FILENAMES


Reason = Literal[
    "missing",
    "directory",
    "special",
    "permission",
    "unreadable",
    "empty",
    "too_large",
    "unsupported",
    "damaged",
]


class AttachmentError(Exception):
    """A file that cannot be attached; ``str(error)`` is the explanation in English, for logs.

    Attributes:
        reason: A machine-readable reason (``missing``, ``directory``, ``special``, ``permission``,
            ``unreadable``, ``empty``, ``too_large``, ``unsupported``, ``damaged``); the explanation's text
            is ``attachment.<reason>`` in the catalogues of ``app.core.texts``.
        name: The file's name (not its path: messages never show where a user keeps files).
    """

    def __init__(self, reason: Reason, name: str, **fields: Param) -> None:
        self.reason: Reason = reason
        self.name = name
        self._fields = fields
        super().__init__(render(self.message(), REFERENCE))

    def message(self) -> Text:
        """The explanation for the user, to be worded in the UI language."""
        return Text(f"attachment.{self.reason}", name=self.name, **self._fields)


@dataclass(frozen=True, slots=True)
class Attachment:
    """One file ready to send.

    Attributes:
        name: The file's name, shown on its chip.
        mime_type: The MIME type sent to Gemini.
        data: The file's bytes (text re-encoded as UTF-8).
    """

    name: str
    mime_type: str
    data: bytes

    @property
    def size(self) -> int:
        """The file's size in bytes."""
        return len(self.data)

    @property
    def kind(self) -> Kind:
        """The family of the file, for its chip and icon."""
        return kind_of(self.mime_type)


def kind_of(mime_type: str) -> Kind:
    """The family of a MIME type: image, pdf, audio, video or text."""
    if mime_type == "application/pdf":
        return "pdf"
    family = mime_type.partition("/")[0]
    if family in ("image", "audio", "video"):
        return family  # type: ignore[return-value]
    return "text"


def type_label(mime_type: str) -> Param:
    """A short label for a chip: ``PNG``, ``PDF``, ``MP3``, ``CSV``, and plain text as a word.

    Format names read the same in every language; only plain text gets a word (``attachment.type.text``).
    """
    subtype = mime_type.partition("/")[2].removeprefix("x-")
    if mime_type == "text/plain":
        return Text("attachment.type.text")
    return subtype.upper() if subtype else mime_type


def format_size(size: int) -> str:
    """A human size: ``512 B``, ``12 KB``, ``3.4 MB``."""
    if size < 1024:
        return f"{size} B"
    if size < MB:
        return f"{size / 1024:.0f} KB"
    return f"{size / MB:.1f} MB"


def base64_size(size: int) -> int:
    """How many bytes ``size`` bytes take once base64-encoded (with padding)."""
    return 4 * math.ceil(size / 3)


def detect_mime_type(name: str, data: bytes) -> str:
    """The MIME type to send ``data`` (the file called ``name``) as.

    Raises:
        AttachmentError: ``unsupported`` for a binary file of no accepted type, ``damaged`` for a file whose
            extension names a format with a signature it lacks.
    """
    head = data[:_SNIFF_BYTES]
    sniffed = sniff_mime_type(head)
    if sniffed is not None:
        return sniffed
    suffix = Path(name).suffix.lower()
    claimed = _EXTENSION_TYPES.get(suffix)
    if claimed in _SIGNED_TYPES:
        raise AttachmentError("damaged", name, kind=type_label(claimed))
    if claimed is not None:
        # Audio and video signatures vary (an MP3 without a tag, raw AAC): trust the extension.
        return claimed
    if _decode_text(data, _is_text_name(name)) is not None:
        return TEXT_TYPES.get(suffix, "text/plain")
    raise AttachmentError("unsupported", name)


def attachment_from_bytes(name: str, data: bytes, max_bytes: int = MAX_FILE_BYTES) -> Attachment:
    """Make an attachment of bytes that did not come from a file (a pasted image).

    Raises:
        AttachmentError: When the data is empty, too large, or of no accepted type.
    """
    if not data:
        raise AttachmentError("empty", name)
    if len(data) > max_bytes:
        raise AttachmentError("too_large", name, size=format_size(len(data)), limit=format_size(max_bytes))
    mime_type = detect_mime_type(name, data)
    if kind_of(mime_type) == "text" and not _is_utf8(data):
        # Gemini reads text as UTF-8: re-encode what another encoding decoded.
        text = _decode_text(data, known_text=True)
        assert text is not None  # detect_mime_type accepted it as text
        data = text.encode("utf-8")
    return Attachment(name, mime_type, data)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def load_attachment(path: str | os.PathLike[str], max_bytes: int = MAX_FILE_BYTES) -> Attachment:
    """Read a file and make it an attachment. Blocking: call it in a worker thread for big files.

    The size is checked before reading, so a huge file is refused without reading it.

    Raises:
        AttachmentError: The file is missing, a folder, unreadable, empty, too large, or of no accepted type.
    """
    path = Path(path)
    name = path.name or str(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise AttachmentError("directory", name)
        if not stat.S_ISREG(info.st_mode):
            # A pipe, socket or device: reading it could block for ever (a FIFO waits for a writer) or never
            # end (/dev/zero), and the composer waits for every file before it sends.
            raise AttachmentError("special", name)
        if info.st_size > max_bytes:
            raise AttachmentError(
                "too_large", name, size=format_size(info.st_size), limit=format_size(max_bytes)
            )
        with path.open("rb") as file:
            # Read one byte past the limit: a file that grew since stat() is still caught.
            data = file.read(max_bytes + 1)
    except FileNotFoundError:
        raise AttachmentError("missing", name) from None
    except PermissionError:
        raise AttachmentError("permission", name) from None
    except IsADirectoryError:
        raise AttachmentError("directory", name) from None
    except OSError as error:
        raise AttachmentError("unreadable", name, detail=error.strerror or str(error)) from None
    return attachment_from_bytes(name, data, max_bytes)


def attachment_part(attachment: Attachment) -> dict[str, Any]:
    """The request part carrying ``attachment``: ``{"inlineData": {"mimeType", "data"}}``."""
    data = base64.b64encode(attachment.data).decode("ascii")
    return {"inlineData": {"mimeType": attachment.mime_type, "data": data}}


def estimate_request_bytes(value: Any) -> int:
    """About how many bytes ``value`` (a request body, contents, or a list of parts) takes as JSON.

    Strings count their UTF-8 length plus quotes; structure counts its punctuation. Inline data is already
    base64 text, so its share (nearly all of a big request) is exact. Attachments not yet encoded count
    their base64 size.
    """
    if isinstance(value, str):
        return (len(value) if value.isascii() else len(value.encode("utf-8"))) + 2
    if isinstance(value, Attachment):
        return base64_size(value.size) + 64
    if isinstance(value, Mapping):
        return 2 + sum(
            estimate_request_bytes(str(k)) + 1 + estimate_request_bytes(v) + 1 for k, v in value.items()
        )
    if isinstance(value, (list, tuple)):
        return 2 + sum(estimate_request_bytes(item) + 1 for item in value)
    if isinstance(value, bytes):
        return base64_size(len(value)) + 2
    return len(str(value))


def inline_parts(parts: Sequence[Mapping[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    """The ``inlineData`` payloads of ``parts`` with their indices in ``parts``."""
    found = []
    for index, part in enumerate(parts):
        inline = part.get("inlineData")
        if isinstance(inline, dict):
            found.append((index, inline))
    return found


def sent_attachments(parts: Sequence[Mapping[str, Any]], names: Sequence[object]) -> list[Attachment]:
    """The files a stored message carries, as attachments again (for editing the message).

    Args:
        parts: The message's parts; each ``inlineData`` part is one file.
        names: The files' names, in the order of those parts (``meta["attachment_names"]``); a file without
            one is named by its type.
    """
    found = []
    for number, (_index, inline) in enumerate(inline_parts(parts)):
        mime_type = str(inline.get("mimeType", "application/octet-stream"))
        try:
            data = base64.b64decode(str(inline.get("data", "")), validate=False)
        except (binascii.Error, ValueError):
            continue  # a damaged part cannot be shown as a file; editing keeps it out
        name = names[number] if number < len(names) else ""
        shown = name if isinstance(name, str) and name else f"{kind_of(mime_type)}-{number + 1}"
        found.append(Attachment(shown, mime_type, data))
    return found


def decoded_size(data: str) -> int:
    """The size in bytes of base64 text once decoded (its length, less the padding, times 3/4)."""
    data = data.strip()
    padding = min(2, len(data) - len(data.rstrip("=")))
    return max(0, len(data) * 3 // 4 - padding)


def attachments_markdown(
    parts: Sequence[Mapping[str, Any]],
    image_key: Callable[[int], str],
    names: Sequence[str] = (),
    image_scheme: str = "gd-image",
    language: str = "en",
) -> str:
    """Markdown showing a user message's attachments above its text: thumbnails and chips.

    Images become ``![name](gd-image:KEY)`` (the transcript serves KEY's image); every attachment also
    gets a chip, a code span ```name · TYPE · size```. Returns "" when ``parts`` carry no inline data.

    Args:
        parts: The message's raw parts.
        image_key: What follows the scheme for the part at an index: the image's resource key, with any size
            hint the transcript understands (the caller serves the image under that key).
        names: The attachments' file names in order, when known (parts themselves carry no names).
        image_scheme: The URL scheme the transcript serves images under.
        language: The language of the chips' type labels (a locale name, see ``app.core.texts.render``).
    """
    images: list[str] = []
    chips: list[str] = []
    for number, (index, inline) in enumerate(inline_parts(parts)):
        mime_type = str(inline.get("mimeType") or "application/octet-stream")
        name = (
            names[number] if number < len(names) and names[number] else f"{kind_of(mime_type)} {number + 1}"
        )
        data = inline.get("data")
        size = decoded_size(data) if isinstance(data, str) else 0
        if kind_of(mime_type) == "image":
            images.append(f"![{escape(name)}]({image_scheme}:{image_key(index)})")
        # A code span looks like a chip and needs no font for symbols.
        chips.append(code_span(f"{name} · {render(type_label(mime_type), language)} · {format_size(size)}"))
    if not chips:
        return ""
    blocks = [" ".join(images)] if images else []
    blocks.append("  \n".join(chips))
    return "\n\n".join(blocks)
