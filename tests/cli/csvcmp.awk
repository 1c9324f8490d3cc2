# csvcmp.awk: compares an actual CSV with an expected (oracle) CSV column by column.
#   awk -v key=area -v rel=1e-9 -v abs=0 -v skip=colA,colB -f tests/cli/csvcmp.awk EXPECTED ACTUAL
# rename=exp1=act1,exp2=act2 compares EXPECTED's column exp1 with ACTUAL's act1 (R names a
# 95% limit lower95_0cl when several levels are output; healthgap keeps lowercl).  A
# renamed ACTUAL column keeps its name when EXPECTED has a column of that name.
# Every column of EXPECTED (except those in skip) must exist in ACTUAL.  Rows are
# matched by the key columns (comma-separated; empty key = by position).  Two
# numbers agree when |a-e| <= rel*|e| + abs; "", NA and NaN all mean missing; other
# text must be equal.  Prints each mismatch; exits 1 if any.  POSIX awk (mawk).
function parse(line, out,    n, i, c, f, q) {
  sub(/\r$/, "", line)
  n = 0; f = ""; q = 0
  for (i = 1; i <= length(line); i++) {
    c = substr(line, i, 1)
    if (q) {
      if (c == "\"") {
        if (substr(line, i + 1, 1) == "\"") { f = f "\""; i++ } else q = 0
      } else f = f c
    } else if (c == "\"") q = 1
    else if (c == ",") { out[++n] = f; f = "" }
    else f = f c
  }
  out[++n] = f
  return n
}
function isnum(s) { return s ~ /^[ ]*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?[ ]*$/ }
function missing(s) { return s == "" || s == "NA" || s == "NaN" }
FNR == 1 {
  file++
  delete hdr
  nh = parse($0, hdr)
  if (file == 1) {
    nr = split(rename, rp, ",")
    for (j = 1; j <= nr; j++) { split(rp[j], ea, "="); a2e[ea[2]] = ea[1] }
  }
  for (j = 1; j <= nh; j++) {
    h = (file == 2 && (hdr[j] in a2e) && !((1, hdr[j]) in col)) ? a2e[hdr[j]] : hdr[j]
    name[file, j] = h; col[file, h] = j
  }
  ncol[file] = nh
  nk = split(key, keys, ",")
  next
}
{
  n = parse($0, f)
  k = ""
  if (key == "") k = FNR
  else for (j = 1; j <= nk; j++) k = k SUBSEP f[col[file, keys[j]]]
  rows[file]++
  if (file == 1) order[rows[1]] = k
  if ((file, k) in seen) { dup[file, k] = 1 }
  seen[file, k] = 1
  for (j = 1; j <= n; j++) cell[file, k, name[file, j]] = f[j]
}
END {
  bad = 0
  ns = split(skip, sk, ",")
  for (j = 1; j <= ns; j++) skipped[sk[j]] = 1
  for (j = 1; j <= ncol[1]; j++) {
    c = name[1, j]
    if (c in skipped) continue
    if (!((2, c) in col)) { print "missing column: " c; bad++ }
  }
  if (rows[1] != rows[2]) { print "rows: expected " rows[1] ", got " rows[2]; bad++ }
  for (r = 1; r <= rows[1]; r++) {
    k = order[r]
    if (!((2, k) in seen)) { gsub(SUBSEP, "|", k); print "row missing: " k; bad++; continue }
    for (j = 1; j <= ncol[1]; j++) {
      c = name[1, j]
      if ((c in skipped) || !((2, c) in col)) continue
      e = cell[1, k, c]; a = cell[2, k, c]
      if (missing(e) && missing(a)) continue
      if (isnum(e) && isnum(a)) {
        d = a - e; if (d < 0) d = -d
        m = e + 0; if (m < 0) m = -m
        if (d <= rel * m + abs) continue
      } else if (e == a) continue
      kk = k; gsub(SUBSEP, "|", kk)
      print "row " r " (" kk ") column " c ": expected '" e "', got '" a "'"
      if (++bad > 20) exit 1
    }
  }
  if (bad) exit 1
}
