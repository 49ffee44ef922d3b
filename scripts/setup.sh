#!/usr/bin/env bash
# Set up a Debian machine to build, test and run ats: system packages, a Rust
# toolchain when there is none, and the models (checked by sha256).
set -euo pipefail
cd "$(dirname "$0")/.."

# cmake, clang and libclang build llama.cpp (the local LLM) and its bindings.
# dbus and gnome-keyring give CI a real Secret Service for the keyring check.
# tesseract-ocr (+ language data) and poppler-utils read scanned resumes (OCR).
# fonts-droid-fallback gives PDF reports CJK glyphs, fonts-dejavu-core Hebrew and
# Arabic (Latin and Cyrillic are bundled).
# The desktop app (Tauri 2): WebKitGTK and friends. The UI's tests: Node.js
# and npm, Chromium (driven by playwright-core), Xvfb for the app's window.
packages=(build-essential pkg-config ca-certificates python3 python3-pip python3-venv curl cmake clang libclang-dev dbus gnome-keyring
          poppler-utils tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-fra tesseract-ocr-spa
          tesseract-ocr-chi-sim tesseract-ocr-jpn fonts-droid-fallback fonts-dejavu-core
          libwebkit2gtk-4.1-dev libxdo-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev
          chromium xvfb xauth x11-utils imagemagick xdotool)
command -v npm >/dev/null || packages+=(nodejs npm)
# python3, pip and venv may come from elsewhere (pyenv): only ask apt for
# what is absent. python3-venv is the API fuzzer's (scripts/fuzz_api.sh).
have_python=false; have_venv=false
command -v python3 >/dev/null && python3 -m pip --version >/dev/null 2>&1 && have_python=true
command -v python3 >/dev/null && python3 -c 'import ensurepip, venv' 2>/dev/null && have_venv=true
missing=()
for p in "${packages[@]}"; do
    case "$p" in
        python3|python3-pip) $have_python && continue ;;
        python3-venv) $have_venv && continue ;;
    esac
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# aiosmtpd: the real SMTP server on loopback the invitation e-mail tests use
# (pip where python3 allows it, else Debian's package for its python3).
if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
    python3 -m pip install --quiet aiosmtpd==1.4.6 2>/dev/null || {
        SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3-aiosmtpd
    }
fi

if ! command -v cargo >/dev/null; then
    # Debian's cargo is too old for edition 2024: use rustup.
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal --component clippy,rustfmt
    # shellcheck disable=SC1091
    . "$HOME/.cargo/env"
fi

models/fetch.sh

# The web UI: `ats serve` serves ui/dist and the desktop app embeds it.
# `npm install`, not `npm ci`: Vite lists a Windows-only optional package
# the registry does not serve, which `npm ci` refuses as a stale lock.
npm --prefix ui install --no-audit --no-fund --loglevel=error
npm --prefix ui run build --silent
