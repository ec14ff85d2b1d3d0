"""Spare PySide its source scan of the modules loaded before it, and of the app's own modules.

PySide replaces ``__import__`` to support ``from __feature__ import snake_case``. For every module an import
statement names after PySide is loaded, it reads the module's whole source once, looking for "PySide6"
(``shibokensupport.feature._mod_uses_pyside``; napari/napari#8584 traced the same cost). At our start that
is more than 300 files, the standard library's largest among them (typing, inspect, asyncio, argparse), and
about 190 of the app's own: 15-25 ms of CPU before the first frame. The app selects no feature anywhere
(a test checks its sources), so the scan can only conclude what this records up front:

* a module loaded before PySide: -1, "no feature selection here" (it does not use PySide);
* each of the app's own modules, loaded or not yet: 0, "uses PySide, with no feature selected", the value
  the scan gives any module that names PySide6, and one that keeps the normal Qt names for it even if some
  other library selected a feature.

PySide only scans a module whose name is not in its table yet, so an entry made before the module is
imported stands. The table is PySide's own (6.x); where it is missing or not a dict, nothing is done and
PySide scans as before.

The other libraries' modules, imported later (httpx, markdown-it, Pygments...), are still scanned, but with
a reader that keeps nothing: PySide reads through ``inspect.getsource``, which leaves every file's lines in
``linecache`` for the life of the process (about 230 files and 3 MB of the idle app's memory). The scan's
answer is the same: the module's source names "PySide6" or not.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import ModuleType

__all__ = ["app_module_names", "names_pyside", "skip_feature_scan"]

_APP = Path(__file__).resolve().parents[1]


def app_module_names(root: Path = _APP) -> list[str]:
    """The dotted names of every module of the package at ``root`` (none in a bundle without sources)."""
    names: list[str] = []
    base = root.parent
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        package = ".".join(Path(folder).relative_to(base).parts)
        names.extend(
            package if name == "__init__.py" else f"{package}.{name[:-3]}"
            for name in files
            if name.endswith(".py")
        )
    return names


def skip_feature_scan() -> int:
    """Mark the modules loaded so far and the app's own modules as ones PySide need not scan.

    Returns:
        How many entries were added to PySide's table.
    """
    feature = sys.modules.get("shibokensupport.feature")
    table = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return 0
    if callable(getattr(feature, "_mod_uses_pyside", None)):
        feature._mod_uses_pyside = names_pyside  # type: ignore[union-attr]
    before = len(table)
    for name in list(sys.modules):
        table.setdefault(name, -1)
    for name in app_module_names():
        table.setdefault(name, 0)
    return len(table) - before


def names_pyside(module: ModuleType) -> bool:
    """Whether ``module``'s source names PySide6, read through its loader and not kept (PySide's scan).

    A module without source (built in, frozen, compiled, or a bundle's bytecode) names nothing, as in
    PySide's own scan.
    """
    get_source = getattr(getattr(module, "__loader__", None), "get_source", None)
    if get_source is None:
        return False
    try:
        source = get_source(module.__name__)
    except (ImportError, OSError, SyntaxError, TypeError, ValueError):
        return False
    return isinstance(source, str) and "PySide6" in source
