#!/bin/sh
# results/healthgap.xlsx ([pack] workbook = true; engine/publish/workbook.c)
# read back by a real reader, Python's openpyxl (Debian's python3-openpyxl,
# installed by `make deps` for Debian's /usr/bin/python3): the sheets, headers,
# rows and every cell against the run's CSVs, the decimals of a metadata
# input written here, the Fingertips fills, the frozen header and autofilter,
# Definitions against the docs and Sources against manifest.json
# (tests/cli/workbook_check.py); then the same bytes from a second run with the
# same --timestamp, a changes sheet with rows, the key's default and its errors.
. tests/cli/lib.inc

PY=/usr/bin/python3
if ! "$PY" -c 'import openpyxl' 2> /dev/null; then
  fail "python3-openpyxl is not installed for $PY (make deps installs it)"
  finish
fi
D=$PWD/fixtures/london
T=2024-01-01T00:00:00Z

# Decimals and names of our own, so that the formats expected are known here.
cat > "$TMP/meta.csv" << 'CSV'
indicator_id,name,short_name,unit,value_type,multiplier,polarity,comparator,decimals,year_type,source
92443,Smoking prevalence in adults (test metadata),Smoking,%,proportion,100,RAG - Low is good,ci95,2,calendar,OHID test
91547,Smoking status at time of delivery (test metadata),Smoking at delivery,%,proportion,100,RAG - Low is good,ci95,0,financial,OHID test
hg.pm25_annual_mean,PM2.5 annual mean (test metadata),PM2.5,ug/m3,mean,1,RAG - Low is good,quintiles,3,calendar,GLA test
hg.guard,Formula guard (test),Guard,count,count,1,Not applicable,none,0,calendar,test
CSV
# Texts a spreadsheet would run as formulas: the CSV guards them with an
# apostrophe, the workbook holds them as text without it.
cat > "$TMP/guard.csv" << 'CSV'
indicator_id,area_code,area_name,period,value
hg.guard,E09000001,"=HYPERLINK(""http://x"",""y"")",2019,1
hg.guard,E09000002,@SUM(1),2019,-2.5
CSV

# conf FILE OUT WORKBOOK_LINE [EXTRA_INPUT_PATH]
conf() {
  cat > "$1" << CONF
[pack]
output = $2
$3
[input.tobacco]
path = $D/real/fingertips_tobacco_profile_london_2019.csv
role = indicators
source = OHID Fingertips, Local Tobacco Control Profiles
licence = Open Government Licence v3.0
layout = fingertips
[input.pm25_2019]
path = $D/real/laei_lad21_2019_PM25.csv
role = indicators
source = GLA, London Atmospheric Emissions Inventory
licence = Open Government Licence v2.0
layout = mapped
set.indicator_id = hg.pm25_annual_mean
set.period = 2019
column.area_code = LAD22CD
column.value = PM25-2019-mean
[input.guard]
path = $TMP/guard.csv
role = indicators
source = a hostile lookup
[input.lookup_icb]
path = $D/real/london_borough_icb_lookup.csv
role = lookup
[input.imd_lad]
path = $D/real/mhclg_imd2019_lad19_london_score.csv
role = deprivation
[input.metadata]
path = $TMP/meta.csv
role = metadata
[input.targets]
path = $D/real/his_targets.csv
role = targets
CONF
  if [ -n "$4" ]; then
    cat >> "$1" << CONF
[input.pm25_2016]
path = $4
role = indicators
source = GLA, London Atmospheric Emissions Inventory
licence = Open Government Licence v2.0
layout = mapped
set.indicator_id = hg.pm25_annual_mean
set.period = 2016
column.area_code = LAD22CD
column.value = PM25-2016-mean
CONF
  fi
  cat >> "$1" << CONF
[packs]
london = false
icb = none
charts = false
CONF
}

check() {
  if ! "$PY" tests/cli/workbook_check.py "$1" "$TMP/meta.csv" "$T" sources > "$TMP/check.out" 2>&1; then
    fail "workbook of $1 differs from its CSVs:"
    sed 's/^/  /' "$TMP/check.out" | head -40 >&2
  fi
}

# 1. read back, cell by cell
conf "$TMP/a.conf" "$TMP/a" "workbook = true"
expect_exit 0 "$HG" run --quiet --timestamp $T "$TMP/a.conf"
X=$TMP/a/latest/results/healthgap.xlsx
[ -f "$X" ] || { fail "no results/healthgap.xlsx"; finish; }
grep -q "'=HYPERLINK" "$TMP/a/latest/results/indicators.csv" ||
  fail "the CSV does not guard the formula (the test's premise)"
