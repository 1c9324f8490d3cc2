/* targets.c: the targets table, goal RAG, status from the projection to the
 * target year (docs/targets.md), and results/targets.csv. */
#include "healthgap/targets.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "healthgap/csvout.h"
#include "healthgap/results.h"
#include "healthgap/table.h"

struct hg_target_set {
  GPtrArray *targets; /* hg_target*, owned */
};

/* targets.csv keys -> registry ids.  Keys not listed map to "hg.<key>" (the
 * registry finds those). */
static const char *const key_to_id[][2] = {
    {"adult_smoking_prevalence", "92443"},
    {"healthy_life_expectancy", "90362"},
    {"life_expectancy", "90366"},
    {"premature_mortality", "108"},
};

static void target_free(gpointer p) {
  hg_target *t = p;
  if (t == NULL)
    return;
  g_free(t->target_id);
  g_free(t->indicator_key);
  g_free(t->indicator_id);
  g_free(t->scope);
  g_free(t->unit);
  g_free(t->source);
  g_free(t->note);
  g_free(t);
}

hg_target_set *hg_target_set_new(void) {
  hg_target_set *s = g_new0(hg_target_set, 1);
  s->targets = g_ptr_array_new_with_free_func(target_free);
  return s;
}

void hg_target_set_free(hg_target_set *set) {
  if (set == NULL)
    return;
  g_ptr_array_free(set->targets, TRUE);
  g_free(set);
}

size_t hg_target_set_size(const hg_target_set *set) {
  return set->targets->len;
}

const hg_target *hg_target_set_at(const hg_target_set *set, size_t i) {
  return i < set->targets->len ? g_ptr_array_index(set->targets, i) : NULL;
}

static int parse_year(const char *s, int *out) {
  double d;
  hg_num r = hg_parse_number(s, strlen(s), &d);
  if (r == HG_NUM_MISSING) {
    *out = 0;
    return 1;
  }
  if (r != HG_NUM_OK || d != floor(d) || d < 1900 || d > 2200)
    return 0;
  *out = (int)d;
  return 1;
}

static char *map_key(const char *key) {
  for (size_t i = 0; i < sizeof key_to_id / sizeof key_to_id[0]; i++)
    if (strcmp(key, key_to_id[i][0]) == 0)
      return g_strdup(key_to_id[i][1]);
  if (strncmp(key, "hg.", 3) == 0 || (key[0] >= '0' && key[0] <= '9'))
    return g_strdup(key);
  return g_strconcat("hg.", key, NULL);
}

static const char *cell_or_empty(const hg_table *t, size_t r, long c) {
  return c >= 0 ? hg_table_cell(t, r, (size_t)c) : "";
}

/* Target row r of t into x.  rc: the required columns (target_id,
 * indicator_key, scope, direction, target_value, target_year); oc: the optional
 * ones (unit, baseline_year, source, note), -1 when absent. */
