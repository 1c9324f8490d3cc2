#!/bin/sh
# healthgap stat dsr read without a table (hg_method_run_file, engine/ingest/project.c):
# R's published DSRs through that path, and every output byte for byte the table's
# (the same file through stdin, which is always read as a table).  A file the
# reader cannot take the table's way is read as a table, with the table's message.
# HEALTHGAP_TEST_FILE_MIN lowers the 1 MiB threshold and makes stat say which way
# it read the file.
. tests/cli/lib.inc
D=tests/data/phe
R=fixtures/london/real
R95=lower95_0cl=lowercl,upper95_0cl=uppercl
cmp_csv() { awk -v key="$1" -v rel=1e-9 -v abs=0 -v rename="$R95" -f tests/cli/csvcmp.awk "$2" "$3" >&2 || fail "$2 differs"; }
DSR="stat dsr --x count --n pop --stdpop esp2013 --group-by area --confidence 0.95,0.998"

# way FILE WANT ARGS...: stat over FILE read as WANT ("without a table" or "as a
# table"), its output and exit code those of the same bytes through stdin.
way() {
  f=$1; want=$2; shift 2
  HEALTHGAP_TEST_FILE_MIN=1 "$HG" "$@" "$f" > "$TMP/file.out" 2> "$TMP/file.err"; a=$?
  "$HG" "$@" - < "$f" > "$TMP/stdin.out" 2> "$TMP/stdin.err"; b=$?
  grep -q "test: read $want" "$TMP/file.err" || fail "$f: not read $want: $(head -3 "$TMP/file.err")"
  [ $a -eq $b ] || fail "$f: exit $a read from the file, $b through stdin"
  cmp -s "$TMP/file.out" "$TMP/stdin.out" || fail "$f: output differs from the table's: $(diff "$TMP/file.out" "$TMP/stdin.out" | head -4)"
}

# 1. R's published DSRs (generated__calculate_dsr_edge_*, PHEindicatormethods) read
# without a table: R's own file (write.csv quotes every text and every name),
# then the same without its quotes.
HEALTHGAP_TEST_FILE_MIN=1 expect_exit 0 "$HG" $DSR $D/generated__calculate_dsr_edge_input.csv
grep -q "test: read without a table" "$ERR" || fail "R's quoted edge input not read without a table: $(cat "$ERR")"
cmp_csv area $D/generated__calculate_dsr_edge_2ci.csv "$OUT"
way $D/generated__calculate_dsr_edge_input.csv "without a table" $DSR
tr -d '"' < $D/generated__calculate_dsr_edge_input.csv > "$TMP/edge.csv"
HEALTHGAP_TEST_FILE_MIN=1 expect_exit 0 "$HG" $DSR "$TMP/edge.csv"
grep -q "test: read without a table" "$ERR" || fail "edge input not read without a table: $(cat "$ERR")"
cmp_csv area $D/generated__calculate_dsr_edge_2ci.csv "$OUT"
way "$TMP/edge.csv" "without a table" $DSR
# The same with ESP2013 joined by age band (--stdpop-builtin): the bands here are
# start ages, which the join takes as the band they start.
B="stat dsr --x count --n pop --stdpop-builtin esp2013 --ageband ageband --group-by area --confidence 0.95,0.998"
HEALTHGAP_TEST_FILE_MIN=1 expect_exit 0 "$HG" $B "$TMP/edge.csv"
grep -q "test: read without a table" "$ERR" || fail "edge input, ESP2013 joined: not read without a table"
cmp_csv area $D/generated__calculate_dsr_edge_2ci.csv "$OUT"
way "$TMP/edge.csv" "without a table" $B
# Real populations in ESP2013's own bands: ONS mid-2019 estimates by single year of
# age for London's 33 boroughs (fixtures/london/real, OGL) summed into 0-4 ... 90+,
# counts made from them as below; and a band ESP2013 lacks, which the table reports.
awk -F, '$3 == "London Borough" && ($4 == "Males" || $4 == "Females") {
    for (b = 0; b < 19; b++) {
      pop = 0
      if (b < 18) { for (a = 5 * b; a < 5 * b + 5; a++) pop += $(6 + a); label = (5 * b) "-" (5 * b + 4) }
      else { pop = $96; label = "90+" }
      printf "%s,%s,%s,%s,%d,%d\n", $1, $2, $4, label, pop, int(pop * 0.00002 * (b + 1) ^ 2.5) } }' \
  $R/ons_mye2_mid2019_pop_by_sex_single_year_age_london.csv > "$TMP/bands_rows.csv"
{ echo "Code,Name,Sex,ageband,pop,count"; cat "$TMP/bands_rows.csv"; } > "$TMP/bands.csv"
[ "$(wc -l < "$TMP/bands.csv")" -eq 1255 ] || fail "33 boroughs x 2 sexes x 19 bands: $(wc -l < "$TMP/bands.csv") lines"
E="stat dsr --x count --n pop --stdpop-builtin esp2013 --ageband ageband --confidence 0.95,0.998"
way "$TMP/bands.csv" "without a table" $E --group-by Code,Sex
way "$TMP/bands.csv" "without a table" $E --group-by Name,Sex --vardsr
sed '11s/,45-49,/,45-50,/' "$TMP/bands.csv" > "$TMP/typo.csv"
way "$TMP/typo.csv" "as a table" $E --group-by Code,Sex
grep -q "typo.csv:11: column 'ageband': age band '45-50' is not in the standard population esp2013" "$TMP/file.err" ||
  fail "band typo not reported: $(cat "$TMP/file.err")"
