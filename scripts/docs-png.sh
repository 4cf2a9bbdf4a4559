#!/usr/bin/env bash
# Renders the first page of each main workbook of the shipped example to
# docs/<name>.png, as a Swedish reader's LibreOffice shows it (LANG
# sv_SE.UTF-8: 2 546 267,00, not 2,546,267.00), for the README. Run from
# the repo root after a change to a layout, and look at the PNGs:
#
#   bash scripts/docs-png.sh
#
# Needs LibreOffice (soffice) and pdftoppm (poppler-utils).
set -euo pipefail
export PATH="$PATH:/usr/local/go/bin"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r examples/sydnarke "$tmp/ex"
rm -f "$tmp/ex/memberfee.db"*
cfg="$tmp/ex/memberfee.yaml"
go build -o "$tmp/mf" ./cmd/memberfee
mf="$tmp/mf"
out="$tmp/out"
"$mf" allocate --config "$cfg" --out "$out" >/dev/null
"$mf" bill --config "$cfg" --out "$out" --quiet >/dev/null 2>&1 || true # the example has rejected rows
"$mf" compare --config "$cfg" --out "$out" >/dev/null
"$mf" forecast --config "$cfg" --years 5 --out "$out" >/dev/null
"$mf" clients --config "$cfg" --out "$out" >/dev/null
"$mf" adopt --config "$cfg" --by "Eva Lind" --date 2024-12-12 >/dev/null
"$mf" issue --config "$cfg" --installment 1 --by "Eva Lind" --date 2025-01-02 --out "$out" >/dev/null
stem=$(cd "$out" && ls chargeback-*_*.json | head -1)
stem=${stem%.json}
render() { # render NAME WORKBOOK
  LANG=sv_SE.UTF-8 soffice -env:UserInstallation=file://"$tmp/profile" --headless \
    --convert-to pdf --outdir "$tmp/pdf" "$2" >/dev/null 2>&1
  pdftoppm -png -r 100 -f 1 -l 1 "$tmp/pdf/$(basename "${2%.xlsx}").pdf" "$tmp/$1"
  mv "$tmp/$1"-*1.png "docs/$1.png"
  echo "docs/$1.png"
}
render allocation "$out"/allocation-*.xlsx
render chargeback "$out/$stem.xlsx"
render member "$out/$stem-1861.xlsx"
render compare "$out"/compare-*.xlsx
render forecast "$out"/forecast-*.xlsx
render clients "$out"/clients-*.xlsx
render fee-notice "$(ls "$out"/fee-*-1861.xlsx)"
