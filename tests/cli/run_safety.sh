#!/bin/sh
# The run's output safety (issue 18): a failed write names the file and the
# system's reason; bidi controls never reach a label; a file name made from
# data is safe or refused; the first run writes changes.csv; the run id printed
# in the packs depends on what the config means, not on its text.
# A small pack: the OHID tobacco export and the borough -> ICB lookup of the
# demo (fixtures/london/real, OGL), five ICB packs.
. tests/cli/lib.inc

D=$PWD/fixtures/london/real
P=$TMP/pack; mkdir -p "$P"
cp "$D/fingertips_tobacco_profile_london_2019.csv" "$P/tobacco.csv"
cp "$D/london_borough_icb_lookup.csv" "$P/lookup.csv"
TS=2024-01-01T00:00:00Z
conf() { # conf FILE OUTPUT LONDON ICB [LOOKUP]
  cat > "$1" <<EOF
[pack]
title = Safety test pack
output = $2
seed = 42

[input.tobacco]
path = tobacco.csv
role = indicators
layout = fingertips

[input.lookup_icb]
path = ${5:-lookup.csv}
role = lookup

[packs]
london = $3
icb = $4
EOF
}

# 4. The first run writes results/changes.csv (header only: nothing to
# compare with) and lists it in the manifest.
conf "$P/a.conf" out-a false all
expect_exit 0 "$HG" run --quiet --timestamp $TS "$P/a.conf"
C=$P/out-a/latest/results/changes.csv
[ -f "$C" ] || fail "first run wrote no results/changes.csv"
[ "$(cat "$C")" = "$(printf '\357\273\277change_type,indicator_id,area_code,period,sex,category,before,after\r')" ] ||
  fail "first run's changes.csv is not the header alone: $(head -c 200 "$C")"
grep -q '"results/changes.csv"' "$P/out-a/latest/manifest.json" || fail "changes.csv not in the manifest"

# 5. A config differing only in a comment and its output folder gives the
# same run id and byte-identical packs.
{ echo "# a comment that changes nothing"; sed 's/^output = out-a/output = out-b/' "$P/a.conf"; } > "$P/b.conf"
expect_exit 0 "$HG" run --quiet --timestamp $TS "$P/b.conf"
[ "$(basename "$(readlink "$P/out-a/latest")")" = "$(basename "$(readlink "$P/out-b/latest")")" ] ||
  fail "run ids differ: $(readlink "$P/out-a/latest") vs $(readlink "$P/out-b/latest")"
