#!/usr/bin/env bash
# What cross-source linking costs at ingest: generates N varied pages (copies of the
# bench pages and seeds, each with unique paragraphs, a unique quote and a unique
# figure, and shuffled middle paragraphs), then times `newsdb ingest` into a fresh
# database with linking on and off (`[link] enabled`), interleaved RUNS times (default 3; the
# machine is shared and noisy), and prints articles/s per run, the medians and the ratio,
# and the CPU seconds each run used (steadier than wall time on a loaded machine).
# CORPUS=copies (the default) is the worst case for linking: every page is a near-copy of
# one of 58 templates, so ~170 copies of each join one story and every quote joins a
# cluster of thousands. CORPUS=mixed is closer to a news archive: the 130 bench pages
# (pages/*.txt, seeds, extraction/*.txt) as skeletons, each page keeping a random 60% of
# its paragraphs and taking 2 paragraphs from another page, so articles of one skeleton
# overlap (shared quotes, speakers, figures) without being copies.
# PAGES=DIR writes the pages to DIR (kept) and stops there, for other comparisons.
# BASE=BINARY also times another build in the same rounds (base off, base on, off, on),
# so a change is compared with its base under the same load.
# Usage: [RUNS=3] [CORPUS=copies|mixed] [PAGES=DIR] [BASE=BINARY] bench/link_cost.sh [N=10000]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}
RUNS=${RUNS:-3}
CORPUS=${CORPUS:-copies}
BENCH=${BENCH:-$( [ -d ../shared/bench ] && echo ../shared/bench || echo /work/shared/bench )}
BIN=${BIN:-target/release/newsdb}
[ -x "$BIN" ] || cargo build --release --quiet
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
case $CORPUS in
  copies) srcs=("$BENCH"/pages/n*.txt seeds/*.txt) ;;
  mixed) srcs=("$BENCH"/pages/n*.txt seeds/*.txt)
         for f in "$BENCH"/extraction/*.txt; do [[ $f == *.gold.txt ]] || srcs+=("$f"); done ;;
  *) echo "CORPUS must be copies or mixed" >&2; exit 2 ;;
esac
pages=${PAGES:-$work/pages}
python3 - "$N" "$pages" "$CORPUS" "${srcs[@]}" <<'PY'
import os, random, sys
n, out, corpus, srcs = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
os.makedirs(out)
rnd = random.Random(42)
words = ("council river budget school harbour vaccine bridge election farmers tariff "
         "museum drought rail court tenants wildfire library union festival reactor").split()
names = "Ada Bea Cyr Dov Eli Fay Gus Hal Ira Joy Kit Lev Max Ned Ola Pia Rex Sol Tia Uma".split()
bases = [open(p, encoding="utf-8", errors="replace").read().split("\n") for p in srcs]
for i in range(n):
    lines = list(bases[i % len(bases)])
    if corpus == "mixed":
        blocks = "\n".join(lines).split("\n\n")
        other = "\n".join(rnd.choice(bases)).split("\n\n")
        kept = blocks[:3] + [b for b in blocks[3:] if rnd.random() < 0.6]
        for b in rnd.sample(other, min(2, len(other))):
            kept.insert(rnd.randint(3, len(kept)) if len(kept) > 3 else len(kept), b)
        lines = "\n\n".join(kept).split("\n")
    w = rnd.sample(words, 4)
    extra = [
        f"Officials said on Friday that {i * 7 + 3} further reports about the {w[0]} and the {w[1]}, numbered {i}, were under review.",
        f'"We will look at the {w[2]} plan number {i} again next week," said {rnd.choice(names)} {rnd.choice(names)}son, a spokesperson for the {w[3]} office.',
        f"The {w[0]} {w[2]} review covers about {1000 + i} {w[3]} cases a year, according to the agency.",
    ]
    at = min(len(lines), 8)
    lines[at:at] = [""] + [x for e in extra for x in (e, "")]
    with open(os.path.join(out, f"page_{i:05}.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
PY
[ -n "${PAGES:-}" ] && exit 0
printf '[link]\nenabled = false\n' > "$work/off.toml"
printf '[link]\nenabled = true\n' > "$work/on.toml"
run() {
  local label=$1 config=$2 bin=${3:-$BIN}
  rm -f "$work"/db*
  local t0 t1
  t0=$(date +%s.%N)
  RUST_LOG=warn /usr/bin/time -f "%U %S" -o "$work/cpu" "$bin" --config "$config" --db "$work/db.sqlite" ingest "$pages" >/dev/null 2>"$work/err" || true
  t1=$(date +%s.%N)
  local arts
  arts=$("$BIN" --db "$work/db.sqlite" query "SELECT count(*) FROM articles" --format csv | tail -1)
  python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); c=sum(map(float, open(sys.argv[4]).read().split()[-2:])); print(f'$label: {sys.argv[3]} articles in {s:.1f} s = {int(sys.argv[3])/s:.0f} articles/s, {c:.1f} CPU s')" "$t0" "$t1" "$arts" "$work/cpu" | tee -a "$work/res"
}
for _ in $(seq "$RUNS"); do
  if [ -n "${BASE:-}" ]; then
    run "base off" "$work/off.toml" "$BASE"
    run "base on " "$work/on.toml" "$BASE"
  fi
  run "linking off" "$work/off.toml"
  run "linking on " "$work/on.toml"
done
"$BIN" --db "$work/db.sqlite" query "SELECT (SELECT count(*) FROM stories) AS stories, (SELECT count(*) FROM quote_clusters) AS clusters, (SELECT count(*) FROM speakers) AS speakers, (SELECT count(*) FROM figure_disagreements) AS disagreements, (SELECT max(articles) FROM story_articles_view) AS biggest_story"
python3 - "$work/res" <<'PY'
import re, statistics, sys
runs = {}
for l in open(sys.argv[1]):
    m = re.search(r"^(base|linking) (off|on) *: .*= (\d+) articles/s, ([\d.]+) CPU s", l)
    runs.setdefault((m.group(1), m.group(2)), []).append((float(m.group(3)), float(m.group(4))))
for who in ("base", "linking"):
    if (who, "off") not in runs:
        continue
    off, on = runs[(who, "off")], runs[(who, "on")]
    a, b = statistics.median(r[0] for r in off), statistics.median(r[0] for r in on)
    c, d = statistics.median(r[1] for r in off), statistics.median(r[1] for r in on)
    name = "base: " if who == "base" else ""
    print(f"{name}medians: off {a:.0f} articles/s, on {b:.0f} articles/s")
    print(f"{name}linking costs {100 * (1 - b / a):.1f}% of throughput (on/off = {b / a:.2f})")
    print(f"{name}CPU seconds (user + sys): off {c:.1f}, on {d:.1f} (off/on = {c / d:.2f})")
PY
