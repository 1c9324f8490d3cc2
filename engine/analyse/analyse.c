/* analyse.c: benchmarks, quintiles, trends and targets over indicator rows, and
 * the results/indicators.csv writer. */
#include "healthgap/analyse.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "healthgap/benchmark.h"
#include "healthgap/csvout.h"
#include "healthgap/results.h"

#define S(x) ((x) ? (x) : "")

/* The analysis indexes' keys: a row and what stands in for its area, so that
 * building and probing an index formats no text and allocates nothing (on a
 * national run the joined-string keys were a fifth of the stage).  A cell key
 * (the comparison cell) is every field but the area, which is area (and
 * parent, for the quintile groups within a parent), with category and its
 * type left out when overall = 1 (the category-vs-overall comparison).  A
 * series key is the row's series: indicator, area, sex, age and category. */
typedef struct akey {
  const hg_arow *r;
  const char *area, *parent; /* cell keys; parent NULL but in a parent's group */
  int overall;
} akey;

static guint mix(guint h, const char *s) {
  return h * 31u + g_str_hash(S(s));
}

static const char *key_ctype(const akey *k) {
  return k->overall ? "" : S(k->r->category_type);
}

static const char *key_cat(const akey *k) {
  return k->overall ? "" : S(k->r->category);
}

static guint cell_hash(gconstpointer p) {
  const akey *k = p;
  const hg_arow *r = k->r;
  guint h = mix(g_int64_hash(&r->period_sortable), r->indicator_id);
  h = mix(mix(mix(h, r->period), r->sex), r->age);
  return mix(mix(mix(mix(h, key_ctype(k)), key_cat(k)), k->area), k->parent);
}

static int same(const char *a, const char *b) {
  return a == b || strcmp(S(a), S(b)) == 0;
}

static gboolean cell_equal(gconstpointer pa, gconstpointer pb) {
  const akey *a = pa, *b = pb;
  const hg_arow *x = a->r, *y = b->r;
  return x->period_sortable == y->period_sortable && same(x->indicator_id, y->indicator_id) &&
         same(x->period, y->period) && same(x->sex, y->sex) && same(x->age, y->age) &&
         same(key_ctype(a), key_ctype(b)) && same(key_cat(a), key_cat(b)) &&
         same(a->area, b->area) && (a->parent == NULL) == (b->parent == NULL) &&
         same(a->parent, b->parent);
}

static guint series_hash(gconstpointer p) {
  const hg_arow *r = ((const akey *)p)->r;
  guint h = mix(mix(mix(g_str_hash(S(r->indicator_id)), r->area_code), r->sex), r->age);
  return mix(mix(h, r->category_type), r->category);
}

static gboolean series_equal(gconstpointer pa, gconstpointer pb) {
  const hg_arow *x = ((const akey *)pa)->r, *y = ((const akey *)pb)->r;
  return same(x->indicator_id, y->indicator_id) && same(x->area_code, y->area_code) &&
         same(x->sex, y->sex) && same(x->age, y->age) && same(x->category_type, y->category_type) &&
         same(x->category, y->category);
}

static int has_category(const hg_arow *r) {
  return (r->category && r->category[0]) || (r->category_type && r->category_type[0]);
}

static int is_london_area(const hg_arow *r, const char *london) {
  const char *a = S(r->area_code);
  if (strcmp(a, london) == 0)
    return 0;
  if (strncmp(a, "E09", 3) == 0 || strcmp(S(r->parent_code), london) == 0 ||
      (r->icb_code && r->icb_code[0]))
    return 1;
  /* The five London ICBs, E54000027-E54000031. */
  if (strlen(a) == 9 && strncmp(a, "E540000", 7) == 0) {
    int k = atoi(a + 7);
    return k >= 27 && k <= 31;
  }
  return 0;
}

/* Compares row r with the row at ref (may be NULL: nothing to compare with ->
 * ""); self-comparison guard on the (area, category) identity. */
