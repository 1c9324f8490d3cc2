/* gradient.c: deprivation gradient: quantile values against relative rank (0 most
 * deprived .. 1 least), the fitted SII line, its confidence band and SII/RII
 * printed.  The band is the region between the lines with the slope's lower and
 * upper limits through the fitted value at the mid rank 0.5 (where a
 * population-weighted regression on relative rank passes through the mean).
 * The line is the spec's fit (published, or the builder's point estimate);
 * without one the chart says why and draws the points only. */
#include "internal.h"

/* The notes: how the SII line was found, or why there is none, and which
 * confidence limits are missing. */
static void gradient_notes(hg_canvas *cv, const hg_chart_spec *spec, bool band) {
  bool fit = spec->fit.present;
  if (fit && spec->fit.point_estimate)
    hg_note(cv,
            "SII and RII: point estimates of the PHE SII regression (phe_sii) on relative "
            "rank%s (no published SII given); no confidence band.",
            isfinite(spec->series[0].pts[0].weight) ? ", weighted by population share" : "");
  else if (!fit)
    hg_note(cv, "No SII line: it needs a value for every quantile.");
  if (fit && !band && !spec->fit.point_estimate)
    hg_note(cv, "No confidence limits for the SII in the data: no band drawn.");
  if (!hg_spec_has_limits(spec, HG_ROLE_AREA))
    hg_note(cv, "No confidence limits for the quantile values: none drawn.");
}

/* The y range: the points with their limits and both ends of the line. */
static void gradient_range(const hg_chart_spec *spec, double *lo, double *hi) {
  double a = spec->fit.intercept, b = spec->fit.slope;
  hg_spec_range(spec, true, lo, hi);
  if (spec->fit.present) {
    *lo = fmin(*lo, fmin(a, a + b));
    *hi = fmax(*hi, fmax(a, a + b));
    /* headroom for the SII/RII text at the top of the plot, so that no
     * point, whisker or line runs under it (boroughs scatter to the top) */
    if (*hi > *lo)
      *hi += (*hi - *lo) * 0.18;
  }
}

/* The confidence band: between the lines with the slope's limits, both through
 * the fitted value at the mid rank. */
static void gradient_band(hg_canvas *cv, const hg_chart_spec *spec, const hg_axis *ax,
                          const hg_axis *ay) {
  double ym = spec->fit.intercept + spec->fit.slope * 0.5;
  double bl = spec->fit.slope_lower, bu = spec->fit.slope_upper;
  cairo_new_path(cv->cr);
  cairo_move_to(cv->cr, ax->p0, hg_axis_map(ay, ym - bl * 0.5));
  cairo_line_to(cv->cr, hg_axis_map(ax, 0.5), hg_axis_map(ay, ym));
  cairo_line_to(cv->cr, ax->p1, hg_axis_map(ay, ym + bl * 0.5));
  cairo_line_to(cv->cr, ax->p1, hg_axis_map(ay, ym + bu * 0.5));
  cairo_line_to(cv->cr, hg_axis_map(ax, 0.5), hg_axis_map(ay, ym));
  cairo_line_to(cv->cr, ax->p0, hg_axis_map(ay, ym - bu * 0.5));
  cairo_close_path(cv->cr);
  hg_set(cv, cv->th->role[HG_C_BAND]);
  cairo_fill(cv->cr);
}

/* The quantiles' values at their relative ranks, with their intervals. */
static void gradient_points(hg_canvas *cv, const hg_chart_series *s, const hg_axis *ax,
                            const hg_axis *ay) {
  hg_rgb edge = cv->th->role[HG_C_AXIS];
  for (size_t i = 0; i < s->n; i++) {
    const hg_chart_point *p = &s->pts[i];
    if (!isfinite(p->x) || !isfinite(p->value))
      continue;
    double x = hg_axis_map(ax, p->x);
    if (isfinite(p->lower) && isfinite(p->upper)) {
      double a = hg_axis_map(ay, p->lower), b = hg_axis_map(ay, p->upper);
      hg_line(cv, x, a, x, b, 0.8, edge);
      hg_mark(cv, HG_MARK_WHISKER, (hg_rect){x - 0.4, fmin(a, b), 0.8, fabs(b - a)});
    }
    double y = hg_axis_map(ay, p->value);
    hg_marker(cv, x, y, 4, 0, cv->th->role[HG_C_AREA_LINE], edge);
    hg_hit_rect(cv, (hg_rect){x - 5, y - 5, 10, 10}, p, NULL);
  }
}