# Over 1 MiB it is the default way.
awk 'NR == 1 { print; next } { for (k = 0; k < 600; k++) { $1 = $1 k; print; sub(k "$", "", $1) } }' FS=, OFS=, \
  "$TMP/edge.csv" > "$TMP/edge_big.csv"
[ "$(wc -c < "$TMP/edge_big.csv")" -gt 1048576 ] || fail "edge_big.csv is under 1 MiB"
"$HG" $DSR "$TMP/edge_big.csv" > "$TMP/big.out" 2> "$TMP/big.err" || fail "edge_big.csv: $(cat "$TMP/big.err")"
"$HG" $DSR - < "$TMP/edge_big.csv" | cmp -s - "$TMP/big.out" || fail "edge_big.csv: output differs from the table's"

# 2. Real populations: ONS mid-2019 estimates for London's 4,835 LSOAs by sex and
# broad age (fixtures/london/real, OGL), long, 48,350 rows, 3 MB.  The counts are
# made from them (rates by age near England's 2019 deaths) and the standard
# population is ESP2013 summed into the same bands: what is read is real text.
awk -F, 'NR == 1 { next }
  { n = split("0-15 16-29 30-44 45-64 65+", band, " ")
    split("0.0002 0.0004 0.001 0.004 0.035", rate, " ")
    split("17100 16400 20500 26500 19500", esp, " ")
    for (s = 0; s < 2; s++) for (b = 1; b <= n; b++) {
      pop = $(s ? 19 + b : 13 + b)
      printf "%s,%s,%s,%s,%s,%s,%d,%d,%d\n", $1, $2, $3, $6, s ? "Female" : "Male", band[b], pop, int(pop * rate[b] * (1 + (NR % 7) / 3)), esp[b] } }' \
  $R/ons_mid2019_pop_london_lsoa11_broad_age_sex.csv > "$TMP/rows.csv"
{ echo "LSOA11CD,LSOA11NM,MSOA11CD,LAD11NM,Sex,band,pop,count,esp2013"; cat "$TMP/rows.csv"; } > "$TMP/lsoa.csv"
[ "$(wc -l < "$TMP/lsoa.csv")" -eq 48351 ] || fail "lsoa.csv has $(wc -l < "$TMP/lsoa.csv") lines"
L="stat dsr --x count --n pop --stdpop esp2013 --confidence 0.95,0.998"
way "$TMP/lsoa.csv" "without a table" $L --group-by MSOA11CD,Sex
way "$TMP/lsoa.csv" "without a table" $L --group-by lad11nm,sex --vardsr --multiplier 1000
way "$TMP/lsoa.csv" "without a table" $L --group-by Sex,LAD11NM --type standard
[ "$(wc -l < "$TMP/stdin.out")" -eq 67 ] || fail "33 boroughs x 2 sexes: $(wc -l < "$TMP/stdin.out") lines"
# Groups spread over the file (rows shuffled), CR LF line ends and a byte-order mark.
{ head -1 "$TMP/lsoa.csv"; awk 'NR > 1' "$TMP/lsoa.csv" | sort -t, -k7,7n -k1,1; } > "$TMP/shuffled.csv"
way "$TMP/shuffled.csv" "without a table" $L --group-by LAD11NM,Sex
{ printf '\357\273\277'; sed 's/$/\r/' "$TMP/lsoa.csv"; } > "$TMP/crlf.csv"
way "$TMP/crlf.csv" "without a table" $L --group-by MSOA11CD,Sex
# Empty key cells are a key like any other.
awk -F, -v OFS=, 'NR > 1 && NR % 13 == 0 { $4 = "" } 1' "$TMP/lsoa.csv" > "$TMP/nokey.csv"
way "$TMP/nokey.csv" "without a table" $L --group-by LAD11NM,Sex
[ "$(wc -l < "$TMP/stdin.out")" -eq 69 ] || fail "33 boroughs and none x 2 sexes: $(wc -l < "$TMP/stdin.out") lines"
# Blank lines are no rows either way.
awk '{ print } NR % 1000 == 0 { print "" }' "$TMP/lsoa.csv" > "$TMP/blank.csv"
way "$TMP/blank.csv" "without a table" $L --group-by LAD11NM,Sex
# libcsv's rules without quotes, which the reader splits by itself: spaces and
# tabs at either end of a field (keys and numbers) are dropped, a line of only
# those is blank, a lone CR ends a row as a LF does (and CR CR LF is a row and
# two blank ones), and the last row needs no line end.
awk 'NR == 1 { print; next } { gsub(/,/, NR % 3 ? " ,\t" : "\t, "); print } NR % 700 == 0 { print " \t " }' \
  "$TMP/lsoa.csv" > "$TMP/spaces.csv"
