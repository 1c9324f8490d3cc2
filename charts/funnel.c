/* funnel.c: funnel plot (docs/charts.md): x = denominator, y = value,
 * the comparator line and 95% / 99.8% control limits given as any number of
 * series of role HG_ROLE_LIMIT95 / HG_ROLE_LIMIT998 (x, lower, upper; a side
 * that is NAN is not drawn, so rate and ratio limits, whose two sides sit at
 * different x, come as one series per side), points filled by significance.
 * Limits are drawn only if the spec carries them. */
#include "internal.h"

static void limit_curve(hg_canvas *cv, const hg_chart_series *s, const hg_axis *ax,
                        const hg_axis *ay, bool upper, hg_rgb c, double width) {
  bool pen = false;
  cairo_new_path(cv->cr);
  for (size_t i = 0; i < s->n; i++) {
    double v = upper ? s->pts[i].upper : s->pts[i].lower;
    if (!isfinite(v) || !isfinite(s->pts[i].x)) {
      pen = false;
      continue;
    }
    double x = hg_axis_map(ax, s->pts[i].x), y = hg_axis_map(ay, v);
    pen ? cairo_line_to(cv->cr, x, y) : cairo_move_to(cv->cr, x, y);
    pen = true;
  }
  hg_set(cv, c);
  cairo_set_line_width(cv->cr, width);
  cairo_stroke(cv->cr);
}

static hg_rgb ref_colour(const hg_canvas *cv, const hg_chart_refline *r) {
  return cv->th->role[r->role == HG_ROLE_LONDON ? HG_C_LONDON : HG_C_ENGLAND];
}

/* The data range: x from 0 to the largest denominator, y over the points, the
 * limits beside them and the comparators; false if nothing can be placed. */
static bool funnel_range(const hg_chart_spec *spec, const hg_chart_series *pts, double *xhi,
                         double *ylo, double *yhi) {
  double xmin = INFINITY;
  *xhi = -INFINITY;
  *ylo = INFINITY;
  *yhi = -INFINITY;
  for (size_t i = 0; i < pts->n; i++)
    if (isfinite(pts->pts[i].x) && isfinite(pts->pts[i].value))
      xmin = fmin(xmin, pts->pts[i].x);
  for (size_t s = 0; s < spec->nseries; s++)
    for (size_t i = 0; i < spec->series[s].n; i++) {
      const hg_chart_point *p = &spec->series[s].pts[i];
      /* limits near x = 1 span 0..100%: only the part beside the points sets the
       * y range (the rest is clipped) */
      if (!isfinite(p->x) || (spec->series[s].role != pts->role && p->x < 0.5 * xmin))
        continue;
      double v[3] = {p->value, p->lower, p->upper};
      bool lim =
          spec->series[s].role == HG_ROLE_LIMIT95 || spec->series[s].role == HG_ROLE_LIMIT998;
      for (int k = lim ? 1 : 0; k < (lim ? 3 : 1); k++)
        if (isfinite(v[k])) {
          *ylo = fmin(*ylo, v[k]);
          *yhi = fmax(*yhi, v[k]);
          *xhi = fmax(*xhi, p->x);
        }
    }
  for (size_t r = 0; r < spec->nrefs; r++)
    if (isfinite(spec->refs[r].value)) {
      *ylo = fmin(*ylo, spec->refs[r].value);
      *yhi = fmax(*yhi, spec->refs[r].value);
    }
  return isfinite(*ylo) && isfinite(*xhi);
}

/* The comparators as horizontal lines, then every limit series' two curves:
 * 99.8% first, 95% drawn over it. */
static void funnel_lines(hg_canvas *cv, const hg_chart_spec *spec, const hg_axis *ax,
                         const hg_axis *ay, hg_rect plot) {
  for (size_t r = 0; r < spec->nrefs; r++)
    if (isfinite(spec->refs[r].value)) {
      double y = hg_axis_map(ay, spec->refs[r].value);
      hg_line(cv, plot.x, y, plot.x + plot.w, y, 1, ref_colour(cv, &spec->refs[r]));
    }
  for (int pass = 0; pass < 2; pass++)
    for (size_t s = 0; s < spec->nseries; s++) {
      const hg_chart_series *se = &spec->series[s];
      if (se->role != (pass ? HG_ROLE_LIMIT95 : HG_ROLE_LIMIT998))
        continue;
      hg_rgb c = cv->th->role[pass ? HG_C_LIMIT95 : HG_C_LIMIT998];
      limit_curve(cv, se, ax, ay, false, c, 1.2);
      limit_curve(cv, se, ax, ay, true, c, 1.2);
    }
}

hg_status hg_draw_funnel(hg_canvas *cv, const hg_chart_spec *spec) {
  const hg_chart_series *pts = NULL, *l95 = NULL, *l998 = NULL;
  for (size_t s = 0; s < spec->nseries; s++) {
    const hg_chart_series *se = &spec->series[s];
    if (se->role == HG_ROLE_LIMIT95)
      l95 = se;
    else if (se->role == HG_ROLE_LIMIT998)
      l998 = se;
    else if (!pts)
      pts = se;
  }
  if (!pts)
    return HG_ERR_INVALID;
  if (!l95 && !l998)
    hg_note(cv, "No control limits given: none drawn.");
  double xlo = 0, xhi, ylo, yhi, ly;
  if (!funnel_range(spec, pts, &xhi, &ylo, &yhi))
    return HG_ERR_INVALID;
  hg_legend_item items[16];
  size_t ni = hg_chart_sig_legend(cv, spec, items, 10);
  if (l95)
    items[ni++] = (hg_legend_item){"95.0% Confidence", cv->th->role[HG_C_LIMIT95], 1};
  if (l998)
    items[ni++] = (hg_legend_item){"99.8% Confidence", cv->th->role[HG_C_LIMIT998], 1};
  for (size_t r = 0; r < spec->nrefs && ni < 16; r++)
    items[ni++] = (hg_legend_item){spec->refs[r].label, ref_colour(cv, &spec->refs[r]), 1};
  hg_axis ay, ax;
  double xh = cv->th->font_pt[HG_FONT_TICK] * 1.3 + 6;
  hg_rect plot = hg_xy_layout(cv, spec, items, ni, &ay, ylo, yhi, false, xh, &ly);
  hg_axis_fit_measured(cv, &ax, xlo, xhi, plot.w, 70, true, true);
  hg_plot_x_axis(cv, &ax, plot, false);
  funnel_lines(cv, spec, &ax, &ay, plot);
  cairo_restore(cv->cr); /* ends hg_plot_x_axis's clip: the points are drawn whole */
  hg_rgb black = {0, 0, 0};
  for (size_t i = 0; i < pts->n; i++) {
    const hg_chart_point *p = &pts->pts[i];
    if (!isfinite(p->x) || !isfinite(p->value))
      continue;
    hg_marker(cv, hg_axis_map(&ax, p->x), hg_axis_map(&ay, p->value), 4, 0, cv->th->sig[p->sig],
              black);
  }
  hg_legend(cv, items, ni, plot.x, ly, plot.w, true);
  hg_frame_footer(cv, spec, NULL);
  return HG_OK;
}
