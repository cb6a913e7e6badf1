#!/usr/bin/env bash
# Figure extraction speed: sentences per CPU-second (this thread's CPU time, one thread),
# median of RUNS runs of benches/figures.rs in --cpu mode (dev.jsonl sentences + gold
# news bodies from ../shared/bench; seeds/ + an embedded sample when that is missing),
# and pages per CPU-second over the gold news bodies alone.
# Usage: bench/figures_speed.sh [RUNS=5]
#   BASE=/path/to/old/figures-bench bench/figures_speed.sh 5   interleaves a baseline bench
#   binary (a copy of target/release/deps/figures-* built earlier) and prints the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
bin=$(cargo bench --bench figures --no-run --message-format=json 2>/dev/null \
  | python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == "figures":
        print(m["executable"])' | tail -1)
# One run of a bench binary: "SENTENCES PAGES" per CPU-second.
rate() { "$1" --cpu 1 2>/dev/null | awk '/^run sentences/{s=$3} /^run pages/{p=$3} END{print s, p}'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
new=(); base=(); newp=(); basep=()
for _ in $(seq "$runs"); do
  if [[ -n ${BASE:-} ]]; then read -r s p < <(rate "$BASE"); base+=("$s"); basep+=("${p:-0}"); fi
  read -r s p < <(rate "$bin"); new+=("$s"); newp+=("${p:-0}")
done
"$bin" --cpu 1 2>&1 >/dev/null | sed 's/^/# /' || true
if [[ -n ${BASE:-} ]]; then
  mb=$(median "${base[@]}"); echo "baseline  sentences/cpu-s: runs ${base[*]}  median $mb"
  mbp=$(median "${basep[@]}"); echo "baseline  pages/cpu-s:     runs ${basep[*]}  median $mbp"
fi
mn=$(median "${new[@]}"); echo "figures   sentences/cpu-s: runs ${new[*]}  median $mn"
mnp=$(median "${newp[@]}"); echo "figures   pages/cpu-s:     runs ${newp[*]}  median $mnp"
if [[ -n ${BASE:-} ]]; then python3 -c "print(f'speed-up: {$mn/$mb:.2f}x')"; fi
