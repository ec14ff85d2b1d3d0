"""The .deb builder: layout, version and dependencies, on a stand-in bundle (the real one takes a minute).

The stand-in has the real bundle's shape: ``gemini-desk`` answering ``--version``, and one ELF program in
``_internal`` that links the C library, so ``Depends:`` must be worked out from it. The full bundle is built,
installed in a clean Debian chroot and launched by ``packaging/linux/prove-deb-in-chroot.sh``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import app

ROOT = Path(__file__).resolve().parents[2]

_TOOLS_MISSING = not all(shutil.which(tool) for tool in ("dpkg-deb", "dpkg", "readelf", "ldconfig"))
if _TOOLS_MISSING and os.environ.get("CI") == "true":
    # .ci/run installs them; on CI a silent skip would hide a broken package build.
    raise RuntimeError("CI must run the .deb tests: install dpkg-dev and binutils")
pytestmark = pytest.mark.skipif(_TOOLS_MISSING, reason="needs Debian's dpkg tools and binutils")


@pytest.fixture(scope="module")
def deb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("deb")
    bundle = work / "gemini-desk"
    (bundle / "_internal").mkdir(parents=True)
    launcher = bundle / "gemini-desk"
    launcher.write_text(f'#!/bin/sh\necho "gemini-desk {app.__version__}"\n')
    launcher.chmod(0o755)
    true = shutil.which("true")
    assert true is not None
    shutil.copy(Path(true).resolve(), bundle / "_internal" / "helper")
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "linux" / "build-deb.sh"), str(bundle), str(work / "out")],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LINTIAN": "0"},
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = (work / "out").glob("*.deb")
    return built


def _field(deb: Path, name: str) -> str:
    return subprocess.run(
        ["dpkg-deb", "-f", str(deb), name], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_package_carries_the_app_version_and_a_debian_file_name(deb: Path) -> None:
    assert _field(deb, "Package") == "gemini-desk"
    assert _field(deb, "Version") == app.__version__
    assert deb.name == f"gemini-desk_{app.__version__}_{_field(deb, 'Architecture')}.deb"


def test_depends_come_from_the_libraries_the_bundle_links(deb: Path) -> None:
    depends = [item.strip().split()[0] for item in _field(deb, "Depends").split(",")]
    assert depends == ["libc6"]


def test_recommends_a_secret_service_and_cjk_fonts(deb: Path) -> None:
    recommends = _field(deb, "Recommends")
    assert "gnome-keyring" in recommends and "fonts-noto-cjk" in recommends


def test_files_go_to_opt_with_a_launcher_desktop_entry_and_hicolor_icons(deb: Path) -> None:
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    paths = {line.split()[-1].removeprefix(".") for line in listing.splitlines() if " -> " not in line}
    for path in (
        "/opt/gemini-desk/gemini-desk",
        "/opt/gemini-desk/_internal/helper",
        "/usr/bin/gemini-desk",
        "/usr/share/applications/gemini-desk.desktop",
        "/usr/share/metainfo/io.github.gemini_desk.GeminiDesk.metainfo.xml",
        "/usr/share/icons/hicolor/scalable/apps/gemini-desk.svg",
        "/usr/share/icons/hicolor/16x16/apps/gemini-desk.png",
        "/usr/share/icons/hicolor/512x512/apps/gemini-desk.png",
        "/usr/share/man/man1/gemini-desk.1.gz",
        "/usr/share/doc/gemini-desk/copyright",
    ):
        assert path in paths, path
    assert all(line.split()[1] == "root/root" for line in listing.splitlines())


def test_the_launcher_runs_the_bundle_in_opt(deb: Path, tmp_path: Path) -> None:
    subprocess.run(["dpkg-deb", "-x", str(deb), str(tmp_path)], check=True)
    launcher = (tmp_path / "usr" / "bin" / "gemini-desk").read_text()
    assert launcher.startswith("#!/bin/sh") and 'exec /opt/gemini-desk/gemini-desk "$@"' in launcher