n=0
for f in "$P"/out-a/latest/packs/*.pdf; do
  n=$((n+1))
  cmp -s "$f" "$P/out-b/latest/packs/$(basename "$f")" || fail "$(basename "$f") differs between configs differing only in a comment and output"
done
[ $n -eq 5 ] || fail "expected 5 ICB packs, got $n"
# ... but a setting that changes the outputs changes the id.
sed -e 's/^seed = 42/seed = 43/' -e 's/^output = out-a/output = out-c/' "$P/a.conf" > "$P/c.conf"
expect_exit 0 "$HG" run --quiet --timestamp $TS "$P/c.conf"
[ "$(basename "$(readlink "$P/out-a/latest")")" != "$(basename "$(readlink "$P/out-c/latest")")" ] ||
  fail "a new seed kept the run id"

# 1. A write that fails names the file and the reason (EFBIG under a file-size
# limit; SIGXFSZ ignored so that write(2) returns the error), exits 1 and
# leaves latest alone.
good=$(readlink "$P/out-a/latest")
conf "$P/w.conf" out-a false none
limited() { sh -c 'trap "" XFSZ; ulimit -f 40; exec "$@"' sh "$@"; }
expect_exit 1 limited "$HG" run --quiet --force --timestamp $TS "$P/w.conf"
grep -q 'results/indicators.csv.*File too large' "$ERR" || fail "CSV write error does not name file and errno: $(cat "$ERR")"
expect_exit 1 limited "$HG" run --quiet --force --timestamp $TS "$P/a.conf"
grep -q 'packs/icb-E54000027.pdf.*File too large' "$ERR" || fail "PDF write error does not name file and errno: $(cat "$ERR")"
[ "$(readlink "$P/out-a/latest")" = "$good" ] || fail "failed write moved latest"
ls -d "$P"/out-a/.staging-* > /dev/null 2>&1 && fail "failed write left a staging folder"

# 2. Bidi controls (U+202E RIGHT-TO-LEFT OVERRIDE, U+2066 LEFT-TO-RIGHT
# ISOLATE) in an area name reach neither the CSV nor the packs' text.
rlo=$(printf '\342\200\256'); lri=$(printf '\342\201\246')
sed "s/\"Westminster\"/\"West${rlo}minster${lri}\"/" "$D/fingertips_tobacco_profile_london_2019.csv" > "$P/tobacco.csv"
grep -q "West${rlo}minster" "$P/tobacco.csv" || fail "test set-up: no bidi name in the input"
expect_exit 0 "$HG" run --quiet --timestamp $TS "$P/a.conf"
R=$P/out-a/latest/results/indicators.csv
grep -q ',Westminster,' "$R" || fail "Westminster not in indicators.csv without its bidi controls"
LC_ALL=C grep -q "$(printf '\342\200[\216\217\252-\256]\|\342\201[\246-\251]\|\330\234')" "$R" &&
  fail "a bidi control reached indicators.csv"
if command -v pdftotext > /dev/null 2>&1; then
  pdftotext "$P/out-a/latest/packs/icb-E54000027.pdf" "$TMP/nwl.txt"
  grep -q 'Westminster' "$TMP/nwl.txt" || fail "Westminster not drawn plainly in the NW London pack"
  LC_ALL=C grep -q "$rlo\|$lri" "$TMP/nwl.txt" && fail "a bidi control reached the pack's text"
fi
cp "$D/fingertips_tobacco_profile_london_2019.csv" "$P/tobacco.csv"

# 3. A file name made from data: a hostile ICB code is refused, naming the
# lookup, its line and the column, and nothing is written outside the run.
good=$(readlink "$P/out-a/latest")
{ cat "$P/lookup.csv"; printf 'E09000099,Nowhere,E54000027/../../x,NHS Nowhere\n'; } > "$P/evil.csv"
conf "$P/e.conf" out-a false all evil.csv
expect_exit 1 "$HG" run --quiet --timestamp $TS "$P/e.conf"
grep -q "evil.csv:35: column 'ICB_code'.*E54000027/../../x" "$ERR" || fail "hostile ICB code not refused by name: $(cat "$ERR")"
[ "$(readlink "$P/out-a/latest")" = "$good" ] || fail "hostile ICB code moved latest"
[ -e "$P/x.pdf" ] || [ -e "$P/out-a/x.pdf" ] && fail "a pack was written outside the run folder"
# An indicator id too long for a file name gives bounded chart names.
long=hg.$(printf '%0300d' 0 | tr 0 a)
{ echo "indicator_id,area_code,area_name,period,value"
  for a in 01 02 03 04 05; do echo "$long,E090000$a,Borough $a,2019,1$a"; done; } > "$P/long.csv"
cat > "$P/l.conf" <<EOF
[pack]
title = Long ids
output = out-l
[input.long]
path = long.csv
role = indicators
[packs]
london = true
icb = none
EOF
expect_exit 0 "$HG" run --quiet --timestamp $TS "$P/l.conf"
n=$(find "$P/out-l/latest/charts" -name 'hg_aaa*.png' | wc -l)
[ "$n" -ge 1 ] || fail "no chart for the long indicator id"
find "$P/out-l/latest/charts" -name '*.png' | awk -F/ 'length($NF) > 80 { print "FAIL: chart name too long: " $NF; bad = 1 } END { exit bad }' >&2 ||
  failures=$((failures+1))

finish
