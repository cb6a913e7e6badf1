#!/usr/bin/env bash
# Ingests inputs with one binary and prints per-table row counts and row hashes
# (bench/tables_hash.py), to compare two builds: run it with each and diff.
# Usage: bench/tables_hash.sh BIN SET OUT_DIR
#   SET: gen (10,000 generated pages; N=... to change), pages, extraction, wcxb,
#        or a folder. The generated corpus is written once into OUT_DIR/corpus and
#        reused (the paths and mtimes of the inputs are stored, so compare two
#        builds with the same OUT_DIR). Prints the hashes; the database is left in
#        OUT_DIR/SET.BIN_NAME.db.
set -euo pipefail
BIN=$(realpath "$1"); SET=$2; OUT=$(realpath -m "$3")
cd "$(dirname "$0")/.."
BENCH=${BENCH:-$( [ -d ../shared/bench ] && echo ../shared/bench || echo /work/shared/bench )}
mkdir -p "$OUT"
case $SET in
  gen)
    N=${N:-10000}
    if [ ! -f "$OUT/corpus/.done" ]; then
      rm -rf "$OUT/corpus"
      TEMPLATES="seeds"; [ -d "$BENCH" ] && TEMPLATES="seeds $BENCH/pages $BENCH/extraction"
      python3 bench/gen_corpus.py "$N" "$OUT/corpus" $TEMPLATES >/dev/null
      touch "$OUT/corpus/.done"
    fi
    inputs=("$OUT/corpus") ;;
  pages) inputs=("$BENCH"/pages/n*.txt "$BENCH"/pages/seeds/*.txt) ;;
  extraction) mapfile -t inputs < <(ls "$BENCH"/extraction/*.txt "$BENCH"/extraction/*.html | grep -v '\.gold\.') ;;
  wcxb)
    cache="$OUT/wcxb-pages"
    if [ ! -f "$cache/.done" ]; then
      rm -rf "$cache"; mkdir -p "$cache"
      for f in "$BENCH"/wcxb/*.html.gz; do zcat "$f" > "$cache/$(basename "$f" .gz)"; done
      touch "$cache/.done"
    fi
    mapfile -t inputs < <(ls "$cache"/*.html "$BENCH"/wcxb/*.txt | grep -v '\.gold\.') ;;
  *) inputs=("$SET"); SET=$(basename "$SET") ;;
esac
DB="$OUT/$SET.$(basename "$BIN").db"
rm -f "$DB" "$DB"-wal "$DB"-shm "$DB".lock
# No config file: the embedded defaults, whatever the working folder holds. A set
# with rejected files exits 1; what is stored is still compared.
(cd "$OUT" && RUST_LOG=error "$BIN" --quiet --db "$DB" ingest "${inputs[@]}" >/dev/null 2>&1) \
  || echo "ingest exited $?" >&2
python3 bench/tables_hash.py "$DB"
