"""The start-up path stays light: the window's first frame comes before the heavy modules and slow work.

Markdown rendering (with its plugins), math typesetting (ziamath, QtSvg), syntax highlighting, the HTTP stack
(also urllib.request), the MCP SDK (with anyio and pydantic) and the tool host that runs it, keyring, package
metadata, the dialogs opened from menus (Settings, conversation settings, About, shortcuts), export and
import, the image viewer, ctypes and QtNetwork (the single-instance server listens once the window has
painted) are loaded when first needed, after the window has painted; the theme is in place before the window
is built, and icons are tinted only when drawn. PySide reads the source of none of the app's modules, and no
garbage collection pass runs before the first frame. The app reports its start-up stages when asked to
(``GEMINI_DESK_REPORT_STARTUP=1``), which the start-up benchmark relies on.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Runs the real app; at the first-frame mark it prints which heavy modules are loaded, then exits at once.
PROBE = r"""
import json, os, sys
import app.qt.startup as startup

def mark(self, stage):
    if stage == "first-frame":
        heavy = ("httpx", "markdown_it", "pygments", "app.core.gemini.client", "mdit_py_plugins",
                 "linkify_it", "ziamath", "ziafont", "latex2mathml", "PySide6.QtSvg",
                 "mcp", "mcp_types", "anyio", "pydantic", "httpx2", "app.core.tools.host",
                 "app.core.tools.server_log",
                 "keyring", "urllib.request", "http.client", "importlib.metadata",
                 "app.qt.dialogs.settings_dialog", "app.qt.dialogs.conversation_settings",
                 "app.qt.dialogs.about_dialog", "app.qt.dialogs.shortcuts_dialog",
                 "app.core.chat.export", "app.core.chat.export_json", "app.core.chat.importer",
                 "app.core.chat.import_review", "app.qt.dialogs.import_settings_review",
                 "app.qt.widgets.image_viewer", "ctypes", "PySide6.QtNetwork")
        loaded = [name for name in heavy if name in sys.modules]
        # The theme's style sheet is set before the window is built: set later, Qt polishes every widget
        # again (about 10 ms), and a dark theme would tint every icon twice.
        if max(SHEET_SET_WITH_WIDGETS, default=0) > 20:  # the window alone has a few hundred
            loaded.append(f"style sheet set with {SHEET_SET_WITH_WIDGETS} widgets built")
        # Icons are tinted when painted: those of hidden widgets and of other screens' scalings never are.
        icons = sys.modules["app.qt.icons.ui_icons"]
        if icons.tinted_image is not TINTED or len(TINTED_CALLS) > 40:
            loaded.append(f"{len(TINTED_CALLS)} icon images tinted")
        # The link-safety pattern (about 15 ms to compile) is built on the first link check, not at start.
        links = sys.modules.get("app.core.link_safety")
        if links is not None and links._host_in_text.cache_info().currsize:
            loaded.append("link-safety pattern")
        print("LOADED " + json.dumps(loaded), flush=True)
        os._exit(0)

startup.StartupReport.mark = mark

from PySide6.QtWidgets import QApplication
SHEET_SET_WITH_WIDGETS = []
_set_sheet = QApplication.setStyleSheet
def set_sheet(app, sheet):
    SHEET_SET_WITH_WIDGETS.append(len(QApplication.allWidgets()))
    _set_sheet(app, sheet)
QApplication.setStyleSheet = set_sheet

import app.qt.icons.ui_icons as ui_icons
TINTED_CALLS = []
_tint = ui_icons.tinted_image
def TINTED(*args, **kwargs):
    TINTED_CALLS.append(args[:2])
    return _tint(*args, **kwargs)
ui_icons.tinted_image = TINTED

