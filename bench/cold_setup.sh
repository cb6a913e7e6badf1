#!/usr/bin/env bash
# Cold set-up as a new user meets it: a fresh clone, an empty target directory, and
# the README's two quick-start commands, each timed:
#   1. `cargo run --release -- watch`: builds, then the daemon ingests seeds/ into
#      newsdb.db (the embedded default config) and watches; timed until every seed is
#      in the database, then stopped with SIGTERM (as Ctrl-C would);
#   2. `cargo test --release --locked`: should reuse the first command's build.
# Prints both times, the size of target/ after each, and whether the second command
# recompiled the dependencies (the number of crates it compiled).
#
#   bash bench/cold_setup.sh            # clones this repository's current branch
#   REPO=URL BRANCH=main bash bench/cold_setup.sh
#
# Everything happens in a temporary directory (removed at the end; KEEP=1 keeps it).
# On a shared machine the times depend on the load: report them with it.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=${REPO:-$(git rev-parse --show-toplevel)}
BRANCH=${BRANCH:-$(git rev-parse --abbrev-ref HEAD)}
work=$(mktemp -d)
daemon=""
cleanup() {
    [ -n "$daemon" ] && kill -TERM -- "-$daemon" 2>/dev/null
    [ -n "${KEEP:-}" ] && echo "kept: $work" || rm -rf "$work"
}
trap cleanup EXIT
git clone --quiet --no-local --branch "$BRANCH" "$REPO" "$work/newsdb"
cd "$work/newsdb"
export CARGO_TARGET_DIR="$work/newsdb/target" CARGO_TERM_COLOR=never
echo "clone: $REPO ($BRANCH, $(git rev-parse --short HEAD)) in $work/newsdb"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
seeds=$(find seeds -maxdepth 1 -type f | wc -l)
size() { du -sh "$CARGO_TARGET_DIR" 2>/dev/null | cut -f1; }
articles() {
    "$CARGO_TARGET_DIR/release/newsdb" -q query "SELECT count(*) AS n FROM articles" \
        --format csv 2>/dev/null | tail -1
}

# 1. The daemon: build, then ingest the seeds.
start=$(date +%s.%N)
setsid cargo run --release -- watch >"$work/watch.log" 2>&1 &
daemon=$!
until [ "$(articles || true)" = "$seeds" ]; do
    if ! kill -0 "$daemon" 2>/dev/null; then
        tail -20 "$work/watch.log" >&2
        echo "the daemon exited before ingesting the seeds" >&2
        exit 1
    fi
    sleep 1
done
first=$(echo "$(date +%s.%N) - $start" | bc)
kill -TERM -- "-$daemon"
wait "$daemon" || true
daemon=""
first_size=$(size)

# 2. The tests, in the same profile.
start=$(date +%s.%N)
cargo test --release --locked >"$work/test.log" 2>&1
second=$(echo "$(date +%s.%N) - $start" | bc)
compiled=$(grep -c '^ *Compiling ' "$work/test.log" || true)
printf 'cargo run --release -- watch   %7.0f s to %s seeds ingested   target/ %s\n' \
    "$first" "$seeds" "$first_size"
printf 'cargo test --release --locked  %7.0f s (%s crates compiled)    target/ %s\n' \
    "$second" "$compiled" "$(size)"
grep '^test result' "$work/test.log" | sed 's/^/  /'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
