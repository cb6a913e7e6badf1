#!/usr/bin/env bash
# Scores the release binary on ../shared/bench: pages, extraction (.txt and .html), figures,
# and the real-page sets: realnews (quotes, figures, metadata) and wcxb (body + metadata).
# Usage: bench/quality.sh [pages|extraction|figures|realnews|wcxb|all] [extra scorer args...]
set -euo pipefail
export RUST_LOG=${RUST_LOG:-warn,html5ever=off}
cd "$(dirname "$0")/.."
BENCH=${BENCH:-$( [ -d ../shared/bench ] && echo ../shared/bench || echo /work/shared/bench )}
BIN=${BIN:-target/release/newsdb}
OUT=${OUT:-bench/out}
what=${1:-all}; shift || true
[ -x "$BIN" ] || cargo build --release --quiet
if [[ $what == pages || $what == all ]]; then
  rm -rf "$OUT/pages"; mkdir -p "$OUT/pages"
  "$BIN" extract "$BENCH"/pages/n*.txt "$BENCH"/pages/seeds/*.txt | python3 bench/to_bench.py pages "$OUT/pages"
  python3 "$BENCH/pages/score.py" "$BENCH/pages" "$OUT/pages" "$@"
fi
if [[ $what == extraction || $what == all ]]; then
  for ext in txt html; do
    rm -rf "$OUT/extraction-$ext"; mkdir -p "$OUT/extraction-$ext"
    ls "$BENCH"/extraction/*."$ext" | grep -v gold | xargs "$BIN" extract \
      | python3 bench/to_bench.py extraction "$OUT/extraction-$ext" || true
    echo "extraction from .$ext:"
    python3 "$BENCH/extraction/score.py" "$BENCH/extraction" "$OUT/extraction-$ext" | tail -3
  done
fi
if [[ $what == figures || $what == all ]]; then
  d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
  python3 - "$BENCH/figures/dev.jsonl" "$d" <<'PY'
import json, sys
src, d = sys.argv[1], sys.argv[2]
ids = []
for i, line in enumerate(open(src)):
    rec = json.loads(line)
    ids.append(rec["id"])
    open(f"{d}/{i:04d}.txt", "w").write(rec["text"].replace("\n", " ") + "\n")
open(f"{d}/ids", "w").write("\n".join(ids) + "\n")
PY
  "$BIN" extract --assume-clean "$d"/*.txt | python3 bench/to_bench.py figures "$d/ids" > "$OUT/figures.jsonl"
  python3 "$BENCH/figures/score.py" "$BENCH/figures/dev.jsonl" "$OUT/figures.jsonl" "$@"
fi
if [[ $what == realnews || $what == all ]]; then
  for ext in html txt; do
    rm -rf "$OUT/realnews-$ext"; mkdir -p "$OUT/realnews-$ext"
    ls "$BENCH"/extraction/*."$ext" | grep -v gold | xargs "$BIN" extract \
      | python3 bench/to_bench.py pages "$OUT/realnews-$ext" || true
    echo "realnews from .$ext:"
    python3 "$BENCH/pages/score.py" "$BENCH/realnews" "$OUT/realnews-$ext" --no-seeds "$@"
  done
fi
if [[ $what == wcxb || $what == all ]]; then
  # The pages are stored gzipped; unpack them once into a cache beside the outputs.
  cache="$OUT/wcxb-pages"
  if [ ! -f "$cache/.done" ]; then
    rm -rf "$cache"; mkdir -p "$cache"
    for f in "$BENCH"/wcxb/*.html.gz; do n=$(basename "$f" .gz); zcat "$f" > "$cache/$n"; done
    touch "$cache/.done"
  fi
  for ext in html txt; do
    rm -rf "$OUT/wcxb-$ext"; mkdir -p "$OUT/wcxb-$ext"
    if [ "$ext" = html ]; then src="$cache"; else src="$BENCH/wcxb"; fi
    find "$src" -maxdepth 1 -name "*.$ext" ! -name "*.gold.*" | sort | xargs "$BIN" extract \
      | python3 bench/to_bench.py wcxb "$OUT/wcxb-$ext" || true
    echo "wcxb from .$ext:"
    python3 "$BENCH/wcxb/score.py" "$BENCH/wcxb" "$OUT/wcxb-$ext" "$@"
  done
fi
