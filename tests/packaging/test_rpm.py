"""The rpm builder: version spelling, layout and dependencies, on a stand-in bundle."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.standin_bundle import make_standin_bundle
from tests.helpers.strict import missing

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the rpm is built on Linux")


@pytest.fixture(scope="module")
def rpm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("rpmbuild") is None:
        missing("the rpm tests need rpmbuild (Debian: rpm)")
    work = tmp_path_factory.mktemp("rpm")
    bundle = make_standin_bundle(work, "0.2.0rc1")
    (bundle / "_internal" / "libbundled.so.1").write_bytes((bundle / "_internal" / "helper").read_bytes())
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "linux" / "build-rpm.sh"), str(bundle), str(work / "out")],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "SOURCE_DATE_EPOCH": "1700000000", "HOME": str(work)},
        check=False,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = (work / "out").glob("*.rpm")
    return built


def _query(rpm: Path, *args: str) -> str:
    return subprocess.run(["rpm", "-qp", *args, str(rpm)], capture_output=True, text=True, check=True).stdout


def test_a_release_candidate_is_spelled_with_a_tilde(rpm: Path) -> None:
    assert _query(rpm, "--queryformat", "%{VERSION}-%{RELEASE}") == "0.2.0~rc1-1"
    assert rpm.name.startswith("gemini-desk-0.2.0~rc1-1.")


def test_files_go_to_usr_lib_with_a_launcher_and_desktop_integration(rpm: Path) -> None:
    files = set(_query(rpm, "--list").split())
    for path in (
        "/usr/lib/gemini-desk/gemini-desk",
        "/usr/bin/gemini-desk",
        "/usr/share/applications/gemini-desk.desktop",
        "/usr/share/metainfo/io.github.gemini_desk.GeminiDesk.metainfo.xml",
        "/usr/share/icons/hicolor/scalable/apps/gemini-desk.svg",
        "/usr/share/icons/hicolor/256x256/apps/gemini-desk.png",
    ):
        assert path in files, path


def test_requires_the_system_libraries_but_not_the_bundled_ones_and_provides_none(rpm: Path) -> None:
    requires = _query(rpm, "--requires")
    assert "libc.so.6" in requires
    assert "libbundled" not in requires
    provides = _query(rpm, "--provides").split("\n")
    assert not any(".so" in line for line in provides)
