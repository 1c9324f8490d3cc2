/* frame.c: what every chart shares: title, subtitle and footer, legends, numeric
 * axes, and helpers over the spec.  Layout is measured, never guessed: measure
 * the text, reserve its margins, and the plot area is what remains. */
#include "internal.h"

#include <string.h>

#define MARGIN 14.0

static const char *kind_names[HG_CHART_KIND_COUNT] = {
    "overview", "spine",   "compare", "trends",  "inequalities", "gradient", "gap",    "funnel",
    "map",      "boxplot", "pyramid", "scatter", "trajectory",   "tracker",  "segment"};

const char *hg_chart_kind_name(hg_chart_kind k) {
  return (unsigned)k < HG_CHART_KIND_COUNT ? kind_names[k] : NULL;
}

hg_status hg_chart_kind_parse(const char *name, hg_chart_kind *out) {
  for (int i = 0; name && i < HG_CHART_KIND_COUNT; i++)
    if (strcmp(name, kind_names[i]) == 0) {
      *out = (hg_chart_kind)i;
      return HG_OK;
    }
  return HG_ERR_NOT_FOUND;
}

hg_chart_sig hg_chart_sig_parse(const char *s) {
  static const struct {
    const char *label;
    hg_chart_sig sig;
  } map[] = {{"better", HG_CHART_SIG_BETTER},       {"similar", HG_CHART_SIG_SIMILAR},
             {"same", HG_CHART_SIG_SIMILAR},        {"worse", HG_CHART_SIG_WORSE},
             {"lower", HG_CHART_SIG_LOWER},         {"higher", HG_CHART_SIG_HIGHER},
             {"lowest quintile", HG_CHART_SIG_Q1},  {"2nd lowest quintile", HG_CHART_SIG_Q2},
             {"middle quintile", HG_CHART_SIG_Q3},  {"2nd highest quintile", HG_CHART_SIG_Q4},
             {"highest quintile", HG_CHART_SIG_Q5}, {"best", HG_CHART_SIG_Q1},
             {"middle", HG_CHART_SIG_Q3},           {"worst", HG_CHART_SIG_Q5}};
  if (!s)
    return HG_CHART_SIG_NONE;
  while (*s == ' ')
    s++;
  /* Fingertips' two-level comparison writes the level: "Better 95%",
   * "Worse 99.8%" (fingertipsR's frames, "Download data" of some profiles);
   * both are Better or Worse at 95%. */
  size_t n = strlen(s);
  static const char *const levels[] = {" 95%", " 99.8%"};
  for (size_t k = 0; k < G_N_ELEMENTS(levels); k++)
    if (n > strlen(levels[k]) && g_str_has_suffix(s, levels[k]))
      n -= strlen(levels[k]);
  for (size_t i = 0; i < G_N_ELEMENTS(map); i++)
    if (strlen(map[i].label) == n && g_ascii_strncasecmp(s, map[i].label, n) == 0)
      return map[i].sig;
  return HG_CHART_SIG_NONE;
}

const char *hg_chart_sig_label(hg_chart_sig s) {
  /* quintile classes say which end is high (the "Lowest quintile" ..
   * "Highest quintile" of Fingertips' compared_to columns) */
  static const char *l[HG_CHART_SIG_COUNT] = {"Not compared", "Better", "Similar",   "Worse",
                                              "Lower",        "Higher", "Q1 lowest", "Q2",
                                              "Q3",           "Q4",     "Q5 highest"};
  return (unsigned)s < HG_CHART_SIG_COUNT ? l[s] : "Not compared";
}

