"""The process: the command line's early exits, the data folder's single-instance claim, the qasync loop.

``main`` is the ``gemini-desk`` entry point. It answers what needs no window (``--version``, ``--self-test``,
the typesetting and demo-tools helper processes a bundle starts of itself), checks the platform, becomes the
one app on its data folder (or hands over to the one running), and runs ``run`` on a qasync loop: that builds
the app (``app.main.GeminiDesk``, the composition root) and waits until its window is closed. After the loop,
an update the user chose to install is started.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from app import __version__
from app.main import GeminiDesk, parse_args

if TYPE_CHECKING:
    from app.core.paths import AppPaths
    from app.qt.single_instance import SingleInstance


def main(argv: Sequence[str] | None = None) -> int:
    """Start Gemini Desk and return its exit status."""
    # Start-up allocates much and frees little (modules, classes, widgets): the cycle collector's passes over
    # it (about 50 before the first frame, 8 ms of CPU or more) find next to nothing to free. It stays off;
    # `run` hands collection to the GUI thread's collector (app.qt.gc_guard), whose first pass comes after
    # the first frame.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _start(list(sys.argv[1:] if argv is None else argv), collecting)
    finally:
        if collecting:
            gc.enable()


def _start(arguments: list[str], collecting: bool) -> int:
    """Answer what needs no window, or start the app (``collecting``: whether collection was on)."""
    from app.render.math_worker import WORKER_FLAG, serve

    if arguments[:1] in ([WORKER_FLAG], ["--demo-mcp-server"]) and collecting:
        gc.enable()  # a helper process runs as long as its parent needs it: collection as usual
    if arguments[:1] == [WORKER_FLAG]:
        # A bundle starts itself this way to typeset formulas in a process of their own (no Qt here).
        return serve(sys.stdin.buffer, sys.stdout.buffer)
    if arguments[:1] == ["--demo-mcp-server"]:
        # The demo's MCP server (time, arithmetic), started by a bundle in `--demo` (app/demo/mcp_server.py).
        from app.demo.mcp_server import main as serve_demo_tools

        serve_demo_tools()
        return 0
    args = parse_args(arguments)
    if args.self_test:
        from app.selftest import run_self_test

        return run_self_test(platform=args.self_test)
    return _run_app(args)


def _run_app(args: argparse.Namespace) -> int:
    """Check the platform, become the one app on the data folder, and run the window's loop."""
    from app.platform_check import platform_problem
    from app.qt.feature_scan import skip_feature_scan  # loaded before PySide, like platform_check

    problem = platform_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    # Imported here so --help and --version answer without loading Qt.
    from PySide6 import QtCore  # noqa: F401  (the platform check loaded it on Linux)

    skip_feature_scan()  # neither what is loaded so far nor the app's own modules select a PySide feature
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Gemini Desk")
    app.setOrganizationName("gemini-desk")
    app.setApplicationVersion(__version__)
    # The desktop entry's name: gemini-desk.desktop, or under Flatpak the app id (its desktop file's name).
    app.setDesktopFileName(os.environ.get("FLATPAK_ID") or "gemini-desk")
    from app.qt.icons import app_icon

    app.setWindowIcon(app_icon())
    app.setQuitOnLastWindowClosed(False)  # the main coroutine decides when to quit, after saving
    instance = _claim_single_instance(args)
    if isinstance(instance, int):
        return instance
    from app.qt.async_support import finish_tasks

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    restart: list[str] = []
    scratch: list[AppPaths] = []
    try:
        return int(loop.run_until_complete(run(args, instance, restart, scratch)))
    finally:
        finish_tasks(loop)
        if instance is not None:
            instance.release()
        loop.close()
        asyncio.set_event_loop(None)
        for paths in scratch:
            _remove_demo_folder(paths)
        if restart:
            from app.core.updates.install import start_detached

            start_detached(restart)  # the updated copy, now that this one has let go of the data folder


def _claim_single_instance(args: argparse.Namespace) -> SingleInstance | int | None:
    """Become the one app running on this data folder, or hand over to it.

    Returns:
        The claim to hold while running; an exit status when another instance runs (0: it was asked to
        show its window); None when the data folder is unusable (the start-up error report explains why).
    """
    from app.core.paths import resolve_paths
    from app.qt.single_instance import Claim, SingleInstance

    try:
        paths = resolve_paths(args.data_dir, os.environ, demo=args.demo)
        instance = SingleInstance(paths.data_dir)
    except OSError:
        return None
    claim = instance.claim(listen=False)  # `run` listens once the window has painted
    if claim is Claim.ACTIVATED:
        return 0
    if claim is Claim.NOT_ANSWERING:
        from app.qt.startup_messages import warn_not_answering

        warn_not_answering(paths.settings_path)
        return 1
    return instance


def _remove_demo_folder(paths: AppPaths) -> None:
    """The demo ended with the app (it was not left for a real gateway): its scratch folder goes."""
    from app.core.paths import remove_demo_folder

    try:
        remove_demo_folder(paths)
    except OSError as error:
        print(f"gemini-desk: could not remove the demo's folder {paths.data_dir}: {error}", file=sys.stderr)


