/* spine.c: area profile (Fingertips' spine chart): one row per indicator with the
 * table columns Fingertips shows (Indicator, Period, Trend, Count, Value, London,
 * England, Worst/Lowest, the spine, Best/Highest).  The spine is centred on
 * England, both sides share one scale (half-width = max |England - extreme|), the
 * worst end is always on the left, P25..P75 dark grey, outer ranges light grey,
 * the area a circle filled by significance, London a diamond.  Each point:
 * value, count, london, england, stats = min, P25, median, P75, max, polarity. */
#include "internal.h"

static const char *trend_text(hg_chart_trend t) {
  switch (t) {
  case HG_CHART_TREND_NO_CHANGE:
    return "No change";
  case HG_CHART_TREND_UP_BETTER:
    return "\xE2\x86\x91 better";
  case HG_CHART_TREND_UP_WORSE:
    return "\xE2\x86\x91 worse";
  case HG_CHART_TREND_DOWN_BETTER:
    return "\xE2\x86\x93 better";
  case HG_CHART_TREND_DOWN_WORSE:
    return "\xE2\x86\x93 worse";
  case HG_CHART_TREND_UP:
    return "\xE2\x86\x91";
  case HG_CHART_TREND_DOWN:
    return "\xE2\x86\x93";
  default:
    return "-";
  }
}

/* The text cells of one row (columns 1-7 and 9; 0 is the label, 8 the spine),
 * measured for the column widths and then drawn, so both read the same text. */
static void row_cells(const hg_chart_point *p, int dec, char buf[][48]) {
  bool low_good = p->polarity == HG_CHART_POLARITY_LOW_GOOD;
  double worst = low_good ? p->stats[4] : p->stats[0], best = low_good ? p->stats[0] : p->stats[4];
  snprintf(buf[1], 48, "%s", p->period ? p->period : "");
  snprintf(buf[2], 48, "%s", trend_text(p->trend));
  hg_chart_format(p->count, 0, buf[3], 48);
  hg_chart_format(p->value, dec, buf[4], 48);
  hg_chart_format(p->london, dec, buf[5], 48);
  hg_chart_format(p->england, dec, buf[6], 48);
  hg_chart_format(worst, dec, buf[7], 48);
  hg_chart_format(best, dec, buf[9], 48);
}

/* The columns: 0 the indicator, 1-7 and 9 text cells (row_cells), 8 the spine. */
enum { NC = 10 };

/* The table as laid out: the cell and header text (shrunk together on a narrow
 * page), each column's width and left edge, the header row's height. */
typedef struct spine_table {
  hg_text_style ct, ht;
  int dec;
  double cw[NC], cx[NC];
  double head_h;
} spine_table;

static const char *heads[NC] = {"Indicator", "Period",        "Recent\ntrend",  "Count",
                                "Value",     "London\nvalue", "England\nvalue", "Worst/\nLowest",
                                "",          "Best/\nHighest"};

/* The footnotes, added before the header so that the footer's height counts them. */
static void spine_notes(hg_canvas *cv, const hg_chart_series *s) {
  bool nolondon = true;
  for (size_t i = 0; i < s->n; i++)
    nolondon &= !isfinite(s->pts[i].london);
  if (nolondon)
    hg_note(cv, "No London values in the data.");
  /* the range's areas are named by the spec's footnote: only its builder
   * knows which areas they are */
  for (size_t i = 0; i < s->n; i++)
    if (isfinite(s->pts[i].value) && !isfinite(s->pts[i].stats[0]))
      hg_note(cv, "No range where a quarter or more of the areas have no value.");
}

/* Measures the widths of the text columns (the widest of header and cells, plus 8
 * points) and the header row's height; returns the text columns' total width. */
