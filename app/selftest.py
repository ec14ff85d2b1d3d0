"""``gemini-desk --self-test``: prove that an installed app or bundle has every part it needs, then exit.

Every package build (the PyInstaller bundle, the .deb, the AppImage, the Windows and macOS installers) runs
this as its smoke test, so it checks what a packaging mistake would break, each step on its own line:

- ``store``: a database in a temporary folder opens, and SQLite has FTS5 with the trigram tokenizer (search
  needs it; some system SQLite builds lack it);
- ``keyring``: the keyring backend modules for this OS load (a bundle missing keyring's entry points or a
  backend's dependencies is broken). Whether a keyring *service* answers is reported but is not a failure:
  a server without a D-Bus session has none, and the app then offers a session-only key;
- ``highlighting``: the Pygments lexers and styles the transcript uses load (they are imported by name);
- ``translations``: every compiled translation loads (required in a bundle, reported from source);
- ``updates``: The Update Framework's client and its Ed25519 verification load (a bundle missing them could
  never update itself); whether this build carries the update trust root is reported;
- ``chat``: the demo gateway starts on 127.0.0.1 and one reply streams through the real app (window,
  controllers, client, store) on Qt's offscreen platform, so no display is needed.

``--self-test=display`` runs the same checks on the session's real display instead: Qt then loads the real
platform plugin (xcb or wayland on Linux, windows, cocoa) with every library it links, which the offscreen
platform never touches, so a bundle missing e.g. libxcb-cursor fails here (CI runs it under Xvfb). A
``platform`` line names the plugin in use; offscreen or minimal there is a failure.

Nothing outside the temporary folder is touched: no settings, no database, no keyring entry of the user's.
The exit status is 0 when every check passed, 1 otherwise, with the reason on the failed check's line.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

PROMPT = "Self-test: please answer 自检"
REPLY_TIMEOUT = 30.0
FORMULA = "\\text{速度} = \\frac{\\sqrt{x^2+1}}{2}"
KEYRING_TIMEOUT = 10.0
SETTLE_TIMEOUT = 5.0
REPORT_FILE = "gemini-desk-self-test.txt"
_HEADLESS_PLATFORMS = ("offscreen", "minimal")
# The entry points (keyring's names) a bundle must carry per OS, and the modules their backends import
# lazily: a missing one makes keyring quietly skip the backend, which would look like "no keyring".
_KEYRING_BACKENDS = {
    "linux": (("SecretService", "KWallet", "libsecret"), ("secretstorage", "jeepney")),
    "win32": (("Windows",), ("win32ctypes.pywin32.win32cred",)),
    "darwin": (("macOS",), ("keyring.backends.macOS.api",)),
}
_LEXERS = ("python", "javascript", "json", "bash", "c", "rust", "markdown", "text")
_STYLES = ("default", "github-dark")


class SelfTestFailure(Exception):
    """One check failed; the message says what is missing."""


def check_store(folder: Path) -> str:
    """Open a database in ``folder``, store a message and find it again through the trigram index."""
    from app.core.store.conversations import ConversationStore
    from app.core.store.db import Database
    from app.core.store.search import SearchIndex

    probe = sqlite3.connect(":memory:")
    try:
        probe.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='trigram')")
    except sqlite3.OperationalError as error:
        raise SelfTestFailure(
            f"SQLite {sqlite3.sqlite_version} has no FTS5 trigram tokenizer: {error}"
        ) from None
    finally:
        probe.close()
    database = Database.open(folder / "selftest.sqlite3")
    try:
        store = ConversationStore(database)
        conversation = store.create("Self-test")
        text = "The quick brown fox checks the trigram index 自检全文搜索"
        store.add_message(conversation.id, "user", [{"text": text}], text)
        for query in ("brown fo", "文搜索"):
            hits = SearchIndex(database).search(query)
            if [hit.conversation_id for hit in hits] != [conversation.id]:
                raise SelfTestFailure(f"full-text search did not find {query!r}")
    finally:
        database.close()
    return f"SQLite {sqlite3.sqlite_version}, FTS5 trigram search works"


def _platform_key() -> str:
    if sys.platform.startswith("linux"):
        return "linux"
    return sys.platform if sys.platform in _KEYRING_BACKENDS else "linux"


def check_keyring() -> str:
    """Load this OS's keyring backend modules, then say which backend answers (if any)."""
    import importlib
    from importlib.metadata import entry_points

    from app.core.secrets import KeyStore, SecretStoreError

    names, dependencies = _KEYRING_BACKENDS[_platform_key()]
    points = {point.name: point for point in entry_points(group="keyring.backends")}
    missing = [name for name in names if name not in points]
    if missing:
        raise SelfTestFailure(
            f"keyring backend entry points missing: {', '.join(missing)} (keyring's package metadata "
            "was not bundled)"
        )
    for name in names:
        try:
            points[name].load()
        except Exception as error:
            raise SelfTestFailure(f"keyring backend {name} does not load: {error!r}") from None
    for module in dependencies:
        try:
            importlib.import_module(module)
        except Exception as error:
            raise SelfTestFailure(
                f"{module}, needed by the keyring backend, does not load: {error!r}"
            ) from None
    loaded = f"backend modules {', '.join(names)} load"
    store = KeyStore()
    try:
        backend = store.backend_name(timeout=KEYRING_TIMEOUT)
        usable = store.is_secure_backend(timeout=KEYRING_TIMEOUT)
    except SecretStoreError as error:
        return f"{loaded}; no keyring service answered ({error.detail or type(error).__name__})"
    if usable:
        return f"{loaded}; in use: {backend}"
    # Not a defect of the package: a session without D-Bus (a server, a container) has no keyring service.
    return f"{loaded}; no keyring service available in this session ({backend}): keys would be session-only"


