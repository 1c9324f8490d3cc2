#!/bin/sh
# `healthgap run --shard K/N` and `healthgap merge` (docs/scaling.md): three
# shards of the London demo, merged, give the whole run's results files byte
# for byte; each shard holds exactly the indicators that FNV-1a puts there
# (computed here in Python, independently of the engine); an empty shard
# publishes and says so; the merge refuses what is not one partition of one run.
. tests/cli/lib.inc

D=$PWD/fixtures/london
sed -e "s#^path = #path = $D/#" -e "s#^output = .*#output = $TMP/pk#" "$D/london.conf" > "$TMP/london.conf"
TS=2024-01-01T00:00:00Z
expect_exit 0 "$HG" run --quiet --jobs 2 --timestamp $TS "$TMP/london.conf"
whole=$(readlink "$TMP/pk/latest")
for k in 1 2 3; do
  expect_exit 0 "$HG" run --jobs 1 --timestamp $TS --shard $k/3 "$TMP/london.conf"
  grep -q "shard      $k/3: results only" "$OUT" || fail "shard $k/3: no shard line in the summary"
  S=$TMP/pk/shards/$k-of-3/latest
  grep -qx "shard $k/3" "$S/shard.txt" || fail "shard $k/3: shard.txt"
  [ -z "$(find "$S" -name '*.pdf' -o -name '*.png' -o -name '*.xlsx' -o -name '*.html')" ] \
    || fail "shard $k/3 made packs, charts, the site or the workbook"
done
[ "$(readlink "$TMP/pk/latest")" = "$whole" ] || fail "a shard moved the whole run's latest"

# The partition: FNV-1a (32 bits) of the id without "hg." mod 3, plus 1; the HLE gap goes
# with 90362.
python3 - "$TMP/pk" > "$TMP/partition" <<'PY' || fail "partition check failed to run"
import csv, sys
def fnv1a(s):
    h = 2166136261
    for b in s.encode():
        h = ((h ^ b) * 16777619) & 0xffffffff
    return h
out = sys.argv[1]
ids = lambda p: {r['indicator_id'] for r in csv.DictReader(open(p, encoding='utf-8-sig'))}
whole = ids(out + '/latest/results/indicators.csv')
for k in (1, 2, 3):
    got = ids('%s/shards/%d-of-3/latest/results/indicators.csv' % (out, k))
    key = lambda i: '90362' if i == 'hg.hle_gap_between_areas' else i[3:] if i.startswith('hg.') else i
    want = {i for i in whole if fnv1a(key(i)) % 3 + 1 == k}
    print(k, len(got), 'ok' if got == want else 'WRONG %s' % sorted(got ^ want))
PY
[ "$(grep -c ' ok$' "$TMP/partition")" -eq 3 ] || fail "shards not as FNV-1a partitions: $(cat "$TMP/partition")"
awk '$2 == 0 {n++} END {exit n > 0}' "$TMP/partition" || fail "a shard of 3 is empty: $(cat "$TMP/partition")"

# The merge equals the whole run, every results file and rejects.csv.
SH="$TMP/pk/shards/1-of-3 $TMP/pk/shards/2-of-3 $TMP/pk/shards/3-of-3"
expect_exit 0 "$HG" merge -o "$TMP/m" $SH
grep -q '^healthgap merge: 3 shards into .*: 9 files, .* rows, 23 indicators$' "$OUT" \
  || fail "merge summary: $(cat "$OUT")"
