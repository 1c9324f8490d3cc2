#!/bin/sh
# The London demo with a fixed run time, and the sha256 of every output but the
# manifest (whose timings vary): the byte-identity check used when code moves.
#   tests/tools/demo_sha.sh build/healthgap > after.sha; diff before.sha after.sha
set -e
BIN=${1:-build/healthgap}
rm -rf build/demo-out
"$BIN" run --quiet --force --jobs 2 --timestamp 2026-01-01T00:00:00Z fixtures/london/london.conf
d=$(readlink -f build/demo-out/latest)
(cd "$d" && find . -type f ! -name manifest.json | sort | xargs sha256sum)
