#!/bin/sh
# The offline dashboard (site/, [pack] site = true in the demo) opened in
# headless Chromium (tests/tools/site_check.py): every page loads with no
# console error and no request outside the run folder, every link resolves,
# every chart has its SVG, tooltips and data table, the sort, filter and
# palette switch work, and axe-core (tests/vendor/axe-core) finds no serious
# or critical WCAG 2.1 AA violation.  Skipped, saying so, only when Chromium
# is not installed (`make deps` installs it).
. tests/cli/lib.inc

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  echo "skip: chromium is not installed (make deps installs it); the site was not checked"
  exit 0
fi
PY=
for p in python3 /usr/bin/python3; do
  if command -v "$p" > /dev/null 2>&1 && "$p" -c 'import websocket' 2> /dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || { echo "FAIL: chromium is installed but python3-websocket is not (make deps)" >&2; exit 1; }

D=$PWD/fixtures/london
sed -e "s#^path = #path = $D/#" -e "s#^output = .*#output = $TMP/pk#" "$D/london.conf" > "$TMP/london.conf"
grep -q '^site = true' "$TMP/london.conf" || fail "the demo config does not turn the site on"
expect_exit 0 "$HG" run --jobs 2 --timestamp 2024-01-01T00:00:00Z "$TMP/london.conf"
S=$TMP/pk/latest/site
# Brent has a borough pack in the demo ([packs] boroughs), so a page of its own
for f in index.html icb-E54000027.html borough-E09000005.html ind-92443.html site.css site.js; do
  [ -s "$S/$f" ] || fail "no site/$f"
  grep -q "\"site/$f\"" "$TMP/pk/latest/manifest.json" || fail "site/$f not in the manifest"
done
# The borough's page is linked from London's, from its ICB's and from every page's list.
for f in index.html icb-E54000027.html ind-92443.html; do
  grep -q 'href="borough-E09000005.html"' "$S/$f" || fail "site/$f does not link Brent's page"
done
grep -q 'href="icb-E54000027.html"' "$S/borough-E09000005.html" || fail "Brent's page does not link its ICB"
grep -q '<h2>Key results</h2>' "$S/borough-E09000005.html" || fail "Brent's page has no key results"
grep -q '<h2>Overview</h2>' "$S/borough-E09000005.html" || fail "Brent's page has no overview"
# Every empty cell says why (no data, not published, not compared because ...).
grep -n '<td[^>]*></td>' "$S"/*.html | head -3 | grep . && fail "a cell is empty without a reason"
# The home page's HIV row: no London or England data in the demo, and it says so.
grep '<tr><th scope="row"><a href="ind-90791.html">' "$S/index.html" | head -1 | grep -q 'no data for London' \
  || fail "the HIV row of the home page does not say why it is empty"
# Nothing outside the folder: no http(s) URL is requested (the SVG namespaces are names, not requests).
grep -l 'src="http\|href="http' "$S"/*.html && fail "a page refers to the network"
"$PY" tests/tools/site_check.py "$CHROMIUM" "$TMP/pk/latest" tests/vendor/axe-core/axe.min.js > "$OUT" 2>&1 \
  || { cat "$OUT" >&2; fail "site_check.py"; }
tail -1 "$OUT"
finish