static hg_status parse_target(const hg_table *t, size_t r, const long *rc, const long *oc,
                              const char *path, hg_target *x, hg_error *err) {
  long line = hg_table_line(t, r);
  x->target_id = g_strdup(cell_or_empty(t, r, rc[0]));
  x->indicator_key = g_strdup(cell_or_empty(t, r, rc[1]));
  x->indicator_id = map_key(x->indicator_key);
  x->scope = g_strdup(cell_or_empty(t, r, rc[2]));
  x->unit = g_strdup(cell_or_empty(t, r, oc[0]));
  x->source = g_strdup(cell_or_empty(t, r, oc[2]));
  x->note = g_strdup(cell_or_empty(t, r, oc[3]));
  if (x->target_id[0] == '\0' || x->indicator_key[0] == '\0') {
    hg_error_set(err, path, line, x->target_id[0] ? "indicator_key" : "target_id", "empty");
    return HG_ERR_INVALID;
  }
  const char *dir = cell_or_empty(t, r, rc[3]);
  if (strcmp(dir, "at_most") == 0)
    x->direction = HG_TARGET_AT_MOST;
  else if (strcmp(dir, "at_least") == 0)
    x->direction = HG_TARGET_AT_LEAST;
  else if (strcmp(dir, "narrow") == 0)
    x->direction = HG_TARGET_NARROW;
  else if (strcmp(dir, "increase_by") == 0)
    x->direction = HG_TARGET_INCREASE_BY;
  else if (strcmp(dir, "decrease_by_percent") == 0)
    x->direction = HG_TARGET_DECREASE_BY_PERCENT;
  else {
    hg_error_set(err, path, line, "direction",
                 "not one of at_most, at_least, narrow, increase_by, decrease_by_percent: '%s'",
                 dir);
    return HG_ERR_INVALID;
  }
  const char *tv = cell_or_empty(t, r, rc[4]);
  hg_num nr = hg_parse_number(tv, strlen(tv), &x->target_value);
  if (nr == HG_NUM_INVALID || (nr == HG_NUM_MISSING && x->direction != HG_TARGET_NARROW)) {
    hg_error_set(err, path, line, "target_value", "not a number: '%s'", tv);
    return HG_ERR_INVALID;
  }
  const char *ty = cell_or_empty(t, r, rc[5]), *by = cell_or_empty(t, r, oc[1]);
  if (!parse_year(ty, &x->target_year)) {
    hg_error_set(err, path, line, "target_year", "not a year: '%s'", ty);
    return HG_ERR_INVALID;
  }
  if (!parse_year(by, &x->baseline_year) ||
      (x->direction >= HG_TARGET_NARROW && x->baseline_year == 0)) {
    hg_error_set(err, path, line, "baseline_year", "a year is needed for %s: '%s'", dir, by);
    return HG_ERR_INVALID;
  }
  return HG_OK;
}

hg_status hg_target_set_load_csv(hg_target_set *set, const char *path, hg_error *err) {
  hg_table *t = NULL;
  hg_status st = hg_table_read(path, NULL, &t, err);
  if (st == HG_OK)
    st = hg_target_set_load_table(set, t, err);
  hg_table_free(t);
  return st;
}

hg_status hg_target_set_load_table(hg_target_set *set, const hg_table *t, hg_error *err) {
  static const char *const required[] = {"target_id", "indicator_key", "scope",
                                         "direction", "target_value",  "target_year"};
  static const char *const optional[] = {"unit", "baseline_year", "source", "note"};
  const char *path = hg_table_name(t);
  GPtrArray *staged = g_ptr_array_new_with_free_func(target_free);
  hg_status st = HG_OK;
  long rc[6], oc[4];
  for (int i = 0; i < 6; i++) {
    rc[i] = hg_table_col(t, required[i]);
    if (rc[i] < 0) {
      hg_error_set(err, path, 1, required[i], "missing column");
      st = HG_ERR_FORMAT;
      goto cleanup;
    }
  }
  for (int i = 0; i < 4; i++)
    oc[i] = hg_table_col(t, optional[i]);
  /* All rows are parsed before any replaces a target of the set: a bad file
   * leaves the set as it was. */
  for (size_t r = 0; r < hg_table_nrows(t); r++) {
    hg_target *x = g_new0(hg_target, 1);
    g_ptr_array_add(staged, x);
    if ((st = parse_target(t, r, rc, oc, path, x, err)) != HG_OK)
      goto cleanup;
  }
  for (guint i = 0; i < staged->len; i++) {
    hg_target *x = g_ptr_array_index(staged, i);
    g_ptr_array_index(staged, i) = NULL;
    for (guint j = 0; j < set->targets->len; j++) {
      hg_target *old = g_ptr_array_index(set->targets, j);
      if (strcmp(old->target_id, x->target_id) == 0) {
        g_ptr_array_remove_index(set->targets, j);
        break;
      }
    }
    g_ptr_array_add(set->targets, x);
  }
cleanup:
  g_ptr_array_free(staged, TRUE);
  return st;
}

/* London's five ICBs (ONS codes, April 2023): a target for London is judged
 * for each of them too. */
static int london_icb(const char *code) {
  static const char *const icbs[] = {"E54000027", "E54000028", "E54000029", "E54000030",
                                     "E54000031"};
  for (size_t i = 0; i < sizeof icbs / sizeof icbs[0]; i++)
    if (strcmp(code, icbs[i]) == 0)
      return 1;
  return 0;
}

