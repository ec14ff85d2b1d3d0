"""The update check and download, as the app uses them: newer than this copy, for this install, verified."""

from __future__ import annotations

import asyncio
import platform
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app import __version__
from app.core.settings import Settings
from app.core.updates.errors import UpdateError, UpdateProblem
from app.core.updates.feed import DEFAULT_FEED_URL, Release, UpdateSources, fetch_latest
from app.core.updates.install_kind import InstallKind, detect_install_kind, release_arch, update_file_name
from app.core.updates.verify import Progress, download_verified, trusted_root
from app.core.versioning import Version, parse_version


@dataclass(frozen=True)
class UpdateOffer:
    """A newer release, and the file this install would update itself from (None: notify only)."""

    release: Release
    file_name: str | None

    @property
    def target_path(self) -> str:
        """The file's path in the signed targets list."""
        return f"{self.release.tag}/{self.file_name}"


class UpdateChecker:
    """Finds a newer release and downloads its file for this install, verified, without installing it."""

    def __init__(
        self,
        *,
        sources: UpdateSources,
        current: Version,
        kind: InstallKind,
        arch: str,
        cache_dir: Path,
        trusted_root: bytes | None,
        http_options: dict[str, Any] | None = None,
    ) -> None:
        self._sources = sources
        self._current = current
        self._kind = kind
        self._arch = arch
        self._cache_dir = cache_dir
        self._trusted_root = trusted_root
        self._http_options = dict(http_options or {})

    @property
    def kind(self) -> InstallKind:
        """How this copy was installed."""
        return self._kind

    async def check(self) -> UpdateOffer | None:
        """The newest release if it is newer than this copy (an older or equal one is never offered).

        Raises:
            UpdateError: UNREACHABLE or BAD_FEED.
        """
        release = await fetch_latest(self._sources.feed_url, self._http_options)
        if not release.version > self._current:
            return None
        file_name = None
        if self._kind.updates_itself and self._trusted_root is not None:
            file_name = update_file_name(self._kind, str(release.version), self._arch)
        return UpdateOffer(release=release, file_name=file_name)

    async def download(self, offer: UpdateOffer, progress: Progress | None = None) -> Path:
        """Download and verify the offer's file into the update folder; return it (not installed).

        ``progress`` is called on the event loop's thread.

        Raises:
            UpdateError: The file cannot be fetched or trusted; nothing is left in the update folder.
        """
        if offer.file_name is None:
            raise UpdateError(UpdateProblem.NO_TRUST_ROOT, f"{self._kind.value} installs only notify")
        loop = asyncio.get_running_loop()

        def report(received: int, expected: int) -> None:
            if progress is not None:
                loop.call_soon_threadsafe(progress, received, expected)

        staged = self._cache_dir / "staged"
        path, custom = await asyncio.to_thread(
            download_verified,
            target_path=offer.target_path,
            metadata_url=self._sources.metadata_url,
            files_url=self._sources.files_url,
            cache_dir=self._cache_dir,
            destination=staged,
            trusted_root_bytes=self._trusted_root,
            http_options=self._http_options,
            progress=report,
        )
        if custom.get("version") != str(offer.release.version):
            # Signed, but for another version than the feed announced: never install a mixed-up release.
            path.unlink(missing_ok=True)
            raise UpdateError(UpdateProblem.NOT_SIGNED, f"{offer.target_path} is signed as {custom!r}")
        return path


def checker_for_this_app(settings: Settings, environ: Mapping[str, str], cache_dir: Path) -> UpdateChecker:
    """The checker for this running copy: its version, install kind, architecture, proxy and trust root."""
    from app.core.gemini.client import httpx_client_options
    from app.core.gemini.config import ClientConfig, ProxyConfig

    proxy = ProxyConfig(mode=settings.proxy_mode, url=settings.proxy_url or None)
    try:
        options = httpx_client_options(ClientConfig("", "", proxy=proxy))
    except Exception:  # an unusable proxy setting: the chat reports it; updates use the system's proxy
        options = {}
    return UpdateChecker(
        sources=UpdateSources.from_feed_url(settings.update_feed_url or DEFAULT_FEED_URL),
        current=parse_version(__version__),
        kind=detect_install_kind(Path(sys.executable), environ, frozen=bool(getattr(sys, "frozen", False))),
        arch=release_arch(platform.machine(), sys.platform),
        cache_dir=cache_dir,
        trusted_root=trusted_root(),
        http_options={key: options[key] for key in ("trust_env", "proxy") if key in options},
    )