hg_chart_trend hg_chart_trend_parse(const char *s) {
  if (!s || !*s)
    return HG_CHART_TREND_NONE;
  char *low = g_ascii_strdown(s, -1);
  hg_chart_trend t = HG_CHART_TREND_NONE;
  bool up = strstr(low, "increasing") != NULL, down = strstr(low, "decreasing") != NULL;
  bool better = strstr(low, "better") != NULL, worse = strstr(low, "worse") != NULL;
  if (strstr(low, "no significant change"))
    t = HG_CHART_TREND_NO_CHANGE;
  else if (up)
    t = better ? HG_CHART_TREND_UP_BETTER : worse ? HG_CHART_TREND_UP_WORSE : HG_CHART_TREND_UP;
  else if (down)
    t = better  ? HG_CHART_TREND_DOWN_BETTER
        : worse ? HG_CHART_TREND_DOWN_WORSE
                : HG_CHART_TREND_DOWN;
  g_free(low);
  return t;
}

void hg_chart_point_init(hg_chart_point *p) {
  memset(p, 0, sizeof *p);
  p->x = p->value = p->lower = p->upper = p->lower998 = p->upper998 = p->count = NAN;
  p->weight = NAN;
  p->england = p->london = NAN;
  for (int i = 0; i < 5; i++)
    p->stats[i] = NAN;
}

void hg_chart_spec_init(hg_chart_spec *s, hg_chart_kind kind) {
  memset(s, 0, sizeof *s);
  s->kind = kind;
  s->decimals = -1;
  s->fit.intercept = s->fit.slope = s->fit.slope_lower = s->fit.slope_upper = NAN;
  s->fit.r2 = s->fit.rii = s->fit.rii_lower = s->fit.rii_upper = NAN;
  for (int k = 0; k < 6; k++)
    s->map_bounds[k] = NAN;
}

void hg_chart_stats_clear(hg_chart_stats *st) {
  if (!st)
    return;
  for (size_t i = 0; i < st->nboxes; i++)
    g_free(st->boxes[i].text);
  g_free(st->boxes);
  g_free(st->marks);
  int rec = st->record_boxes;
  memset(st, 0, sizeof *st);
  st->record_boxes = rec;
}

/* ---- header and footer ---- */

hg_rect hg_frame_header(hg_canvas *cv, const hg_chart_spec *spec) {
  double y = MARGIN, w = cv->w - 2 * MARGIN;
  hg_text_style t = hg_style(cv, HG_FONT_TITLE);
  t.max_width = w;
  t.max_lines = 2;
  hg_rect r = hg_text(cv, &t, spec->title ? spec->title : "", MARGIN, y, 0, 0);
  y += r.h + 2;
  if (spec->subtitle && *spec->subtitle) {
    hg_text_style s = hg_style(cv, HG_FONT_SUBTITLE);
    s.max_width = w;
    s.max_lines = 2;
    r = hg_text(cv, &s, spec->subtitle, MARGIN, y, 0, 0);
    y += r.h;
  }
  y += 8;
  return (hg_rect){MARGIN, y, w, cv->h - y - MARGIN};
}

static char *footer_text(hg_canvas *cv, const hg_chart_spec *spec, const char *attribution) {
  GString *s = g_string_new(NULL);
  if (spec->footnote && *spec->footnote)
    g_string_append_printf(s, "%s ", spec->footnote);
  if (cv->notes->len)
    g_string_append_printf(s, "%s", cv->notes->str);
  if (s->len)
    g_string_append_c(s, '\n');
  g_string_append(s, spec->source && *spec->source ? spec->source : "Source: healthgap");
  if (attribution)
    g_string_append_printf(s, "\n%s", attribution);
  return g_string_free(s, FALSE);
}

double hg_frame_footer_height(hg_canvas *cv, const hg_chart_spec *spec, int extra_lines) {
  char *txt = footer_text(cv, spec, NULL);
  hg_text_style st = hg_style(cv, HG_FONT_NOTE);
  st.max_width = cv->w - 2 * MARGIN;
  double w, h;
  hg_text_size(cv, &st, txt, &w, &h);
  g_free(txt);
  double line = cv->th->font_pt[HG_FONT_NOTE] * 1.25;
  return h + extra_lines * line + 6;
}

