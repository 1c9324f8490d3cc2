/* inequalities_table.c: a long indicator table (tidy, Fingertips export, or the
 * FingertipsNext extract) in, inequality rows out.  Contract in
 * healthgap/inequalities.h (hg_ineq_from_table). */
#include "healthgap/inequalities.h"
#include "healthgap/deprivation.h"
#include "healthgap/ingest.h"
#include "ingest/ethnicity.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

enum {
  C_IND,
  C_AREA,
  C_PERIOD,
  C_SORTABLE,
  C_SEX,
  C_AGE,
  C_CTYPE,
  C_CAT,
  C_VALUE,
  C_LOWER,
  C_UPPER,
  C_COUNT,
  C_DENOM,
  N_COLS
};

/* Accepted header names per field: tidy, the Fingertips export, fingertipsR's
 * data frame and FingertipsNext's CSV download (its "Inequality category" is
 * the breakdown, its "Inequality type" the category). */
static const char *const names[N_COLS][5] = {
    [C_IND] = {"indicator_id", "Indicator ID", "IndicatorId", NULL},
    [C_AREA] = {"area_code", "Area Code", "AreaCode", NULL},
    [C_PERIOD] = {"period", "Time period", "Year", "Timeperiod", NULL},
    [C_SORTABLE] = {"period_sortable", "Time period Sortable", "TimeperiodSortable", NULL},
    [C_SEX] = {"sex", "Sex", NULL},
    [C_AGE] = {"age", "Age", "Age range", NULL},
    [C_CTYPE] = {"category_type", "Category Type", "CategoryType", "Inequality category", NULL},
    [C_CAT] = {"category", "Category", "Inequality type", NULL},
    [C_VALUE] = {"value", "Value", NULL},
    [C_LOWER] = {"lower_ci95", "Lower CI 95.0 limit", "LowerCI", "Lower confidence limit 95%",
                 NULL},
    [C_UPPER] = {"upper_ci95", "Upper CI 95.0 limit", "UpperCI", "Upper confidence limit 95%",
                 NULL},
    [C_COUNT] = {"count", "Count", NULL},
    [C_DENOM] = {"denominator", "Denominator", NULL},
};

typedef struct {
  const char *ind, *area, *period, *sex, *age, *ctype, *cat;
  double year, value, lower, upper, count, denom;
  long line;
} in_row;

static const char *cell(const hg_table *t, size_t r, long c) {
  return c >= 0 ? hg_table_cell(t, r, (size_t)c) : "";
}

static hg_status num(const hg_table *t, size_t r, long c, double *out, hg_error *err) {
  *out = NAN;
  return c >= 0 ? hg_table_number(t, r, (size_t)c, out, err) : HG_OK;
}

/* Key of a group: everything that identifies one set of categories. */
static char *group_key(const in_row *r, hg_ineq_by by) {
  /* For sex and age the varying field is left out of the key. */
  return g_strjoin("\x1f", r->ind, r->area, r->period, by == HG_INEQ_BY_SEX ? "" : r->sex,
                   by == HG_INEQ_BY_AGE ? "" : r->age,
                   (by == HG_INEQ_BY_SEX || by == HG_INEQ_BY_AGE) ? "" : r->ctype, NULL);
}

static int keep_row(const in_row *r, const hg_ineq_table_options *o) {
  if (o->indicator_id && strcmp(o->indicator_id, r->ind) != 0)
    return 0;
  if (o->area_code && strcmp(o->area_code, r->area) != 0)
    return 0;
  if (o->period && strcmp(o->period, r->period) != 0)
    return 0;
  if (o->sex && o->by != HG_INEQ_BY_SEX && strcmp(o->sex, r->sex) != 0)
    return 0;
  return 1;
}

static hg_ineq_key key_of(const in_row *r, hg_ineq_by by) {
  hg_ineq_key k = {r->ind,
                   r->area,
                   r->period,
                   by == HG_INEQ_BY_SEX ? "" : r->sex,
                   by == HG_INEQ_BY_AGE ? "" : r->age,
                   r->year};
  return k;
}

static int cmp_rank(const void *a, const void *b) {
  const in_row *const *x = a, *const *y = b;
  int rx = hg_deprivation_rank((*x)->cat, NULL, NULL),
      ry = hg_deprivation_rank((*y)->cat, NULL, NULL);
  return (rx > ry) - (rx < ry);
}

