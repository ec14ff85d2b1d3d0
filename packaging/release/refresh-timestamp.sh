#!/usr/bin/env bash
# Re-sign the update metadata's timestamp (weekly, from the workflow's schedule): it expires after two
# weeks, so a mirror that keeps serving old metadata (a freeze attack) is noticed by the apps.
#
#   bash packaging/release/refresh-timestamp.sh       (needs GH_TOKEN and TUF_TIMESTAMP_KEY)
set -euo pipefail
# shellcheck source=packaging/lib.sh
source "$(dirname "$0")/../lib.sh"
REPO="${GITHUB_REPOSITORY:-gemini-desk/gemini-desk}"
if [ -z "${TUF_TIMESTAMP_KEY:-}" ]; then
    warn "no TUF_TIMESTAMP_KEY secret: the update timestamp was not refreshed"
    exit 0
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
"$PY" -m pip install --quiet "tuf>=6" "cryptography>=42"
gh release download update-metadata --repo "$REPO" --dir "$WORK" --pattern 'snapshot.json' --pattern 'timestamp.json'
"$PY" "$ROOT/packaging/release/update_metadata.py" refresh-timestamp "$WORK"
gh release upload update-metadata "$WORK/timestamp.json" --repo "$REPO" --clobber
