#!/bin/sh
# Pruning and leftovers: a run removes only what runs make.  A user's files in
# the output folder (even in runs/, even named like ours but not run-shaped)
# survive keep = 1; a dead run's .staging-<pid>, dangling .latest-<pid> link and
# .trash-<run-id> are cleared by the next run, also when it is skipped as
# unchanged.
. tests/cli/lib.inc
P=$TMP/pack; mkdir -p "$P"
cp tests/data/run/run.conf tests/data/run/le_wide.csv tests/data/run/counts.csv "$P"/
sed -i 's/^keep = .*/keep = 1/' "$P/run.conf"
O=$P/out
mkdir -p "$O/runs/my-notes" "$O/.staging-old-copy"
echo keep > "$O/notes.txt"; echo keep > "$O/runs/README.txt"; echo keep > "$O/runs/my-notes/a.txt"
echo keep > "$O/.staging-old-copy/b.txt"
expect_exit 0 "$HG" run --quiet --timestamp 2024-01-01T00:00:00Z "$P/run.conf"
expect_exit 0 "$HG" run --quiet --force --timestamp 2024-01-02T00:00:00Z "$P/run.conf"
expect_exit 0 "$HG" run --quiet --force --timestamp 2024-01-03T00:00:00Z "$P/run.conf"
n=$(ls -d "$O"/runs/2024* | wc -l)
[ "$n" -eq 1 ] || fail "keep = 1 left $n runs"
for f in notes.txt runs/README.txt runs/my-notes/a.txt .staging-old-copy/b.txt; do
  [ -f "$O/$f" ] || fail "pruning deleted the user's $f"
done
# a dead run's leftovers, then a run that is skipped as unchanged
mkdir -p "$O/.staging-999999/results" "$O/.trash-20240101T000000Z-0123abcd/results"
echo x > "$O/.staging-999999/results/indicators.csv"
ln -s runs/nowhere "$O/.latest-999999"
expect_exit 0 "$HG" run "$P/run.conf"
grep -q unchanged "$OUT" || fail "the rerun was not skipped as unchanged"
for f in .staging-999999 .latest-999999 .trash-20240101T000000Z-0123abcd; do
  { [ -e "$O/$f" ] || [ -L "$O/$f" ]; } && fail "leftover $f survived a skipped run"
done
[ -f "$O/.staging-old-copy/b.txt" ] || fail "a non-run .staging- folder was removed"
finish
