/* pyramid.c: population pyramid (Fingertips' population chart): per cent of the
 * population per age band, males left and females right as bars for the area,
 * comparators (role England/London) as lines.  Series whose name starts with
 * "Male" go left; the age bands are those of the first series, youngest first. */
#include "internal.h"

#include <string.h>

static bool is_male(const hg_chart_series *s) {
  return s->name && g_ascii_strncasecmp(s->name, "male", 4) == 0;
}
static bool contains_male(const hg_chart_series *s) {
  return s->name && (is_male(s) || strstr(s->name, " Male") || strstr(s->name, " male"));
}

/* The pyramid as laid out: the plot, its centre line, the gutter for the age
 * labels and the width of each half, the height of an age band, the axis of
 * per cents shared by both halves, and the tick style. */
typedef struct pyramid {
  hg_rect plot;
  double cx, gutter, half, row;
  hg_axis ax;
  hg_text_style st;
} pyramid;

/* The largest share in any series: both halves' axes end there. */
static double pyramid_max(const hg_chart_spec *spec) {
  double vmax = 0;
  for (size_t s = 0; s < spec->nseries; s++)
    for (size_t i = 0; i < spec->series[s].n; i++)
      if (isfinite(spec->series[s].pts[i].value))
        vmax = fmax(vmax, fabs(spec->series[s].pts[i].value));
  return vmax;
}

/* Male and Female, then a line for each comparator (named once, by its
 * non-male series). */
static size_t pyramid_legend_items(hg_canvas *cv, const hg_chart_spec *spec,
                                   hg_legend_item items[6]) {
  size_t ni = 0;
  items[ni++] = (hg_legend_item){"Male", cv->th->role[HG_C_MALE], 0};
  items[ni++] = (hg_legend_item){"Female", cv->th->role[HG_C_FEMALE], 0};
  for (size_t s = 0; s < spec->nseries && ni < 4; s++)
    if (spec->series[s].role != HG_ROLE_AREA && !contains_male(&spec->series[s]))
      items[ni++] =
          (hg_legend_item){spec->series[s].role == HG_ROLE_LONDON ? "London" : "England",
                           spec->series[s].role == HG_ROLE_LONDON ? cv->th->role[HG_C_LONDON]
                                                                  : cv->th->role[HG_C_ENGLAND],
                           1};
  return ni;
}

/* Both halves' grid lines, tick labels and axis lines, outwards from the
 * gutter, then the axis label under the centre. */
static void pyramid_axes(hg_canvas *cv, const hg_chart_spec *spec, const pyramid *py, double xh) {
  const hg_rect plot = py->plot;
  const hg_axis *ax = &py->ax;
  char b[32];
  for (int side = 0; side < 2; side++) {
    double sgn = side == 0 ? -1 : 1, x0 = py->cx + sgn * py->gutter / 2;
    for (int i = 0; i < ax->t.n; i++) {
      double v = ax->t.lmin + i * ax->t.step;
      if (v > ax->hi + 1e-9)
        continue;
      double x = x0 + sgn * v / ax->hi * py->half;
      hg_line(cv, x, plot.y, x, plot.y + plot.h, 0.5, cv->th->role[HG_C_GRID]);
      hg_text(cv, &py->st, hg_chart_format(v, ax->t.decimals, b, sizeof b), x, plot.y + plot.h + 4,
              0.5, 0);
    }
    hg_line(cv, x0, plot.y + plot.h, x0 + sgn * py->half, plot.y + plot.h, 0.75,
            cv->th->role[HG_C_AXIS]);
  }
  hg_text_style at = hg_style(cv, HG_FONT_AXIS);
  hg_text(cv, &at, spec->x_label ? spec->x_label : "% of total population", py->cx,
          plot.y + plot.h + xh + 2, 0.5, 0);
}

/* An area series: one bar per age band, outwards from the gutter. */
static void pyramid_bars(hg_canvas *cv, const pyramid *py, const hg_chart_series *se, size_t nb,
                         double sgn) {
  double x0 = py->cx + sgn * py->gutter / 2;
  hg_rgb edge = {0, 0, 0};
  hg_rgb fill = sgn < 0 ? cv->th->role[HG_C_MALE] : cv->th->role[HG_C_FEMALE];
  for (size_t i = 0; i < se->n && i < nb; i++) {
    double v = se->pts[i].value;
    if (!isfinite(v))
      continue;
    double cy = py->plot.y + py->plot.h - (i + 0.5) * py->row, len = fabs(v) / py->ax.hi * py->half;
    hg_fill_rect(cv, (hg_rect){sgn < 0 ? x0 - len : x0, cy - py->row * 0.35, len, py->row * 0.7},
                 fill, &edge);
    hg_mark(cv, HG_MARK_BAR,
            (hg_rect){sgn < 0 ? x0 - len : x0, cy - py->row * 0.35, len, py->row * 0.7});
  }
}

