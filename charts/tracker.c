/* tracker.c: the target tracker table: one row per target (and sex), one
 * column per area, each cell filled by the status of the area's series
 * against the target (docs/targets.md) with its latest value and period, the
 * status word and the area's own target value (a relative target differs by
 * area: "increase by 5 years" is 70.2 for Brent and 66.3 for England).  The
 * area's code under its name lets a reader (and a test) find a column. */
#include "internal.h"

#include <string.h>

#define NAME_W_MAX 230.0
#define PAD 3.0

typedef struct status_class {
  hg_chart_sig sig;
  const char *word;
  hg_chart_sig colour; /* the theme colour */
  double tint;         /* mixed with white: 0 full colour */
} status_class;

/* The statuses in the legend's order, each with its fill. */
static const status_class classes[] = {
    {HG_CHART_SIG_Q1, "achieved", HG_CHART_SIG_BETTER, 0},
    {HG_CHART_SIG_BETTER, "on track", HG_CHART_SIG_BETTER, 0.55},
    {HG_CHART_SIG_SIMILAR, "at risk", HG_CHART_SIG_SIMILAR, 0},
    {HG_CHART_SIG_WORSE, "off track", HG_CHART_SIG_WORSE, 0},
    {HG_CHART_SIG_NONE, "not enough data", HG_CHART_SIG_NONE, 0.4},
};

static const status_class *class_of(hg_chart_sig s) {
  for (size_t i = 0; i < G_N_ELEMENTS(classes); i++)
    if (classes[i].sig == s)
      return &classes[i];
  return &classes[G_N_ELEMENTS(classes) - 1];
}

static hg_rgb fill_of(const hg_canvas *cv, const status_class *c) {
  hg_rgb f = cv->th->sig[c->colour];
  f.r += (1 - f.r) * c->tint;
  f.g += (1 - f.g) * c->tint;
  f.b += (1 - f.b) * c->tint;
  return f;
}

/* The three lines of a cell: latest value and period, status, own target. */
static char *cell_text(const hg_chart_point *p, int dec) {
  char v[64], t[64];
  if (!isfinite(p->value))
    return g_strdup_printf("no value\n%s", class_of(p->sig)->word);
  hg_chart_format(p->value, dec, v, sizeof v);
  GString *s = g_string_new(v);
  if (p->period && *p->period)
    g_string_append_printf(s, " in %s", p->period);
  g_string_append_printf(s, "\n%s", class_of(p->sig)->word);
  if (isfinite(p->x))
    g_string_append_printf(s, "\ntarget %s", hg_chart_format(p->x, dec, t, sizeof t));
  return g_string_free(s, FALSE);
}

typedef struct grid {
  double x, y, name_w, cw, head_h, names_h;
  hg_text_style name, cell, head, code;
  int dec;
} grid;

static double row_height(hg_canvas *cv, const grid *g, const hg_chart_series *s) {
  double w, h, best;
  hg_text_size(cv, &g->name, s->name ? s->name : "", &w, &best);
  for (size_t i = 0; i < s->n; i++) {
    char *t = cell_text(&s->pts[i], g->dec);
    hg_text_size(cv, &g->cell, t, &w, &h);
    best = fmax(best, h);
    g_free(t);
  }
  return best + 2 * PAD;
}

static void draw_header(hg_canvas *cv, const grid *g, const hg_chart_series *s0) {
  for (size_t i = 0; i < s0->n; i++) {
    double x = g->x + g->name_w + i * g->cw + g->cw / 2;
    hg_text(cv, &g->head, s0->pts[i].label ? s0->pts[i].label : "", x, g->y, 0.5, 0);
    if (s0->pts[i].code) /* the codes on one line, under the tallest name */
      hg_text(cv, &g->code, s0->pts[i].code, x, g->y + g->names_h + 1, 0.5, 0);
  }
}

