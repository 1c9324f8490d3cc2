#!/bin/sh
# The not-stated share of an ethnic breakdown on the pack pages that show it
# (render/pages_completeness.c): under the ethnic-group chart of the area and
# in a completeness table, flagged above [pack] unknown_share_max.  Input: the
# SYNTHETIC hypertension file of tests/data/statement (Brent: 4,800 of 52,000
# people "Not stated", 9.2%; the share is worked out here by hand).
. tests/cli/lib.inc

D=$PWD/tests/data/statement
cat > "$TMP/c.conf" <<CONF
[pack]
output = $TMP/pk
[input.lookup_icb]
path = $PWD/fixtures/london/real/london_borough_icb_lookup.csv
role = lookup
[input.hypertension]
path = $D/synthetic_hypertension_treated_by_imd_ethnicity.csv
role = indicators
synthetic = true
[packs]
london = false
icb = none
boroughs = E09000005
charts = false
CONF
expect_exit 0 "$HG" run --quiet --timestamp 2024-01-01T00:00:00Z "$TMP/c.conf"
P=$TMP/pk/latest/packs/borough-E09000005.pdf
[ -f "$P" ] || { fail "no borough pack"; finish; }
pdftotext "$P" "$TMP/p.txt"
# 4800 / 52000 = 9.23%: one decimal, above the default 5%.
tr '\n' ' ' < "$TMP/p.txt" | grep -q "Not stated or unknown, 2023/24: 9.2% of 52000 people (denominator); ABOVE the 5.0% threshold" \
  || fail "no share under the ethnic chart"
grep -q "Ethnic groups: completeness of the breakdowns" "$TMP/p.txt" || fail "no completeness table"
grep -q "1 of 1 (2023/24)" "$TMP/p.txt" || fail "the period above the threshold not listed"

# A higher threshold: within it, and no period above.
sed "s#^output = .*#output = $TMP/pk2\nunknown_share_max = 0.10#" "$TMP/c.conf" > "$TMP/c2.conf"
expect_exit 0 "$HG" run --quiet --timestamp 2024-01-01T00:00:00Z "$TMP/c2.conf"
pdftotext "$TMP/pk2/latest/packs/borough-E09000005.pdf" "$TMP/p2.txt"
tr '\n' ' ' < "$TMP/p2.txt" | grep -q "9.2% of 52000 people (denominator); within the 10.0% threshold" \
  || fail "not within a 10% threshold"
grep -q "0 of 1" "$TMP/p2.txt" || fail "a period above a 10% threshold"
finish