void hg_frame_footer(hg_canvas *cv, const hg_chart_spec *spec, const char *attribution) {
  char *txt = footer_text(cv, spec, attribution);
  hg_text_style st = hg_style(cv, HG_FONT_NOTE);
  st.max_width = cv->w - 2 * MARGIN;
  hg_text(cv, &st, txt, MARGIN, cv->h - MARGIN, 0, 1);
  g_free(txt);
}

/* ---- legend ---- */

double hg_legend(hg_canvas *cv, const hg_legend_item *it, size_t n, double x, double y,
                 double max_w, bool draw) {
  hg_text_style st = hg_style(cv, HG_FONT_TICK);
  st.colour = cv->th->role[HG_C_TEXT];
  double sw = 10, gap = 4, sep = 12, cx = x, cy = y, lh = 0;
  for (size_t i = 0; i < n; i++) {
    double w, h;
    hg_text_size(cv, &st, it[i].label, &w, &h);
    double item_w = sw + gap + w;
    if (cx > x && cx + item_w > x + max_w) {
      cx = x;
      cy += lh + 3;
      lh = 0;
    }
    if (h > lh)
      lh = h;
    if (draw) {
      hg_rgb edge = cv->th->role[HG_C_AXIS];
      if (it[i].kind == 1)
        hg_line(cv, cx, cy + h / 2, cx + sw, cy + h / 2, 1.5, it[i].colour);
      else if (it[i].kind == 2)
        hg_marker(cv, cx + sw / 2, cy + h / 2, 3.5, 0, it[i].colour, edge);
      else if (it[i].kind == 0)
        hg_fill_rect(cv, (hg_rect){cx, cy + h / 2 - 4.5, sw, 9}, it[i].colour, &edge);
      hg_text(cv, &st, it[i].label, it[i].kind == 3 ? cx : cx + sw + gap, cy, 0, 0);
    }
    cx += (it[i].kind == 3 ? w : item_w) + sep;
  }
  return cy + lh - y;
}

/* ---- axes ---- */

typedef struct legible_ctx {
  hg_canvas *cv;
  double dmin, dmax, length;
  bool horizontal;
} legible_ctx;

/* The legibility term of Talbot, Lin and Hanrahan's extended labelling
 * (docs/charts.md, Axes): -inf if neighbouring labels plus half an em overlap
 * or two labels print the same, else 1. */
static double legible(double lmin, double step, int n, int decimals, void *vctx) {
  legible_ctx *c = vctx;
  double lo = fmin(c->dmin, lmin), hi = fmax(c->dmax, lmin + (n - 1) * step);
  if (!(hi > lo))
    return 1;
  double spacing = c->length * step / (hi - lo);
  hg_text_style st = hg_style(c->cv, HG_FONT_TICK);
  double em = c->cv->th->font_pt[HG_FONT_TICK], prev_w = 0;
  char prev[64] = "", b[64];
  for (int i = 0; i < n; i++) {
    hg_chart_format(lmin + i * step, decimals, b, sizeof b);
    if (i > 0 && strcmp(b, prev) == 0)
      return -INFINITY;
    double w, h;
    hg_text_size(c->cv, &st, b, &w, &h);
    double extent = c->horizontal ? w : h;
    if (i > 0 && (prev_w + extent) / 2 + 0.5 * em > spacing)
      return -INFINITY;
    prev_w = extent;
    snprintf(prev, sizeof prev, "%s", b);
  }
  return 1;
}

/* The range shown: the data with 3% to spare at each end, so that a marker or
 * whisker at an extreme is drawn whole and clear of the plot's edge (a limit
 * on the edge reads as cut); with include_zero, from zero (bars start there:
 * no room below zero for positive data, unless a limit is zero) and 3% beyond
 * the data's far end. */