static void draw_row(hg_canvas *cv, const grid *g, const hg_chart_series *s, double y, double h) {
  hg_rgb line = cv->th->role[HG_C_GRID];
  hg_text(cv, &g->name, s->name ? s->name : "", g->x + PAD, y + PAD, 0, 0);
  for (size_t i = 0; i < s->n; i++) {
    const hg_chart_point *p = &s->pts[i];
    hg_rect cell = {g->x + g->name_w + i * g->cw + 1, y + 1, g->cw - 2, h - 2};
    hg_rgb f = fill_of(cv, class_of(p->sig));
    hg_fill_rect(cv, cell, f, NULL);
    hg_mark(cv, HG_MARK_CELL, cell);
    hg_text_style st = g->cell;
    st.colour = hg_text_on(f);
    char *t = cell_text(p, g->dec);
    hg_text(cv, &st, t, cell.x + cell.w / 2, y + PAD, 0.5, 0);
    g_free(t);
  }
  hg_line(cv, g->x, y + h, g->x + g->name_w + s->n * g->cw, y + h, 0.5, line);
}

static size_t legend_items(const hg_canvas *cv, hg_legend_item *items) {
  for (size_t i = 0; i < G_N_ELEMENTS(classes); i++)
    items[i] = (hg_legend_item){classes[i].word, fill_of(cv, &classes[i]), 0};
  return G_N_ELEMENTS(classes);
}

hg_status hg_draw_tracker(hg_canvas *cv, const hg_chart_spec *spec) {
  if (spec->nseries == 0 || spec->series[0].n == 0)
    return HG_ERR_INVALID;
  const hg_chart_series *s0 = &spec->series[0];
  hg_legend_item items[G_N_ELEMENTS(classes)];
  size_t ni = legend_items(cv, items);
  hg_rect body = hg_frame_header(cv, spec);
  double leg_h = hg_legend(cv, items, ni, body.x, 0, body.w, false) + 6;
  double foot = hg_frame_footer_height(cv, spec, 1);
  grid g = {.x = body.x, .y = body.y, .dec = spec->decimals >= 0 ? spec->decimals : 1};
  g.name_w = fmin(NAME_W_MAX, body.w * 0.3);
  g.cw = (body.w - g.name_w) / (double)s0->n;
  g.name = hg_style(cv, HG_FONT_TICK);
  g.name.max_width = g.name_w - 2 * PAD;
  g.cell = hg_style(cv, HG_FONT_CELL);
  g.cell.max_width = g.cw - 2 * PAD;
  g.cell.align = PANGO_ALIGN_CENTER;
  g.head = hg_style(cv, HG_FONT_TICK);
  g.head.bold = true;
  g.head.max_width = g.cw - 2 * PAD;
  g.head.max_lines = 3;
  g.head.align = PANGO_ALIGN_CENTER;
  g.code = hg_style(cv, HG_FONT_NOTE);
  g.code.colour = cv->th->role[HG_C_SUBTLE];
  double hh = 0, w, h;
  for (size_t i = 0; i < s0->n; i++) {
    hg_text_size(cv, &g.head, s0->pts[i].label ? s0->pts[i].label : "", &w, &h);
    hh = fmax(hh, h);
  }
  hg_text_size(cv, &g.code, "E00000000", &w, &h);
  g.names_h = hh;
  g.head_h = hh + h + 4;
  draw_header(cv, &g, s0);
  double y = g.y + g.head_h, bottom = body.y + body.h - foot - leg_h;
  size_t shown = 0;
  for (size_t s = 0; s < spec->nseries; s++) {
    double rh = row_height(cv, &g, &spec->series[s]);
    if (y + rh > bottom)
      break;
    draw_row(cv, &g, &spec->series[s], y, rh);
    y += rh;
    shown++;
  }
  if (shown < spec->nseries)
    hg_note(cv, "%zu more target row(s) did not fit: see results/targets.csv.",
            spec->nseries - shown);
  hg_legend(cv, items, ni, body.x, y + 6, body.w, true);
  hg_frame_footer(cv, spec, NULL);
  return HG_OK;
}
