#!/usr/bin/env bash
# Throughput, latency, memory and size of the whole process (issue 8).
# Usage: [ROUNDS=3] bench/perf.sh [N=10000] [LATENCY_FILES=200]
# Needs ../shared/bench for varied templates (falls back to seeds/ only).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}; LAT=${2:-200}
BENCH=${BENCH:-$( [ -d ../shared/bench ] && echo ../shared/bench || echo /work/shared/bench )}
cargo build --release --quiet --example perf
BIN=target/release/newsdb; PERF=target/release/examples/perf
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
TEMPLATES="seeds"; [ -d "$BENCH" ] && TEMPLATES="seeds $BENCH/pages $BENCH/extraction"
python3 bench/gen_corpus.py "$N" "$T/corpus" $TEMPLATES
MB=$(du -sb "$T/corpus" | awk '{print $1/1e6}')

# Ingest and the store-only limit run in ROUNDS back-to-back pairs: on a shared,
# noisy machine one slow phase would otherwise decide the ratio. Each round's
# ratio uses its own pair; the summary quotes medians.
ROUNDS=${ROUNDS:-3}
for r in $(seq "$ROUNDS"); do
  # sync: the previous round's database writes would otherwise still be flushing.
  rm -f "$T"/ingest.db* "$T"/limit.db*; sync
  echo "== round $r/$ROUNDS: bulk ingest (N=$N, FTS and linking on, batches of 256 files or 64 MB, a walking thread that reads sizes and starts file reads ahead, cores - 1 preparing threads that prepare batch k+1 and stage k+2 while k is written + the writer, which also prepares once its batch is written)"
  /usr/bin/time -v "$BIN" --db "$T/ingest.db" ingest "$T/corpus" 2> "$T/time.txt" >/dev/null || true
  grep -E "files in|Elapsed|Maximum resident" "$T/time.txt" | sed 's/^\s*//'
  WALL=$(grep "Elapsed (wall" "$T/time.txt" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  RSS=$(grep "Maximum resident" "$T/time.txt" | awk '{print $NF}')
  ARTS=$("$BIN" --db "$T/ingest.db" query "SELECT count(*) FROM articles" --format csv | tail -1)
  echo "articles/s: $(python3 -c "print(round($ARTS/$WALL))")   MB/s: $(python3 -c "print(round($MB/$WALL,2))")"
  # Two yardsticks, both a bare rusqlite loop over the same schema, indexes, triggers and
  # FTS: "all" re-inserts every row ingest stored (links and templates too); "articles"
  # only the articles and their own rows, so it leaves out the linking's rows.
  for ROWS in all articles; do
    rm -f "$T"/limit.db*; sync
    echo "== round $r/$ROUNDS: store-only limit, rows: $ROWS (same schema, minimal rusqlite loop)"
    "$PERF" limit "$T/ingest.db" "$T/limit.db" "$ROWS" | tee "$T/limit.txt"
    declare "LIMIT_$ROWS=$(awk '{print $(NF-1)}' "$T/limit.txt")"
  done
  python3 -c "print(f'ingest / limit: {($ARTS/$WALL)/$LIMIT_all:.2f} (all rows), {($ARTS/$WALL)/$LIMIT_articles:.2f} (article rows)')"
  echo "$ARTS $WALL $LIMIT_all $LIMIT_articles $RSS" >> "$T/rounds.txt"
done
python3 - "$T/rounds.txt" "$MB" <<'PY'
import statistics as st, sys
rows = [tuple(map(float, l.split())) for l in open(sys.argv[1])]
mb = float(sys.argv[2])
ing = [a / w for a, w, *_ in rows]
print(f"== summary over {len(rows)} rounds (median [min-max])")
print(f"ingest articles/s: {st.median(ing):.0f} [{min(ing):.0f}-{max(ing):.0f}]   MB/s: {st.median([mb / w for _, w, *_ in rows]):.2f}")
for col, name in ((2, "all rows"), (3, "article rows")):
    lim = [r[col] for r in rows]
    ratio = [i / l for i, l in zip(ing, lim)]
    print(f"limit ({name}) articles/s: {st.median(lim):.0f} [{min(lim):.0f}-{max(lim):.0f}]")
    print(f"ingest / limit ({name}, per round): {st.median(ratio):.2f} [{min(ratio):.2f}-{max(ratio):.2f}]  rounds: {' '.join(f'{x:.2f}' for x in ratio)}")
print(f"peak RSS KB: max {max(r for *_, r in rows):.0f}")
PY

echo "== size"
DBB=$(( $(stat -c %s "$T/ingest.db") + $(stat -c %s "$T/ingest.db-wal" 2>/dev/null || echo 0) ))
TEXT=$("$BIN" --db "$T/ingest.db" query "SELECT sum(length(CAST(body AS BLOB))) FROM articles" --format csv | tail -1)
python3 -c "print(f'db bytes/article: {$DBB/$ARTS:.0f}   db / article text: {$DBB/$TEXT:.2f}x')"

echo "== per-stage cost (single thread, in memory, first 2,000 pages)"
"$PERF" stages "$T/corpus/0000"
[ "$N" -gt 1000 ] && "$PERF" stages "$T/corpus/0001" | tail -4

echo "== watch latency ($LAT files renamed in one at a time, settle_ms=500)"
"$PERF" latency "$BIN" "$T/watch" "$T/watch.db" "$LAT" 500
