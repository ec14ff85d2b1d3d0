#!/usr/bin/env bash
# Build the Debian package from the PyInstaller bundle.
#
#   bash packaging/linux/build-deb.sh [BUNDLE_DIR] [OUT_DIR]     (defaults: dist/gemini-desk, dist)
#
# Layout: the bundle in /usr/lib/gemini-desk (Debian policy's place for an app's private files; a package
# that owns /opt removes /opt with itself, since no package owns it), a /usr/bin/gemini-desk launcher, the
# desktop file, AppStream metainfo and hicolor icons under /usr/share. Depends: is worked out from the libraries the bundle links but
# does not carry (debdeps.py); Recommends: a Secret Service provider for the key and CJK fonts.
# Needs dpkg-deb, readelf (binutils) and, for versioned dependencies, dpkg-shlibdeps (dpkg-dev); patchelf and
# lintian are used when present (LINTIAN=0 skips lintian).
# Reproducible: every date (changelog, copyright year, file times) is SOURCE_DATE_EPOCH, by default the time
# of the last commit; the same bundle and epoch give the same bytes.
set -euo pipefail
# shellcheck source=packaging/lib.sh
source "$(dirname "$0")/../lib.sh"
BUNDLE="$(cd "${1:-$ROOT/dist/gemini-desk}" && pwd)"
OUT="${2:-$ROOT/dist}"
NAME=gemini-desk
APP_ID=io.github.gemini_desk.GeminiDesk
LIBDIR="usr/lib/$NAME"

# The version comes from the bundle itself (app/__init__.py at build time): one source for every package,
# spelled the Debian way (0.2.0rc1 -> 0.2.0~rc1, which sorts before 0.2.0).
VERSION="$("$PY" "$ROOT/packaging/version.py" deb "$("$BUNDLE/$NAME" --version | awk '{print $2}')")"
ARCH="$(dpkg --print-architecture)"
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
PKG="$STAGE/$NAME"

install -d "$PKG/DEBIAN" "$PKG/usr/lib" "$PKG/usr/bin" "$PKG/usr/share/applications" "$PKG/usr/share/metainfo" \
    "$PKG/usr/share/doc/$NAME" "$PKG/usr/share/icons/hicolor/scalable/apps" "$PKG/usr/share/lintian/overrides"
cp -a "$BUNDLE" "$PKG/$LIBDIR"
# Libraries are data, not programs; and extension modules built by the interpreter's installer carry its
# build-machine library path as RUNPATH (the bundle never needs it: the bootloader sets the search path).
find "$PKG/$LIBDIR" -type f -name '*.so*' -exec chmod 0644 {} +
if command -v patchelf >/dev/null 2>&1; then
    find "$PKG/$LIBDIR" -type f -name '*.so*' -print0 | while IFS= read -r -d '' lib; do
        runpath="$(patchelf --print-rpath "$lib" 2>/dev/null || true)"
        if [ -n "$runpath" ] && [[ "$runpath" != *'$ORIGIN'* ]]; then
            patchelf --remove-rpath "$lib"
        fi
    done
fi
# A script rather than a symlink: the bundle finds its files next to the real executable either way.
cat >"$PKG/usr/bin/$NAME" <<'EOF'
#!/bin/sh
exec /usr/lib/gemini-desk/gemini-desk "$@"
EOF
chmod 0755 "$PKG/usr/bin/$NAME"
install -m 0644 "$ROOT/resources/linux/$NAME.desktop" "$PKG/usr/share/applications/"
install -d "$PKG/usr/share/man/man1"
gzip -9n <"$ROOT/resources/linux/$NAME.1" >"$PKG/usr/share/man/man1/$NAME.1.gz"
install -m 0644 "$ROOT/resources/linux/$APP_ID.metainfo.xml" "$PKG/usr/share/metainfo/"
install -m 0644 "$ROOT/resources/icons/$NAME.svg" "$PKG/usr/share/icons/hicolor/scalable/apps/"
for png in "$ROOT"/resources/icons/png/"$NAME"-*.png; do
    size="${png##*-}"
    size="${size%.png}"
    install -d "$PKG/usr/share/icons/hicolor/${size}x${size}/apps"
    install -m 0644 "$png" "$PKG/usr/share/icons/hicolor/${size}x${size}/apps/$NAME.png"
done
cat >"$PKG/usr/share/doc/$NAME/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: Gemini Desk

Files: *
Copyright: $(date -u -d "@$SOURCE_DATE_EPOCH" +%Y) The Gemini Desk developers
License: MIT
 The bundle in /$LIBDIR also contains Python, Qt (LGPL-3.0) through PySide6 (LGPL-3.0), and the Python
 libraries listed in the project's pyproject.toml, each under its own license.
EOF
printf '%s (%s) stable; urgency=medium\n\n  * Release %s.\n\n -- Gemini Desk developers <gemini-desk@users.noreply.github.com>  %s\n' \
    "$NAME" "$VERSION" "$VERSION" "$(date -u -R -d "@$SOURCE_DATE_EPOCH")" | gzip -9n >"$PKG/usr/share/doc/$NAME/changelog.gz"
# A self-contained bundle is this package's design; tell lintian so it reports only real problems.
cat >"$PKG/usr/share/lintian/overrides/$NAME" <<EOF
$NAME: embedded-library *
$NAME: unstripped-binary-or-object *
$NAME: shared-library-lacks-prerequisites *
$NAME: shared-library-lacks-version *
$NAME: library-not-linked-against-libc *
$NAME: hardening-no-fortify-functions *
$NAME: hardening-no-pie *
$NAME: custom-library-search-path *
$NAME: hardening-no-relro *
$NAME: package-contains-documentation-outside-usr-share-doc *
$NAME: package-contains-no-arch-dependent-files *
$NAME: spelling-error-in-binary *
$NAME: repeated-path-segment *
EOF

DEPENDS="$("$PY" "$ROOT/packaging/linux/debdeps.py" "$PKG/$LIBDIR")"
INSTALLED_SIZE="$(du -sk --apparent-size "$PKG" | cut -f1)"
cat >"$PKG/DEBIAN/control" <<EOF
Package: $NAME
Version: $VERSION
Architecture: $ARCH
Maintainer: Gemini Desk developers <gemini-desk@users.noreply.github.com>
Installed-Size: $INSTALLED_SIZE
Depends: $DEPENDS
Recommends: gnome-keyring | libkf5wallet-bin, fonts-noto-cjk
Suggests: xdg-desktop-portal
Section: net
Priority: optional
Homepage: https://github.com/gemini-desk/gemini-desk
Description: desktop chat client for Google Gemini through API gateways
 Gemini Desk streams Gemini replies with Markdown, highlighted code, images and
 search sources, keeps conversations in a local database with full-text search,
 and stores the API key in the system keyring (GNOME Keyring, or KWallet through
 its Secret Service interface).
EOF
find "$PKG" -type d -exec chmod 0755 {} +
clamp_times "$PKG"
mkdir -p "$OUT"
DEB="$OUT/${NAME}_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zxz --build "$PKG" "$DEB" >/dev/null
echo "$DEB"
if [ "${LINTIAN:-1}" != 0 ] && command -v lintian >/dev/null 2>&1; then
    # Informational: the overrides above silence what the bundle layout implies.
    lintian "$DEB" || true
fi
