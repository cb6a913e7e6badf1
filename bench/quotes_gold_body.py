#!/usr/bin/env python3
"""Score quote extraction alone: feed each gold `body` to `newsdb extract --assume-clean`.

Usage: bench/quotes_gold_body.py [pages|realnews] [extra score.py args...]   (from the worktree root)
Writes NAME.out.json (gold metadata + our quotes) to bench/out/quotes-gold-body and runs
the pages scorer on it; only the Quotes columns mean anything here. Dev tool only.
"""
import json, os, subprocess, sys, tempfile

ROOT = os.environ.get("BENCH", "/work/shared/bench")
SET = sys.argv.pop(1) if len(sys.argv) > 1 and sys.argv[1] in ("pages", "realnews") else "pages"
BENCH = os.path.join(ROOT, SET)
SCORER = os.path.join(ROOT, "pages", "score.py")
BIN = os.environ.get("BIN", "target/release/newsdb")
OUT = "bench/out/quotes-gold-body-" + SET


def main():
    golds = {}
    for f in sorted(os.listdir(BENCH)):
        if f.endswith(".gold.json") and f != "seeds.gold.json":
            golds[f[: -len(".gold.json")]] = json.load(open(os.path.join(BENCH, f)))
    seeds = os.path.join(BENCH, "seeds.gold.json")
    for k, v in (json.load(open(seeds)) if os.path.exists(seeds) else {}).items():
        golds[k[: -len(".txt")]] = v
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as d:
        paths = []
        for name, g in golds.items():
            p = os.path.join(d, name + ".txt")
            open(p, "w").write("\n".join(g["body"]) + "\n")
            paths.append(p)
        res = subprocess.run([BIN, "extract", "--assume-clean", *paths], capture_output=True, text=True)
        for line in res.stdout.splitlines():
            row = json.loads(line)
            name = os.path.basename(row["path"])[: -len(".txt")]
            g = golds[name]
            out = {k: g.get(k) for k in ("title", "publisher", "published", "byline", "body", "images", "figures")}
            out["quotes"] = row.get("quotes", [])
            json.dump(out, open(os.path.join(OUT, name + ".out.json"), "w"), ensure_ascii=False, indent=1)
    extra = ["--no-seeds"] if SET == "realnews" else []
    subprocess.run([sys.executable, SCORER, BENCH, OUT, *extra, *sys.argv[1:]])


main()
