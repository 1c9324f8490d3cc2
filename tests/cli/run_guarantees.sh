#!/bin/sh
# The run's guarantees (issue 8): published layout, unchanged rerun skipped,
# same inputs give the same result bytes, a bad input leaves the previous output,
# a killed run publishes nothing, two concurrent runs do not both publish, keep,
# and an unknown config key names its line.
. tests/cli/lib.inc
HGH=${HG_HOOKS_BIN:-$PWD/build/tests/healthgap-hooks} # healthgap with the run's test hooks

P=$TMP/pack; mkdir -p "$P"
cp tests/data/run/run.conf tests/data/run/le_wide.csv tests/data/run/counts.csv "$P"/
O=$P/out
TS=2024-01-01T00:00:00Z
nruns() { ls "$O/runs" | wc -l | tr -d ' '; }
latest() { readlink "$O/latest"; }
wait_staging() { # waits (bounded) until a run has started building
  i=0; while [ $i -lt 200 ]; do ls -d "$O"/.staging-* >/dev/null 2>&1 && return 0; sleep 0.05; i=$((i+1)); done
  return 1
}

# First run publishes runs/<id> and latest.
expect_exit 0 "$HG" run --timestamp $TS "$P/run.conf"
[ -L "$O/latest" ] || fail "no latest symlink"
R=$O/latest/results/indicators.csv
[ -f "$R" ] || fail "no results/indicators.csv"
[ -f "$O/latest/rejects.csv" ] || fail "no rejects.csv"
[ -f "$O/latest/manifest.json" ] || fail "no manifest.json"
head -c 3 "$R" | od -An -tx1 | grep -q 'ef bb bf' || fail "results CSV has no BOM"
head -1 "$R" | grep -q 'indicator_id,indicator_name,area_code,area_name,area_type,parent_code,icb_code,period,period_sortable' \
  || fail "results header is not the contract"
# Thousands separator and NA from the mapped file; count 5 suppressed (1-7 rule).
grep -q '^hg.test_le,,E09000001,City of London,,,,2019 - 21,20190000,Male,,,,1082.5,' "$R" || fail "1,082.5 not read as 1082.5"
grep -q '^hg.test_le,,E09000001,City of London,,,,2018 - 20,20180000,Male,,,,,' "$R" || fail "NA not read as missing"
grep -q '^hg.test_prop,,E09000001,.*,,200,Value suppressed' "$R" || fail "count 5 not suppressed"
grep -q '^hg.test_prop,,E09000002,.*,3,,,,,120,4000,' "$R" || fail "count 120 wrongly suppressed"
grep -q 'le_wide.csv,7,value,' "$O/latest/rejects.csv" || fail "'x' value not rejected with its line"
grep -q '"sha256" : "[0-9a-f]\{64\}"' "$O/latest/manifest.json" || fail "manifest has no sha256"
grep -q '"timestamp" : "2024-01-01T00:00:00Z"' "$O/latest/manifest.json" || fail "manifest time is not --timestamp"
cp "$R" "$TMP/first.csv"; cp "$O/latest/rejects.csv" "$TMP/first-rejects.csv"
first=$(latest)

# Unchanged rerun is skipped and says so.
expect_exit 0 "$HG" run "$P/run.conf"
grep -q 'unchanged' "$OUT" || fail "unchanged rerun did not say so"
[ "$(nruns)" = 1 ] || fail "unchanged rerun published a run"

# --force rebuilds; same inputs give the same bytes (with --jobs 1 and 2).
expect_exit 0 "$HG" run --force --jobs 1 --timestamp $TS "$P/run.conf"
cmp -s "$TMP/first.csv" "$R" || fail "results differ between identical runs"
cmp -s "$TMP/first-rejects.csv" "$O/latest/rejects.csv" || fail "rejects differ between identical runs"
[ "$(nruns)" = 2 ] || fail "forced run not published"
expect_exit 0 "$HG" run --force --jobs 2 --timestamp $TS "$P/run.conf"
cmp -s "$TMP/first.csv" "$R" || fail "results differ with --jobs 2"
[ "$(nruns)" = 2 ] || fail "keep = 2 not applied ($(nruns) runs)"
# The two kept are the newest: latest and the run before it (same --timestamp,
# so their names alone do not give their age).
prev=$(sed -n 's/.*"previous_run_id" : "\([^"]*\)".*/\1/p' "$O/latest/manifest.json")
[ -n "$prev" ] && [ -d "$O/runs/$prev" ] || fail "keep pruned the previous run ($prev) instead of an older one"
[ -d "$O/runs/$(basename "$first")" ] && fail "keep kept the oldest run"
good=$(latest)

# A bad input file: the run exits 1 and the previous output stays.
cp "$P/le_wide.csv" "$TMP/le.bak"
printf 'Wrong,Header\n1,2\n' > "$P/le_wide.csv"
expect_exit 1 "$HG" run "$P/run.conf"
grep -q "le_wide.csv" "$ERR" || fail "bad input not named"
[ "$(latest)" = "$good" ] || fail "bad input changed latest"
ls -d "$O"/.staging-* >/dev/null 2>&1 && fail "bad input left a staging folder"
cp "$TMP/le.bak" "$P/le_wide.csv"

# SIGTERM mid-run: nothing published, staging removed.
HEALTHGAP_TEST_DELAY_MS=20000 "$HGH" run --force --quiet "$P/run.conf" > /dev/null 2> "$TMP/kill.err" &
pid=$!
wait_staging || fail "run did not start staging"
kill -TERM $pid; wait $pid; rc=$?
[ $rc -eq 1 ] || fail "killed run exited $rc, want 1"
grep -q 'interrupted' "$TMP/kill.err" || fail "killed run did not say interrupted"
[ "$(latest)" = "$good" ] || fail "killed run changed latest"
ls -d "$O"/.staging-* >/dev/null 2>&1 && fail "killed run left a staging folder"

# Two concurrent runs: the second exits 1 with a clear message; one publishes.
before=$(ls "$O/runs")
HEALTHGAP_TEST_DELAY_MS=1500 "$HGH" run --force --quiet --timestamp 2024-01-02T00:00:00Z "$P/run.conf" > /dev/null 2>&1 &
pid=$!
wait_staging || fail "first run did not start"
expect_exit 1 "$HG" run --force --timestamp 2024-01-03T00:00:00Z "$P/run.conf"
grep -q 'another run is in progress' "$ERR" || fail "second run: no clear lock message"
wait $pid || fail "first run failed"
case "$(latest)" in *20240102T*) ;; *) fail "first concurrent run not published ($(latest))";; esac
ls "$O/runs" | grep -q 20240103T && fail "second concurrent run published"

# Unknown config key names its line.
printf '[pack]\noutput = out\ncolour = red\n' > "$P/bad.conf"
expect_exit 1 "$HG" run "$P/bad.conf"
grep -q 'bad.conf:3: \[pack\] colour: unknown key' "$ERR" || fail "unknown key: line not named"
expect_exit 2 "$HG" run
expect_exit 0 "$HG" run --help
grep -q 'Examples:' "$OUT" || fail "run --help: no examples"
finish
