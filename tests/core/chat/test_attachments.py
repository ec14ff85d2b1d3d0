import base64
import json
import os
import struct
import sys
from pathlib import Path

import pytest

from app.core.chat.attachments import (
    MB,
    SIZE_WARNING_BYTES,
    Attachment,
    AttachmentError,
    attachment_from_bytes,
    attachment_part,
    attachments_markdown,
    base64_size,
    detect_mime_type,
    estimate_request_bytes,
    load_attachment,
    sniff_mime_type,
)
from app.core.texts import render

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
GIF = b"GIF89a" + b"\x00" * 40
WEBP = b"RIFF" + struct.pack("<I", 100) + b"WEBPVP8 " + b"\x00" * 40
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
WAV = b"RIFF" + struct.pack("<I", 100) + b"WAVEfmt " + b"\x00" * 40
FLAC = b"fLaC" + b"\x00" * 40
OGG = b"OggS" + b"\x00" * 40
MP3 = b"ID3\x04\x00" + b"\x00" * 40
AIFF = b"FORM" + struct.pack(">I", 100) + b"AIFF" + b"\x00" * 40
HEIC = struct.pack(">I", 24) + b"ftypheic" + b"\x00" * 40
MP4 = struct.pack(">I", 24) + b"ftypisom" + b"\x00" * 40
MOV = struct.pack(">I", 20) + b"ftypqt  " + b"\x00" * 40
WEBM = b"\x1a\x45\xdf\xa3" + b"\x00" * 40
AVIF = struct.pack(">I", 24) + b"ftypavif" + b"\x00" * 40


@pytest.mark.parametrize(
    ("data", "mime_type"),
    [
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (GIF, "image/gif"),
        (WEBP, "image/webp"),
        (PDF, "application/pdf"),
        (WAV, "audio/wav"),
        (FLAC, "audio/flac"),
        (OGG, "audio/ogg"),
        (MP3, "audio/mp3"),
        (AIFF, "audio/aiff"),
        (HEIC, "image/heic"),
        (MP4, "video/mp4"),
        (MOV, "video/mov"),
        (WEBM, "video/webm"),
    ],
)
def test_signatures_name_the_format(data: bytes, mime_type: str) -> None:
    assert sniff_mime_type(data[:64]) == mime_type


def test_content_wins_over_a_wrong_extension() -> None:
    # A JPEG saved as .png (common with screenshots tools and downloads) must be declared as JPEG.
    assert detect_mime_type("photo.png", JPEG) == "image/jpeg"


@pytest.mark.parametrize(
    ("name", "mime_type"),
    [
        ("main.py", "text/plain"),
        ("app.ts", "text/plain"),
        ("notes.md", "text/plain"),
        ("data.json", "text/plain"),
        ("table.csv", "text/csv"),
        ("page.html", "text/html"),
        ("feed.xml", "text/xml"),
        ("Makefile", "text/plain"),
        ("no-extension", "text/plain"),
    ],
)
def test_text_and_code_files_go_as_text(name: str, mime_type: str) -> None:
    assert detect_mime_type(name, "print('你好')\n".encode()) == mime_type


@pytest.mark.parametrize(("name", "mime_type"), [("voice.aac", "audio/aac"), ("song.mp3", "audio/mp3")])
def test_audio_without_a_signature_is_trusted_by_extension(name: str, mime_type: str) -> None:
    assert detect_mime_type(name, b"\xff\xf1\x50\x80" + b"\x01" * 40) == mime_type


@pytest.mark.parametrize("data", [b"\x00\x01\x02binary\x00" * 5, b"\xff\xfe\xfd\xfc" * 10, AVIF])
def test_unknown_binary_is_refused_in_both_languages(data: bytes) -> None:
    with pytest.raises(AttachmentError) as caught:
        detect_mime_type("thing.bin", data)
    assert caught.value.reason == "unsupported"
    english = render(caught.value.message(), "en")
    assert "thing.bin" in english and "Gemini" in english
    assert "不接受" in render(caught.value.message(), "zh")