/* One deprivation group: a full set of quantiles 1..nq, ordered most -> least. */
static hg_status do_deprivation(GPtrArray *rows, const hg_ineq_table_options *o,
                                hg_ineq_results *res, size_t *skipped, hg_error *err) {
  in_row *first = rows->pdata[0];
  int nq = 0;
  hg_deprivation_rank(first->cat, &nq, NULL);
  if (nq == 0)
    nq = (int)rows->len; /* numeric labels: as many quantiles as rows */
  if ((int)rows->len != nq) {
    (*skipped)++;
    return HG_OK;
  }
  g_ptr_array_sort(rows, cmp_rank);
  hg_ineq_quantile *q = calloc((size_t)nq, sizeof *q);
  if (!q)
    return HG_ERR_NOMEM;
  for (int j = 0; j < nq; j++) {
    in_row *r = rows->pdata[j];
    if (hg_deprivation_rank(r->cat, NULL, NULL) != j + 1) {
      free(q);
      (*skipped)++;
      return HG_OK; /* a duplicated or missing quantile */
    }
    q[j] = (hg_ineq_quantile){r->cat, r->value, r->lower, r->upper, r->count, r->denom, r->denom};
  }
  hg_ineq_key k = key_of(first, o->by);
  hg_status st = hg_ineq_deprivation(&k, first->ctype, (size_t)nq, q, &o->measures, res, err);
  free(q);
  if (st == HG_ERR_INVALID || st == HG_ERR_RANGE) {
    (*skipped)++; /* e.g. no population for the SII: skip the group, keep going */
    hg_error_clear(err);
    st = HG_OK;
  }
  return st;
}

/* Field that varies inside a group for each `by`. */
static const char *varying(const in_row *r, hg_ineq_by by) {
  return by == HG_INEQ_BY_SEX ? r->sex : by == HG_INEQ_BY_AGE ? r->age : r->cat;
}

/* The reference row of a group: the first name of the ';'-separated list
 * refs that the group has ("White British; White": publishers that give
 * only broad groups still get gaps); NULL when it has none of them. */
static const in_row *find_reference(GPtrArray *rows, hg_ineq_by by, const char *refs) {
  gchar **list = g_strsplit(refs, ";", -1);
  const in_row *ref = NULL;
  for (gchar **nm = list; *nm && !ref; nm++) {
    g_strstrip(*nm);
    for (guint i = 0; i < rows->len && !ref; i++)
      if (**nm && strcmp(varying(rows->pdata[i], by), *nm) == 0)
        ref = rows->pdata[i];
  }
  g_strfreev(list);
  return ref;
}

static hg_status do_categories(GPtrArray *rows, const in_row *overall,
                               const hg_ineq_table_options *o, hg_ineq_results *res,
                               size_t *skipped) {
  const in_row *ref = NULL;
  const char *ref_name = o->reference;
  if (ref_name) {
    ref = find_reference(rows, o->by, ref_name);
    ref_name = ref ? varying(ref, o->by) : ref_name;
  } else {
    ref = overall;
    ref_name = o->by == HG_INEQ_BY_SEX   ? "Persons"
               : o->by == HG_INEQ_BY_AGE ? "All ages"
                                         : "Overall";
  }
  if (!ref || isnan(ref->value)) {
    (*skipped)++;
    return HG_OK;
  }
  size_t n = rows->len;
  const char **nm = malloc(n * sizeof *nm);
  double *v = malloc(n * sizeof *v), *l = malloc(n * sizeof *l), *u = malloc(n * sizeof *u);
  hg_status st = HG_OK;
  if (!nm || !v || !l || !u) {
    st = HG_ERR_NOMEM;
    goto cleanup;
  }
  size_t m = 0;
  for (guint i = 0; i < n; i++) {
    const in_row *r = rows->pdata[i];
    /* "Not stated" and "Unknown" are not a group of people to compare: the
     * widest gap named them.  Their share is results/completeness.csv's. */
    if (r == ref || isnan(r->value) ||
        (o->by == HG_INEQ_BY_CATEGORY && eth_not_stated(NULL, varying(r, o->by))))
      continue;
    nm[m] = varying(r, o->by);
    v[m] = r->value;
    l[m] = r->lower;
    u[m] = r->upper;
    m++;
  }
  const in_row *first = rows->pdata[0];
  const char *bt = o->by == HG_INEQ_BY_SEX   ? "sex"
                   : o->by == HG_INEQ_BY_AGE ? "age"
                                             : hg_ineq_breakdown_type(first->ctype);
  hg_ineq_key k = key_of(first, o->by);
  if (o->by == HG_INEQ_BY_SEX) {
    /* sex is a key column of results/inequalities.csv: a Male-vs-Persons row is filed under
     * sex = Male (= its group), so an Excel filter on sex finds it. */
    for (size_t i = 0; i < m && !st; i++) {
      if (o->sex && strcmp(o->sex, nm[i]) != 0)
        continue; /* --sex Male: only the Male row (Persons was kept as the reference) */
      k.sex = nm[i];
      st = hg_ineq_categories(&k, bt, 1, &nm[i], &v[i], &l[i], &u[i], ref_name, ref->value,
                              ref->lower, ref->upper, &o->measures, res);
    }
  } else {
    st = hg_ineq_categories(&k, bt, m, nm, v, l, u, ref_name, ref->value, ref->lower, ref->upper,
                            &o->measures, res);
  }
cleanup:
  free(nm);
  free(v);
  free(l);
  free(u);
  return st;
}

