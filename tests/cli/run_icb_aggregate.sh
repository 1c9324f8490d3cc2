#!/bin/sh
# ICB values of a published indicator, aggregated from its borough counts in
# the demo (fixtures/london, packs off).  The expected numbers are computed
# here, from the borough rows of the input file (OHID Fingertips tobacco
# export, QOF smoking 91547, 2019/20) and the ICB lookup: the counts and
# denominators of every borough of each ICB summed, then Wilson's score
# interval (PHEindicatormethods phe_proportion, z = qnorm(0.975) and
# qnorm(0.999)) on the sums.  Not from our output.
. tests/cli/lib.inc

D=$PWD/fixtures/london
sed -e "s#^path = #path = $D/#" -e "s#^output = .*#output = $TMP/pk#" \
    -e "s#^london = true#london = false#" -e "s#^icb = all#icb = none#" \
    -e "s#^charts = true#charts = false#" "$D/london.conf" > "$TMP/london.conf"
expect_exit 0 "$HG" run --jobs 2 --quiet --timestamp 2024-01-01T00:00:00Z "$TMP/london.conf"
R=$TMP/pk/latest/results/indicators.csv
[ -f "$R" ] || fail "no indicators.csv"

# ICB code, x, n, value, limits 95 and 99.8 (x 100) for each ICB, from the input.
awk -F, 'NR == FNR { if (FNR > 1) icb[$1] = $3; next }
  { line = $0; sub(/\r$/, "", line); gsub(/^"|"$/, "", line); nf = split(line, f, "\",\"")
    # 1 id, 5 area code, 12 period, 18 count, 19 denominator
    if (nf < 19 || f[1] != "91547" || f[12] != "2019/20" || !(f[5] in icb)) next
    if (f[18] == "" || f[19] == "") { bad[icb[f[5]]] = 1; next }
    x[icb[f[5]]] += f[18]; n[icb[f[5]]] += f[19]; nb[icb[f[5]]]++ }
  END {
    for (a in icb) want[icb[a]]++
    for (c in want) {
      if (nb[c] != want[c] || (c in bad)) continue
      p = x[c] / n[c]; printf "%s %.0f %.0f %.12g", c, x[c], n[c], 100 * p
      split("1.959963984540054 3.090232306167813", z, " ")
      for (k = 1; k <= 2; k++) {
        zz = z[k] * z[k]; s = z[k] * sqrt(zz + 4 * x[c] * (1 - p))
        printf " %.12g %.12g", 100 * (2 * x[c] + zz - s) / (2 * (n[c] + zz)),
                               100 * (2 * x[c] + zz + s) / (2 * (n[c] + zz))
      }
      printf "\n"
    }
  }' "$D/real/london_borough_icb_lookup.csv" "$D/real/fingertips_tobacco_profile_london_2019.csv" \
  | sort > "$TMP/want"
[ "$(wc -l < "$TMP/want")" -eq 5 ] || fail "expected 5 ICBs with complete counts, got $(wc -l < "$TMP/want")"

# The same from results/indicators.csv (columns by name).
awk -F, '{ sub(/\r$/, "") } NR == 1 { sub(/^\xef\xbb\xbf/, ""); for (i = 1; i <= NF; i++) c[$i] = i; next }
  $c["indicator_id"] == "91547" && $c["area_code"] ~ /^E54/ && $c["period"] == "2019/20" &&
  $c["category_type"] == "" {
    print $c["area_code"], $c["count"], $c["denominator"], $c["value"], $c["lower_ci95"],
          $c["upper_ci95"], $c["lower_ci998"], $c["upper_ci998"], "|" $c["value_note"] "|" }' "$R" \
  | sort > "$TMP/got"
[ "$(wc -l < "$TMP/got")" -eq 5 ] || fail "expected 5 ICB rows of 91547, got $(wc -l < "$TMP/got")"
while read -r code x n v l1 u1 l2 u2; do
  g=$(grep "^$code " "$TMP/got")
  [ -n "$g" ] || { fail "$code: no ICB row"; continue; }
  echo "$g" | awk -v w="$x $n $v $l1 $u1 $l2 $u2" '{
    split(w, e, " ")
    for (i = 1; i <= 7; i++) { d = $(i + 1) - e[i]; if (d < 0) d = -d
      if (d > 1e-9 * (e[i] < 0 ? -e[i] : e[i]) + 1e-12) { print "col " i ": " $(i + 1) " want " e[i]; bad = 1 } }
    if ($0 !~ /\|Aggregated from borough counts\|/) { print "note: " $0; bad = 1 }
    exit bad }' > "$TMP/diff" || fail "$code: $(cat "$TMP/diff")"
done < "$TMP/want"

# London is published in the export: kept, not duplicated by an aggregate.
n=$(awk -F, '$1 == "91547" && $3 == "E12000007" && /2019\/20/ && $12 == ""' "$R" | wc -l)
[ "$n" -eq 1 ] || fail "London 91547 rows: $n, want 1 (the published one)"
awk -F, '$1 == "91547" && $3 == "E12000007" && /Aggregated from borough counts/' "$R" | grep -q . \
  && fail "London 91547 aggregated although published"
# APS smoking (92443) has counts but no denominators: no ICB value, and a warning.
grep -q '^92443,[^,]*,E54[0-9]*,[^,]*,[^,]*,[^,]*,[^,]*,2019,[^,]*,Persons,[^,]*,,' "$R" \
  && fail "ICB 92443 value made without denominators"
grep -q 'not aggregated from borough counts' "$TMP/pk/latest/manifest.json" \
  || fail "no warning for the values not aggregated"
finish
