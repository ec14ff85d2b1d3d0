#!/usr/bin/env bash
# Prove the .deb on a clean Debian 12 (bookworm): Depends alone give a working window for a normal user, and
# removing the package leaves the system as it was. Opt-in (not part of .ci/run): it downloads ~150 MB.
#
#   sudo bash packaging/linux/prove-deb-in-chroot.sh DEB [RESULTS_DIR]
#
# Each run starts from a fresh root (debootstrap into a new temporary folder, with the security and
# point-release updates in its sources) and deletes it at the end (KEEP_ROOT=1 keeps it). Steps, each
# failing the script if it fails:
#   1. list every file of the fresh root;
#   2. apt-get install ./the.deb --no-install-recommends: Depends only;
#   3. as a normal user (useradd), gemini-desk --self-test (offscreen), then --self-test=display and
#      `gemini-desk --demo` on an Xvfb display run by the host (so nothing but Depends is in the root), a
#      prompt typed with xdotool and a screenshot taken from the host;
#   4. apt-get purge gemini-desk and autoremove what it pulled in; list every file again: the lists must
#      match (dpkg's and apt's own state aside).
# Results (logs, screenshot.png, figures.txt, the file-list difference) go to RESULTS_DIR (default
# ./chroot-results). Needs root, debootstrap, and on the host xvfb, xdotool and imagemagick.
set -euo pipefail
DEB="$(realpath "${1:?usage: prove-deb-in-chroot.sh DEB [RESULTS_DIR]}")"
RESULTS="$(mkdir -p "${2:-chroot-results}" && realpath "${2:-chroot-results}")"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SECURITY_MIRROR="${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
[ "$(id -u)" = 0 ] || { echo "prove-deb-in-chroot: run as root (debootstrap and chroot need it)" >&2; exit 1; }
for tool in debootstrap Xvfb xdotool import; do
    command -v "$tool" >/dev/null || { echo "prove-deb-in-chroot: install $tool on the host" >&2; exit 1; }
done
WORK="$(mktemp -d -t gemini-desk-chroot.XXXXXX)"
CHROOT="$WORK/root"
started=$SECONDS

