#!/usr/bin/env bash
# The desktop app, for real: start it under Xvfb on a fresh data directory
# holding one job (added with the terminal), screenshot its window, and
# check that the picture is not blank and shows the job's title, which the
# UI can only have read through the Tauri IPC (`call` → the method table →
# SQLite). Usage: scripts/desktop_check.sh [APP] [ATS]
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
app="${1:-$target/debug/ats-app}"
ats="${2:-$target/debug/ats}"
work="$(mktemp -d)"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
export ATS_DATA_DIR="$work/data" ATS_MODELS_DIR="$PWD/models"
title="Compiler Engineer Zeta"
printf 'Senior %s\n\nMust have: Rust, LLVM, 5+ years of compiler work.\n' "$title" > "$work/job.md"
"$ats" job add "$work/job.md" >/dev/null
xvfb-run -a -s "-screen 0 1280x800x24" sh -c "
  '$app' > '$work/app.log' 2>&1 &
  app=\$!
  for i in \$(seq 1 60); do
    sleep 1
    xwininfo -root -tree 2>/dev/null | grep -q '\"ATS\"' && break
  done
  sleep 6
  import -window root '$work/shot.png'
  kill \$app
" &
pid=$!
wait "$pid" || true
[ -s "$work/shot.png" ] || { echo "desktop: no screenshot"; cat "$work/app.log"; exit 1; }
colours=$(/usr/bin/convert-im6.q16 "$work/shot.png" -format %k info:)
echo "desktop: screenshot with $colours colours"
[ "$colours" -gt 50 ] || { echo "desktop: the window looks blank"; cat "$work/app.log"; exit 1; }
mkdir -p "${ATS_SCREENSHOT_DIR:-$target}"
cp "$work/shot.png" "${ATS_SCREENSHOT_DIR:-$target}/desktop.png"
if tesseract "$work/shot.png" - 2>/dev/null | grep -q "Zeta"; then
  echo "desktop: the job read through the IPC is on screen"
else
  echo "desktop: the job's title is not on screen (IPC round trip failed?)"
  tesseract "$work/shot.png" - 2>/dev/null | head -40
  cat "$work/app.log"
  exit 1
fi
