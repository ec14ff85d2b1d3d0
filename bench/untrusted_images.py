"""Memory of a reply with six ~120-byte SVG parts declared as ``image/png`` (issue: 119 MB -> 1.5 GB).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python -m bench.untrusted_images [--quick]

Decodes the six parts twice, each time in a fresh child process so the figures are that decode path's
alone: once as the app used to (``QImage.fromData``, which lets Qt pick a decoder from the content, here its
SVG plugin when installed), once through ``app.qt.image_decode.decode_untrusted_image`` (PNG/JPEG/WebP/GIF by
magic bytes, pixel limits). Prints RSS before and after, in MB, from /proc. ``--quick``: one part, new
path only.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="7900" height="7900">'
    b'<rect width="100%" height="100%" fill="red"/></svg>'
)


def _rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _child(mode: str, count: int) -> None:
    from PySide6.QtGui import QGuiApplication, QImage

    from app.qt.image_decode import decode_untrusted_image

    _app = QGuiApplication([])
    before = _rss_mb()
    kept = []
    for _ in range(count):
        image = QImage.fromData(SVG) if mode == "qt-guess" else decode_untrusted_image(SVG)
        kept.append(image)  # the transcript keeps what it shows
    decoded = sum(1 for image in kept if image is not None and not image.isNull())
    print(
        json.dumps(
            {"mode": mode, "before": round(before, 1), "after": round(_rss_mb(), 1), "decoded": decoded}
        )
    )


def main() -> None:
    """Run both decode paths in child processes and print their RSS."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--child")
    args = parser.parse_args()
    count = 1 if args.quick else 6
    if args.child:
        _child(args.child, count)
        return
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    # --quick skips the old path: it takes 1.5 GB.
    for mode in ("untrusted",) if args.quick else ("qt-guess", "untrusted"):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.untrusted_images",
                "--child",
                mode,
                *(["--quick"] if args.quick else []),
            ],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"{mode:10s} {count} SVG parts as image/png: "
            f"RSS {figures['before']:.0f} MB -> {figures['after']:.0f} MB ({figures['decoded']} decoded)"
        )


if __name__ == "__main__":
    main()