grep -q ' ,	E02' "$TMP/spaces.csv" || fail "spaces.csv has no spaced key"
way "$TMP/spaces.csv" "without a table" $L --group-by LAD11NM,Sex
way "$TMP/spaces.csv" "without a table" $L --group-by MSOA11CD,Sex --vardsr
awk '{ printf "%s%s", $0, NR == 1 ? "\n" : NR % 3 == 1 ? "\r" : NR % 3 == 2 ? "\r\r\n" : "\n" }' "$TMP/lsoa.csv" |
  head -c -1 > "$TMP/cr.csv"
way "$TMP/cr.csv" "without a table" $L --group-by LAD11NM,Sex

# Long cells (600-byte names) over 9,670 rows of output, as short ones: stat
# writes a large result in chunks of 512 rows formatted on two threads, each
# into 256 KiB, and a chunk longer than that (these are 370 KB) is written
# straight to stdout in its turn instead.
pad=$(awk 'BEGIN { while (n++ < 600) printf "x" }')
sed "2,\$s/,\([^,]*\),E02/,\1$pad,E02/" "$TMP/lsoa.csv" > "$TMP/long.csv"
"$HG" $L --group-by LSOA11CD,LSOA11NM,Sex "$TMP/lsoa.csv" > "$TMP/short.out" || fail "lsoa by LSOA"
"$HG" $L --group-by LSOA11CD,LSOA11NM,Sex "$TMP/long.csv" > "$TMP/long.out" || fail "long names"
[ "$(wc -l < "$TMP/short.out")" -eq 9671 ] || fail "4,835 LSOAs x 2 sexes: $(wc -l < "$TMP/short.out") lines"
sed "s/$pad//" "$TMP/long.out" | cmp -s - "$TMP/short.out" || fail "long cells: output differs"
# A write that fails on either thread's chunks, or on the header, is an error.
if [ -w /dev/full ]; then
  for f in lsoa long; do
    "$HG" $L --group-by LSOA11CD,LSOA11NM,Sex "$TMP/$f.csv" > /dev/full 2> "$TMP/full.err"; rc=$?
    [ $rc -eq 1 ] || fail "$f.csv > /dev/full exited $rc, want 1"
    grep -q 'write error' "$TMP/full.err" || fail "$f.csv > /dev/full: no write error"
  done
fi

# stat on a file of 4 MiB or more starts again on huge pages (docs/run.md), once;
# on a small file, or with HEALTHGAP_NO_HUGE_PAGES, it does not.
if command -v strace > /dev/null && ! grep -q __asan_init "$HG" && [ -r /proc/self/exe ]; then
  cat "$TMP/lsoa.csv" "$TMP/rows.csv" > "$TMP/big.csv"
  [ "$(wc -c < "$TMP/big.csv")" -ge 4194304 ] || fail "big.csv under 4 MiB"
  restarts() { strace -f -e trace=execve -o "$TMP/strace" "$@" > /dev/null 2>&1; grep -c '/proc/self/exe' "$TMP/strace"; }
  [ "$(restarts "$HG" $L --group-by LAD11NM,Sex "$TMP/big.csv")" -eq 1 ] || fail "stat on 6 MB did not restart once"
  [ "$(restarts "$HG" $L --group-by LAD11NM,Sex "$TMP/lsoa.csv")" -eq 0 ] || fail "stat on 3 MB restarted"
  [ "$(HEALTHGAP_NO_HUGE_PAGES=1 restarts "$HG" $L --group-by LAD11NM,Sex "$TMP/big.csv")" -eq 0 ] ||
    fail "HEALTHGAP_NO_HUGE_PAGES: stat restarted"
fi

