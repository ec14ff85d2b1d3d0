#!/usr/bin/env python3
"""Prove that the app's own update client accepts every file of a signed release.

    python packaging/release/verify-release.py METADATA_DIR RELEASE_DIR TAG

Serves METADATA_DIR as ``update-metadata/`` and RELEASE_DIR as ``TAG/`` on 127.0.0.1 and downloads each
file through ``app.core.updates.verify`` with the root the app carries (app/core/updates/trusted_root.json),
or, when this build carries none yet, the repository's first root (and says so).
"""

from __future__ import annotations

import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.core.updates.verify import download_verified, trusted_root  # noqa: E402


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def main(argv: list[str]) -> int:
    """Download and verify every release file; return the exit status."""
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    metadata, release, tag = Path(argv[0]).resolve(), Path(argv[1]).resolve(), argv[2]
    root = trusted_root()
    if root is None:
        print("verify-release: this build carries no trusted_root.json; checking against 1.root.json")
        root = (metadata / "1.root.json").read_bytes()
    with tempfile.TemporaryDirectory() as temp:
        served = Path(temp) / "served"
        served.mkdir()
        (served / "update-metadata").symlink_to(metadata)
        (served / tag).symlink_to(release)
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(served)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            names = sorted(p.name for p in release.iterdir() if p.is_file() and p.name != "SHA256SUMS")
            for name in names:
                path, custom = download_verified(
                    target_path=f"{tag}/{name}",
                    metadata_url=base + "update-metadata/",
                    files_url=base,
                    cache_dir=Path(temp) / "cache",
                    destination=Path(temp) / "verified",
                    trusted_root_bytes=root,
                    http_options={"trust_env": False},
                )
                print(f"verify-release: {name}: signed for version {custom.get('version')}, verified")
                path.unlink()
        finally:
            server.shutdown()
            server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