static void pad_range(double *lo, double *hi, bool include_zero) {
  double a = include_zero ? fmin(*lo, 0) : *lo, b = include_zero ? fmax(*hi, 0) : *hi;
  if (b > a) {
    double pad = (b - a) * 0.03;
    if (!include_zero || a < 0 || *lo == 0) /* a limit at zero is not a bar's base */
      a -= pad;
    if (!include_zero || b > 0)
      b += pad;
  }
  *lo = a;
  *hi = b;
}

void hg_axis_fit_measured(hg_canvas *cv, hg_axis *ax, double dmin, double dmax, double length_pt,
                          double pt_per_label, bool include_zero, bool horizontal) {
  hg_axis_fit(ax, dmin, dmax, length_pt, pt_per_label, include_zero);
  /* refit the same padded range with the measured legibility term */
  double lo = dmin, hi = dmax;
  if (!isfinite(lo) || !isfinite(hi))
    return;
  pad_range(&lo, &hi, include_zero);
  int m = (int)lround(length_pt / pt_per_label);
  m = m < 3 ? 3 : m > 8 ? 8 : m;
  legible_ctx c = {cv, lo, hi, length_pt, horizontal};
  hg_ticks t;
  if (hg_ticks_extended_legible(lo, hi, m, 0, legible, &c, &t) == HG_OK) {
    ax->t = t;
    ax->lo = fmin(lo, t.lmin);
    ax->hi = fmax(hi, t.lmin + (t.n - 1) * t.step);
    if (ax->hi <= ax->lo)
      ax->hi = ax->lo + 1;
  }
}

void hg_axis_fit(hg_axis *ax, double dmin, double dmax, double length_pt, double pt_per_label,
                 bool include_zero) {
  if (!isfinite(dmin) || !isfinite(dmax)) {
    dmin = 0;
    dmax = 1;
  }
  pad_range(&dmin, &dmax, include_zero);
  int m = (int)lround(length_pt / pt_per_label);
  m = m < 3 ? 3 : m > 8 ? 8 : m;
  if (hg_ticks_extended(dmin, dmax, m, 0, &ax->t) != HG_OK) {
    ax->t = (hg_ticks){dmin, dmax, dmax - dmin, 2, 1};
  }
  ax->lo = fmin(dmin, ax->t.lmin);
  ax->hi = fmax(dmax, ax->t.lmax);
  if (ax->hi <= ax->lo)
    ax->hi = ax->lo + 1;
}

double hg_axis_map(const hg_axis *ax, double v) {
  return ax->p0 + (v - ax->lo) / (ax->hi - ax->lo) * (ax->p1 - ax->p0);
}

int hg_axis_decimals(const hg_axis *ax, int spec_decimals) {
  (void)spec_decimals; /* tick labels always use the step's decimals (one format per axis) */
  return ax->t.decimals;
}

double hg_axis_label_width(hg_canvas *cv, const hg_axis *ax, int decimals) {
  hg_text_style st = hg_style(cv, HG_FONT_TICK);
  double mw = 0;
  char b[64];
  for (int i = 0; i < ax->t.n; i++) {
    double w, h;
    hg_text_size(cv, &st, hg_chart_format(ax->t.lmin + i * ax->t.step, decimals, b, sizeof b), &w,
                 &h);
    if (w > mw)
      mw = w;
  }
  return mw;
}

void hg_axis_draw_y(hg_canvas *cv, const hg_axis *ax, hg_rect plot, int decimals, bool grid) {
  hg_text_style st = hg_style(cv, HG_FONT_TICK);
  char b[64];
  for (int i = 0; i < ax->t.n; i++) {
    double v = ax->t.lmin + i * ax->t.step; /* never by repeated addition */
    if (v < ax->lo - 1e-9 * fabs(ax->t.step) || v > ax->hi + 1e-9 * fabs(ax->t.step))
      continue;
    double y = hg_axis_map(ax, v);
    if (grid)
      hg_line(cv, plot.x, y, plot.x + plot.w, y, 0.5, cv->th->role[HG_C_GRID]);
    hg_line(cv, plot.x - 3, y, plot.x, y, 0.5, cv->th->role[HG_C_AXIS]);
    hg_text(cv, &st, hg_chart_format(v, decimals, b, sizeof b), plot.x - 5, y, 1, 0.5);
  }
  hg_line(cv, plot.x, plot.y, plot.x, plot.y + plot.h, 0.75, cv->th->role[HG_C_AXIS]);
}

