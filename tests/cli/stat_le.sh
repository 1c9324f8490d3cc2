# healthgap stat le: against PHEindicatormethods outputs (tests/data/phe, PROVENANCE-advanced.md).
. tests/cli/lib.inc
. tests/cli/stat_adv.inc
LE="stat le --deaths deaths --population pops --startage startage"
# R names the 95% limits lower95_0cl/upper95_0cl when two levels are output; healthgap keeps
# lowercl/uppercl (docs/methods.md), and a lone 90% level is lower90_0cl: mapped here.
R2CI=value,lowercl=lower95_0cl,lower99_8cl,uppercl=upper95_0cl,upper99_8cl,pops_used,dths_used

# df1 with two confidence levels: R's exact output, and R's column order.
expect_exit 0 "$HG" $LE --confidence 95,99.8 "$DATA/LE_inline__df1_input.csv"
csv_compare "$OUT" "$DATA/generated__LE_df1_full_2ci.csv" "$R2CI" 1e-9
want_head=$(head -1 "$DATA/generated__LE_df1_full_2ci.csv" | tr -d '"' | sed 's/\([a-z]*\)95_0cl/\1cl/g')
case "$(head -1 "$OUT" | tr -d '\r')" in "$want_head"*) ;; *) fail "le header: $(head -1 "$OUT")";; esac
grep -q '"95%, 99.8%",life expectancy at 0,"Chiang, using Silcocks et al for confidence limits"' "$OUT" ||
  fail "le metadata"

# 90% (percent form), and the unordered and string-labelled inputs (Excel oracle, 1e-4).
expect_exit 0 "$HG" $LE --confidence 90 "$DATA/LE_inline__df1_input.csv"
csv_compare "$OUT" "$DATA/generated__LE_df1_conf90.csv" value,lower90_0cl=lowercl,upper90_0cl=uppercl,pops_used,dths_used 1e-9
for f in LE_inline__df2_input_unordered.csv LE_inline__df3_input_string_agebands.csv; do
  expect_exit 0 "$HG" $LE "$DATA/$f"
  csv_compare "$OUT" "$DATA/LE_inline__df1_expected.csv" value,lowercl,uppercl,pops_used,dths_used 1e-4 abs
done

# Grouped: the wide-CI group first, the suppressed group appended.
expect_exit 0 "$HG" $LE --confidence 95,99.8 --group-by area "$DATA/LE_inline__widecis_input.csv"
csv_compare "$OUT" "$DATA/generated__LE_widecis_full_2ci.csv" "$R2CI" 1e-9
grep -q 'Area 2,60,,.*,wide_ci,some life expectancy values have a 95% confidence interval > 20 years' "$OUT" ||
  fail "le wide_ci status"
expect_exit 0 "$HG" stat le --deaths deaths --population pop --startage age --group-by area \
  "$DATA/LE_inline__grouped_with_warnings_input.csv"
csv_compare "$OUT" "$DATA/generated__LE_grouped_with_warnings_output.csv" \
  value,lowercl,uppercl,pops_used,dths_used 1e-9
[ "$(cut -d, -f1 "$OUT" | uniq | tr '\n' '|')" = \
  "area|Good data|Negative deaths|Negative pops|Missing age band|Deaths more than pops|Low pops|" ] ||
  fail "le group order: $(cut -d, -f1 "$OUT" | uniq | tr '\n' '|')"
grep -q '^Low pops,90,.*,low_population,"some groups have a total population of less than 5,000' "$OUT" ||
  fail "le low_population status"

# le_age, standard type, and an 85+ structure (their issue 96).
expect_exit 0 "$HG" $LE --le-age 0,65 --type standard "$DATA/LE_inline__df1_input.csv"
[ "$(cut -d, -f1 "$OUT" | tr '\n' ' ')" = "startage 0 65 " ] || fail "le --le-age"
[ "$(head -1 "$OUT" | tr -d '\r')" = "startage,value,lowercl,uppercl" ] || fail "le --type standard"
# le_age names bands by their label, exactly (R: filter(startage %in% le_age)): "5-9" is
# not the band labelled "5", and "5" is not the band labelled "5-9".  A label that names
# no band is R's warning, and every age is returned.
expect_exit 0 "$HG" $LE --le-age 5-9 --type standard "$DATA/LE_inline__df1_input.csv"
[ "$(tail -n +2 "$OUT" | wc -l)" -eq 20 ] || fail "le --le-age 5-9 on bands 0,1,5,...: $(cut -d, -f1 "$OUT" | tr '\n' ' ')"
grep -q 'warning: le_age not in the vector described by age_contents' "$ERR" ||
  fail "le --le-age 5-9 on bands 0,1,5,...: no warning"