static const char *compare_with(const hg_arow *r, const hg_arow *ref, const hg_indicator_meta *m) {
  if (ref == NULL || ref == r)
    return "";
  if (m == NULL)
    return "Not compared";
  hg_benchmark_input in = {.value = r->value,
                           .lower95 = r->lower95,
                           .upper95 = r->upper95,
                           .lower998 = r->lower998,
                           .upper998 = r->upper998,
                           .denominator = r->denominator,
                           .reference_value = ref->value,
                           .multiplier = m->multiplier};
  return hg_benchmark_label(hg_benchmark_compare(&in, m->comparator, m->polarity), m->polarity);
}

static const hg_arow *lookup(GHashTable *cells, hg_arow *rows, const hg_arow *r, const char *area,
                             int overall) {
  akey k = {r, area, NULL, overall};
  gpointer p = g_hash_table_lookup(cells, &k);
  return p ? &rows[GPOINTER_TO_SIZE(p) - 1] : NULL;
}

typedef struct {
  hg_arow *rows;
} sort_ctx;

static gint by_period(gconstpointer a, gconstpointer b, gpointer user) {
  const hg_arow *rows = ((sort_ctx *)user)->rows;
  int64_t x = rows[*(const size_t *)a].period_sortable,
          y = rows[*(const size_t *)b].period_sortable;
  return (x > y) - (x < y);
}

/* Quintiles (or quartiles) for each group of sibling rows. */
static hg_status quantile_groups(hg_arow *rows, GHashTable *groups,
                                 const hg_indicator_registry *reg, int within_parent,
                                 const char *london) {
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, groups);
  while (g_hash_table_iter_next(&it, &k, &v)) {
    GArray *idx = v;
    const hg_indicator_meta *m =
        hg_indicator_registry_find(reg, rows[g_array_index(idx, size_t, 0)].indicator_id);
    if (m == NULL || m->polarity == HG_POLARITY_NOT_APPLICABLE)
      continue;
    int nbins = m->comparator == HG_COMPARATOR_QUARTILES ? 4 : 5;
    int quantile_method =
        m->comparator == HG_COMPARATOR_QUINTILES || m->comparator == HG_COMPARATOR_QUARTILES;
    double *vals = malloc(idx->len * sizeof *vals);
    int *cat = malloc(idx->len * sizeof *cat);
    if (!vals || !cat) {
      free(vals);
      free(cat);
      return HG_ERR_NOMEM;
    }
    for (guint i = 0; i < idx->len; i++)
      vals[i] = rows[g_array_index(idx, size_t, i)].value;
    hg_status st = hg_benchmark_quantiles(vals, idx->len, nbins, m->polarity, cat);
    for (guint i = 0; st == HG_OK && i < idx->len; i++) {
      hg_arow *r = &rows[g_array_index(idx, size_t, i)];
      if (!within_parent)
        r->benchmark_quintile = hg_quantile_word(cat[i], nbins, m->polarity);
      if (!quantile_method)
        continue;
      /* Quintile indicators: Fingertips' comparison columns carry the quintile. */
      const char *lab = hg_quantile_label(cat[i], nbins, m->polarity);
      /* Within-parent quintiles are London's column only for London's children. */
      if (within_parent && strcmp(S(r->parent_code), london) == 0)
        r->compared_to_london = lab;
      else if (within_parent)
        continue;
      else
        r->compared_to_england = lab;
    }
    free(vals);
    free(cat);
    if (st != HG_OK)
      return st;
  }
  return HG_OK;
}

/* Row i into h's group of key (a slot of the index's keys, left unused when
 * the group exists). */
static void add_index(GHashTable *h, akey *key, size_t i) {
  GArray *a = g_hash_table_lookup(h, key);
  if (a == NULL) {
    a = g_array_new(FALSE, FALSE, sizeof(size_t));
    g_hash_table_insert(h, key, a);
  }
  g_array_append_val(a, i);
}