def check_highlighting() -> str:
    """Load the Pygments lexers and styles the transcript asks for by name."""
    from pygments.lexers import get_lexer_by_name
    from pygments.styles import get_style_by_name
    from pygments.util import ClassNotFound

    try:
        for name in _LEXERS:
            get_lexer_by_name(name)
        for name in _STYLES:
            get_style_by_name(name)
    except ClassNotFound as error:
        raise SelfTestFailure(f"Pygments: {error}") from None
    return f"{len(_LEXERS)} lexers and {len(_STYLES)} styles load"


def check_translations() -> str:
    """Load every compiled translation shipped beside the app."""
    from PySide6.QtCore import QTranslator

    import app

    folder = Path(app.__file__).resolve().parent / "translations"
    files = sorted(folder.glob("*.qm"))
    if not files:
        if getattr(sys, "frozen", False):
            raise SelfTestFailure(f"no compiled translations (*.qm) in {folder}")
        return "none compiled in this source tree (scripts/translations builds them)"
    loaded = []
    for path in files:
        translator = QTranslator()
        if not translator.load(str(path)) or translator.isEmpty():
            raise SelfTestFailure(f"{path.name} does not load")
        loaded.append(translator.language() or path.stem)
    return "loaded: " + ", ".join(loaded)


def check_math() -> str:
    """Typeset a formula with Chinese text in the typesetting process and draw it, as the transcript does."""
    from app.qt.render.formula_images import FormulaImages, FormulaStyle
    from app.render.math import FormulaImage

    images = FormulaImages(FormulaStyle(size_px=16.0, color="#000000", x_height=8.0))
    try:
        if images.lookup(FORMULA, True) is None:
            images.wait(int(REPLY_TIMEOUT * 1000))
        found = images.lookup(FORMULA, True)
        image = images.image(found.name) if isinstance(found, FormulaImage) else None
        if image is None or image.isNull():
            raise SelfTestFailure(f"{FORMULA!r} could not be typeset ({found!r})")
        return f"{FORMULA!r} typeset in a separate process: a {image.width()}x{image.height()} image"
    finally:
        images.shutdown()


def check_updates() -> str:
    """Load the update verifier (python-tuf, securesystemslib, cryptography); verify an Ed25519 signature."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    # Public names; the package re-exports them without declaring so, which mypy cannot see.
    from securesystemslib.signer import Signature, SSlibKey  # type: ignore[attr-defined]
    from tuf.ngclient.updater import Updater

    from app.core.updates.verify import trusted_root

    private = Ed25519PrivateKey.generate()
    key = SSlibKey.from_crypto(private.public_key())
    signature = Signature(key.keyid, private.sign(b"self-test").hex())
    key.verify_signature(signature, b"self-test")  # the path TUF takes; raises when verification is broken
    root = "trust root built in"
    if trusted_root() is None:
        root = "no trust root built in: updates only notify"
    return f"{Updater.__module__.split('.')[0]} client and Ed25519 verification load; {root}"


async def check_chat(folder: Path) -> str:
    """Start the app with the demo gateway in ``folder`` and stream one reply through the composer."""
    from app.main import GeminiDesk, parse_args
    from app.qt.async_support import install_asyncgen_hooks, signal_future

    install_asyncgen_hooks()
    desk = GeminiDesk(parse_args(["--demo", "--data-dir", str(folder)]), {})
    try:
        await asyncio.wait_for(desk.start(), REPLY_TIMEOUT)
        started = time.perf_counter()
        finished = signal_future(desk.chat.reply_finished)
        desk.window.composer.set_text(PROMPT)
        desk.window.composer.send_button.click()
        try:
            _conversation, message_id, status = await asyncio.wait_for(finished, REPLY_TIMEOUT)
        except TimeoutError:
            raise SelfTestFailure(f"no reply within {REPLY_TIMEOUT:g} s") from None
        message = desk.store.get_message(message_id)
        text = message.text if message is not None else ""
        if status != "complete" or "Demo gateway" not in text:
            raise SelfTestFailure(f"the reply ended as {status!r} with text {text[:80]!r}")
        desk.window.transcript.flush()
        if "Demo gateway" not in desk.window.transcript.toPlainText():
            raise SelfTestFailure("the reply was stored but the transcript does not show it")
        seconds = time.perf_counter() - started
        source = desk.demo.base_url if desk.demo is not None else "?"
        # The reply starts a title request; let it end so shutdown does not cancel requests in flight.
        await _settle(SETTLE_TIMEOUT)
        return f"{len(text)} characters streamed from {source} in {seconds:.2f} s"
    finally:
        await desk.shutdown()


async def _settle(timeout: float) -> None:
    """Wait (at most ``timeout`` seconds) until no task but the caller's runs on the loop."""
    deadline = time.monotonic() + timeout
    current = asyncio.current_task()
    while time.monotonic() < deadline and any(task is not current for task in asyncio.all_tasks()):
        await asyncio.sleep(0.02)


