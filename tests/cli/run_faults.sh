#!/bin/sh
# Fault injection: SIGKILL a full demo run at FAULT_POINTS moments spread over
# its whole length (ingest to publish and prune).  After every kill:
#   * OUT/latest is a complete run: its manifest.json reads and every output it
#     lists exists;
#   * no partial run is visible: every folder under OUT/runs has a manifest and
#     all its outputs;
# and the next run (skipped as unchanged or not) clears what the killed one left
# (.staging-*, .latest-*).  FAULT_POINTS defaults to 50 (12 under sanitizers,
# where a run is ten times slower).
. tests/cli/lib.inc

case "${BUILD:-build}" in *asan*) POINTS=${FAULT_POINTS:-12} ;; *) POINTS=${FAULT_POINTS:-50} ;; esac
P=$TMP/london
cp -r fixtures/london "$P"
sed -i 's|^output = .*|output = out|; s|^keep = .*|keep = 2|' "$P/london.conf"
O=$P/out

# complete DIR: the manifest reads and lists outputs that all exist
complete() {
  python3 - "$1" <<'PY'
import json, os, sys
d = sys.argv[1]
try:
    m = json.load(open(os.path.join(d, "manifest.json")))
except Exception as e:
    print("no readable manifest in %s: %s" % (d, e)); sys.exit(1)
missing = [o for o in m.get("outputs", []) if not os.path.isfile(os.path.join(d, o))]
if not m.get("outputs") or missing:
    print("%s: %d outputs listed, missing %s" % (d, len(m.get("outputs", [])), missing[:3])); sys.exit(1)
PY
}
check_state() { # $1: label
  [ -L "$O/latest" ] || { fail "$1: no latest link"; return; }
  complete "$O/latest" >&2 || fail "$1: latest is not a complete run"
  for r in "$O"/runs/*; do
    [ -e "$r" ] || continue
    complete "$r" >&2 || fail "$1: partial run visible: $r"
  done
}

# A first good run, and the length of a forced run in milliseconds.
expect_exit 0 "$HG" run --quiet --jobs 2 "$P/london.conf"
t0=$(date +%s%N)
expect_exit 0 "$HG" run --quiet --force --jobs 2 "$P/london.conf"
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
[ "$ms" -gt 0 ] || ms=1000
check_state "after good runs"

i=1
while [ "$i" -le "$POINTS" ]; do
  # kill points spread over the run, the last ones during publish and prune
  at=$(( ms * i / (POINTS + 1) ))
  "$HG" run --quiet --force --jobs 2 "$P/london.conf" > /dev/null 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((at / 1000)) $((at % 1000)))"
  kill -KILL "$pid" 2> /dev/null
  wait "$pid" 2> /dev/null
  check_state "kill $i at ${at}ms"
  # the next run, unchanged or not, clears the killed run's leftovers
  expect_exit 0 "$HG" run --quiet "$P/london.conf"
  if ls -d "$O"/.staging-* "$O"/.latest-* > /dev/null 2>&1; then
    fail "kill $i at ${at}ms: leftovers after the next run: $(ls -d "$O"/.staging-* "$O"/.latest-* 2> /dev/null | head -3)"
  fi
  check_state "run after kill $i"
  i=$((i + 1))
done
echo "killed $POINTS runs over ${ms}ms"
finish
