#!/bin/sh
# FingertipsNext's files (tests/data/fingertipsnext/, provenance in its
# PROVENANCE.md; and its data extract in tests/data/inequalities/) read by
# every command as a Fingertips export: rows counted independently with
# Python's csv module, the publisher's comparisons kept, gaps equal to a
# hand subtraction of the file's own values.
. tests/cli/lib.inc
D=tests/data/fingertipsnext
SMOKING=$D/smoking-aps-london-2019-fingertipsnext-layout.csv
AE=$D/ae-attendances-under5-england-deprivation-2021-22-fingertipsnext-layout.csv
EXTRACT=tests/data/inequalities/fingertips_93763_england_deprivation.csv

for f in "$D"/*.csv "$EXTRACT"; do
  rows=$(python3 -c 'import csv,sys; print(sum(1 for r in list(csv.reader(open(sys.argv[1], newline="")))[1:] if any(r)))' "$f")
  expect_exit 0 "$HG" validate "$f"
  [ "$(sed -n 's/^rows read: //p' "$OUT")" = "$rows" ] || fail "$f: rows read, want $rows"
  [ "$(sed -n 's/^accepted: //p' "$OUT")" = "$rows" ] || fail "$f: accepted, want $rows"
  ! grep -q '^unknown columns: [1-9]' "$OUT" || fail "$f: columns left unread: $(grep unknown "$OUT")"
done

# The publisher's comparison with the row's Benchmark (England here) is kept as
# England's, as the original Fingertips export of the same values says it.
expect_exit 0 "$HG" compare "$SMOKING"
python3 - "$OUT" tests/data/real-world/smoking-aps-utla-2019-compare-areas-unquoted.csv <<'PY' || fail "compare: England labels differ from the original export"
import csv, sys
got = {r["area_code"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))}
orig = {r["Area Code"]: r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8-sig"))}
bad = 0
for code, r in got.items():
    if not code.startswith("E09"):
        continue
    want = orig[code]["Compared to England value or percentiles"] or "Not compared"
    if r["compared_to_england"] != want:
        print(code, r["compared_to_england"], "want", want); bad += 1
    if r["sex"] != "Persons":
        print(code, "sex", r["sex"]); bad += 1
print(len(got), "rows;", bad, "differences")
sys.exit(1 if bad or len(got) < 33 else 0)
PY

# A chart straight from the download.
expect_exit 0 "$HG" chart compare -i 92443 "$SMOKING" -o "$TMP/c.png"
[ -s "$TMP/c.png" ] || fail "chart compare: no PNG"

# Gaps from "Inequality category"/"Inequality type": the absolute gap is the
# most minus the least deprived decile's value as written in the file.
expect_exit 0 "$HG" gaps "$AE"
want=$(python3 -c '
import csv,sys
v={r["Inequality type"]: float(r["Value"]) for r in csv.DictReader(open(sys.argv[1]))}
print("%.6f" % (v["Most deprived decile (IMD2019)"] - v["Least deprived decile (IMD2019)"]))' "$AE")
got=$(awk -F, '$6=="abs_gap" {printf "%.6f", $9; exit}' "$OUT")
[ "$got" = "$want" ] || fail "gaps abs_gap: got $got, want $want"

# The data extract: its swapped CategoryType/Category columns and quoted
# breakdown names are put right.
expect_exit 0 "$HG" compare "$EXTRACT"
python3 - "$OUT" <<'PY' || fail "extract: category columns not put right"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
ok = all("deprivation deciles" in r["category_type"] and '"' not in r["category_type"]
         and "decile" in r["category"] and "deciles" not in r["category"] for r in rows)
sys.exit(0 if rows and ok else 1)
PY
finish