static double spine_measure(hg_canvas *cv, const hg_chart_series *s, spine_table *tb) {
  char buf[NC][48];
  double w, h, fixed = 0;
  tb->head_h = 0;
  for (int c = 1; c < NC; c++) {
    hg_text_size(cv, &tb->ht, heads[c], &w, &h);
    tb->cw[c] = w;
    tb->head_h = fmax(tb->head_h, h);
  }
  for (size_t i = 0; i < s->n; i++) {
    row_cells(&s->pts[i], tb->dec, buf);
    for (int c = 1; c < NC; c++)
      if (c != 8) {
        hg_text_size(cv, &tb->ct, buf[c], &w, &h);
        tb->cw[c] = fmax(tb->cw[c], w);
      }
  }
  for (int c = 1; c < NC; c++)
    if (c != 8)
      fixed += (tb->cw[c] += 8);
  return fixed;
}

/* Column widths: numbers measured, the spine 30% of the body (at least 160), the
 * indicator column takes the rest.  On a page too narrow for the table the table
 * text shrinks once; if the indicator column is still narrow, the spine gives way. */
static void spine_columns(hg_canvas *cv, const hg_chart_series *s, hg_rect body, spine_table *tb) {
  double fixed = spine_measure(cv, s, tb);
  if (fixed + 200 > body.w) {
    tb->ct.scale = tb->ht.scale = fmax(0.5, body.w / (fixed + 200));
    fixed = spine_measure(cv, s, tb);
  }
  tb->cw[8] = fmax(160, body.w * 0.3);
  tb->cw[0] = body.w - fixed - tb->cw[8];
  if (tb->cw[0] < 120) { /* narrow page: shrink the spine, never the text */
    tb->cw[8] = fmax(80, tb->cw[8] - (120 - tb->cw[0]));
    tb->cw[0] = body.w - fixed - tb->cw[8];
  }
  double x = body.x;
  for (int c = 0; c < NC; c++) {
    tb->cx[c] = x;
    x += tb->cw[c];
  }
}

static void spine_heads(hg_canvas *cv, const spine_table *tb, double top) {
  for (int c = 0; c < NC; c++) {
    hg_text_style t = tb->ht;
    t.align = c == 0 ? PANGO_ALIGN_LEFT : PANGO_ALIGN_CENTER;
    hg_text(cv, &t, heads[c], c == 0 ? tb->cx[c] : tb->cx[c] + tb->cw[c] / 2, top - 3,
            c == 0 ? 0 : 0.5, 1);
  }
}

/* One row's text: the stripe on even rows, the indicator (two lines when the
 * row is tall enough) and the cells right-aligned. */
static void spine_row_text(hg_canvas *cv, const spine_table *tb, const hg_chart_point *p,
                           hg_rect body, size_t i, double y, double rh) {
  double cy = y + rh / 2;
  char buf[NC][48];
  if (i % 2 == 0)
    hg_fill_rect(cv, (hg_rect){body.x, y, body.w, rh}, (hg_rgb){0.97, 0.97, 0.97}, NULL);
  hg_text_style t = tb->ct;
  t.max_width = tb->cw[0] - 6;
  t.max_lines = rh > 20 ? 2 : 1;
  hg_text(cv, &t, p->label, tb->cx[0], cy, 0, 0.5);
  row_cells(p, tb->dec, buf);
  for (int c = 1; c < NC; c++)
    if (c != 8) {
      hg_text_style tc = tb->ct;
      if (c == 4 && isfinite(p->value)) { /* value cell carries the significance too */
        hg_rgb f = cv->th->sig[p->sig];
        hg_fill_rect(cv, (hg_rect){tb->cx[c] + 2, y + 2, tb->cw[c] - 4, rh - 4}, f, NULL);
        tc.colour = hg_text_on(f);
      }
      hg_text(cv, &tc, buf[c], tb->cx[c] + tb->cw[c] - 4, cy, 1, 0.5);
    }
}

/* One row's spine in column 8: centred on England, half-width the farther of
 * the range's ends, the worst end on the left; none without England or a range. */
