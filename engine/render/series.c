/* series.c: one series per chart.
 *
 * A series is (indicator, area, sex, age, category type, category) and its
 * points are periods.  Real exports hold several for one indicator ("All ages"
 * and "0-9 yrs", Male and Female without Persons, England twice in an API
 * export), and a chart that takes them all draws two bars for one area or a
 * trend line zig-zagging between two series.  Before a chart is built its
 * rows are narrowed here to one age per indicator and one row per key:
 *  - the age asked (--age), matched exactly (a pack's configured age where
 *    the indicator has it, else its headline, said in the footnote);
 *  - else the only age the indicator has;
 *  - else, when the request allows a default (a pack, or a chart of every
 *    indicator), the headline: "All ages" if present, else the age with most
 *    rows, and the chart's footnote says which and what else the file has;
 *  - else the request is ambiguous: HG_ERR_AMBIGUOUS with the ages listed.
 * Ages are those of the area rows (category rows are breakdowns of them; one
 * without an age goes with the series).
 * Sexes are kept (each chart picks its sex, Persons first); an indicator
 * published by Male and Female only, asked for no sex, is ambiguous on the
 * same terms.  A row repeating an earlier row's key is left out and counted. */
#include "render/series.h"

#include <string.h>

/* The distinct values of one text column over the rows of indicator ind (in
 * order of first appearance), with their row counts. */
typedef struct {
  GPtrArray *values; /* const char* (borrowed) */
  GArray *counts;    /* guint */
} distinct;

static void distinct_add(distinct *d, const char *v) {
  for (guint k = 0; k < d->values->len; k++)
    if (strcmp(d->values->pdata[k], v) == 0) {
      g_array_index(d->counts, guint, k)++;
      return;
    }
  g_ptr_array_add(d->values, (gpointer)v);
  guint one = 1;
  g_array_append_val(d->counts, one);
}

static char *join(const distinct *d) {
  GString *s = g_string_new(NULL);
  for (guint k = 0; k < d->values->len; k++)
    g_string_append_printf(s, "%s'%s'", k ? ", " : "", (const char *)d->values->pdata[k]);
  return g_string_free(s, FALSE);
}

/* The headline age: "All ages" if present, else the one with most rows. */
static const char *headline_age(const distinct *ages) {
  guint best = 0;
  for (guint k = 0; k < ages->values->len; k++) {
    if (g_ascii_strcasecmp(ages->values->pdata[k], "All ages") == 0)
      return ages->values->pdata[k];
    if (g_array_index(ages->counts, guint, k) > g_array_index(ages->counts, guint, best))
      best = k;
  }
  return ages->values->pdata[best];
}

static int has_sex(const distinct *sexes, const char *want) {
  for (guint k = 0; k < sexes->values->len; k++)
    if (g_ascii_strcasecmp(sexes->values->pdata[k], want) == 0 ||
        !*(const char *)sexes->values->pdata[k])
      return 1;
  return 0;
}

