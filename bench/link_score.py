#!/usr/bin/env python3
"""Scores a newsdb database's cross-source links against reviewed judgements.

Usage: link_score.py DB INPUT_ROOT GOLD_JSON [--verbose]

Files are named relative to INPUT_ROOT ("extraction/x.html", "seeds/000_….txt"), as
bench/link_gold.json names them. Reports:
* every story of more than one article, with its titles and outlets;
* story pairs (two articles in one story): precision over the judged pairs (a pair
  is true when both files are in one gold group, false when they are in two groups
  or listed under "different"; other pairs are unjudged and listed), and recall
  over the gold groups' pairs;
* figure disagreements: rows comparing two figures of one article (must be 0; each
  counts as false), and precision over the judged rows (unjudged rows listed);
* quote clusters carried by several articles: precision over the judged clusters.
"""
import itertools
import json
import os
import re
import sqlite3
import sys


def words(text):
    return re.findall(r"\w+", (text or "").lower().replace("’", "'"))


def main():
    db_path, root, gold_path = sys.argv[1:4]
    verbose = "--verbose" in sys.argv[4:]
    gold = json.load(open(gold_path, encoding="utf-8"))
    db = sqlite3.connect(db_path)
    root = os.path.abspath(root)

    def name(path):
        return os.path.relpath(os.path.abspath(path), root)

    files = {}
    for aid, path in db.execute(
        "SELECT article_id, path FROM files WHERE status = 'ingested' AND article_id IS NOT NULL"
    ):
        files.setdefault(aid, name(path))

    # Stories.
    stories = {}
    for sid, aid, title, outlet in db.execute(
        "SELECT sa.story_id, sa.article_id, a.title, a.outlet FROM story_articles sa "
        "JOIN articles a ON a.id = sa.article_id ORDER BY sa.story_id, sa.article_id"
    ):
        stories.setdefault(sid, []).append((files.get(aid, f"article {aid}"), title, outlet))
    multi = {s: m for s, m in stories.items() if len(m) > 1}
    print(f"stories with more than one article: {len(multi)}")
    for sid, members in multi.items():
        outlets = {o for _, _, o in members if o}
        print(f"  story {sid}: {len(members)} articles, {len(outlets)} named outlets")
        for f, title, outlet in members:
            print(f"    {f}  [{outlet or '-'}]  {(title or '')[:70]}")

    group = {}
    for i, g in enumerate(gold["stories"]):
        for f in g["files"]:
            group[f] = i
    different = {frozenset(p[:2]) for p in gold["different"]}
    for u in gold.get("unrelated", []):
        different |= {frozenset(p) for p in itertools.combinations(u["files"], 2)}

    def judge(a, b):
        if a in group and b in group:
            return group[a] == group[b]
        if frozenset((a, b)) in different:
            return False
        return None

    predicted = set()
    for members in multi.values():
        for (a, _, _), (b, _, _) in itertools.combinations(members, 2):
            predicted.add(frozenset((a, b)))
    tp = fp = 0
    unjudged = []
    for p in sorted(predicted, key=sorted):
        a, b = sorted(p)
        j = judge(a, b)
        if j is True:
            tp += 1
        elif j is False:
            fp += 1
            print(f"  WRONG pair: {a} + {b}")
        else:
            unjudged.append((a, b))
    gold_pairs = {
        frozenset(p) for g in gold["stories"] for p in itertools.combinations(g["files"], 2)
    }
    present = set(files.values())
    gold_pairs = {p for p in gold_pairs if p <= present}
    found = len(gold_pairs & predicted)
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = found / len(gold_pairs) if gold_pairs else 1.0
    print(
        f"story pairs: {len(predicted)} predicted, {tp} true, {fp} false, {len(unjudged)} unjudged; "
        f"precision {prec:.3f}, recall {rec:.3f} ({found}/{len(gold_pairs)} gold pairs)"
    )
    for a, b in unjudged:
        print(f"  unjudged pair: {a} + {b}")
    if verbose:
        for p in sorted(gold_pairs - predicted, key=sorted):
            print("  missed pair: " + " + ".join(sorted(p)))
    for i, g in enumerate(gold["stories"]):
        got = {sid for sid, m in stories.items() for f, _, _ in m if f in g["files"]}
        print(f"  gold story {i} ({len(g['files'])} files) is split over {len(got)} stories: {g['event'][:60]}")

    # Figure disagreements.
    cols = [r[1] for r in db.execute("PRAGMA table_info(figure_disagreements)")]
    outlets_col = "d.outlets" if "outlets" in cols else "'-'"
    rows = db.execute(
        "SELECT d.figure_a, d.figure_b, fa.article_id, fb.article_id, fa.raw, fb.raw, "
        f"d.head, d.rel_diff, {outlets_col} FROM figure_disagreements d "
        "JOIN figures fa ON fa.id = d.figure_a JOIN figures fb ON fb.id = d.figure_b"
    ).fetchall()
    fig_gold = {}
    for r in gold["figure_disagreements"]:
        fig_gold[frozenset([(r["a"], r["raw_a"]), (r["b"], r["raw_b"])])] = r["true"]
    within = sum(1 for r in rows if r[2] == r[3])
    ftrue = ffalse = 0
    funj = []
    for _, _, aa, ab, ra, rb, head, diff, outlets in rows:
        key = frozenset([(files.get(aa), ra), (files.get(ab), rb)])
        # Two figures of one article are never a disagreement between sources.
        j = False if aa == ab else fig_gold.get(key)
        line = f"{files.get(aa)} '{ra}' vs {files.get(ab)} '{rb}' ({head}, {diff:.3f}, outlets {outlets})"
        if j is True:
            ftrue += 1
        elif j is False:
            ffalse += 1
            if aa != ab or verbose:
                print("  WRONG disagreement: " + line)
        else:
            funj.append(line)
    fprec = ftrue / (ftrue + ffalse) if ftrue + ffalse else 1.0
    print(
        f"figure disagreements: {len(rows)} rows, {within} within one article, "
        f"{ftrue} true, {ffalse} false, {len(funj)} unjudged; precision {fprec:.3f}"
    )
    for line in funj:
        print("  unjudged disagreement: " + line)

    # Quote clusters carried by several articles.
    judged = [(words(q["text"]), q["true"], q["text"]) for q in gold["quote_clusters"]]
    clusters = db.execute(
        "SELECT c.id, c.canonical_text, count(DISTINCT m.article_id) FROM quote_clusters c "
        "JOIN quote_cluster_members m ON m.cluster_id = c.id GROUP BY c.id "
        "HAVING count(DISTINCT m.article_id) > 1"
    ).fetchall()
    qtrue = qfalse = 0
    qunj = []
    for cid, text, n in clusters:
        w = words(text)
        best = None
        for gw, verdict, gtext in judged:
            if gw and w[: len(gw)] == gw and (best is None or len(gw) > len(best[0])):
                best = (gw, verdict, gtext)
        line = f"cluster {cid} ({n} articles): {text[:70]}"
        if best is None:
            qunj.append(line)
        elif best[1]:
            qtrue += 1
        else:
            qfalse += 1
            print("  WRONG cluster: " + line)
    qprec = qtrue / (qtrue + qfalse) if qtrue + qfalse else 1.0
    print(
        f"quote clusters over several articles: {len(clusters)}, {qtrue} true, {qfalse} false, "
        f"{len(qunj)} unjudged; precision {qprec:.3f}"
    )
    for line in qunj:
        print("  unjudged cluster: " + line)


if __name__ == "__main__":
    main()
