/* segment.c: a life expectancy gap decomposed (OHID's Segment Tool): one row
 * per component (age band or cause), youngest first, each series (Male,
 * Female, or one) a horizontal bar of the years it contributes, right of zero
 * where it widens the gap, left where it narrows it, its value printed at the
 * bar's end.  Stacked (spec->stacked, by age band and cause): one bar per row,
 * each series (a cause) a coloured part of it, the row's total printed at its
 * end.  Everything drawn is in the spec (engine/render/pages_segment.c). */
#include "internal.h"

#include <string.h>

/* The layout: the plot, the label column, a row's height, the axis. */
typedef struct seg {
  hg_rect plot;
  double row;
  hg_axis ax;
  hg_text_style lab, val;
} seg;

/* The most series a chart draws: two sexes side by side, or causes stacked. */
#define SEG_MAX_SERIES 9

static hg_rgb series_colour(const hg_canvas *cv, const hg_chart_spec *spec, size_t s) {
  if (spec->stacked) { /* causes: distinct colours of the theme, in the legend's order */
    const hg_rgb cycle[SEG_MAX_SERIES] = {
        cv->th->role[HG_C_AREA_LINE],      cv->th->sig[HG_CHART_SIG_WORSE],
        cv->th->sig[HG_CHART_SIG_Q4],      cv->th->sig[HG_CHART_SIG_BETTER],
        cv->th->sig[HG_CHART_SIG_SIMILAR], cv->th->sig[HG_CHART_SIG_LOWER],
        cv->th->role[HG_C_SPINE_INNER],    cv->th->role[HG_C_REGRESSION],
        cv->th->sig[HG_CHART_SIG_Q2]};
    return cycle[s % SEG_MAX_SERIES];
  }
  const char *n = spec->series[s].name ? spec->series[s].name : "";
  if (g_ascii_strncasecmp(n, "male", 4) == 0)
    return cv->th->role[HG_C_MALE];
  if (g_ascii_strncasecmp(n, "female", 6) == 0)
    return cv->th->role[HG_C_FEMALE];
  return s == 0 ? cv->th->role[HG_C_BAR_DEFAULT] : cv->th->role[HG_C_LONDON];
}

/* The widest component label (the first series' labels name the rows). */
static double label_width(hg_canvas *cv, const hg_chart_spec *spec, const hg_text_style *st) {
  double lw = 0, w, h;
  for (size_t i = 0; i < spec->series[0].n; i++) {
    const char *l = spec->series[0].pts[i].label;
    hg_text_size(cv, st, l ? l : "", &w, &h);
    lw = fmax(lw, w);
  }
  return lw;
}

/* One series' bars and values in its slot of each row. */
static void seg_bars(hg_canvas *cv, const hg_chart_spec *spec, const seg *g, size_t s) {
  const hg_chart_series *se = &spec->series[s];
  size_t ns = spec->nseries;
  double slot = g->row * 0.8 / ns, x0 = hg_axis_map(&g->ax, 0);
  hg_rgb fill = series_colour(cv, spec, s), edge = {0, 0, 0};
  int dec = spec->decimals >= 0 ? spec->decimals : 2;
  char b[32];
  for (size_t i = 0; i < se->n && i < spec->series[0].n; i++) {
    double v = se->pts[i].value;
    if (!isfinite(v))
      continue;
    double y = g->plot.y + i * g->row + g->row * 0.1 + s * slot, x1 = hg_axis_map(&g->ax, v);
    hg_rect bar = {fmin(x0, x1), y, fabs(x1 - x0), slot * 0.9};
    hg_fill_rect(cv, bar, fill, &edge);
    hg_mark(cv, HG_MARK_BAR, bar);
    hg_chart_format(v, dec, b, sizeof b);
    double tw, th;
    hg_text_size(cv, &g->val, b, &tw, &th);
    /* outside the bar's end; inside it when the plot's edge is nearer */
    int right = v >= 0;
    double tx = right ? x1 + 3 : x1 - 3;
    if (right && tx + tw > g->plot.x + g->plot.w)
      tx = x1 - 3, right = 0;
    else if (!right && tx - tw < g->plot.x)
      tx = x1 + 3, right = 1;
    hg_text(cv, &g->val, b, tx, y + slot * 0.45, right ? 0 : 1, 0.5);
  }
}

/* Stacked rows: each series' part of row i from the end of the parts before
 * it on the same side of zero, the row's total printed at its bar's end. */
