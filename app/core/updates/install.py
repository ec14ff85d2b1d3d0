"""Install a verified update when the user chooses "Restart to update", and say how to start the new copy.

Nothing here runs before the user asks, and only a file that :mod:`.verify` has proven is passed in:

- AppImage: the verified AppImage replaces the file ``$APPIMAGE`` names (an atomic rename in the same
  folder; the running copy keeps its mounted image until it exits), then the new file is started;
- Windows: the verified Inno Setup installer runs silently for this user after the app has quit
  (``/RELAUNCH=1`` makes it start the app again; the installer closes a copy that is still running);
- macOS: the verified ``.app.zip`` is unpacked with ``ditto`` beside the update folder, and a small shell
  script waits for this process to end, swaps the old ``.app`` for the new one and opens it.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from app.core.updates.install_kind import InstallKind


class InstallFailed(Exception):
    """The verified update could not be put in place; the running copy is unchanged."""


def prepare_restart(
    kind: InstallKind, staged: Path, *, executable: Path, environ: Mapping[str, str], pid: int
) -> list[str]:
    """Put ``staged`` in place as far as possible now, and return the command to start after quitting.

    Raises:
        InstallFailed: This install cannot update itself, or the file could not be put in place.
    """
    if kind is InstallKind.APPIMAGE:
        return [str(_replace_appimage(staged, Path(environ["APPIMAGE"])))]
    if kind is InstallKind.WINDOWS_INSTALLER:
        return [str(staged), "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/CURRENTUSER", "/RELAUNCH=1"]
    if kind is InstallKind.MACOS_APP:
        return _macos_swap_command(staged, executable, pid)
    raise InstallFailed(f"a {kind.value} install is updated by its package manager")


def start_detached(command: list[str]) -> None:
    """Start ``command`` on its own, outliving this process (called after the app has closed)."""
    if sys.platform == "win32":
        flags = subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP
        subprocess.Popen(command, creationflags=flags, close_fds=True)
    else:
        subprocess.Popen(command, start_new_session=True, close_fds=True)


def _replace_appimage(staged: Path, appimage: Path) -> Path:
    beside = appimage.with_name(f".{appimage.name}.update")
    try:
        # Copy next to the target first: a rename is atomic only within one file system.
        with staged.open("rb") as source, beside.open("wb") as target:
            while chunk := source.read(1024 * 1024):
                target.write(chunk)
        beside.chmod(0o755)
        os.replace(beside, appimage)
    except OSError as error:
        beside.unlink(missing_ok=True)
        raise InstallFailed(f"cannot replace {appimage}: {error}") from None
    staged.unlink(missing_ok=True)
    return appimage


def _macos_swap_command(staged_zip: Path, executable: Path, pid: int) -> list[str]:
    app = next((p for p in executable.parents if p.suffix == ".app"), None)
    if app is None:
        raise InstallFailed(f"{executable} is not inside an .app")
    unpacked = staged_zip.parent / "unpacked"
    done = subprocess.run(
        ["ditto", "-x", "-k", str(staged_zip), str(unpacked)], capture_output=True, check=False
    )
    new_app = next(unpacked.glob("*.app"), None)
    if done.returncode != 0 or new_app is None:
        raise InstallFailed(f"cannot unpack {staged_zip.name}: {done.stderr.decode(errors='replace')}")
    old, new = shlex.quote(str(app)), shlex.quote(str(new_app))
    script = (
        f"while kill -0 {pid} 2>/dev/null; do sleep 0.2; done; "
        f"rm -rf {old}.old && mv {old} {old}.old && mv {new} {old} && rm -rf {old}.old; open {old}"
    )
    return ["/bin/sh", "-c", script]
