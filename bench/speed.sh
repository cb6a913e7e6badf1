#!/usr/bin/env bash
# Normalizer speed on ../shared/bench: pages/s per CPU-second for the 2.5 KB text
# pages, the 12 KB extraction .txt pages and the extraction .html pages.
# Usage: bench/speed.sh [RUNS] [REPS]   (prints every run, then the median per set)
# With BASE=/path/to/old/perf, runs that binary and the new one interleaved (the
# machine is shared, so only same-run comparisons mean much) and prints both
# medians and their ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=${BENCH:-$( [ -d ../shared/bench ] && echo ../shared/bench || echo /work/shared/bench )}
BASE=${BASE:-}
runs=${1:-3}; reps=${2:-5}
cargo build --release --quiet --example perf
NEW=target/release/examples/perf
rate() { "$1" stages "$BENCH/$2" "$3" "$reps" | awk '$1=="normalize"{print $5}'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
for set in "pages txt" "extraction txt" "extraction html"; do
  read -r dir ext <<<"$set"
  rates=(); base=()
  for _ in $(seq "$runs"); do
    [ -n "$BASE" ] && base+=("$(rate "$BASE" "$dir" "$ext")")
    rates+=("$(rate "$NEW" "$dir" "$ext")")
  done
  med=$(median "${rates[@]}")
  if [ -n "$BASE" ]; then
    bmed=$(median "${base[@]}")
    echo "$dir/*.$ext normalize pages/cpu-s: base runs ${base[*]} median $bmed | new runs ${rates[*]} median $med | x$(awk -v a="$med" -v b="$bmed" 'BEGIN{printf "%.2f", a/b}')"
  else
    echo "$dir/*.$ext normalize pages/cpu-s: runs ${rates[*]}  median $med"
  fi
done