int hg_target_applies(const hg_target *t, const char *area_code) {
  if (area_code == NULL)
    return 0;
  if (strcmp(t->scope, "any") == 0)
    return 1;
  if (strcmp(t->scope, "London boroughs") == 0)
    return strncmp(area_code, "E09", 3) == 0;
  if (strcmp(t->scope, "London") == 0)
    return strcmp(area_code, "E12000007") == 0 || strncmp(area_code, "E09", 3) == 0 ||
           london_icb(area_code);
  if (strcmp(t->scope, "England") == 0)
    return area_code[0] == 'E';
  if (strcmp(t->scope, "England only") == 0)
    return strcmp(area_code, "E92000001") == 0;
  return 0;
}

const char *hg_goal_rag(double value, double lower, double upper, double limit, int at_least,
                        int use_cis) {
  if (isnan(value) || isnan(limit))
    return "Not compared";
  if (use_cis && !isnan(lower) && !isnan(upper)) {
    if (at_least)
      return lower >= limit ? "Green" : upper < limit ? "Red" : "Amber";
    return upper <= limit ? "Green" : lower > limit ? "Red" : "Amber";
  }
  if (at_least)
    return value >= limit ? "Green" : "Red";
  return value <= limit ? "Green" : "Red";
}

const char *hg_target_status_name(hg_target_status s) {
  switch (s) {
  case HG_TARGET_ACHIEVED:
    return "achieved";
  case HG_TARGET_ON_TRACK:
    return "on track";
  case HG_TARGET_OFF_TRACK:
    return "off track";
  case HG_TARGET_AT_RISK:
    return "at risk";
  case HG_TARGET_NOT_ENOUGH_DATA:
    break;
  }
  return "not enough data";
}

/* Does v meet the effective target?  narrow needs strictly smaller. */
static int meets(const hg_target *t, double v, double limit) {
  switch (t->direction) {
  case HG_TARGET_AT_MOST:
  case HG_TARGET_DECREASE_BY_PERCENT:
    return v <= limit;
  case HG_TARGET_NARROW:
    return v < limit;
  case HG_TARGET_AT_LEAST:
  case HG_TARGET_INCREASE_BY:
    return v >= limit;
  }
  return 0;
}

static int at_least(const hg_target *t) {
  return t->direction == HG_TARGET_AT_LEAST || t->direction == HG_TARGET_INCREASE_BY;
}

/* The latest point with a value and the baseline point (the baseline year's
 * for a relative target, else the first with a value); 0 if there is no value. */
static int find_points(const hg_target *t, const double *years, const double *value, size_t n,
                       hg_target_eval *out) {
  int have = 0;
  for (size_t i = 0; i < n; i++) {
    if (isnan(value[i]))
      continue;
    if (!have || (t->baseline_year && (int)years[i] == t->baseline_year)) {
      out->baseline = i;
      out->baseline_value = value[i];
    }
    out->latest = i;
    out->latest_value = value[i];
    have = 1;
  }
  if (have && t->baseline_year && (int)years[out->baseline] != t->baseline_year)
    out->baseline_value = NAN;
  return have;
}

/* The effective target: relative ones from the baseline value (NAN without). */
static double effective_limit(const hg_target *t, double base) {
  switch (t->direction) {
  case HG_TARGET_NARROW:
    return base;
  case HG_TARGET_INCREASE_BY:
    return base + t->target_value;
  case HG_TARGET_DECREASE_BY_PERCENT:
    return base * (1 - t->target_value / 100);
  case HG_TARGET_AT_MOST:
  case HG_TARGET_AT_LEAST:
    break;
  }
  return t->target_value;
}

/* The status from the prediction interval [lo, hi] at the target year. */
static hg_target_status interval_status(const hg_target *t, double lo, double hi, double limit) {
  if (at_least(t))
    return lo >= limit ? HG_TARGET_ON_TRACK : hi < limit ? HG_TARGET_OFF_TRACK : HG_TARGET_AT_RISK;
  if (t->direction == HG_TARGET_NARROW)
    return hi < limit ? HG_TARGET_ON_TRACK : lo >= limit ? HG_TARGET_OFF_TRACK : HG_TARGET_AT_RISK;
  return hi <= limit ? HG_TARGET_ON_TRACK : lo > limit ? HG_TARGET_OFF_TRACK : HG_TARGET_AT_RISK;
}

