#!/usr/bin/env bash
# Scanned renderings of the rendered corpus, for OCR's field accuracy:
# every eighth PDF of SRC rasterised at 150 dpi in grey (pdftoppm) and put
# back into an image-only PDF (img2pdf), with its truth file beside it.
#
#   scripts/corpus/scan.sh /var/cache/ats/corpus /var/cache/ats/corpus-scanned
#   ATS_CORPUS_DIR=/var/cache/ats/corpus-scanned \
#     cargo test --workspace --test ingest corpus -- --nocapture
set -euo pipefail
src=${1:?source corpus directory}
dst=${2:?output directory}
mkdir -p "$dst"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ls "$src"/*.pdf | awk 'NR % 8 == 1' | while read -r pdf; do
  base=$(basename "$pdf" .pdf)
  pdftoppm -r 150 -gray -png "$pdf" "$tmp/$base"
  img2pdf "$tmp/$base"*.png -o "$dst/$base.pdf"
  cp "$src/$base.truth.json" "$dst/"
  rm -f "$tmp/$base"*.png
done
echo "$(ls "$dst"/*.pdf | wc -l) scanned renderings in $dst"
