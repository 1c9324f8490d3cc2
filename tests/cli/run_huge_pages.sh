#!/bin/sh
# `run` and `merge` start again once on transparent huge pages (engine/cli/main.c,
# docs/run.md): the same pid, with glibc.malloc.hugetlb=1 (and a 4 MiB
# mmap_threshold, unless one is set) added to GLIBC_TUNABLES, unless hugetlb is
# named already (either way) or HEALTHGAP_NO_HUGE_PAGES is set.  The test build's pause (HEALTHGAP_TEST_DELAY_MS) holds each run while
# its environment is read from /proc; then SIGTERM stops it as usual.  Not under
# ASan, whose allocator ignores the tunable (the restart is compiled out there).
. tests/cli/lib.inc
HGH=${HG_HOOKS_BIN:-$PWD/build/tests/healthgap-hooks}

if grep -q __asan_init "$HGH" 2>/dev/null; then
  echo "run_huge_pages: ASan build, restart compiled out: skipped"
  exit 0
fi
[ -r /proc/self/environ ] || { echo "run_huge_pages: no /proc: skipped"; exit 0; }

P=$TMP/pack; mkdir -p "$P"
printf 'indicator_id,area_code,area_name,period,value\nhg.x,E09000001,Borough,2019,1.5\n' > "$P/data.csv"
cat > "$P/run.conf" <<EOF2
[pack]
title = Huge pages
output = out

[input.x]
path = data.csv
role = indicators

[packs]
london = false
icb = none
EOF2

# check WANT ENV...: a held run under env ENV...; its GLIBC_TUNABLES must be WANT.
check() {
  want=$1; shift
  rm -rf "$P/out"
  env "$@" HEALTHGAP_TEST_DELAY_MS=20000 "$HGH" run --quiet --force "$P/run.conf" \
    > /dev/null 2> "$TMP/run.err" &
  pid=$!
  i=0
  while [ $i -lt 400 ] && ! ls -d "$P/out"/.staging-* > /dev/null 2>&1; do sleep 0.05; i=$((i+1)); done
  ls -d "$P/out"/.staging-* > /dev/null 2>&1 || fail "$*: the run did not start"
  # glibc splits the tunables in the environment's own memory ('\0' for ':'):
  # the entries after GLIBC_TUNABLES= that are tunables are its rest
  got=$(tr '\0' '\n' < /proc/$pid/environ | awk '
    /^GLIBC_TUNABLES=/ { s = $0; t = 1; next }
    t && /^glibc\./ { s = s ":" $0; next }
    { t = 0 }
    END { print s ? s : "unset" }')
  kill -TERM $pid; wait $pid; rc=$?
  [ "$got" = "$want" ] || fail "$*: GLIBC_TUNABLES of the run is '$got', want '$want'"
  [ $rc -eq 1 ] || fail "$*: the stopped run (pid $pid, the one started) exited $rc, want 1"
  grep -q interrupted "$TMP/run.err" || fail "$*: the stopped run did not say interrupted"
}

check "GLIBC_TUNABLES=glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=4194304" \
  -u GLIBC_TUNABLES -u HEALTHGAP_NO_HUGE_PAGES
check "GLIBC_TUNABLES=glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=4194304" \
  -u HEALTHGAP_NO_HUGE_PAGES GLIBC_TUNABLES=glibc.malloc.arena_max=2
check "GLIBC_TUNABLES=glibc.malloc.mmap_threshold=1048576:glibc.malloc.hugetlb=1" \
  -u HEALTHGAP_NO_HUGE_PAGES GLIBC_TUNABLES=glibc.malloc.mmap_threshold=1048576
check "GLIBC_TUNABLES=glibc.malloc.hugetlb=0" -u HEALTHGAP_NO_HUGE_PAGES GLIBC_TUNABLES=glibc.malloc.hugetlb=0
check "unset" -u GLIBC_TUNABLES HEALTHGAP_NO_HUGE_PAGES=1
finish
