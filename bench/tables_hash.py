#!/usr/bin/env python3
"""Per-table row counts and a hash of each table's sorted rows, to show that a
refactor leaves what is stored unchanged.

Usage: python3 bench/tables_hash.py DB

Every ordinary table (FTS5 shadow tables included, the virtual tables themselves
and the migration history left out) is read in full; each row is rendered with
repr() and the rows are sorted, so the hash does not depend on the order SQLite
returns them in. Ids are kept: they are stable when the same files are ingested in
the same order. Columns that hold the wall clock (`ingested_at`, `updated_at`,
`created_at`, `linked_at`, ... any `*_at` column except the file's `modified_at`)
are left out. Prints `table rows hash` per line, then `ALL` with a hash of the lines.
"""
import hashlib
import sqlite3
import sys

WALL_CLOCK_KEEP = {"modified_at"}


def main(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    tables = [
        name
        for (name, sql) in db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
        if not (sql or "").upper().startswith("CREATE VIRTUAL TABLE")
        and name != "refinery_schema_history"
        and not name.startswith("sqlite_")
    ]
    lines = []
    for t in tables:
        cols = [r[1] for r in db.execute(f'PRAGMA table_info("{t}")')]
        kept = [c for c in cols if not (c.endswith("_at") and c not in WALL_CLOCK_KEEP)]
        select = ", ".join(f'"{c}"' for c in kept) or "1"
        rows = sorted(repr(r) for r in db.execute(f'SELECT {select} FROM "{t}"'))
        h = hashlib.blake2b(digest_size=12)
        for r in rows:
            h.update(r.encode())
            h.update(b"\n")
        lines.append(f"{t} {len(rows)} {h.hexdigest()}")
    for line in lines:
        print(line)
    print("ALL", len(lines), hashlib.blake2b("\n".join(lines).encode(), digest_size=12).hexdigest())


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
