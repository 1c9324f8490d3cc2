/* scatter.c: two indicators, one point per area (Fingertips' compare indicators), the
 * selected area as a black diamond, the least-squares line and R² shown only
 * when R² > 0.15 (as Fingertips does). */
#include "internal.h"

#include <string.h>

hg_status hg_draw_scatter(hg_canvas *cv, const hg_chart_spec *spec) {
  const hg_chart_series *s = &spec->series[0];
  double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY, ly;
  size_t missing = 0;
  for (size_t i = 0; i < s->n; i++) {
    if (!isfinite(s->pts[i].x) || !isfinite(s->pts[i].value)) {
      missing++;
      continue;
    }
    xlo = fmin(xlo, s->pts[i].x);
    xhi = fmax(xhi, s->pts[i].x);
    ylo = fmin(ylo, s->pts[i].value);
    yhi = fmax(yhi, s->pts[i].value);
  }
  if (!isfinite(xlo))
    return HG_ERR_INVALID;
  double a = spec->fit.intercept, b = spec->fit.slope, r2 = spec->fit.r2;
  bool fit = spec->fit.present; /* the builder's least-squares line */
  if (missing)
    hg_note(cv, "%zu area%s without both values not shown.", missing, missing == 1 ? "" : "s");
  char r2txt[96] = "";
  if (fit && r2 > 0.15)
    snprintf(r2txt, sizeof r2txt, "R\xC2\xB2 = %.2f", r2);
  else if (fit)
    snprintf(r2txt, sizeof r2txt, "R\xC2\xB2 below 0.15: line not displayed");
  hg_legend_item items[3] = {{"Area", cv->th->role[HG_C_AREA_LINE], 2},
                             {"Least-squares line", cv->th->role[HG_C_REGRESSION], 1}};
  hg_axis ay, ax;
  double xh = cv->th->font_pt[HG_FONT_TICK] * 1.3 + 6;
  hg_rect plot = hg_xy_layout(cv, spec, items, 2, &ay, ylo, yhi, false, xh, &ly);
  hg_axis_fit_measured(cv, &ax, xlo, xhi, plot.w, 70, false, true);
  hg_plot_x_axis(cv, &ax, plot, true);
  if (fit && r2 > 0.15)
    hg_line(cv, ax.p0, hg_axis_map(&ay, a + b * ax.lo), ax.p1, hg_axis_map(&ay, a + b * ax.hi), 1.5,
            cv->th->role[HG_C_REGRESSION]);
  const hg_chart_point *hl = NULL;
  for (size_t i = 0; i < s->n; i++) {
    const hg_chart_point *p = &s->pts[i];
    if (!isfinite(p->x) || !isfinite(p->value))
      continue;
    if (spec->highlight && p->code && strcmp(spec->highlight, p->code) == 0) {
      hl = p;
      continue;
    }
    hg_marker(cv, hg_axis_map(&ax, p->x), hg_axis_map(&ay, p->value), 3.5, 0,
              cv->th->role[HG_C_AREA_LINE], cv->th->role[HG_C_AXIS]);
  }
  cairo_restore(cv->cr);
  if (hl) {
    hg_rgb black = {0, 0, 0};
    double x = hg_axis_map(&ax, hl->x), y = hg_axis_map(&ay, hl->value);
    hg_marker(cv, x, y, 4, 1, black, black);
    hg_text_style t = hg_style(cv, HG_FONT_TICK);
    t.colour = black;
    hg_text(cv, &t, hl->label, x + (x > plot.x + plot.w * 0.7 ? -7 : 7), y,
            x > plot.x + plot.w * 0.7 ? 1 : 0, 0.5);
  }
  if (*r2txt) {
    hg_text_style t = hg_style(cv, HG_FONT_TICK);
    hg_text(cv, &t, r2txt, plot.x + plot.w - 4, plot.y + 2, 1, 0);
  }
  hg_legend(cv, items, 2, plot.x, ly, plot.w, true);
  hg_frame_footer(cv, spec, NULL);
  return HG_OK;
}
