"""Spare PySide its source scan of the modules loaded before it.

PySide replaces ``__import__`` to support ``from __feature__ import snake_case``. For every module an import
statement names after PySide is loaded, it reads the module's whole source once, looking for "PySide6"
(``shibokensupport.feature._mod_uses_pyside``; napari/napari#8584 traced the same cost). At our start that
is more than 300 files, the standard library's largest among them (typing, inspect, asyncio, argparse):
15-20 ms of CPU before the first frame. The app selects no feature anywhere, so for the modules loaded
before PySide the scan can only conclude what this records up front: -1, "no feature selection here".

The table is PySide's own (6.x); where it is missing or not a dict, nothing is done and PySide scans as
before.
"""

from __future__ import annotations

import sys

__all__ = ["skip_feature_scan_of_loaded_modules"]


def skip_feature_scan_of_loaded_modules() -> int:
    """Mark every module loaded so far as one PySide need not scan; return how many were marked."""
    feature = sys.modules.get("shibokensupport.feature")
    table = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return 0
    marked = 0
    for name in list(sys.modules):
        if name not in table:
            table[name] = -1
            marked += 1
    return marked
