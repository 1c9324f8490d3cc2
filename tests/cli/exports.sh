#!/bin/sh
# make check: the library exports its public API and nothing else.  Every
# global symbol that build/libhealthgap.a defines carries the hg_ prefix and is
# declared in a public header (include/healthgap); internal functions, declared
# in the headers beside the sources, are hidden (HG_BEGIN_DECLS, Makefile LIB).
BUILD=${BUILD:-build}
lib="$BUILD/libhealthgap.a"
[ -f "$lib" ] || { echo "exports: $lib not built"; exit 1; }
# (ASan's own markers for our globals, __odr_asan.*, are the sanitizer's, not ours)
syms=$(nm -g --defined-only "$lib" | awk 'NF == 3 && $3 !~ /^__(odr_)?asan/ { print $3 }')
[ -n "$syms" ] || { echo "exports: $lib exports nothing"; exit 1; }
bad=0
for s in $syms; do
  case "$s" in
  hg_*) ;;
  *) echo "exports: $s lacks the hg_ prefix"; bad=$((bad + 1)); continue ;;
  esac
  grep -qw "$s" include/healthgap/*.h || { echo "exports: $s is not declared in include/healthgap"; bad=$((bad + 1)); }
done
# and an internal function is really hidden (it is linkable from the internal archive)
if echo "$syms" | grep -qx 'hg_index_fill'; then
  echo "exports: internal hg_index_fill is exported"; bad=$((bad + 1))
fi
n=$(echo "$syms" | wc -l)
[ "$bad" -eq 0 ] && echo "exports: ok ($n public symbols)" || { echo "exports: $bad problem(s)"; exit 1; }