/* A comparator: a stepped line over the age bands, broken where a band has no
 * value. */
static void pyramid_line(hg_canvas *cv, const pyramid *py, const hg_chart_series *se, size_t nb,
                         double sgn) {
  double x0 = py->cx + sgn * py->gutter / 2;
  hg_rgb c = se->role == HG_ROLE_LONDON ? cv->th->role[HG_C_LONDON] : cv->th->role[HG_C_ENGLAND];
  cairo_new_path(cv->cr);
  bool pen = false;
  for (size_t i = 0; i < se->n && i < nb; i++) {
    double v = se->pts[i].value;
    if (!isfinite(v)) {
      pen = false;
      continue;
    }
    double x = x0 + sgn * fabs(v) / py->ax.hi * py->half;
    double y0 = py->plot.y + py->plot.h - i * py->row, y1 = y0 - py->row;
    pen ? cairo_line_to(cv->cr, x, y0) : cairo_move_to(cv->cr, x, y0);
    cairo_line_to(cv->cr, x, y1);
    pen = true;
  }
  hg_set(cv, c);
  cairo_set_line_width(cv->cr, 1.5);
  cairo_stroke(cv->cr);
}

hg_status hg_draw_pyramid(hg_canvas *cv, const hg_chart_spec *spec) {
  const hg_chart_series *bands = &spec->series[0];
  size_t nb = bands->n;
  if (nb == 0)
    return HG_ERR_INVALID;
  double vmax = pyramid_max(spec);
  hg_rect body = hg_frame_header(cv, spec);
  hg_legend_item items[6];
  size_t ni = pyramid_legend_items(cv, spec, items);
  double foot = hg_frame_footer_height(cv, spec, 0);
  double leg = hg_legend(cv, items, ni, body.x, 0, body.w, false) + 8;
  double xh = cv->th->font_pt[HG_FONT_TICK] * 1.3 + 6;
  double xt = cv->th->font_pt[HG_FONT_AXIS] * 1.3 + 4;
  pyramid py = {.st = hg_style(cv, HG_FONT_TICK)};
  double lw = 0, w, h;
  for (size_t i = 0; i < nb; i++) {
    hg_text_size(cv, &py.st, bands->pts[i].label, &w, &h);
    lw = fmax(lw, w);
  }
  py.plot = (hg_rect){body.x, body.y, body.w, body.h - foot - leg - xh - xt - 6};
  /* age labels in a central gutter, males left, females right */
  py.gutter = lw + 12;
  py.half = (py.plot.w - py.gutter) / 2;
  hg_axis_fit_measured(cv, &py.ax, 0, vmax, py.half, 60, true, true);
  py.cx = py.plot.x + py.plot.w / 2;
  py.row = py.plot.h / nb;
  hg_mark(cv, HG_MARK_PLOT, py.plot);
  pyramid_axes(cv, spec, &py, xh);
  for (size_t i = 0; i < nb; i++) {
    double cy = py.plot.y + py.plot.h - (i + 0.5) * py.row;
    hg_text(cv, &py.st, bands->pts[i].label, py.cx, cy, 0.5, 0.5);
  }
  for (size_t s = 0; s < spec->nseries; s++) {
    const hg_chart_series *se = &spec->series[s];
    double sgn = contains_male(se) ? -1 : 1;
    if (se->role == HG_ROLE_AREA)
      pyramid_bars(cv, &py, se, nb, sgn);
    else
      pyramid_line(cv, &py, se, nb, sgn);
  }
  hg_text_style sl = hg_style(cv, HG_FONT_AXIS);
  sl.bold = true;
  hg_text(cv, &sl, "Male", py.cx - py.gutter / 2 - py.half, py.plot.y, 0, 0);
  hg_text(cv, &sl, "Female", py.cx + py.gutter / 2 + py.half, py.plot.y, 1, 0);
  hg_legend(cv, items, ni, body.x, py.plot.y + py.plot.h + xh + xt + 8, body.w, true);
  hg_frame_footer(cv, spec, NULL);
  return HG_OK;
}
