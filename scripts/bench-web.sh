#!/usr/bin/env bash
# Measures the web view (issue 20, `memberfee serve`) on the national year's
# ledger with twelve monthly periods issued, and prints each page type's
# server time (p50, p95) for BENCHMARKS.md. Run from the repo root:
#
#   bash scripts/bench-web.sh                  # builds the fixture once (~3 min), then measures
#   CACHE=/tmp/mf-web bash scripts/bench-web.sh
#   REBUILD=1 bash scripts/bench-web.sh        # builds the fixture anew
#   FIXTURE_ONLY=1 bash scripts/bench-web.sh   # only builds the fixture
#
# The fixture (kept in $CACHE, default ~/.cache/memberfee/bench-web):
# `gen --workload national --scale 1`, the year's fee adopted, then, with
# MEMBERFEE_BILLING_OUTSIDE_PERIOD=skip, the twelve months of 2025 issued
# one by one (issue dates 2026-MM-10) into its ledger. The benchmark
# (BenchmarkServe in cmd/memberfee/serve_bench_test.go) reads the config's
# path from MEMBERFEE_WEB_BENCH and skips without it; it serves the real
# server (the real Backend) through httptest and asks each page type over
# real HTTP requests.
set -euo pipefail
export PATH="$PATH:/usr/local/go/bin"
CACHE=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/memberfee/bench-web}
COUNT=${COUNT:-1}
mkdir -p "$CACHE"
cfg="$CACHE/nat/memberfee.yaml"

if [[ -n "${REBUILD:-}" || ! -f "$CACHE/ready" ]]; then
  rm -rf "$CACHE/nat" "$CACHE/ready"
  go build -o "$CACHE/mf" ./cmd/memberfee
  mf="$CACHE/mf"
  start=$(date +%s.%N)
  "$mf" gen --workload national --scale 1 --out "$CACHE/nat" >/dev/null
  "$mf" adopt --config "$cfg" --by bench --date 2025-12-12 >/dev/null
  export MEMBERFEE_BILLING_OUTSIDE_PERIOD=skip
  for m in $(seq 1 12); do
    from=$(printf "2025-%02d-01" "$m")
    to=$(date -d "$from +1 month -1 day" +%F)
    rm -rf "$CACHE/out"
    "$mf" issue --config "$cfg" --out "$CACHE/out" --quiet --by bench --from "$from" --to "$to" --date "$(printf "2026-%02d-10" "$m")" >/dev/null
    echo "issued $from … $to"
  done
  unset MEMBERFEE_BILLING_OUTSIDE_PERIOD
  rm -rf "$CACHE/out"
  git rev-parse --short HEAD > "$CACHE/ready"
  echo "fixture: $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}') s; ledger $(( $(stat -c %s "$CACHE/nat/memberfee.db") / 1024 / 1024 )) MB"
fi

[[ -n "${FIXTURE_ONLY:-}" ]] && { echo "fixture in $CACHE"; exit 0; }

echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem/{print $2}') GiB, $(go version | cut -d' ' -f3-4), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit: $(git rev-parse --short HEAD) (fixture made at $(cat "$CACHE/ready"))"
MEMBERFEE_WEB_BENCH="$cfg" MEMBERFEE_BILLING_OUTSIDE_PERIOD=skip \
  go test -run '^$' -bench '^BenchmarkServe$' -benchtime 1x -count "$COUNT" -timeout 30m -v ./cmd/memberfee/