/* A target not yet met: projected to its year, or off track without one. */
static void judge_trend(const hg_target *t, double scale, const double *years, const double *value,
                        const double *lower95, const double *upper95, size_t n,
                        hg_target_eval *out) {
  hg_projection p;
  int fitted =
      hg_projection_fit(out->method, scale, years, value, lower95, upper95, n, &p) == HG_OK;
  if (fitted)
    out->years_to_target = hg_projection_years_to(&p, out->latest_value, out->limit);
  if (t->target_year == 0 || years[out->latest] >= t->target_year) {
    out->status = HG_TARGET_OFF_TRACK;
    out->reason = t->target_year == 0 ? "no target year: not met" : "target year passed: not met";
    return;
  }
  if (!fitted) {
    out->reason = p.reason;
    return;
  }
  if (hg_projection_at(&p, t->target_year, &out->projected, &out->projected_lower,
                       &out->projected_upper) != HG_OK) {
    out->reason = "target year more than 2 times the observed span beyond the latest point";
    return;
  }
  out->status = interval_status(t, out->projected_lower, out->projected_upper, out->limit);
}

hg_status hg_target_evaluate(const hg_target *t, hg_projection_method method, double scale,
                             const double *years, const double *value, const double *lower95,
                             const double *upper95, size_t n, hg_target_eval *out) {
  if (t == NULL || out == NULL || (n > 0 && (years == NULL || value == NULL)))
    return HG_ERR_RANGE;
  *out = (hg_target_eval){.limit = NAN,
                          .latest_value = NAN,
                          .baseline_value = NAN,
                          .rag = "Not compared",
                          .method = method,
                          .projected = NAN,
                          .projected_lower = NAN,
                          .projected_upper = NAN,
                          .years_to_target = NAN,
                          .status = HG_TARGET_NOT_ENOUGH_DATA,
                          .reason = "no value"};
  if (!find_points(t, years, value, n, out))
    return HG_OK;
  out->limit = effective_limit(t, out->baseline_value);
  if (isnan(out->limit)) {
    out->reason = "no value in the baseline year";
    return HG_OK;
  }
  out->reason = "";
  size_t L = out->latest;
  out->rag = hg_goal_rag(out->latest_value, lower95 ? lower95[L] : NAN, upper95 ? upper95[L] : NAN,
                         out->limit, at_least(t), lower95 && upper95);
  if (meets(t, out->latest_value, out->limit)) {
    out->status = HG_TARGET_ACHIEVED;
    out->years_to_target = 0;
    return HG_OK;
  }
  judge_trend(t, scale, years, value, lower95, upper95, n, out);
  return HG_OK;
}

static int str_cmp0(const char *a, const char *b) {
  return strcmp(a ? a : "", b ? b : "");
}

static int row_cmp(const void *pa, const void *pb) {
  const hg_target_row *a = pa, *b = pb;
  int c = str_cmp0(a->target_id, b->target_id);
  if (c == 0)
    c = str_cmp0(a->indicator_id, b->indicator_id);
  if (c == 0)
    c = str_cmp0(a->area_code, b->area_code);
  if (c == 0)
    c = str_cmp0(a->sex, b->sex);
  if (c == 0)
    c = str_cmp0(a->age, b->age);
  if (c == 0)
    c = str_cmp0(a->latest_period, b->latest_period);
  return c;
}

void hg_target_rows_sort(hg_target_row *rows, size_t n) {
  if (n > 0)
    qsort(rows, n, sizeof *rows, row_cmp);
}

hg_status hg_targets_write_csv(FILE *fp, hg_target_row *rows, size_t n) {
  static const char *const header[] = {HG_TARGETS_COLUMNS(HG_COLUMN_NAME)};
  hg_target_rows_sort(rows, n);
  hg_csv_writer *w = hg_csv_writer_new(fp, 1);
  if (w == NULL)
    return HG_ERR_NOMEM;
  hg_csv_row(w, header, sizeof header / sizeof header[0]);
  for (size_t i = 0; i < n; i++) {
    const hg_target_row *r = &rows[i];
#define CELL_(name, csv, kind, field) HG_CSV_CELL_##kind(w, r->field);
    HG_TARGETS_COLUMNS(CELL_)
#undef CELL_
    hg_csv_end_row(w);
  }
  return hg_csv_writer_finish(w);
}