/* The analysis indexes over the rows. */
typedef struct row_index {
  akey *keys;                  /* 4 per row: cell, series, siblings, within the parent */
  GHashTable *cells;           /* cell key -> row + 1 */
  GHashTable *series;          /* series key -> row indexes */
  GHashTable *siblings;        /* same area type, no category: quintile groups */
  GHashTable *siblings_parent; /* the same within a parent area */
} row_index;

/* Where our method could not decide, the publisher's label, if it gave one,
 * says more than "Not compared". */
static int undecided(const char *ours) {
  return !ours || !*ours || strcmp(ours, "Not compared") == 0 ||
         strcmp(ours, "Cannot be calculated") == 0;
}

static const char *keep_published(const char *ours, const char *theirs) {
  return undecided(ours) && theirs && *theirs ? theirs : ours;
}

static void keep_published_labels(hg_arow *rows, size_t n, const char *lon) {
  for (size_t i = 0; i < n; i++) {
    hg_arow *r = &rows[i];
    r->compared_to_england = keep_published(r->compared_to_england, r->published_england);
    if (r->parent_code && strcmp(r->parent_code, lon) == 0)
      r->compared_to_london = keep_published(r->compared_to_london, r->published_parent);
    r->recent_trend = keep_published(r->recent_trend, r->published_trend);
  }
}

/* Resets every derived field of the rows and fills the indexes. */
static void index_rows(hg_arow *rows, size_t n, const char *eng, row_index *ix) {
  for (size_t i = 0; i < n; i++) {
    hg_arow *r = &rows[i];
    r->compared_to_england = r->compared_to_london = r->compared_to_icb = "";
    r->compared_to_area = r->benchmark_quintile = r->recent_trend = "";
    r->target_id = r->target_status = "";
    r->change_from_previous = "";
    r->change_difference = r->change_lower = r->change_upper = NAN;
    r->annual_change = r->annual_change_lower = r->annual_change_upper = NAN;
    akey *k = &ix->keys[4 * i];
    k[0] = (akey){r, S(r->area_code), NULL, 0};
    g_hash_table_replace(ix->cells, &k[0], GSIZE_TO_POINTER(i + 1));
    k[1] = (akey){r, NULL, NULL, 0};
    add_index(ix->series, &k[1], i);
    const char *a = S(r->area_code);
    if (!has_category(r) && strcmp(a, eng) != 0 && strncmp(a, "E12", 3) != 0) {
      k[2] = (akey){r, S(r->area_type), NULL, 1};
      add_index(ix->siblings, &k[2], i);
      if (r->parent_code && r->parent_code[0]) {
        k[3] = (akey){r, S(r->area_type), r->parent_code, 1};
        add_index(ix->siblings_parent, &k[3], i);
      }
    }
  }
}

/* The comparisons of each row with England, London, its ICB and (for a
 * category row) its own area overall.  Ids missing from reg go to unknown_ids. */
static void compare_rows(hg_arow *rows, size_t n, const hg_indicator_registry *reg, const char *eng,
                         const char *lon, GHashTable *cells, GHashTable *unknown_ids) {
  for (size_t i = 0; i < n; i++) {
    hg_arow *r = &rows[i];
    const hg_indicator_meta *m = hg_indicator_registry_find(reg, r->indicator_id);
    if (m == NULL)
      g_hash_table_add(unknown_ids, (gpointer)S(r->indicator_id));
    const char *a = S(r->area_code);
    int cat = has_category(r);
    if (cat || strcmp(a, eng) != 0)
      r->compared_to_england = compare_with(r, lookup(cells, rows, r, eng, 1), m);
    if (is_london_area(r, lon) || (cat && strcmp(a, lon) == 0))
      r->compared_to_london = compare_with(r, lookup(cells, rows, r, lon, 1), m);
    if (r->icb_code && r->icb_code[0] && strcmp(r->icb_code, a) != 0)
      r->compared_to_icb = compare_with(r, lookup(cells, rows, r, r->icb_code, 1), m);
    if (cat)
      r->compared_to_area = compare_with(r, lookup(cells, rows, r, a, 1), m);
  }
}

