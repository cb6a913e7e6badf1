#!/usr/bin/env python3
"""Per-table row counts and hashes of the sorted rows of a newsdb database, to show
that a change stores the same thing. Columns that hold the time of the run
(ingested_at, created_at, updated_at; the migrations' applied_on) are left out.
Usage: bench/link_tables_hash.py DB > hashes.txt; diff two such files."""
import hashlib
import sqlite3
import sys

TIME_COLUMNS = {"ingested_at", "created_at", "updated_at", "applied_on"}

db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
tables = [r[0] for r in db.execute(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
for t in tables:
    cols = [r[1] for r in db.execute(f'PRAGMA table_info("{t}")') if r[1] not in TIME_COLUMNS]
    if not cols:
        continue
    sel = ", ".join(f'"{c}"' for c in cols)
    rows = sorted(repr(r) for r in db.execute(f'SELECT {sel} FROM "{t}"'))
    h = hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]
    print(f"{t}\t{len(rows)}\t{h}")