static bool overlaps(hg_rect a, hg_rect b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* Where point i's name goes: over its whisker, or under it where the plot's
 * top is too near, inside the plot across. */
static hg_rect label_box(hg_canvas *cv, const hg_text_style *st, const hg_chart_point *p,
                         const char *text, const hg_axis *ax, const hg_axis *ay, hg_rect plot) {
  double top = hg_axis_map(ay, p->value) - 5, bottom = hg_axis_map(ay, p->value) + 5;
  if (isfinite(p->lower) && isfinite(p->upper)) {
    top = fmin(top, fmin(hg_axis_map(ay, p->lower), hg_axis_map(ay, p->upper)));
    bottom = fmax(bottom, fmax(hg_axis_map(ay, p->lower), hg_axis_map(ay, p->upper)));
  }
  double w, h;
  hg_text_size(cv, st, text, &w, &h);
  double x = hg_axis_map(ax, p->x);
  x = fmin(fmax(x, plot.x + w / 2 + 1), plot.x + plot.w - w / 2 - 1);
  double y = top - 2 - h >= plot.y ? top - 2 - h : bottom + 2;
  return (hg_rect){x - w / 2, y, w, h};
}

/* The name of each point (its quantile), or its number from the most
 * deprived (1, at rank 0 as the x axis says) where the names would run into
 * each other or the SII text. */
static const char *label_text(const hg_chart_point *p, size_t i, bool numbered, char *b, size_t n) {
  if (!numbered)
    return p->label;
  snprintf(b, n, "%zu", i + 1);
  return b;
}

static bool labels_fit(hg_canvas *cv, const hg_text_style *st, const hg_chart_series *s,
                       const hg_axis *ax, const hg_axis *ay, hg_rect plot, hg_rect sii,
                       bool numbered) {
  hg_rect *r = g_new(hg_rect, s->n);
  bool ok = true;
  char b[32];
  for (size_t i = 0; i < s->n && ok; i++) {
    const hg_chart_point *p = &s->pts[i];
    r[i] = (hg_rect){0, 0, 0, 0};
    if (!p->label || !isfinite(p->x) || !isfinite(p->value))
      continue;
    r[i] = label_box(cv, st, p, label_text(p, i, numbered, b, sizeof b), ax, ay, plot);
    ok = !overlaps(r[i], sii) && r[i].y + r[i].h <= plot.y + plot.h;
    for (size_t k = 0; k < i && ok; k++)
      ok = !overlaps(r[i], r[k]);
  }
  g_free(r);
  return ok;
}

/* Each point named by its quantile over (or under) its whisker, a name
 * wrapping to the room between its neighbours; numbered where the names do
 * not fit.  More than 10 points (boroughs ranked by deprivation) leave no
 * room between the whiskers: the x axis then names the ends and the footnote
 * the groups. */
static void gradient_labels(hg_canvas *cv, const hg_chart_series *s, const hg_axis *ax,
                            const hg_axis *ay, hg_rect plot, hg_rect sii) {
  if (s->n > 10)
    return;
  hg_text_style st = hg_style(cv, HG_FONT_CELL);
  st.colour = cv->th->role[HG_C_TEXT];
  st.align = PANGO_ALIGN_CENTER;
  st.max_lines = 2;
  st.max_width = fmin(90, fmax(24, plot.w / (double)s->n - 4));
  bool numbered = !labels_fit(cv, &st, s, ax, ay, plot, sii, false);
  if (numbered && !labels_fit(cv, &st, s, ax, ay, plot, sii, true))
    return; /* not even numbers fit: the footnote names the groups */
  char b[32];
  for (size_t i = 0; i < s->n; i++) {
    const hg_chart_point *p = &s->pts[i];
    if (!p->label || !isfinite(p->x) || !isfinite(p->value))
      continue;
    const char *t = label_text(p, i, numbered, b, sizeof b);
    hg_rect r = label_box(cv, &st, p, t, ax, ay, plot);
    hg_text_style one = st;
    one.max_width = r.w + 1; /* the box drawn is the ink */
    hg_text(cv, &one, t, r.x + r.w / 2, r.y, 0.5, 0);
  }
}

/* SII and RII, with their intervals where known, in the top corner that the
 * line leaves free. */
static hg_rect gradient_sii_text(hg_canvas *cv, const hg_chart_spec *spec, hg_rect plot,
                                 bool band) {
  char t[256], b1[32], b2[32], b3[32];
  double b = spec->fit.slope, rii = spec->fit.rii;
  int d = hg_spec_auto_decimals(spec);
  GString *g = g_string_new(NULL);
  g_string_append_printf(g, "SII %s", hg_chart_format(b, d, b1, sizeof b1));
  if (band)
    g_string_append_printf(g, " (95%% CI %s to %s)",
                           hg_chart_format(spec->fit.slope_lower, d, b2, sizeof b2),
                           hg_chart_format(spec->fit.slope_upper, d, b3, sizeof b3));
  if (isfinite(rii)) {
    g_string_append_printf(g, "\nRII %.3f", rii);
    if (isfinite(spec->fit.rii_lower) && isfinite(spec->fit.rii_upper))
      g_string_append_printf(g, " (95%% CI %.3f to %.3f)", spec->fit.rii_lower,
                             spec->fit.rii_upper);
  }
  snprintf(t, sizeof t, "%s", g->str);
  g_string_free(g, TRUE);
  hg_text_style st = hg_style(cv, HG_FONT_AXIS);
  bool rising = b > 0;
  return hg_text(cv, &st, t, rising ? plot.x + 6 : plot.x + plot.w - 6, plot.y + 4, rising ? 0 : 1,
                 0);
}

hg_status hg_draw_gradient(hg_canvas *cv, const hg_chart_spec *spec) {
  const hg_chart_series *s = &spec->series[0];
  if (s->n == 0)
    return HG_ERR_INVALID;
  double a = spec->fit.intercept, b = spec->fit.slope;
  bool fit = spec->fit.present;
  bool band = fit && isfinite(spec->fit.slope_lower) && isfinite(spec->fit.slope_upper);
  gradient_notes(cv, spec, band);
  double lo, hi, ly;
  gradient_range(spec, &lo, &hi);
  hg_legend_item items[3] = {{"Quantile value", cv->th->role[HG_C_AREA_LINE], 2},
                             {"SII line", cv->th->role[HG_C_REGRESSION], 1},
                             {"95% CI of the SII", cv->th->role[HG_C_BAND], 0}};
  hg_axis ay, ax = {0};
  double xh = cv->th->font_pt[HG_FONT_TICK] * 1.3 + 6;
  hg_rect plot =
      hg_xy_layout(cv, spec, items, band ? 3 : 2, &ay, lo, hi, spec->include_zero, xh, &ly);
  hg_axis_fit(&ax, 0, 1, plot.w, 70, false);
  ax.lo = 0;
  ax.hi = 1;
  hg_plot_x_axis(cv, &ax, plot, false);
  if (band)
    gradient_band(cv, spec, &ax, &ay);
  if (fit)
    hg_line(cv, ax.p0, hg_axis_map(&ay, a), ax.p1, hg_axis_map(&ay, a + b), 1.5,
            cv->th->role[HG_C_REGRESSION]);
  cairo_restore(cv->cr); /* ends hg_plot_x_axis's clip */
  gradient_points(cv, s, &ax, &ay);
  hg_rect sii = {0, 0, 0, 0};
  if (fit)
    sii = gradient_sii_text(cv, spec, plot, band);
  gradient_labels(cv, s, &ax, &ay, plot, sii);
  hg_legend(cv, items, band ? 3 : 2, plot.x, ly, plot.w, true);
  hg_frame_footer(cv, spec, NULL);
  return HG_OK;
}