void hg_plot_x_axis(hg_canvas *cv, hg_axis *ax, hg_rect plot, bool grid) {
  ax->p0 = plot.x;
  ax->p1 = plot.x + plot.w;
  hg_axis_draw_x(cv, ax, plot, ax->t.decimals, grid);
  cairo_save(cv->cr);
  cairo_rectangle(cv->cr, plot.x, plot.y, plot.w, plot.h);
  cairo_clip(cv->cr);
}

void hg_axis_draw_x(hg_canvas *cv, const hg_axis *ax, hg_rect plot, int decimals, bool grid) {
  hg_text_style st = hg_style(cv, HG_FONT_TICK);
  char b[64];
  double last_right = -1e9;
  for (int i = 0; i < ax->t.n; i++) {
    double v = ax->t.lmin + i * ax->t.step;
    if (v < ax->lo - 1e-9 * fabs(ax->t.step) || v > ax->hi + 1e-9 * fabs(ax->t.step))
      continue;
    double x = hg_axis_map(ax, v);
    if (grid)
      hg_line(cv, x, plot.y, x, plot.y + plot.h, 0.5, cv->th->role[HG_C_GRID]);
    hg_line(cv, x, plot.y + plot.h, x, plot.y + plot.h + 3, 0.5, cv->th->role[HG_C_AXIS]);
    hg_chart_format(v, decimals, b, sizeof b);
    double w, h;
    hg_text_size(cv, &st, b, &w, &h);
    if (x - w / 2 < last_right + 4) /* skip a label that would touch its neighbour */
      continue;
    hg_text(cv, &st, b, x, plot.y + plot.h + 5, 0.5, 0);
    last_right = x + w / 2;
  }
  hg_line(cv, plot.x, plot.y + plot.h, plot.x + plot.w, plot.y + plot.h, 0.75,
          cv->th->role[HG_C_AXIS]);
}

/* ---- spec helpers ---- */

void hg_spec_range(const hg_chart_spec *spec, bool with_limits, double *lo, double *hi) {
  double a = INFINITY, b = -INFINITY;
  for (size_t s = 0; s < spec->nseries; s++)
    for (size_t i = 0; i < spec->series[s].n; i++) {
      const hg_chart_point *p = &spec->series[s].pts[i];
      double v[3] = {p->value, with_limits ? p->lower : NAN, with_limits ? p->upper : NAN};
      for (int k = 0; k < 3; k++)
        if (isfinite(v[k])) {
          a = fmin(a, v[k]);
          b = fmax(b, v[k]);
        }
    }
  for (size_t r = 0; r < spec->nrefs; r++)
    if (isfinite(spec->refs[r].value)) {
      a = fmin(a, spec->refs[r].value);
      b = fmax(b, spec->refs[r].value);
    }
  *lo = a;
  *hi = b;
}

/* True if any point of the series of this role with a value also has limits. */
bool hg_spec_has_limits(const hg_chart_spec *spec, hg_role role) {
  for (size_t s = 0; s < spec->nseries; s++)
    for (size_t i = 0; i < spec->series[s].n; i++) {
      const hg_chart_point *p = &spec->series[s].pts[i];
      if ((spec->series[s].role == role || p->role == role) && isfinite(p->lower) &&
          isfinite(p->upper))
        return true;
    }
  return false;
}

/* Printed values: one decimal unless the spec says otherwise (Fingertips shows
 * most indicators at 1 dp). */
int hg_spec_auto_decimals(const hg_chart_spec *spec) {
  return spec->decimals >= 0 ? spec->decimals : 1;
}