expect_exit 0 "$HG" $LE --le-age 5-9 --type standard "$DATA/LE_inline__df3_input_string_agebands.csv"
[ "$(tail -n +2 "$OUT" | cut -d, -f1 | tr -d '\r' | tr '\n' ' ')" = "5-9 " ] ||
  fail "le --le-age 5-9 on labelled bands: $(cut -d, -f1 "$OUT" | tr '\n' ' ')"
[ -s "$ERR" ] && fail "le --le-age 5-9 on labelled bands: $(cat "$ERR")"
expect_exit 0 "$HG" $LE --le-age '0,10 – 14' --type standard "$DATA/LE_inline__df3_input_string_agebands.csv"
[ "$(tail -n +2 "$OUT" | cut -d, -f1 | tr -d '\r' | tr '\n' '|')" = "0|10 – 14|" ] ||
  fail "le --le-age '0,10 – 14': $(cut -d, -f1 "$OUT" | tr '\n' '|')"
expect_exit 0 "$HG" $LE --le-age 5 --type standard "$DATA/LE_inline__df3_input_string_agebands.csv"
[ "$(tail -n +2 "$OUT" | wc -l)" -eq 20 ] || fail "le --le-age 5 on labelled bands matched a band"
grep -q 'warning: le_age not in the vector described by age_contents' "$ERR" ||
  fail "le --le-age 5 on labelled bands: no warning"
expect_exit 0 "$HG" stat le --deaths deaths --population pop --startage age \
  --age-contents 0,1,5,10,15,20,25,30,35,40,45,50,55,60,65,70,75,80,85 "$DATA/LE_inline__missing_ageband_input.csv"
grep -q '^85,[0-9]' "$OUT" || fail "le 85+ structure"

# A closed last band (0, 1-4, ..., 70-74: no 75+): temporary life expectancy between each
# age and 75, said on stderr and in `statistic`.  Checked against a Chiang II abridged
# life table written out in Python from the textbook formulas (not our code): the last
# band is an ordinary 5-year band and e(75) = 0 in the variance recursion.
cat > "$TMP/closed.csv" <<'CSV'
area,age,deaths,pop
A,0,12,2600
A,1-4,3,10400
A,5-9,2,13100
A,10-14,2,12800
A,15-19,5,12100
A,20-24,8,13900
A,25-29,9,15600
A,30-34,12,16200
A,35-39,17,15300
A,40-44,25,14100
A,45-49,40,13800
A,50-54,62,13200
A,55-59,90,11600
A,60-64,128,10100
A,65-69,185,9000
A,70-74,270,8100
CSV
python3 - "$TMP/closed.csv" > "$TMP/closed_want.csv" <<'PY'
import csv, math, sys
rows = list(csv.DictReader(open(sys.argv[1])))
start = [int(r["age"].split("-")[0]) for r in rows]
end = int(rows[-1]["age"].split("-")[1]) + 1  # 70-74 ends at 75
D = [float(r["deaths"]) for r in rows]
P = [float(r["pop"]) for r in rows]
k = len(rows)
n = [start[i + 1] - start[i] for i in range(k - 1)] + [end - start[-1]]
a = [0.1 if s == 0 else 0.5 for s in start]
M = [d / p for d, p in zip(D, P)]
q = [n[i] * M[i] / (1 + n[i] * (1 - a[i]) * M[i]) for i in range(k)]
l = [100000.0]
for i in range(k):
    l.append(l[i] * (1 - q[i]))
L = [n[i] * (l[i + 1] + a[i] * (l[i] - l[i + 1])) for i in range(k)]
e = [sum(L[i:]) / l[i] for i in range(k)] + [0.0]
vp = [q[i] ** 2 * (1 - q[i]) / D[i] for i in range(k)]
w = [l[i] ** 2 * ((1 - a[i]) * n[i] + e[i + 1]) ** 2 * vp[i] for i in range(k)]
z = 1.959963984540054  # qnorm(0.975)
print("age,value,lowercl,uppercl")
for i in range(k):
    se = math.sqrt(sum(w[i:]) / l[i] ** 2)
    print("%s,%.17g,%.17g,%.17g" % (rows[i]["age"], e[i], e[i] - z * se, e[i] + z * se))
PY
BANDS16=0,1-4,5-9,10-14,15-19,20-24,25-29,30-34,35-39,40-44,45-49,50-54,55-59,60-64,65-69,70-74
LE16="stat le --deaths deaths --population pop --startage age --group-by area --age-contents $BANDS16"
expect_exit 0 "$HG" $LE16 "$TMP/closed.csv"
csv_compare "$OUT" "$TMP/closed_want.csv" value,lowercl,uppercl 1e-9
grep -q "warning: the last age band '70-74' is closed: life expectancies are temporary, from each age to 75" "$ERR" ||
  fail "le closed last band: no warning: $(cat "$ERR")"
