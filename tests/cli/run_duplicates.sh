#!/bin/sh
# Two inputs that give the same indicator, area, period and breakdown: the first
# input in the config is kept and every row of the second that repeats a key is
# written to rejects.csv (reason duplicate_key, naming the row kept) and counted
# as rejected, so that no row leaves a run without a trace.
. tests/cli/lib.inc
cp fixtures/tidy-any-order.csv "$TMP/a.csv"
cp fixtures/tidy-any-order.csv "$TMP/b.csv"
cat > "$TMP/pack.conf" <<CONF
[pack]
title = duplicates
output = published
[input.first]
path = a.csv
role = indicators
layout = tidy
[input.second]
path = b.csv
role = indicators
layout = tidy
[packs]
london = false
icb = none
charts = false
CONF
expect_exit 0 "$HG" run --quiet --timestamp 2026-01-01T00:00:00Z "$TMP/pack.conf"
rej="$TMP/published/latest/rejects.csv"
[ -f "$rej" ] || fail "no rejects.csv"
n=$(grep -c 'duplicate_key' "$rej")
[ "$n" -eq 3 ] || fail "want 3 duplicate_key rejects (one per row of b.csv), got $n"
grep -q '^b.csv,2,,duplicate_key,.*as a.csv:2 ' "$rej" || fail "reject does not name file, line and the row kept: $(cat "$rej")"
grep -q '"rows_rejected" *: *3' "$TMP/published/latest/manifest.json" || fail "manifest does not count the 3 rejected rows"
finish