say() { printf '\n=== %s\n' "$*"; }
in_chroot() { chroot "$CHROOT" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
as_user() {
    chroot --userspec=tester:tester "$CHROOT" /usr/bin/env -i HOME=/home/tester USER=tester \
        PATH=/usr/bin:/bin LANG=C.UTF-8 DISPLAY="$DISPLAY_NUMBER" XDG_RUNTIME_DIR=/tmp/tester-runtime "$@"
}

MOUNTS=()
XVFB_PID=""
APP_PID=""
cleanup() {
    set +e
    [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null
    [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null
    sleep 1
    local i
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do umount -l "${MOUNTS[$i]}"; done
    if [ -z "${KEEP_ROOT:-}" ]; then
        rm -rf --one-file-system "$WORK"
    else
        echo "kept the root in $CHROOT"
    fi
}
trap cleanup EXIT
mount_into() { mount "$@" && MOUNTS+=("${*: -1}"); }
file_list() {
    (cd "$CHROOT" && find . -xdev \( -path ./proc -o -path ./sys -o -path ./dev -o -path ./tmp -o -path ./run \
        -o -path ./var/lib/dpkg -o -path ./var/lib/apt -o -path ./var/cache -o -path ./var/log \
        -o -path ./home/tester -o -path ./etc/ld.so.cache \) -prune -o -print | sort)
}

say "debootstrap bookworm (minbase) into a fresh $CHROOT"
debootstrap --variant=minbase bookworm "$CHROOT" "$MIRROR" >"$RESULTS/debootstrap.log" 2>&1 ||
    { tail -20 "$RESULTS/debootstrap.log"; exit 1; }
cat >"$CHROOT/etc/apt/sources.list" <<SOURCES
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb $SECURITY_MIRROR bookworm-security main
SOURCES
mount_into -t proc proc "$CHROOT/proc"
mount_into -t sysfs sys "$CHROOT/sys"
mount_into --bind /dev "$CHROOT/dev"
mount_into -t devpts devpts "$CHROOT/dev/pts"
mount_into -t tmpfs tmpfs "$CHROOT/tmp"
cp /etc/resolv.conf "$CHROOT/etc/resolv.conf"
in_chroot apt-get update -qq
in_chroot env DEBIAN_FRONTEND=noninteractive apt-get upgrade -y -qq >/dev/null
in_chroot useradd --create-home --shell /bin/sh tester
file_list >"$RESULTS/files-before.txt"

say "apt-get install $(basename "$DEB") with its Depends only"
cp "$DEB" "$CHROOT/tmp/"
in_chroot env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "/tmp/$(basename "$DEB")" >"$RESULTS/apt-install.log" 2>&1 || { tail -30 "$RESULTS/apt-install.log"; exit 1; }
in_chroot dpkg -s gemini-desk | grep -E '^(Version|Installed-Size|Depends):' | tee "$RESULTS/package.txt"

say "as the normal user 'tester': the self-test offscreen"
mkdir -p "$CHROOT/tmp/tester-runtime" && chmod 0700 "$CHROOT/tmp/tester-runtime"
in_chroot chown tester:tester /tmp/tester-runtime
DISPLAY_NUMBER=""
selftest_start=$SECONDS
as_user env QT_QPA_PLATFORM=offscreen gemini-desk --self-test | tee "$RESULTS/self-test.log"

say "the host's Xvfb, shared into the root: the self-test on the display and the demo window"
mkdir -p "$CHROOT/tmp/.X11-unix"
mount_into --bind /tmp/.X11-unix "$CHROOT/tmp/.X11-unix"
exec 3> >(cat >"$WORK/display")
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >"$RESULTS/xvfb.log" 2>&1 &
XVFB_PID=$!
for _ in $(seq 100); do [ -s "$WORK/display" ] && break; sleep 0.1; done
DISPLAY_NUMBER=":$(tr -dc 0-9 <"$WORK/display")"
as_user gemini-desk --self-test=display | tee "$RESULTS/self-test-display.log"
grep -q "ok   platform     xcb plugin loaded" "$RESULTS/self-test-display.log"
launched=$(date +%s.%N)
as_user env GEMINI_DESK_REPORT_STARTUP=1 gemini-desk --demo --data-dir /home/tester/gd-data \
    >"$RESULTS/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 150); do grep -q "first-frame" "$RESULTS/app.log" 2>/dev/null && break; sleep 0.1; done
grep "first-frame" "$RESULTS/app.log" || { cat "$RESULTS/app.log"; exit 1; }
shown=$(sed -n 's/.*first-frame.*(wall \([0-9.]*\)).*/\1/p' "$RESULTS/app.log" | head -1)
first_frame=$(awk -v a="$shown" -v b="$launched" 'BEGIN { printf "%.2f", a - b }')
sleep 1
window=$(DISPLAY="$DISPLAY_NUMBER" xdotool search --sync --name "Gemini Desk" | head -1)
DISPLAY="$DISPLAY_NUMBER" xdotool windowmove "$window" 0 0 windowsize "$window" 1280 800
sleep 0.5
DISPLAY="$DISPLAY_NUMBER" xdotool mousemove --window "$window" 640 740 click 1
DISPLAY="$DISPLAY_NUMBER" xdotool type --delay 15 "Hello from a clean Debian 12 root, Depends only! Show me /code"
DISPLAY="$DISPLAY_NUMBER" xdotool key Return
sleep 4
import -display "$DISPLAY_NUMBER" -window root "$RESULTS/screenshot.png"
kill "$APP_PID"
wait "$APP_PID" 2>/dev/null || true
APP_PID=""
umount -l "$CHROOT/tmp/.X11-unix" && unset 'MOUNTS[-1]'

say "apt-get purge gemini-desk, autoremove what it pulled in: the root must be as before"
in_chroot env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq gemini-desk >"$RESULTS/apt-purge.log" 2>&1
in_chroot env DEBIAN_FRONTEND=noninteractive apt-get autoremove --purge -y -qq >>"$RESULTS/apt-purge.log" 2>&1
file_list >"$RESULTS/files-after.txt"
if ! diff -u "$RESULTS/files-before.txt" "$RESULTS/files-after.txt" >"$RESULTS/files-difference.txt"; then
    echo "prove-deb-in-chroot: removal did not restore the root:" >&2
    head -40 "$RESULTS/files-difference.txt" >&2
    exit 1
fi

{
    echo "package:            $(basename "$DEB") $(stat -c %s "$DEB") bytes"
    echo "installed:          $(grep Installed-Size "$RESULTS/package.txt")"
    echo "self-tests:         offscreen and display, as user tester ($((SECONDS - selftest_start)) s with the demo)"
    echo "launch→first frame: ${first_frame} s (Xvfb, --demo, Depends only)"
    echo "removal:            purge + autoremove left the file list unchanged ($(wc -l <"$RESULTS/files-before.txt") paths)"
    echo "whole proof:        $((SECONDS - started)) s, root deleted afterwards"
} | tee "$RESULTS/figures.txt"
say "results in $RESULTS"
