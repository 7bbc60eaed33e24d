#!/usr/bin/env bash
# Peak memory of the real studio window (release build) holding a project, under Xvfb:
# the default project, then the large synthetic one (200 steps x 25 fields, 2,000 catalog
# fields), each scrolled through its step list with a field selected.
# Needs: apt-get install -y xvfb xdotool
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
BIN=target/release/ppstudio
TMP=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$TMP"' EXIT
"$BIN" synthetic -o "$TMP/large.ppstudio.json"
Xvfb :77 -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
export DISPLAY=:77 XDG_STATE_HOME="$TMP/state"
sleep 1

measure() {
    local label=$1
    shift
    "$BIN" "$@" >/dev/null 2>&1 &
    local app=$!
    local window
    window=$(xdotool search --sync --name "Progressive Profiling Studio" | head -1)
    sleep 3
    echo "window: $(xdotool getwindowname "$window")"
    xdotool mousemove 660 300 click 1
    for _ in $(seq 1 80); do xdotool click 5; sleep 0.02; done
    xdotool mousemove 660 420 click 1
    for _ in $(seq 1 40); do xdotool click 4; sleep 0.02; done
    sleep 2
    printf '%-32s peak %6d MB   now %6d MB\n' "$label" \
        $(($(awk '/VmHWM/ {print $2}' /proc/$app/status) / 1024)) \
        $(($(awk '/VmRSS/ {print $2}' /proc/$app/status) / 1024))
    kill $app
    wait $app 2>/dev/null || true
}

measure "default project"
measure "large project ($(du -h "$TMP/large.ppstudio.json" | cut -f1))" "$TMP/large.ppstudio.json"
