#!/usr/bin/env bash
# Scores the release binary on ../shared/bench: pages, extraction (.txt and .html) and figures.
# Usage: bench/quality.sh [pages|extraction|figures|all] [extra scorer args...]
set -euo pipefail
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
