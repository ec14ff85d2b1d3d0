#!/usr/bin/env bash
# Prove the .deb on a clean Debian 12 (bookworm): install it, run its self-test, show its window, screenshot it.
#
#   sudo bash packaging/linux/prove-deb-in-chroot.sh DEB [WORK_DIR]
#
# Steps, each failing the script if it fails:
#   1. debootstrap a minimal bookworm into WORK_DIR/chroot (default WORK_DIR: a fresh temporary folder);
#   2. apt-get install ./the.deb --no-install-recommends: the Depends: line alone must be enough to run;
#   3. gemini-desk --self-test inside the chroot (offscreen; no display, no keyring service: both reported);
#   4. install the Recommends: (a Secret Service provider, CJK fonts), run the self-test again inside a
#      D-Bus session with an unlocked GNOME Keyring: the keyring check must then name the Secret Service;
#   5. start Xvfb inside the chroot, launch `gemini-desk --demo` on it, wait for its first frame, type a
#      prompt with xdotool, and take a screenshot with `import -window root`.
# Results go to WORK_DIR/results: screenshot.png, self-test logs, and figures.txt (package size, unpacked
# bundle size, self-test time, time to the first frame).
#
# Needs root, debootstrap and network access to a Debian mirror (DEBIAN_MIRROR, default deb.debian.org).
# Not part of the test suite: it takes minutes and downloads a few hundred megabytes.
set -euo pipefail
DEB="$(realpath "${1:?usage: prove-deb-in-chroot.sh DEB [WORK_DIR]}")"
WORK="${2:-$(mktemp -d -t gemini-desk-chroot.XXXXXX)}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
CHROOT="$WORK/chroot"
RESULTS="$WORK/results"
mkdir -p "$RESULTS"
[ "$(id -u)" = 0 ] || { echo "prove-deb-in-chroot: run as root (debootstrap and chroot need it)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "prove-deb-in-chroot: install debootstrap" >&2; exit 1; }

say() { printf '\n=== %s\n' "$*"; }
in_chroot() { chroot "$CHROOT" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

MOUNTS=()
cleanup() {
    set +e
    # Only the processes this script started (the chroot shares the host's process table).
    local pid
    for pid in $(cat "$CHROOT/tmp/app.pid" "$CHROOT/tmp/xvfb.pid" 2>/dev/null); do kill "$pid" 2>/dev/null; done
    sleep 1
    local i
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do umount -l "${MOUNTS[$i]}"; done
}
trap cleanup EXIT
mount_into() { mount "$@" && MOUNTS+=("${*: -1}"); }

if [ ! -x "$CHROOT/usr/bin/apt-get" ]; then
    say "debootstrap bookworm (minbase) into $CHROOT"
    debootstrap --variant=minbase bookworm "$CHROOT" "$MIRROR"
fi
mount_into -t proc proc "$CHROOT/proc"
mount_into -t sysfs sys "$CHROOT/sys"
mount_into --bind /dev "$CHROOT/dev"
mount_into -t devpts devpts "$CHROOT/dev/pts"
mount_into -t tmpfs tmpfs "$CHROOT/tmp"
cp /etc/resolv.conf "$CHROOT/etc/resolv.conf"
cp "$DEB" "$CHROOT/tmp/"
DEB_IN="/tmp/$(basename "$DEB")"

say "apt-get install $(basename "$DEB") with its Depends only"
in_chroot apt-get update -qq
in_chroot env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$DEB_IN" \
    >"$RESULTS/apt-install.log" 2>&1 || { tail -30 "$RESULTS/apt-install.log"; exit 1; }
in_chroot dpkg -s gemini-desk | grep -E '^(Version|Installed-Size|Depends|Recommends):'

say "gemini-desk --self-test (Depends only, no D-Bus session)"
start=$(date +%s.%N)
in_chroot /usr/bin/gemini-desk --self-test | tee "$RESULTS/self-test.log"
selftest_seconds=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { printf "%.2f", a - b }')

say "install the Recommends, then the self-test inside a D-Bus session with GNOME Keyring"
# The first alternative of each Recommends entry, as apt would choose.
mapfile -t recommends < <(dpkg-deb -f "$DEB" Recommends | tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/ //g' | grep .)
in_chroot env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${recommends[@]}" dbus-daemon xvfb xauth imagemagick xdotool >"$RESULTS/apt-extras.log" 2>&1 ||
    { tail -30 "$RESULTS/apt-extras.log"; exit 1; }
in_chroot dbus-run-session -- sh -c \
    'export XDG_DATA_HOME=$(mktemp -d); eval "$(printf chroot | gnome-keyring-daemon --unlock --components=secrets)";
     gemini-desk --self-test' | tee "$RESULTS/self-test-keyring.log"
grep -q "in use: Secret Service" "$RESULTS/self-test-keyring.log"

say "launch under Xvfb and take a screenshot"
# -displayfd: Xvfb picks a free display number itself (the X socket namespace is shared with the host).
in_chroot sh -c 'Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>/tmp/display >/tmp/xvfb.log 2>&1 &
    echo $! >/tmp/xvfb.pid'
for _ in $(seq 100); do [ -s "$CHROOT/tmp/display" ] && break; sleep 0.1; done
DISPLAY_NUMBER=":$(tr -dc 0-9 <"$CHROOT/tmp/display")"
[ "$DISPLAY_NUMBER" != ":" ] || { cat "$CHROOT/tmp/xvfb.log"; exit 1; }
# Launch twice: the first start after installing, then a second one (what every later start costs).
launch() {
    rm -f "$CHROOT/tmp/app.log"
    in_chroot env DISPLAY="$DISPLAY_NUMBER" sh -c 'echo $(date +%s.%N) >/tmp/launched; GEMINI_DESK_REPORT_STARTUP=1 \
        gemini-desk --demo --data-dir /tmp/gd-data >/tmp/app.log 2>&1 & echo $! >/tmp/app.pid'
    for _ in $(seq 150); do grep -q "first-frame" "$CHROOT/tmp/app.log" 2>/dev/null && break; sleep 0.1; done
    grep "first-frame" "$CHROOT/tmp/app.log" >&2 || { cat "$CHROOT/tmp/app.log" >&2; exit 1; }
    local shown
    shown=$(sed -n 's/.*first-frame.*(wall \([0-9.]*\)).*/\1/p' "$CHROOT/tmp/app.log" | head -1)
    awk -v a="$shown" -v b="$(cat "$CHROOT/tmp/launched")" 'BEGIN { printf "%.3f", a - b }'
}
first_window_seconds=$(launch)
sleep 1
kill "$(cat "$CHROOT/tmp/app.pid")"
for _ in $(seq 50); do kill -0 "$(cat "$CHROOT/tmp/app.pid")" 2>/dev/null || break; sleep 0.1; done
window_seconds=$(launch)
sleep 1
# No window manager runs on Xvfb: X gives the keyboard to the window under the pointer, so click the composer.
in_chroot env DISPLAY="$DISPLAY_NUMBER" sh -c '
    window=$(xdotool search --sync --name "Gemini Desk" | head -1)
    xdotool windowmove "$window" 0 0 windowsize "$window" 1280 800 && sleep 0.5
    xdotool mousemove --window "$window" 640 740 click 1 && sleep 0.3
    xdotool type --delay 15 "Hello from a clean Debian 12 chroot! Show me /code" && xdotool key Return'
sleep 4
in_chroot env DISPLAY="$DISPLAY_NUMBER" sh -c 'import -window root /tmp/screenshot.png'
cp "$CHROOT/tmp/screenshot.png" "$CHROOT/tmp/app.log" "$RESULTS/"

deb_size=$(stat -c %s "$DEB")
bundle_size=$(du -sk --apparent-size "$CHROOT/opt/gemini-desk" | cut -f1)
{
    echo "package:            $(basename "$DEB") $(numfmt --to=iec --suffix=B "$deb_size") ($deb_size bytes)"
    echo "unpacked bundle:    /opt/gemini-desk $(numfmt --to=iec --suffix=B $((bundle_size * 1024)))"
    echo "self-test (wall):   ${selftest_seconds} s"
    echo "launch→first frame: ${first_window_seconds} s first start after install, ${window_seconds} s second start (Xvfb, --demo)"
} | tee "$RESULTS/figures.txt"
say "results in $RESULTS"
