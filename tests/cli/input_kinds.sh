#!/bin/sh
# Errors that name the real cause: a file that is not a UTF-8 CSV is refused
# as what it is (compressed, a workbook, UTF-16, PDF, missing, a folder), by
# validate, stat and chart alike; a FIFO given to a run is refused at once
# instead of blocking the run while it holds the lock, and so are chart's
# --boundaries.
. tests/cli/lib.inc

printf 'indicator_id,area_code,period,value\n1,E09000001,2019,5\n' > "$TMP/ok.csv"
gzip -c "$TMP/ok.csv" > "$TMP/data.csv.gz"
printf 'PK\003\004\024\000\006\000rest-of-a-workbook' > "$TMP/book.xlsx"
printf '\320\317\021\340\241\261\032\341rest' > "$TMP/old.xls"
printf '\377\376i\000n\000d\000,\000a\000\n\000' > "$TMP/utf16.csv"
printf 'i\000n\000d\000i\000c\000,\000a\000\n\000' > "$TMP/utf16nobom.csv"
printf '%%PDF-1.5\n' > "$TMP/report.csv"

check() { # FILE WORDS: validate, stat and chart refuse FILE naming WORDS
  f=$1; words=$2
  expect_exit 1 "$HG" validate "$f"
  grep -q "$words" "$ERR" || fail "validate $(basename "$f"): '$words' not in: $(cat "$ERR")"
  expect_exit 1 "$HG" stat proportion --x a --n b "$f"
  grep -q "$words" "$ERR" || fail "stat $(basename "$f"): '$words' not in: $(cat "$ERR")"
  expect_exit 1 "$HG" chart compare "$f" -o "$TMP/x.png"
  grep -q "$words" "$ERR" || fail "chart $(basename "$f"): '$words' not in: $(cat "$ERR")"
}
check "$TMP/data.csv.gz" "gzip-compressed"
check "$TMP/book.xlsx" "Excel .xlsx"
check "$TMP/old.xls" "old Excel .xls"
check "$TMP/utf16.csv" "UTF-16"
check "$TMP/utf16nobom.csv" "UTF-16"
check "$TMP/report.csv" "is a PDF"
check "$TMP/missing.csv" "no such file"
check "$TMP" "is a folder"

# a run whose input is a FIFO fails at once, naming it
P=$TMP/pack; mkdir -p "$P"
cp tests/data/run/run.conf tests/data/run/le_wide.csv "$P"/
mkfifo "$P/counts.csv"
timeout 20 "$HG" run --quiet "$P/run.conf" > "$OUT" 2> "$ERR"; rc=$?
[ "$rc" -eq 1 ] || fail "run with a FIFO input exited $rc, want 1 (124 = it blocked)"
grep -q "counts.csv: is not a regular file" "$ERR" || fail "FIFO not named: $(cat "$ERR")"
[ -e "$P/out/latest" ] && fail "run with a FIFO input published"

# chart's boundaries are read outside a run: a FIFO there is refused too
mkfifo "$TMP/map.geojson"
timeout 20 "$HG" chart map --boundaries "$TMP/map.geojson" -o "$TMP/m.png" \
  tests/data/benchmark/fingertips_tobacco_profile_london_2019.csv > "$OUT" 2> "$ERR"; rc=$?
[ "$rc" -eq 1 ] || fail "chart with a FIFO for boundaries exited $rc, want 1 (124 = it blocked)"
grep -q "map.geojson: is not a regular file" "$ERR" || fail "FIFO boundaries not named: $(cat "$ERR")"
gzip -c tests/data/benchmark/fingertips_tobacco_profile_london_2019.csv > "$TMP/b.geojson"
expect_exit 1 "$HG" chart map --boundaries "$TMP/b.geojson" -o "$TMP/m.png" \
  tests/data/benchmark/fingertips_tobacco_profile_london_2019.csv
grep -q "gzip-compressed" "$ERR" || fail "gzipped boundaries not named: $(cat "$ERR")"
finish
