# The style contract's structural checks (docs/charts.md, "Style contract")
# over a HEALTHGAP_LAYOUT_DUMP file (charts/layout.c): one block per drawn
# page (chart PNG, pack chart page, pack text page).  Prints one line per
# breach, "TITLE: what", and exits 1 if there is any.
#   * no text below MIN pt (6.5 pt: legible on an A4 landscape page);
#   * no text, bar, whisker, marker or cell across the page's edge or cut by
#     the clip it was drawn under (a whisker clipped by the plot area);
#   * every bar and whisker inside a plot area, a whisker not touching its
#     edge (axis ranges include the limits, with room);
#   * no two texts overlapping;
#   * every value axis titled, the title drawn and naming a unit.
BEGIN { FS = "\t"; if (MIN == "") MIN = 6.5; TOL = 0.5; bad = 0 }

function out(what) {
  key = title[seq] "\t" what
  if (!(key in said)) { said[key] = 1; printf "%s [%s]: %s\n", title[seq], kind[seq], what; bad++ }
}
function inside(x, y, w, h, cx, cy, cw, ch) {
  return x >= cx - TOL && y >= cy - TOL && x + w <= cx + cw + TOL && y + h <= cy + ch + TOL
}
# A unit in an axis title: a bracketed unit, or one of the units of the
# indicator metadata's vocabulary (engine/render spec_axis_title).
function has_unit(s) {
  return s ~ /\(.+\)|%|[Pp]er [0-9 ,]+|[Pp]er cent|[Yy]ears|[Pp]ercentage points|µg\/m³|[Rr]atio|[Rr]ank|[Nn]umber|[Dd]enominator|[Cc]ount/
}
# Which labels are value axes, by chart kind.
function value_axes(k) {
  if (k == "compare" || k == "inequalities" || k == "pyramid" || k == "segment") return "x"
  if (k == "trends" || k == "gap" || k == "gradient" || k == "boxplot" || k == "trajectory") return "y"
  if (k == "funnel" || k == "scatter") return "xy"
  return ""
}

$1 == "page" {
  seq = $2; kind[seq] = $3; W[seq] = $4; H[seq] = $5; xl[seq] = $6; yl[seq] = $7
  title[seq] = $8 == "" ? "(untitled " $3 ")" : $8
  order[++npages] = seq; nt[seq] = 0; nm[seq] = 0
  next
}
$1 == "text" {
  seq = $2; i = ++nt[seq]
  tx[seq, i] = $3; ty[seq, i] = $4; tw[seq, i] = $5; th[seq, i] = $6; tt[seq, i] = $12
  if ($7 + 0 < MIN - 0.01) out(sprintf("text below %s pt (%.2f pt): '%s'", MIN, $7, $12))
  if ($12 != "" && !inside($3, $4, $5, $6, 0, 0, W[seq], H[seq]))
    out(sprintf("text across the page edge: '%s' (%.1f,%.1f %.1fx%.1f)", $12, $3, $4, $5, $6))
  else if ($12 != "" && !inside($3, $4, $5, $6, $8, $9, $10, $11))
    out(sprintf("text cut by its clip: '%s'", $12))
  next
}
$1 == "mark" {
  seq = $2
  if ($3 == "plot") { p = ++np[seq]; px[seq, p] = $4; py[seq, p] = $5; pw[seq, p] = $6; ph[seq, p] = $7; next }
  i = ++nm[seq]
  mk[seq, i] = $3; mx[seq, i] = $4; my[seq, i] = $5; mw[seq, i] = $6; mh[seq, i] = $7
  if (!inside($4, $5, $6, $7, 0, 0, W[seq], H[seq]))
    out(sprintf("%s across the page edge (%.1f,%.1f %.1fx%.1f)", $3, $4, $5, $6, $7))
  else if (!inside($4, $5, $6, $7, $8, $9, $10, $11))
    out(sprintf("%s cut by the plot area's clip (%.1f,%.1f %.1fx%.1f)", $3, $4, $5, $6, $7))
  next
}

