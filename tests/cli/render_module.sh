#!/bin/sh
# The render module (engine/cli/module.h): the healthgap binary links only
# GLib, GSL and libcsv, so that `stat`, `validate`, `gaps` and `compare` start
# in a few milliseconds; `run` and `chart` open libhealthgap-render.so beside
# the binary, in the install folder, or in ../lib/healthgap, and say which
# file is missing or broken (with the loader's reason) when they cannot.
. tests/cli/lib.inc
BUILD=${BUILD:-build}
MOD=$(dirname "$HG")/libhealthgap-render.so
[ -f "$MOD" ] || { echo "render_module: $MOD not built"; exit 1; }

# 1. nothing that draws is linked into the binary
needed=$(readelf -d "$HG" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
for lib in $needed; do
  case "$lib" in
  *cairo* | *pango* | *fontconfig* | *freetype* | *harfbuzz* | *png* | *json-glib* | *xlsxwriter* | *gio* | *gobject*)
    fail "the binary links $lib, which only run and chart use" ;;
  esac
done
# and the module exports its entry table only
exports=$(nm -D --defined-only "$MOD" | awk '{ print $3 }')
[ "$exports" = hg_cli_module_entry ] || fail "the module exports: $exports"

# 2. a binary without its module: stat and validate work, run and chart say so
mkdir -p "$TMP/bin"
cp "$HG" "$TMP/bin/healthgap"
printf 'area,x,n\nE09000001,10,100\nE09000002,20,150\n' > "$TMP/p.csv"
printf 'indicator_id,area_code,period,value\nhg.x,E09000001,2019,1.5\n' > "$TMP/t.csv"
expect_exit 0 "$TMP/bin/healthgap" stat proportion --x x --n n "$TMP/p.csv"
expect_exit 0 "$TMP/bin/healthgap" validate "$TMP/t.csv"
# (unless a module is installed where the binary also looks: HG_MODULE_DIR)
installed=
if strings "$TMP/bin/healthgap" | grep -q '^/.*lib/healthgap$'; then
  dir=$(strings "$TMP/bin/healthgap" | grep '^/.*lib/healthgap$' | head -1)
  [ -e "$dir/libhealthgap-render.so" ] && installed=$dir
fi
if [ -z "$installed" ]; then
  expect_exit 1 "$TMP/bin/healthgap" run --help
  grep -q "run needs the render module libhealthgap-render.so, which is missing" "$ERR" ||
    fail "no missing-module message: $(cat "$ERR")"
  grep -q "$TMP/bin/libhealthgap-render.so" "$ERR" || fail "the message names no path: $(cat "$ERR")"
  expect_exit 1 "$TMP/bin/healthgap" chart --help
  grep -q "chart needs the render module" "$ERR" || fail "chart: $(cat "$ERR")"
else
  echo "render_module: a module is installed in $installed; missing-module case skipped"
fi

# 3. a broken module: the file named, with the loader's reason; stat unaffected
echo 'not an ELF file' > "$TMP/bin/libhealthgap-render.so"
expect_exit 1 "$TMP/bin/healthgap" run --help
grep -q "run: cannot load the render module $TMP/bin/libhealthgap-render.so: .*libhealthgap-render.so" "$ERR" ||
  fail "broken module: $(cat "$ERR")"
expect_exit 0 "$TMP/bin/healthgap" stat proportion --x x --n n "$TMP/p.csv"
grep -q '0.1' "$OUT" || fail "stat beside a broken module: $(cat "$OUT")"

# 4. an installed tree moved elsewhere: PREFIX/bin/healthgap finds PREFIX/lib/healthgap
mkdir -p "$TMP/prefix/bin" "$TMP/prefix/lib/healthgap"
cp "$HG" "$TMP/prefix/bin/healthgap"
cp "$MOD" "$TMP/prefix/lib/healthgap/"
expect_exit 0 "$TMP/prefix/bin/healthgap" run --help
grep -q 'Usage: healthgap run' "$OUT" || fail "run --help through the installed module"
expect_exit 0 "$TMP/prefix/bin/healthgap" chart overview -o "$TMP/o.png" "$TMP/t.csv"
[ -s "$TMP/o.png" ] || fail "chart through the installed module drew nothing: $(cat "$ERR")"

# 5. --raw-csv reaches the module's copy of the library (a run guards texts by default)
printf 'indicator_id,area_code,area_name,period,value\nhg.x,E09000001,=SUM(1),2019,1\n' > "$TMP/r.csv"
printf '[pack]\noutput = %s\n[packs]\nlondon = false\nicb = none\n[input.r]\npath = %s\nrole = indicators\n' \
  "$TMP/run-out" "$TMP/r.csv" > "$TMP/r.conf"
expect_exit 0 "$HG" --raw-csv run --quiet "$TMP/r.conf"
grep -q ',=SUM(1),' "$TMP/run-out/latest/results/indicators.csv" ||
  fail "--raw-csv run: $(grep SUM "$TMP/run-out/latest/results/indicators.csv")"
expect_exit 0 "$HG" run --quiet --force "$TMP/r.conf"
grep -q ",'=SUM(1)," "$TMP/run-out/latest/results/indicators.csv" ||
  fail "run without --raw-csv: $(grep SUM "$TMP/run-out/latest/results/indicators.csv")"
finish
