/* boxplot.c: one box per period (as Fingertips' box plots): whiskers P5..P95,
 * box P25..P75, median line; stats[] of each point hold the five numbers. */
#include "internal.h"

hg_status hg_draw_boxplot(hg_canvas *cv, const hg_chart_spec *spec) {
  const hg_chart_series *s = &spec->series[0];
  if (s->n == 0)
    return HG_ERR_INVALID;
  double lo = INFINITY, hi = -INFINITY, ly;
  for (size_t i = 0; i < s->n; i++)
    for (int k = 0; k < 5; k++)
      if (isfinite(s->pts[i].stats[k])) {
        lo = fmin(lo, s->pts[i].stats[k]);
        hi = fmax(hi, s->pts[i].stats[k]);
      }
  for (size_t r = 0; r < spec->nrefs; r++)
    if (isfinite(spec->refs[r].value)) {
      lo = fmin(lo, spec->refs[r].value);
      hi = fmax(hi, spec->refs[r].value);
    }
  hg_legend_item items[3] = {{"P25 to P75", cv->th->role[HG_C_BOX], 0},
                             {"Median", cv->th->role[HG_C_MEDIAN], 1},
                             {"P5 to P95", cv->th->role[HG_C_AXIS], 1}};
  hg_axis ay;
  double xh = hg_period_axis(cv, s, (hg_rect){0, 0, cv->w * 0.8, 0}, false);
  hg_rect plot = hg_xy_layout(cv, spec, items, 3, &ay, lo, hi, spec->include_zero, xh, &ly);
  hg_period_axis(cv, s, plot, true);
  double slot = plot.w / (double)s->n;
  hg_rgb line = {0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0};
  for (size_t i = 0; i < s->n; i++) {
    const double *q = s->pts[i].stats;
    if (!isfinite(q[1]) || !isfinite(q[3]))
      continue;
    double x = plot.x + (i + 0.5) * slot, bw = fmin(slot * 0.5, 40);
    if (isfinite(q[0]) && isfinite(q[4])) {
      hg_line(cv, x, hg_axis_map(&ay, q[0]), x, hg_axis_map(&ay, q[1]), 0.8, line);
      hg_line(cv, x, hg_axis_map(&ay, q[3]), x, hg_axis_map(&ay, q[4]), 0.8, line);
      hg_line(cv, x - bw / 4, hg_axis_map(&ay, q[0]), x + bw / 4, hg_axis_map(&ay, q[0]), 0.8,
              line);
      hg_line(cv, x - bw / 4, hg_axis_map(&ay, q[4]), x + bw / 4, hg_axis_map(&ay, q[4]), 0.8,
              line);
      double w0 = hg_axis_map(&ay, q[4]), w1 = hg_axis_map(&ay, q[0]);
      hg_mark(cv, HG_MARK_WHISKER, (hg_rect){x - bw / 4, fmin(w0, w1), bw / 2, fabs(w1 - w0)});
    }
    double y1 = hg_axis_map(&ay, q[3]), y0 = hg_axis_map(&ay, q[1]);
    hg_fill_rect(cv, (hg_rect){x - bw / 2, y1, bw, y0 - y1}, cv->th->role[HG_C_BOX], &line);
    hg_mark(cv, HG_MARK_BAR, (hg_rect){x - bw / 2, fmin(y0, y1), bw, fabs(y0 - y1)});
    if (isfinite(q[2]))
      hg_line(cv, x - bw / 2, hg_axis_map(&ay, q[2]), x + bw / 2, hg_axis_map(&ay, q[2]), 1.5,
              cv->th->role[HG_C_MEDIAN]);
  }
  hg_legend(cv, items, 3, plot.x, ly, plot.w, true);
  hg_frame_footer(cv, spec, NULL);
  return HG_OK;
}
