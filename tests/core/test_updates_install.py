"""Putting a verified update in place: only in temporary folders here, never on the system."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.core.updates.install import InstallFailed, prepare_restart
from app.core.updates.install_kind import InstallKind, detect_install_kind, release_arch, update_file_name


def test_an_appimage_is_replaced_atomically_and_started_again(tmp_path: Path) -> None:
    appimage = tmp_path / "Apps" / "Gemini_Desk.AppImage"
    appimage.parent.mkdir()
    appimage.write_bytes(b"old")
    staged = tmp_path / "cache" / "Gemini_Desk-0.3.0-x86_64.AppImage"
    staged.parent.mkdir()
    staged.write_bytes(b"new verified")

    command = prepare_restart(
        InstallKind.APPIMAGE, staged, executable=tmp_path / "x", environ={"APPIMAGE": str(appimage)}, pid=1
    )
    assert command == [str(appimage)]
    assert appimage.read_bytes() == b"new verified"
    assert os.access(appimage, os.X_OK)
    assert sorted(p.name for p in appimage.parent.iterdir()) == ["Gemini_Desk.AppImage"]
    assert not staged.exists()


def test_an_unwritable_appimage_folder_leaves_the_old_copy(tmp_path: Path) -> None:
    staged = tmp_path / "new.AppImage"
    staged.write_bytes(b"new")
    with pytest.raises(InstallFailed):
        prepare_restart(
            InstallKind.APPIMAGE,
            staged,
            executable=tmp_path,
            environ={"APPIMAGE": str(tmp_path / "missing-folder" / "old.AppImage")},
            pid=1,
        )
    assert staged.exists()


def test_the_windows_installer_runs_silently_for_this_user_and_relaunches(tmp_path: Path) -> None:
    setup = tmp_path / "GeminiDesk-0.3.0-windows-x64-setup.exe"
    command = prepare_restart(InstallKind.WINDOWS_INSTALLER, setup, executable=tmp_path, environ={}, pid=1)
    assert command[0] == str(setup) and "/VERYSILENT" in command and "/RELAUNCH=1" in command


@pytest.mark.parametrize("kind", [InstallKind.DEB, InstallKind.RPM, InstallKind.FLATPAK, InstallKind.OTHER])
def test_package_manager_installs_are_never_touched(kind: InstallKind, tmp_path: Path) -> None:
    with pytest.raises(InstallFailed):
        prepare_restart(kind, tmp_path / "file", executable=tmp_path, environ={}, pid=1)


def test_install_kinds_and_their_update_files(tmp_path: Path) -> None:
    assert detect_install_kind(
        Path("/x"), {"FLATPAK_ID": "io.github.gemini_desk.GeminiDesk"}, frozen=True
    ) is (InstallKind.FLATPAK)
    assert detect_install_kind(
        Path("/tmp/.mount_x/usr/lib/gemini-desk/gemini-desk"), {"APPIMAGE": "/a"}, frozen=True
    ) is (InstallKind.APPIMAGE)
    assert detect_install_kind(Path("/usr/bin/python3"), {}, frozen=False) is InstallKind.OTHER
    app = Path("/Applications/Gemini Desk.app/Contents/MacOS/gemini-desk")
    assert detect_install_kind(app, {}, frozen=True, platform="darwin") is InstallKind.MACOS_APP
    (tmp_path / "unins000.exe").touch()
    exe = tmp_path / "gemini-desk.exe"
    assert detect_install_kind(exe, {}, frozen=True, platform="win32") is InstallKind.WINDOWS_INSTALLER
    assert release_arch("AMD64", "win32") == "x64" and release_arch("ARM64", "win32") == "arm64"
    assert release_arch("aarch64", "linux") == "aarch64" and release_arch("x86_64", "darwin") == "x86_64"
    assert update_file_name(InstallKind.MACOS_APP, "0.3.0", "arm64") == "GeminiDesk-0.3.0-macos-arm64.app.zip"
    assert update_file_name(InstallKind.DEB, "0.3.0", "x86_64") is None
