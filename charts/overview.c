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

/* The rug as laid out: the text styles (indicator names; periods and values;
 * area names), the indicator and period columns' widths, the height of the area
 * names, the grid's top left corner, column width and row height. */
typedef struct rug {
  hg_text_style nm, pt, hd;
  double name_w, period_w, head;
  double grid_x, grid_y, cw, rh;
  int dec;
  int name_lines;   /* lines an indicator name may take in a row */
  size_t head_step; /* an area name every head_step columns (1: all) */
} rug;

/* The smallest scale of a font role that still prints at the minimum size. */
static double min_scale(const hg_canvas *cv, hg_font f) {
  return HG_CHART_MIN_FONT_PT / cv->th->font_pt[f];
}

/* A row's values printed: with the spec's decimals where every value fits its
 * cell, else whole numbers, else not at all (the colours stay; the footnote
 * says so); the font is made smaller down to the minimum print size, never
 * further, and a value is never printed wider than its cell. */
typedef struct row_fmt {
  int dec, hidden;
  double scale;
} row_fmt;

static const char *cell_text(const row_fmt *f, double v, char *b, size_t n) {
  return hg_chart_format(v, f->dec, b, n);
}

static bool row_fits(hg_canvas *cv, const rug *g, const hg_chart_series *se, const row_fmt *f) {
  hg_text_style vt = g->pt;
  vt.scale = f->scale;
  char b[32];
  for (size_t i = 0; i < se->n; i++) {
    double w, h;
    if (!isfinite(se->pts[i].value))
      continue;
    hg_text_size(cv, &vt, cell_text(f, se->pts[i].value, b, sizeof b), &w, &h);
    if (w > g->cw - 1.5) /* the cell is cw - 1 wide */
      return false;
  }
  return true;
}

static row_fmt rug_row_format(hg_canvas *cv, const rug *g, const hg_chart_series *se) {
  const row_fmt tries[] = {{g->dec, 0, 1},
                           {g->dec, 0, min_scale(cv, HG_FONT_CELL)},
                           {0, 0, 1},
                           {0, 0, min_scale(cv, HG_FONT_CELL)}};
  for (size_t k = 0; k < G_N_ELEMENTS(tries); k++)
    if (row_fits(cv, g, se, &tries[k])) {
      if (tries[k].dec < g->dec)
        hg_note(cv, "Values rounded to whole numbers where a cell is too narrow for decimals.");
      return tries[k];
    }
  hg_note(cv, "Where a cell is too narrow for its value the value is not printed (colour only; "
              "the compare charts give every value).");
  return (row_fmt){0, 1, 1};
}

static void rug_trend_note(hg_canvas *cv, const hg_chart_spec *spec) {
  bool any_trend = false;
  for (size_t r = 0; r < spec->nseries; r++)
    for (size_t i = 0; i < spec->series[r].n; i++)
      any_trend |= spec->series[r].pts[i].trend != HG_CHART_TREND_NONE;
  if (!any_trend)
    hg_note(cv, "No recent trend could be calculated for these data.");
  else
    hg_note(cv, "Arrows: recent trend (up, down; a bar = no significant change).");
}

/* Widths across: the indicator names a quarter of the body (at most 190), the
 * periods their widest text, the area columns an equal share of the rest. */
static void rug_columns(hg_canvas *cv, const hg_chart_spec *spec, hg_rect body, rug *g) {
  double w, h;
  g->nm = hg_style(cv, HG_FONT_TICK);
  g->name_w = fmin(body.w * 0.24, 190);
  g->period_w = 0;
  g->pt = hg_style(cv, HG_FONT_CELL);
  for (size_t r = 0; r < spec->nseries; r++) {
    const char *per = spec->series[r].n ? spec->series[r].pts[0].period : NULL;
    hg_text_size(cv, &g->pt, per ? per : "", &w, &h);
    g->period_w = fmax(g->period_w, w);
  }
  hg_text_size(cv, &g->pt, "Period", &w, &h);
  g->period_w = fmax(g->period_w, w) + 8;
  g->grid_x = body.x + g->name_w + 6 + g->period_w;
  g->cw = (body.x + body.w - g->grid_x) / spec->series[0].n;
}

/* The area names' style and height: the longest name, capped at 110 points.
 * Rotated names are one line high: narrower columns get a smaller font. */
