#!/bin/sh
# No silent success: an input whose every row is rejected fails the run and
# leaves latest alone (it used to publish an empty indicators.csv and exit 0);
# [pack] max_reject_share bounds partial rejects.
. tests/cli/lib.inc
P=$TMP/pack; mkdir -p "$P"
cp tests/data/run/run.conf tests/data/run/le_wide.csv tests/data/run/counts.csv "$P"/
O=$P/out
expect_exit 0 "$HG" run --quiet --timestamp 2024-01-01T00:00:00Z "$P/run.conf"
good=$(readlink "$O/latest")
# every row of counts.csv rejected: a value that is not a number
awk -F, 'BEGIN { OFS = "," } NR == 1 { print; for (i = 1; i <= NF; i++) if ($i == "count") c = i; next }
         { $c = "abc"; print }' tests/data/run/counts.csv > "$P/counts.csv"
expect_exit 1 "$HG" run --quiet --force "$P/run.conf"
grep -q "counts.csv: every row ([0-9]*) was rejected" "$ERR" || fail "all-rejected input not named: $(cat "$ERR")"
[ "$(readlink "$O/latest")" = "$good" ] || fail "an all-rejected input moved latest"
# a bound on partial rejects: le_wide.csv has one bad row of several
cp tests/data/run/counts.csv "$P/counts.csv"
sed -i 's/^keep = .*/keep = 2\nmax_reject_share = 0/' "$P/run.conf"
expect_exit 1 "$HG" run --quiet --force "$P/run.conf"
grep -q "le_wide.csv: 1 of [0-9]* rows rejected, over \[pack\] max_reject_share = 0" "$ERR" \
  || fail "max_reject_share not applied: $(cat "$ERR")"
[ "$(readlink "$O/latest")" = "$good" ] || fail "a run over max_reject_share moved latest"
sed -i 's/^max_reject_share = 0$/max_reject_share = 0.5/' "$P/run.conf"
expect_exit 0 "$HG" run --quiet --force "$P/run.conf"
sed -i 's/^max_reject_share = 0.5$/max_reject_share = 2/' "$P/run.conf"
expect_exit 1 "$HG" run --quiet --force "$P/run.conf"
grep -q "max_reject_share: a share of rows between 0 and 1" "$ERR" || fail "bad max_reject_share: $(cat "$ERR")"
# A configured ICB that the lookup does not have fails the run (it published
# no pack and exited 0), and latest stays.
L=$TMP/london
cp -r fixtures/london "$L"
sed -i 's|^output = .*|output = out|; s|^icb = all$|icb = E54000099|' "$L/london.conf"
expect_exit 1 "$HG" run --quiet "$L/london.conf"
grep -q "\[packs\] icb: E54000099 is not an ICB of the lookup" "$ERR" || fail "unknown ICB: $(cat "$ERR")"
[ -e "$L/out/latest" ] && fail "a run with an unknown ICB published"
finish
