"""Updates end to end against a signed feed on 127.0.0.1: only a genuine, newer file is ever offered.

Every test downloads into a temporary folder at most; nothing is installed.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.updates.checker import UpdateChecker, UpdateOffer
from app.core.updates.errors import UpdateError, UpdateProblem
from app.core.updates.feed import UpdateSources, parse_feed
from app.core.updates.install_kind import InstallKind, appimage_name
from app.core.versioning import parse_version
from tests.helpers.update_feed import UpdateFeed

CURRENT = "0.2.0"
NEW = "0.3.0"
FILE = appimage_name(NEW, "x86_64")
PAYLOAD = b"\x7fELF new AppImage " * 5000


@pytest.fixture
def feed(tmp_path: Path) -> Iterator[UpdateFeed]:
    served = UpdateFeed(tmp_path / "repository")
    try:
        yield served
    finally:
        served.stop()


def checker(feed: UpdateFeed, cache: Path, *, kind: InstallKind = InstallKind.APPIMAGE) -> UpdateChecker:
    return UpdateChecker(
        sources=UpdateSources.from_feed_url(feed.feed_url),
        current=parse_version(CURRENT),
        kind=kind,
        arch="x86_64",
        cache_dir=cache,
        trusted_root=feed.trusted_root(),
        http_options={"trust_env": False},
    )


def check(updates: UpdateChecker) -> UpdateOffer | None:
    return asyncio.run(updates.check())


def download(updates: UpdateChecker, offer: UpdateOffer) -> tuple[Path, list[tuple[int, int]]]:
    seen: list[tuple[int, int]] = []

    async def run() -> Path:
        return await updates.download(offer, lambda got, total: seen.append((got, total)))

    return asyncio.run(run()), seen


def staged_files(cache: Path) -> list[Path]:
    return [p for p in (cache / "staged").rglob("*") if p.is_file()] if (cache / "staged").exists() else []


def test_a_good_release_is_offered_with_its_notes_and_downloads_verified_with_progress(
    feed: UpdateFeed, tmp_path: Path
) -> None:
    feed.publish(NEW, {FILE: PAYLOAD}, notes="## New\n- Faster start")
    updates = checker(feed, tmp_path / "cache")

    offer = check(updates)
    assert offer is not None
    assert str(offer.release.version) == NEW and "Faster start" in offer.release.notes
    assert offer.file_name == FILE

    path, progress = download(updates, offer)
    assert path.read_bytes() == PAYLOAD
    assert path.parent == tmp_path / "cache" / "staged"
    assert progress and progress[-1] == (len(PAYLOAD), len(PAYLOAD))
    assert [got for got, _ in progress] == sorted(got for got, _ in progress)
    # The feed request carries nothing that identifies the user or the install.
    assert feed.requests[0] == "/latest.json"


def test_a_tampered_file_is_refused_and_nothing_is_left(feed: UpdateFeed, tmp_path: Path) -> None:
    feed.publish(NEW, {FILE: PAYLOAD})
    tampered = bytearray(PAYLOAD)
    tampered[100] ^= 0xFF  # same length, other bytes
    (feed.folder / f"v{NEW}" / FILE).write_bytes(bytes(tampered))
    updates = checker(feed, tmp_path / "cache")
    offer = check(updates)
    assert offer is not None

    with pytest.raises(UpdateError) as caught:
        download(updates, offer)
    assert caught.value.problem is UpdateProblem.TAMPERED
    assert staged_files(tmp_path / "cache") == []


def test_metadata_signed_with_a_key_the_app_does_not_trust_is_refused(
    feed: UpdateFeed, tmp_path: Path
) -> None:
    from securesystemslib.signer import CryptoSigner  # type: ignore[attr-defined]  # exported, not in __all__

    impostor = CryptoSigner.generate_ed25519()
    feed.signers = {**feed.signers, "targets": impostor}  # an attacker who has the server, not the key
    feed.publish(NEW, {FILE: PAYLOAD})
    updates = checker(feed, tmp_path / "cache")
    offer = check(updates)
    assert offer is not None

    with pytest.raises(UpdateError) as caught:
        download(updates, offer)
    assert caught.value.problem is UpdateProblem.NOT_SIGNED
    assert staged_files(tmp_path / "cache") == []


def test_an_older_or_equal_release_is_never_offered(feed: UpdateFeed, tmp_path: Path) -> None:
    feed.publish("0.1.9", {appimage_name("0.1.9", "x86_64"): PAYLOAD})
    assert check(checker(feed, tmp_path / "cache")) is None
    feed.announce(CURRENT)
    assert check(checker(feed, tmp_path / "cache")) is None


def test_metadata_rolled_back_to_an_older_version_is_refused(feed: UpdateFeed, tmp_path: Path) -> None:
    old_metadata = tmp_path / "old-metadata"
    shutil.copytree(feed.metadata, old_metadata)
    feed.publish(NEW, {FILE: PAYLOAD})
    updates = checker(feed, tmp_path / "cache")
    offer = check(updates)
    assert offer is not None
    download(updates, offer)  # the app now trusts the newer metadata

    # A mirror replays the earlier (validly signed) metadata.
    shutil.rmtree(feed.metadata)
    shutil.copytree(old_metadata, feed.metadata)
    with pytest.raises(UpdateError) as caught:
        download(updates, offer)
    assert caught.value.problem is UpdateProblem.ROLLBACK


def test_a_signed_file_of_another_version_is_not_installed_as_the_announced_one(
    feed: UpdateFeed, tmp_path: Path
) -> None:
    feed.publish(NEW, {FILE: PAYLOAD})
    # The feed claims 0.4.0 and the 0.3.0 file is copied to the 0.4.0 place: signed, but not for 0.4.0.
    (feed.folder / "v0.4.0").mkdir()
    (feed.folder / "v0.4.0" / appimage_name("0.4.0", "x86_64")).write_bytes(PAYLOAD)
    feed.announce("0.4.0")
    updates = checker(feed, tmp_path / "cache")
    offer = check(updates)
    assert offer is not None
    with pytest.raises(UpdateError) as caught:
        download(updates, offer)
    assert caught.value.problem is UpdateProblem.NOT_SIGNED


def test_an_unreachable_feed_is_a_quiet_error(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens there
    updates = UpdateChecker(
        sources=UpdateSources.from_feed_url(f"http://127.0.0.1:{port}/latest.json"),
        current=parse_version(CURRENT),
        kind=InstallKind.APPIMAGE,
        arch="x86_64",
        cache_dir=tmp_path,
        trusted_root=None,
        http_options={"trust_env": False},
    )
    with pytest.raises(UpdateError) as caught:
        check(updates)
    assert caught.value.problem is UpdateProblem.UNREACHABLE


def test_a_file_larger_than_signed_stops_at_the_signed_length(feed: UpdateFeed, tmp_path: Path) -> None:
    feed.publish(NEW, {FILE: PAYLOAD})
    # The server sends far more than the signed length (an endless file, as far as the client knows).
    (feed.folder / f"v{NEW}" / FILE).write_bytes(PAYLOAD + b"\0" * (8 * 1024 * 1024))
    updates = checker(feed, tmp_path / "cache")
    offer = check(updates)
    assert offer is not None
    with pytest.raises(UpdateError) as caught:
        download(updates, offer)
    assert caught.value.problem is UpdateProblem.TAMPERED
    assert staged_files(tmp_path / "cache") == []
    partial = tmp_path / "cache" / "partial"
    assert sum(p.stat().st_size for p in partial.iterdir()) == 0


def test_a_target_claiming_a_huge_size_is_refused_before_downloading(
    feed: UpdateFeed, tmp_path: Path
) -> None:
    from app.core.updates import verify

    feed.publish(NEW, {FILE: PAYLOAD})
    before = len(feed.requests)
    with pytest.raises(UpdateError) as caught:
        verify.download_verified(
            target_path=f"v{NEW}/{FILE}",
            metadata_url=UpdateSources.from_feed_url(feed.feed_url).metadata_url,
            files_url=UpdateSources.from_feed_url(feed.feed_url).files_url,
            cache_dir=tmp_path / "cache",
            destination=tmp_path / "cache" / "staged",
            trusted_root_bytes=feed.trusted_root(),
            http_options={"trust_env": False},
            max_size=len(PAYLOAD) - 1,
        )
    assert caught.value.problem is UpdateProblem.TOO_LARGE
    assert not any(path.startswith(f"/v{NEW}/") for path in feed.requests[before:])


def test_packaged_installs_only_notify(feed: UpdateFeed, tmp_path: Path) -> None:
    feed.publish(NEW, {FILE: PAYLOAD})
    for kind in (InstallKind.DEB, InstallKind.RPM, InstallKind.FLATPAK, InstallKind.OTHER):
        offer = check(checker(feed, tmp_path / kind.value, kind=kind))
        assert offer is not None and offer.file_name is None
    assert not any(path.startswith(f"/v{NEW}/") for path in feed.requests)


def test_the_feed_takes_the_newest_stable_release_from_a_list() -> None:
    releases = [
        {"tag_name": "update-metadata", "prerelease": True},
        {"tag_name": "v0.4.0rc1", "prerelease": True, "body": "candidate"},
        {"tag_name": "v0.3.1", "body": "patch", "html_url": "https://example.invalid/v0.3.1"},
        {"tag_name": "v0.3.0", "body": "minor"},
        {"tag_name": "v9.9.9", "draft": True},
    ]
    release = parse_feed(json.dumps(releases).encode())
    assert str(release.version) == "0.3.1" and release.notes == "patch"
    with pytest.raises(UpdateError):
        parse_feed(b"<html>rate limited</html>")


def test_sources_follow_the_github_layout_or_a_mirror_beside_the_feed() -> None:
    github = UpdateSources.from_feed_url(
        "https://api.github.com/repos/gemini-desk/gemini-desk/releases/latest"
    )
    assert (
        github.metadata_url == "https://github.com/gemini-desk/gemini-desk/releases/download/update-metadata/"
    )
    assert github.files_url == "https://github.com/gemini-desk/gemini-desk/releases/download/"
    mirror = UpdateSources.from_feed_url("https://mirror.example/gd/latest.json")
    assert mirror.metadata_url == "https://mirror.example/gd/update-metadata/"
