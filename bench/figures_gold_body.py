#!/usr/bin/env python3
"""Score the figure stage alone on the pages or realnews bench, from the GOLD body paragraphs.

Writes each gold `body` (pages/n*.gold.json and seeds.gold.json, or realnews/*.gold.json
with `--set realnews`) to a temp .txt file,
runs `newsdb extract --assume-clean` on them, converts the output like bench/to_bench.py
(figures only; gold body/quotes/meta are copied in so only the Figures columns move) and
runs the pages scorer. Extra arguments go to the scorer (e.g. --details, --only NAME).
`--attrs` instead lists every matched figure whose value, kind, unit or qualifier differs
from the gold (the scorer only counts them).

Usage: python3 bench/figures_gold_body.py [--set pages|realnews] [--attrs] [scorer args...]
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
ARGS = sys.argv[1:]
SET = "pages"
if "--set" in ARGS:
    k = ARGS.index("--set")
    SET = ARGS[k + 1]
    del ARGS[k : k + 2]
ATTRS = "--attrs" in ARGS
if ATTRS:
    ARGS.remove("--attrs")
GOLD = os.path.join(BENCH, SET)


def golds():
    pattern = "n*.gold.json" if SET == "pages" else "*.gold.json"
    for path in sorted(glob.glob(os.path.join(GOLD, pattern))):
        yield os.path.basename(path)[: -len(".gold.json")], json.load(open(path, encoding="utf-8"))
    if SET != "pages":
        return
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
        if ATTRS:
            sys.exit(list_attrs(items, out))
        extra = ["--no-seeds"] if SET != "pages" else []
        sys.exit(subprocess.run([sys.executable, os.path.join(PAGES, "score.py"), GOLD, out,
                                 *extra, *ARGS], check=False).returncode)


def list_attrs(items, out):
    """Prints each matched figure whose attributes differ from the gold, by the scorer's rules."""
    sys.path.insert(0, PAGES)
    import score  # the bench scorer: same matching, same attribute tests

    for name, gold in items:
        with open(os.path.join(out, name + ".out.json"), encoding="utf-8") as fh:
            doc = json.load(fh)
        gf = [f for f in gold.get("figures", []) if not f.get("optional")]
        sf = doc["figures"]
        pars = [score.span_tokens(p) for p in gold.get("body", []) + gold.get("body_optional", [])]
        where = lambda f: {k for k, pt in enumerate(pars) if score._occurs(pt, score.span_tokens(str(f.get("raw") or "")))}
        wg, ws = [where(f) for f in gf], [where(f) for f in sf]
        cands = []
        for gi, g in enumerate(gf):
            for si, s in enumerate(sf):
                same = score.values_equal(g.get("value"), s.get("value"))
                ov = score.span_overlap(g.get("raw") or "", str(s.get("raw") or ""))
                ok = (same or ov > 0) if ws[si] & wg[gi] else (same and ov > 0 if not ws[si] else False)
                if ok:
                    cands.append((2.0 * same + ov + 0.1 * score.token_f1(g.get("raw"), str(s.get("raw") or "")), gi, si))
        for gi, si in score.one_to_one(cands):
            g, s = gf[gi], sf[si]
            bad = []
            if not score.values_equal(g.get("value"), s.get("value")):
                bad.append("value %r/%r" % (g.get("value"), s.get("value")))
            if score.norm(g.get("kind")).lower() != score.norm(s.get("kind")).lower():
                bad.append("kind %s/%s" % (g.get("kind"), s.get("kind")))
            if not score.units_agree(g.get("unit"), s.get("unit")):
                bad.append("unit %r/%r" % (g.get("unit"), s.get("unit")))
            gq, sq = score.norm(g.get("qualifier")).lower(), score.norm(s.get("qualifier")).lower()
            if not (gq == sq or (gq and sq and score.token_f1(gq, sq) >= 0.5)):
                bad.append("qualifier %r/%r" % (g.get("qualifier"), s.get("qualifier")))
            if bad:
                print("%s  %-40s | %-40s | %s" % (name[:8], g.get("raw", "")[:40], str(s.get("raw"))[:40], "; ".join(bad)))
    return 0


main()
