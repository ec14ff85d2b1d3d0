"""The Simplified Chinese catalogue is complete, current with the code, and compiles into working Qt files.

Fixing a failure: run ``bash scripts/translations`` (updates the ``.ts`` from the code and compiles it), then
translate every entry marked ``type="unfinished"`` in ``resources/translations/gemini_desk_zh_CN.ts``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

ROOT = Path(__file__).resolve().parents[2]
TS_FILE = ROOT / "resources" / "translations" / "gemini_desk_zh_CN.ts"
QM_FILE = ROOT / "app" / "translations" / "gemini_desk_zh_CN.qm"
FIX = "run `bash scripts/translations`, then translate the unfinished entries"

# {0}, {name}, {0:.2f}, %1, %n: whatever the code fills in must survive translation unchanged.
_PLACEHOLDER = re.compile(r"\{[A-Za-z0-9_]*(?::[^{}]*)?\}|%\d|%n")
# A keyboard accelerator ("&Save"); "&&" is a literal ampersand.
_ACCELERATOR = re.compile(r"&(?!&)\w")

Key = tuple[str, str]  # (context, source)


def _tool(name: str) -> str:
    """A PySide6 tool from the running interpreter's environment (its scripts sit next to the executable)."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} not found next to {sys.executable} or on PATH (it comes with PySide6)")
    return found


def _messages(ts: Path) -> dict[Key, ET.Element]:
    root = ET.parse(ts).getroot()
    found: dict[Key, ET.Element] = {}
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            found[(name, message.findtext("source", ""))] = message
    return found


def _translations(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    if translation is None:
        return []
    forms = translation.findall("numerusform")
    return [form.text or "" for form in forms] if forms else [translation.text or ""]


def _state(message: ET.Element) -> str:
    translation = message.find("translation")
    return "" if translation is None else translation.get("type", "")


def _current_sources(tmp_path: Path) -> set[Key]:
    """Every translatable string in the code today, as a fresh lupdate run finds it."""
    sources = sorted(str(p) for p in (ROOT / "app" / "qt").rglob("*.py"))
    sources.append(str(ROOT / "app" / "main.py"))
    fresh = tmp_path / "fresh.ts"
    result = subprocess.run(
        [_tool("pyside6-lupdate"), *sources, "-ts", str(fresh), "-no-obsolete", "-locations", "none"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return set(_messages(fresh))


def _listing(keys: set[Key] | list[Key]) -> str:
    return "\n".join(f"  [{context}] {source!r}" for context, source in sorted(keys))


def test_every_ui_string_has_a_finished_chinese_translation() -> None:
    messages = _messages(TS_FILE)
    assert len(messages) > 200, "the catalogue lost most of its strings"
    missing = [
        key
        for key, message in messages.items()
        if _state(message) not in ("", "obsolete", "vanished")
        or (not _state(message) and not all(text.strip() for text in _translations(message)))
    ]
    assert not missing, f"strings without a finished zh_CN translation ({FIX}):\n{_listing(missing)}"


def test_the_catalogue_is_up_to_date_with_the_code(tmp_path: Path) -> None:
    in_code = _current_sources(tmp_path)
    # Obsolete entries are kept translations of strings the code dropped: they do not count as present.
    catalogued = {key for key, m in _messages(TS_FILE).items() if _state(m) not in ("obsolete", "vanished")}
    not_catalogued = in_code - catalogued
    stale = catalogued - in_code
    assert not not_catalogued, (
        f"strings in the code missing from the .ts ({FIX}):\n{_listing(not_catalogued)}"
    )
    assert not stale, f"the .ts has strings the code no longer uses ({FIX}):\n{_listing(stale)}"


def test_translations_keep_placeholders_and_accelerators() -> None:
    wrong: list[str] = []
    for (context, source), message in _messages(TS_FILE).items():
        if _state(message):
            continue
        wanted = sorted(_PLACEHOLDER.findall(source))
        for text in _translations(message):
            if sorted(_PLACEHOLDER.findall(text)) != wanted:
                wrong.append(f"  [{context}] {source!r} -> {text!r}: placeholders differ")
            if bool(_ACCELERATOR.search(source)) != bool(_ACCELERATOR.search(text)):
                wrong.append(f"  [{context}] {source!r} -> {text!r}: accelerator lost or added")
    assert not wrong, "\n".join(wrong)


def test_the_catalogue_compiles_and_translates(tmp_path: Path) -> None:
    qm = tmp_path / "gemini_desk_zh_CN.qm"
    result = subprocess.run(
        [_tool("pyside6-lrelease"), str(TS_FILE), "-qm", str(qm)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("Composer", "Send") == "发送"
    assert translator.translate("MessageActionBar", "Regenerate") == "重新生成"
    assert (
        translator.translate("ExportController", "Imported %n conversation(s).", "", 3)
        == "已导入 %n 个会话。"
    )


def test_the_shipped_catalogue_is_the_compiled_ts_and_is_in_the_repository(tmp_path: Path) -> None:
    # An install from the repository (pip install ., a wheel, a source archive) has no step that compiles the
    # .ts: without a .qm in the package, choosing 简体中文 gave an English window with Chinese OK and Cancel.
    qm = tmp_path / "gemini_desk_zh_CN.qm"
    subprocess.run(
        [_tool("pyside6-lrelease"), "-silent", str(TS_FILE), "-qm", str(qm)], check=True, timeout=60
    )
    assert QM_FILE.read_bytes() == qm.read_bytes(), f"app/translations is stale: {FIX}, and commit the .qm"
    if shutil.which("git") and (ROOT / ".git").exists():
        tracked = subprocess.run(
            ["git", "ls-files", "--error-unmatch", str(QM_FILE.relative_to(ROOT))],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert tracked.returncode == 0, "the compiled catalogue must be committed: pip installs ship it"
