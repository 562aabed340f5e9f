#!/usr/bin/env bash
# screenshot.sh DISPLAY OUT.png: the README's screenshot, taken of the real window. It starts its
# own X server (Xvfb) at 1280x720, opens bin/taskscope on it, lets a few samples arrive, and
# grabs the screen with ImageMagick's import. Run by `make screenshot`.
set -euo pipefail
cd "$(dirname "$0")/.."
disp=${1:-:77}
out=${2:-docs/screenshot.png}
Xvfb "$disp" -screen 0 1280x720x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
app=
cleanup() { [ -n "$app" ] && kill "$app" 2>/dev/null; kill "$xvfb" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 50); do xdpyinfo -display "$disp" >/dev/null 2>&1 && break; sleep 0.1; done
DISPLAY=$disp LANG=C.UTF-8 ./bin/taskscope >/dev/null 2>&1 &
app=$!
sleep "${SHOT_WAIT:-8}"
kill -0 "$app" 2>/dev/null || { echo "screenshot: the window exited early" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
import -display "$disp" -window root "$out"
echo "screenshot: $out ($(identify -format '%wx%h' "$out"))"
