#!/bin/sh
# Builds each fuzz/fuzz_*.c with clang's libFuzzer against the library sources
# and runs it for FUZZ_SECONDS with a seed corpus copied from fuzz/corpus/NAME/
# (or fixtures/*.csv for a target without one: fuzz/corpus/README.md).
set -e
BUILD=${BUILD:-build-fuzz}
SECS=${FUZZ_SECONDS:-60}
[ $# -gt 0 ] || { echo "fuzz: no fuzz/fuzz_*.c targets"; exit 0; }
mkdir -p "$BUILD"
PKGS=${PKGS:?run through make fuzz, which passes the package list}
SRCS=$(ls floor/*.c indicators/*.c charts/*.c engine/*/*.c 2>/dev/null | grep -v -e '^engine/cli/')
for f in "$@"; do
  name=$(basename "$f" .c)
  clang -std=c11 -D_GNU_SOURCE -DHG_VERSION='"fuzz"' -g -O1 -fsanitize=fuzzer,address,undefined \
    -Iinclude -Iengine $(pkg-config --cflags $PKGS) $f $SRCS -o "$BUILD/$name" $(pkg-config --libs $PKGS) -lcsv -lm
  corpus="$BUILD/corpus-$name"; mkdir -p "$corpus"
  if [ -d "fuzz/corpus/$name" ]; then
    cp "fuzz/corpus/$name"/* "$corpus"/
  else
    cp fixtures/*.csv "$corpus"/ 2>/dev/null || true
  fi
  echo "== $name: ${SECS}s"
  "$BUILD/$name" -max_total_time="$SECS" -max_len=65536 "$corpus"
done
