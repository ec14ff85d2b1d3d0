#!/usr/bin/env python3
"""The update repository: TUF metadata that proves which release files are genuine.

The app verifies every update it downloads with The Update Framework (python-tuf): four signed roles,
each with its own Ed25519 key, kept in one folder published beside the releases:

- ``root``: the keys of every role. Its key is kept **offline** (never a CI secret); ``N.root.json`` are
  all versions ever published, so an app that trusts version 1 can walk to the newest key set;
- ``targets``: every release file's length and SHA-256, with the app version it belongs to;
- ``snapshot``: the current version of ``targets`` (no mixing of old and new target lists);
- ``timestamp``: the current ``snapshot``, re-signed weekly with a two-week expiry, so a mirror that
  replays old metadata (a freeze attack) is noticed within two weeks.

The client refuses metadata whose version goes backwards (rollback), whose expiry has passed (freeze),
whose roles disagree (mix-and-match), whose signatures fail, and files whose length or hash differ.

Commands (keys are PEM files, or the PEM text in the environment variables the workflow fills from its
secrets: ``TUF_TARGETS_KEY``, ``TUF_SNAPSHOT_KEY``, ``TUF_TIMESTAMP_KEY``):

    update_metadata.py init KEY_DIR METADATA_DIR       new keys for the four roles (private, 0600) and
                                                       1.root.json; copy root.json into the app
    update_metadata.py add METADATA_DIR RELEASE_DIR TAG
                                                       add RELEASE_DIR's files as TAG/<file>, re-sign
                                                       targets, snapshot and timestamp
    update_metadata.py refresh-timestamp METADATA_DIR  a new timestamp with a fresh expiry
    update_metadata.py rotate METADATA_DIR ROLE NEW_KEY_PEM OLD_ROOT_KEY [NEW_ROOT_KEY]
                                                       a new root with ROLE's key replaced, signed by
                                                       the old root key (and the new one for ROLE root)

packaging/README.md ("Update keys") says when to run which, and what happens when a key is lost.
"""

from __future__ import annotations

import hashlib
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.serialization import load_pem_private_key
from securesystemslib.signer import CryptoSigner, Signer
from tuf.api.metadata import (
    SPECIFICATION_VERSION,
    Metadata,
    MetaFile,
    Role,
    Root,
    Snapshot,
    TargetFile,
    Targets,
    Timestamp,
)
from tuf.api.serialization.json import JSONSerializer

ROLES = ("root", "targets", "snapshot", "timestamp")
EXPIRY = {
    "root": timedelta(days=365),
    "targets": timedelta(days=365),
    "snapshot": timedelta(days=365),
    "timestamp": timedelta(days=14),
}
KEY_VARIABLES = {
    "targets": "TUF_TARGETS_KEY",
    "snapshot": "TUF_SNAPSHOT_KEY",
    "timestamp": "TUF_TIMESTAMP_KEY",
}
_SERIALIZER = JSONSerializer(compact=False)


def _expiry(role: str, now: datetime | None = None) -> datetime:
    return (now or datetime.now(UTC)).replace(microsecond=0) + EXPIRY[role]


def load_signer(source: str) -> Signer:
    """A signer from a PEM file path or PEM text (an environment variable's value)."""
    text = source.encode() if source.lstrip().startswith("-----BEGIN") else Path(source).read_bytes()
    return CryptoSigner(load_pem_private_key(text, password=None))


def signer_from_environment(role: str) -> Signer:
    """The signer of ``role`` from its ``TUF_*_KEY`` variable.

    Raises:
        SystemExit: the variable is empty (the workflow then publishes without update metadata).
    """
    value = os.environ.get(KEY_VARIABLES[role], "")
    if not value.strip():
        raise SystemExit(f"update_metadata: {KEY_VARIABLES[role]} is not set")
    return load_signer(value)


def _write(metadata: Metadata, path: Path) -> None:
    path.write_bytes(metadata.to_bytes(_SERIALIZER))


def _newest_root(folder: Path) -> tuple[int, Metadata[Root]]:
    versions = sorted(int(path.name.split(".")[0]) for path in folder.glob("*.root.json"))
    if not versions:
        raise SystemExit(f"update_metadata: no N.root.json in {folder}")
    return versions[-1], Metadata[Root].from_file(str(folder / f"{versions[-1]}.root.json"))


def init(key_dir: Path, metadata_dir: Path, now: datetime | None = None) -> dict[str, Signer]:
    """Create a key per role in ``key_dir`` and the first metadata in ``metadata_dir``; return the signers."""
    key_dir.mkdir(parents=True, exist_ok=True)
    metadata_dir.mkdir(parents=True, exist_ok=True)
    signers: dict[str, Signer] = {}
    root = Root(expires=_expiry("root", now), consistent_snapshot=False)
    for role in ROLES:
        signer = CryptoSigner.generate_ed25519()
        path = key_dir / f"{role}.pem"
        path.touch(mode=0o600)
        path.write_bytes(signer.private_bytes)
        root.add_key(signer.public_key, role)
        signers[role] = signer
    root_metadata = Metadata(root)
    root_metadata.sign(signers["root"])
    _write(root_metadata, metadata_dir / "1.root.json")
    _write(root_metadata, metadata_dir / "root.json")
    targets = Metadata(Targets(expires=_expiry("targets", now)))
    targets.sign(signers["targets"])
    _write(targets, metadata_dir / "targets.json")
    _resign_snapshot_and_timestamp(metadata_dir, signers["snapshot"], signers["timestamp"], now)
    return signers


