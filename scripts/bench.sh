#!/usr/bin/env bash
# Measures memberfee bill on generated national workloads (scale 0.1 by
# default; SCALES="0.1 1 2" for more) with /usr/bin/time, and the Go
# benchmarks, and prints the figures for BENCHMARKS.md. Run from the repo root.
set -euo pipefail
export PATH="$PATH:/usr/local/go/bin"
SCALES=${SCALES:-0.1}
RUNS=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/memberfee" ./cmd/memberfee
echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB, $(go version)"
for s in $SCALES; do
  "$work/memberfee" gen --workload national --scale "$s" --out "$work/nat-$s" >/dev/null
  rows=$(cat "$work/nat-$s"/data/{equipment,printers,storage,support,licences,services}.csv | wc -l)
  if command -v soffice >/dev/null 2>&1; then
    /usr/bin/time -f "%e %M" -o "$work/t" soffice -env:UserInstallation=file://$work/lo --headless --convert-to xlsx --outdir "$work/lo-$s" "$work/nat-$s/data/storage.csv" >/dev/null 2>&1
    read -r secs kb < "$work/t"
    echo "LibreOffice converting storage.csv of scale $s to xlsx: ${secs} s, $((kb / 1024)) MB peak RSS"
  fi
  for r in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$work/t" "$work/memberfee" bill --config "$work/nat-$s/memberfee.yaml" --out "$work/out-$s" >/dev/null 2>&1
    read -r secs kb < "$work/t"
    echo "bill scale $s ($rows lines incl. headers) run $r: ${secs} s, $((kb / 1024)) MB peak RSS"
  done
done
go test ./allocation -run '^$' -bench . -benchtime 2s | grep Benchmark
go test ./report -run '^$' -bench 'StreamWriterAlone|BookStream' -benchtime 3x | grep Benchmark
