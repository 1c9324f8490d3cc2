/* trajectory.c: one target over time for a group of areas: each area's
 * observed values with their 95% limits, its fitted trend (dashed) and the
 * trend's 95% prediction interval (a tinted band) up to the target year, the
 * target as a line across the plot (or, for a relative target, each area's
 * own target as a diamond at the target year), and the target year marked.
 * Years are a numeric axis: the projection runs past the last period.  The
 * chart draws the numbers of the spec (series pairs, healthgap/chart.h); the
 * fit is the analyse stage's (indicators/projection.c). */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* Area colours by pair, from the theme's roles (every hex lives in theme.c). */
static hg_rgb pair_colour(const hg_canvas *cv, const hg_chart_series *s, size_t k) {
  if (s->role == HG_ROLE_ENGLAND)
    return cv->th->role[HG_C_ENGLAND];
  if (s->role == HG_ROLE_LONDON)
    return cv->th->role[HG_C_LONDON];
  const hg_rgb cycle[] = {cv->th->role[HG_C_AREA_LINE],      cv->th->sig[HG_CHART_SIG_WORSE],
                          cv->th->sig[HG_CHART_SIG_Q4],      cv->th->sig[HG_CHART_SIG_BETTER],
                          cv->th->sig[HG_CHART_SIG_SIMILAR], cv->th->sig[HG_CHART_SIG_LOWER],
                          cv->th->role[HG_C_SPINE_INNER],    cv->th->role[HG_C_REGRESSION],
                          cv->th->sig[HG_CHART_SIG_Q2]};
  return cycle[k % G_N_ELEMENTS(cycle)];
}

static void widen(double v, double *lo, double *hi) {
  if (isfinite(v)) {
    *lo = fmin(*lo, v);
    *hi = fmax(*hi, v);
  }
}

/* The ranges of years and values: every observed point with its limits, the
 * targets, the target year and the fitted trend's central values.  The fitted
 * series (odd indexes) do not widen the value axis by their prediction
 * intervals, and the axis reaches at most one observed range (with targets)
 * beyond what was observed: a log-linear interval eight years out can reach
 * 185 years on a gap of 10, which flattened every other line.  What falls
 * outside is cut at the plot's edge and *cut says so. */
static void ranges(const hg_chart_spec *spec, double *xlo, double *xhi, double *ylo, double *yhi,
                   bool *cut) {
  double blo = INFINITY, bhi = -INFINITY; /* observed and targets */
  *xlo = *ylo = INFINITY;
  *xhi = *yhi = -INFINITY;
  for (size_t s = 0; s < spec->nseries; s++)
    for (size_t i = 0; i < spec->series[s].n; i++) {
      const hg_chart_point *p = &spec->series[s].pts[i];
      if (!isfinite(p->value))
        continue;
      widen(p->x, xlo, xhi);
      widen(p->value, ylo, yhi);
      if (s % 2 == 0) {
        widen(p->value, &blo, &bhi);
        widen(p->lower, &blo, &bhi);
        widen(p->upper, &blo, &bhi);
      }
    }
  for (size_t r = 0; r < spec->nrefs; r++)
    widen(spec->refs[r].value, &blo, &bhi);
  if (spec->x_mark > 0)
    widen(spec->x_mark, xlo, xhi);
  if (!isfinite(blo)) {
    *ylo = fmin(*ylo, *yhi);
    return;
  }
  double ext = fmax(bhi - blo, 0.25 * fmax(fabs(bhi), fabs(blo)));
  *ylo = fmax(fmin(*ylo, blo), blo - ext);
  *yhi = fmin(fmax(*yhi, bhi), bhi + ext);
  *cut = false;
  for (size_t s = 1; s < spec->nseries; s += 2)
    for (size_t i = 0; i < spec->series[s].n; i++) {
      const hg_chart_point *p = &spec->series[s].pts[i];
      *cut |= (isfinite(p->upper) && p->upper > *yhi) || (isfinite(p->lower) && p->lower < *ylo) ||
              (isfinite(p->value) && (p->value > *yhi || p->value < *ylo));
    }
}

static void band(hg_canvas *cv, const hg_axis *ax, const hg_axis *ay, const hg_chart_series *s,
                 hg_rgb c) {
  cairo_new_path(cv->cr);
  size_t m = 0;
  for (size_t i = 0; i < s->n; i++)
    if (isfinite(s->pts[i].lower) && isfinite(s->pts[i].upper)) {
      double x = hg_axis_map(ax, s->pts[i].x), y = hg_axis_map(ay, s->pts[i].upper);
      if (m++)
        cairo_line_to(cv->cr, x, y);
      else
        cairo_move_to(cv->cr, x, y);
    }
  for (size_t i = s->n; i-- > 0;)
    if (isfinite(s->pts[i].lower) && isfinite(s->pts[i].upper))
      cairo_line_to(cv->cr, hg_axis_map(ax, s->pts[i].x), hg_axis_map(ay, s->pts[i].lower));
  if (m < 2) {
    cairo_new_path(cv->cr);
    return;
  }
  cairo_close_path(cv->cr);
  cairo_set_source_rgba(cv->cr, c.r, c.g, c.b, 0.14);
  cairo_fill(cv->cr);
}

