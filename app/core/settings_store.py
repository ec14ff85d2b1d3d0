"""Reading and writing the settings file: atomic saves, and repairs that never lose the user's data.

Loading never fails. A missing file gives the defaults; a file that is not JSON is renamed aside
(``settings.json.broken-<timestamp>``) so the user's data is not lost, and the defaults are used; a field with
a wrong type or an out-of-range value falls back to its default while the other fields are kept, and the file
as it was is copied aside the same way, because the next save writes the defaults over the wrong values. Every
repair is logged and reported in ``SettingsStore.last_warnings``; ``SettingsStore.repair`` says what happened
in terms the UI can translate and show once. The copies are private files, like the settings file itself.

Neither the file nor its copies hold the proxy's password (``app.core.proxy_password`` keeps it in the
keyring): a password found in a file of an older version is written back only until the keyring took it.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

from app.core.private_files import restrict, write_atomically
from app.core.proxy_credentials import scrub_credentials, split_password, without_password
from app.core.settings import Settings, settings_from_dict, settings_to_dict

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SettingsRepair:
    """What loading had to repair, for a notice the UI shows once.

    Attributes:
        reset_fields: Fields of ``Settings`` whose stored value could not be used and now has its default
            (window placement is left out: resetting it needs no explanation).
        kept_as: The name of the copy of the file as it was, next to it; empty if none was made.
        unreadable: The file could not be read at all (``reason`` says why); the defaults are in use.
        reason: The system's reason for ``unreadable``, or why the copy could not be made.
    """

    reset_fields: tuple[str, ...] = ()
    kept_as: str = ""
    unreadable: bool = False
    reason: str = ""

    @property
    def gateway_uncertain(self) -> bool:
        """Whether the gateway the user chose is unknown: the default address now stands in for it."""
        return self.unreadable or "base_url" in self.reset_fields


class SettingsStore:
    """Reads and writes the settings file.

    Args:
        path: The settings file, usually ``AppPaths.settings_path``.

    Attributes:
        legacy_proxy_url: The proxy URL, password included, when the file ``load`` read held the password
            (an older version wrote it there); "" otherwise. Until the password is in the keyring
            (``app.core.proxy_password``) and this is cleared, saving settings with this very URL writes it
            back, so that a missing keyring never loses it; any other proxy URL is written without password.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.last_warnings: list[str] = []
        self.repair: SettingsRepair | None = None
        self.legacy_proxy_url = ""

    def load(self) -> Settings:
        """Read the settings; never raises.

        Returns:
            The stored settings, repaired where needed (see the module docstring). What was repaired is in
            ``last_warnings``.
        """
        self.last_warnings = []
        self.repair = None
        self.legacy_proxy_url = ""
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return Settings()
        except OSError as exc:
            # Moved aside like a corrupt file, so the next save cannot replace what could not be read.
            reason = exc.strerror or type(exc).__name__
            self._warn(f"could not read {self.path.name} ({reason}); using defaults")
            self.repair = self._set_aside(reason)
            return Settings()
        try:
            raw = json.loads(data.decode("utf-8"))
        except ValueError:  # includes UnicodeDecodeError
            raw = None
        if not isinstance(raw, dict):
            self.repair = self._set_aside("")
            return Settings()
        settings, invalid = settings_from_dict(raw)
        if split_password(settings.proxy_url)[1]:
            self.legacy_proxy_url = settings.proxy_url
        for name in invalid:
            self._warn(f"{name}: invalid stored value, using the default")
        reset = tuple(name for name in invalid if not name.startswith("window"))
        if reset:
            self.repair = self._copy_aside(_without_proxy_password(data, raw), reset)
        return settings

    def save(self, settings: Settings) -> None:
        """Write the settings atomically: a crash leaves either the old file or the new one, never half.

        Raises:
            OSError: The file could not be written (the old file is then unchanged).
        """
        keep = bool(self.legacy_proxy_url) and settings.proxy_url == self.legacy_proxy_url
        data = settings_to_dict(settings, keep_proxy_password=keep)
        write_atomically(self.path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))

    def _aside_name(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.broken-{stamp}")
        counter = 1
        while target.exists():
            counter += 1
            target = self.path.with_name(f"{self.path.name}.broken-{stamp}-{counter}")
        return target

    def _set_aside(self, read_error: str) -> SettingsRepair:
        target = self._aside_name()
        try:
            os.replace(self.path, target)
        except OSError as exc:
            reason = read_error or exc.strerror or type(exc).__name__
            self._warn(f"{self.path.name} could not be moved aside ({exc.strerror or type(exc).__name__})")
            return SettingsRepair(unreadable=True, reason=reason)
        restrict(target)
        _scrub_file(target)
        self._warn(f"{self.path.name} was not usable; kept it as {target.name} and used the defaults")
        return SettingsRepair(unreadable=True, kept_as=target.name, reason=read_error)

    def _copy_aside(self, data: bytes, reset: tuple[str, ...]) -> SettingsRepair:
        target = self._aside_name()
        try:
            write_atomically(target, data)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            self._warn(f"could not keep a copy of {self.path.name} before repairing it ({reason})")
            return SettingsRepair(reset_fields=reset, reason=reason)
        self._warn(f"kept {self.path.name} as it was (less any proxy password) in {target.name}")
        return SettingsRepair(reset_fields=reset, kept_as=target.name)

    def _warn(self, message: str) -> None:
        log.warning("settings: %s", message)
        self.last_warnings.append(message)


def _without_proxy_password(data: bytes, raw: dict[str, object]) -> bytes:
    """The settings file ``data`` (decoded: ``raw``) as it was, but for the proxy URL's password."""
    url = raw.get("proxy_url")
    if not isinstance(url, str) or not split_password(url)[1]:
        return data
    scrubbed = scrub_credentials(data.decode("utf-8"))
    try:
        clean = json.loads(scrubbed).get("proxy_url") == without_password(url)
    except (ValueError, AttributeError):
        clean = False
    if clean:
        return scrubbed.encode("utf-8")
    # Written in a way the pattern does not see through (escapes): the copy is written anew instead.
    kept = {**raw, "proxy_url": without_password(url)}
    return (json.dumps(kept, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _scrub_file(path: Path) -> None:
    """Remove proxy passwords from a settings file set aside because it was not JSON (best effort)."""
    try:
        text = path.read_bytes().decode("utf-8", "surrogateescape")
        scrubbed = scrub_credentials(text)
        if scrubbed != text:
            write_atomically(path, scrubbed.encode("utf-8", "surrogateescape"))
    except OSError as exc:
        log.warning("settings: could not check %s for a proxy password (%s)", path.name, exc.strerror)