/* One series (an area's indicator over time) as arrays, oldest first. */
typedef struct series_buf {
  hg_trend_point *pts;
  double *yrs, *val, *lo, *hi;
} series_buf;

static void series_buf_free(series_buf *b) {
  free(b->pts);
  free(b->yrs);
  free(b->val);
  free(b->lo);
  free(b->hi);
}

/* Fills b from the series idx (sorted by period) and sets each row's change
 * from the previous period. */
static hg_status series_fill(hg_arow *rows, const GArray *idx, series_buf *b) {
  size_t len = idx->len;
  series_buf_free(b);
  b->pts = malloc(len * sizeof *b->pts);
  b->yrs = malloc(len * sizeof *b->yrs);
  b->val = malloc(len * sizeof *b->val);
  b->lo = malloc(len * sizeof *b->lo);
  b->hi = malloc(len * sizeof *b->hi);
  if (!b->pts || !b->yrs || !b->val || !b->lo || !b->hi)
    return HG_ERR_NOMEM;
  for (size_t j = 0; j < len; j++) {
    hg_arow *r = &rows[g_array_index(idx, size_t, j)];
    if (j > 0) {
      const hg_arow *p = &rows[g_array_index(idx, size_t, j - 1)];
      hg_period_change pc = hg_change_from_previous(p->value, p->lower95, p->upper95, r->value,
                                                    r->lower95, r->upper95);
      r->change_from_previous = hg_period_change_label(&pc);
      r->change_difference = pc.difference;
      r->change_lower = pc.lower;
      r->change_upper = pc.upper;
    }
    b->pts[j] = (hg_trend_point){r->value, r->lower95, r->upper95, r->count, r->denominator};
    /* Start year plus the quarter's offset: Fingertips' sortable key. */
    int64_t s = r->period_sortable;
    b->yrs[j] =
        (double)(s / 10000) + (double)((s / 100) % 100 > 0 ? ((s / 100) % 100 - 1) : 0) / 4.0;
    b->val[j] = r->value;
    b->lo[j] = r->lower95;
    b->hi[j] = r->upper95;
  }
  return HG_OK;
}

/* The targets of the series' indicator that apply to its area, evaluated on
 * the series; the first one also goes on the latest row. */
static hg_status series_targets(hg_arow *rows, const GArray *idx, const hg_indicator_meta *m,
                                const hg_indicator_registry *reg, const hg_target_set *targets,
                                const series_buf *b, GArray *trows) {
  size_t len = idx->len;
  hg_arow *last = &rows[g_array_index(idx, size_t, len - 1)];
  for (size_t t = 0; t < hg_target_set_size(targets); t++) {
    const hg_target *tg = hg_target_set_at(targets, t);
    if (!hg_target_applies(tg, last->area_code) ||
        hg_indicator_registry_find(reg, tg->indicator_id) != m || m == NULL)
      continue;
    hg_target_eval ev;
    hg_status st = hg_target_evaluate(tg, hg_projection_method_for(m->value_type), m->multiplier,
                                      b->yrs, b->val, b->lo, b->hi, len, &ev);
    if (st != HG_OK)
      return st;
    const hg_arow *lr = &rows[g_array_index(idx, size_t, ev.latest)];
    const hg_arow *br = &rows[g_array_index(idx, size_t, ev.baseline)];
    hg_target_row tr_row = {.target_id = tg->target_id,
                            .indicator_id = last->indicator_id,
                            .area_code = last->area_code,
                            .sex = last->sex,
                            .age = last->age,
                            .baseline_period = isnan(ev.baseline_value) ? "" : br->period,
                            .baseline_value = ev.baseline_value,
                            .latest_period = lr->period,
                            .latest_value = ev.latest_value,
                            .target_value = ev.limit,
                            .target_year = tg->target_year,
                            .rag = ev.rag,
                            .method = hg_projection_method_name(ev.method),
                            .projected_value = ev.projected,
                            .projected_lower = ev.projected_lower,
                            .projected_upper = ev.projected_upper,
                            .years_to_target = ev.years_to_target,
                            .status = hg_target_status_name(ev.status),
                            .reason = ev.reason};
    g_array_append_val(trows, tr_row);
    if (last->target_id[0] == '\0') {
      last->target_id = tg->target_id;
      last->target_status = hg_target_status_name(ev.status);
    }
  }
  return HG_OK;
}

