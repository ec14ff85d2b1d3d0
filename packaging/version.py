#!/usr/bin/env python3
"""Print the app's version as a package format spells it.

    python3 packaging/version.py [pep440|deb|rpm|windows|macos] [VERSION]

VERSION defaults to app/__init__.py's. The mapping itself lives in app/core/versioning.py (the update check
orders versions with it too): deb and rpm get ``0.2.0~rc1``, Windows four numbers, macOS three.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.versioning import parse_version  # noqa: E402


def app_version() -> str:
    """``__version__`` read from the source, so that no dependency of the app needs to be installed."""
    text = (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__ = "([^"]+)"', text)
    if match is None:
        raise SystemExit("packaging/version.py: no __version__ in app/__init__.py")
    return match.group(1)


def main(argv: list[str]) -> int:
    """Print the requested spelling."""
    form = argv[0] if argv else "pep440"
    version = parse_version(argv[1] if len(argv) > 1 else app_version())
    spellings = {
        "pep440": str(version),
        "deb": version.debian(),
        "rpm": version.debian(),
        "windows": version.windows(),
        "macos": version.macos(),
    }
    if form not in spellings:
        print(f"usage: version.py [{'|'.join(spellings)}] [VERSION]", file=sys.stderr)
        return 2
    print(spellings[form])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