n=0
for f in $(cd "$TMP/pk/latest" && ls results/*.csv rejects.csv); do
  cmp -s "$TMP/pk/latest/$f" "$TMP/m/$f" || fail "merged $f differs from the whole run's"
  n=$((n + 1))
done
[ "$n" -eq 9 ] || fail "$n results files, not 9"
[ "$(ls "$TMP/m/results" | wc -l)" -eq 8 ] || fail "merge made other files: $(ls "$TMP/m/results")"

# rejects.csv: ingest's rejects are in every shard, a duplicate key only in its indicator's;
# the merge writes each once, in the whole run's order.  (An extra input, packs off.)
# Ids 999 (shard 1) and 1000 (shard 2): indicators.csv puts numeric ids in numeric order, the
# other files in text order; the merge must follow each.
printf 'indicator_id,area_code,period,sex,age,value\n30101,E09000001,2010,Persons,,9\n%s\n%s\n%s\n%s\n' \
  '92443,E12000007,2019,Persons,18+ yrs,13' '30101,E09000002,2010,Persons,,abc' \
  '999,E09000001,2019,Persons,,5' '1000,E09000001,2019,Persons,,6' > "$TMP/extra.csv"
sed -e "s#^output = .*#output = $TMP/px#" -e 's/^\(london\|charts\|site\|workbook\) = true/\1 = false/' \
  -e 's/^icb = all/icb = none/' -e 's/^boroughs = .*/boroughs = none/' "$TMP/london.conf" > "$TMP/x.conf"
printf '[input.zz_extra]\npath = %s\nrole = indicators\nlayout = tidy\n' "$TMP/extra.csv" >> "$TMP/x.conf"
expect_exit 0 "$HG" run --quiet --timestamp $TS "$TMP/x.conf"
for k in 1 2 3; do expect_exit 0 "$HG" run --quiet --timestamp $TS --shard $k/3 "$TMP/x.conf"; done
[ "$(grep -c duplicate_key "$TMP/px/latest/rejects.csv")" -eq 2 ] && grep -q not_a_number "$TMP/px/latest/rejects.csv" \
  || fail "the extra input's rejects: $(cat "$TMP/px/latest/rejects.csv")"
cmp -s "$TMP/px/shards/1-of-3/latest/rejects.csv" "$TMP/px/shards/2-of-3/latest/rejects.csv" \
  && fail "shards 1 and 2 have the same rejects: no shard's own duplicate key tested"
awk -F, '$1 == "999" {a = NR} $1 == "1000" {b = NR} END {exit !(a && b && a < b)}' \
  "$TMP/px/latest/results/indicators.csv" || fail "999 not before 1000 in the whole run's indicators.csv"
expect_exit 0 "$HG" merge -o "$TMP/mx" "$TMP/px/shards/1-of-3" "$TMP/px/shards/2-of-3" "$TMP/px/shards/3-of-3"
for f in $(cd "$TMP/px/latest" && ls results/*.csv rejects.csv); do
  cmp -s "$TMP/px/latest/$f" "$TMP/mx/$f" || fail "merged $f differs from the whole run's (extra input)"
done

# An unchanged shard is not rebuilt.
expect_exit 0 "$HG" run --timestamp $TS --shard 2/3 "$TMP/london.conf"
grep -q 'unchanged since run' "$OUT" || fail "an unchanged shard was rebuilt"

# Refusals: exit 1, nothing written.
refuse() { # refuse WORDS SHARD...
  words=$1; shift
  expect_exit 1 "$HG" merge -o "$TMP/r" "$@"
  grep -q "$words" "$ERR" || fail "merge: no '$words' in: $(cat "$ERR")"
  [ ! -e "$TMP/r" ] && [ -z "$(ls -d "$TMP"/r.partial-* 2>/dev/null)" ] || fail "refused merge left files"
}
expect_exit 1 "$HG" merge -o "$TMP/m" $SH
grep -q 'exists; the merge makes a new folder' "$ERR" || fail "merge over a folder: $(cat "$ERR")"
refuse '2 of 3 shards given; missing 3/3' "$TMP/pk/shards/1-of-3" "$TMP/pk/shards/2-of-3"
refuse 'shard 2/3 again' $SH "$TMP/pk/shards/2-of-3/latest"
refuse 'not a run made with --shard' "$TMP/pk" "$TMP/pk/shards/2-of-3"
cp -r "$(readlink -f "$TMP/pk/shards/1-of-3/latest")" "$TMP/as2"
sed -i 's#^shard 1/3#shard 2/3#' "$TMP/as2/shard.txt"
refuse 'indicator .* is in shard 1/3 and in shard 2/3' "$TMP/pk/shards/1-of-3" "$TMP/as2" "$TMP/pk/shards/3-of-3"
cp -r "$(readlink -f "$TMP/pk/shards/3-of-3/latest")" "$TMP/other"
sed -i 's#^fingerprint .*#fingerprint 0000000000000000000000000000000000000000000000000000000000000000#' "$TMP/other/shard.txt"
refuse 'fingerprint differs' "$TMP/pk/shards/1-of-3" "$TMP/pk/shards/2-of-3" "$TMP/other"

# An empty shard (1 of 40 holds none of the demo's 23 ids) publishes and says so.
expect_exit 0 "$HG" run --quiet --timestamp $TS --shard 1/40 "$TMP/london.conf"
grep -q 'shard 1/40 holds none of the inputs' "$ERR" || fail "empty shard not reported: $(cat "$ERR")"
[ "$(wc -l < "$TMP/pk/shards/1-of-40/latest/results/indicators.csv")" -eq 1 ] || fail "empty shard has rows"
refuse 'another partition' $SH "$TMP/pk/shards/1-of-40"

# Usage errors: exit 2, the value named.
for bad in 0/3 4/3 1/0 3 a/b 1/3x -1/3 1/100001; do
  expect_exit 2 "$HG" run --shard "$bad" "$TMP/london.conf"
  grep -q -- "--shard: not K/N .*'$bad'" "$ERR" || fail "--shard $bad: $(head -1 "$ERR")"
done
expect_exit 2 "$HG" merge $SH
grep -q 'missing -o OUT' "$ERR" || fail "merge without -o: $(head -1 "$ERR")"
expect_exit 2 "$HG" merge -o "$TMP/x"
finish