# Quoted fields in their simple form, as R's write.csv and Fingertips write them:
# every text quoted (names too), numbers quoted, blanks around the quotes (dropped)
# and inside them (kept), and an empty quoted key ("").
awk -F, -v OFS=, '{ for (i = 1; i <= NF; i++) if (NR == 1 || i <= 6) $i = "\"" $i "\"" } 1' \
  "$TMP/lsoa.csv" > "$TMP/rquoted.csv"
head -2 "$TMP/rquoted.csv" | tail -1 | grep -q '^"E01000001","City of London 001A","E02000001"' ||
  fail "rquoted.csv not quoted: $(head -2 "$TMP/rquoted.csv")"
way "$TMP/rquoted.csv" "without a table" $L --group-by LAD11NM,Sex
way "$TMP/rquoted.csv" "without a table" $L --group-by MSOA11CD,Sex --vardsr
awk -F, -v OFS=, 'NR > 1 { $8 = "\"" $8 "\""; $5 = (NR % 5 ? " \"" $5 "\"\t" : "\" " $5 "\"") }
  NR > 1 && NR % 17 == 0 { $4 = "\"\"" } 1' "$TMP/lsoa.csv" > "$TMP/quoted_more.csv"
way "$TMP/quoted_more.csv" "without a table" $L --group-by LAD11NM,Sex
[ "$(wc -l < "$TMP/stdin.out")" -eq 137 ] ||
  fail "2 sexes with and without a blank inside the quotes x 33 boroughs and none: $(wc -l < "$TMP/stdin.out") lines"

# 3. What the reader leaves to the table, whose answer or message stands.
# A quote inside a field, a doubled quote, a line end inside quotes, text after a
# closing quote, a quoted header name holding a line end; a sex column not grouped
# by (the series rule's to judge); an NA population (an error); a row one field
# short; one key spelt two ways (2014, 2014.0).  (An NA count counts 0 either way:
# read without a table.)
for bad in ',Ma"le,' ',"Ma""le",' ',"Ma\nle",' ',"Male"x,'; do
  awk -v bad="$bad" 'NR == 1000 { sub(/,(Fem|M)ale,/, bad) } 1' "$TMP/lsoa.csv" > "$TMP/quoted.csv"
  grep -q '"' "$TMP/quoted.csv" || fail "no quote made for $bad"
  way "$TMP/quoted.csv" "as a table" $L --group-by LAD11NM,Sex
done
awk 'NR == 1 { sub(/,Sex,/, ",\"S\nex\",") } 1' "$TMP/lsoa.csv" > "$TMP/quoted.csv"
way "$TMP/quoted.csv" "as a table" $L --group-by LAD11NM,Sex
way "$TMP/lsoa.csv" "as a table" $L --group-by LAD11NM
grep -q "Sex" "$TMP/file.err" || fail "the series rule did not speak: $(cat "$TMP/stdin.err")"
sed '502s/,[0-9]*,17100$/,NA,17100/' "$TMP/lsoa.csv" > "$TMP/na.csv"
grep -q ',NA,17100$' "$TMP/na.csv" || fail "no NA count made"
way "$TMP/na.csv" "without a table" $L --group-by LAD11NM,Sex
sed '502s/^\(\([^,]*,\)\{6\}\)[0-9]*,/\1NA,/' "$TMP/lsoa.csv" > "$TMP/napop.csv"
way "$TMP/napop.csv" "as a table" $L --group-by LAD11NM,Sex
HEALTHGAP_TEST_FILE_MIN=1 expect_exit 1 "$HG" $L --group-by LAD11NM,Sex "$TMP/napop.csv"
grep -q "napop.csv:502: column 'pop'" "$ERR" || fail "NA population not reported at its line: $(cat "$ERR")"
sed '700s/,[^,]*$//' "$TMP/lsoa.csv" > "$TMP/short.csv"
way "$TMP/short.csv" "as a table" $L --group-by LAD11NM,Sex
awk -F, -v OFS=, 'NR == 1 { $10 = "year" } NR > 1 { $10 = (NR % 2 ? "2014" : "2014.0") } 1' \
  "$TMP/lsoa.csv" > "$TMP/year.csv"
way "$TMP/year.csv" "as a table" $L --group-by LAD11NM,Sex,year
[ "$(wc -l < "$TMP/stdin.out")" -eq 67 ] || fail "2014 and 2014.0 are one year: $(wc -l < "$TMP/stdin.out") lines"
# Rows chosen (--sex) are the table's to choose.
HEALTHGAP_TEST_FILE_MIN=1 expect_exit 0 "$HG" $L --group-by LAD11NM,Sex --sex Male "$TMP/lsoa.csv"
grep -q "test: read" "$ERR" && fail "--sex was not left to the table"
finish
