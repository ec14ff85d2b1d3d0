"""The release feed: the newest release, its version and notes, from the GitHub Releases API.

``GET {feed_url}`` must answer one release object as ``/repos/OWNER/REPO/releases/latest`` does
(``tag_name``, ``name``, ``body``, ``html_url``, ``draft``, ``prerelease``, ``assets``), or a list of them as
``/releases`` does (the newest published, non-pre-release one is taken). The request carries no cookie, no
key and no identifier: a fixed User-Agent (GitHub's API requires one) and an Accept header. The feed is not
trusted for anything but the notice: a file is installed only after :mod:`.verify` has proven it.

The same host serves the signed update metadata and the release files. For GitHub,
``https://api.github.com/repos/OWNER/REPO/releases/latest`` gives metadata at
``https://github.com/OWNER/REPO/releases/download/update-metadata/`` and files at
``https://github.com/OWNER/REPO/releases/download/<tag>/<name>``. Any other feed URL is a mirror laid out
the same way beside it: ``<folder of the feed>/update-metadata/`` and ``<folder of the feed>/<tag>/<name>``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from app.core.gemini.transport import AsyncHttpClient, HttpError
from app.core.updates.errors import UpdateError, UpdateProblem
from app.core.versioning import Version, parse_version

DEFAULT_FEED_URL = "https://api.github.com/repos/gemini-desk/gemini-desk/releases/latest"
USER_AGENT = "gemini-desk-update-check"
FEED_LIMIT = 2 * 1024 * 1024  # a release list is a few kilobytes; anything this large is not a feed
FEED_TIMEOUT = 20.0
NOTES_LIMIT = 20_000  # characters of release notes shown
_GITHUB_API = re.compile(r"https://api\.github\.com/repos/([^/]+)/([^/]+)/releases(?:/latest)?/?")


@dataclass(frozen=True)
class Release:
    """One published release, as the feed describes it."""

    version: Version
    tag: str
    title: str
    notes: str
    page_url: str


@dataclass(frozen=True)
class UpdateSources:
    """Where the feed, the signed update metadata and the release files are."""

    feed_url: str
    metadata_url: str
    files_url: str

    @classmethod
    def from_feed_url(cls, feed_url: str) -> UpdateSources:
        """Derive the metadata and file locations from the feed's URL (see the module docstring)."""
        github = _GITHUB_API.fullmatch(feed_url)
        if github is not None:
            base = f"https://github.com/{github.group(1)}/{github.group(2)}/releases/download/"
        else:
            base = feed_url.rsplit("/", 1)[0] + "/"
        return cls(feed_url=feed_url, metadata_url=base + "update-metadata/", files_url=base)


def parse_feed(data: bytes) -> Release:
    """The newest stable release in a Releases API answer.

    Raises:
        UpdateError: BAD_FEED when the answer is not a release (or a list without a stable one).
    """
    try:
        decoded: Any = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise UpdateError(UpdateProblem.BAD_FEED, f"not JSON: {error}") from None
    candidates = decoded if isinstance(decoded, list) else [decoded]
    releases = [release for item in candidates if (release := _release(item)) is not None]
    if not releases:
        raise UpdateError(UpdateProblem.BAD_FEED, "no published stable release in the feed")
    return max(releases, key=lambda release: release.version)


def _release(item: Any) -> Release | None:
    if not isinstance(item, dict) or item.get("draft") or item.get("prerelease"):
        return None
    tag = item.get("tag_name")
    if not isinstance(tag, str):
        return None
    try:
        version = parse_version(tag)
    except ValueError:
        return None  # e.g. the "update-metadata" release that holds the signed metadata
    notes = item.get("body")
    title = item.get("name")
    page = item.get("html_url")
    return Release(
        version=version,
        tag=tag,
        title=title if isinstance(title, str) and title.strip() else f"Gemini Desk {version}",
        notes=(notes if isinstance(notes, str) else "")[:NOTES_LIMIT],
        page_url=page if isinstance(page, str) and page.startswith("https://") else "",
    )


async def fetch_latest(feed_url: str, http_options: dict[str, Any] | None = None) -> Release:
    """Ask the feed for the newest release.

    Args:
        feed_url: The Releases API URL (or a mirror's).
        http_options: HTTP client options for the proxy (``trust_env``, ``proxy``), as the chat uses.

    Raises:
        UpdateError: UNREACHABLE (no answer, HTTP error, too large) or BAD_FEED.
    """
    headers = {"User-Agent": USER_AGENT, "Accept": "application/vnd.github+json"}
    options = {**(http_options or {}), "timeout": FEED_TIMEOUT, "follow_redirects": True}
    try:
        async with (
            AsyncHttpClient(**options) as client,
            client.stream("GET", feed_url, headers=headers) as response,
        ):
            if response.status_code != 200:
                raise UpdateError(UpdateProblem.UNREACHABLE, f"HTTP {response.status_code}")
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body += chunk
                if len(body) > FEED_LIMIT:
                    raise UpdateError(UpdateProblem.BAD_FEED, f"the feed is larger than {FEED_LIMIT} bytes")
    except HttpError as error:
        raise UpdateError(UpdateProblem.UNREACHABLE, f"{type(error).__name__}: {error}") from None
    return parse_feed(bytes(body))