def _platform_plugins() -> list[str]:
    """The names of the Qt platform plugins present (``xcb``, ``offscreen``, ``wayland``…)."""
    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    names = {path.name.split(".")[0].removeprefix("lib").removeprefix("q") for path in folder.glob("*q*.*")}
    return sorted(names)


def _report(out: TextIO, name: str, run: Callable[[], str]) -> bool:
    started = time.perf_counter()
    try:
        detail, ok = run(), True
    except SelfTestFailure as error:
        detail, ok = str(error), False
    except Exception as error:  # anything unexpected is a failure of that check, not a crash of the test
        detail, ok = f"{type(error).__name__}: {error}", False
    seconds = time.perf_counter() - started
    print(f"{'ok  ' if ok else 'FAIL'} {name:<12} {detail} ({seconds:.2f} s)", file=out, flush=True)
    return ok


def run_self_test(out: TextIO | None = None, platform: str = "offscreen") -> int:
    """Run every check, print one line each and return the exit status (0: all passed).

    Args:
        out: Where the report goes; by default standard output, or, for a windowed Windows executable that
            has none, ``gemini-desk-self-test.txt`` in the temporary folder (CI prints that file).
        platform: ``offscreen`` (no display needed) or ``display`` (the session's real Qt platform plugin).
    """
    if out is None:
        if sys.stdout is not None:
            return _run_checks(sys.stdout, platform)
        with open(Path(tempfile.gettempdir()) / REPORT_FILE, "w", encoding="utf-8") as report:
            return _run_checks(report, platform)
    return _run_checks(out, platform)


def check_platform() -> str:
    """Name the Qt platform plugin in use; in display mode it must be a real one."""
    from PySide6.QtGui import QGuiApplication

    name = QGuiApplication.platformName()
    if name in _HEADLESS_PLATFORMS:
        raise SelfTestFailure(f"Qt runs on the {name!r} platform, not a real display (set DISPLAY?)")
    screen = QGuiApplication.primaryScreen()
    size = screen.size() if screen is not None else None
    shown = f", screen {size.width()}x{size.height()}" if size is not None else ""
    return f"{name} plugin loaded{shown}"


def _run_checks(out: TextIO, platform: str = "offscreen") -> int:
    from app import __version__

    if platform == "offscreen":
        # Offscreen whatever the session offers: the test must pass on a build machine without a display.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    elif os.environ.get("QT_QPA_PLATFORM", "") in _HEADLESS_PLATFORMS:
        del os.environ["QT_QPA_PLATFORM"]  # the real platform is the point of this mode
    import qasync
    from PySide6.QtWidgets import QApplication

    started = time.perf_counter()
    frozen = "bundle" if getattr(sys, "frozen", False) else "source"
    print(
        f"gemini-desk {__version__} self-test ({frozen}, Python {sys.version.split()[0]}, {sys.platform})",
        file=out,
    )
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setQuitOnLastWindowClosed(False)
    print(f"     Qt platform plugins: {', '.join(_platform_plugins()) or 'none found'}", file=out)
    results = []
    if platform != "offscreen":
        results.append(_report(out, "platform", check_platform))
    with tempfile.TemporaryDirectory(prefix="gemini-desk-selftest-") as temp:
        folder = Path(temp)
        results.append(_report(out, "store", lambda: check_store(folder)))
        results.append(_report(out, "keyring", check_keyring))
        results.append(_report(out, "highlighting", check_highlighting))
        results.append(_report(out, "translations", check_translations))
        results.append(_report(out, "math", check_math))
        results.append(_report(out, "updates", check_updates))
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        try:
            results.append(_report(out, "chat", lambda: loop.run_until_complete(check_chat(folder / "data"))))
        finally:
            loop.close()
            asyncio.set_event_loop(None)
    seconds = time.perf_counter() - started
    failed = results.count(False)
    verdict = "passed" if not failed else f"FAILED ({failed} of {len(results)} checks)"
    print(f"self-test {verdict} in {seconds:.2f} s", file=out, flush=True)
    return 0 if not failed else 1
