#!/usr/bin/env bash
# The database as a user sees it in a browser: ingests seeds/ with the release binary,
# serves it with real Datasette and the metadata `newsdb datasette-metadata` prints,
# then loads two pages in headless Chromium:
#   1. the articles table with a full-text search (?_search=Mandiant),
#   2. the canned query `quotes_by` for one person (every spelling of the name).
# For each it saves a screenshot and checks that the image is not blank (enough
# non-background pixels and colours), and that the rendered page (--dump-dom, after
# scripts ran) holds the expected rows and not the ones the search excludes.
#
#   bash bench/datasette_screenshot.sh            # screenshots kept in target/screenshots
#
# Installs what is missing: Debian's `chromium` (apt-get, needs root) and Datasette
# plus Pillow into target/bench-venv. Not part of CI (a browser is a large install).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/newsdb
out=target/screenshots
venv=target/bench-venv
[ -x "$bin" ] || cargo build --release --locked
if ! command -v chromium >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if ! "$venv/bin/python" -c 'import datasette, PIL' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check datasette pillow
fi
chromium --version
"$venv/bin/datasette" --version

tmp=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
"$bin" --db "$tmp/news.db" -q ingest seeds
"$bin" --db "$tmp/news.db" datasette-metadata > "$tmp/metadata.json"
port=$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$venv/bin/datasette" serve "$tmp/news.db" -m "$tmp/metadata.json" -p "$port" >"$tmp/serve.log" 2>&1 &
server=$!
base="http://127.0.0.1:$port"
for _ in $(seq 100); do
    curl -sf "$base/-/versions.json" >/dev/null && break
    sleep 0.2
done
curl -sf "$base/-/versions.json" >/dev/null || { cat "$tmp/serve.log" >&2; exit 1; }

mkdir -p "$out"
browser=(chromium --headless --no-sandbox --disable-gpu --hide-scrollbars
         --user-data-dir="$tmp/profile" --window-size=1280,1000)
# page name, path, strings the page must hold, then strings it must not hold after "--"
check() {
    local name=$1 path=$2; shift 2
    "${browser[@]}" --screenshot="$out/$name.png" "$base$path" 2>/dev/null
    "${browser[@]}" --dump-dom "$base$path" 2>/dev/null > "$out/$name.html"
    "$venv/bin/python" - "$out/$name.png" <<'PY'
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("RGB")
w, h = im.size
raw = im.tobytes()
px = [raw[i:i + 3] for i in range(0, len(raw), 3)]
bg = max(set(px[:: 97]), key=px[:: 97].count)  # the most common colour, sampled
ink = sum(1 for p in px if sum(abs(a - b) for a, b in zip(p, bg)) > 60) / len(px)
colours = len(set(px))
print(f"    {sys.argv[1]}: {w}x{h}, {ink:.1%} of pixels differ from the background, {colours} colours")
if w < 800 or ink < 0.01 or colours < 16:
    sys.exit(f"{sys.argv[1]}: blank screenshot")
PY
    local want=1
    for s in "$@"; do
        if [ "$s" = "--" ]; then want=0; continue; fi
        if grep -qF -- "$s" "$out/$name.html"; then
            [ "$want" = 1 ] || { echo "$name: did not expect '$s' in the page" >&2; exit 1; }
        else
            [ "$want" = 0 ] || { echo "$name: expected '$s' in the page" >&2; exit 1; }
        fi
    done
    echo "ok  $name  $path"
}
# Three of the five seed articles mention Mandiant; GlobalPost's does not.
check articles_search '/news/articles?_search=Mandiant' \
    'China responds to U.S. demand to talk about recent cyber attacks' \
    'China wants to cooperate with the US in cyber security' \
    '3 rows where search matches' \
    -- 'China offers to talk with US about cyber security'
# Hua Chunying's quotes under both spellings, with the outlets that carried them.
check quotes_by '/news/quotes_by?name=Hua+Chunying' \
    'Foreign Ministry' 'GlobalPost' 'VentureBeat' 'Hua Chuying'
echo "screenshots: $out/*.png (and the rendered pages, *.html)"
