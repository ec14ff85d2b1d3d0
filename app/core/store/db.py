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

from app.core.i18n import language_code
from app.core.private_files import create_private_file, make_private_dir, restrict
from app.core.store import migrations

BUSY_TIMEOUT_MS: Final = 5000
"""How long a statement waits for another process's lock before giving up (a second app instance)."""


class StoreError(Exception):
    """Root of every error the store raises.

    Attributes:
        message: What happened, for the user (English).
        hint: What the user can do about it (may be empty; English).
        path: The database file concerned, if known.
    """

    def __init__(
        self,
        message: str,
        *,
        hint: str = "",
        path: Path | None = None,
        message_zh: str = "",
        hint_zh: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.path = path
        self._zh = (message_zh or message, hint_zh or hint)

    def localized(self, lang: str) -> tuple[str, str]:
        """The message and the hint in ``lang`` ("en", or "zh"/"zh_CN"; English where no Chinese exists)."""
        return self._zh if language_code(lang) == "zh" else (self.message, self.hint)


class DatabaseTooNewError(StoreError):
    """The database's schema version is newer than this app understands."""

    def __init__(self, found: int, known: int, *, path: Path | None = None) -> None:
        super().__init__(
            f"This chat history was made by a newer Gemini Desk (schema version {found}; "
            f"this version understands up to {known}).",
            hint="Update Gemini Desk to open it; the file was left untouched.",
            path=path,
            message_zh=(
                f"此聊天记录由更新版本的 Gemini Desk 创建（数据库结构版本 {found}；本版本最高支持 {known}）。"
            ),
            hint_zh="请升级 Gemini Desk 后再打开；该文件未被改动。",
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
        return StorageFullError(
            f"The disk holding the chat history is full{where}; the last change was not saved.",
            hint="Free some disk space, then try again. Earlier conversations are safe.",
            path=path,
            message_zh=f"保存聊天记录的磁盘已满{where}；最近的更改未能保存。",
            hint_zh="请释放一些磁盘空间后重试。之前的会话不受影响。",
        )
    if primary == _SQLITE_READONLY or "readonly database" in lowered:
        return ReadOnlyStorageError(
            f"The chat history cannot be written: the file or its folder is read-only{where}.",
            hint="Check the folder's permissions, or choose another data folder.",
            path=path,
            message_zh=f"无法写入聊天记录：文件或其所在文件夹是只读的{where}。",
            hint_zh="请检查文件夹权限，或选择其他数据文件夹。",
        )
    if primary == _SQLITE_CANTOPEN or "unable to open" in lowered:
        return StorageUnavailableError(
            f"The chat history file cannot be opened{where}.",
            hint="Check that the folder exists and that you may read and write it.",
            path=path,
            message_zh=f"无法打开聊天记录文件{where}。",
            hint_zh="请确认该文件夹存在，并且你有读写权限。",
        )
    if primary in (_SQLITE_NOTADB, _SQLITE_CORRUPT) or "not a database" in lowered or "malformed" in lowered:
        return DatabaseCorruptError(
            f"The chat history file is damaged or is not a Gemini Desk database{where}.",
            hint="Gemini Desk can move it aside and start a fresh history.",
            path=path,
            message_zh=f"聊天记录文件已损坏，或不是 Gemini Desk 的数据库{where}。",
            hint_zh="Gemini Desk 可以将其移到一旁，并开始新的聊天记录。",
        )
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "database is locked" in lowered:
        return DatabaseBusyError(
            f"The chat history is locked by another program{where}.",
            hint="Close other copies of Gemini Desk, then try again.",
            path=path,
            message_zh=f"聊天记录被其他程序锁定{where}。",
            hint_zh="请关闭其他正在运行的 Gemini Desk，然后重试。",
        )
    if primary == _SQLITE_IOERR or "disk i/o error" in lowered:
        return StorageIOError(
            f"The system reported a disk error while using the chat history{where}.",
            hint="Check the disk (or network drive) and try again.",
            path=path,
            message_zh=f"读写聊天记录时系统报告了磁盘错误{where}。",
            hint_zh="请检查磁盘（或网络驱动器）后重试。",
        )
    return StoreError(f"Chat history error: {text}", path=path, message_zh=f"聊天记录出错：{text}")


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
        if not read_only:
            try:
                make_private_dir(path.parent)
            except OSError as exc:
                raise StorageUnavailableError(
                    f"The folder for the chat history cannot be created ({path.parent}): {exc.strerror}.",
                    hint="Check the folder's permissions, or choose another data folder.",
                    path=path,
                    message_zh=f"无法创建聊天记录所在的文件夹（{path.parent}）：{exc.strerror}。",
                    hint_zh="请检查文件夹权限，或选择其他数据文件夹。",
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
                        f"The chat history cannot use write-ahead logging (journal mode {mode}).",
                        hint="Keep the data folder on a local disk.",
                        path=self._path,
                        message_zh=f"聊天记录无法使用预写日志（WAL）模式（日志模式为 {mode}）。",
                        hint_zh="请将数据文件夹放在本地磁盘上。",
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
                f"The chat history needs an upgrade but was opened read-only ({self._path}).",
                hint="Open it with write access once to upgrade it.",
                path=self._path,
                message_zh=f"聊天记录需要升级，但是以只读方式打开的（{self._path}）。",
                hint_zh="请以可写方式打开一次以完成升级。",
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
            f"The chat history file is damaged or is not a Gemini Desk database ({path}).",
            hint="Gemini Desk can move it aside and start a fresh history.",
            path=path,
            message_zh=f"聊天记录文件已损坏，或不是 Gemini Desk 的数据库（{path}）。",
            hint_zh="Gemini Desk 可以将其移到一旁，并开始新的聊天记录。",
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
        raise StorageUnavailableError(
            f"There is no chat history file to move aside ({path}).",
            path=path,
            message_zh=f"没有可以移到一旁的聊天记录文件（{path}）。",
        )
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
            f"The damaged chat history could not be moved aside ({path}): {exc.strerror}.",
            hint="Close other programs using the file, or move it away by hand.",
            path=path,
            message_zh=f"无法将损坏的聊天记录移到一旁（{path}）：{exc.strerror}。",
            hint_zh="请关闭正在使用该文件的其他程序，或手动将其移走。",
        ) from exc
    return target
