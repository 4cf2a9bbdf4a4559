#!/usr/bin/env bash
# Measures the ledger (issue 16) on the generated national year and prints
# the figures for BENCHMARKS.md's "The ledger (issue 16)" section. Run from
# the repo root:
#
#   bash scripts/bench-ledger.sh           # 3 alternated runs (~3 min on 2 cores)
#   RUNS=5 bash scripts/bench-ledger.sh
#
# 1. bill and issue of the whole year take turns RUNS times on the same
#    inputs (so the machine's changing speed weighs on both alike): median
#    wall, CPU (user+sys), peak RSS (/usr/bin/time), the ledger's size. The
#    ledger is deleted before each issue.
# 2. With MEMBERFEE_BILLING_OUTSIDE_PERIOD=skip, the twelve months of 2025
#    are issued one by one (issue dates in 2026) into a fresh ledger; then
#    `ledger statement` of the first member for 2026 and `ledger verify`
#    are timed (median of RUNS).
#
# Needs /usr/bin/time (Debian: apt-get install time).
set -euo pipefail
export PATH="$PATH:/usr/local/go/bin"
RUNS=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/mf" ./cmd/memberfee
mf="$work/mf"

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }
maxof() { sort -n | tail -1; }
spread() { sort -n | awk 'NR==1{lo=$1} {hi=$1} END {print lo "–" hi}'; }

echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem/{print $2}') GiB, $(go version | cut -d' ' -f3-4), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit: $(git rev-parse --short HEAD)"

"$mf" gen --workload national --scale 1 --out "$work/nat" >/dev/null
cfg="$work/nat/memberfee.yaml"
db="$work/nat/memberfee.db"
: > "$work/bill"
: > "$work/issue"
for r in $(seq "$RUNS"); do
  rm -rf "$work/out"
  /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$mf" bill --config "$cfg" --out "$work/out" --quiet >/dev/null 2>&1
  cat "$work/t" >> "$work/bill"
  echo "run $r bill:  $(cat "$work/t") (wall s, user s, sys s, peak KB)"
  rm -rf "$work/out" "$db" "$db"-*
  /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$mf" issue --config "$cfg" --out "$work/out" --quiet --by bench --date 2026-01-10 --timings >/dev/null 2>"$work/timings"
  cat "$work/t" >> "$work/issue"
  echo "run $r issue: $(cat "$work/t") (wall s, user s, sys s, peak KB)"
  sed 's/^/    /' "$work/timings"
  size=$(stat -c %s "$db")
done
for w in bill issue; do
  wall=$(cut -d' ' -f1 "$work/$w" | median)
  cpu=$(awk '{print $2 + $3}' "$work/$w" | median)
  echo "$w: median wall $wall s ($(cut -d' ' -f1 "$work/$w" | spread) s), median CPU $cpu s, peak RSS $(( $(cut -d' ' -f4 "$work/$w" | maxof) / 1024 )) MB"
  declare "wall_$w=$wall" "cpu_$w=$cpu"
done
awk -v i="$wall_issue" -v b="$wall_bill" -v ci="$cpu_issue" -v cb="$cpu_bill" \
  'BEGIN {printf "issue / bill: wall %.2f×, CPU %.2f× (target ≤ 1.3×)\n", i / b, ci / cb}'
# A pair's ratio, run by run: the machine's speed changes less within a pair.
paste -d' ' "$work/bill" "$work/issue" | awk '{printf "  run %d issue/bill wall %.2f×\n", NR, $5 / $1}'
echo "ledger file: $(( size / 1024 / 1024 )) MB ($size bytes; target < 100 MB)"

# Twelve monthly periods of 2025, issued in 2026.
rm -rf "$db" "$db"-*
export MEMBERFEE_BILLING_OUTSIDE_PERIOD=skip
start=$(date +%s.%N)
for m in $(seq 1 12); do
  from=$(printf "2025-%02d-01" "$m")
  to=$(date -d "$from +1 month -1 day" +%F)
  rm -rf "$work/out"
  "$mf" issue --config "$cfg" --out "$work/out" --quiet --by bench --from "$from" --to "$to" --date "$(printf "2026-%02d-10" "$m")" >/dev/null
done
unset MEMBERFEE_BILLING_OUTSIDE_PERIOD
echo "twelve monthly issues: $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}') s in all; ledger $(( $(stat -c %s "$db") / 1024 / 1024 )) MB"
member=$("$mf" ledger list --config "$cfg" --json | sed -n 's/.*"member": *"\([^"]*\)".*/\1/p' | head -1)
[ -n "$member" ] || { echo "no member in the ledger's list" >&2; exit 1; }
: > "$work/st"
: > "$work/ve"
for r in $(seq "$RUNS"); do
  rm -rf "$work/out"
  /usr/bin/time -f "%e %M" -o "$work/t" "$mf" ledger statement --config "$cfg" --member "$member" --year 2026 --out "$work/out" >/dev/null
  cat "$work/t" >> "$work/st"
  /usr/bin/time -f "%e %M" -o "$work/t" "$mf" ledger verify --config "$cfg" >/dev/null
  cat "$work/t" >> "$work/ve"
done
echo "ledger statement --member $member --year 2026: median $(cut -d' ' -f1 "$work/st" | median) s (target < 0.05 s; the process's whole wall, start-up included), peak $(( $(cut -d' ' -f2 "$work/st" | maxof) / 1024 )) MB"
echo "ledger verify (twelve months): median $(cut -d' ' -f1 "$work/ve" | median) s (target < 5 s), peak $(( $(cut -d' ' -f2 "$work/ve" | maxof) / 1024 )) MB"
