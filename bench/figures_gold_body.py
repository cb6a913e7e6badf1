#!/usr/bin/env python3
"""Score the figure stage alone on the pages bench, from the GOLD body paragraphs.

Writes each gold `body` (pages/n*.gold.json and seeds.gold.json) to a temp .txt file,
runs `newsdb extract --assume-clean` on them, converts the output like bench/to_bench.py
(figures only; gold body/quotes/meta are copied in so only the Figures columns move) and
runs the pages scorer. Extra arguments go to the scorer (e.g. --details, --only NAME).

Usage: python3 bench/figures_gold_body.py [scorer args...]
Env:   BENCH (default ../shared/bench), BIN (default target/release/newsdb)

Dev glue only; the product is the Rust binary.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.environ.get("BENCH", os.path.join(ROOT, "..", "shared", "bench"))
if not os.path.isdir(BENCH):
    BENCH = "/work/shared/bench"
BIN = os.environ.get("BIN", os.path.join(ROOT, "target", "release", "newsdb"))
PAGES = os.path.join(BENCH, "pages")


def golds():
    for path in sorted(glob.glob(os.path.join(PAGES, "n*.gold.json"))):
        yield os.path.basename(path)[: -len(".gold.json")], json.load(open(path, encoding="utf-8"))
    seeds = json.load(open(os.path.join(PAGES, "seeds.gold.json"), encoding="utf-8"))
    for name, gold in seeds.items():
        yield name[: -len(".txt")] if name.endswith(".txt") else name, gold


def bench_figure(f):
    out = dict(f)
    if f.get("low") is not None and f.get("high") is not None and f.get("value") is None:
        out["value"] = [f["low"], f["high"]]
        out["kind"] = "range"
    elif out.get("kind") == "duration":
        out["kind"] = "year"
    return out


def main():
    with tempfile.TemporaryDirectory() as tmp:
        inp, out = os.path.join(tmp, "in"), os.path.join(tmp, "out")
        os.makedirs(inp)
        os.makedirs(out)
        items = list(golds())
        paths = []
        for name, gold in items:
            p = os.path.join(inp, name + ".txt")
            with open(p, "w", encoding="utf-8") as fh:
                fh.write("\n".join(gold.get("body", []) + gold.get("body_optional", [])) + "\n")
            paths.append(p)
        res = subprocess.run([BIN, "extract", "--assume-clean", *paths], capture_output=True,
                             text=True, check=False)
        rows = [json.loads(l) for l in res.stdout.splitlines() if l.strip()]
        by_name = {os.path.basename(r["path"])[: -len(".txt")]: r for r in rows if "path" in r}
        for name, gold in items:
            row = by_name.get(name, {})
            doc = {k: gold.get(k) for k in ("title", "publisher", "published", "byline", "quotes",
                                              "images")}
            doc["body"] = gold.get("body", [])
            doc["figures"] = [bench_figure(f) for f in row.get("figures", [])]
            with open(os.path.join(out, name + ".out.json"), "w", encoding="utf-8") as fh:
                json.dump(doc, fh, ensure_ascii=False)
        sys.exit(subprocess.run([sys.executable, os.path.join(PAGES, "score.py"), PAGES, out,
                                 *sys.argv[1:]], check=False).returncode)


main()
