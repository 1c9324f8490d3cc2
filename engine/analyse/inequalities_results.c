/* inequalities_results.c: the inequality results container, its sort order, gap
 * trends over series, and the results/inequalities.csv writer.  Contracts in
 * healthgap/inequalities.h. */
#include "healthgap/inequalities.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "healthgap/csvout.h"
#include "healthgap/results.h"

struct hg_ineq_results {
  GArray *rows; /* hg_ineq_row, strings in `strings` */
  GStringChunk *strings;
};

void hg_ineq_row_init(hg_ineq_row *r, const hg_ineq_key *key, const char *breakdown_type,
                      const char *measure) {
  memset(r, 0, sizeof *r);
  r->indicator_id = key->indicator_id;
  r->area_code = key->area_code;
  r->period = key->period;
  r->sex = key->sex;
  r->age = key->age;
  r->period_year = key->period_year;
  r->breakdown_type = breakdown_type;
  r->measure = measure;
  r->value = r->lower95 = r->upper95 = r->group_value = r->reference_value = NAN;
}

hg_ineq_results *hg_ineq_results_new(void) {
  hg_ineq_results *r = calloc(1, sizeof *r);
  if (!r)
    return NULL;
  r->rows = g_array_new(FALSE, TRUE, sizeof(hg_ineq_row));
  r->strings = g_string_chunk_new(4096);
  return r;
}

void hg_ineq_results_free(hg_ineq_results *res) {
  if (!res)
    return;
  g_array_free(res->rows, TRUE);
  g_string_chunk_free(res->strings);
  free(res);
}

static const char *keep(hg_ineq_results *res, const char *s) {
  return g_string_chunk_insert_const(res->strings, s ? s : "");
}

