"""A release feed and signed update repository served on 127.0.0.1, built with the release's own tool.

The folder it serves is laid out as a mirror of the GitHub release host (see ``app.core.updates.feed``):
``latest.json`` (the Releases API answer), ``update-metadata/`` (TUF metadata signed by
``packaging/release/update_metadata.py`` with fresh keys) and ``<tag>/<file>``. Tests then change what is
served to play an attacker: different bytes, a wrong signature, old metadata, a huge file.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def release_tool() -> ModuleType:
    """``packaging/release/update_metadata.py``, loaded by path (``packaging`` is also a PyPI package)."""
    path = ROOT / "packaging" / "release" / "update_metadata.py"
    spec = importlib.util.spec_from_file_location("gemini_desk_update_metadata", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class UpdateFeed:
    """A signed update repository with one release, served over HTTP on 127.0.0.1 until ``stop()``.

    Attributes:
        folder: What is served.
        keys: The role keys' folder (private PEM files).
        signers: The role signers, for tests that re-sign.
        feed_url: ``http://127.0.0.1:<port>/latest.json``.
        requests: Every path asked for, in order.
    """

    def __init__(self, folder: Path) -> None:
        self.tool = release_tool()
        self.folder = folder / "served"
        self.keys = folder / "keys"
        self.metadata = self.folder / "update-metadata"
        self.signers = self.tool.init(self.keys, self.metadata)
        self.requests: list[str] = []
        feed = self

        class Handler(_QuietHandler):
            def do_GET(self) -> None:
                feed.requests.append(self.path)
                # The client may stop reading (a file longer than signed): what that test wants.
                with contextlib.suppress(ConnectionResetError, BrokenPipeError):
                    super().do_GET()

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(self.folder)))
        self.feed_url = f"http://127.0.0.1:{self._server.server_address[1]}/latest.json"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def trusted_root(self) -> bytes:
        """What an app built for this repository carries: its first root metadata."""
        return (self.metadata / "1.root.json").read_bytes()

    def publish(self, version: str, files: dict[str, bytes], notes: str = "Fixes and improvements.") -> None:
        """Publish release ``v<version>`` with ``files`` (name -> bytes), signed, and announce it."""
        tag = f"v{version}"
        release_dir = self.folder / tag
        release_dir.mkdir(parents=True)
        for name, data in files.items():
            (release_dir / name).write_bytes(data)
        self.tool.add_release(self.metadata, release_dir, tag, version, self.signers)
        self.announce(version, notes)

    def announce(self, version: str, notes: str = "Fixes and improvements.") -> None:
        """Make the feed say ``v<version>`` is the newest release (whether or not it was signed)."""
        base = self.feed_url.rsplit("/", 1)[0]
        release = {
            "tag_name": f"v{version}",
            "name": f"Gemini Desk {version}",
            "body": notes,
            "html_url": f"https://github.com/gemini-desk/gemini-desk/releases/tag/v{version}",
            "draft": False,
            "prerelease": False,
            "assets": [
                {
                    "name": path.name,
                    "size": path.stat().st_size,
                    "browser_download_url": f"{base}/v{version}/{path.name}",
                }
                for path in sorted((self.folder / f"v{version}").glob("*"))
            ],
        }
        (self.folder / "latest.json").write_text(json.dumps(release), encoding="utf-8")

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
