/* trends.c: value over time (Fingertips' trends chart): the area's line with
 * markers filled by each period's significance and 95% CI whiskers, England and
 * London as comparator lines.  Periods are categories in the order of the first
 * series (the caller sorts by period_sortable). Also the shared period axis. */
#include "internal.h"

#include <string.h>

/* Index of a period label in the first series, -1 if absent. */
int hg_period_index(const hg_chart_spec *spec, const char *label);
int hg_period_index(const hg_chart_spec *spec, const char *label) {
  const hg_chart_series *s = &spec->series[0];
  for (size_t i = 0; i < s->n; i++)
    if (label && s->pts[i].label && strcmp(s->pts[i].label, label) == 0)
      return (int)i;
  return -1;
}

/* Period labels under the plot, every k-th label so that none touch (GOffice's
 * stride rule); returns the label height. */
double hg_period_axis(hg_canvas *cv, const hg_chart_series *s, hg_rect plot, bool draw);
double hg_period_axis(hg_canvas *cv, const hg_chart_series *s, hg_rect plot, bool draw) {
  hg_text_style st = hg_style(cv, HG_FONT_TICK);
  double slot = plot.w / (double)(s->n ? s->n : 1), maxw = 0, h = 0;
  for (size_t i = 0; i < s->n; i++) {
    double w;
    hg_text_size(cv, &st, s->pts[i].label, &w, &h);
    maxw = fmax(maxw, w);
  }
  size_t stride = 1;
  while (stride < s->n && maxw + 6 > slot * stride)
    stride++;
  if (draw) {
    for (size_t i = 0; i < s->n; i += stride) {
      double x = plot.x + (i + 0.5) * slot;
      hg_line(cv, x, plot.y + plot.h, x, plot.y + plot.h + 3, 0.5, cv->th->role[HG_C_AXIS]);
      hg_text(cv, &st, s->pts[i].label, x, plot.y + plot.h + 5, 0.5, 0);
    }
    hg_line(cv, plot.x, plot.y + plot.h, plot.x + plot.w, plot.y + plot.h, 0.75,
            cv->th->role[HG_C_AXIS]);
  }
  return h + 5;
}

/* Standard Cartesian layout: header, legend, footer, y axis title and labels. */
hg_rect hg_xy_layout(hg_canvas *cv, const hg_chart_spec *spec, const hg_legend_item *items,
                     size_t ni, hg_axis *ay, double ylo, double yhi, bool zero, double x_axis_h,
                     double *legend_y);
hg_rect hg_xy_layout(hg_canvas *cv, const hg_chart_spec *spec, const hg_legend_item *items,
                     size_t ni, hg_axis *ay, double ylo, double yhi, bool zero, double x_axis_h,
                     double *legend_y) {
  hg_rect body = hg_frame_header(cv, spec);
  double foot = hg_frame_footer_height(cv, spec, 0);
  double leg_h = ni ? hg_legend(cv, items, ni, body.x, 0, body.w, false) + 8 : 0;
  double xt = spec->x_label ? cv->th->font_pt[HG_FONT_AXIS] * 1.3 + 4 : 0;
  hg_rect plot = body;
  plot.h = body.h - foot - leg_h - x_axis_h - xt - 6;
  hg_axis_fit_measured(cv, ay, ylo, yhi, plot.h, 40, zero, false);
  ay->p0 = plot.y + plot.h;
  ay->p1 = plot.y;
  int dec = ay->t.decimals;
  double lw = hg_axis_label_width(cv, ay, dec);
  double yt = spec->y_label ? cv->th->font_pt[HG_FONT_AXIS] * 1.3 + 6 : 0;
  plot.x = body.x + yt + lw + 8;
  plot.w = body.x + body.w - plot.x - 6;
  hg_axis_draw_y(cv, ay, plot, dec, true);
  if (spec->y_label) {
    hg_text_style at = hg_style(cv, HG_FONT_AXIS);
    at.max_width = plot.h;
    at.max_lines = 2;
    at.align = PANGO_ALIGN_CENTER;
    hg_text_up(cv, &at, spec->y_label, body.x + cv->th->font_pt[HG_FONT_AXIS] * 0.7,
               plot.y + plot.h / 2);
  }
  if (spec->x_label) {
    hg_text_style at = hg_style(cv, HG_FONT_AXIS);
    hg_text(cv, &at, spec->x_label, plot.x + plot.w / 2, plot.y + plot.h + x_axis_h + 2, 0.5, 0);
  }
  *legend_y = plot.y + plot.h + x_axis_h + xt + 8;
  hg_mark(cv, HG_MARK_PLOT, plot);
  return plot;
}

static hg_rgb series_colour(hg_canvas *cv, hg_role r) {
  return r == HG_ROLE_ENGLAND  ? cv->th->role[HG_C_ENGLAND]
         : r == HG_ROLE_LONDON ? cv->th->role[HG_C_LONDON]
                               : cv->th->role[HG_C_AREA_LINE];
}

/* A line per series (up to 6), then the significance classes of the area's
 * periods, in the order of the classes with "not compared" last. */