END {
  for (o = 1; o <= npages; o++) {
    seq = order[o]
    # overlapping texts (empty texts are spacing, not ink)
    for (i = 1; i <= nt[seq]; i++) {
      if (tt[seq, i] == "" || tt[seq, i] ~ /^ *$/) continue
      for (j = i + 1; j <= nt[seq]; j++) {
        if (tt[seq, j] == "" || tt[seq, j] ~ /^ *$/) continue
        ox = (tx[seq, i] + tw[seq, i] < tx[seq, j] + tw[seq, j] ? tx[seq, i] + tw[seq, i] : tx[seq, j] + tw[seq, j]) \
             - (tx[seq, i] > tx[seq, j] ? tx[seq, i] : tx[seq, j])
        oy = (ty[seq, i] + th[seq, i] < ty[seq, j] + th[seq, j] ? ty[seq, i] + th[seq, i] : ty[seq, j] + th[seq, j]) \
             - (ty[seq, i] > ty[seq, j] ? ty[seq, i] : ty[seq, j])
        if (ox > TOL && oy > TOL)
          out(sprintf("texts overlap: '%s' and '%s'", tt[seq, i], tt[seq, j]))
      }
    }
    # no text over a bar, whisker or marker (cells hold their own values)
    for (i = 1; i <= nt[seq]; i++) {
      if (tt[seq, i] ~ /^ *$/) continue
      for (m = 1; m <= nm[seq]; m++) {
        if (mk[seq, m] == "cell") continue
        ox = (tx[seq, i] + tw[seq, i] < mx[seq, m] + mw[seq, m] ? tx[seq, i] + tw[seq, i] : mx[seq, m] + mw[seq, m]) \
             - (tx[seq, i] > mx[seq, m] ? tx[seq, i] : mx[seq, m])
        oy = (ty[seq, i] + th[seq, i] < my[seq, m] + mh[seq, m] ? ty[seq, i] + th[seq, i] : my[seq, m] + mh[seq, m]) \
             - (ty[seq, i] > my[seq, m] ? ty[seq, i] : my[seq, m])
        if (ox > TOL && oy > TOL)
          out(sprintf("text over a %s: '%s'", mk[seq, m], tt[seq, i]))
      }
    }
    # bars and whiskers inside a plot area
    for (i = 1; i <= nm[seq]; i++) {
      if (mk[seq, i] != "bar" && mk[seq, i] != "whisker" || np[seq] == 0) continue
      ok = 0
      # a whisker ending on the plot's edge is cut there to the eye: 1 pt inside
      e = mk[seq, i] == "whisker" ? 1 + TOL : 0
      for (p = 1; p <= np[seq] && !ok; p++)
        ok = inside(mx[seq, i], my[seq, i], mw[seq, i], mh[seq, i], px[seq, p] + e, py[seq, p] + e, pw[seq, p] - 2 * e, ph[seq, p] - 2 * e)
      if (!ok) out(sprintf("%s outside the plot area (%.1f,%.1f %.1fx%.1f)", mk[seq, i], mx[seq, i], my[seq, i], mw[seq, i], mh[seq, i]))
    }
    # value axes titled with a unit, and the title drawn
    axes = value_axes(kind[seq])
    for (a = 1; a <= length(axes); a++) {
      lab = substr(axes, a, 1) == "x" ? xl[seq] : yl[seq]
      if (lab == "") { out("value axis (" substr(axes, a, 1) ") without a title"); continue }
      if (!has_unit(lab)) out("value axis title without a unit: '" lab "'")
      drawn = 0
      for (i = 1; i <= nt[seq] && !drawn; i++) drawn = tt[seq, i] == lab
      if (!drawn) out("value axis title not drawn: '" lab "'")
    }
  }
  printf "layout: %d pages checked, %d breach%s\n", npages, bad, bad == 1 ? "" : "es" > "/dev/stderr"
  exit bad > 0
}
