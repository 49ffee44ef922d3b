#!/usr/bin/env bash
# Render the resume corpus of issue 9 with the tools people use (rendercv/Typst,
# pdfLaTeX/XeLaTeX/LuaLaTeX, JSON Resume themes + headless Chromium,
# python-docx + LibreOffice), each document beside its truth file.
#
#   scripts/corpus/build.sh [OUT_DIR] [COUNT]
#
# OUT_DIR defaults to $ATS_CORPUS_DIR or /var/cache/ats/corpus (outside the
# clone); COUNT to 300. Tools and caches go to $ATS_CORPUS_TOOLS
# (/var/cache/ats/corpus-tools). A producer whose tools do not install is
# skipped, and the run says so. Other knobs: ATS_CORPUS_SEED (9),
# ATS_CORPUS_JOBS (2), ATS_CORPUS_NO_INSTALL=1 (use what is there).
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=${1:-${ATS_CORPUS_DIR:-/var/cache/ats/corpus}}
COUNT=${2:-300}
TOOLS=${ATS_CORPUS_TOOLS:-/var/cache/ats/corpus-tools}
SEED=${ATS_CORPUS_SEED:-9}
JOBS=${ATS_CORPUS_JOBS:-2}
export ATS_CORPUS_TOOLS=$TOOLS
mkdir -p "$TOOLS" "$OUT"

say() { printf '\n== %s\n' "$*"; }

APT_GROUPS=(
  "poppler-utils python3-venv"
  "texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended texlive-fonts-extra texlive-plain-generic"
  "texlive-xetex texlive-luatex texlive-lang-chinese texlive-lang-japanese texlive-lang-german texlive-lang-french texlive-lang-spanish"
  "fonts-noto-cjk fonts-noto-core fonts-lato fonts-crosextra-carlito fonts-crosextra-caladea fonts-texgyre fonts-open-sans fonts-liberation2 fonts-dejavu-core"
  "chromium"
  "libreoffice-writer"
  "nodejs npm"
)

install_apt() {
  local missing=()
  for group in "${APT_GROUPS[@]}"; do
    for p in $group; do
      dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    done
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "apt: everything is installed"
    return
  fi
  if [ "$(id -u)" != 0 ]; then
    echo "apt: not root, cannot install: ${missing[*]} (their producers will be skipped)"
    return
  fi
  say "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q || echo "apt-get update failed"
  for group in "${APT_GROUPS[@]}"; do
    local want=()
    for p in $group; do dpkg -s "$p" >/dev/null 2>&1 || want+=("$p"); done
    [ ${#want[@]} -eq 0 ] && continue
    apt-get install -y -q --no-install-recommends "${want[@]}" \
      || echo "apt: could not install ${want[*]} (their producers will be skipped)"
  done
}

install_python() {
  say "Python tools in $TOOLS/venv"
  [ -x "$TOOLS/venv/bin/python" ] || python3 -m venv "$TOOLS/venv" || { echo "python3 -m venv failed"; return 1; }
  export PIP_CACHE_DIR=$TOOLS/pip-cache
  "$TOOLS/venv/bin/pip" install -q jinja2==3.1.6 pillow python-docx==1.2.0 odfpy==1.4.1 \
    || echo "pip: generator dependencies failed"
  "$TOOLS/venv/bin/pip" install -q "rendercv[full]==2.3" click \
    || echo "pip: rendercv failed (the Typst producer will be skipped)"
}

install_npm() {
  command -v npm >/dev/null || { echo "npm missing: the JSON Resume producer will be skipped"; return; }
  say "JSON Resume themes in $TOOLS/npm"
  mkdir -p "$TOOLS/npm"
  [ -f "$TOOLS/npm/package.json" ] || echo '{"name":"ats-corpus-themes","private":true}' > "$TOOLS/npm/package.json"
  (cd "$TOOLS/npm" && npm install --no-audit --no-fund --cache "$TOOLS/npm-cache" \
    jsonresume-theme-even@0.26.1 jsonresume-theme-elegant@1.16.1 jsonresume-theme-flat@0.3.7 \
    jsonresume-theme-kendall@0.2.0 jsonresume-theme-macchiato@1.1.0 jsonresume-theme-stackoverflow@3.3.0 \
    bootstrap@3.4.1 font-awesome@4.7.0 @fortawesome/fontawesome-free@6.7.2) \
    || echo "npm: theme install failed (missing themes will be skipped)"
}

if [ "${ATS_CORPUS_NO_INSTALL:-0}" != 1 ]; then
  install_apt
  install_python
  install_npm
fi

PY=$TOOLS/venv/bin/python
[ -x "$PY" ] || PY=python3
say "rendering $COUNT documents into $OUT"
cd "$HERE" && exec "$PY" -m atscorpus.build "$OUT" --count "$COUNT" --seed "$SEED" --jobs "$JOBS"