/* Series: recent trend, annual change and targets on the latest period. */
static hg_status analyse_series(hg_arow *rows, GArray *idx, const hg_indicator_registry *reg,
                                const hg_target_set *targets, const hg_analyse_options *opt,
                                series_buf *b, GArray *trows) {
  hg_status st;
  sort_ctx ctx = {rows};
  g_array_sort_with_data(idx, by_period, &ctx);
  size_t len = idx->len;
  hg_arow *last = &rows[g_array_index(idx, size_t, len - 1)];
  const hg_indicator_meta *m = hg_indicator_registry_find(reg, last->indicator_id);
  if ((st = series_fill(rows, idx, b)) != HG_OK)
    return st;
  hg_trend_options to = {.value_type = m ? m->value_type : HG_VT_OTHER,
                         .year_range = last->year_range,
                         .comparator = m ? m->comparator : HG_COMPARATOR_NONE,
                         .rule = opt->trend_rule};
  hg_trend tr;
  if ((st = hg_recent_trend(b->pts, len, &to, &tr)) != HG_OK)
    return st;
  last->recent_trend = hg_trend_label(tr.result, m ? m->polarity : HG_POLARITY_NOT_APPLICABLE);
  hg_annual_change ac;
  if (hg_annual_change_fit(b->yrs, b->val, b->lo, b->hi, len, 0.95, &ac) == HG_OK) {
    last->annual_change = ac.slope;
    last->annual_change_lower = ac.lower;
    last->annual_change_upper = ac.upper;
  }
  if (targets == NULL || has_category(last))
    return HG_OK;
  return series_targets(rows, idx, m, reg, targets, b, trows);
}

/* The unknown ids as a NULL-terminated array (free() it; strings borrowed). */
static hg_status unknown_list(GHashTable *unknown_ids, const char ***unknown) {
  guint nu = 0;
  gpointer *keys = g_hash_table_get_keys_as_array(unknown_ids, &nu);
  const char **u = calloc(nu + 1, sizeof *u);
  if (u == NULL) {
    g_free(keys);
    return HG_ERR_NOMEM;
  }
  for (guint i = 0; i < nu; i++)
    u[i] = keys[i];
  g_free(keys);
  *unknown = u;
  return HG_OK;
}

hg_status hg_analyse_rows(hg_arow *rows, size_t n, const hg_indicator_registry *reg,
                          const hg_target_set *targets, const hg_analyse_options *opt,
                          hg_target_row **target_rows, size_t *n_target_rows,
                          const char ***unknown) {
  static const hg_analyse_options defaults = {0};
  hg_status st = HG_OK;
  if (opt == NULL)
    opt = &defaults;
  const char *eng = opt->england_code ? opt->england_code : "E92000001";
  const char *lon = opt->london_code ? opt->london_code : "E12000007";
  GDestroyNotify unref = (GDestroyNotify)g_array_unref;
  row_index ix = {g_new(akey, 4 * (n ? n : 1)), g_hash_table_new(cell_hash, cell_equal),
                  g_hash_table_new_full(series_hash, series_equal, NULL, unref),
                  g_hash_table_new_full(cell_hash, cell_equal, NULL, unref),
                  g_hash_table_new_full(cell_hash, cell_equal, NULL, unref)};
  GHashTable *unknown_ids = g_hash_table_new(g_str_hash, g_str_equal);
  GArray *trows = g_array_new(FALSE, TRUE, sizeof(hg_target_row));
  series_buf b = {0};

  index_rows(rows, n, eng, &ix);
  compare_rows(rows, n, reg, eng, lon, ix.cells, unknown_ids);
  if ((st = quantile_groups(rows, ix.siblings, reg, 0, lon)) != HG_OK ||
      (st = quantile_groups(rows, ix.siblings_parent, reg, 1, lon)) != HG_OK)
    goto cleanup;
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, ix.series);
  while (g_hash_table_iter_next(&it, &k, &v))
    if ((st = analyse_series(rows, v, reg, targets, opt, &b, trows)) != HG_OK)
      goto cleanup;
  keep_published_labels(rows, n, lon);
  if (unknown && (st = unknown_list(unknown_ids, unknown)) != HG_OK)
    goto cleanup;
  if (target_rows) {
    *n_target_rows = trows->len;
    *target_rows = NULL;
    if (trows->len > 0) {
      *target_rows = malloc(trows->len * sizeof **target_rows);
      if (*target_rows == NULL) {
        st = HG_ERR_NOMEM;
        goto cleanup;
      }
      memcpy(*target_rows, trows->data, trows->len * sizeof **target_rows);
    }
  }