async def run(
    args: argparse.Namespace,
    instance: SingleInstance | None = None,
    after_exit: list[str] | None = None,
    demo_scratch: list[AppPaths] | None = None,
) -> int:
    """Build the app's services and window, and wait until the window is closed.

    Args:
        args: The command line.
        instance: The single-instance claim; a later launch's request brings the window forward.
        after_exit: Filled with the command that starts an installed update, when the user chose
            "Restart to update"; the caller starts it once this copy has released its data folder.
        demo_scratch: Gets the demo's own folders when the session ended still in the demo; the caller removes
            them once this copy has released them. A session that left the demo for a real gateway went on
            in the user's own folder (``leave_demo_folder``), and its demo folder was removed then.
    """
    from app.qt.async_support import install_asyncgen_hooks

    install_asyncgen_hooks()
    from app.core.key_sources import detach_environment_key
    from app.qt.gc_guard import GuiThreadCollector

    # No pass until start-up and the render warm-up are frozen (app.qt.gc_guard says why).
    collector = GuiThreadCollector(hold=True)
    # The app keeps its own copy; what it starts (a browser, a file manager) never inherits the key.
    environ = detach_environment_key(os.environ)
    try:
        app = GeminiDesk(args, environ, update_checks=True)
    except Exception as error:
        from app.qt.startup_messages import show_fatal

        await show_fatal(error)
        return 1
    own_claim: SingleInstance | None = None  # the user's own folder's, taken when leaving the demo
    listening: asyncio.Future[None] | None = None
    try:
        if instance is not None:
            instance.activation_requested.connect(app.window.bring_to_front)
            listening = asyncio.ensure_future(_listen_after_first_frame(app, instance))
        await app.start()
        from app.qt.warm_start import warm_after_start

        # While the user types: the first answer then finds markdown-it, the lexers and its parser ready.
        warm_after_start(app.window, collector)
        while True:
            code = await app.wait_closed()
            if app.demo_exit is None:
                return code
            # The user left `--demo` for their own gateway: the app opens their own data folder.
            claim = _claim_own_folder(app)
            if claim is False:
                continue  # another copy of the app has that folder; the demo goes on
            release = None
            if claim is not None:
                own_claim = claim
                release = instance.release if instance is not None else None
                instance = claim
            try:
                app = await leave_demo_folder(app, environ, release)
            except Exception as error:  # the app for the user's own folder could not be built
                from app.qt.startup_messages import show_fatal

                await show_fatal(error)
                return 1
            if instance is not None:
                instance.activation_requested.connect(app.window.bring_to_front)
    finally:
        if listening is not None:
            listening.cancel()  # closed before its first frame
        await app.shutdown()
        collector.stop()
        if own_claim is not None:
            own_claim.release()  # (the caller releases the claim it passed in)
        if after_exit is not None and app.updates is not None:
            after_exit[:] = app.updates.restart_command
        if demo_scratch is not None and app.demo is not None and app.paths.demo_scratch:
            demo_scratch.append(app.paths)


async def _listen_after_first_frame(app: GeminiDesk, instance: SingleInstance) -> None:
    """Hear later launches once the window has painted (until then they keep asking).

    QtNetwork and the local server are thus not on the way to the first frame.
    """
    from app.qt.startup import first_frame

    await first_frame(app.window)
    instance.listen()


def _claim_own_folder(demo: GeminiDesk) -> SingleInstance | Literal[False] | None:
    """Claim the user's own data folder before leaving the demo for it.

    Returns:
        The claim (None when the demo already ran in that folder, or it cannot be claimed because it is
        unusable: the start-up then explains); False when another copy of the app runs on it: its window
        was asked to come forward, and the demo goes on with a word saying so.
    """
    from app.core.paths import resolve_paths
    from app.qt.single_instance import Claim, SingleInstance

    try:
        paths = resolve_paths(demo.args.data_dir, os.environ)
        if paths.data_dir == demo.paths.data_dir:
            return None
        own = SingleInstance(paths.data_dir)
    except OSError:
        return None
    if own.claim() is Claim.FIRST:
        return own
    demo.stay_in_demo()
    return False


async def leave_demo_folder(
    desk: GeminiDesk, environ: Mapping[str, str], release: Callable[[], None] | None = None
) -> GeminiDesk:
    """Close the ``--demo`` session ``desk`` (whose ``demo_exit`` is set) and open the user's own folder.

    The new app starts as a normal start would (the settings, history and keyring entries of the user's
    folder), then applies what the user entered in the demo: the gateway and key, a proxy and its password,
    the other settings changed. The demo's own folder is then removed, as at the end of any demo session.

    Args:
        desk: The demo session; shut down here.
        environ: The process environment.
        release: Lets go of the demo folder's single-instance claim (before the folder is removed).

    Returns:
        The started app on the user's own folder.
    """
    carry = desk.demo_exit
    await desk.shutdown()
    desk.window.deleteLater()  # the demo's window, and all it owns, go now rather than at exit
    if release is not None:
        release()
    _remove_demo_folder(desk.paths)
    args = argparse.Namespace(**{**vars(desk.args), "demo": False})
    own = GeminiDesk(args, environ, update_checks=desk.update_checks, carry=carry)
    try:
        await own.start()
    except BaseException:
        await own.shutdown()
        raise
    return own
