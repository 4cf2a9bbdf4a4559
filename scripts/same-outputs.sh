#!/usr/bin/env bash
# Proves a change kept every output byte: builds memberfee at REV (default
# HEAD) and from the working tree, runs both on the shipped example (allocate,
# bill, compare, forecast, clients, bill --lang en) and on the generated
# national workload at scale 0.1 (bill), each into its own folder, and
# compares every file byte for byte. Run from the repo root:
#
#   bash scripts/same-outputs.sh            # working tree against HEAD
#   bash scripts/same-outputs.sh 1716b51    # against another revision
#
# Exit 0 when every output is identical; otherwise it lists what differs.
set -euo pipefail
export PATH="$PATH:/usr/local/go/bin"
REV=${1:-HEAD}
SCALE=${SCALE:-0.1}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/old-src" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add -q --detach "$work/old-src" "$REV"
(cd "$work/old-src" && go build -o "$work/old" ./cmd/memberfee)
go build -o "$work/new" ./cmd/memberfee
# Both builds read the same inputs, from the same paths, at the same time.
cp -r examples/sydnarke "$work/example"
"$work/new" gen --workload national --scale "$SCALE" --out "$work/national" >/dev/null
export SOURCE_DATE_EPOCH=1764547200
for b in old new; do
  ex="$work/example/memberfee.yaml" nat="$work/national/memberfee.yaml" out="$work/out"
  rm -rf "$out"; mkdir -p "$out"
  "$work/$b" allocate --config "$ex" --out "$out/ex" >/dev/null
  "$work/$b" bill --config "$ex" --out "$out/ex" --quiet >/dev/null 2>&1 || true
  "$work/$b" bill --config "$ex" --out "$out/ex-en" --lang en --quiet >/dev/null 2>&1 || true
  "$work/$b" compare --config "$ex" --out "$out/ex" >/dev/null
  "$work/$b" forecast --config "$ex" --years 3 --out "$out/ex" >/dev/null
  "$work/$b" clients --config "$ex" --out "$out/ex" >/dev/null
  "$work/$b" bill --config "$nat" --out "$out/national" --quiet >/dev/null 2>&1 || true
  # The manifests name the engine's build; everything else must match.
  find "$out" -name manifest.json -exec sed -i -E 's/"engine": "[^"]*"/"engine": "…"/' {} +
  mv "$out" "$work/out-$b"
done
if diff -r "$work/out-old" "$work/out-new" >"$work/diff" 2>&1; then
  echo "every output identical: $(find "$work/out-new" -type f | wc -l) files ($REV against the working tree)"
else
  echo "outputs differ ($REV against the working tree):"
  head -40 "$work/diff"
  exit 1
fi
