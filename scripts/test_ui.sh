#!/usr/bin/env bash
# The UI's tests, after `cargo test --workspace` built the binaries: lint and
# unit tests (vitest), then end to end in Debian's Chromium against a real
# `ats serve` (ui/e2e), then the desktop app's window under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
cargo build --workspace --bins --quiet
npm --prefix ui run lint --silent
npm --prefix ui test --silent
# Lighthouse measures each screen's accessibility score in the e2e run. It
# is large and only this needs it, so it lives in a cache outside the clone
# (12.x: 13.x needs Node.js 22). Where it cannot be installed, its step says
# so and the rest still runs.
lighthouse="${LIGHTHOUSE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ats/lighthouse}"
if [ ! -f "$lighthouse/node_modules/lighthouse/core/index.js" ]; then
    mkdir -p "$lighthouse"
    npm --prefix "$lighthouse" install --no-audit --no-fund --loglevel=error lighthouse@12.8.2 ||
        echo "Lighthouse could not be installed: the e2e run will not measure it" >&2
fi
LIGHTHOUSE_DIR="$lighthouse" ATS_BIN="$target/debug/ats" npm --prefix ui run e2e --silent
scripts/desktop_check.sh "$target/debug/ats-app" "$target/debug/ats"