from app.launch import main
sys.exit(main(sys.argv[1:]))
"""


def _env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "GEMINI_DESK_REPORT_STARTUP"}
    return {**env, "QT_QPA_PLATFORM": "offscreen", **extra}


@pytest.mark.parametrize("with_history", [False, True], ids=["empty", "with-conversation"])
def test_window_paints_before_markdown_highlighting_and_http_are_loaded(
    tmp_path: Path, with_history: bool
) -> None:
    if with_history:
        from app.core.store.conversations import ConversationStore
        from app.core.store.db import Database

        db = Database.open(tmp_path / "gemini-desk.sqlite3")
        store = ConversationStore(db)
        conversation = store.create("with code", "gemini-2.5-flash")
        text = "Here, $x^2$:\n\n```python\nprint('hi')\n```\n\n$$\n\\frac{a}{b}\n$$\n"
        store.add_message(conversation.id, "model", [{"text": text}], text)
        db.close()
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--data-dir", str(tmp_path)],
        cwd=ROOT,
        env=_env(GEMINI_API_KEY="not-a-real-key"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("LOADED ")]
    assert lines, done.stdout + done.stderr
    assert json.loads(lines[0].removeprefix("LOADED ")) == []


def test_startup_report_prints_each_stage_with_wall_clock_time(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "--data-dir", str(tmp_path)],
        cwd=ROOT,
        env=_env(GEMINI_DESK_REPORT_STARTUP="1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    stages: dict[str, list[str]] = {}
    try:
        # The test's timeout ends a hang; the loop ends once the last stage is reported.
        for line in process.stderr:
            if line.startswith("gemini-desk startup:"):
                words = line.split()
                stages[words[2]] = words
            if "conversation-open" in stages:
                break
    finally:
        process.kill()
        process.wait()
        process.stderr.close()
    assert list(stages) == ["first-frame", "conversation-open"]
    first = stages["first-frame"]
    assert 0 < float(first[3]) < 60  # seconds since the process started, from /proc
    assert float(first[-1].rstrip(")")) > 1e9  # wall-clock time


def test_no_report_unless_asked(tmp_path: Path) -> None:
    import io

    from app.qt.startup import StartupReport

    out = io.StringIO()
    StartupReport({}, out).mark("first-frame")
    StartupReport({"GEMINI_DESK_REPORT_STARTUP": "0"}, out).mark("first-frame")
    assert out.getvalue() == ""
    StartupReport({"GEMINI_DESK_REPORT_STARTUP": "1"}, out).mark("first-frame")
    assert out.getvalue().startswith("gemini-desk startup: first-frame ")


def test_the_core_packages_import_their_names_on_first_use() -> None:
    # The packages' curated names cost nothing to import: the HTTP stack comes with the client alone.
    probe = r"""
import json, sys
import app.core.chat, app.core.gemini, app.core.store
def loaded():
    return sorted(m for m in sys.modules if m == "httpx" or m.startswith("app.core.") and m.count(".") > 2)

steps = {"packages": loaded()}
from app.core.gemini import StreamDecoder, TextDelta
from app.core.chat import build_request
steps["decoder, events, request"] = loaded()
app.core.gemini.GeminiClient
steps["client"] = loaded()
print(json.dumps(steps))
"""
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=60
    )
    steps = json.loads(done.stdout.splitlines()[-1]) if done.returncode == 0 else None
    assert steps is not None, done.stderr
    assert steps["packages"] == []
    assert "httpx" not in steps["decoder, events, request"]
    assert "app.core.gemini.decoder" in steps["decoder, events, request"]
    assert "httpx" in steps["client"] and "app.core.gemini.client" in steps["client"]


def test_httpx_comes_without_its_command_line_client() -> None:
    # httpx's __init__ imports its CLI (click, rich, Pygments' terminal formatters: about 18 MB when they are
    # installed); the app keeps it out, so the first request loads only the HTTP stack.
    probe = r"""
import json, sys
import app.core.gemini.client
print(json.dumps(sorted(m for m in ("click", "rich", "pygments.formatters.terminal") if m in sys.modules)))
print(json.dumps(sys.modules.get("httpx._main") is None))
"""
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    cli_modules, main_kept_out = (json.loads(line) for line in done.stdout.splitlines()[-2:])
    assert cli_modules == []
    assert main_kept_out is True


def test_pyside_does_not_read_the_source_of_modules_loaded_before_it(tmp_path: Path) -> None:
    # PySide reads the whole source of each module named by an import after it is loaded (its __feature__
    # support); the app selects no feature, so the modules loaded before PySide are marked as not using one.
    read = _report_at_first_frame(
        tmp_path,
        before=r"""
import inspect
read = []
_getsource = inspect.getsource
def getsource(obj):
    read.append(getattr(obj, "__name__", "?"))
    return _getsource(obj)