static void seg_stacked(hg_canvas *cv, const hg_chart_spec *spec, const seg *g) {
  int dec = spec->decimals >= 0 ? spec->decimals : 2;
  hg_rgb edge = {0, 0, 0};
  char b[32];
  for (size_t i = 0; i < spec->series[0].n; i++) {
    double pos = 0, neg = 0, y = g->plot.y + i * g->row + g->row * 0.15, h = g->row * 0.7;
    for (size_t s = 0; s < spec->nseries; s++) {
      double v = i < spec->series[s].n ? spec->series[s].pts[i].value : NAN;
      if (!isfinite(v) || v == 0)
        continue;
      double from = v > 0 ? pos : neg + v, to = v > 0 ? pos + v : neg;
      double x0 = hg_axis_map(&g->ax, from), x1 = hg_axis_map(&g->ax, to);
      hg_rect bar = {x0, y, x1 - x0, h};
      hg_fill_rect(cv, bar, series_colour(cv, spec, s), &edge);
      hg_mark(cv, HG_MARK_BAR, bar);
      *(v > 0 ? &pos : &neg) += v;
    }
    double total = pos + neg, tw, th;
    hg_chart_format(total, dec, b, sizeof b);
    hg_text_size(cv, &g->val, b, &tw, &th);
    int right = total >= 0;
    double tx = right ? hg_axis_map(&g->ax, pos) + 3 : hg_axis_map(&g->ax, neg) - 3;
    hg_text(cv, &g->val, b, tx, y + h / 2, right ? 0 : 1, 0.5);
  }
}

/* The extent of the stacked bars: the sums of each row's parts on each side. */
static void stacked_range(const hg_chart_spec *spec, double *lo, double *hi) {
  *lo = *hi = 0;
  for (size_t i = 0; i < spec->series[0].n; i++) {
    double pos = 0, neg = 0;
    for (size_t s = 0; s < spec->nseries; s++) {
      double v = i < spec->series[s].n ? spec->series[s].pts[i].value : NAN;
      if (isfinite(v))
        *(v > 0 ? &pos : &neg) += v;
    }
    *lo = fmin(*lo, neg);
    *hi = fmax(*hi, pos);
  }
}

/* Grid, tick labels and axis title under the plot; the zero line. */
static void seg_axis(hg_canvas *cv, const hg_chart_spec *spec, const seg *g, double xh) {
  hg_axis_draw_x(cv, &g->ax, g->plot, hg_axis_decimals(&g->ax, -1), true);
  double x0 = hg_axis_map(&g->ax, 0);
  hg_line(cv, x0, g->plot.y, x0, g->plot.y + g->plot.h, 1, cv->th->role[HG_C_AXIS]);
  hg_text_style at = hg_style(cv, HG_FONT_AXIS);
  hg_text(cv, &at, spec->x_label ? spec->x_label : "Years", g->plot.x + g->plot.w / 2,
          g->plot.y + g->plot.h + xh, 0.5, 0);
}

hg_status hg_draw_segment(hg_canvas *cv, const hg_chart_spec *spec) {
  size_t nb = spec->series[0].n;
  if (nb == 0 || spec->nseries > (spec->stacked ? SEG_MAX_SERIES : 4))
    return HG_ERR_INVALID;
  double lo = 0, hi = 0;
  if (spec->stacked)
    stacked_range(spec, &lo, &hi);
  else
    hg_spec_range(spec, false, &lo, &hi);
  lo = fmin(lo, 0);
  hi = fmax(hi, 0);
  double pad = (hi - lo) * 0.12; /* room for the values at the bars' ends */
  hg_rect body = hg_frame_header(cv, spec);
  hg_legend_item items[SEG_MAX_SERIES];
  for (size_t s = 0; s < spec->nseries; s++)
    items[s] = (hg_legend_item){spec->series[s].name ? spec->series[s].name : "",
                                series_colour(cv, spec, s), 0};
  double foot = hg_frame_footer_height(cv, spec, 0);
  int legend = spec->nseries > 1 || spec->stacked;
  double leg = legend ? hg_legend(cv, items, spec->nseries, body.x, 0, body.w, false) + 6 : 0;
  double xh = cv->th->font_pt[HG_FONT_TICK] * 1.3 + 6;
  double xt = cv->th->font_pt[HG_FONT_AXIS] * 1.3 + 4;
  seg g = {.lab = hg_style(cv, HG_FONT_TICK), .val = hg_style(cv, HG_FONT_CELL)};
  g.lab.colour = cv->th->role[HG_C_TEXT];
  double lw = label_width(cv, spec, &g.lab) + 10;
  g.plot = (hg_rect){body.x + lw, body.y, body.w - lw - 8, body.h - foot - leg - xh - xt - 6};
  g.row = g.plot.h / nb;
  hg_axis_fit_measured(cv, &g.ax, lo - (lo < 0 ? pad : 0), hi + (hi > 0 ? pad : 0), g.plot.w, 60,
                       true, true);
  g.ax.p0 = g.plot.x;
  g.ax.p1 = g.plot.x + g.plot.w;
  seg_axis(cv, spec, &g, xh);
  for (size_t i = 0; i < nb; i++) {
    const char *l = spec->series[0].pts[i].label;
    hg_text(cv, &g.lab, l ? l : "", g.plot.x - 6, g.plot.y + (i + 0.5) * g.row, 1, 0.5);
  }
  if (spec->stacked)
    seg_stacked(cv, spec, &g);
  else
    for (size_t s = 0; s < spec->nseries; s++)
      seg_bars(cv, spec, &g, s);
  if (legend)
    hg_legend(cv, items, spec->nseries, body.x, g.plot.y + g.plot.h + xh + xt + 4, body.w, true);
  hg_frame_footer(cv, spec, NULL);
  return HG_OK;
}