static void spine_bar(hg_canvas *cv, const spine_table *tb, const hg_chart_point *p, double y,
                      double rh) {
  double cy = y + rh / 2;
  hg_rgb black = {0, 0, 0};
  double e = p->england, mn = p->stats[0], mx = p->stats[4];
  if (!isfinite(e) || !isfinite(mn) || !isfinite(mx))
    return;
  double half = fmax(fabs(e - mn), fabs(mx - e));
  if (!(half > 0))
    half = 1;
  double sx0 = tb->cx[8] + 6, sw = tb->cw[8] - 12, mid = sx0 + sw / 2;
  double dir = p->polarity == HG_CHART_POLARITY_LOW_GOOD ? -1 : 1; /* worst on the left */
#define SX(v) (mid + dir * ((v)-e) / half * (sw / 2))
  double bh = fmin(rh * 0.6, 14);
  double a = SX(mn), b = SX(mx), q1 = SX(p->stats[1]), q3 = SX(p->stats[3]);
  hg_fill_rect(cv, (hg_rect){fmin(a, b), cy - bh / 2, fabs(b - a), bh},
               cv->th->role[HG_C_SPINE_OUTER], NULL);
  if (isfinite(p->stats[1]) && isfinite(p->stats[3]))
    hg_fill_rect(cv, (hg_rect){fmin(q1, q3), cy - bh / 2, fabs(q3 - q1), bh},
                 cv->th->role[HG_C_SPINE_INNER], NULL);
  hg_mark(cv, HG_MARK_BAR, (hg_rect){fmin(a, b), cy - bh / 2, fabs(b - a), bh});
  hg_line(cv, mid, y + 1, mid, y + rh - 1, 1.2, (hg_rgb){0.55, 0, 0});
  if (isfinite(p->london))
    hg_marker(cv, SX(p->london), cy, 3.2, 1, (hg_rgb){0.3, 0.3, 0.3}, black);
  if (isfinite(p->value))
    hg_marker(cv, SX(p->value), cy, 4, 0, cv->th->sig[p->sig], black);
#undef SX
}

hg_status hg_draw_spine(hg_canvas *cv, const hg_chart_spec *spec) {
  const hg_chart_series *s = &spec->series[0];
  size_t n = s->n;
  if (n == 0)
    return HG_ERR_INVALID;
  spine_notes(cv, s);
  hg_rect body = hg_frame_header(cv, spec);
  hg_legend_item items[16];
  size_t ni = hg_chart_sig_legend(cv, spec, items, 10);
  items[ni++] = (hg_legend_item){"25th to 75th percentile", cv->th->role[HG_C_SPINE_INNER], 0};
  items[ni++] = (hg_legend_item){"Range", cv->th->role[HG_C_SPINE_OUTER], 0};
  double foot = hg_frame_footer_height(cv, spec, 0);
  double leg = hg_legend(cv, items, ni, body.x, 0, body.w, false) + 8;
  spine_table tb = {.ct = hg_style(cv, HG_FONT_CELL), .dec = hg_spec_auto_decimals(spec)};
  tb.ct.colour = cv->th->role[HG_C_TEXT];
  tb.ht = tb.ct;
  tb.ht.bold = true;
  spine_columns(cv, s, body, &tb);
  double top = body.y + tb.head_h + 4;
  double rh = fmin(30, (body.y + body.h - foot - leg - top) / n);
  spine_heads(cv, &tb, top);
  for (size_t i = 0; i < n; i++) {
    double y = top + i * rh;
    spine_row_text(cv, &tb, &s->pts[i], body, i, y, rh);
    spine_bar(cv, &tb, &s->pts[i], y, rh);
  }
  hg_legend(cv, items, ni, body.x, top + n * rh + 8, body.w, true);
  hg_frame_footer(cv, spec, NULL);
  return HG_OK;
}