static void free_group(gpointer p) {
  g_ptr_array_free(p, TRUE);
}

/* Groups the rows by opt->by and appends the measures of each group. */
static hg_status run_groups(in_row *rows, size_t n, const hg_ineq_table_options *opt,
                            hg_ineq_results *res, size_t *skipped, hg_error *err) {
  hg_status st = HG_OK;
  GHashTable *groups = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, free_group);
  GHashTable *overall = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *order = g_ptr_array_new(); /* group keys in first-seen order (output is sorted) */
  for (size_t i = 0; i < n; i++) {
    in_row *r = &rows[i];
    if (!keep_row(r, opt))
      continue;
    int has_cat = *r->cat != '\0';
    const char *bt = has_cat ? hg_ineq_breakdown_type(r->ctype) : "";
    int is_dep = has_cat && strcmp(bt, "deprivation") == 0;
    int member;
    switch (opt->by) {
    case HG_INEQ_BY_DEPRIVATION:
      member = is_dep;
      break;
    case HG_INEQ_BY_CATEGORY:
      member = has_cat && !is_dep;
      break;
    default:
      member = !has_cat;
      break;
    }
    if (!has_cat && opt->by == HG_INEQ_BY_CATEGORY) {
      /* The area's overall value: key without category type. */
      char *ok = g_strjoin("\x1f", r->ind, r->area, r->period, r->sex, r->age, NULL);
      g_hash_table_replace(overall, ok, r);
    }
    if (!member)
      continue;
    char *key = group_key(r, opt->by);
    GPtrArray *grp = g_hash_table_lookup(groups, key);
    if (!grp) {
      grp = g_ptr_array_new();
      g_hash_table_insert(groups, key, grp);
      g_ptr_array_add(order, key);
    } else {
      g_free(key);
    }
    g_ptr_array_add(grp, r);
  }
  for (guint i = 0; i < order->len; i++) {
    GPtrArray *grp = g_hash_table_lookup(groups, order->pdata[i]);
    if (opt->by == HG_INEQ_BY_DEPRIVATION) {
      st = do_deprivation(grp, opt, res, skipped, err);
    } else {
      const in_row *first = grp->pdata[0];
      const in_row *ov = NULL;
      if (opt->by == HG_INEQ_BY_CATEGORY) {
        char *ok =
            g_strjoin("\x1f", first->ind, first->area, first->period, first->sex, first->age, NULL);
        ov = g_hash_table_lookup(overall, ok);
        g_free(ok);
      } else {
        /* Sex: Persons is the overall value; age: "All ages". */
        const char *want = opt->by == HG_INEQ_BY_SEX ? "Persons" : "All ages";
        for (guint j = 0; j < grp->len; j++)
          if (strcmp(varying(grp->pdata[j], opt->by), want) == 0)
            ov = grp->pdata[j];
      }
      st = do_categories(grp, ov, opt, res, skipped);
    }
    if (st)
      goto cleanup;
  }
  if (opt->gap_trends)
    st = hg_ineq_apply_gap_trends(res,
                                  opt->measures.confidence != 0 ? opt->measures.confidence : 95);
cleanup:
  g_ptr_array_free(order, TRUE);
  g_hash_table_destroy(groups);
  g_hash_table_destroy(overall);
  return st;
}