def test_a_file_named_like_an_image_without_its_signature_is_damaged() -> None:
    with pytest.raises(AttachmentError) as caught:
        detect_mime_type("cat.png", b"hello, not really an image")
    assert caught.value.reason == "damaged"
    assert "PNG" in render(caught.value.message(), "en")


def test_gbk_text_with_a_text_extension_is_sent_as_utf8() -> None:
    attachment = attachment_from_bytes("笔记.txt", "中文笔记内容".encode("gb18030"))
    assert attachment.mime_type == "text/plain"
    assert attachment.data.decode("utf-8") == "中文笔记内容"


def test_load_reads_the_file(tmp_path: Path) -> None:
    path = tmp_path / "chart.png"
    path.write_bytes(PNG)
    assert load_attachment(path) == Attachment("chart.png", "image/png", PNG)


def test_missing_folder_and_empty_files_are_explained(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    reasons = {}
    for name in ("gone.txt", "empty.txt", ""):
        with pytest.raises(AttachmentError) as caught:
            load_attachment(tmp_path / name)
        reasons[name] = caught.value.reason
    assert reasons == {"gone.txt": "missing", "empty.txt": "empty", "": "directory"}


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0, reason="needs POSIX permissions as non-root"
)
def test_unreadable_file_says_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x")
    path.chmod(0)
    try:
        with pytest.raises(AttachmentError) as caught:
            load_attachment(path)
    finally:
        path.chmod(0o600)
    assert caught.value.reason == "permission"
    assert "permission denied" in str(caught.value)


def test_too_large_files_are_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.pdf"
    with path.open("wb") as file:
        file.write(PDF)
        file.truncate(3 * MB)  # sparse: cheap to create
    with pytest.raises(AttachmentError) as caught:
        load_attachment(path, max_bytes=2 * MB)
    assert caught.value.reason == "too_large"
    assert "3.0 MB" in str(caught.value) and "2.0 MB" in str(caught.value)


def test_attachment_part_is_inline_data_with_base64() -> None:
    part = attachment_part(Attachment("a.pdf", "application/pdf", PDF))
    assert part == {"inlineData": {"mimeType": "application/pdf", "data": base64.b64encode(PDF).decode()}}


def test_estimate_matches_the_json_size_of_a_request() -> None:
    parts = [attachment_part(Attachment("x.png", "image/png", PNG * 1000)), {"text": "描述这张图"}]
    body = {"contents": [{"role": "user", "parts": parts}], "generationConfig": {"temperature": 1.0}}
    exact = len(json.dumps(body, ensure_ascii=False).encode())
    assert abs(estimate_request_bytes(body) - exact) < 0.01 * exact + 50


def test_estimate_counts_unencoded_attachments_at_base64_size() -> None:
    attachment = Attachment("x.wav", "audio/wav", b"\x00" * 15 * MB)
    assert base64_size(15 * MB) == 20 * MB
    assert estimate_request_bytes([attachment]) > SIZE_WARNING_BYTES


def test_markdown_shows_images_as_thumbnails_and_every_file_as_a_chip() -> None:
    parts = [
        attachment_part(Attachment("cat.png", "image/png", PNG)),
        attachment_part(Attachment("report_v2.pdf", "application/pdf", b"%PDF-" + b"x" * 2043)),
        {"text": "compare"},
    ]
    markdown = attachments_markdown(parts, lambda index: f"m7-p{index}", ["cat.png", "report_v2.pdf"])
    assert markdown.startswith("![cat.png](gd-image:m7-p0)")
    assert "`report_v2.pdf · PDF · 2 KB`" in markdown
    assert "m7-p1" not in markdown  # a PDF has no thumbnail


def test_markdown_without_names_labels_by_kind_and_is_empty_without_files() -> None:
    parts = [attachment_part(Attachment("", "audio/mp3", b"x" * 300))]
    assert attachments_markdown(parts, str) == "`audio 1 · MP3 · 300 B`"
    assert attachments_markdown([{"text": "hi"}], str) == ""
