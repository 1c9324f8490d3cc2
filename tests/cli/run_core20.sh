#!/bin/sh
# results/core20.csv: national deprivation of every borough, ICB and London
# (derive/core20.c), on the demo's real files: IoD 2019 File 2 (national IMD
# deciles of London's LSOAs), File 6 (their mid-2015 populations, excluding
# prisoners) and England's population per decile (derived/, made from the
# whole of both files by fixtures/london/tools/core20_england.py).  The
# expected figures are computed here with awk from those files and the
# borough -> ICB lookup (LSOA -> borough from File 2's own LAD column, not
# through the run's hierarchy): never from our output.
. tests/cli/lib.inc

D=$PWD/fixtures/london
cat > "$TMP/c.conf" <<CONF
[pack]
output = $TMP/pk
[input.lookup_lsoa11]
path = $D/real/ons_lsoa11_msoa11_lad17_london_lookup.csv
role = lookup
[input.lookup_icb]
path = $D/real/london_borough_icb_lookup.csv
role = lookup
[input.imd_lsoa]
path = $D/real/mhclg_iod2019_file2_domains_lsoa_london.csv
role = deprivation
[input.pop]
path = $D/real/mhclg_iod2019_file6_population_denominators_lsoa_london.csv
role = population
[input.england]
path = $D/derived/iod2019_england_population_by_imd_decile.csv
role = population
[packs]
london = false
icb = none
charts = false
CONF
expect_exit 0 "$HG" run --quiet --timestamp 2024-01-01T00:00:00Z "$TMP/c.conf"
R=$TMP/pk/latest/results/core20.csv
[ -f "$R" ] || { fail "no core20.csv"; finish; }

# Expected: code population core20 q1..q5 per borough, ICB, London and England.
awk '
  # The fields of one CSV line (quotes removed), into f; returns their number.
  function csv(line, f,   n, i, c, q, cur) {
    n = 0; cur = ""; q = 0; sub(/\r$/, "", line)
    for (i = 1; i <= length(line); i++) {
      c = substr(line, i, 1)
      if (c == "\"") q = !q
      else if (c == "," && !q) { f[++n] = cur; cur = "" }
      else cur = cur c
    }
    f[++n] = cur; return n
  }
  FILENAME ~ /icb_lookup/ { if (FNR > 1) { csv($0, f); icb[f[1]] = f[3] } next }
  FILENAME ~ /file2/ { if (FNR > 1) { csv($0, f); lad[f[1]] = f[3]; dec[f[1]] = f[6] } next }
  FILENAME ~ /file6/ { if (FNR > 1) { csv($0, f); p = f[5]; gsub(/,/, "", p)
      a[1] = lad[f[1]]; a[2] = icb[a[1]]; a[3] = "E12000007"
      for (k = 1; k <= 3; k++) { tot[a[k]] += p; q[a[k], int((dec[f[1]] + 1) / 2)] += p } }
    next }
  FILENAME ~ /england/ { if (FNR > 1) { csv($0, f)
      tot[f[1]] += f[4]; q[f[1], int((f[3] + 1) / 2)] += f[4] } }
  END { for (c in tot) { printf "%s %d %d", c, tot[c], q[c, 1]
          for (k = 1; k <= 5; k++) printf " %d", q[c, k]; printf "\n" } }
' "$D/real/london_borough_icb_lookup.csv" "$D/real/mhclg_iod2019_file2_domains_lsoa_london.csv" \
  "$D/real/mhclg_iod2019_file6_population_denominators_lsoa_london.csv" \
  "$D/derived/iod2019_england_population_by_imd_decile.csv" | sort > "$TMP/want"
[ "$(wc -l < "$TMP/want")" -eq 40 ] || fail "want 33 boroughs + 5 ICBs + London + England, got $(wc -l < "$TMP/want")"

awk -F, '{ sub(/\r$/, "") } NR == 1 { sub(/^\xef\xbb\xbf/, ""); for (i = 1; i <= NF; i++) c[$i] = i; next }
  { print $c["area_code"], $c["population"], $c["core20_population"], $c["quintile1_population"],
      $c["quintile2_population"], $c["quintile3_population"], $c["quintile4_population"],
      $c["quintile5_population"] }' "$R" | sort > "$TMP/got"
diff "$TMP/want" "$TMP/got" > "$TMP/diff" || fail "core20 populations differ: $(head -5 "$TMP/diff")"

# The share is core20 / population, as a percentage; London's stated in the docs.
awk -F, '{ sub(/\r$/, "") } NR > 1 && $5 > 0 { d = $7 - 100 * $6 / $5; if (d < 0) d = -d
  if (d > 1e-9) { print "share of " $1 ": " $7; bad = 1 } } END { exit bad }' "$R" \
  || fail "core20_percent is not core20_population / population"
grep -q '^E12000007,London,Region,4835,8662622,1417005,16\.357' "$R" || fail "London row: $(grep E12000007 "$R")"
grep -q 'imd_population_lsoa\|pop: Total population: mid 2015 (excluding prisoners)' "$R" \
  || fail "population source not named"

# National deciles but no LSOA population: a warning, no file, the run still succeeds.
awk '/^\[/ { skip = ($0 == "[input.pop]") } !skip' "$TMP/c.conf" | sed "s#$TMP/pk#$TMP/pk2#" > "$TMP/n.conf"
expect_exit 0 "$HG" run --timestamp 2024-01-01T00:00:00Z "$TMP/n.conf"
[ -f "$TMP/pk2/latest/results/core20.csv" ] && fail "core20.csv written without populations"
grep -q 'core20: .*no population input has LSOA populations' "$TMP/pk2/latest/manifest.json" \
  || fail "no warning without populations"
finish
