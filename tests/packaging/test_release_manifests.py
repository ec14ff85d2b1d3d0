"""The release's checksums and package-manager manifests, made from the templates as the workflow does."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from app.core.updates import install_kind

ROOT = Path(__file__).resolve().parents[2]
RELEASE = ROOT / "packaging" / "release"
VERSION = "0.3.0"
URL = f"https://github.com/gemini-desk/gemini-desk/releases/download/v{VERSION}/"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name.replace("-", "_"), RELEASE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def release(tmp_path: Path) -> dict[str, str]:
    """A release folder with one small file per manifest entry; returns name -> SHA-256."""
    folder = tmp_path / "release"
    folder.mkdir()
    manifests = _load("manifests")
    sums = {}
    for name in manifests.release_files(VERSION).values():
        data = f"artefact {name}".encode()
        (folder / name).write_bytes(data)
        sums[name] = hashlib.sha256(data).hexdigest()
    return sums


def test_checksums_cover_the_artefacts_and_match_sha256sum(tmp_path: Path, release: dict[str, str]) -> None:
    folder = tmp_path / "release"
    _load("checksums").write_checksums(folder)
    lines = (folder / "SHA256SUMS").read_text().splitlines()
    # The format `sha256sum -c` reads: digest, two spaces, name; sorted by name.
    assert lines == [f"{release[name]}  {name}" for name in sorted(release)]
    if shutil.which("sha256sum"):
        check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr


def test_a_folder_among_the_artefacts_is_refused(tmp_path: Path, release: dict[str, str]) -> None:
    folder = tmp_path / "release"
    (folder / "AppDir").mkdir()
    with pytest.raises(SystemExit, match="AppDir is not a regular file"):
        _load("checksums").write_checksums(folder)
    result = subprocess.run(
        [sys.executable, str(RELEASE / "check-artefacts.py"), str(folder)], capture_output=True, text=True
    )
    assert result.returncode == 1 and "AppDir" in result.stderr


def _write(tmp_path: Path, release: dict[str, str]) -> Path:
    out = tmp_path / "manifests"
    _load("manifests").write_manifests(VERSION, release, out, release_date="2026-12-07")
    return out


def test_winget_points_at_both_installers_with_their_hashes(tmp_path: Path, release: dict[str, str]) -> None:
    out = _write(tmp_path, release)
    installer = yaml.safe_load((out / "winget" / "GeminiDesk.GeminiDesk.installer.yaml").read_text())
    assert installer["PackageVersion"] == VERSION and installer["InstallerType"] == "inno"
    assert installer["Scope"] == "user"
    by_arch = {entry["Architecture"]: entry for entry in installer["Installers"]}
    for arch in ("x64", "arm64"):
        name = install_kind.windows_installer_name(VERSION, arch)
        assert by_arch[arch]["InstallerUrl"] == URL + name
        assert by_arch[arch]["InstallerSha256"] == release[name]
    version = yaml.safe_load((out / "winget" / "GeminiDesk.GeminiDesk.yaml").read_text())
    locale = yaml.safe_load((out / "winget" / "GeminiDesk.GeminiDesk.locale.en-US.yaml").read_text())
    assert version["PackageIdentifier"] == installer["PackageIdentifier"] == locale["PackageIdentifier"]
    assert version["DefaultLocale"] == locale["PackageLocale"] == "en-US"


def test_the_homebrew_cask_has_both_macos_hashes_and_the_dmg_url(
    tmp_path: Path, release: dict[str, str]
) -> None:
    cask = (_write(tmp_path, release) / "homebrew" / "gemini-desk.rb").read_text()
    assert f'version "{VERSION}"' in cask
    assert f'arm:   "{release[install_kind.macos_dmg_name(VERSION, "arm64")]}"' in cask
    assert f'intel: "{release[install_kind.macos_dmg_name(VERSION, "x86_64")]}"' in cask
    url = re.search(r'url "([^"]+)"', cask)
    assert url is not None
    for arch in ("arm64", "x86_64"):
        expanded = url.group(1).replace("#{version}", VERSION).replace("#{arch}", arch)
        assert expanded == URL + install_kind.macos_dmg_name(VERSION, arch)
    assert 'depends_on macos: ">= :ventura"' in cask  # macOS 13, as Info.plist's LSMinimumSystemVersion


def test_scoop_points_at_both_zips_with_their_hashes(tmp_path: Path, release: dict[str, str]) -> None:
    scoop = json.loads((_write(tmp_path, release) / "scoop" / "gemini-desk.json").read_text())
    assert scoop["version"] == VERSION
    for key, arch in (("64bit", "x64"), ("arm64", "arm64")):
        name = install_kind.windows_zip_name(VERSION, arch)
        assert scoop["architecture"][key] == {"url": URL + name, "hash": release[name]}
        assert "$version" in scoop["autoupdate"]["architecture"][key]["url"]


def test_flatpak_names_the_desktop_file_after_the_app_id(tmp_path: Path, release: dict[str, str]) -> None:
    from app import APP_ID

    manifest = yaml.safe_load((_write(tmp_path, release) / "flatpak" / f"{APP_ID}.yml").read_text())
    assert manifest["app-id"] == APP_ID
    module = manifest["modules"][0]
    commands = "\n".join(module["build-commands"])
    assert f"/app/share/applications/{APP_ID}.desktop" in commands
    assert f"--set-icon={APP_ID}" in commands
    archives = {
        source["only-arches"][0]: source for source in module["sources"] if source["type"] == "archive"
    }
    for arch in ("x86_64", "aarch64"):
        name = install_kind.linux_tarball_name(VERSION, arch)
        assert archives[arch]["url"] == URL + name and archives[arch]["sha256"] == release[name]


def test_a_manifest_whose_file_is_missing_fails_unless_partial(
    tmp_path: Path, release: dict[str, str]
) -> None:
    manifests = _load("manifests")
    without_mac = {k: v for k, v in release.items() if "macos" not in k}
    with pytest.raises(SystemExit, match="homebrew"):
        manifests.write_manifests(VERSION, without_mac, tmp_path / "a")
    _written, skipped = manifests.write_manifests(VERSION, without_mac, tmp_path / "b", partial=True)
    assert skipped and skipped[0].startswith("homebrew/gemini-desk.rb")
    assert not (tmp_path / "b" / "homebrew").exists()
