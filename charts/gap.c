/* gap.c: a gap or SII per period with its limits, a zero line and the trend
 * label (e.g. "Gap widening").  Periods are categories in series order. */
#include "internal.h"

static bool hits(hg_rect a, hg_rect b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/* What the plot holds at each point: its whisker (or marker) and value label. */
static hg_rect point_box(const hg_axis *ay, const hg_chart_point *p, double x, double vw,
                         double vh) {
  double y = hg_axis_map(ay, p->value);
  double top = y - 4 - vh, bottom = y + 4;
  if (isfinite(p->lower) && isfinite(p->upper)) {
    top = fmin(top, fmin(hg_axis_map(ay, p->lower), hg_axis_map(ay, p->upper)));
    bottom = fmax(bottom, fmax(hg_axis_map(ay, p->lower), hg_axis_map(ay, p->upper)));
  }
  return (hg_rect){x - 4, top, 4 + 5 + vw, bottom - top};
}

/* The trend label's place: a corner of the plot that no point, whisker or
 * value label reaches (top right first), else under the plot's top left.
 * Returns false when no corner is free: the label then goes under the legend. */
static bool trend_place(hg_canvas *cv, const hg_chart_spec *spec, const hg_axis *ay, hg_rect plot,
                        double tw, double th, hg_rect *out) {
  const hg_chart_series *s = &spec->series[0];
  double slot = plot.w / (double)s->n;
  hg_rect corners[4] = {{plot.x + plot.w - 6 - tw, plot.y + 1, tw + 4, th + 2},
                        {plot.x + 4, plot.y + 1, tw + 4, th + 2},
                        {plot.x + plot.w - 6 - tw, plot.y + plot.h - th - 3, tw + 4, th + 2},
                        {plot.x + 4, plot.y + plot.h - th - 3, tw + 4, th + 2}};
  hg_text_style vt = hg_style(cv, HG_FONT_CELL);
  char b[64];
  for (int c = 0; c < 4; c++) {
    bool free = true;
    for (size_t i = 0; i < s->n && free; i++) {
      const hg_chart_point *p = &s->pts[i];
      if (!isfinite(p->value))
        continue;
      double vw = 0, vh = 0;
      if (slot > 26)
        hg_text_size(cv, &vt, hg_chart_format(p->value, hg_spec_auto_decimals(spec), b, sizeof b),
                     &vw, &vh);
      free = !hits(corners[c], point_box(ay, p, plot.x + (i + 0.5) * slot, vw, vh));
    }
    double zero = hg_axis_map(ay, 0);
    if (free && ay->lo < 0 && ay->hi > 0 && zero > corners[c].y &&
        zero < corners[c].y + corners[c].h)
      free = false; /* nor across the zero line */
    if (free) {
      *out = corners[c];
      return true;
    }
  }
  return false;
}

hg_status hg_draw_gap(hg_canvas *cv, const hg_chart_spec *spec) {
  const hg_chart_series *s = &spec->series[0];
  if (s->n == 0)
    return HG_ERR_INVALID;
  if (!hg_spec_has_limits(spec, HG_ROLE_AREA))
    hg_note(cv, "No confidence limits in the data: none drawn.");
  double lo, hi, ly;
  hg_spec_range(spec, true, &lo, &hi);
  hg_axis ay;
  hg_legend_item items[HG_CHART_SIG_COUNT + 2] = {
      {s->name ? s->name : "Gap", cv->th->role[HG_C_AREA_LINE], 1}};
  size_t ni = 1;
  bool seen[HG_CHART_SIG_COUNT] = {0};
  for (size_t i = 0; i < s->n; i++)
    if (isfinite(s->pts[i].value))
      seen[s->pts[i].sig] = true;
  for (int g = 1; g < HG_CHART_SIG_COUNT; g++) /* marker colours named, never colour alone */
    if (seen[g])
      items[ni++] = (hg_legend_item){hg_chart_sig_label((hg_chart_sig)g), cv->th->sig[g], 2};
  if (seen[0] && ni > 1)
    items[ni++] = (hg_legend_item){hg_chart_sig_label(HG_CHART_SIG_NONE), cv->th->sig[0], 2};
  /* the trend label is measured as a last legend entry (text only), so that
   * the layout has room for it there when no corner of the plot is free */
  bool trend = spec->trend_label && *spec->trend_label;
  if (trend)
    items[ni] = (hg_legend_item){spec->trend_label, cv->th->role[HG_C_TEXT], 3};
  double xh = hg_period_axis(cv, s, (hg_rect){0, 0, cv->w * 0.8, 0}, false);
  hg_rect plot = hg_xy_layout(cv, spec, items, ni + trend, &ay, lo, hi, true, xh, &ly);
  hg_period_axis(cv, s, plot, true);
  double slot = plot.w / (double)s->n;
  if (ay.lo < 0 && ay.hi > 0)
    hg_line(cv, plot.x, hg_axis_map(&ay, 0), plot.x + plot.w, hg_axis_map(&ay, 0), 1,
            cv->th->role[HG_C_AXIS]);
  hg_rgb c = cv->th->role[HG_C_AREA_LINE], edge = cv->th->role[HG_C_AXIS];
  /* the limits as a band, then the line and markers */
  cairo_new_path(cv->cr);
  bool pen = false;
  for (size_t i = 0; i < s->n; i++) {
    const hg_chart_point *p = &s->pts[i];
    if (!isfinite(p->value)) {
      pen = false;
      continue;
    }
    double x = plot.x + (i + 0.5) * slot, y = hg_axis_map(&ay, p->value);
    pen ? cairo_line_to(cv->cr, x, y) : cairo_move_to(cv->cr, x, y);
    pen = true;
  }
  hg_set(cv, c);
  cairo_set_line_width(cv->cr, 2);
  cairo_stroke(cv->cr);
  char b[64];
  hg_text_style vt = hg_style(cv, HG_FONT_CELL);
  for (size_t i = 0; i < s->n; i++) {
    const hg_chart_point *p = &s->pts[i];
    if (!isfinite(p->value))
      continue;
    double x = plot.x + (i + 0.5) * slot, y = hg_axis_map(&ay, p->value);
    if (isfinite(p->lower) && isfinite(p->upper)) {
      double a = hg_axis_map(&ay, p->lower), bb = hg_axis_map(&ay, p->upper);
      hg_line(cv, x, a, x, bb, 0.8, edge);
      hg_line(cv, x - 3, a, x + 3, a, 0.8, edge);
      hg_line(cv, x - 3, bb, x + 3, bb, 0.8, edge);
      hg_mark(cv, HG_MARK_WHISKER, (hg_rect){x - 3, fmin(a, bb), 6, fabs(bb - a)});
    }
    hg_marker(cv, x, y, 3.5, 0, cv->th->sig[p->sig == HG_CHART_SIG_NONE ? 0 : p->sig], edge);
    hg_hit_rect(cv, (hg_rect){x - 5, y - 5, 10, 10}, p, NULL);
    if (slot > 26)
      hg_text(cv, &vt, hg_chart_format(p->value, hg_spec_auto_decimals(spec), b, sizeof b), x + 5,
              y - 3, 0, 1);
  }
  if (trend) {
    hg_text_style tt = hg_style(cv, HG_FONT_AXIS);
    tt.bold = true;
    /* in a corner of the plot that no point or whisker reaches, on a white
     * box over the grid; else in the legend (never on the data) */
    double tw, th;
    hg_text_size(cv, &tt, spec->trend_label, &tw, &th);
    hg_rect r;
    if (trend_place(cv, spec, &ay, plot, tw, th, &r)) {
      hg_fill_rect(cv, r, (hg_rgb){1, 1, 1}, NULL);
      hg_text(cv, &tt, spec->trend_label, r.x + 2, r.y + 1, 0, 0);
      trend = false;
    }
  }
  hg_legend(cv, items, ni + trend, plot.x, ly, plot.w, true);
  hg_frame_footer(cv, spec, NULL);
  return HG_OK;
}
