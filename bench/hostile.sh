#!/usr/bin/env bash
# Peak memory on hostile pages (issue 27): each page, just under watch.max_file_size
# (20 MiB), through `extract`, `ingest` and the `watch` daemon alone, peak RSS and
# wall time from /usr/bin/time -v. Then all pages in one folder through `ingest`.
# The target: at most 300 MB for any single file.
# Usage: bench/hostile.sh [PAGE...]   (default: every page below)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${BIN:-}" ] || cargo build --release --quiet
BIN=${BIN:-$PWD/target/release/newsdb}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
mkdir -p "$T/pages"

python3 - "$T/pages" <<'EOF'
import random, sys
out = sys.argv[1]
random.seed(27)
words = ("the minister said that growth would reach percent next year "
         "according to officials in the capital").split()
para = lambda n: " ".join(random.choice(words) for _ in range(n))
pages = {
    # Unclosed formatting tags: the parser reopens <i> in every paragraph.
    "unclosed.html": "<html><body>" + "<p><i>x" * 2_600_000,
    # Well formed, but two million paragraphs.
    "wellformed.html": "<html><body>" + "<p>x</p>" * 2_000_000,
    # Two million nested divs, never closed.
    "nested.html": "<html><body>" + "<div>" * 2_000_000 + "x",
    # Formatting elements of many kinds left open, then many paragraphs.
    "formatting.html": "<html><body>" + "".join(
        f"<{t}>" for t in ["b", "i", "u", "s", "em", "strong", "small", "big", "tt",
                           "code", "font", "nobr", "strike"] * 3) + "<p>x" * 2_000_000,
    # Ordinary text, 18 MB of it, in paragraphs.
    "textheavy.html": "<html><body>" + "".join(
        f"<p>{para(80)}</p>\n" for _ in range(38_000)),
    # A plain-text dump of quotes and figures on every line.
    "quotes.txt": "".join(
        f"\u201c{para(12)},\u201d said Maria Lopez, a spokeswoman. Prices rose "
        f"{random.randint(1, 99)}% to ${random.randint(1, 999)} million.\n\n"
        for _ in range(110_000)),
    # One line of 18 MB.
    "oneline.txt": para(3_000_000),
}
for name, text in pages.items():
    with open(f"{out}/{name}", "w") as f:
        f.write(text)
EOF

rss() { grep "Maximum resident" "$1" | awk '{printf "%.0f", $NF/1024}'; }
wall() { grep "Elapsed (wall" "$1" | awk '{print $NF}'; }

PAGES=("$@"); [ ${#PAGES[@]} -eq 0 ] && PAGES=($(ls "$T/pages"))
printf '%-18s %8s %14s %14s %14s\n' page MB "extract MB/s" "ingest MB/s" "watch MB/s"
for p in "${PAGES[@]}"; do
  f="$T/pages/$p"; size=$(du -m "$f" | cut -f1)
  /usr/bin/time -v "$BIN" extract "$f" >/dev/null 2>"$T/x.txt" || true
  rm -rf "$T/one" "$T"/db*; mkdir "$T/one"; cp "$f" "$T/one/"
  /usr/bin/time -v "$BIN" --db "$T/db" ingest "$T/one" >/dev/null 2>"$T/i.txt" || true
  rm -f "$T"/db*
  # The daemon: started on the folder, stopped once the file is stored.
  cat >"$T/watch.toml" <<EOT
[watch]
settle_ms = 100
rescan_secs = 0
EOT
  /usr/bin/time -v "$BIN" --config "$T/watch.toml" --db "$T/db" watch --dir "$T/one" \
      >/dev/null 2>"$T/w.txt" &
  TIMER=$!
  for _ in $(seq 600); do
    n=$("$BIN" --db "$T/db" query "SELECT count(*) FROM files" --format csv 2>/dev/null | tail -1 || true)
    [ "${n:-0}" = "1" ] && break; sleep 0.2
  done
  # SIGTERM to the daemon itself (the child of time), by its id.
  kill -TERM "$(pgrep -P "$TIMER")" 2>/dev/null || true; wait "$TIMER" || true
  printf '%-18s %8s %14s %14s %14s\n' "$p" "$size" "$(rss "$T/x.txt")/$(wall "$T/x.txt")" \
    "$(rss "$T/i.txt")/$(wall "$T/i.txt")" "$(rss "$T/w.txt")/$(wall "$T/w.txt")"
done
echo "(peak RSS in MB / wall time)"
rm -f "$T"/db*
/usr/bin/time -v "$BIN" --db "$T/db" ingest "$T/pages" >/dev/null 2>"$T/all.txt" || true
echo "all ${#PAGES[@]} pages in one folder, ingest: $(rss "$T/all.txt") MB, $(wall "$T/all.txt")"
"$BIN" --db "$T/db" query "SELECT path, status, error FROM files" --format csv | sed "s|$T/pages/||"

# `query` on hostile results: values of megabytes, millions of rows, a sort that
# never ends. Rows are streamed and table cells cut at 80 columns, so peak RSS
# should not grow with the output; the sort stops at query.max_temp_mb (256).
"$BIN" --db "$T/q.db" migrate >/dev/null
cat >"$T/q.toml" <<EOT
[database]
path = "$T/q.db"
[query]
max_rows = 0
timeout_ms = 600000
EOT
q() {
  local what=$1; shift
  /usr/bin/time -v "$BIN" --config "$T/q.toml" query "$@" >/dev/null 2>"$T/q.txt" || true
  printf '%-44s %6s MB %10s  %s\n' "$what" "$(rss "$T/q.txt")" "$(wall "$T/q.txt")" \
    "$(grep -o 'newsdb: error: .*' "$T/q.txt" | cut -c1-60)"
}
ROWS='WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i <'
echo
q "10,000 rows of 200 KB, table" "$ROWS 10000) SELECT i, replace(hex(zeroblob(100000)), '00', 'x ') FROM n"
q "one 10 MB value, table" "SELECT replace(hex(zeroblob(5000000)), '00', 'ab')"
q "10M rows, table" "$ROWS 10000000) SELECT i, 'row ' || i FROM n"
q "10M rows, json" --format json "$ROWS 10000000) SELECT i, 'row ' || i FROM n"
q "sort of an endless recursion" "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c) SELECT i, randomblob(200) AS b FROM c ORDER BY b"
