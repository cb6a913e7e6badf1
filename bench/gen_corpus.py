#!/usr/bin/env python3
"""Write N distinct pages for throughput benchmarks (generated at run time, never committed).

Usage: gen_corpus.py N OUT_DIR [TEMPLATE_DIR...]
Templates: every .txt under the given folders (default: seeds/). Each copy gets a unique
paragraph inserted after its eighth line, so every content hash differs. Files go into
sub-folders of 1,000.
"""
import os, sys, glob

n, out = int(sys.argv[1]), sys.argv[2]
dirs = sys.argv[3:] or ["seeds"]
templates = []
for d in dirs:
    for p in sorted(glob.glob(os.path.join(d, "*.txt"))):
        if p.endswith(".gold.txt"):
            continue
        raw = open(p, "rb").read()
        try:
            templates.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            templates.append(raw.decode("cp1252"))
if not templates:
    sys.exit("no templates")
total = 0
for i in range(n):
    lines = templates[i % len(templates)].split("\n")
    at = min(8, len(lines))
    extra = (f"Officials said on Friday that {i * 7 + 3} further reports, filed under "
             f"reference {i}, were under review by a panel of {i % 9 + 3} members.")
    lines[at:at] = ["", extra]
    sub = os.path.join(out, f"{i // 1000:04d}")
    os.makedirs(sub, exist_ok=True)
    data = "\n".join(lines).encode("utf-8")
    total += len(data)
    with open(os.path.join(sub, f"page_{i:07d}.txt"), "wb") as fh:
        fh.write(data)
print(f"{n} pages, {total / 1e6:.1f} MB, {len(templates)} templates")
