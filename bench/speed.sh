#!/usr/bin/env bash
# Normalizer speed on ../shared/bench: pages/s per CPU-second for the 2.5 KB text
# pages, the 12 KB extraction .txt pages and the extraction .html pages.
# Usage: bench/speed.sh [RUNS] [REPS]   (prints every run, then the median per set)
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=${BENCH:-$( [ -d ../shared/bench ] && echo ../shared/bench || echo /work/shared/bench )}
runs=${1:-3}; reps=${2:-5}
cargo build --release --quiet --example perf
for set in "pages txt" "extraction txt" "extraction html"; do
  read -r dir ext <<<"$set"
  rates=()
  for _ in $(seq "$runs"); do
    r=$(target/release/examples/perf stages "$BENCH/$dir" "$ext" "$reps" | awk '$1=="normalize"{print $5}')
    rates+=("$r")
  done
  med=$(printf '%s\n' "${rates[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  echo "$dir/*.$ext normalize pages/cpu-s: runs ${rates[*]}  median $med"
done
