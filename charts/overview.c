/* overview.c: the "tartan rug" (Fingertips' overview): rows = indicators
 * (series), columns = areas (England, London, then the boroughs, in the order of
 * the first series), cells filled by significance with the value printed and a
 * recent-trend arrow in the corner.  Area names are rotated 90 degrees on top
 * and ellipsized, never overlapping. */
#include "internal.h"

#include <string.h>

static int col_of(const hg_chart_series *s0, const char *code, const char *label) {
  for (size_t i = 0; i < s0->n; i++) {
    const hg_chart_point *p = &s0->pts[i];
    if (code && p->code && strcmp(code, p->code) == 0)
      return (int)i;
    if (!code && label && p->label && strcmp(label, p->label) == 0)
      return (int)i;
  }
  return -1;
}

static void arrow(hg_canvas *cv, double x, double y, hg_chart_trend t, hg_rgb c) {
  cairo_t *cr = cv->cr;
  double s = 2.6;
  cairo_new_path(cr);
  if (t == HG_CHART_TREND_NO_CHANGE) {
    cairo_rectangle(cr, x - s, y - 0.6, 2 * s, 1.2);
  } else {
    bool up =
        t == HG_CHART_TREND_UP || t == HG_CHART_TREND_UP_BETTER || t == HG_CHART_TREND_UP_WORSE;
    double d = up ? -1 : 1;
    cairo_move_to(cr, x, y + d * s);
    cairo_line_to(cr, x + s, y - d * s * 0.5);
    cairo_line_to(cr, x - s, y - d * s * 0.5);
    cairo_close_path(cr);
  }
  hg_set(cv, c);
  cairo_fill(cr);
}

