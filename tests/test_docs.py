"""The project explains itself: every protocol reference resolves, and the docs name files that exist.

Code and tests cite the protocol notes as ``PROTOCOL-NOTES §N`` (or "the protocol notes, section N"); each
must name a numbered section of ``docs/PROTOCOL-NOTES.md``, and nothing may cite a document outside the
repository.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "docs" / "PROTOCOL-NOTES.md"
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "bench" / "RESULTS.md"]

REFERENCE = re.compile(r"PROTOCOL-NOTES(?:\.md)? §(\d+)|protocol notes, section (\d+)", re.IGNORECASE)
# The outside research document the first references pointed at, or a section sign without the notes' name.
FOREIGN = re.compile(r"PROTOCOL\.md|PROTOCOL §")
SECTION = re.compile(r"^## (\d+)\. ", re.MULTILINE)
# A file or folder of the repository named in backticks, such as `app/core/gemini/urls.py`.
REPO_PATH = re.compile(r"`((?:app|tests|bench|scripts|docs|resources|packaging)/[\w./-]*\w)`")


def sources() -> list[Path]:
    files = [p for folder in ("app", "tests", "bench") for p in (ROOT / folder).rglob("*.py")]
    return [*files, *DOCS]


def sections() -> set[int]:
    return {int(number) for number in SECTION.findall(NOTES.read_text(encoding="utf-8"))}


def test_the_protocol_notes_have_numbered_sections() -> None:
    assert sections() >= {1, 2, 3, 4, 5, 6, 7}


def test_every_protocol_reference_names_a_section_of_the_notes() -> None:
    known = sections()
    found: list[tuple[str, int]] = []
    for path in sources():
        for match in REFERENCE.finditer(path.read_text(encoding="utf-8")):
            found.append((str(path.relative_to(ROOT)), int(match.group(1) or match.group(2))))
    assert found, "no protocol reference found: the pattern is out of date"
    assert [(where, number) for where, number in found if number not in known] == []


def test_nothing_cites_a_protocol_document_outside_the_repository() -> None:
    foreign = [
        str(path.relative_to(ROOT))
        for path in sources()
        if path != Path(__file__) and FOREIGN.search(path.read_text(encoding="utf-8"))
    ]
    assert foreign == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_files_named_in_the_docs_exist(doc: Path) -> None:
    missing = [
        name for name in REPO_PATH.findall(doc.read_text(encoding="utf-8")) if not (ROOT / name).exists()
    ]
    assert missing == []