/* The first four digits of a period text ("2017 - 19" -> 2017), else NAN. */
static double year_of(const char *period) {
  if (!period)
    return NAN;
  for (const char *p = period; *p; p++)
    if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
        isdigit((unsigned char)p[2]) && isdigit((unsigned char)p[3]))
      return (double)((p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0'));
  return NAN;
}

hg_status hg_ineq_results_add(hg_ineq_results *res, const hg_ineq_row *row) {
  if (!res || !row)
    return HG_ERR_INVALID;
  hg_ineq_row r = *row;
  r.indicator_id = keep(res, row->indicator_id);
  r.area_code = keep(res, row->area_code);
  r.period = keep(res, row->period);
  r.sex = keep(res, row->sex);
  r.age = keep(res, row->age);
  r.breakdown_type = keep(res, row->breakdown_type);
  r.measure = keep(res, row->measure);
  r.group = keep(res, row->group);
  r.reference_group = keep(res, row->reference_group);
  r.component = keep(res, row->component);
  r.significance = keep(res, row->significance);
  r.gap_trend = keep(res, row->gap_trend);
  r.note = keep(res, row->note);
  if (isnan(r.period_year))
    r.period_year = year_of(r.period);
  g_array_append_val(res->rows, r);
  return HG_OK;
}

size_t hg_ineq_results_size(const hg_ineq_results *res) {
  return res ? res->rows->len : 0;
}

const hg_ineq_row *hg_ineq_results_get(const hg_ineq_results *res, size_t i) {
  return res && i < res->rows->len ? &g_array_index(res->rows, hg_ineq_row, i) : NULL;
}

/* Arriaga components are age bands ("0", "1-4", ..., "90+", or "5-9: cancer"):
 * in age order, not text order (5-9 before 10-14), then by text (the cause). */
static int cmp_component(const hg_ineq_row *x, const hg_ineq_row *y) {
  if (strncmp(x->measure, "arriaga", 7) == 0) {
    char *ex, *ey;
    double ax = strtod(x->component, &ex), ay = strtod(y->component, &ey);
    if (ex != x->component && ey != y->component && ax != ay)
      return ax < ay ? -1 : 1;
  }
  return strcmp(x->component, y->component);
}

/* Series key first (everything but the period), then time: rows of one series
 * end up adjacent and in time order, which the gap trends rely on. */
static int cmp_series(const hg_ineq_row *x, const hg_ineq_row *y) {
  int c;
  if ((c = strcmp(x->indicator_id, y->indicator_id)) || (c = strcmp(x->area_code, y->area_code)) ||
      (c = strcmp(x->sex, y->sex)) || (c = strcmp(x->age, y->age)) ||
      (c = strcmp(x->breakdown_type, y->breakdown_type)) || (c = strcmp(x->measure, y->measure)) ||
      (c = strcmp(x->group, y->group)) || (c = strcmp(x->reference_group, y->reference_group)) ||
      (c = cmp_component(x, y)))
    return c;
  return 0;
}

static int cmp_row(const void *a, const void *b) {
  const hg_ineq_row *x = a, *y = b;
  int c = cmp_series(x, y);
  if (c)
    return c;
  double tx = x->period_year, ty = y->period_year;
  if (!isnan(tx) && !isnan(ty) && tx != ty)
    return tx < ty ? -1 : 1;
  if (isnan(tx) != isnan(ty))
    return isnan(tx) ? 1 : -1;
  return strcmp(x->period, y->period);
}

void hg_ineq_results_sort(hg_ineq_results *res) {
  if (res && res->rows->len > 1)
    qsort(res->rows->data, res->rows->len, sizeof(hg_ineq_row), cmp_row);
}

static int match(const char *want, const char *have) {
  return !want || strcmp(want, have) == 0;
}

const hg_ineq_row *hg_ineq_results_find(const hg_ineq_results *res, const char *indicator_id,
                                        const char *area_code, const char *period, const char *sex,
                                        const char *measure, const char *group) {
  for (size_t i = 0; i < hg_ineq_results_size(res); i++) {
    const hg_ineq_row *r = hg_ineq_results_get(res, i);
    if (match(indicator_id, r->indicator_id) && match(area_code, r->area_code) &&
        match(period, r->period) && match(sex, r->sex) && match(measure, r->measure) &&
        match(group, r->group))
      return r;
  }
  return NULL;
}

/* 1 for the difference measures (fitted as they are), 2 for the ratio measures
 * (fitted on the log scale, where "no gap" is 0 as for a difference, so the same
 * narrowing/widening rule applies and the limits are symmetric), 0 otherwise. */
static int trend_scale(const char *measure) {
  if (strcmp(measure, "sii") == 0 || strcmp(measure, "abs_gap") == 0 ||
      strcmp(measure, "diff_vs_ref") == 0)
    return 1;
  if (strcmp(measure, "rii") == 0 || strcmp(measure, "rel_gap") == 0 ||
      strcmp(measure, "ratio_vs_ref") == 0)
    return 2;
  return 0;
}

hg_status hg_ineq_apply_gap_trends(hg_ineq_results *res, double confidence) {
  if (!res)
    return HG_ERR_INVALID;
  hg_ineq_results_sort(res);
  size_t n = res->rows->len;
  double *t = malloc((n ? n : 1) * sizeof *t), *g = malloc((n ? n : 1) * sizeof *g);
  double *se = malloc((n ? n : 1) * sizeof *se);
  hg_status st = HG_OK;
  if (!t || !g || !se) {
    st = HG_ERR_NOMEM;
    goto cleanup;
  }
  for (size_t i = 0; i < n;) {
    hg_ineq_row *first = &g_array_index(res->rows, hg_ineq_row, i);
    size_t j = i + 1;
    while (j < n && cmp_series(first, &g_array_index(res->rows, hg_ineq_row, j)) == 0)
      j++;
    int scale = trend_scale(first->measure);
    if (scale && j - i >= 3) {
      int weighted = 1;
      for (size_t m = i; m < j; m++) {
        const hg_ineq_row *r = &g_array_index(res->rows, hg_ineq_row, m);
        t[m - i] = r->period_year;
        /* The limits are 95% ones: SE = width / (2 * 1.96), on the fitted scale.
         * A non-positive ratio has no log: NAN, and the fit skips that period. */
        if (scale == 2) {
          g[m - i] = r->value > 0 ? log(r->value) : NAN;
          se[m - i] = r->lower95 > 0 && r->upper95 > 0
                          ? (log(r->upper95) - log(r->lower95)) / (2 * 1.959963984540054)
                          : NAN;
        } else {
          g[m - i] = r->value;
          se[m - i] = (r->upper95 - r->lower95) / (2 * 1.959963984540054);
        }
        if (!(se[m - i] > 0))
          weighted = 0;
      }
      hg_gap_trend tr;
      st = hg_gap_trend_fit(j - i, t, g, weighted ? se : NULL, confidence, &tr);
      if (st == HG_OK) {
        /* gap_trend is a per-row column: every period of the series carries the
         * label of the whole series, so a filter on any one period shows it. */
        const char *label = keep(res, hg_gap_trend_text(tr.label));
        for (size_t m = i; m < j; m++)
          g_array_index(res->rows, hg_ineq_row, m).gap_trend = label;
      } else if (st != HG_ERR_RANGE) {
        goto cleanup;
      }
      st = HG_OK; /* a degenerate series gets no label, not an error */
    }
    i = j;
  }
cleanup:
  free(t);
  free(g);
  free(se);
  return st;
}

hg_status hg_ineq_write_csv(hg_ineq_results *res, FILE *fp, int bom) {
  static const char *const header[] = {HG_INEQUALITIES_COLUMNS(HG_COLUMN_NAME)};
  if (!res || !fp)
    return HG_ERR_INVALID;
  hg_ineq_results_sort(res);
  hg_csv_writer *w = hg_csv_writer_new(fp, bom);
  if (!w)
    return HG_ERR_NOMEM;
  hg_csv_row(w, header, sizeof header / sizeof header[0]);
  for (size_t i = 0; i < res->rows->len; i++) {
    const hg_ineq_row *r = &g_array_index(res->rows, hg_ineq_row, i);
#define CELL_(name, csv, kind, field) HG_CSV_CELL_##kind(w, r->field);
    HG_INEQUALITIES_COLUMNS(CELL_)
#undef CELL_
    hg_csv_end_row(w);
  }
  return hg_csv_writer_finish(w);
}
