#!/usr/bin/env bash
# Build the rpm (Fedora, openSUSE, RHEL 9+) from the PyInstaller bundle.
#
#   bash packaging/linux/build-rpm.sh [BUNDLE_DIR] [OUT_DIR]      (defaults: dist/gemini-desk, dist)
#
# Needs rpmbuild (Debian: the rpm package). Version 0.2.0rc1 is spelled 0.2.0~rc1 (sorts before 0.2.0).
# Dates come from SOURCE_DATE_EPOCH (packaging/lib.sh), so the same bundle gives the same package.
set -euo pipefail
# shellcheck source=packaging/lib.sh
source "$(dirname "$0")/../lib.sh"
BUNDLE="$(cd "${1:-$ROOT/dist/gemini-desk}" && pwd)"
OUT="${2:-$ROOT/dist}"
RPM_VERSION="$("$PY" "$ROOT/packaging/version.py" rpm "$("$BUNDLE/gemini-desk" --version | awk '{print $2}')")"
TOP="$(mktemp -d)"
trap 'rm -rf "$TOP"' EXIT
# The sonames the bundle carries: rpm must not require them from the system.
BUNDLED="$(find "$BUNDLE" -name '*.so*' -printf '%f\n' | sed 's/\.so.*//; s/[][().+*?^$|\\]/\\&/g' |
    sort -u | paste -sd'|')"
mkdir -p "$OUT"
rpmbuild -bb --quiet \
    --define "_topdir $TOP" \
    --define "_rpmdir $TOP/rpms" \
    --define "bundle_dir $BUNDLE" \
    --define "resources $ROOT/resources" \
    --define "rpm_version $RPM_VERSION" \
    --define "source_date $(LC_ALL=C date -u -d "@$SOURCE_DATE_EPOCH" '+%a %b %d %Y')" \
    --define "bundled_libraries ${BUNDLED:-no-bundled-library}" \
    "$ROOT/packaging/linux/gemini-desk.rpm.spec"
find "$TOP/rpms" -name '*.rpm' -exec mv {} "$OUT/" \;
ls "$OUT"/gemini-desk-"$RPM_VERSION"-1.*.rpm
