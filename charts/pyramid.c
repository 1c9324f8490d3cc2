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

hg_status hg_draw_pyramid(hg_canvas *cv, const hg_chart_spec *spec) {
  const hg_chart_series *bands = &spec->series[0];
  size_t nb = bands->n;
  if (nb == 0)
    return HG_ERR_INVALID;
  double vmax = 0;
  for (size_t s = 0; s < spec->nseries; s++)
    for (size_t i = 0; i < spec->series[s].n; i++)
      if (isfinite(spec->series[s].pts[i].value))
        vmax = fmax(vmax, fabs(spec->series[s].pts[i].value));
  hg_rect body = hg_frame_header(cv, spec);
  hg_legend_item items[6];
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
  double foot = hg_frame_footer_height(cv, spec, 0);
  double leg = hg_legend(cv, items, ni, body.x, 0, body.w, false) + 8;
  double xh = cv->th->font_pt[HG_FONT_TICK] * 1.3 + 6;
  double xt = cv->th->font_pt[HG_FONT_AXIS] * 1.3 + 4;
  hg_text_style st = hg_style(cv, HG_FONT_TICK);
  double lw = 0, w, h;
  for (size_t i = 0; i < nb; i++) {
    hg_text_size(cv, &st, bands->pts[i].label, &w, &h);
    lw = fmax(lw, w);
  }
  hg_rect plot = {body.x, body.y, body.w, body.h - foot - leg - xh - xt - 6};
  /* age labels in a central gutter, males left, females right */
  double gutter = lw + 12, half = (plot.w - gutter) / 2;
  hg_axis ax;
  hg_axis_fit_measured(cv, &ax, 0, vmax, half, 60, true, true);
  double cx = plot.x + plot.w / 2;
  double row = plot.h / nb;
  hg_rgb edge = {0, 0, 0};
  char b[32];
  for (int side = 0; side < 2; side++) {
    double sgn = side == 0 ? -1 : 1, x0 = cx + sgn * gutter / 2;
    for (int i = 0; i < ax.t.n; i++) {
      double v = ax.t.lmin + i * ax.t.step;
      if (v > ax.hi + 1e-9)
        continue;
      double x = x0 + sgn * v / ax.hi * half;
      hg_line(cv, x, plot.y, x, plot.y + plot.h, 0.5, cv->th->role[HG_C_GRID]);
      hg_text(cv, &st, hg_chart_format(v, ax.t.decimals, b, sizeof b), x, plot.y + plot.h + 4, 0.5,
              0);
    }
    hg_line(cv, x0, plot.y + plot.h, x0 + sgn * half, plot.y + plot.h, 0.75,
            cv->th->role[HG_C_AXIS]);
  }
  hg_text_style at = hg_style(cv, HG_FONT_AXIS);
  hg_text(cv, &at, spec->x_label ? spec->x_label : "% of total population", cx,
          plot.y + plot.h + xh + 2, 0.5, 0);
  for (size_t i = 0; i < nb; i++) {
    double cy = plot.y + plot.h - (i + 0.5) * row;
    hg_text(cv, &st, bands->pts[i].label, cx, cy, 0.5, 0.5);
  }
  for (size_t s = 0; s < spec->nseries; s++) {
    const hg_chart_series *se = &spec->series[s];
    double sgn = contains_male(se) ? -1 : 1, x0 = cx + sgn * gutter / 2;
    if (se->role == HG_ROLE_AREA) {
      hg_rgb fill = sgn < 0 ? cv->th->role[HG_C_MALE] : cv->th->role[HG_C_FEMALE];
      for (size_t i = 0; i < se->n && i < nb; i++) {
        double v = se->pts[i].value;
        if (!isfinite(v))
          continue;
        double cy = plot.y + plot.h - (i + 0.5) * row, len = fabs(v) / ax.hi * half;
        hg_fill_rect(cv, (hg_rect){sgn < 0 ? x0 - len : x0, cy - row * 0.35, len, row * 0.7}, fill,
                     &edge);
        if (cv->stats)
          cv->stats->bars++;
      }
    } else {
      hg_rgb c =
          se->role == HG_ROLE_LONDON ? cv->th->role[HG_C_LONDON] : cv->th->role[HG_C_ENGLAND];
      cairo_new_path(cv->cr);
      bool pen = false;
      for (size_t i = 0; i < se->n && i < nb; i++) {
        double v = se->pts[i].value;
        if (!isfinite(v)) {
          pen = false;
          continue;
        }
        double x = x0 + sgn * fabs(v) / ax.hi * half;
        double y0 = plot.y + plot.h - i * row, y1 = y0 - row;
        pen ? cairo_line_to(cv->cr, x, y0) : cairo_move_to(cv->cr, x, y0);
        cairo_line_to(cv->cr, x, y1);
        pen = true;
      }
      hg_set(cv, c);
      cairo_set_line_width(cv->cr, 1.5);
      cairo_stroke(cv->cr);
    }
  }
  hg_text_style sl = hg_style(cv, HG_FONT_AXIS);
  sl.bold = true;
  hg_text(cv, &sl, "Male", cx - gutter / 2 - half, plot.y, 0, 0);
  hg_text(cv, &sl, "Female", cx + gutter / 2 + half, plot.y, 1, 0);
  hg_legend(cv, items, ni, body.x, plot.y + plot.h + xh + xt + 8, body.w, true);
  hg_frame_footer(cv, spec, NULL);
  return HG_OK;
}
