/* compare.c: compare areas (Fingertips' bar chart): horizontal bars sorted by
 * value, England and London pinned at the top, bars coloured by significance,
 * 95% CI whiskers, the benchmark as a vertical line. */
#include "internal.h"

#include <string.h>

typedef struct row {
  const hg_chart_point *p;
  int pin; /* 0 England, 1 London, 2 a pinned comparator (HIGHLIGHT, an ICB), 3 areas */
} row;

static int cmp_rows(const void *a, const void *b) {
  const row *x = a, *y = b;
  if (x->pin != y->pin)
    return x->pin - y->pin;
  bool fx = isfinite(x->p->value), fy = isfinite(y->p->value);
  if (fx != fy)
    return fx ? -1 : 1; /* missing values last */
  if (fx && x->p->value != y->p->value)
    return x->p->value > y->p->value ? -1 : 1;
  return strcmp(x->p->label ? x->p->label : "", y->p->label ? y->p->label : "");
}

/* Legend entries for the classes present, in Fingertips order. */
size_t hg_chart_sig_legend(hg_canvas *cv, const hg_chart_spec *spec, hg_legend_item *items,
                           size_t max);
size_t hg_chart_sig_legend(hg_canvas *cv, const hg_chart_spec *spec, hg_legend_item *items,
                           size_t max) {
  static const hg_chart_sig order[] = {
      HG_CHART_SIG_BETTER, HG_CHART_SIG_SIMILAR, HG_CHART_SIG_WORSE, HG_CHART_SIG_LOWER,
      HG_CHART_SIG_HIGHER, HG_CHART_SIG_Q1,      HG_CHART_SIG_Q2,    HG_CHART_SIG_Q3,
      HG_CHART_SIG_Q4,     HG_CHART_SIG_Q5,      HG_CHART_SIG_NONE};
  bool seen[HG_CHART_SIG_COUNT] = {0};
  for (size_t s = 0; s < spec->nseries; s++)
    for (size_t i = 0; i < spec->series[s].n; i++) {
      const hg_chart_point *p = &spec->series[s].pts[i];
      if (p->role == HG_ROLE_AREA && spec->series[s].role == HG_ROLE_AREA)
        seen[p->sig] = true;
    }
  size_t n = 0;
  for (size_t k = 0; k < G_N_ELEMENTS(order) && n < max; k++)
    if (seen[order[k]])
      items[n++] = (hg_legend_item){hg_chart_sig_label(order[k]), cv->th->sig[order[k]], 0};
  return n;
}

/* The rows in drawing order: each point pinned by its role (its own role, else
 * its series'), sorted for compare, as given for inequalities; counts the points
 * without a value. */
static row *hbar_rows(const hg_chart_spec *spec, size_t n, bool sort, size_t *missing) {
  row *rows = g_new(row, n);
  size_t k = 0;
  for (size_t s = 0; s < spec->nseries; s++)
    for (size_t i = 0; i < spec->series[s].n; i++) {
      const hg_chart_point *p = &spec->series[s].pts[i];
      hg_role r = p->role != HG_ROLE_AREA ? p->role : spec->series[s].role;
      rows[k].p = p;
      rows[k].pin = r == HG_ROLE_ENGLAND     ? 0
                    : r == HG_ROLE_LONDON    ? 1
                    : r == HG_ROLE_HIGHLIGHT ? 2
                                             : 3;
      if (!isfinite(p->value))
        (*missing)++;
      k++;
    }
  if (sort)
    qsort(rows, n, sizeof *rows, cmp_rows);
  return rows;
}

/* The area labels' style: the tick font, or the cell font on low rows, made
 * smaller if a line is still taller than a row (labels never overlap), up to two
 * lines; right-aligned in a column as wide as the widest label, at most 28% of
 * the body. */
