"""The app's version numbers: parsing, ordering, and the spelling each package format needs.

Versions follow a small part of PEP 440: ``X.Y.Z`` with an optional pre-release ``aN``, ``bN`` or ``rcN``
(``0.2.0rc1``). ``app/__init__.py`` holds the one version; every package format spells it its own way, and
a wrong spelling sorts a release candidate after the release or breaks a build tool:

- Debian and rpm sort ``~`` before anything, so ``0.2.0rc1`` becomes ``0.2.0~rc1`` (``0.2.0~rc1 < 0.2.0``);
- Windows version resources (Inno Setup's ``VersionInfoVersion``, the exe's file version) take four
  numbers: the fourth orders the stage (``a`` 10000+N, ``b`` 20000+N, ``rc`` 30000+N, a release 40000);
- macOS's ``CFBundleShortVersionString`` takes three numbers only.

The update check compares versions with the same ordering (a pre-release is older than its release).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PATTERN = re.compile(r"v?(\d+)\.(\d+)\.(\d+)(?:(a|b|rc)(\d+))?")
# The stage's rank: pre-releases sort before the release they lead to.
_STAGES = {"a": 1, "b": 2, "rc": 3, None: 4}
_WINDOWS_STAGE = 10000


@dataclass(frozen=True)
class Version:
    """A parsed version; instances order as the releases do."""

    major: int
    minor: int
    patch: int
    stage: str | None = None
    number: int = 0

    def _key(self) -> tuple[int, int, int, int, int]:
        return (self.major, self.minor, self.patch, _STAGES[self.stage], self.number)

    def __lt__(self, other: Version) -> bool:
        return self._key() < other._key()

    def __le__(self, other: Version) -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: Version) -> bool:
        return self._key() > other._key()

    def __ge__(self, other: Version) -> bool:
        return self._key() >= other._key()

    def __str__(self) -> str:
        suffix = f"{self.stage}{self.number}" if self.stage else ""
        return f"{self.major}.{self.minor}.{self.patch}{suffix}"

    def debian(self) -> str:
        """The Debian (and rpm) spelling: ``0.2.0~rc1``, which sorts before ``0.2.0``."""
        suffix = f"~{self.stage}{self.number}" if self.stage else ""
        return f"{self.major}.{self.minor}.{self.patch}{suffix}"

    def windows(self) -> str:
        """Four numbers for Windows version resources, ordered like the releases."""
        return f"{self.major}.{self.minor}.{self.patch}.{self.windows_numbers()[3]}"

    def windows_numbers(self) -> tuple[int, int, int, int]:
        """:meth:`windows` as numbers (PyInstaller's version resource wants a tuple)."""
        stage = _STAGES[self.stage] * _WINDOWS_STAGE + (self.number if self.stage else 0)
        return (self.major, self.minor, self.patch, stage)

    def macos(self) -> str:
        """Three numbers for ``CFBundleShortVersionString`` (a pre-release shares its release's numbers)."""
        return f"{self.major}.{self.minor}.{self.patch}"


def parse_version(text: str) -> Version:
    """Parse ``X.Y.Z`` with an optional ``aN``/``bN``/``rcN`` (a leading ``v``, as in tags, is allowed).

    Raises:
        ValueError: ``text`` is not such a version.
    """
    match = _PATTERN.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a version: {text!r}")
    major, minor, patch, stage, number = match.groups()
    return Version(int(major), int(minor), int(patch), stage, int(number) if number else 0)