grep -q '^A,0,.*,temporary life expectancy at 0 to age 75,"Chiang, closed last band' "$OUT" ||
  fail "le closed last band: statistic: $(sed -n 2p "$OUT")"
# The same from the data's labels alone (en dashes), and said explicitly.
sed 's/-/ – /' "$TMP/closed.csv" > "$TMP/closed_dash.csv"
expect_exit 0 "$HG" stat le --deaths deaths --population pop --startage age --group-by area \
  --age-contents 0,1,5,10,15,20,25,30,35,40,45,50,55,60,65,70 "$TMP/closed_dash.csv"
csv_compare "$OUT" "$TMP/closed_want.csv" value,lowercl,uppercl 1e-9
grep -q "temporary, from each age to 75" "$ERR" || fail "le closed last band (data labels): no warning"
expect_exit 0 "$HG" $LE16 --last-band closed "$TMP/closed.csv"
csv_compare "$OUT" "$TMP/closed_want.csv" value,lowercl,uppercl 1e-9
[ -s "$ERR" ] && fail "le --last-band closed: warns: $(cat "$ERR")"
# --last-band open: R's reading (the last band open-ended), with R's statistic text.
expect_exit 0 "$HG" $LE16 --last-band open "$TMP/closed.csv"
grep -q '^A,0,.*,life expectancy at 0,"Chiang, using Silcocks' "$OUT" || fail "le --last-band open: statistic"
awk -F, 'NR == 2 { exit !($3 > 80) }' "$OUT" || fail "le --last-band open: e0 $(sed -n 2p "$OUT")"
# No deaths in a closed last band is not R's open-band failure: nobody dies before 75 there.
sed 's/^A,70-74,270,/A,70-74,0,/' "$TMP/closed.csv" > "$TMP/closed0.csv"
expect_exit 0 "$HG" $LE16 "$TMP/closed0.csv"
grep -q '^A,0,[0-9]' "$OUT" || fail "le closed last band without deaths: $(sed -n 2p "$OUT")"
# Without --age-contents, bands 0..70-74 are not R's default 20: the message says which
# bands are missing and that age_contents is the default.
expect_exit 1 "$HG" stat le --deaths deaths --population pop --startage age --group-by area "$TMP/closed.csv"
grep -q "do not match the contents of the age_contents vector: no band starts at 75, 80, 85, 90 (age_contents defaults to 0,1,5,...,90: give the data's bands as age_contents)" "$ERR" ||
  fail "le closed bands without --age-contents: $(cat "$ERR")"
expect_exit 1 "$HG" $LE --age-contents $BANDS16 "$DATA/LE_inline__df1_input.csv"
grep -q "LE_inline__df1_input.csv:18: column 'startage': the contents in the startage field do not match the contents of the age_contents vector: band '75' is not in age_contents" "$ERR" ||
  fail "le band not in age_contents: $(cat "$ERR")"
# An open last band cannot be made closed: it has no end.
expect_exit 1 "$HG" $LE --last-band closed "$DATA/LE_inline__df1_input.csv"
grep -q "last_band closed: the last age band '90' has no end age" "$ERR" ||
  fail "le --last-band closed on 90+: $(cat "$ERR")"
expect_exit 1 "$HG" $LE --last-band shut "$DATA/LE_inline__df1_input.csv"
grep -q "last_band must be auto, open or closed" "$ERR" || fail "le --last-band shut: $(cat "$ERR")"

# Errors: R's messages, exit 1.
expect_exit 1 "$HG" $LE --confidence 50 "$DATA/LE_inline__df1_input.csv"
grep -q 'all confidence levels must be between 90 and 100 or between 0.9 and 1' "$ERR" || fail "le conf msg"
expect_exit 1 "$HG" stat le --deaths deaths --population pops "$DATA/LE_inline__df1_input.csv"
grep -q 'function life_expectancy requires at least 4 arguments: data, deaths, population, startage' "$ERR" ||
  fail "le args msg"
expect_exit 1 "$HG" $LE --age-contents 1,5 "$DATA/LE_inline__df1_input.csv"
grep -q 'first age band in age_contents must be 0' "$ERR" || fail "le first band msg"
expect_exit 1 "$HG" $LE --age-contents 0,5,1 "$DATA/LE_inline__df1_input.csv"
grep -q "age_contents doesn't appear to be in ascending order" "$ERR" || fail "le order msg"
expect_exit 1 "$HG" stat le --deaths deaths --population pop --startage age "$DATA/LE_inline__missing_ageband_input.csv"
grep -q 'the contents in the startage field do not match the contents of the age_contents vector' "$ERR" ||
  fail "le startage msg"
finish
