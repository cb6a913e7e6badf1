#!/usr/bin/env bash
# Linking quality on real pages: ingests the public bench pages (extraction/*.html, 72;
# wcxb/*.html.gz, 711, unzipped to a temp dir; pages/n*.txt) and the repo's seeds/
# into a fresh database, then scores what linking found against the reviewed
# judgements in bench/link_gold.json (bench/link_score.py): the multi-article stories
# with their titles, story-pair precision and recall, figure disagreements (each row
# judged; none may compare two figures of one article) and quote clusters carried by
# several articles (each judged).
# Usage: [KEEP_DB=FILE] bench/link_quality.sh [extra link_score.py args, e.g. --verbose]
set -euo pipefail
export RUST_LOG=${RUST_LOG:-warn,html5ever=off}
cd "$(dirname "$0")/.."
BENCH=${BENCH:-$( [ -d ../shared/bench ] && echo ../shared/bench || echo /work/shared/bench )}
BIN=${BIN:-target/release/newsdb}
[ -x "$BIN" ] || cargo build --release --quiet
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in/extraction" "$work/in/wcxb" "$work/in/pages" "$work/in/seeds"
cp "$BENCH"/extraction/*.html "$work/in/extraction/"
for f in "$BENCH"/wcxb/*.html.gz; do gunzip -c "$f" > "$work/in/wcxb/$(basename "$f" .gz)"; done
cp "$BENCH"/pages/n*.txt "$work/in/pages/"
cp seeds/*.txt "$work/in/seeds/"
"$BIN" --db "$work/db.sqlite" ingest "$work/in" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
python3 bench/link_score.py "$work/db.sqlite" "$work/in" bench/link_gold.json "$@"
# KEEP_DB=FILE keeps the database (for looking into what linking did).
if [ -n "${KEEP_DB:-}" ]; then cp "$work/db.sqlite" "$KEEP_DB"; fi
