"""How this copy of the app was installed: whether it may update itself, and with which release file.

Self-update where the app owns its files: the Windows installer (per user, no administrator), the macOS
app, and the AppImage. The .deb, the rpm and Flatpak belong to their package manager, which updates them:
there the app only says that a new version exists. A run from source (pip, a checkout) only notifies too.

The release file names are defined here once; the packaging scripts and the package-manager manifests
(``packaging/release/manifests.py``) use the same names.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from enum import Enum
from pathlib import Path


class InstallKind(Enum):
    """Where this copy came from."""

    WINDOWS_INSTALLER = "windows-installer"
    MACOS_APP = "macos-app"
    APPIMAGE = "appimage"
    DEB = "deb"
    RPM = "rpm"
    FLATPAK = "flatpak"
    OTHER = "other"  # from source, a tarball, a zip: only notify

    @property
    def updates_itself(self) -> bool:
        """True where the app may download and install a new version itself."""
        return self in (InstallKind.WINDOWS_INSTALLER, InstallKind.MACOS_APP, InstallKind.APPIMAGE)


def windows_installer_name(version: str, arch: str) -> str:
    """The Inno Setup installer: ``GeminiDesk-0.2.0-windows-x64-setup.exe`` (arch x64 or arm64)."""
    return f"GeminiDesk-{version}-windows-{arch}-setup.exe"


def windows_zip_name(version: str, arch: str) -> str:
    """The portable Windows zip (Scoop installs it)."""
    return f"GeminiDesk-{version}-windows-{arch}.zip"


def macos_dmg_name(version: str, arch: str) -> str:
    """The macOS disk image (arch x86_64 or arm64; Homebrew installs it)."""
    return f"GeminiDesk-{version}-macos-{arch}.dmg"


def macos_app_zip_name(version: str, arch: str) -> str:
    """The zipped, signed .app the running macOS app updates itself from."""
    return f"GeminiDesk-{version}-macos-{arch}.app.zip"


def appimage_name(version: str, arch: str) -> str:
    """The AppImage (arch x86_64 or aarch64)."""
    return f"Gemini_Desk-{version}-{arch}.AppImage"


def linux_tarball_name(version: str, arch: str) -> str:
    """The bundle as a tarball (the Flatpak manifest builds from it)."""
    return f"gemini-desk-{version}-linux-{arch}.tar.gz"


def release_arch(machine: str, platform: str) -> str:
    """The architecture word release files use on ``platform`` for ``platform.machine()``'s answer."""
    arm = machine.lower() in ("arm64", "aarch64", "armv8", "armv8l")
    if platform == "win32":
        return "arm64" if arm else "x64"
    if platform == "darwin":
        return "arm64" if arm else "x86_64"
    return "aarch64" if arm else "x86_64"


def update_file_name(kind: InstallKind, version: str, arch: str) -> str | None:
    """The release file this kind of install updates itself from (None: it only notifies)."""
    if kind is InstallKind.WINDOWS_INSTALLER:
        return windows_installer_name(version, arch)
    if kind is InstallKind.MACOS_APP:
        return macos_app_zip_name(version, arch)
    if kind is InstallKind.APPIMAGE:
        return appimage_name(version, arch)
    return None


def detect_install_kind(
    executable: Path, environ: Mapping[str, str], *, frozen: bool, platform: str = sys.platform
) -> InstallKind:
    """Work out the install kind from the running executable's place and the environment.

    Args:
        executable: ``sys.executable`` (in a bundle, the app's own executable).
        environ: The process environment (``APPIMAGE`` and ``FLATPAK_ID`` are set by those runtimes).
        frozen: True in a PyInstaller bundle.
        platform: ``sys.platform``.
    """
    if environ.get("FLATPAK_ID"):
        return InstallKind.FLATPAK
    if not frozen:
        return InstallKind.OTHER
    if environ.get("APPIMAGE"):
        return InstallKind.APPIMAGE
    if platform == "win32":
        # The installer writes an uninstaller beside the app; a portable zip has none.
        return (
            InstallKind.WINDOWS_INSTALLER
            if (executable.parent / "unins000.exe").exists()
            else InstallKind.OTHER
        )
    if platform == "darwin":
        return InstallKind.MACOS_APP if ".app/Contents/MacOS" in executable.as_posix() else InstallKind.OTHER
    if executable.as_posix().startswith("/usr/lib/gemini-desk/"):
        # Both Linux packages install there; rpm leaves its database behind, dpkg its list file.
        return InstallKind.DEB if Path("/var/lib/dpkg/info/gemini-desk.list").exists() else InstallKind.RPM
    return InstallKind.OTHER