cleanup:
  series_buf_free(&b);
  g_array_free(trows, TRUE);
  g_hash_table_destroy(unknown_ids);
  g_hash_table_destroy(ix.siblings_parent);
  g_hash_table_destroy(ix.siblings);
  g_hash_table_destroy(ix.series);
  g_hash_table_destroy(ix.cells);
  g_free(ix.keys);
  return st;
}

int hg_indicators_id_cmp(const char *a, const char *b) {
  char *ea, *eb;
  unsigned long long na = strtoull(a, &ea, 10), nb = strtoull(b, &eb, 10);
  int a_num = *a && !*ea, b_num = *b && !*eb;
  if (a_num && b_num && na != nb)
    return na < nb ? -1 : 1;
  if (a_num != b_num)
    return a_num ? -1 : 1;
  return strcmp(a, b);
}

static int row_cmp(const void *pa, const void *pb) {
  const hg_arow *a = pa, *b = pb;
  int c = hg_indicators_id_cmp(S(a->indicator_id), S(b->indicator_id));
  if (c == 0)
    c = strcmp(S(a->area_code), S(b->area_code));
  if (c == 0)
    c = (a->period_sortable > b->period_sortable) - (a->period_sortable < b->period_sortable);
  if (c == 0)
    c = strcmp(S(a->period), S(b->period));
  if (c == 0)
    c = strcmp(S(a->sex), S(b->sex));
  if (c == 0)
    c = strcmp(S(a->age), S(b->age));
  if (c == 0)
    c = strcmp(S(a->category_type), S(b->category_type));
  if (c == 0)
    c = strcmp(S(a->category), S(b->category));
  return c;
}

void hg_indicators_sort(hg_arow *rows, size_t n) {
  if (n > 0)
    qsort(rows, n, sizeof *rows, row_cmp);
}

void hg_indicators_write_header(hg_csv_writer *w) {
  static const char *const header[] = {HG_INDICATORS_COLUMNS(HG_COLUMN_NAME)};
  hg_csv_row(w, header, sizeof header / sizeof header[0]);
}

void hg_indicators_write_rows(hg_csv_writer *w, const hg_arow *rows, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const hg_arow *r = &rows[i];
#define CELL_(name, csv, kind, field) HG_CSV_CELL_##kind(w, r->field);
    HG_INDICATORS_COLUMNS(CELL_)
#undef CELL_
    hg_csv_end_row(w);
  }
}

hg_status hg_indicators_write_csv(FILE *fp, hg_arow *rows, size_t n) {
  hg_indicators_sort(rows, n);
  hg_csv_writer *w = hg_csv_writer_new(fp, 1);
  if (w == NULL)
    return HG_ERR_NOMEM;
  hg_indicators_write_header(w);
  hg_indicators_write_rows(w, rows, n);
  return hg_csv_writer_finish(w);
}
