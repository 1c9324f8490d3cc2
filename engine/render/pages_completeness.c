/* render/pages_completeness.c: how complete the ethnic breakdowns are, on
 * the pages that show them.
 *
 * The NHS statement on information on health inequalities asks each body to
 * say how much of its data is recorded as "not stated" or "unknown".  The
 * analyse stage measures it for every breakdown (results/completeness.csv,
 * analyse/completeness.c, kept in memory as a run_table); here the share of
 * each ethnic breakdown is written under its chart, and a table gives every
 * area's shares over the periods, flagged above [pack] unknown_share_max.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"

#define COMPLETENESS "results/completeness.csv"

/* The columns of results/completeness.csv that the pages read. */
typedef struct {
  const run_table *t;
  long id, area, period, ctype, basis, total, share, threshold, flag, note;
} cmp_cols;

static int cmp_open(const render *R, cmp_cols *c) {
  c->t = run_table_find(R->ctx, COMPLETENESS);
  if (!c->t)
    return 0;
  c->id = run_table_col(c->t, "indicator_id");
  c->area = run_table_col(c->t, "area_code");
  c->period = run_table_col(c->t, "period");
  c->ctype = run_table_col(c->t, "category_type");
  c->basis = run_table_col(c->t, "basis");
  c->total = run_table_col(c->t, "total");
  c->share = run_table_col(c->t, "not_stated_percent");
  c->threshold = run_table_col(c->t, "threshold_percent");
  c->flag = run_table_col(c->t, "flag");
  c->note = run_table_col(c->t, "note");
  return 1;
}

static const char *cell(const cmp_cols *c, guint i, long col) {
  return run_table_cell(c->t, i, col);
}

static int is_row(const cmp_cols *c, guint i, const char *id, const char *area, const char *ctype) {
  return !strcmp(cell(c, i, c->id), id) && !strcmp(cell(c, i, c->area), area) &&
         (!ctype || !strcmp(cell(c, i, c->ctype), ctype));
}

/* "12.3%" of a percentage cell, or "-" (g_free). */
static char *pct(const char *s) {
  if (!*s)
    return g_strdup("-");
  char *v = render_one_decimal(g_ascii_strtod(s, NULL));
  char *p = g_strdup_printf("%s%%", v);
  g_free(v);
  return p;
}

char *render_completeness_note(const render *R, const char *id, const char *area,
                               const char *ctype) {
  cmp_cols c;
  if (!cmp_open(R, &c))
    return NULL;
  gint last = -1; /* rows in the results' order: the last is the latest period */
  for (guint i = 0; i < c.t->rows->len; i++)
    if (is_row(&c, i, id, area, ctype))
      last = (gint)i;
  if (last < 0)
    return NULL;
  guint i = (guint)last;
  if (!*cell(&c, i, c.share))
    return g_strdup_printf("Not stated or unknown, %s: no share (%s; results/completeness.csv).",
                           cell(&c, i, c.period), cell(&c, i, c.note));
  char *s = pct(cell(&c, i, c.share)), *t = pct(cell(&c, i, c.threshold));
  int above = !strcmp(cell(&c, i, c.flag), "above");
  char *n =
      g_strdup_printf("Not stated or unknown, %s: %s of %s %s (%s); %s the %s threshold ([pack] "
                      "unknown_share_max; results/completeness.csv)%s",
                      cell(&c, i, c.period), s, cell(&c, i, c.total),
                      !strcmp(cell(&c, i, c.basis), "denominator") ? "people" : "events",
                      cell(&c, i, c.basis), above ? "ABOVE" : "within", t,
                      above ? ": the groups' values may be biased by the unrecorded ones." : ".");
  g_free(s);
  g_free(t);
  return n;
}

/* One table row: an indicator's ethnic breakdown in one area over its
 * periods (rows from first on with the same indicator, area and type). */
static char *area_row(const render *R, const cmp_cols *c, guint first, guint *next) {
  const char *id = cell(c, first, c->id), *area = cell(c, first, c->area),
             *ct = cell(c, first, c->ctype);
  guint i = first, n = 0, above = 0, hi = first, last = first;
  double best = -1;
  GString *list = g_string_new("");
  for (; i < c->t->rows->len && is_row(c, i, id, area, ct); i++) {
    n++;
    last = i;
    const char *s = cell(c, i, c->share);
    if (*s && g_ascii_strtod(s, NULL) > best) {
      best = g_ascii_strtod(s, NULL);
      hi = i;
    }
    if (!strcmp(cell(c, i, c->flag), "above")) {
      above++;
      g_string_append_printf(list, "%s%s", list->len ? ", " : "", cell(c, i, c->period));
    }
  }
  *next = i;
  char *ls = pct(cell(c, last, c->share)), *hs = pct(cell(c, hi, c->share));
  hg_chart_request rq = {.indicator = id, .category_type = ct};
  const char *synth = render_is_synthetic(R, &rq) ? "SYNTHETIC: " : "";
  char *row = g_strdup_printf("|%s%s (%s)|%s|%s|%s, %s|%s, %s|%u of %u%s%s%s", synth,
                              render_ind_short(R, id), id, render_area_name(R, area), ct, ls,
                              cell(c, last, c->period), hs, cell(c, hi, c->period), above, n,
                              above ? " (" : "", list->str, above ? ")" : "");
  g_free(ls);
  g_free(hs);
  g_string_free(list, TRUE);
  return row;
}

void render_completeness_pages(render *R, GPtrArray *pages, const char *const *areas, size_t n) {
  cmp_cols c;
  if (!cmp_open(R, &c))
    return;
  GPtrArray *rows = g_ptr_array_new_with_free_func(g_free);
  const char *threshold = "";
  for (size_t a = 0; a < n; a++)
    for (guint i = 0; i < c.t->rows->len;) {
      if (strcmp(cell(&c, i, c.area), areas[a]) || !strcasestr(cell(&c, i, c.ctype), "ethnic")) {
        i++;
        continue;
      }
      threshold = cell(&c, i, c.threshold);
      g_ptr_array_add(rows, area_row(R, &c, i, &i));
    }
  char *t = pct(threshold);
  for (guint k = 0; k < rows->len; k += 12) {
    page *p = render_text_page(pages, "Ethnic groups: completeness of the breakdowns");
    render_line(p,
                "How much of each ethnic breakdown is recorded as not stated or unknown (the NHS "
                "statement on health inequalities asks for it): the share of the people "
                "(denominators) or, without them, the events (counts) in the not-stated "
                "categories, in the latest period and in the period where it is highest, and "
                "the periods above the %s threshold ([pack] unknown_share_max). A share above "
                "it means the groups' values may be biased by the people whose group is not "
                "recorded. From results/completeness.csv.",
                t);
    render_line(p, "%s", "");
    render_line(p, "|Indicator (id)|Area|Breakdown|Latest|Highest|Periods above");
    for (guint i = k; i < rows->len && i < k + 12; i++)
      render_line(p, "%s", (const char *)rows->pdata[i]);
  }
  g_free(t);
  g_ptr_array_free(rows, TRUE);
}