hg_status hg_ineq_from_table(const hg_table *t, const hg_ineq_table_options *opt,
                             hg_ineq_results *res, size_t *skipped, hg_error *err) {
  static const hg_ineq_table_options defaults = {0};
  size_t skip_dummy = 0;
  hg_status st = HG_OK;
  long col[N_COLS];
  in_row *rows = NULL;
  GStringChunk *texts = NULL;
  if (!opt)
    opt = &defaults;
  if (!skipped)
    skipped = &skip_dummy;
  *skipped = 0;
  if (!t || !res)
    return HG_ERR_INVALID;
  for (int c = 0; c < N_COLS; c++) {
    col[c] = -1;
    for (int k = 0; k < (int)G_N_ELEMENTS(names[c]) && names[c][k] && col[c] < 0; k++)
      col[c] = hg_table_col(t, names[c][k]);
    /* else the header any input layout writes for it ("Area code", "AreaCode") */
    for (size_t j = 0; j < hg_table_ncols(t) && col[c] < 0; j++) {
      const char *canon = hg_column_canonical(hg_table_colname(t, j));
      if (canon && !strcmp(canon, names[c][0]))
        col[c] = (long)j;
    }
  }
  /* FingertipsNext's extract swaps CategoryType and Category (its README). */
  if (hg_table_col(t, "AgeID") >= 0 && hg_table_col(t, "SexID") >= 0) {
    long tmp = col[C_CTYPE];
    col[C_CTYPE] = col[C_CAT];
    col[C_CAT] = tmp;
  }
  static const int required[] = {C_IND, C_AREA, C_PERIOD, C_VALUE};
  for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
    if (col[required[i]] < 0) {
      hg_error_set(err, hg_table_name(t), 1, names[required[i]][0], "column not found");
      return HG_ERR_FORMAT;
    }
  size_t n = hg_table_nrows(t);
  rows = calloc(n ? n : 1, sizeof *rows);
  texts = g_string_chunk_new(1024);
  if (!rows) {
    st = HG_ERR_NOMEM;
    goto cleanup;
  }
  for (size_t i = 0; i < n; i++) {
    in_row *r = &rows[i];
    r->ind = cell(t, i, col[C_IND]);
    r->area = cell(t, i, col[C_AREA]);
    r->period = cell(t, i, col[C_PERIOD]);
    r->sex = cell(t, i, col[C_SEX]);
    r->age = cell(t, i, col[C_AGE]);
    r->ctype = cell(t, i, col[C_CTYPE]);
    r->cat = cell(t, i, col[C_CAT]);
    /* FingertipsNext keeps literal quotes around some category types. */
    size_t tl = strlen(r->ctype);
    if (tl >= 2 && r->ctype[0] == '"' && r->ctype[tl - 1] == '"') {
      char *stripped = g_strndup(r->ctype + 1, tl - 2);
      r->ctype = g_string_chunk_insert_const(texts, stripped);
      g_free(stripped);
    }
    r->line = hg_table_line(t, i);
    double sortable;
    if ((st = num(t, i, col[C_VALUE], &r->value, err)) ||
        (st = num(t, i, col[C_LOWER], &r->lower, err)) ||
        (st = num(t, i, col[C_UPPER], &r->upper, err)) ||
        (st = num(t, i, col[C_COUNT], &r->count, err)) ||
        (st = num(t, i, col[C_DENOM], &r->denom, err)) ||
        (st = num(t, i, col[C_SORTABLE], &sortable, err)))
      goto cleanup;
    /* Time period Sortable is YYYYQQMM: its year is the numeric time. */
    r->year = isnan(sortable) ? NAN : floor(sortable / 10000);
  }
  st = run_groups(rows, n, opt, res, skipped, err);
cleanup:
  free(rows);
  g_string_chunk_free(texts);
  return st;
}

hg_status hg_ineq_from_store(const hg_store *store, const hg_ineq_table_options *opt,
                             hg_ineq_results *res, size_t *skipped, hg_error *err) {
  static const hg_ineq_table_options defaults = {0};
  size_t skip_dummy = 0;
  if (!opt)
    opt = &defaults;
  if (!skipped)
    skipped = &skip_dummy;
  *skipped = 0;
  if (!store || !res)
    return HG_ERR_INVALID;
  size_t n = hg_store_size(store);
  in_row *rows = calloc(n ? n : 1, sizeof *rows);
  if (!rows)
    return HG_ERR_NOMEM;
  for (size_t i = 0; i < n; i++) {
    hg_obs o;
    hg_store_get(store, i, &o);
    in_row *r = &rows[i];
    r->ind = hg_store_str(store, o.indicator_id);
    r->area = hg_store_str(store, o.area_code);
    r->period = hg_store_str(store, o.period_text);
    r->sex = hg_store_str(store, o.sex);
    r->age = hg_store_str(store, o.age);
    r->ctype = hg_store_str(store, o.category_type);
    r->cat = hg_store_str(store, o.category);
    /* Suppressed and missing values are NAN in the store: never zero. */
    r->value = o.value_state == HG_VALUE_PRESENT ? o.value : NAN;
    r->lower = o.lower95;
    r->upper = o.upper95;
    r->count = o.count;
    r->denom = o.denominator;
    r->year = o.period.sortable > 0 ? hg_period_mid_year(&o.period) : NAN;
    r->line = o.line;
  }
  hg_status st = run_groups(rows, n, opt, res, skipped, err);
  free(rows);
  return st;
}