inspect.getsource = getsource
""",
        report="read",
    )
    loaded_before_qt = ("typing", "argparse", "asyncio", "asyncio.base_events", "logging", "app.main")
    assert [name for name in loaded_before_qt if name in read] == []
    # Nor of the app's own modules, loaded after it: the app selects no feature anywhere.
    assert [name for name in read if name == "app" or name.startswith("app.")] == []


def test_pyside_scans_other_libraries_without_keeping_their_source(tmp_path: Path) -> None:
    # The libraries imported after PySide are still scanned (their answer is in PySide's table), but their
    # source does not stay in linecache for the life of the process (about 3 MB at idle).
    found = _report_at_first_frame(
        tmp_path,
        after="import linecache",
        report="""{
    "kept": sorted({path.split("site-packages/")[-1].split("/")[0] for path in linecache.cache
                    if "site-packages/" in path and "PySide6/" not in path and "shiboken6/" not in path}),
    "table": {name: sys.modules["shibokensupport.feature"].pyside_feature_dict.get(name)
              for name in ("qasync", "platformdirs", "markdown_it", "app.qt.main_window")},
}""",
    )
    assert found["table"] == {"qasync": 0, "platformdirs": -1, "markdown_it": None, "app.qt.main_window": 0}
    assert found["kept"] == []


def test_the_app_selects_no_pyside_feature() -> None:
    # What lets app/qt/feature_scan.py mark the app's modules without reading them.
    sources = [path for path in (ROOT / "app").rglob("*.py") if "__feature__" in path.read_text("utf-8")]
    assert [path.relative_to(ROOT).as_posix() for path in sources] == ["app/qt/feature_scan.py"]


def test_no_garbage_collection_pass_runs_on_the_way_to_the_first_frame(tmp_path: Path) -> None:
    # Start-up allocates much and frees little: the automatic passes (about 25 from the command line to the
    # first frame, over modules, classes and widgets) find next to nothing.
    passes = _report_at_first_frame(
        tmp_path,
        after=r"""
import gc
passes = []
def automatic(phase, info):
    # The GUI thread's collector (app/qt/gc_guard.py) ticks every 500 ms: under load it may come first.
    frame, names = sys._getframe(1), []
    while frame is not None:
        names.append(frame.f_code.co_filename)
        frame = frame.f_back
    if phase == "start" and not any(name.endswith("gc_guard.py") for name in names):
        passes.append(info["generation"])
gc.callbacks.append(automatic)
""",
        report="passes",
    )
    assert passes == []


def _report_at_first_frame(tmp_path: Path, *, report: str, before: str = "", after: str = "") -> Any:
    """Start the real app with ``before`` run first and ``after`` once the app is imported; at the first frame
    (the start-up report's line on stderr) return the value of the expression ``report``, and end the app."""
    probe = f"""
import json, os, sys
{before}
class Stderr:
    def __init__(self, real):
        self.real = real
    def write(self, text):
        if "first-frame" in text:
            print("REPORT " + json.dumps({report}), flush=True)
            os._exit(0)
        return self.real.write(text)
    def flush(self):
        self.real.flush()
from app.launch import main
{after}
sys.stderr = Stderr(sys.stderr)
sys.exit(main(sys.argv[1:]))
"""
    return _run_app_probe(probe, tmp_path, "REPORT ", GEMINI_DESK_REPORT_STARTUP="1")


def _run_app_probe(probe: str, data_dir: Path, marker: str, **env: str) -> Any:
    """Run ``probe`` (it starts the app on ``data_dir``); return the JSON it printed after ``marker``."""
    done = subprocess.run(
        [sys.executable, "-c", probe, "--data-dir", str(data_dir)],
        cwd=ROOT,
        env=_env(GEMINI_API_KEY="not-a-real-key", **env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith(marker)]
    assert lines, done.stdout + done.stderr
    return json.loads(lines[0].removeprefix(marker))


def test_the_http_stack_is_loaded_off_the_gui_thread_before_the_first_requests(tmp_path: Path) -> None:
    # The key found at start-up starts the model list and key quota requests; importing httpx, httpcore and
    # anyio and reading the CA bundle for them stopped the window for 110-180 ms (seconds under load).
    settings = tmp_path / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"base_url": "http://127.0.0.1:9", "check_updates": False}), "utf-8")
    probe = r"""
import json, os, sys, threading
WATCHED = ("httpx", "app.core.gemini.client", "anyio", "certifi")
seen = {}
class Watch:
    def find_spec(self, name, path=None, target=None):
        if name in WATCHED and name not in seen:
            seen[name] = threading.current_thread() is threading.main_thread()
            if len(seen) == len(WATCHED):
                print("IMPORTED " + json.dumps(seen), flush=True)
                os._exit(0)
        return None
sys.meta_path.insert(0, Watch())
from app.launch import main
sys.exit(main(sys.argv[1:]))
"""
    on_gui_thread = _run_app_probe(probe, tmp_path, "IMPORTED ", GEMINI_DESK_NO_UPDATE_CHECK="1")
    assert on_gui_thread == {name: False for name in ("httpx", "app.core.gemini.client", "anyio", "certifi")}