static size_t trends_legend_items(hg_canvas *cv, const hg_chart_spec *spec,
                                  hg_legend_item items[12]) {
  const hg_chart_series *s0 = &spec->series[0];
  size_t ni = 0;
  for (size_t s = 0; s < spec->nseries && ni < 6; s++)
    items[ni++] = (hg_legend_item){spec->series[s].name ? spec->series[s].name : "Area",
                                   series_colour(cv, spec->series[s].role), 1};
  bool seen[HG_CHART_SIG_COUNT] = {0};
  for (size_t i = 0; i < s0->n; i++)
    seen[s0->pts[i].sig] = true;
  for (int g = 1; g < HG_CHART_SIG_COUNT && ni < 12; g++)
    if (seen[g])
      items[ni++] = (hg_legend_item){hg_chart_sig_label((hg_chart_sig)g), cv->th->sig[g], 2};
  if (seen[0] && ni < 12)
    items[ni++] = (hg_legend_item){hg_chart_sig_label(HG_CHART_SIG_NONE), cv->th->sig[0], 2};
  return ni;
}

/* The periods' slots across the plot and the value axis, shared by every series. */
typedef struct trends_grid {
  hg_rect plot;
  double slot;
  hg_axis ay;
} trends_grid;

/* The slot of a series' point: its own index in the first series, the index of
 * its period label in the others (-1 for a period the first series lacks). */
static int trends_slot(const hg_chart_spec *spec, size_t s, size_t i) {
  return s == 0 ? (int)i : hg_period_index(spec, spec->series[s].pts[i].label);
}

/* Series s's line, broken at periods without a value. */
static void trends_line(hg_canvas *cv, const hg_chart_spec *spec, const trends_grid *g, size_t s) {
  const hg_chart_series *se = &spec->series[s];
  bool area = se->role == HG_ROLE_AREA;
  bool pen = false;
  cairo_new_path(cv->cr);
  for (size_t i = 0; i < se->n; i++) {
    int k = trends_slot(spec, s, i);
    if (k < 0 || !isfinite(se->pts[i].value)) {
      pen = false;
      continue;
    }
    double x = g->plot.x + (k + 0.5) * g->slot, y = hg_axis_map(&g->ay, se->pts[i].value);
    if (pen)
      cairo_line_to(cv->cr, x, y);
    else
      cairo_move_to(cv->cr, x, y);
    pen = true;
  }
  hg_set(cv, series_colour(cv, se->role));
  cairo_set_line_width(cv->cr, area ? 2 : 1.5);
  cairo_stroke(cv->cr);
}

/* Series s's markers: the area's filled by significance with their 95% CI
 * whiskers, a comparator's small and in its line's colour. */
static void trends_markers(hg_canvas *cv, const hg_chart_spec *spec, const trends_grid *g,
                           size_t s) {
  const hg_chart_series *se = &spec->series[s];
  bool area = se->role == HG_ROLE_AREA;
  hg_rgb c = series_colour(cv, se->role);
  for (size_t i = 0; i < se->n; i++) {
    const hg_chart_point *p = &se->pts[i];
    int k = trends_slot(spec, s, i);
    if (k < 0 || !isfinite(p->value))
      continue;
    double x = g->plot.x + (k + 0.5) * g->slot;
    if (area && isfinite(p->lower) && isfinite(p->upper)) {
      double a = hg_axis_map(&g->ay, p->lower), b = hg_axis_map(&g->ay, p->upper);
      hg_rgb wc = cv->th->role[HG_C_AXIS];
      hg_line(cv, x, a, x, b, 0.8, wc);
      hg_line(cv, x - 3, a, x + 3, a, 0.8, wc);
      hg_line(cv, x - 3, b, x + 3, b, 0.8, wc);
      hg_mark(cv, HG_MARK_WHISKER, (hg_rect){x - 3, fmin(a, b), 6, fabs(b - a)});
    }
    hg_rgb fill = area ? cv->th->sig[p->sig] : c;
    double y = hg_axis_map(&g->ay, p->value);
    hg_marker(cv, x, y, area ? 4 : 2.5, 0, fill, cv->th->role[HG_C_AXIS]);
    hg_hit_rect(cv, (hg_rect){x - 5, y - 5, 10, 10}, p, se->name);
  }
}

hg_status hg_draw_trends(hg_canvas *cv, const hg_chart_spec *spec) {
  const hg_chart_series *s0 = &spec->series[0];
  if (s0->n == 0)
    return HG_ERR_INVALID;
  bool has_london = false;
  for (size_t s = 0; s < spec->nseries; s++)
    has_london |= spec->series[s].role == HG_ROLE_LONDON;
  if (!hg_spec_has_limits(spec, HG_ROLE_AREA))
    hg_note(cv, "No confidence limits in the data: none drawn.");
  if (!has_london)
    hg_note(cv, "No London value in the data.");
  hg_legend_item items[12];
  size_t ni = trends_legend_items(cv, spec, items);

  double lo, hi, ly;
  hg_spec_range(spec, true, &lo, &hi);
  trends_grid g;
  double xh = hg_period_axis(cv, s0, (hg_rect){0, 0, cv->w * 0.8, 0}, false);
  g.plot = hg_xy_layout(cv, spec, items, ni, &g.ay, lo, hi, spec->include_zero, xh, &ly);
  hg_period_axis(cv, s0, g.plot, true);
  g.slot = g.plot.w / (double)s0->n;
  /* comparators first, the area on top */
  for (int pass = 0; pass < 2; pass++)
    for (size_t s = 0; s < spec->nseries; s++) {
      if ((pass == 0) == (spec->series[s].role == HG_ROLE_AREA))
        continue;
      trends_line(cv, spec, &g, s);
      trends_markers(cv, spec, &g, s);
    }
  hg_legend(cv, items, ni, g.plot.x, ly, g.plot.w, true);
  hg_frame_footer(cv, spec, NULL);
  return HG_OK;
}
