#!/usr/bin/env python3
"""Work out a bundle's Debian ``Depends:`` from the shared libraries it links but does not carry.

Usage: ``python3 packaging/linux/debdeps.py BUNDLE_DIR`` prints one line, e.g. ``libc6 (>= 2.35), libegl1, …``.

How: every ELF file in the bundle lists the libraries it needs (``readelf -d``, ``NEEDED``). Those whose file
is in the bundle are private; the rest must come from the system. Each is located with ``ldconfig -p`` on the
build machine and mapped to its package with ``dpkg -S``; the minimum versions come from ``dpkg-shlibdeps``
(the symbols files) when dpkg-dev is installed. A library the build machine does not have is an error: the
package would be uninstallable somewhere, so the build stops and names it.

Only the standard library and Debian's own tools are used, so this runs with the system ``python3``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

_NEEDED = re.compile(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]")


def elf_files(bundle: Path) -> list[Path]:
    """Every regular ELF file (executables, libraries, extension modules, plugins) under ``bundle``."""
    found = []
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def needed(path: Path) -> list[str]:
    """The ``NEEDED`` entries of one ELF file."""
    output = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=True).stdout
    return _NEEDED.findall(output)


def system_libraries() -> dict[str, str]:
    """Library name -> path for this machine's architecture, from the dynamic linker's cache."""
    multiarch = subprocess.run(
        ["dpkg-architecture", "-qDEB_HOST_MULTIARCH"], capture_output=True, text=True, check=False
    ).stdout.strip()
    found: dict[str, str] = {}
    output = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    for line in output.splitlines()[1:]:
        name, _, path = line.strip().partition(" => ")
        name = name.split(" (")[0]
        # Prefer this architecture's directory; never let a foreign one (i386) replace it.
        if name not in found or (multiarch and f"/{multiarch}/" in path and f"/{multiarch}/" not in found[name]):
            found[name] = path
    return found


def owning_package(path: str) -> str:
    """The package that installed ``path`` (trying the /usr-merged spellings of the same file)."""
    real = os.path.realpath(path)
    candidates = []
    for candidate in (path, real):
        candidates += [candidate, candidate.removeprefix("/usr"), "/usr" + candidate]
    for candidate in dict.fromkeys(candidates):
        result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True, check=False)
        if result.returncode == 0:
            package = result.stdout.split(":", 1)[0].split(",")[0].strip()
            return package
    raise SystemExit(f"debdeps: no package owns {path}")


def versions(files: list[Path]) -> dict[str, str]:
    """Package -> minimum-version clause, from ``dpkg-shlibdeps`` (empty if it is not installed)."""
    import tempfile

    # The bundle's own libraries are found at run time through the bootloader's library path, not RPATH.
    private = sorted({f"-l{path.parent}" for path in files})
    with tempfile.TemporaryDirectory() as work:
        (Path(work) / "debian").mkdir()
        (Path(work) / "debian" / "control").write_text("Source: x\n\nPackage: x\nArchitecture: any\n")
        try:
            result = subprocess.run(
                ["dpkg-shlibdeps", "-O", "--ignore-missing-info", *private, *map(str, files)],
                capture_output=True,
                text=True,
                check=False,
                cwd=work,
            )
        except FileNotFoundError:
            return {}
    if result.returncode != 0:
        print(f"debdeps: dpkg-shlibdeps failed, dependencies stay unversioned: {result.stderr.strip()[-300:]}",
              file=sys.stderr)
    clauses: dict[str, str] = {}
    for line in result.stdout.splitlines():
        if line.startswith("shlibs:Depends="):
            for item in line.partition("=")[2].split(","):
                name, _, version = item.strip().partition(" ")
                clauses[name] = version
    return clauses


def depends(bundle: Path) -> str:
    """The ``Depends:`` value for the bundle in ``bundle``."""
    files = elf_files(bundle.resolve())
    bundled = {path.name for path in bundle.resolve().rglob("*")}
    external = sorted({name for path in files for name in needed(path)} - bundled)
    libraries = system_libraries()
    missing = [name for name in external if name not in libraries]
    if missing:
        raise SystemExit(f"debdeps: this machine lacks {', '.join(missing)}; install them and build again")
    packages = sorted({owning_package(libraries[name]) for name in external})
    minimum = versions(files)
    return ", ".join(f"{package} {minimum.get(package, '')}".strip() for package in packages)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__.splitlines()[2])
    print(depends(Path(sys.argv[1])))