static void polyline(hg_canvas *cv, const hg_axis *ax, const hg_axis *ay, const hg_chart_series *s,
                     hg_rgb c, double width, bool dashed) {
  cairo_new_path(cv->cr);
  bool pen = false;
  for (size_t i = 0; i < s->n; i++) {
    if (!isfinite(s->pts[i].value) || !isfinite(s->pts[i].x)) {
      pen = false;
      continue;
    }
    double x = hg_axis_map(ax, s->pts[i].x), y = hg_axis_map(ay, s->pts[i].value);
    if (pen)
      cairo_line_to(cv->cr, x, y);
    else
      cairo_move_to(cv->cr, x, y);
    pen = true;
  }
  static const double dash[] = {5, 3};
  cairo_set_dash(cv->cr, dash, dashed ? 2 : 0, 0);
  hg_set(cv, c);
  cairo_set_line_width(cv->cr, width);
  cairo_stroke(cv->cr);
  cairo_set_dash(cv->cr, NULL, 0, 0);
}

static void observed(hg_canvas *cv, const hg_axis *ax, const hg_axis *ay, const hg_chart_series *s,
                     hg_rgb c) {
  polyline(cv, ax, ay, s, c, 1.6, false);
  for (size_t i = 0; i < s->n; i++) {
    const hg_chart_point *p = &s->pts[i];
    if (!isfinite(p->value) || !isfinite(p->x))
      continue;
    double x = hg_axis_map(ax, p->x);
    if (isfinite(p->lower) && isfinite(p->upper)) {
      hg_line(cv, x, hg_axis_map(ay, p->lower), x, hg_axis_map(ay, p->upper), 0.8, c);
      if (cv->stats)
        cv->stats->whiskers++;
    }
    hg_marker(cv, x, hg_axis_map(ay, p->value), 3, 0, c, cv->th->role[HG_C_AXIS]);
  }
}

/* Target lines, each area's own target, and the target year. */
static void targets(hg_canvas *cv, const hg_chart_spec *spec, const hg_axis *ax, const hg_axis *ay,
                    hg_rect plot) {
  hg_rgb red = cv->th->role[HG_C_REGRESSION], grey = cv->th->role[HG_C_AXIS];
  static const double dash[] = {2, 2};
  if (spec->x_mark > 0) {
    double x = hg_axis_map(ax, spec->x_mark);
    cairo_set_dash(cv->cr, dash, 2, 0);
    hg_line(cv, x, plot.y, x, plot.y + plot.h, 1, grey);
    cairo_set_dash(cv->cr, NULL, 0, 0);
  }
  hg_text_style t = hg_style(cv, HG_FONT_TICK);
  t.colour = red;
  for (size_t r = 0; r < spec->nrefs; r++) {
    const hg_chart_refline *f = &spec->refs[r];
    if (!isfinite(f->value))
      continue;
    double y = hg_axis_map(ay, f->value);
    if (f->role == HG_ROLE_AREA) {
      hg_line(cv, plot.x, y, plot.x + plot.w, y, 1.4, red);
      if (f->label)
        hg_text(cv, &t, f->label, plot.x + 4, y - 2, 0, 1);
      continue;
    }
    hg_rgb c = red;
    for (size_t s = 0; s + 1 < spec->nseries + 1 && s < spec->nseries; s += 2)
      if (f->label && spec->series[s].name && strcmp(f->label, spec->series[s].name) == 0)
        c = pair_colour(cv, &spec->series[s], s / 2);
    if (spec->x_mark > 0)
      hg_marker(cv, hg_axis_map(ax, spec->x_mark), y, 4, 1, c, red);
  }
}

/* Whole years under the plot (no thousands separator: 2030, not 2,030), a
 * step of 1, 2, 5 or 10 years; then clips to the plot (cairo_restore ends it). */
