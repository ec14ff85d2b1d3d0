"""One running app per user and data folder: a second launch brings the first window forward and exits.

Two mechanisms, each doing what it is good at:

* a ``QLockFile`` in the data folder decides who is first. Qt notices a lock left by a crashed process (its
  process id is no longer running) and takes it over, so a crash never blocks the next start;
* a ``QLocalServer`` (a Unix socket or a Windows named pipe) carries the ``activate`` request. Its name is
  derived from the user and the data folder, so other users and other ``--data-dir`` folders run
  independently. Only the lock holder listens, so it may remove a socket a crashed process left behind.

The exchange is one line each way: the second launch sends ``activate``, the first answers ``ok`` once it
has asked its window to come forward.
"""

from __future__ import annotations

import enum
import getpass
import hashlib
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, Signal

from app.core.private_files import restrict

if TYPE_CHECKING:
    # QtNetwork (about 8 ms to load) comes when the app starts listening, after its window's first frame.
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

__all__ = ["Claim", "SingleInstance", "server_name"]

_ACTIVATE = b"activate\n"
_OK = b"ok\n"
LOCK_NAME = "instance.lock"


class Claim(enum.Enum):
    """The outcome of ``SingleInstance.claim``."""

    FIRST = "first"
    """No other instance: this one holds the lock and listens for later launches."""
    ACTIVATED = "activated"
    """Another instance runs and was asked to bring its window forward."""
    NOT_ANSWERING = "not-answering"
    """Another instance holds the lock but did not answer (hung, or still starting very slowly)."""


def server_name(data_dir: Path) -> str:
    """The local server's name for this user and data folder (short: Unix socket paths are limited)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or the password database
        user = str(getattr(os, "getuid", lambda: "")())
    folder = os.path.normcase(str(data_dir.resolve()))
    digest = hashlib.sha256(f"{user}\0{folder}".encode()).hexdigest()[:20]
    return f"gemini-desk-{digest}"


class SingleInstance(QObject):
    """Claims the data folder for this process, and hears later launches.

    Args:
        data_dir: The data folder (``AppPaths.data_dir``); the lock file is created in it.
        parent: The owner.

    Signals:
        activation_requested(): A later launch asked this instance to show its window.
    """

    activation_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        self._lock_path = data_dir / LOCK_NAME
        self._lock = QLockFile(str(self._lock_path))
        # Never judge a live holder's lock stale by its age; a dead holder is still detected by process id.
        self._lock.setStaleLockTime(0)
        self._server: QLocalServer | None = None

    def claim(self, timeout: float = 5.0, *, listen: bool = True) -> Claim:
        """Become the running instance, or ask the running one to come forward.

        Args:
            timeout: Seconds to keep trying to reach a running instance that holds the lock.
            listen: Start hearing later launches at once; with False the caller calls `listen` later (the
                app does once its window has painted: a launch in between keeps asking until then).
        """
        if self._lock.tryLock(0):
            if listen:
                self.listen()
            return Claim.FIRST
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if _send_activate(self.name, deadline):
                return Claim.ACTIVATED
            # The first instance may have just quit and released the lock: take over then.
            if self._lock.tryLock(0):
                if listen:
                    self.listen()
                return Claim.FIRST
            time.sleep(0.1)
        return Claim.NOT_ANSWERING

    @property
    def listening(self) -> bool:
        """Whether later launches can reach this instance."""
        return self._server is not None and self._server.isListening()

    def release(self) -> None:
        """Stop listening and give the data folder up (at exit)."""
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()

    def listen(self) -> None:
        """Hear later launches (once the claim is held; again after it started listening: nothing)."""
        from PySide6.QtNetwork import QLocalServer

        if self._server is not None or not self._lock.isLocked():
            return
        # Qt writes the lock under the umask (0644); like every other file of the app, it is the user's only.
        restrict(self._lock_path)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # We hold the lock, so a socket under this name can only be a crashed instance's leftover.
        QLocalServer.removeServer(self.name)
        if not server.listen(self.name):
            # The app still runs; later launches will report that this one does not answer.
            server.deleteLater()
            return
        server.newConnection.connect(self._on_new_connection)
        self._server = server

    def _on_new_connection(self) -> None:
        server = self._server
        while server is not None and server.hasPendingConnections():
            socket = server.nextPendingConnection()
            socket.readyRead.connect(lambda socket=socket: self._on_ready_read(socket))
            socket.disconnected.connect(socket.deleteLater)
            if socket.canReadLine():
                self._on_ready_read(socket)

    def _on_ready_read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            if socket.bytesAvailable() > 256:
                socket.abort()  # not our client
            return
        line = bytes(socket.readLine().data())
        if line == _ACTIVATE:
            self.activation_requested.emit()
            socket.write(_OK)
            socket.flush()
        socket.disconnectFromServer()


def _send_activate(name: str, deadline: float) -> bool:
    """Ask the instance listening on ``name`` to come forward; True once it confirmed."""
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    try:
        socket.connectToServer(name)
        if not socket.waitForConnected(_remaining_ms(deadline, 1000)):
            return False
        socket.write(_ACTIVATE)
        if not socket.waitForBytesWritten(_remaining_ms(deadline, 1000)):
            return False
        answer = b""
        while not answer.endswith(b"\n") and time.monotonic() < deadline:
            arrived = socket.waitForReadyRead(_remaining_ms(deadline, 1000))
            # The answer may come together with the hang-up, which ends the wait without "ready read".
            answer += bytes(socket.readAll().data())
            if not arrived and socket.state() != QLocalSocket.LocalSocketState.ConnectedState:
                break
        return answer == _OK
    finally:
        socket.abort()


def _remaining_ms(deadline: float, at_most: int) -> int:
    return max(1, min(at_most, int((deadline - time.monotonic()) * 1000)))