/* The age kept for indicator ind; NULL with err set when none can be chosen. */
static hg_status choose_age(GArray *rows, const char *ind, const hg_chart_request *req,
                            int allow_default, const char **age, char **note, hg_error *err) {
  distinct ages = {g_ptr_array_new(), g_array_new(FALSE, FALSE, sizeof(guint))};
  distinct sexes = {g_ptr_array_new(), g_array_new(FALSE, FALSE, sizeof(guint))};
  for (guint i = 0; i < rows->len; i++) {
    const row *r = ROW(rows, i);
    /* the area rows make the series; category rows are its breakdowns */
    if (strcmp(r->ind, ind) == 0 && !spec_is_cat(r)) {
      distinct_add(&ages, r->age);
      distinct_add(&sexes, r->sex);
    }
  }
  hg_status st = HG_OK;
  char *list = join(&ages);
  *age = NULL;
  if (req->age) {
    for (guint k = 0; k < ages.values->len && !*age; k++)
      if (strcmp(ages.values->pdata[k], req->age) == 0)
        *age = ages.values->pdata[k];
    if (!*age && allow_default && ages.values->len) {
      /* a pack's configured age: the headline where the indicator lacks it */
      *age = headline_age(&ages);
      *note = g_strdup_printf("Age group: %s ('%s' is not published for this indicator).", *age,
                              req->age);
    } else if (!*age) {
      hg_error_set(err, req->input_name, 0, "age",
                   "indicator '%s' has no rows of age '%s' (ages: %s)", ind, req->age, list);
      st = HG_ERR_NOT_FOUND;
    }
  } else if (ages.values->len > 1) {
    if (allow_default) {
      *age = headline_age(&ages);
      *note = g_strdup_printf("Age group: %s (the data also has %s).", *age, list);
    } else {
      hg_error_set(err, req->input_name, 0, "age",
                   "indicator '%s' has %u age groups (%s): choose one with --age", ind,
                   ages.values->len, list);
      st = HG_ERR_AMBIGUOUS;
    }
  } else if (ages.values->len == 1) {
    *age = ages.values->pdata[0];
  }
  /* Male and Female without Persons: which one is a choice, not a default. */
  if (st == HG_OK && !req->sex && !allow_default && req->kind != HG_CHART_PYRAMID &&
      sexes.values->len > 1 && !has_sex(&sexes, "Persons")) {
    char *sl = join(&sexes);
    hg_error_set(err, req->input_name, 0, "sex",
                 "indicator '%s' is published for %s and not for Persons: choose one with --sex",
                 ind, sl);
    g_free(sl);
    st = HG_ERR_AMBIGUOUS;
  }
  g_free(list);
  g_ptr_array_free(ages.values, TRUE);
  g_array_free(ages.counts, TRUE);
  g_ptr_array_free(sexes.values, TRUE);
  g_array_free(sexes.counts, TRUE);
  return st;
}

static char *row_key(const row *r) {
  /* component: an inequality row's breakdown name (two decile sets of one
   * indicator are two series, not repeats) */
  return g_strjoin("\x1f", r->ind, r->code, r->period, r->sex, r->age, r->ctype, r->cat, r->measure,
                   r->component, NULL);
}

hg_status spec_one_series(GArray *rows, const char *ind, const hg_chart_request *req,
                          int allow_default, GArray **out, char **note, size_t *repeats,
                          hg_error *err) {
  *out = NULL;
  *note = NULL;
  *repeats = 0;
  /* a pyramid's ages are its axis: nothing to choose */
  if (req->kind == HG_CHART_PYRAMID) {
    GArray *all = g_array_sized_new(FALSE, FALSE, sizeof(row), rows->len);
    g_array_append_vals(all, rows->data, rows->len);
    *out = all;
    return HG_OK;
  }
  /* every indicator of the file for the charts that draw them all */
  int every = req->kind == HG_CHART_OVERVIEW || req->kind == HG_CHART_SPINE;
  GHashTable *age_of = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, NULL);
  hg_status st = HG_OK;
  if (every) {
    for (guint i = 0; i < rows->len && st == HG_OK; i++) {
      const char *id = ROW(rows, i)->ind;
      if (g_hash_table_contains(age_of, id))
        continue;
      const char *age = NULL;
      char *n = NULL;
      st = choose_age(rows, id, req, 1, &age, &n, err);
      g_free(n); /* one chart, many indicators: their ages are in the row labels */
      g_hash_table_insert(age_of, (gpointer)id, (gpointer)age);
    }
  } else {
    const char *age = NULL;
    st = choose_age(rows, ind, req, allow_default, &age, note, err);
    g_hash_table_insert(age_of, (gpointer)ind, (gpointer)age);
  }
  if (st != HG_OK) {
    g_hash_table_destroy(age_of);
    return st;
  }
  GArray *v = g_array_sized_new(FALSE, FALSE, sizeof(row), rows->len);
  GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < rows->len; i++) {
    const row *r = ROW(rows, i);
    gpointer age;
    /* a breakdown row with no age of its own, or a series with none, goes
     * with the series */
    if (g_hash_table_lookup_extended(age_of, r->ind, NULL, &age) && age &&
        strcmp(r->age, age) != 0 && !(spec_is_cat(r) && (!*(const char *)age || !*r->age)))
      continue;
    /* --category: that category's breakdown rows only (the area rows stay) */
    if (req->category && spec_is_cat(r) && strcmp(r->cat, req->category) != 0)
      continue;
    char *k = row_key(r);
    if (!g_hash_table_add(seen, k)) {
      (*repeats)++;
      continue;
    }
    g_array_append_val(v, *r);
  }
  g_hash_table_destroy(seen);
  g_hash_table_destroy(age_of);
  *out = v;
  return HG_OK;
}