check "$TMP/a/latest"

# 2. the same bytes from the same inputs and --timestamp, a second later (the
#    same config text and name in another folder: the Sources sheet lists the
#    config's name and sha256)
mkdir -p "$TMP/r1" "$TMP/r2" "$TMP/r3"
for r in r1 r2 r3; do conf "$TMP/$r/w.conf" out "workbook = true"; done
expect_exit 0 "$HG" run --quiet --timestamp $T "$TMP/r1/w.conf"
sleep 1
expect_exit 0 "$HG" run --quiet --timestamp $T "$TMP/r2/w.conf"
W1=$TMP/r1/out/latest/results/healthgap.xlsx
cmp -s "$W1" "$TMP/r2/out/latest/results/healthgap.xlsx" ||
  fail "two runs with the same inputs and --timestamp wrote different workbooks"
# and the run time is the only date in it
expect_exit 0 "$HG" run --quiet --timestamp 2025-06-30T12:00:00Z "$TMP/r3/w.conf"
"$PY" - "$W1" "$TMP/r3/out/latest/results/healthgap.xlsx" << 'PY' || fail "workbooks of two timestamps differ beyond docProps/core.xml"
import sys, zipfile
a, b = (zipfile.ZipFile(p) for p in sys.argv[1:3])
diff = [n for n in a.namelist() if a.read(n) != b.read(n)]
sys.exit(0 if a.namelist() == b.namelist() and diff == ["docProps/core.xml"] else 1)
PY

# 3. a second run in the same folder with one more input: changes.csv has
#    rows, and its sheet holds them
mkdir -p "$TMP/in"
cp "$D/real/laei_lad21_2016_PM25.csv" "$TMP/in/"
conf "$TMP/a.conf" "$TMP/a" "workbook = true" "$TMP/in/laei_lad21_2016_PM25.csv"
expect_exit 0 "$HG" run --quiet --timestamp $T "$TMP/a.conf"
n=$(wc -l < "$TMP/a/latest/results/changes.csv")
[ "$n" -gt 1 ] || fail "changes.csv has no rows ($n lines): the sheet is not exercised"
check "$TMP/a/latest"

# 4. a write that fails is reported with the system's reason and nothing is
#    published: a file size limit (ulimit -f; SIGXFSZ ignored so that the
#    write fails with EFBIG) that the CSVs fit but the workbook's temporary
#    sheet does not (libxlsxwriter does not check those writes).  POSIX counts
#    the limit in 512-byte blocks, bash in 1024: the sheet exceeds either.
big=$(ls -l "$TMP/a/latest/results/"*.csv | awk '$5 > m { m = $5 } END { print m }')
limit=$((big / 512 + 64))
sheet=$("$PY" -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).getinfo("xl/worksheets/sheet1.xml").file_size)' "$X")
if [ "$sheet" -le $((limit * 1024)) ]; then
  fail "the indicators sheet ($sheet bytes) fits the limit ($limit blocks): the test cannot fail a write"
fi
conf "$TMP/f.conf" "$TMP/f" "workbook = true"
(
  trap '' XFSZ
  ulimit -f "$limit"
  exec "$HG" run --quiet --timestamp $T "$TMP/f.conf"
) > "$OUT" 2> "$ERR"
rc=$?
[ "$rc" -eq 1 ] || fail "a workbook write over the file size limit: exit $rc, want 1"
grep -q "healthgap.xlsx.*File too large" "$ERR" || fail "the error does not name the workbook and why: $(cat "$ERR")"
[ -e "$TMP/f/latest" ] && fail "a run whose workbook failed was published"

# 5. off by default; the key takes true or false only
conf "$TMP/d.conf" "$TMP/d" ""
expect_exit 0 "$HG" run --quiet --timestamp $T "$TMP/d.conf"
[ -f "$TMP/d/latest/results/healthgap.xlsx" ] && fail "a workbook without [pack] workbook = true"
grep -q healthgap.xlsx "$TMP/d/latest/manifest.json" && fail "manifest lists a workbook not written"
conf "$TMP/e.conf" "$TMP/e" "workbook = maybe"
expect_exit 1 "$HG" run --quiet "$TMP/e.conf"
grep -q "workbook" "$ERR" || fail "a bad workbook value: the error does not name the key"
finish
