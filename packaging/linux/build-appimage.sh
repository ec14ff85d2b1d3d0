#!/usr/bin/env bash
# Build an AppImage from the PyInstaller bundle.
#
#   bash packaging/linux/build-appimage.sh [BUNDLE_DIR] [OUT_DIR]      (defaults: dist/gemini-desk, dist)
#   APPDIR_ONLY=1 bash packaging/linux/build-appimage.sh               only assemble the AppDir (no tool needed)
#
# The AppDir is assembled in dist/AppDir (APPDIR overrides), never in OUT_DIR: OUT_DIR holds only the
# artefacts that are uploaded. Needs appimagetool (https://github.com/AppImage/appimagetool) in PATH or in
# $APPIMAGETOOL; the release workflow downloads it. The AppDir holds the bundle in usr/lib/gemini-desk, an
# AppRun that starts it, the desktop file, the icon and the AppStream metainfo. Like the .deb, the AppImage
# uses the system's X11/xcb, Wayland, fontconfig, D-Bus and OpenGL libraries (see packaging/gemini-desk.spec):
# every desktop has them, and bundled copies would clash with the system's graphics drivers; the bundle
# carries the xcb-util libraries that are not everywhere (libxcb-cursor0 and friends). Build it on the
# oldest supported system (the workflow uses Ubuntu 22.04) so its glibc requirement is the lowest.
# The running app finds itself through $APPIMAGE (set by the AppImage runtime) to update in place.
set -euo pipefail
# shellcheck source=packaging/lib.sh
source "$(dirname "$0")/../lib.sh"
BUNDLE="$(cd "${1:-$ROOT/dist/gemini-desk}" && pwd)"
OUT="${2:-$ROOT/dist}"
NAME=gemini-desk
APP_ID=io.github.gemini_desk.GeminiDesk
APPDIR="${APPDIR:-$ROOT/dist/AppDir}"

rm -rf "$APPDIR"
install -d "$APPDIR/usr/lib" "$APPDIR/usr/share/applications" "$APPDIR/usr/share/metainfo" \
    "$APPDIR/usr/share/icons/hicolor/256x256/apps"
cp -a "$BUNDLE" "$APPDIR/usr/lib/$NAME"
# Drop build-machine RUNPATHs (see build-deb.sh); the bundle's bootloader sets the library path itself.
if command -v patchelf >/dev/null 2>&1; then
    find "$APPDIR/usr/lib/$NAME" -type f -name '*.so*' -print0 | while IFS= read -r -d '' lib; do
        runpath="$(patchelf --print-rpath "$lib" 2>/dev/null || true)"
        if [ -n "$runpath" ] && [[ "$runpath" != *'$ORIGIN'* ]]; then
            patchelf --remove-rpath "$lib"
        fi
    done
fi
cat >"$APPDIR/AppRun" <<'SCRIPT'
#!/bin/sh
# Start the bundle inside the mounted AppImage, wherever it is mounted.
HERE="$(dirname "$(readlink -f "$0")")"
exec "$HERE/usr/lib/gemini-desk/gemini-desk" "$@"
SCRIPT
chmod 0755 "$APPDIR/AppRun"
install -m 0644 "$ROOT/resources/linux/$NAME.desktop" "$APPDIR/$NAME.desktop"
install -m 0644 "$ROOT/resources/linux/$NAME.desktop" "$APPDIR/usr/share/applications/"
install -m 0644 "$ROOT/resources/linux/$APP_ID.metainfo.xml" "$APPDIR/usr/share/metainfo/"
install -m 0644 "$ROOT/resources/icons/png/$NAME-256.png" "$APPDIR/$NAME.png"
install -m 0644 "$ROOT/resources/icons/png/$NAME-256.png" "$APPDIR/usr/share/icons/hicolor/256x256/apps/$NAME.png"
ln -sf "$NAME.png" "$APPDIR/.DirIcon"
clamp_times "$APPDIR"
echo "$APPDIR"
if [ -n "${APPDIR_ONLY:-}" ]; then
    exit 0
fi

TOOL="${APPIMAGETOOL:-$(command -v appimagetool || true)}"
if [ -z "$TOOL" ]; then
    echo "build-appimage: appimagetool not found (set APPIMAGETOOL or put it in PATH)" >&2
    exit 1
fi
ARCH="$(uname -m)"
mkdir -p "$OUT"
TARGET="$OUT/Gemini_Desk-$VERSION-$ARCH.AppImage"
# APPIMAGE_EXTRACT_AND_RUN: the tool is itself an AppImage, and CI runners may have no FUSE. The metainfo
# is validated by the tests (appstreamcli), so the tool's own check, which needs network, is skipped.
APPIMAGE_EXTRACT_AND_RUN=1 ARCH="$ARCH" VERSION="$VERSION" "$TOOL" --no-appstream "$APPDIR" "$TARGET"
echo "$TARGET"
