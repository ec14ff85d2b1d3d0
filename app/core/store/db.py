"""The SQLite connection: opening, pragmas, schema migrations, transactions and the store's errors.

One :class:`Database` wraps one ``sqlite3`` connection used from one thread (the GUI thread: writes are small
and short). Every ``sqlite3`` error that leaves this package is translated into the tree below, so the UI can
tell "back up and start fresh" from "the disk is full" without parsing SQLite's English.

    StoreError
    ├── DatabaseTooNewError        the file was written by a newer Gemini Desk (schema version too high)
    ├── DatabaseCorruptError       not a database, or a damaged one: back it up and start fresh
    ├── RecordNotFoundError        a conversation or message id that does not exist
    └── StorageError               the storage itself refuses
        ├── StorageFullError       the disk (or the allowed size) is full
        ├── ReadOnlyStorageError   the file or its folder cannot be written
        ├── StorageUnavailableError the file cannot be opened at all (missing folder, permissions)
        ├── DatabaseBusyError      another program keeps the database locked
        └── StorageIOError         the operating system reported an I/O error
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

from app.core.private_files import create_private_file, make_private_dir, restrict
from app.core.store import migrations
from app.core.texts import REFERENCE, Param, Text, render

BUSY_TIMEOUT_MS: Final = 5000
"""How long a statement waits for another process's lock before giving up (a second app instance)."""


class StoreError(Exception):
    """Root of every error the store raises; ``str(error)`` is the message in English, for logs.

    Attributes:
        message: What happened, for the user: a text of ``app.core.texts`` (a plain string for the errors of
            programming mistakes, such as an unknown id, which read the same in every language).
        hint: What the user can do about it ("" when nothing).
        path: The database file concerned, if known.
    """

    def __init__(self, message: Param, *, hint: Param = "", path: Path | None = None) -> None:
        super().__init__(render(message, REFERENCE))
        self.message = message
        self.hint = hint
        self.path = path


class DatabaseTooNewError(StoreError):
    """The database's schema version is newer than this app understands."""

    def __init__(self, found: int, known: int, *, path: Path | None = None) -> None:
        super().__init__(
            Text("store.too_new", found=found, known=known), hint=Text("store.too_new.hint"), path=path
        )
        self.found = found
        self.known = known


class DatabaseCorruptError(StoreError):
    """The file is not an SQLite database, or it is damaged."""


class RecordNotFoundError(StoreError):
    """A conversation or message id that does not exist (any more)."""


class StorageError(StoreError):
    """The storage refuses to read or write."""


class StorageFullError(StorageError):
    """The disk, or the database's allowed size, is full."""


class ReadOnlyStorageError(StorageError):
    """The database file or its folder cannot be written."""


class StorageUnavailableError(StorageError):
    """The database file cannot be opened at all."""


class DatabaseBusyError(StorageError):
    """Another program keeps the database locked."""


class StorageIOError(StorageError):
    """The operating system reported an I/O error."""


# SQLite primary result codes (the low byte of an extended code), see sqlite3.h.
_SQLITE_BUSY: Final = 5
_SQLITE_LOCKED: Final = 6
_SQLITE_READONLY: Final = 8
_SQLITE_IOERR: Final = 10
_SQLITE_CORRUPT: Final = 11
_SQLITE_FULL: Final = 13
_SQLITE_CANTOPEN: Final = 14
_SQLITE_NOTADB: Final = 26


