#!/bin/sh
# Builds each fuzz/fuzz_*.c with clang's libFuzzer against the library sources
# and runs it for FUZZ_SECONDS with a seed corpus copied from fuzz/corpus/NAME/
# (or fixtures/*.csv for a target without one: fuzz/corpus/README.md).
# The library is compiled once (objects in $BUILD/obj, two at a time) and
# linked into every target, so that `make check` can afford a short run of
# each (tests/cli/fuzz_smoke.sh).
set -e
BUILD=${BUILD:-build-fuzz}
SECS=${FUZZ_SECONDS:-60}
[ $# -gt 0 ] || { echo "fuzz: no fuzz/fuzz_*.c targets"; exit 0; }
mkdir -p "$BUILD/obj"
PKGS=${PKGS:?run through make fuzz, which passes the package list}
CFLAGS_F="-std=c11 -D_GNU_SOURCE -DHG_VERSION=\"fuzz\" -g -O1 -Iinclude -Iengine $(pkg-config --cflags $PKGS)"
SAN=-fsanitize=address,undefined
SRCS=$(ls floor/*.c indicators/*.c charts/*.c engine/*/*.c 2>/dev/null | grep -v -e '^engine/cli/')
# one object per source, rebuilt when the source is newer
export CFLAGS_F SAN BUILD
printf '%s\n' $SRCS | xargs -P 2 -I{} sh -c '
  o="$BUILD/obj/$(echo {} | tr / _).o"
  [ "$o" -nt {} ] || clang $CFLAGS_F $SAN -fsanitize=fuzzer-no-link -c {} -o "$o"'
OBJS=$(for s in $SRCS; do printf '%s ' "$BUILD/obj/$(echo "$s" | tr / _).o"; done)
for f in "$@"; do
  name=$(basename "$f" .c)
  clang $CFLAGS_F $SAN -fsanitize=fuzzer "$f" $OBJS -o "$BUILD/$name" $(pkg-config --libs $PKGS) -lcsv -lm
  corpus="$BUILD/corpus-$name"; mkdir -p "$corpus"
  if [ -d "fuzz/corpus/$name" ]; then
    cp "fuzz/corpus/$name"/* "$corpus"/
  else
    cp fixtures/*.csv "$corpus"/ 2>/dev/null || true
  fi
  echo "== $name: ${SECS}s"
  "$BUILD/$name" -max_total_time="$SECS" -max_len=65536 "$corpus"
done
