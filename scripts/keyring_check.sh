#!/usr/bin/env bash
# The real OS keyring path on Linux: a Secret Service (gnome-keyring) in a
# private D-Bus session. A key given to `ats llm configure --key-stdin` must
# land in the keyring, be reported as coming from there, never appear in the
# data directory, and be gone after --forget-key.
# Usage: scripts/keyring_check.sh PATH_TO_ATS   (run by .ci/run)
set -euo pipefail
ats="$(realpath "$1")"
if [ -z "${IN_DBUS_SESSION:-}" ]; then
    exec env IN_DBUS_SESSION=1 dbus-run-session -- "$0" "$@"
fi
eval "$(printf pw | gnome-keyring-daemon --unlock --components=secrets)"
export ATS_DATA_DIR; ATS_DATA_DIR="$(mktemp -d)"
trap 'rm -rf "$ATS_DATA_DIR"' EXIT
unset OPENAI_API_KEY ATS_OPENAI_API_KEY
key="sk-keyring-check-$RANDOM$RANDOM"
out="$(echo "$key" | "$ats" llm configure --provider openai --model gpt-test --key-stdin)"
grep -q "openai key: in the OS keyring" <<<"$out" || { echo "key not reported in the keyring: $out"; exit 1; }
if grep -rq "$key" "$ATS_DATA_DIR"; then echo "the key was written to the data directory"; exit 1; fi
out="$("$ats" llm configure --provider openai --forget-key)"
grep -q "openai key: not set" <<<"$out" || { echo "the key was not removed: $out"; exit 1; }
echo "keyring check passed"
