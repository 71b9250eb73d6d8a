#!/bin/bash
# measure.sh: the pipeline beside the command-line tool on the three ledgers
# of the README's "Speed and memory" table, three rounds alternating the
# two, with wall time (s), peak memory (KB) and whether the outputs are
# equal. Needs GNU time (/usr/bin/time, Debian package "time") and about
# 1 GB in $DIR (default /tmp/beam-measure).
set -euo pipefail
cd "$(dirname "$0")"
dir=${DIR:-/tmp/beam-measure}
mkdir -p "$dir"
go build -o "$dir/beam" .
(cd ../.. && go build -o "$dir/secondsale" ./examples/secondsale)
[ -f "$dir/l10.csv" ] || go run ./genledger -rows 10000000 -o "$dir/l10.csv"
[ -f "$dir/l10x4.csv" ] || go run ./genledger -rows 10000000 -snapshots 4 -o "$dir/l10x4.csv"
[ -f "$dir/l2.5.csv" ] || go run ./genledger -rows 2500000 -o "$dir/l2.5.csv"
t() { /usr/bin/time -f "%e s %M KB" "$@" 2>&1 >/dev/null | tail -1; }
for f in l10 l10x4 l2.5; do
  in="$dir/$f.csv"
  for r in 1 2 3; do
    m=$(t "$dir/secondsale" movements -through 2026-12-01 -o "$dir/m.json" "$in")
    c=$(t "$dir/secondsale" cohorts -through 2026-12-01 -o "$dir/c.csv" "$in")
    rm -rf "$dir/out"
    p=$(t "$dir/beam" -as-of 2026-12-01 -ledger "$in" -out "$dir/out")
    same=equal
    cmp -s "$dir/out/movements.json" "$dir/m.json" && cmp -s "$dir/out/cohorts.csv" "$dir/c.csv" || same=DIFFERENT
    echo "$f round $r: movements $m | cohorts $c | pipeline $p | outputs $same | load $(cut -d' ' -f1 /proc/loadavg)"
  done
done