def translate_error(exc: sqlite3.Error, path: Path | None = None) -> StoreError:
    """Map an ``sqlite3`` exception onto the store's exception tree.

    Args:
        exc: The exception raised by ``sqlite3``.
        path: The database file, for the message.

    Returns:
        The matching :class:`StoreError` (not raised); its ``__cause__`` is left to the caller.
    """
    # sqlite_errorcode is set for errors raised by the SQLite library (Python 3.11+); errors raised by the
    # sqlite3 module itself (e.g. a closed connection) have none, so fall back to the text.
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc)
    lowered = text.lower()
    where = f" ({path})" if path else ""
    if primary == _SQLITE_FULL or "database or disk is full" in lowered:
        return StorageFullError(Text("store.full", where=where), hint=Text("store.full.hint"), path=path)
    if primary == _SQLITE_READONLY or "readonly database" in lowered:
        return ReadOnlyStorageError(
            Text("store.read_only", where=where), hint=Text("store.read_only.hint"), path=path
        )
    if primary == _SQLITE_CANTOPEN or "unable to open" in lowered:
        return StorageUnavailableError(
            Text("store.unavailable", where=where), hint=Text("store.unavailable.hint"), path=path
        )
    if primary in (_SQLITE_NOTADB, _SQLITE_CORRUPT) or "not a database" in lowered or "malformed" in lowered:
        return DatabaseCorruptError(
            Text("store.corrupt", where=where), hint=Text("store.corrupt.hint"), path=path
        )
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "database is locked" in lowered:
        return DatabaseBusyError(Text("store.busy", where=where), hint=Text("store.busy.hint"), path=path)
    if primary == _SQLITE_IOERR or "disk i/o error" in lowered:
        return StorageIOError(Text("store.io", where=where), hint=Text("store.io.hint"), path=path)
    return StoreError(Text("store.other", text=text), path=path)