static void year_axis(hg_canvas *cv, hg_axis *ax, double xlo, double xhi, hg_rect plot) {
  static const int steps[] = {1, 2, 5, 10, 20};
  int step = 20;
  for (size_t k = 0; k < G_N_ELEMENTS(steps); k++)
    if ((xhi - xlo) / steps[k] <= 10) {
      step = steps[k];
      break;
    }
  ax->lo = floor(xlo);
  ax->hi = ceil(xhi);
  ax->p0 = plot.x + 12; /* a marker on the first or last year clears the axis */
  ax->p1 = plot.x + plot.w - 12;
  hg_text_style st = hg_style(cv, HG_FONT_TICK);
  double first = ceil(ax->lo / step) * step;
  for (double v = first; v <= ax->hi; v += step) {
    double x = hg_axis_map(ax, v);
    char b[16];
    snprintf(b, sizeof b, "%.0f", v);
    hg_line(cv, x, plot.y, x, plot.y + plot.h, 0.5, cv->th->role[HG_C_GRID]);
    hg_line(cv, x, plot.y + plot.h, x, plot.y + plot.h + 3, 0.5, cv->th->role[HG_C_AXIS]);
    hg_text(cv, &st, b, x, plot.y + plot.h + 5, 0.5, 0);
  }
  /* The first observed year is labelled too when no step falls on it and
   * there is room: a single 2019 point stood over an unlabelled year. */
  if (first > ax->lo) {
    char b[16];
    double w, h, x = hg_axis_map(ax, ax->lo);
    snprintf(b, sizeof b, "%.0f", ax->lo);
    hg_text_size(cv, &st, b, &w, &h);
    if (hg_axis_map(ax, first) - x >= 1.5 * w) {
      hg_line(cv, x, plot.y + plot.h, x, plot.y + plot.h + 3, 0.5, cv->th->role[HG_C_AXIS]);
      hg_text(cv, &st, b, x, plot.y + plot.h + 5, 0.5, 0);
    }
  }
  hg_line(cv, plot.x, plot.y + plot.h, plot.x + plot.w, plot.y + plot.h, 0.75,
          cv->th->role[HG_C_AXIS]);
  cairo_save(cv->cr);
  cairo_rectangle(cv->cr, plot.x, plot.y, plot.w, plot.h);
  cairo_clip(cv->cr);
}

static size_t legend(const hg_canvas *cv, const hg_chart_spec *spec, hg_legend_item *items,
                     size_t max) {
  size_t ni = 0;
  for (size_t s = 0; s < spec->nseries && ni + 3 < max; s += 2)
    items[ni++] = (hg_legend_item){spec->series[s].name ? spec->series[s].name : "Area",
                                   pair_colour(cv, &spec->series[s], s / 2), 1};
  items[ni++] = (hg_legend_item){"Target", cv->th->role[HG_C_REGRESSION], 1};
  items[ni++] = (hg_legend_item){"Fitted trend (dashed) and its 95% prediction interval",
                                 cv->th->role[HG_C_BOX], 0};
  return ni;
}

hg_status hg_draw_trajectory(hg_canvas *cv, const hg_chart_spec *spec) {
  double xlo, xhi, ylo, yhi, ly;
  bool cut = false;
  ranges(spec, &xlo, &xhi, &ylo, &yhi, &cut);
  if (!isfinite(xlo) || !isfinite(ylo))
    return HG_ERR_INVALID;
  if (xhi - xlo < 1) {
    xlo -= 1;
    xhi += 1;
  }
  /* the notes before the layout, which measures the footer they join */
  if (!hg_spec_has_limits(spec, HG_ROLE_AREA))
    hg_note(cv, "No confidence limits in the data for some areas: none drawn for them.");
  if (cut)
    hg_note(cv, "Projections and prediction intervals beyond the value axis are cut at its edge "
                "(their values are in the footnote and results/targets.csv).");
  hg_legend_item items[24];
  size_t ni = legend(cv, spec, items, G_N_ELEMENTS(items));
  hg_axis ay, ax;
  double xh = cv->th->font_pt[HG_FONT_TICK] * 1.3 + 6;
  hg_rect plot = hg_xy_layout(cv, spec, items, ni, &ay, ylo, yhi, spec->include_zero, xh, &ly);
  year_axis(cv, &ax, xlo, xhi, plot);
  for (size_t s = 1; s < spec->nseries; s += 2)
    band(cv, &ax, &ay, &spec->series[s], pair_colour(cv, &spec->series[s - 1], s / 2));
  targets(cv, spec, &ax, &ay, plot);
  for (size_t s = 1; s < spec->nseries; s += 2)
    polyline(cv, &ax, &ay, &spec->series[s], pair_colour(cv, &spec->series[s - 1], s / 2), 1.2,
             true);
  for (size_t s = 0; s < spec->nseries; s += 2)
    observed(cv, &ax, &ay, &spec->series[s], pair_colour(cv, &spec->series[s], s / 2));
  cairo_restore(cv->cr);
  hg_legend(cv, items, ni, plot.x, ly, plot.w, true);
  hg_frame_footer(cv, spec, NULL);
  return HG_OK;
}
