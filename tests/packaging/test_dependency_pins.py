"""Dependencies: floors above known-vulnerable releases, a hash-locked bundle, Actions pinned by commit."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "packaging" / "requirements-bundle.txt"


def _dependencies() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(text) for text in project["dependencies"]]


def _locked() -> dict[str, list[tuple[Version, str]]]:
    """Name -> [(version, marker)] of the lock, checking that every pin carries hashes."""
    entries = re.split(r"\n(?=[A-Za-z])", LOCK.read_text(encoding="utf-8").split("\n", 2)[2])
    found: dict[str, list[tuple[Version, str]]] = {}
    for entry in entries:
        head = entry.split("\\", 1)[0].strip()
        name, _, rest = head.partition("==")
        version, _, marker = rest.partition(";")
        assert "--hash=sha256:" in entry, f"{name} has no hash"
        normal = re.sub(r"[-_.]+", "-", name.strip().lower())
        found.setdefault(normal, []).append((Version(version.strip()), marker.strip()))
    return found


def test_floors_exclude_the_known_vulnerable_releases() -> None:
    floors: dict[str, list[Version]] = {}
    for requirement in _dependencies():
        for spec in requirement.specifier:
            if spec.operator == ">=":
                floors.setdefault(requirement.name.lower(), []).append(Version(spec.version))
    assert min(floors["h11"]) >= Version("0.16")
    assert min(floors["httpx"]) >= Version("0.28.1")
    assert min(floors["pyside6-essentials"]) >= Version("6.10.1")
    assert min(floors["orjson"]) >= Version("3.9.15")
    below_612 = [r for r in _dependencies() if r.name == "PySide6-Essentials" and "3.12" in str(r.marker)]
    assert any("<6.12" in str(r.specifier) and "<" in str(r.marker) for r in below_612)


def test_the_bundle_lock_pins_every_dependency_with_hashes_within_the_floors() -> None:
    locked = _locked()
    for requirement in _dependencies():
        name = re.sub(r"[-_.]+", "-", requirement.name.lower())
        assert name in locked, f"{name} is not in the lock; run bash packaging/lock-requirements"
        assert any(requirement.specifier.contains(version) for version, _ in locked[name]), name
    assert "pyinstaller" in locked
    for platform_only in ("pywin32-ctypes", "secretstorage", "macholib"):
        assert platform_only in locked, "the lock must cover Windows, Linux and macOS"


def test_every_github_action_is_pinned_by_commit() -> None:
    uses = [
        line.split("uses:", 1)[1].strip()
        for workflow in (ROOT / ".github" / "workflows").glob("*.yml")
        for line in workflow.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith(("uses:", "- uses:"))
    ]
    assert uses
    for use in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}( # v[\d.]+)?", use), use