class Database:
    """An open Gemini Desk database: one ``sqlite3`` connection in WAL mode, schema up to date.

    Use :meth:`open`, not the constructor. Not thread-safe: use it from one thread.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path, *, read_only: bool) -> None:
        self._conn = connection
        self._path = path
        self._read_only = read_only
        self._depth = (
            0  # nesting of transaction(): the outermost owns BEGIN/COMMIT, inner ones are savepoints
        )

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False) -> Database:
        """Open (creating if needed) the database at ``path`` and migrate it to the current schema.

        Args:
            path: The database file. Its folder is created unless ``read_only``.
            read_only: Open without write access (for inspection); writes then raise
                :class:`ReadOnlyStorageError`. An outdated schema cannot be migrated read-only.

        Returns:
            The open database.

        Raises:
            DatabaseTooNewError: The schema version is newer than this app knows.
            DatabaseCorruptError: The file is not a database or is damaged (see :func:`backup_corrupt_file`).
            StorageError: The file cannot be opened or written.
        """
        path = Path(path)
        if not read_only and not path.parent.is_dir():
            # Made private when missing; an existing folder's mode is the app's paths' business (they leave
            # a folder the user named holding their own things as it is).
            try:
                make_private_dir(path.parent)
            except OSError as exc:
                raise StorageUnavailableError(
                    Text("store.folder", folder=str(path.parent), reason=str(exc.strerror)),
                    hint=Text("store.read_only.hint"),
                    path=path,
                ) from exc
        _check_header(path)
        if not read_only:
            _make_private(path)
        mode = "ro" if read_only else "rwc"
        # A URI keeps special characters in the path literal and lets read-only mode be explicit.
        uri = f"{path.absolute().as_uri()}?mode={mode}"
        try:
            # isolation_level=None: the sqlite3 module must not open transactions behind our back;
            # transaction() issues BEGIN IMMEDIATE itself.
            conn = sqlite3.connect(uri, uri=True, isolation_level=None)
        except sqlite3.Error as exc:
            raise translate_error(exc, path) from exc
        db = cls(conn, path, read_only=read_only)
        try:
            db._configure()
            db._migrate()
        except BaseException:
            # Close before raising so the caller can rename the file (Windows refuses to move open files).
            conn.close()
            raise
        return db

    def _configure(self) -> None:
        with self.translate_errors():
            self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Reading the schema is the first access to the file: a damaged file fails here, not later.
            self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            # Refuse a newer schema before changing anything, even the journal mode: the newer app's file
            # must stay exactly as it was.
            version = self.schema_version
            if version > migrations.LATEST_VERSION:
                raise DatabaseTooNewError(version, migrations.LATEST_VERSION, path=self._path)
            if not self._read_only:
                mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    raise StorageError(
                        Text("store.no_wal", mode=str(mode)), hint=Text("store.no_wal.hint"), path=self._path
                    )
            # NORMAL is durable in WAL mode except for the last commits before a power cut: fine for chat
            # history, and it keeps once-a-second streaming checkpoints free of fsync.
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._conn.execute("PRAGMA foreign_keys = ON")
            # What the user deletes is overwritten with zeros, not left readable in free pages of the file
            # (FAST leaves overflow pages, where long messages live, as they were).
            self._conn.execute("PRAGMA secure_delete = ON")

    def _migrate(self) -> None:
        version = self.schema_version
        if version == migrations.LATEST_VERSION:
            return
        if self._read_only:
            raise ReadOnlyStorageError(
                Text("store.upgrade_read_only", path=str(self._path)),
                hint=Text("store.upgrade_read_only.hint"),
                path=self._path,
            )
        for target, step in migrations.pending(version):
            # One transaction per step, with the version bump inside it: a crash leaves a consistent schema.
            with self.transaction() as conn:
                step(conn)
                conn.execute(f"PRAGMA user_version = {target}")

    @property
    def path(self) -> Path:
        """The database file."""
        return self._path

    @property
    def read_only(self) -> bool:
        """Whether the database was opened read-only."""
        return self._read_only

    @property
    def connection(self) -> sqlite3.Connection:
        """The underlying connection, for the store's modules (and tests); prefer the methods."""
        return self._conn

    @property
    def schema_version(self) -> int:
        """The schema version stored in ``PRAGMA user_version``."""
        with self.translate_errors():
            return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        """Close the connection (SQLite checkpoints the WAL on the last close). Safe to call twice."""
        with self.translate_errors():
            self._conn.close()

    def erase_deleted(self) -> None:
        """Make what was just deleted unrecoverable from the files on disk.

        ``secure_delete`` zeroes the freed pages, but two copies outlive a ``DELETE``: the full-text indexes
        keep old segments (with the deleted words) until they are merged, and the write-ahead log keeps every
        page it ever held until a checkpoint. So: merge every FTS5 index (``optimize`` drops deleted entries),
        then copy the log into the database and truncate it to zero bytes.

        Called after a purge, not after every edit: merging the index costs time proportional to its size.
        """
        if self._read_only:
            return
        with self.translate_errors():
            tables = [
                str(row[0])
                for row in self._conn.execute(
                    "SELECT name FROM sqlite_master"
                    " WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'"
                )
            ]
            with self.transaction() as conn:
                for table in tables:
                    conn.execute(f'INSERT INTO "{table}" ("{table}") VALUES (\'optimize\')')
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def translate_errors(self) -> Iterator[None]:
        """Re-raise ``sqlite3`` errors raised inside the block as :class:`StoreError` subclasses."""
        try:
            yield
        except sqlite3.Error as exc:
            raise translate_error(exc, self._path) from exc

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block in one write transaction; commit on success, roll back on any exception.

        Nested use becomes a savepoint, so a helper that needs atomicity can be called inside a larger
        transaction. ``BEGIN IMMEDIATE`` takes the write lock up front: a second app instance then waits
        ``busy_timeout`` instead of failing half-way with a lock upgrade error.

        Yields:
            The connection, to execute statements on.

        Raises:
            StoreError: Translated from any ``sqlite3`` error, after rolling back.
        """
        with self.translate_errors():
            outermost = self._depth == 0
            savepoint = f"sp{self._depth}"
            self._conn.execute("BEGIN IMMEDIATE" if outermost else f"SAVEPOINT {savepoint}")
            self._depth += 1
            try:
                yield self._conn
            except BaseException:
                self._depth -= 1
                self._rollback(outermost, savepoint)
                raise
            self._depth -= 1
            try:
                self._conn.execute("COMMIT" if outermost else f"RELEASE {savepoint}")
            except BaseException:
                self._rollback(outermost, savepoint)
                raise

    def _rollback(self, outermost: bool, savepoint: str) -> None:
        # Some errors (a full disk, an I/O error) make SQLite roll back by itself: a second ROLLBACK would
        # fail and hide the real error.
        if not self._conn.in_transaction:
            return
        try:
            if outermost:
                self._conn.execute("ROLLBACK")
            else:
                self._conn.execute(f"ROLLBACK TO {savepoint}")
                self._conn.execute(f"RELEASE {savepoint}")
        except sqlite3.Error:
            pass  # the original exception is the one worth reporting

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        """Execute one statement outside an explicit transaction (SQLite wraps it in its own).

        Args:
            sql: The statement.
            params: Positional parameters.

        Returns:
            The cursor; fetch from it inside :meth:`translate_errors` if it streams many rows.
        """
        with self.translate_errors():
            return self._conn.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Execute one statement for many parameter rows in one transaction (bulk imports, benchmarks)."""
        with self.transaction() as conn:
            conn.executemany(sql, rows)


