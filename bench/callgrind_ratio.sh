#!/bin/sh
# Instruction-count ratio ingest / bare libcsv parse, repeatable on a loaded
# machine where wall-clock and even CPU time vary by 20-30%.  Runs
# bench_ingest once per shape under callgrind on a small file and divides the
# inclusive instruction counts of its bare_parse and of hg_read_file (the
# region the bench times: store creation and freeing are outside both).
#   sh bench/callgrind_ratio.sh [BUILD_DIR] [MB]     (defaults: build 5)
# Needs valgrind (callgrind_annotate).  Prints one line per shape, then the
# stat dsr line when build/bench/bench_stat and the peer workload exist.
set -eu
build=${1:-build}
mb=${2:-5}
bin=$build/bench/bench_ingest
[ -x "$bin" ] || { echo "callgrind_ratio: build $bin first (make $bin)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for shape in fingertips tidy; do
  BUILD=$build HG_BENCH_MB=$mb HG_BENCH_REPS=1 HG_BENCH_SHAPE=$shape \
    valgrind --tool=callgrind --callgrind-out-file="$out/$shape.cg" "$bin" >/dev/null 2>"$out/log"
  # The summary lines (not the "=>" call lines); bench_ingest runs bare
  # twice around its one ingest run, so bare is halved.
  callgrind_annotate --inclusive=yes "$out/$shape.cg" 2>/dev/null | awk -v shape="$shape" '
    /=>/ { next }
    /:bare_parse / && !bare { gsub(",", "", $1); bare = $1 / 2 }
    /:hg_read_file / && !ing { gsub(",", "", $1); ing = $1 }
    END {
      if (!bare || !ing) { print "callgrind_ratio: functions not found" > "/dev/stderr"; exit 1 }
      printf "%-10s bare %d Ir  ingest %d Ir  ratio ingest/bare %.3f (instruction counts)\n",
             shape, bare, ing, bare / ing
    }'
done

# Issue 17: `stat dsr` end to end and the table reader alone, over a bare
# libcsv parse of the same file (bench_stat's bare_parse), in instructions.
stat=$build/bench/bench_stat
data=$build/bench-data/peer/dsr_input.csv
if [ -x "$stat" ] && [ -f "$data" ]; then
  valgrind --tool=callgrind --callgrind-out-file="$out/floor.cg" "$stat" --floor "$data" \
    >/dev/null 2>"$out/log"
  valgrind --tool=callgrind --callgrind-out-file="$out/stat.cg" "$build/healthgap" stat dsr \
    --x deaths --n pop --stdpop esp2013 --confidence 0.95,0.998 --group-by msoa,sex,year "$data" \
    >/dev/null 2>"$out/log"
  tot=$(callgrind_annotate "$out/stat.cg" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')
  callgrind_annotate --inclusive=yes "$out/floor.cg" 2>/dev/null | awk -v tot="$tot" '
    /=>/ { next }
    /:bare_parse / && !bare { gsub(",", "", $1); bare = $1 }
    /:table_read / && !tab { gsub(",", "", $1); tab = $1 }
    END {
      if (!bare || !tab || !tot) { print "callgrind_ratio: stat figures not found" > "/dev/stderr"; exit 1 }
      printf "stat dsr   bare %d Ir  table read %d Ir  ratio table/bare %.2f  stat whole process %d Ir  ratio stat/bare %.2f (instruction counts)\n",
             bare, tab, tab / bare, tot, tot / bare
    }'
fi

# Issue 17, start-up: `healthgap validate` on ten lines (bench_startup's file)
# over the floor program that links the same libraries and does nothing
# (build/bench/startup_floor), whole process, dynamic loading included.
floor=$build/bench/startup_floor
ten=$build/bench-data/startup/ten_tidy.csv
if [ -x "$floor" ] && [ -f "$ten" ]; then
  ir() {
    valgrind --tool=callgrind --callgrind-out-file="$out/ir.cg" "$@" >/dev/null 2>"$out/log"
    callgrind_annotate "$out/ir.cg" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }'
  }
  f=$(ir "$floor")
  v=$(ir "$build/healthgap" validate "$ten")
  echo "startup    floor $f Ir  validate (10 lines) $v Ir  ratio validate/floor $(awk -v a="$v" -v b="$f" 'BEGIN { printf "%.2f", a / b }') (instruction counts)"
fi
