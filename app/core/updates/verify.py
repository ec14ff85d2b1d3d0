"""Download a release file and prove it genuine with The Update Framework (python-tuf's ngclient).

The trust anchor is ``trusted_root.json`` built into the app (the public keys of the update repository's
roles, see ``packaging/release/update_metadata.py``). Before a file is used, TUF checks, in order: the
newest root (walking every published root version, each signed by the one before), a timestamp that has not
expired (freeze), a snapshot and targets list whose versions never go back (rollback) and agree with each
other (mix-and-match), every signature, and finally the file's length (the download stops there: a huge
file cannot fill the disk) and SHA-256. Only then does the file appear under its final name.

This runs blocking network and file I/O: call it off the GUI thread (``asyncio.to_thread``).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from app.core.gemini.transport import HttpClient
from app.core.updates.errors import UpdateError, UpdateProblem
from app.core.updates.feed import USER_AGENT

MAX_FILE_SIZE = 1024 * 1024 * 1024  # no release file is near 1 GB; a target claiming more is refused
_CHUNK = 256 * 1024
_TIMEOUT = 30.0

Progress = Callable[[int, int], None]
"""Called with (bytes received, bytes expected) while a file downloads."""


def trusted_root() -> bytes | None:
    """The update repository's root metadata built into this app, or None when this build has none.

    A build without it (before the project's update keys exist, or a build from source) only notifies.
    """
    try:
        return resources.files("app.core.updates").joinpath("trusted_root.json").read_bytes()
    except (FileNotFoundError, OSError):
        return None


def _fetcher(http_options: dict[str, Any], progress: Progress | None) -> Any:
    from tuf.api.exceptions import DownloadHTTPError
    from tuf.ngclient.fetcher import FetcherInterface

    class HttpxFetcher(FetcherInterface):
        """TUF's downloads through httpx (the app's proxy settings), reporting target progress."""

        def __init__(self) -> None:
            self.expected = 0  # set before a target download; metadata downloads report nothing

        def _fetch(self, url: str) -> Iterator[bytes]:
            options = {**http_options, "timeout": _TIMEOUT, "follow_redirects": True}
            with (
                HttpClient(**options) as client,
                client.stream("GET", url, headers={"User-Agent": USER_AGENT}) as response,
            ):
                if response.status_code != 200:
                    raise DownloadHTTPError(f"HTTP {response.status_code} for {url}", response.status_code)
                received = 0
                for chunk in response.iter_bytes(_CHUNK):
                    received += len(chunk)
                    if self.expected and progress is not None:
                        progress(min(received, self.expected), self.expected)
                    yield chunk

    return HttpxFetcher()


def download_verified(
    *,
    target_path: str,
    metadata_url: str,
    files_url: str,
    cache_dir: Path,
    destination: Path,
    trusted_root_bytes: bytes | None,
    http_options: dict[str, Any] | None = None,
    progress: Progress | None = None,
    max_size: int = MAX_FILE_SIZE,
) -> tuple[Path, dict[str, Any]]:
    """Download ``target_path`` (``v0.2.0/<file>``) into ``destination`` once TUF has proven it.

    Args:
        target_path: The file's path in the signed targets list.
        metadata_url: Where the signed metadata is (``…/update-metadata/``).
        files_url: The base the target path is appended to.
        cache_dir: The trusted metadata kept between checks (TUF's rollback protection lives there).
        destination: The folder the verified file lands in; nothing appears there on any failure.
        trusted_root_bytes: The root metadata built into the app.
        http_options: HTTP proxy options (``trust_env``, ``proxy``).
        progress: Download progress callback.
        max_size: The largest file accepted at all.

    Returns:
        The verified file and the target's ``custom`` fields (``version``).

    Raises:
        UpdateError: With the reason the file cannot be trusted or fetched.
    """
    from securesystemslib.exceptions import UnverifiedSignatureError
    from tuf.api import exceptions as tuf_errors
    from tuf.ngclient.config import UpdaterConfig
    from tuf.ngclient.updater import Updater

    if trusted_root_bytes is None:
        raise UpdateError(UpdateProblem.NO_TRUST_ROOT, "this build carries no update key")
    metadata_dir = cache_dir / "metadata"
    partial_dir = cache_dir / "partial"
    for folder in (metadata_dir, partial_dir, destination):
        folder.mkdir(parents=True, exist_ok=True)
    fetcher = _fetcher(http_options or {}, progress)
    try:
        updater = Updater(
            metadata_dir=str(metadata_dir),
            metadata_base_url=metadata_url,
            target_dir=str(partial_dir),
            target_base_url=files_url,
            fetcher=fetcher,
            config=UpdaterConfig(prefix_targets_with_hash=False, app_user_agent=USER_AGENT),
            bootstrap=trusted_root_bytes,
        )
        updater.refresh()
        info = updater.get_targetinfo(target_path)
        if info is None:
            raise UpdateError(UpdateProblem.NOT_SIGNED, f"{target_path} is not in the signed targets")
        if info.length > max_size:
            raise UpdateError(UpdateProblem.TOO_LARGE, f"{target_path} claims {info.length} bytes")
        fetcher.expected = info.length
        partial = Path(updater.download_target(info, str(partial_dir / Path(target_path).name)))
    except UpdateError:
        raise
    except tuf_errors.ExpiredMetadataError as error:
        raise UpdateError(UpdateProblem.EXPIRED, str(error)) from None
    except tuf_errors.BadVersionNumberError as error:
        raise UpdateError(UpdateProblem.ROLLBACK, str(error)) from None
    except (tuf_errors.LengthOrHashMismatchError, tuf_errors.DownloadLengthMismatchError) as error:
        _remove_partials(partial_dir)
        raise UpdateError(UpdateProblem.TAMPERED, str(error)) from None
    except (tuf_errors.UnsignedMetadataError, UnverifiedSignatureError) as error:
        raise UpdateError(UpdateProblem.NOT_SIGNED, str(error)) from None
    except tuf_errors.DownloadError as error:
        raise UpdateError(UpdateProblem.UNREACHABLE, str(error)) from None
    except tuf_errors.RepositoryError as error:
        raise UpdateError(UpdateProblem.NOT_SIGNED, f"{type(error).__name__}: {error}") from None
    except OSError as error:
        raise UpdateError(UpdateProblem.UNREACHABLE, f"{type(error).__name__}: {error}") from None
    final = destination / partial.name
    shutil.move(partial, final)
    custom = info.unrecognized_fields.get("custom", {})
    return final, custom if isinstance(custom, dict) else {}


def _remove_partials(folder: Path) -> None:
    for path in folder.iterdir():
        if path.is_file():
            path.unlink(missing_ok=True)