static void rug_head(hg_canvas *cv, const hg_chart_series *s0, rug *g) {
  double w, h;
  g->hd = hg_style(cv, HG_FONT_CELL);
  g->hd.colour = cv->th->role[HG_C_TEXT];
  g->head = 0;
  for (size_t i = 0; i < s0->n; i++) {
    hg_text_size(cv, &g->hd, s0->pts[i].label, &w, &h);
    g->head = fmax(g->head, w);
  }
  g->head = fmin(g->head, 110) + 4;
  double line_h;
  hg_text_size(cv, &g->hd, "Ag", &w, &line_h);
  if (g->cw < line_h + 1)
    g->hd.scale = fmax(min_scale(cv, HG_FONT_CELL), (g->cw - 1) / line_h);
  /* columns narrower than a name at the minimum print size: every k-th named */
  g->head_step = (size_t)ceil((line_h * (g->hd.scale > 0 ? g->hd.scale : 1) + 1) / g->cw);
  if (g->head_step < 1)
    g->head_step = 1;
  if (g->head_step > 1)
    hg_note(cv, "Area names shown for every %zu%s column: the columns are too narrow for all.",
            g->head_step,
            g->head_step == 2   ? "nd"
            : g->head_step == 3 ? "rd"
                                : "th");
}

/* The column headers: area names rotated (England and London bold), then the
 * period and indicator headings. */
static void rug_heads(hg_canvas *cv, const hg_chart_series *s0, const rug *g, hg_rect body) {
  double h;
  for (size_t i = 0; i < s0->n; i += g->head_step) {
    hg_text_style t = g->hd;
    t.max_width = g->head - 4;
    t.max_lines = 1;
    t.bold = s0->pts[i].role != HG_ROLE_AREA;
    double x = g->grid_x + (i + 0.5) * g->cw;
    /* hg_text_up centres on (x,y): anchor the bottom of the rotated text */
    double tw;
    hg_text_size(cv, &t, s0->pts[i].label, &tw, &h);
    hg_text_up(cv, &t, s0->pts[i].label, x, g->grid_y - 3 - tw / 2);
  }
  hg_text(cv, &g->pt, "Period", body.x + g->name_w + 6, g->grid_y - 3, 0, 1);
  hg_text(cv, &g->pt, "Indicator", body.x, g->grid_y - 3, 0, 1);
}

/* The row height, and the lines an indicator name may take: as many as the
 * row holds (at most 3), the font made smaller down to the cell font where a
 * second line then fits.  A name still cut is ellipsized and given in full in
 * the footnote, which is laid out again since it takes room from the rows. */
static void rug_rows(hg_canvas *cv, const hg_chart_spec *spec, hg_rect body, rug *g, double foot,
                     double leg) {
  size_t nrow = spec->nseries;
  g->rh = fmin(36, (body.y + body.h - foot - leg - g->grid_y) / nrow);
  double w, line_h;
  g->nm.scale = 1;
  hg_text_size(cv, &g->nm, "Ag", &w, &line_h);
  if (g->rh < 2 * line_h) { /* two lines of the cell font rather than one of the tick font */
    g->nm.scale = cv->th->font_pt[HG_FONT_CELL] / cv->th->font_pt[HG_FONT_TICK];
    hg_text_size(cv, &g->nm, "Ag", &w, &line_h);
  }
  int lines = (int)floor((g->rh - 1) / line_h);
  g->name_lines = lines < 1 ? 1 : lines > 3 ? 3 : lines;
}

static void rug_names_fit(hg_canvas *cv, const hg_chart_spec *spec, hg_rect body, rug *g,
                          double foot, double leg) {
  (void)foot; /* measured again: the value and column notes may have grown it */
  rug_rows(cv, spec, body, g, hg_frame_footer_height(cv, spec, 0), leg);
  GString *full = NULL;
  for (size_t r = 0; r < spec->nseries; r++) {
    hg_text_style t = g->nm;
    t.max_width = g->name_w;
    t.max_lines = g->name_lines;
    if (spec->series[r].name && hg_text_ellipsized(cv, &t, spec->series[r].name)) {
      full = full ? full : g_string_new("Indicator names in full: ");
      g_string_append_printf(full, "%s%s", full->str[full->len - 2] == ':' ? "" : "; ",
                             spec->series[r].name);
    }
  }
  if (!full)
    return;
  g_string_append_c(full, '.');
  hg_note(cv, "%s", full->str);
  g_string_free(full, TRUE);
  /* the footnote grew: fewer points for the rows */
  double foot2 = hg_frame_footer_height(cv, spec, 0);
  rug_rows(cv, spec, body, g, foot2, leg);
}

