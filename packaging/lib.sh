# Sourced by the packaging scripts: where the project is, which Python builds it, one build timestamp.
#
# PY is the project's virtual environment (packaging/setup-runner.sh and scripts/dev create .venv), or the
# Python on PATH when there is none. SOURCE_DATE_EPOCH (reproducible builds) defaults to the last commit's time.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -x "$ROOT/.venv/bin/python" ]; then
    PY="$ROOT/.venv/bin/python"
elif [ -x "$ROOT/.venv/Scripts/python.exe" ]; then
    PY="$ROOT/.venv/Scripts/python.exe"
else
    PY="$(command -v python3 || command -v python)"
fi
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
    SOURCE_DATE_EPOCH="$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || echo 0)"
fi
export SOURCE_DATE_EPOCH
VERSION="$("$PY" "$ROOT/packaging/version.py" pep440)"

# A warning GitHub shows on the run's summary page (and a plain one elsewhere).
warn() {
    if [ -n "${GITHUB_ACTIONS:-}" ]; then
        echo "::warning::$*"
    fi
    echo "WARNING: $*" >&2
}

# Set every file's time (and a symlink's own) under the folder $1 to SOURCE_DATE_EPOCH.
clamp_times() {
    find "$1" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
}

# Linux: run a command on a display: the session's, or a private Xvfb when there is none.
on_display() {
    if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
        "$@"
    else
        xvfb-run -a -s "-screen 0 1280x800x24" "$@"
    fi
}
