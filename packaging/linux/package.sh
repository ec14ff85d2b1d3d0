#!/usr/bin/env bash
# Make every Linux package from the built bundle, and prove each one starts.
#
#   bash packaging/linux/package.sh [OUT_DIR]      (default dist/release; run packaging/build-bundle.sh first)
#
# OUT_DIR receives only artefact files: the .deb, the .rpm, the tarball and (when appimagetool is there, as
# on the release runners) the AppImage. Each is self-tested where this machine allows:
# - .deb: unpacked into a temporary folder and self-tested there; on a release runner (GITHUB_ACTIONS) also
#   installed with apt, self-tested on the display, purged, and checked to leave nothing behind;
# - AppDir (always) and AppImage: --self-test=display through AppRun, under Xvfb when there is no display;
# - .rpm: built and queried (installing it needs an rpm-based system).
set -euo pipefail
# shellcheck source=packaging/lib.sh
source "$(dirname "$0")/../lib.sh"
OUT="$(mkdir -p "${1:-$ROOT/dist/release}" && cd "${1:-$ROOT/dist/release}" && pwd)"
BUNDLE="$ROOT/dist/gemini-desk"
ARCH="$(uname -m)"
say() { printf '\n=== %s\n' "$*"; }
timed() {
    local started=$SECONDS
    "$@"
    echo "(${*:1:1} took $((SECONDS - started)) s)"
}

say ".deb"
DEB="$(timed bash "$ROOT/packaging/linux/build-deb.sh" "$BUNDLE" "$OUT" | grep '\.deb$')"
UNPACKED="$(mktemp -d)"
trap 'rm -rf "$UNPACKED"' EXIT
dpkg-deb -x "$DEB" "$UNPACKED"
"$UNPACKED/usr/lib/gemini-desk/gemini-desk" --self-test
if [ -n "${GITHUB_ACTIONS:-}" ]; then
    sudo apt-get install -y -qq "$DEB"
    on_display gemini-desk --self-test=display
    sudo apt-get purge -y -qq gemini-desk
    if [ -e /usr/lib/gemini-desk ] || [ -e /usr/bin/gemini-desk ]; then
        echo "package.sh: purging the .deb left files behind" >&2
        exit 1
    fi
fi

say ".rpm"
if command -v rpmbuild >/dev/null 2>&1; then
    timed bash "$ROOT/packaging/linux/build-rpm.sh" "$BUNDLE" "$OUT"
    rpm -qp --requires "$OUT"/gemini-desk-*.rpm | head -3
else
    warn "rpmbuild is not installed: no .rpm (Debian: apt-get install rpm)"
fi

say "tarball"
TARBALL="$OUT/gemini-desk-$VERSION-linux-$ARCH.tar.gz"
tar -C "$(dirname "$BUNDLE")" --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
    -cf - "$(basename "$BUNDLE")" | gzip -n >"$TARBALL"
echo "$TARBALL"

say "AppImage"
APPDIR_ONLY=1 bash "$ROOT/packaging/linux/build-appimage.sh" "$BUNDLE" "$OUT"
on_display "$ROOT/dist/AppDir/AppRun" --self-test=display
TOOL="${APPIMAGETOOL:-$(command -v appimagetool || true)}"
if [ -z "$TOOL" ] && [ -n "${GITHUB_ACTIONS:-}" ]; then
    TOOL="$RUNNER_TEMP/appimagetool"
    curl -fsSL -o "$TOOL" \
        "https://github.com/AppImage/appimagetool/releases/download/continuous/appimagetool-$ARCH.AppImage"
    chmod +x "$TOOL"
fi
if [ -n "$TOOL" ]; then
    APPIMAGETOOL="$TOOL" bash "$ROOT/packaging/linux/build-appimage.sh" "$BUNDLE" "$OUT"
    APPIMAGE_EXTRACT_AND_RUN=1 on_display "$OUT/Gemini_Desk-$VERSION-$ARCH.AppImage" --self-test=display
else
    warn "appimagetool is not available here: the AppDir was built and self-tested, not packed into an AppImage"
fi
ls -l "$OUT"