def add_release(
    metadata_dir: Path,
    release_dir: Path,
    tag: str,
    version: str,
    signers: dict[str, Signer],
    now: datetime | None = None,
) -> list[str]:
    """Add every file of ``release_dir`` as ``tag/<name>`` and re-sign; return the target paths added."""
    targets = Metadata[Targets].from_file(str(metadata_dir / "targets.json"))
    added = []
    for path in sorted(p for p in release_dir.iterdir() if p.is_file()):
        name = f"{tag}/{path.name}"
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        targets.signed.targets[name] = TargetFile(
            length=path.stat().st_size,
            hashes={"sha256": digest},
            path=name,
            unrecognized_fields={"custom": {"version": version}},
        )
        added.append(name)
    targets.signed.version += 1
    targets.signed.expires = _expiry("targets", now)
    targets.signatures.clear()
    targets.sign(signers["targets"])
    _write(targets, metadata_dir / "targets.json")
    _resign_snapshot_and_timestamp(metadata_dir, signers["snapshot"], signers["timestamp"], now)
    return added


def _resign_snapshot_and_timestamp(
    metadata_dir: Path, snapshot_signer: Signer, timestamp_signer: Signer, now: datetime | None = None
) -> None:
    targets = Metadata[Targets].from_file(str(metadata_dir / "targets.json"))
    snapshot_path = metadata_dir / "snapshot.json"
    version = (
        Metadata[Snapshot].from_file(str(snapshot_path)).signed.version + 1 if snapshot_path.exists() else 1
    )
    snapshot = Metadata(
        Snapshot(
            version=version,
            expires=_expiry("snapshot", now),
            meta={"targets.json": MetaFile(version=targets.signed.version)},
        )
    )
    snapshot.sign(snapshot_signer)
    _write(snapshot, snapshot_path)
    refresh_timestamp(metadata_dir, timestamp_signer, now)


def refresh_timestamp(metadata_dir: Path, signer: Signer, now: datetime | None = None) -> None:
    """Write a timestamp for the current snapshot, one version up, expiring two weeks from ``now``."""
    snapshot = Metadata[Snapshot].from_file(str(metadata_dir / "snapshot.json"))
    path = metadata_dir / "timestamp.json"
    version = Metadata[Timestamp].from_file(str(path)).signed.version + 1 if path.exists() else 1
    timestamp = Metadata(
        Timestamp(
            version=version,
            expires=_expiry("timestamp", now),
            snapshot_meta=MetaFile(version=snapshot.signed.version),
        )
    )
    timestamp.sign(signer)
    _write(timestamp, path)


def rotate(metadata_dir: Path, role: str, new_key: Signer, old_root: Signer, new_root: Signer | None) -> int:
    """Publish root version N+1 with ``role``'s key replaced by ``new_key``; return N+1.

    A new root must be signed by the keys of the old root (so clients trust it) and, when the root key
    itself changes, by the new root key too.
    """
    version, root = _newest_root(metadata_dir)
    role_entry: Role = root.signed.roles[role]
    for keyid in list(role_entry.keyids):
        root.signed.revoke_key(keyid, role)
    root.signed.add_key(new_key.public_key, role)
    root.signed.version = version + 1
    root.signed.expires = _expiry("root")
    root.signatures.clear()
    root.sign(old_root, append=True)
    if new_root is not None:
        root.sign(new_root, append=True)
    _write(root, metadata_dir / f"{version + 1}.root.json")
    _write(root, metadata_dir / "root.json")
    return version + 1


def main(argv: list[str]) -> int:
    """The command line (see the module docstring)."""
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    command, args = argv[0], argv[1:]
    if command == "init" and len(args) == 2:
        init(Path(args[0]), Path(args[1]))
        print(
            f"keys in {args[0]} (keep root.pem offline); metadata in {args[1]}; spec {SPECIFICATION_VERSION}"
        )
        return 0
    if command == "add" and len(args) == 3:
        signers = {role: signer_from_environment(role) for role in KEY_VARIABLES}
        tag = args[2]
        for name in add_release(Path(args[0]), Path(args[1]), tag, tag.removeprefix("v"), signers):
            print(f"signed {name}")
        return 0
    if command == "refresh-timestamp" and len(args) == 1:
        refresh_timestamp(Path(args[0]), signer_from_environment("timestamp"))
        return 0
    if command == "rotate" and len(args) in (4, 5):
        new_root = load_signer(args[4]) if len(args) == 5 else None
        version = rotate(Path(args[0]), args[1], load_signer(args[2]), load_signer(args[3]), new_root)
        print(f"wrote {version}.root.json: publish it with the next release (apps walk every root version)")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