hg_status hg_draw_overview(hg_canvas *cv, const hg_chart_spec *spec) {
  const hg_chart_series *s0 = &spec->series[0];
  size_t ncol = s0->n, nrow = spec->nseries;
  if (ncol == 0)
    return HG_ERR_INVALID;
  bool any_trend = false;
  for (size_t r = 0; r < nrow; r++)
    for (size_t i = 0; i < spec->series[r].n; i++)
      any_trend |= spec->series[r].pts[i].trend != HG_CHART_TREND_NONE;
  if (!any_trend)
    hg_note(cv, "No recent trend could be calculated for these data.");
  else
    hg_note(cv, "Arrows: recent trend (up, down; a bar = no significant change).");
  hg_rect body = hg_frame_header(cv, spec);
  hg_legend_item items[16];
  size_t ni = hg_chart_sig_legend(cv, spec, items, 12);
  double foot = hg_frame_footer_height(cv, spec, 0);
  double leg = hg_legend(cv, items, ni, body.x, 0, body.w, false) + 8;
  hg_text_style nm = hg_style(cv, HG_FONT_TICK);
  double name_w = fmin(body.w * 0.24, 190), period_w = 0, w, h;
  hg_text_style pt = hg_style(cv, HG_FONT_CELL);
  for (size_t r = 0; r < nrow; r++) {
    const char *per = spec->series[r].n ? spec->series[r].pts[0].period : NULL;
    hg_text_size(cv, &pt, per ? per : "", &w, &h);
    period_w = fmax(period_w, w);
  }
  hg_text_size(cv, &pt, "Period", &w, &h);
  period_w = fmax(period_w, w) + 8;
  double grid_x = body.x + name_w + 6 + period_w;
  double cw = (body.x + body.w - grid_x) / ncol;
  /* header height: longest area name, capped */
  hg_text_style hd = hg_style(cv, HG_FONT_CELL);
  hd.colour = cv->th->role[HG_C_TEXT];
  double head = 0;
  for (size_t i = 0; i < ncol; i++) {
    hg_text_size(cv, &hd, s0->pts[i].label, &w, &h);
    head = fmax(head, w);
  }
  head = fmin(head, 110) + 4;
  /* rotated names are one line high: narrower columns get a smaller font */
  double line_h;
  hg_text_size(cv, &hd, "Ag", &w, &line_h);
  if (cw < line_h + 1)
    hd.scale = fmax(0.3, (cw - 1) / line_h);
  double grid_y = body.y + head;
  double rh = fmin(36, (body.y + body.h - foot - leg - grid_y) / nrow);
  /* column headers, rotated; the line height must fit the column width */
  for (size_t i = 0; i < ncol; i++) {
    hg_text_style t = hd;
    t.max_width = head - 4;
    t.max_lines = 1;
    t.bold = s0->pts[i].role != HG_ROLE_AREA;
    double x = grid_x + (i + 0.5) * cw;
    /* hg_text_up centres on (x,y): anchor the bottom of the rotated text */
    double tw;
    hg_text_size(cv, &t, s0->pts[i].label, &tw, &h);
    hg_text_up(cv, &t, s0->pts[i].label, x, grid_y - 3 - tw / 2);
  }
  hg_text(cv, &pt, "Period", body.x + name_w + 6, grid_y - 3, 0, 1);
  hg_text(cv, &pt, "Indicator", body.x, grid_y - 3, 0, 1);
  char b[32];
  hg_rgb white = {1, 1, 1};
  int dec = hg_spec_auto_decimals(spec);
  for (size_t r = 0; r < nrow; r++) {
    const hg_chart_series *se = &spec->series[r];
    double y = grid_y + r * rh;
    hg_text_style t = nm;
    t.colour = cv->th->role[HG_C_TEXT];
    t.max_width = name_w;
    t.max_lines = rh > 26 ? 3 : rh > 18 ? 2 : 1;
    hg_text(cv, &t, se->name, body.x, y + rh / 2, 0, 0.5);
    const char *per = se->n ? se->pts[0].period : NULL;
    hg_text(cv, &pt, per ? per : "", body.x + name_w + 6, y + rh / 2, 0, 0.5);
    for (size_t i = 0; i < se->n; i++) {
      const hg_chart_point *p = &se->pts[i];
      int c = r == 0 ? (int)i : col_of(s0, p->code, p->label);
      if (c < 0)
        continue;
      hg_rect cell = {grid_x + c * cw + 0.5, y + 0.5, cw - 1, rh - 1}; /* white gaps */
      hg_rgb f = isfinite(p->value) ? cv->th->sig[p->sig] : white;
      hg_fill_rect(cv, cell, f, NULL);
      if (cv->stats)
        cv->stats->cells++;
      hg_rgb ink = hg_text_on(f);
      if (isfinite(p->value)) {
        hg_chart_format(p->value, dec, b, sizeof b);
        hg_text_style vt = pt;
        vt.colour = ink;
        double vw;
        hg_text_size(cv, &vt, b, &vw, &h);
        double room = cw - 3;
        if (vw > room) { /* shrink the value rather than let it spill */
          cairo_save(cv->cr);
          double k = room / vw, cx = cell.x + cell.w / 2, cy = cell.y + cell.h / 2 + 1.5;
          cairo_translate(cv->cr, cx, cy);
          cairo_scale(cv->cr, k, k);
          hg_text(cv, &vt, b, 0, 0, 0.5, 0.5);
          cairo_restore(cv->cr);
        } else {
          hg_text(cv, &vt, b, cell.x + cell.w / 2, cell.y + cell.h / 2 + 1.5, 0.5, 0.5);
        }
      } else {
        hg_text_style vt = pt;
        hg_text(cv, &vt, "-", cell.x + cell.w / 2, cell.y + cell.h / 2, 0.5, 0.5);
      }
      if (p->trend != HG_CHART_TREND_NONE)
        arrow(cv, cell.x + cell.w - 3.5, cell.y + 4, p->trend, ink);
    }
  }
  hg_legend(cv, items, ni, body.x, grid_y + nrow * rh + 8, body.w, true);
  hg_frame_footer(cv, spec, NULL);
  return HG_OK;
}
