"""Files only the user can read: folders 0700 and files 0600 on POSIX, whatever the umask.

The app's folders hold conversations, settings (proxy addresses), logs and caches of replies. Other accounts
on the same machine have no business reading them, so every folder and file the app writes is made private
when it is created, and existing ones (from older versions, or made under a loose umask) are tightened when
the app opens them. Windows gives per-user folders their own ACLs; there these functions only create.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
_POSIX = os.name == "posix"


def make_private_dir(directory: Path) -> None:
    """Create ``directory`` (and missing parents) and make it 0700.

    Only the folder itself is tightened: its parents may be shared ones such as ``~/.local/share``.

    Raises:
        OSError: The folder cannot be created.
    """
    directory.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    restrict(directory, PRIVATE_DIR_MODE)


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if it does not exist; make an existing one 0600.

    Creating it first matters for SQLite: it gives its ``-wal`` and ``-shm`` files the database's own mode.

    Raises:
        OSError: The file cannot be created.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0), PRIVATE_FILE_MODE)
    os.close(fd)
    restrict(path, PRIVATE_FILE_MODE)


def restrict(path: Path, mode: int = PRIVATE_FILE_MODE) -> None:
    """Set ``path``'s permission bits to ``mode`` on POSIX; a missing file or a refusal is left as it is."""
    if not _POSIX:
        return
    # A file owned by someone else (a shared data folder) cannot be changed; reading it still works.
    with contextlib.suppress(OSError):
        if os.stat(path).st_mode & 0o777 != mode:
            os.chmod(path, mode)


def write_atomically(path: Path, data: bytes, *, private_folder: bool = True) -> None:
    """Write ``path`` as a private file (0600) in one step: a crash leaves the old file or the new one.

    The bytes go to a temporary file beside ``path`` (``mkstemp`` makes it 0600 from the start), reach the
    disk, and then replace ``path``; the folder is synced so that the rename itself survives a power cut. A
    ``path`` that is a symbolic link is written at its target.

    Args:
        path: The file to write.
        data: Its whole new content.
        private_folder: Create the folder 0700, as the app's own folders are; False for a folder the user
            chose (an export), which is created if missing but never tightened.

    Raises:
        OSError: The file could not be written (the previous file, if any, is unchanged).
    """
    if path.is_symlink():
        # A file kept elsewhere and linked here (settings in a dotfiles repository) is written where it lives,
        # so the link keeps working; that folder is the user's, and keeps its mode.
        path, private_folder = path.resolve(), False
    if private_folder:
        make_private_dir(path.parent)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_directory(path.parent)


def _fsync_directory(directory: Path) -> None:
    """Make a rename durable (POSIX); Windows cannot open directories, and does not need it."""
    if not _POSIX:
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
