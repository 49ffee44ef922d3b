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
ATS_BIN="$target/debug/ats" npm --prefix ui run e2e --silent
scripts/desktop_check.sh "$target/debug/ats-app" "$target/debug/ats"
