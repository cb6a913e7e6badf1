#!/usr/bin/env python3
"""Convert `newsdb extract` JSON Lines into the input formats of ../shared/bench scorers.

Usage:
  to_bench.py pages OUT_DIR < extract.jsonl        # NAME.out.json per page
  to_bench.py extraction OUT_DIR < extract.jsonl   # NAME.out.txt per page (body)
  to_bench.py figures IDS_FILE < extract.jsonl     # JSONL {"id","figures"} on stdout
  to_bench.py wcxb OUT_DIR < extract.jsonl         # NAME.out.txt + NAME.meta.json per page

This is benchmark glue only; the product is the Rust binary.
"""
import json, os, sys


def bench_figure(f):
    out = dict(f)
    if f.get("low") is not None and f.get("high") is not None and f.get("value") is None:
        out["value"] = [f["low"], f["high"]]
        out["kind"] = "range"
    elif out.get("kind") == "duration":
        out["kind"] = "year"
    return out


def main():
    mode, target = sys.argv[1], sys.argv[2]
    rows = [json.loads(l) for l in sys.stdin if l.strip()]
    if mode == "figures":
        ids = [l.strip() for l in open(target)]
        for id_, row in zip(ids, rows):
            figs = []
            for f in row.get("figures", []):
                g = dict(f)
                if f.get("paragraph", 0) != 0:
                    g.pop("start", None), g.pop("end", None)
                figs.append(g)
            print(json.dumps({"id": id_, "figures": figs}))
        return
    os.makedirs(target, exist_ok=True)
    for row in rows:
        name = os.path.basename(row["path"])
        for ext in (".html", ".htm", ".txt"):
            if name.endswith(ext):
                name = name[: -len(ext)]
        if "error" in row:
            continue
        if mode in ("extraction", "wcxb"):
            with open(os.path.join(target, name + ".out.txt"), "w") as fh:
                fh.write("\n".join(row["body"]) + "\n")
        if mode == "wcxb":
            meta = {k: row.get(k) for k in ("title", "byline", "published")}
            with open(os.path.join(target, name + ".meta.json"), "w") as fh:
                json.dump(meta, fh, ensure_ascii=False)
        elif mode == "extraction":
            pass
        else:
            row["figures"] = [bench_figure(f) for f in row["figures"]]
            with open(os.path.join(target, name + ".out.json"), "w") as fh:
                json.dump(row, fh, ensure_ascii=False, indent=1)


main()
