#!/bin/sh
# The layering check (docs/architecture.md): each file uses only its own folder
# and the layers below it.  Two views, so that neither an include nor a call
# can slip past:
#   1. includes: every #include "..." in floor/, indicators/, charts/ and
#      engine/*/ is mapped to the layer that implements the header;
#   2. symbols: `nm` over the built objects: every undefined symbol of an object
#      must be defined by an object of its own folder or of a lower layer.
# Also: <csv.h> only in engine/ingest, GSL only in indicators/, cairo and pango
# only in charts/, libxlsxwriter only in engine/publish.  Prints each
# violation; exit 1 if there is any.
# Usage: tests/tools/layers.sh [BUILD]   (BUILD defaults to $BUILD or build)
BUILD=${1:-${BUILD:-build}}
cd "$(dirname "$0")/../.." || exit 2

# rank of a folder: a file may use a strictly lower rank or its own folder.
# indicators and charts share a rank (neither uses the other); so do methods
# and derive.
rank() {
  case "$1" in
  floor) echo 0 ;;
  indicators | charts) echo 1 ;;
  engine/store) echo 2 ;;
  engine/ingest) echo 3 ;;
  engine/methods | engine/derive) echo 4 ;;
  engine/analyse) echo 5 ;;
  engine/render) echo 6 ;;
  engine/publish) echo 7 ;;
  engine/run) echo 8 ;;
  engine/cli) echo 9 ;;
  *) echo 99 ;;
  esac
}

# the folder that implements a public header
header_home() {
  case "$1" in
  status | period | csvout | results | filekind | deprivation | text | memory) echo floor ;;
  ci | rates | dsr | isr | funnel | le | quantile | sii | gaps | benchmark | trend | projection) echo indicators ;;
  chart | pack) echo charts ;;
  store | config) echo engine/store ;;
  ingest | table | select | mapped | geography | boundaries | indicator_registry) echo engine/ingest ;;
  methods) echo engine/methods ;;
  inequalities | analyse | changes | targets) echo engine/analyse ;;
  chart_data) echo engine/render ;;
  run) echo engine/run ;;
  healthgap) echo engine/cli ;;
  *) echo unknown ;;
  esac
}

bad=0
say() { echo "layers: $*"; bad=$((bad + 1)); }

files=$(ls floor/*.[ch] indicators/*.[ch] charts/*.[ch] engine/*/*.[ch] 2>/dev/null)
for f in $files; do
  dir=$(dirname "$f")
  r=$(rank "$dir")
  [ "$r" = 99 ] && { say "$f: folder $dir has no layer (add it to tests/tools/layers.sh and docs/architecture.md)"; continue; }
  # 1. includes
  for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f"); do
    case "$inc" in
    healthgap/*) home=$(header_home "$(basename "$inc" .h)") ;;
    */*) home=engine/${inc%%/*} ;;
    *) home=$dir ;; # a header beside the file
    esac
    [ "$home" = unknown ] && { say "$f: includes $inc, which no layer owns"; continue; }
    [ "$home" = "$dir" ] && continue
    hr=$(rank "$home")
    [ "$hr" -lt "$r" ] || say "$f ($dir) includes $inc ($home): a layer may use only the layers below it"
  done
  # external libraries that belong to one layer
  grep -q '^[[:space:]]*#[[:space:]]*include[[:space:]]*<csv\.h>' "$f" && [ "$dir" != engine/ingest ] &&
    say "$f: includes <csv.h> (only engine/ingest reads CSV)"
  grep -q '^[[:space:]]*#[[:space:]]*include[[:space:]]*<gsl/' "$f" && [ "$dir" != indicators ] &&
    say "$f: includes GSL (only indicators/ computes statistics)"
  grep -q '^[[:space:]]*#[[:space:]]*include[[:space:]]*<\(cairo\|pango\)' "$f" && [ "$dir" != charts ] &&
    say "$f: includes cairo or pango (only charts/ draws)"
  grep -q '^[[:space:]]*#[[:space:]]*include[[:space:]]*<xlsxwriter' "$f" && [ "$dir" != engine/publish ] &&
    say "$f: includes libxlsxwriter (only engine/publish writes the workbook)"
done

# 2. symbols
if [ -d "$BUILD/floor" ]; then
  tmp=$(mktemp -d) || exit 2
  trap 'rm -rf "$tmp"' EXIT
  # the objects of today's sources only (a build folder keeps those of moved files)
  objs=$(for c in floor/*.c indicators/*.c charts/*.c engine/*/*.c; do
    [ -f "$BUILD/${c%.c}.o" ] && echo "$BUILD/${c%.c}.o"; done)
  for o in $objs; do
    d=${o#"$BUILD"/}; d=$(dirname "$d")
    nm -P --defined-only -g "$o" | awk -v d="$d" -v o="$o" '$2 ~ /^[TDBRVWC]$/ {print $1, d, o}'
  done | sort -k1,1 > "$tmp/defs"
  for o in $objs; do
    d=${o#"$BUILD"/}; d=$(dirname "$d")
    nm -P -u "$o" | awk -v d="$d" -v o="$o" '{print $1, d, o}'
  done | sort -k1,1 > "$tmp/uses"
  join "$tmp/uses" "$tmp/defs" | while read -r sym ud uo dd do_; do
    [ "$ud" = "$dd" ] && continue
    ur=$(rank "$ud"); dr=$(rank "$dd")
    [ "$dr" -lt "$ur" ] || echo "layers: ${uo#"$BUILD"/} ($ud) uses $sym from ${do_#"$BUILD"/} ($dd)"
  done > "$tmp/bad"
  n=$(wc -l < "$tmp/bad")
  cat "$tmp/bad"
  bad=$((bad + n))
else
  echo "layers: $BUILD/floor not built; symbol check skipped (run make first)"
  bad=$((bad + 1))
fi

if [ "$bad" -gt 0 ]; then
  echo "layers: $bad violation(s); see docs/architecture.md"
  exit 1
fi
echo "layers: ok"
