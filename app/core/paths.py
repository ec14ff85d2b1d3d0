"""Where Gemini Desk keeps its files.

By default every kind of state goes to the platform's usual place (via platformdirs: XDG directories on
Linux, ``~/Library/...`` on macOS, ``%LOCALAPPDATA%`` on Windows). A data directory given with
``--data-dir DIR`` or the ``GEMINI_DESK_DATA_DIR`` environment variable instead puts *all* state (database,
settings, cache, logs) under that one directory: a portable installation on a USB stick, or an isolated
profile for tests, must not leak anything into the user's real directories.

``--demo`` keeps its own data folder (a ``demo`` folder inside the usual data folder, laid out like a
``--data-dir``), so scripted answers never mix with the real history, unless a data folder is given. That
folder is scratch: a session that ends in the demo removes it (``remove_demo_folder``), and so does leaving
the demo for a real gateway, which goes on in the user's own folder (``app.launch.leave_demo_folder``); a
data folder the user named is never removed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from app.core.private_files import create_private_file, make_private_dir

APP_NAME = "gemini-desk"
DATA_DIR_ENV = "GEMINI_DESK_DATA_DIR"


class DataDirectoryError(OSError):
    """A folder for the app's files cannot be created: the message says which and why, ``hint`` what to do.

    An ``OSError`` still (callers may catch that), but with words for the user instead of ``[Errno 17]``.
    """

    def __init__(self, directory: Path, error: OSError) -> None:
        reason = error.strerror or type(error).__name__
        if isinstance(error, FileExistsError | NotADirectoryError):
            reason = "a file is in the way"  # mkdir's own words ("File exists") read as a contradiction
        super().__init__(
            error.errno,
            f"The folder for Gemini Desk's conversations and settings cannot be created "
            f"({directory}): {reason}. Nothing could be saved there.",
        )
        self.hint = (
            "Check that the path is a folder you may write to (not a file, not a read-only disk), "
            "or choose another data folder with --data-dir."
        )

    def __str__(self) -> str:
        return str(self.strerror)


@dataclass(frozen=True)
class AppPaths:
    """The directories the application writes to.

    Attributes:
        data_dir: Durable user data (the conversation database).
        config_dir: Settings.
        cache_dir: Disposable data that can be rebuilt (model lists, rendered images).
        log_dir: Log files.
        demo_scratch: The folders are the demo's own, chosen by the app (no data folder was given): they may
            be removed when the demo ends.
    """

    data_dir: Path
    config_dir: Path
    cache_dir: Path
    log_dir: Path
    demo_scratch: bool = False

    @property
    def database_path(self) -> Path:
        """The SQLite database holding conversations."""
        return self.data_dir / "gemini-desk.sqlite3"

    @property
    def settings_path(self) -> Path:
        """The JSON settings file."""
        return self.config_dir / "settings.json"

    def create(self) -> None:
        """Create every directory (and missing parents), private to the user (0700 on POSIX).

        Raises:
            DataDirectoryError: A directory could not be created (read-only medium, permissions, a file in
                the way); an ``OSError``.
        """
        # Only a demo folder this session makes from nothing is marked as the demo's own to remove: one that
        # was there already (an older version's, one the user filled) is kept.
        fresh_demo = self.demo_scratch and not self.data_dir.exists() and not self.data_dir.is_symlink()
        for directory in (self.data_dir, self.config_dir, self.cache_dir, self.log_dir):
            if directory == self.data_dir and _holds_files_not_ours(directory):
                continue  # a folder the user named holding their own things (``--data-dir ~``) keeps its mode
            try:
                make_private_dir(directory)
            except OSError as error:
                raise DataDirectoryError(directory, error) from error
        if fresh_demo:
            try:
                create_private_file(self.data_dir / DEMO_MARKER)
            except OSError as error:
                raise DataDirectoryError(self.data_dir, error) from error


def resolve_paths(
    data_dir_override: str | None,
    environ: Mapping[str, str],
    *,
    create: bool = True,
    demo: bool = False,
) -> AppPaths:
    """Decide where the application's files live.

    Args:
        data_dir_override: The ``--data-dir`` command-line value, or None. It wins over the environment.
        environ: The process environment (passed in so tests need not touch ``os.environ``).
        create: Create the directories before returning.
        demo: For ``--demo``: without a given data folder, use the demo's own (see the module docstring).

    Returns:
        The resolved, absolute directories.

    Raises:
        OSError: ``create`` was requested and a directory could not be created.
    """
    root = data_dir_override if data_dir_override and data_dir_override.strip() else None
    if root is None:
        from_env = environ.get(DATA_DIR_ENV, "").strip()
        # An empty variable is treated as unset: `GEMINI_DESK_DATA_DIR= app` must not mean "the cwd".
        root = from_env or None
    scratch = root is None and demo
    if scratch:
        root = str(demo_data_dir())
    if root is not None:
        base = Path(root.strip()).expanduser().resolve()
        paths = AppPaths(
            data_dir=base,
            config_dir=base / "config",
            cache_dir=base / "cache",
            log_dir=base / "logs",
            demo_scratch=scratch,
        )
    else:
        # appauthor=False: no "<author>/<app>" double nesting on Windows.
        dirs = platformdirs.PlatformDirs(appname=APP_NAME, appauthor=False)
        paths = AppPaths(
            data_dir=Path(dirs.user_data_dir),
            config_dir=Path(dirs.user_config_dir),
            cache_dir=Path(dirs.user_cache_dir),
            log_dir=Path(dirs.user_log_dir),
        )
    if create:
        paths.create()
    return paths


DEMO_MARKER = ".demo-session"  # in a demo folder the app made for one session: it may be removed at the end


def _holds_files_not_ours(folder: Path) -> bool:
    """Whether ``folder`` exists and holds anything but what the app keeps in a data folder."""
    try:
        names = os.listdir(folder)
    except OSError:
        return False  # missing (it is created 0700) or unreadable (creating it reports why)
    ours = {"config", "cache", "logs", DEMO_MARKER}
    # The database with its -wal and -shm files, and the single-instance lock with its own temporary files.
    return any(name not in ours and not name.startswith(("gemini-desk.", "instance.lock")) for name in names)


def demo_data_dir() -> Path:
    """The demo's own data folder: ``demo`` inside the platform's data folder for the app."""
    return Path(platformdirs.PlatformDirs(appname=APP_NAME, appauthor=False).user_data_dir) / "demo"


def remove_demo_folder(paths: AppPaths) -> bool:
    """Remove the demo's own data folder after a demo session; return whether it was removed.

    Only the folder the app chose for ``--demo`` (``demo_scratch``), only where the app puts it, and only
    when the app made it for this demo (its ``DEMO_MARKER`` is there): never a data folder given with
    ``--data-dir`` or ``GEMINI_DESK_DATA_DIR``, never one that was there already, never through a link.

    Raises:
        OSError: The folder could not be removed (a file still open on Windows); what was removed is gone.
    """
    folder = paths.data_dir  # resolved: a link named "demo" would already point elsewhere here
    expected = demo_data_dir().expanduser()
    if not paths.demo_scratch or expected.is_symlink() or folder.is_symlink() or not folder.is_dir():
        return False
    if folder != expected.resolve() or not (folder / DEMO_MARKER).is_file():
        return False
    shutil.rmtree(folder)
    return True
