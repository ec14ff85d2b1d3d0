"""Desktop integration metadata: valid for the freedesktop validators, consistent with the app."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import app
from tests.helpers.strict import missing

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "resources" / "linux" / "gemini-desk.desktop"
METAINFO = ROOT / "resources" / "linux" / "io.github.gemini_desk.GeminiDesk.metainfo.xml"


def _run_validator(*command: str) -> subprocess.CompletedProcess[str]:
    if not sys.platform.startswith("linux"):
        pytest.skip("the freedesktop validators are Linux tools")
    if shutil.which(command[0]) is None:
        missing(
            f"{command[0]} is not installed (Debian: desktop-file-utils, appstream)"
        )  # .ci/run installs them
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_desktop_file_passes_desktop_file_validate() -> None:
    result = _run_validator("desktop-file-validate", str(DESKTOP))
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_metainfo_passes_appstreamcli_validate() -> None:
    result = _run_validator("appstreamcli", "validate", "--no-net", str(METAINFO))
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_screenshots_are_the_ones_in_docs() -> None:
    images = [element.text or "" for element in ET.parse(METAINFO).getroot().iter("image")]
    assert images, "software centres show screenshots first"
    for url in images:
        assert url.startswith("https://"), url
        name = url.rsplit("/docs/screenshots/", 1)[1]
        assert (ROOT / "docs" / "screenshots" / name).is_file(), f"{name}: run scripts/screenshots"


def test_desktop_entry_launches_the_installed_command_with_the_app_icon() -> None:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DESKTOP, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == "gemini-desk"
    assert entry["Icon"] == "gemini-desk"
    assert (ROOT / "resources" / "icons" / "png" / "gemini-desk-256.png").is_file()
    assert "Comment[zh_CN]" in entry and "GenericName[zh_CN]" in entry
    # Qt reports this name to the desktop (Wayland app id), so windows are matched to this entry.
    launch = (ROOT / "app" / "launch.py").read_text(encoding="utf-8")
    assert 'setDesktopFileName(os.environ.get("FLATPAK_ID") or "gemini-desk")' in launch


def test_metainfo_names_the_desktop_entry_and_the_current_version_first() -> None:
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("launchable") == DESKTOP.name
    assert component.findtext("id") == METAINFO.name.removesuffix(".metainfo.xml")
    releases = component.findall("releases/release")
    assert releases and releases[0].get("version") == app.__version__


def test_pyproject_reads_the_version_from_the_package() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "app.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+([.-]?\w+)?", app.__version__)


def test_one_app_id_for_appstream_flatpak_and_the_macos_bundle() -> None:
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == app.APP_ID
    spec = (ROOT / "packaging" / "gemini-desk.spec").read_text(encoding="utf-8")
    assert "BUNDLE_ID = APP_ID" in spec and "bundle_identifier=BUNDLE_ID" in spec
    flatpak = (ROOT / "packaging" / "release" / "templates" / "flatpak.yml").read_text(encoding="utf-8")
    assert f"app-id: {app.APP_ID}" in flatpak
    assert '"LSMinimumSystemVersion": "13.0"' in spec  # PySide6's macOS wheel needs macOS 13
