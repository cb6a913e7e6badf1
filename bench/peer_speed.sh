#!/usr/bin/env bash
# HTML speed against the Rust peer: newsdb's normalizer (decode + normalize, from
# `examples/perf.rs stages`) and rs-trafilatura 0.2.2 (`bench/peer_speed/`, a
# separate cargo project built only here, so the peer stays out of newsdb's
# dependency graph and out of CI) on the same pages in the same run, each timed
# by its thread's CPU time. Runs alternate between the two; prints every run,
# the medians in pages per CPU-second and their ratio.
# Usage: bench/peer_speed.sh [RUNS] [REPS]   (pages: the WCXB pages, unpacked
# once into bench/out/wcxb-pages, and ../shared/bench/extraction/*.html)
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=${BENCH:-$( [ -d ../shared/bench ] && echo ../shared/bench || echo /work/shared/bench )}
runs=${1:-5}; reps=${2:-2}
cargo build --release --quiet --example perf
(cd bench/peer_speed && CARGO_TARGET_DIR=../../target/peer-speed cargo build --release --quiet)
OURS=target/release/examples/perf
PEER=target/peer-speed/release/peer_speed
cache=bench/out/wcxb-pages
if [ ! -f "$cache/.done" ]; then
  rm -rf "$cache"; mkdir -p "$cache"
  for f in "$BENCH"/wcxb/*.html.gz; do n=$(basename "$f" .gz); zcat "$f" > "$cache/$n"; done
  touch "$cache/.done"
fi
ours() {
  "$OURS" stages "$1" html "$reps" | awk '
    $1=="decode"{c+=$3} $1=="normalize"{c+=$3} /pages\)/{gsub(/[()]/,""); n=$(NF-1)}
    END{printf "%.0f\n", n/(c/1000)}'
}
peer() { "$PEER" "$1" html "$reps" | awk '{print $NF}'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
for dir in "$cache" "$BENCH/extraction"; do
  a=(); b=()
  for _ in $(seq "$runs"); do
    a+=("$(ours "$dir")")
    b+=("$(peer "$dir")")
  done
  ma=$(median "${a[@]}"); mb=$(median "${b[@]}")
  echo "$dir: newsdb runs ${a[*]} median $ma | rs-trafilatura runs ${b[*]} median $mb | x$(awk -v a="$ma" -v b="$mb" 'BEGIN{printf "%.1f", a/b}') pages per CPU-second"
done