/* A row's indicator name (up to three lines as the row's height allows) and its
 * period. */
static void rug_row_names(hg_canvas *cv, const rug *g, const hg_chart_series *se, double x,
                          double y) {
  hg_text_style t = g->nm;
  t.colour = cv->th->role[HG_C_TEXT];
  t.max_width = g->name_w;
  t.max_lines = g->name_lines;
  hg_text(cv, &t, se->name, x, y + g->rh / 2, 0, 0.5);
  const char *per = se->n ? se->pts[0].period : NULL;
  hg_text(cv, &g->pt, per ? per : "", x + g->name_w + 6, y + g->rh / 2, 0, 0.5);
}

/* One cell: filled by significance (white without a value), the value or "-",
 * and the recent trend's arrow in the corner. */
static void rug_cell(hg_canvas *cv, const rug *g, const row_fmt *fmt, const hg_chart_point *p,
                     hg_rect cell) {
  char b[32];
  double h;
  hg_rgb white = {1, 1, 1};
  hg_rgb f = isfinite(p->value) ? cv->th->sig[p->sig] : white;
  hg_fill_rect(cv, cell, f, NULL);
  hg_hit_rect(cv, cell, p, NULL);
  hg_mark(cv, HG_MARK_CELL, cell);
  hg_rgb ink = hg_text_on(f);
  if (isfinite(p->value) && !fmt->hidden) {
    cell_text(fmt, p->value, b, sizeof b);
    hg_text_style vt = g->pt;
    vt.colour = ink;
    vt.scale = fmt->scale;
    (void)h;
    hg_text(cv, &vt, b, cell.x + cell.w / 2, cell.y + cell.h / 2 + 1.5, 0.5, 0.5);
  } else if (!isfinite(p->value)) {
    hg_text_style vt = g->pt;
    hg_text(cv, &vt, "-", cell.x + cell.w / 2, cell.y + cell.h / 2, 0.5, 0.5);
  }
  if (p->trend != HG_CHART_TREND_NONE)
    arrow(cv, cell.x + cell.w - 3.5, cell.y + 4, p->trend, ink);
}

hg_status hg_draw_overview(hg_canvas *cv, const hg_chart_spec *spec) {
  const hg_chart_series *s0 = &spec->series[0];
  size_t ncol = s0->n, nrow = spec->nseries;
  if (ncol == 0)
    return HG_ERR_INVALID;
  rug_trend_note(cv, spec);
  hg_rect body = hg_frame_header(cv, spec);
  hg_legend_item items[16];
  size_t ni = hg_chart_sig_legend(cv, spec, items, 12);
  double foot = hg_frame_footer_height(cv, spec, 0);
  double leg = hg_legend(cv, items, ni, body.x, 0, body.w, false) + 8;
  rug g = {.dec = hg_spec_auto_decimals(spec)};
  rug_columns(cv, spec, body, &g);
  rug_head(cv, s0, &g);
  g.grid_y = body.y + g.head;
  row_fmt *fmt = g_new(row_fmt, nrow);
  for (size_t r = 0; r < nrow; r++)
    fmt[r] = rug_row_format(cv, &g, &spec->series[r]);
  rug_names_fit(cv, spec, body, &g, foot, leg);
  rug_heads(cv, s0, &g, body);
  for (size_t r = 0; r < nrow; r++) {
    const hg_chart_series *se = &spec->series[r];
    double y = g.grid_y + r * g.rh;
    rug_row_names(cv, &g, se, body.x, y);
    for (size_t i = 0; i < se->n; i++) {
      const hg_chart_point *p = &se->pts[i];
      int c = r == 0 ? (int)i : col_of(s0, p->code, p->label);
      if (c >= 0) /* white gaps between the cells */
        rug_cell(cv, &g, &fmt[r], p,
                 (hg_rect){g.grid_x + c * g.cw + 0.5, y + 0.5, g.cw - 1, g.rh - 1});
    }
  }
  g_free(fmt);
  hg_legend(cv, items, ni, body.x, g.grid_y + nrow * g.rh + 8, body.w, true);
  hg_frame_footer(cv, spec, NULL);
  return HG_OK;
}
