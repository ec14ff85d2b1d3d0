"""The .deb builder: layout, version, dependencies, reproducibility and a clean removal, on a stand-in bundle.

The full bundle is packaged by ``.ci/run`` (``packaging/linux/package.sh``), and installed in a clean Debian
root and launched by ``packaging/linux/prove-deb-in-chroot.sh``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import app
from tests.helpers.standin_bundle import make_standin_bundle
from tests.helpers.strict import missing

ROOT = Path(__file__).resolve().parents[2]

TOOLS = ("dpkg-deb", "dpkg", "readelf", "ldconfig")
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a .deb is built on Linux")


EPOCH = "1700000000"  # 2023-11-14: any fixed SOURCE_DATE_EPOCH


def build_deb(work: Path, version: str = app.__version__, epoch: str = EPOCH) -> Path:
    """Build the .deb from a stand-in bundle whose ``--version`` says ``version``; return its path."""
    if not all(shutil.which(tool) for tool in TOOLS):
        # .ci/run installs them; there a silent skip would hide a broken package build.
        missing("the .deb tests need Debian's dpkg tools and binutils (dpkg-dev, binutils)")
    bundle = make_standin_bundle(work, version)
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "linux" / "build-deb.sh"), str(bundle), str(work / "out")],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LINTIAN": "0", "SOURCE_DATE_EPOCH": epoch},
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = (work / "out").glob("*.deb")
    return built


@pytest.fixture(scope="module")
def deb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_deb(tmp_path_factory.mktemp("deb"))


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


def test_files_go_to_usr_lib_with_a_launcher_desktop_entry_and_hicolor_icons(deb: Path) -> None:
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True, check=True).stdout
    paths = {line.split()[-1].removeprefix(".") for line in listing.splitlines() if " -> " not in line}
    for path in (
        "/usr/lib/gemini-desk/gemini-desk",
        "/usr/lib/gemini-desk/_internal/helper",
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
    assert not any(path.startswith("/opt") for path in paths)


def test_the_launcher_runs_the_bundle_in_usr_lib(deb: Path, tmp_path: Path) -> None:
    subprocess.run(["dpkg-deb", "-x", str(deb), str(tmp_path)], check=True)
    launcher = (tmp_path / "usr" / "bin" / "gemini-desk").read_text()
    assert launcher.startswith("#!/bin/sh") and 'exec /usr/lib/gemini-desk/gemini-desk "$@"' in launcher


def test_a_release_candidate_is_spelled_to_sort_before_its_release(tmp_path: Path) -> None:
    built = build_deb(tmp_path, version="0.2.0rc1")
    assert _field(built, "Version") == "0.2.0~rc1"
    older = subprocess.run(["dpkg", "--compare-versions", "0.2.0~rc1", "lt", "0.2.0"], check=False)
    assert older.returncode == 0


def test_the_same_bundle_and_epoch_give_the_same_bytes(deb: Path, tmp_path: Path) -> None:
    again = build_deb(tmp_path)  # built seconds later: no date of the build may leak in
    assert again.read_bytes() == deb.read_bytes()
    changelog = subprocess.run(
        f"dpkg-deb --fsys-tarfile {again} | tar -xO ./usr/share/doc/gemini-desk/changelog.gz | gzip -d",
        shell=True,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "14 Nov 2023" in changelog
    listing = subprocess.run(["dpkg-deb", "-c", str(again)], capture_output=True, text=True, check=True)
    assert {line.split()[3] for line in listing.stdout.splitlines()} == {"2023-11-14"}


def _tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if "var/lib/dpkg" not in p.as_posix()}


def test_removing_the_package_leaves_the_system_as_it_was(deb: Path, tmp_path: Path) -> None:
    # A root with what a minimal system has before the install: folders other packages fill (a file stands
    # in for their contents) and an empty /opt that no package owns, which dpkg removes with a package
    # that ships ./opt/.
    root = tmp_path / "root"
    for folder in ("usr/bin", "usr/lib", "usr/share/doc", "usr/share/man/man1"):
        (root / folder).mkdir(parents=True)
        (root / folder / "other-package-file").touch()
    (root / "opt").mkdir()
    (root / "var/lib/dpkg/info").mkdir(parents=True)
    for name in ("status", "available"):
        (root / "var/lib/dpkg" / name).touch()
    (root / "var/lib/dpkg/updates").mkdir()
    before = _tree(root)
    dpkg = ["dpkg", f"--root={root}", "--force-not-root", "--force-depends", "--force-script-chrootless"]
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    subprocess.run([*dpkg, "--install", str(deb)], check=True, capture_output=True, env=env)
    assert (root / "usr/lib/gemini-desk/gemini-desk").is_file()
    subprocess.run([*dpkg, "--purge", "gemini-desk"], check=True, capture_output=True, env=env)
    assert _tree(root) == before