static hg_text_style hbar_labels(hg_canvas *cv, const row *rows, size_t n, double row_h,
                                 hg_rect body) {
  hg_text_style lab = hg_style(cv, row_h < 11 ? HG_FONT_CELL : HG_FONT_TICK);
  lab.colour = cv->th->role[HG_C_TEXT];
  double line_h, dummy;
  hg_text_size(cv, &lab, "Ag", &dummy, &line_h);
  if (row_h < line_h) { /* too many rows for the page: smaller text, never overlap */
    lab.scale = row_h / line_h * 0.98;
    hg_text_size(cv, &lab, "Ag", &dummy, &line_h);
  }
  int lines = (int)floor(row_h / line_h);
  lab.max_lines = lines < 1 ? 1 : lines > 2 ? 2 : lines;
  double label_w = 0;
  for (size_t i = 0; i < n; i++) {
    double w, h;
    hg_text_style m = lab;
    m.bold = rows[i].pin < 3; /* measured as drawn: a bold "England" is wider */
    hg_text_size(cv, &m, rows[i].p->label, &w, &h);
    label_w = fmax(label_w, w);
  }
  label_w = fmin(label_w, body.w * 0.28);
  lab.max_width = label_w;
  lab.align = PANGO_ALIGN_RIGHT;
  return lab;
}

/* The value axis under the plot, with its grid and the x label. */
static void hbar_axis(hg_canvas *cv, const hg_chart_spec *spec, hg_rect plot, hg_axis *ax) {
  double lo, hi;
  hg_spec_range(spec, true, &lo, &hi);
  hg_axis_fit_measured(cv, ax, lo, hi, plot.w, 70, true, true); /* bars start at zero */
  ax->p0 = plot.x;
  ax->p1 = plot.x + plot.w;
  int dec = hg_axis_decimals(ax, spec->decimals);
  hg_axis_draw_x(cv, ax, plot, dec, true);
  if (spec->x_label) {
    hg_text_style at = hg_style(cv, HG_FONT_AXIS);
    hg_text(cv, &at, spec->x_label, plot.x + plot.w / 2,
            plot.y + plot.h + cv->th->font_pt[HG_FONT_TICK] * 1.3 + 8, 0.5, 0);
  }
}

/* One row centred on cy: its label (bold when pinned), then, if it has a value,
 * the bar from zero (pinned rows in the plain bar colour, areas by significance)
 * and its confidence interval. */
static void hbar_row(hg_canvas *cv, const hg_axis *ax, const row *r, hg_text_style lab,
                     double label_x, double cy, double bh) {
  const hg_chart_point *p = r->p;
  hg_rgb black = {0, 0, 0};
  double x0 = hg_axis_map(ax, 0);
  hg_text_style l = lab;
  l.bold = r->pin < 3;
  hg_text(cv, &l, p->label, label_x, cy, 1, 0.5);
  if (!isfinite(p->value))
    return;
  double xv = hg_axis_map(ax, p->value);
  hg_rgb fill = r->pin < 3 ? cv->th->role[HG_C_BAR_DEFAULT] : cv->th->sig[p->sig];
  hg_rect bar = {fmin(x0, xv), cy - bh / 2, fabs(xv - x0), bh};
  hg_fill_rect(cv, bar, fill, NULL);
  hg_hit_rect(cv, bar, p, NULL);
  hg_mark(cv, HG_MARK_BAR, bar);
  if (isfinite(p->lower) && isfinite(p->upper)) {
    double a = hg_axis_map(ax, p->lower), b = hg_axis_map(ax, p->upper);
    double wh = bh * 0.3;
    hg_line(cv, a, cy, b, cy, 0.8, black);
    hg_line(cv, a, cy - wh, a, cy + wh, 0.8, black);
    hg_line(cv, b, cy - wh, b, cy + wh, 0.8, black);
    hg_mark(cv, HG_MARK_WHISKER, (hg_rect){fmin(a, b), cy - wh, fabs(b - a), 2 * wh});
  }
}