_SQLITE_HEADER: Final = b"SQLite format 3\x00"


def _check_header(path: Path) -> None:
    """Reject a file that is clearly not SQLite before SQLite touches it.

    SQLite itself would report "not a database" too, but only after creating or deleting ``-wal``/``-shm``
    files next to it; checking the magic bytes first leaves everything as it was for the backup.
    """
    try:
        with path.open("rb") as file:
            head = file.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError:
        return  # let SQLite report the problem (permissions, a folder...) in its own terms
    if head and head != _SQLITE_HEADER:
        raise DatabaseCorruptError(
            Text("store.corrupt.header", path=str(path)), hint=Text("store.corrupt.hint"), path=path
        )


def _make_private(path: Path) -> None:
    """Create the database file 0600 before SQLite does (its -wal and -shm files copy the database's mode).

    Files from older versions are tightened too. A failure is left to SQLite to report in its own terms.
    """
    try:
        create_private_file(path)
    except OSError:
        return
    for extra in ("-wal", "-shm", "-journal"):
        restrict(path.with_name(path.name + extra))


def backup_corrupt_file(path: Path, *, now: float | None = None) -> Path:
    """Move a damaged database (and its ``-wal``/``-shm`` files) aside so a fresh one can be created.

    The database must be closed. The new name keeps the original one and adds a timestamp, for example
    ``history.sqlite3.corrupt-20250101-120000``; a counter is added if that name is taken.

    Args:
        path: The database file.
        now: The time to put into the name (Unix seconds); the current time by default.

    Returns:
        The new path of the main file.

    Raises:
        StorageUnavailableError: There is no such file.
        StorageError: The file cannot be renamed.
    """
    path = Path(path)
    if not path.exists():
        raise StorageUnavailableError(Text("store.backup.missing", path=str(path)), path=path)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(time.time() if now is None else now))
    companions = ("", "-wal", "-shm", "-journal")
    counter = 0
    while True:
        suffix = f".corrupt-{stamp}" if counter == 0 else f".corrupt-{stamp}-{counter}"
        target = path.with_name(path.name + suffix)
        if not any(target.with_name(target.name + extra).exists() for extra in companions):
            break
        counter += 1
    try:
        for extra in companions:
            source = path.with_name(path.name + extra)
            if source.exists():
                # The companions are renamed to "<name>.corrupt-<stamp>-wal" etc. so SQLite would pair them
                # with the backup if someone opens it for recovery.
                source.rename(target.with_name(target.name + extra))
    except OSError as exc:
        raise StorageError(
            Text("store.backup.failed", path=str(path), reason=str(exc.strerror)),
            hint=Text("store.backup.failed.hint"),
            path=path,
        ) from exc
    return target
