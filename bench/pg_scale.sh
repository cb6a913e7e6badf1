#!/usr/bin/env bash
# PostgreSQL scale-out: bulk ingest of N generated pages (default 10,000) with linking
# on, SQLite vs PostgreSQL (one writer) vs PostgreSQL (two writers on the two halves),
# with each writer's peak RSS (/usr/bin/time -v) and the server's CPU time (the sum of
# utime+stime of the cluster's processes from /proc, before and after).
# Usage: bench/pg_scale.sh OUT_DIR   (a throwaway cluster from .ci/pg; N=... to change)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$(realpath -m "$1"); N=${N:-10000}; BIN=$(realpath target/release/newsdb)
mkdir -p "$OUT"
if [ ! -f "$OUT/corpus/.done" ]; then
  rm -rf "$OUT/corpus"; python3 bench/gen_corpus.py "$N" "$OUT/corpus" seeds >/dev/null
  touch "$OUT/corpus/.done"
fi
mkdir -p "$OUT/h1" "$OUT/h2"
i=0; find "$OUT/corpus" -type f ! -name .done | sort | while read -r f; do
  if [ $((i % 2)) = 0 ]; then ln -f "$f" "$OUT/h1/"; else ln -f "$f" "$OUT/h2/"; fi
  i=$((i + 1))
done
pgdir=$(mktemp -d); trap '.ci/pg stop "$pgdir"' EXIT
url=$(.ci/pg start "$pgdir"); base=${url%/postgres}
server_cpu() {  # clock ticks of every process of the cluster
  local pid total=0
  for pid in $(pgrep -u "$(stat -c %U "$pgdir/data")" postgres); do
    total=$((total + $(awk '{print $14 + $15 + $16 + $17}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done; echo "$total"
}
run() {  # label, db, dirs...
  local label=$1 db=$2; shift 2
  /usr/bin/time -v "$BIN" --db "$db" -q ingest "$@" 2>"$OUT/$label.time" || true
}
rss() { awk -F': ' '/Maximum resident/ {print int($2/1024)}' "$1"; }
wall() { awk -F': ' '/Elapsed \(wall/ {print $2}' "$1"; }
hz=$(getconf CLK_TCK)
rm -f "$OUT/sqlite.db"*
t0=$(date +%s.%N); run sqlite "$OUT/sqlite.db" "$OUT/h1" "$OUT/h2"; t1=$(date +%s.%N)
echo "sqlite: $N pages in $(echo "$t1 - $t0" | bc) s, peak RSS $(rss "$OUT/sqlite.time") MB"
psql -X -q "$url" -c "CREATE DATABASE one" -c "CREATE DATABASE two"
c0=$(server_cpu); t0=$(date +%s.%N); run pg1 "$base/one" "$OUT/h1" "$OUT/h2"; t1=$(date +%s.%N); c1=$(server_cpu)
n1=$("$BIN" --db "$base/one" query "SELECT count(*) FROM articles" --format csv | tail -1)
echo "postgres, 1 writer: $n1 articles in $(echo "$t1 - $t0" | bc) s, peak RSS $(rss "$OUT/pg1.time") MB, server CPU $(echo "scale=3; ($c1 - $c0) / $hz" | bc) s"
c0=$(server_cpu); t0=$(date +%s.%N)
run pg2a "$base/two" "$OUT/h1" & a=$!; run pg2b "$base/two" "$OUT/h2" & b=$!; wait $a $b
t1=$(date +%s.%N); c1=$(server_cpu)
n2=$("$BIN" --db "$base/two" query "SELECT count(*) FROM articles" --format csv | tail -1)
echo "postgres, 2 writers: $n2 articles in $(echo "$t1 - $t0" | bc) s, peak RSS $(rss "$OUT/pg2a.time") / $(rss "$OUT/pg2b.time") MB, server CPU $(echo "scale=3; ($c1 - $c0) / $hz" | bc) s"
