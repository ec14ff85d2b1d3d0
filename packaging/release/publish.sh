#!/usr/bin/env bash
# Publish a release from the artefacts of every build job: checksums, signed update metadata, the
# package-manager manifests, then the GitHub release.
#
#   bash packaging/release/publish.sh RELEASE_DIR              (the workflow's publish job, on a tag)
#   bash packaging/release/publish.sh --dry-run RELEASE_DIR    everything but uploading; update metadata
#                                                              signed with throw-away keys (.ci/run)
#
# Environment: GH_TOKEN (publishing), TUF_TARGETS_KEY / TUF_SNAPSHOT_KEY / TUF_TIMESTAMP_KEY (PEM text of
# the online update keys; without them the release has no update metadata: apps then only notify, and a
# warning says so). The signed metadata lives in the release "update-metadata" (a pre-release, so the
# feed's /releases/latest never returns it); its files are replaced, older root versions kept.
set -euo pipefail
# shellcheck source=packaging/lib.sh
source "$(dirname "$0")/../lib.sh"
DRY_RUN=""
if [ "${1:-}" = --dry-run ]; then
    DRY_RUN=1
    shift
fi
RELEASE="$(cd "${1:?usage: publish.sh [--dry-run] RELEASE_DIR}" && pwd)"
TAG="v$VERSION"
REPO="${GITHUB_REPOSITORY:-gemini-desk/gemini-desk}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

if [ -z "$DRY_RUN" ]; then
    if [ "${GITHUB_REF_NAME:-}" != "$TAG" ]; then
        echo "publish: the tag ${GITHUB_REF_NAME:-(none)} is not app/__init__.py's version $TAG" >&2
        exit 1
    fi
    "$PY" -m pip install --quiet -e ".[dev]"  # the update client (verify-release.py) and PyYAML
fi
"$PY" "$ROOT/packaging/release/check-artefacts.py" "$RELEASE"
"$PY" "$ROOT/packaging/release/checksums.py" "$RELEASE"
cat "$RELEASE/SHA256SUMS"

METADATA="$WORK/update-metadata"
if [ -n "$DRY_RUN" ]; then
    # Throw-away keys: proves the real artefacts can be signed and verified, publishes nothing.
    "$PY" "$ROOT/packaging/release/update_metadata.py" init "$WORK/keys" "$METADATA" >/dev/null
    TUF_TARGETS_KEY="$WORK/keys/targets.pem" TUF_SNAPSHOT_KEY="$WORK/keys/snapshot.pem" \
        TUF_TIMESTAMP_KEY="$WORK/keys/timestamp.pem" \
        "$PY" "$ROOT/packaging/release/update_metadata.py" add "$METADATA" "$RELEASE" "$TAG"
    "$PY" "$ROOT/packaging/release/verify-release.py" "$METADATA" "$RELEASE" "$TAG"
elif [ -n "${TUF_TARGETS_KEY:-}" ] && [ -n "${TUF_SNAPSHOT_KEY:-}" ] && [ -n "${TUF_TIMESTAMP_KEY:-}" ]; then
    mkdir -p "$METADATA"
    gh release download update-metadata --repo "$REPO" --dir "$METADATA"
    "$PY" "$ROOT/packaging/release/update_metadata.py" add "$METADATA" "$RELEASE" "$TAG"
    "$PY" "$ROOT/packaging/release/verify-release.py" "$METADATA" "$RELEASE" "$TAG"
else
    warn "no update keys (TUF_*_KEY secrets): this release has no signed update metadata; apps will only notify"
    METADATA=""
fi

"$PY" "$ROOT/packaging/release/manifests.py" "$RELEASE" "$ROOT/dist/manifests" ${DRY_RUN:+--partial}
if [ -n "$DRY_RUN" ]; then
    echo "publish: dry run; would publish $TAG with $(ls "$RELEASE" | wc -l) files"
    exit 0
fi
(cd "$ROOT/dist" && tar -czf "$WORK/package-manifests-$VERSION.tar.gz" manifests)
gh release create "$TAG" "$RELEASE"/* "$WORK/package-manifests-$VERSION.tar.gz" --repo "$REPO" \
    --title "Gemini Desk $VERSION" --generate-notes --verify-tag
if [ -n "$METADATA" ]; then
    gh release upload update-metadata "$METADATA"/*.json --repo "$REPO" --clobber
fi