/* The benchmarks, dashed across the plot. */
static void hbar_refs(hg_canvas *cv, const hg_chart_spec *spec, const hg_axis *ax, hg_rect plot) {
  for (size_t r = 0; r < spec->nrefs; r++) {
    if (!isfinite(spec->refs[r].value))
      continue;
    double x = hg_axis_map(ax, spec->refs[r].value);
    cairo_save(cv->cr);
    double dash[] = {4, 2};
    cairo_set_dash(cv->cr, dash, 2, 0);
    hg_line(cv, x, plot.y, x, plot.y + plot.h, 1.0, cv->th->role[HG_C_ENGLAND]);
    cairo_restore(cv->cr);
  }
}

static hg_status hbars(hg_canvas *cv, const hg_chart_spec *spec, bool sort) {
  size_t n = 0, missing = 0;
  for (size_t s = 0; s < spec->nseries; s++)
    n += spec->series[s].n;
  if (n == 0)
    return HG_ERR_INVALID;
  row *rows = hbar_rows(spec, n, sort, &missing);

  if (!hg_spec_has_limits(spec, HG_ROLE_AREA))
    hg_note(cv, "No confidence limits in the data: none drawn.");
  if (missing)
    hg_note(cv, "%zu area%s without a value (missing or suppressed) shown as blank.", missing,
            missing == 1 ? "" : "s");

  hg_rect body = hg_frame_header(cv, spec);
  hg_legend_item items[16];
  size_t ni = hg_chart_sig_legend(cv, spec, items, 14);
  for (size_t r = 0; r < spec->nrefs && ni < 16; r++)
    items[ni++] = (hg_legend_item){spec->refs[r].label, cv->th->role[HG_C_ENGLAND], 1};
  double foot = hg_frame_footer_height(cv, spec, 0);
  double leg_h = hg_legend(cv, items, ni, body.x, 0, body.w, false);
  double axis_h = cv->th->font_pt[HG_FONT_TICK] * 1.3 + 8 +
                  (spec->x_label ? cv->th->font_pt[HG_FONT_AXIS] * 1.3 + 4 : 0);
  hg_rect plot = body;
  plot.h = body.h - foot - leg_h - axis_h - 10;

  double row_h = plot.h / (double)n;
  hg_text_style lab = hbar_labels(cv, rows, n, row_h, body);
  plot.x = body.x + lab.max_width + 8;
  plot.w = body.x + body.w - plot.x - 10;
  hg_axis ax;
  hbar_axis(cv, spec, plot, &ax);
  hg_mark(cv, HG_MARK_PLOT, plot);

  /* bars as high as the rows allow, thicker when an inequalities chart has few */
  double bh = fmin(row_h * 0.72, sort ? 16 : n < 4 ? 30 : n < 6 ? 20 : 11);
  for (size_t i = 0; i < n; i++)
    hbar_row(cv, &ax, &rows[i], lab, plot.x - 6, plot.y + (i + 0.5) * row_h, bh);
  hbar_refs(cv, spec, &ax, plot);
  double x0 = hg_axis_map(&ax, 0);
  hg_line(cv, x0, plot.y, x0, plot.y + plot.h, 0.75, cv->th->role[HG_C_AXIS]);
  hg_legend(cv, items, ni, body.x, plot.y + plot.h + axis_h + 6, body.w, true);
  hg_frame_footer(cv, spec, NULL);
  g_free(rows);
  return HG_OK;
}

hg_status hg_draw_compare(hg_canvas *cv, const hg_chart_spec *spec) {
  return hbars(cv, spec, true);
}

/* Inequalities (Fingertips' inequalities bar chart): one bar per category in
 * the given order, coloured against the overall value (the reference line). */
hg_status hg_draw_inequalities(hg_canvas *cv, const hg_chart_spec *spec) {
  return hbars(cv, spec, false);
}
