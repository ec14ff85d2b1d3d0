"""A missing system library is named in words before Qt can abort the process."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.platform_check import DEBIAN_PACKAGES, explain_missing, missing_library, platform_problem

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the check runs on Linux only")


def _plugin_needing(tmp_path: Path, soname: str) -> Path:
    """A real shared object, standing in for Qt's xcb plugin, that needs ``soname``, which then disappears."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("no C compiler to build a stand-in plugin")
    stub_dir = tmp_path / "stub"
    stub_dir.mkdir()
    (stub_dir / "stub.c").write_text("int gd_stub(void) { return 1; }\n")
    stub = stub_dir / soname
    subprocess.run(
        [compiler, "-shared", "-fPIC", f"-Wl,-soname,{soname}", "-o", str(stub), str(stub_dir / "stub.c")],
        check=True,
    )
    plugins = tmp_path / "platforms"
    plugins.mkdir()
    (plugins / "plugin.c").write_text("int gd_stub(void);\nint gd_plugin(void) { return gd_stub(); }\n")
    subprocess.run(
        [
            compiler,
            "-shared",
            "-fPIC",
            "-o",
            str(plugins / "libqxcb.so"),
            str(plugins / "plugin.c"),
            str(stub),
        ],
        check=True,
    )
    stub.unlink()  # now the loader cannot find it, as on a system without the package
    return plugins


def test_a_missing_library_of_the_xcb_plugin_is_named(tmp_path: Path) -> None:
    # A name no system has: the real xcb libraries are installed here, so the loader would find them.
    plugins = _plugin_needing(tmp_path, "libgd-unknown.so.3")
    for environ in ({"DISPLAY": ":0"}, {"QT_QPA_PLATFORM": "xcb"}):
        problem = platform_problem(environ, plugins)
        assert problem is not None and "cannot open a window" in problem
        assert "libgd-unknown.so.3 is missing" in problem
        assert "package manager" in problem


def test_a_known_library_is_explained_with_its_debian_package() -> None:
    problem = explain_missing("libxcb-cursor.so.0")
    assert "libxcb-cursor.so.0 is missing" in problem
    assert "sudo apt-get install libxcb-cursor0" in problem


def test_nothing_is_reported_when_the_plugin_loads_or_is_not_used(tmp_path: Path) -> None:
    plugins = _plugin_needing(tmp_path, "libgd-unknown.so.3")
    # Wayland and offscreen sessions never load the xcb plugin.
    assert platform_problem({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, plugins) is None
    assert platform_problem({"QT_QPA_PLATFORM": "offscreen"}, plugins) is None
    # The installed Qt's own plugin loads here (CI installs the xcb libraries).
    assert platform_problem({"QT_QPA_PLATFORM": "xcb"}) is None


def test_loader_messages_are_read_for_the_library_name() -> None:
    message = "libGL.so.1: cannot open shared object file: No such file or directory"
    assert missing_library(message) == "libGL.so.1"
    assert missing_library("undefined symbol: foo") is None
    assert DEBIAN_PACKAGES["libGL.so.1"] == "libgl1"


def test_the_app_exits_with_the_explanation_instead_of_a_qt_abort(tmp_path: Path) -> None:
    plugins = _plugin_needing(tmp_path, "libgd-unknown.so.3")
    # The real entry point, with Qt pointed at the stand-in plugin folder.
    code = (
        "import sys, app.platform_check as pc\n"
        "real = pc.platform_problem\n"
        f"plugins = __import__('pathlib').Path({str(plugins)!r})\n"
        "pc.platform_problem = lambda: real({'QT_QPA_PLATFORM': 'xcb'}, plugins)\n"
        "from app.launch import main\n"
        "sys.exit(main(['--data-dir', sys.argv[1]]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "data")], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "libgd-unknown.so.3 is missing" in result.stderr
    assert "Traceback" not in result.stderr
