#!/usr/bin/env python3
"""Write the package-manager manifests of a release from their templates and the release's SHA256SUMS.

    python packaging/release/manifests.py RELEASE_DIR OUT_DIR [--partial]

Templates (packaging/release/templates, ``string.Template`` syntax): winget (three files), a Homebrew cask,
a Scoop manifest and the Flatpak manifest. Every URL points at the release's files on GitHub
(``…/releases/download/v<version>/<name>``, names from app/core/updates/install_kind.py) and every hash is
the file's SHA-256 from RELEASE_DIR/SHA256SUMS. A manifest whose files are not in the release is an error,
unless --partial (``.ci/run`` on Linux has only the Linux files): then it is skipped and named.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app import __version__  # noqa: E402
from app.core.updates import install_kind as names  # noqa: E402

TEMPLATES = Path(__file__).with_name("templates")
BASE_URL = "https://github.com/gemini-desk/gemini-desk/releases/download/v{version}/{name}"
APP_ID = "io.github.gemini_desk.GeminiDesk"


def release_files(version: str) -> dict[str, str]:
    """Template key prefix -> release file name, for every file a manifest points at."""
    return {
        "windows_x64": names.windows_installer_name(version, "x64"),
        "windows_arm64": names.windows_installer_name(version, "arm64"),
        "windows_zip_x64": names.windows_zip_name(version, "x64"),
        "windows_zip_arm64": names.windows_zip_name(version, "arm64"),
        "macos_x86_64": names.macos_dmg_name(version, "x86_64"),
        "macos_arm64": names.macos_dmg_name(version, "arm64"),
        "linux_x86_64": names.linux_tarball_name(version, "x86_64"),
        "linux_aarch64": names.linux_tarball_name(version, "aarch64"),
    }


# Output file -> (template, the release files it needs).
MANIFESTS = {
    "winget/GeminiDesk.GeminiDesk.yaml": ("winget.version.yaml", ()),
    "winget/GeminiDesk.GeminiDesk.installer.yaml": ("winget.installer.yaml", ("windows_x64", "windows_arm64")),
    "winget/GeminiDesk.GeminiDesk.locale.en-US.yaml": ("winget.locale.en-US.yaml", ()),
    "homebrew/gemini-desk.rb": ("homebrew-cask.rb", ("macos_x86_64", "macos_arm64")),
    "scoop/gemini-desk.json": ("scoop.json", ("windows_zip_x64", "windows_zip_arm64")),
    f"flatpak/{APP_ID}.yml": ("flatpak.yml", ("linux_x86_64", "linux_aarch64")),
}


def read_checksums(path: Path) -> dict[str, str]:
    """``SHA256SUMS`` as name -> hex digest."""
    sums = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        sums[name.lstrip("*")] = digest
    return sums


def write_manifests(
    version: str, checksums: dict[str, str], out: Path, *, partial: bool = False, release_date: str = ""
) -> tuple[list[Path], list[str]]:
    """Write every manifest whose files are in ``checksums``; return (written, skipped with reasons).

    Raises:
        SystemExit: A manifest's file is missing and ``partial`` is false.
    """
    files = release_files(version)
    values = {"version": version, "release_date": release_date or datetime.now(UTC).date().isoformat()}
    for key, name in files.items():
        values[f"{key}_url"] = BASE_URL.format(version=version, name=name)
        if name in checksums:
            values[f"{key}_sha256"] = checksums[name]
    written, skipped = [], []
    for target, (template, needs) in MANIFESTS.items():
        missing = [files[key] for key in needs if files[key] not in checksums]
        if missing:
            if not partial:
                raise SystemExit(f"manifests: {target} needs {', '.join(missing)}, which the release lacks")
            skipped.append(f"{target} (no {', '.join(missing)})")
            continue
        text = Template((TEMPLATES / template).read_text(encoding="utf-8")).substitute(values)
        path = out / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written, skipped


def main(argv: list[str]) -> int:
    """The command line (see the module docstring)."""
    args = [arg for arg in argv if not arg.startswith("--")]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    release, out = Path(args[0]), Path(args[1])
    written, skipped = write_manifests(
        __version__, read_checksums(release / "SHA256SUMS"), out, partial="--partial" in argv
    )
    for path in written:
        print(f"manifests: wrote {path}")
    for reason in skipped:
        print(f"manifests: skipped {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
