/* changes.c: differences between the previous and the new results/indicators.csv. */
#include "healthgap/changes.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "healthgap/csvout.h"

struct hg_changes {
  GPtrArray *items;   /* hg_change*, owned with their strings */
  GStringChunk *text; /* every string of every item */
};

/* Column indexes of one indicators.csv table (-1 when absent). */
typedef struct cols {
  long ind, area, period, sortable, sex, age, ctype, cat, value, eng, lon, trend, tstatus, tid;
} cols;

static const char *cell(const hg_table *t, size_t r, long c) {
  return c >= 0 ? hg_table_cell(t, r, (size_t)c) : "";
}

static hg_status find_cols(const hg_table *t, cols *c, hg_error *err) {
  c->ind = hg_table_col(t, "indicator_id");
  c->area = hg_table_col(t, "area_code");
  c->period = hg_table_col(t, "period");
  c->value = hg_table_col(t, "value");
  const char *missing = c->ind < 0      ? "indicator_id"
                        : c->area < 0   ? "area_code"
                        : c->period < 0 ? "period"
                        : c->value < 0  ? "value"
                                        : NULL;
  if (missing) {
    hg_error_set(err, hg_table_name(t), 1, missing, "missing column");
    return HG_ERR_FORMAT;
  }
  c->sortable = hg_table_col(t, "period_sortable");
  c->sex = hg_table_col(t, "sex");
  c->age = hg_table_col(t, "age");
  c->ctype = hg_table_col(t, "category_type");
  c->cat = hg_table_col(t, "category");
  c->eng = hg_table_col(t, "compared_to_england");
  c->lon = hg_table_col(t, "compared_to_london");
  c->trend = hg_table_col(t, "recent_trend");
  c->tstatus = hg_table_col(t, "target_status");
  c->tid = hg_table_col(t, "target_id");
  return HG_OK;
}

/* Key of a series (no period) or of a row (with period).  Fields joined by
 * the unit separator, which no label contains. */
static char *key_of(const hg_table *t, const cols *c, size_t r, int with_period) {
  return g_strjoin("\x1f", cell(t, r, c->ind), cell(t, r, c->area), cell(t, r, c->sex),
                   cell(t, r, c->age), cell(t, r, c->ctype), cell(t, r, c->cat),
                   with_period ? cell(t, r, c->period) : "", NULL);
}

/* Row order within a series: period_sortable when present, else period text. */
static int later(const hg_table *t, const cols *c, size_t a, size_t b) {
  if (c->sortable >= 0) {
    long long x = atoll(cell(t, a, c->sortable)), y = atoll(cell(t, b, c->sortable));
    if (x != y)
      return x > y;
  }
  return strcmp(cell(t, a, c->period), cell(t, b, c->period)) > 0;
}

/* Index rows by row key and latest row by series key (values are row + 1). */
static void index_table(const hg_table *t, const cols *c, GHashTable *rows, GHashTable *latest) {
  for (size_t r = 0; r < hg_table_nrows(t); r++) {
    g_hash_table_replace(rows, key_of(t, c, r, 1), GSIZE_TO_POINTER(r + 1));
    char *sk = key_of(t, c, r, 0);
    gpointer old = g_hash_table_lookup(latest, sk);
    if (old == NULL || later(t, c, r, GPOINTER_TO_SIZE(old) - 1))
      g_hash_table_replace(latest, sk, GSIZE_TO_POINTER(r + 1));
    else
      g_free(sk);
  }
}

static void add(hg_changes *ch, const char *type, const hg_table *t, const cols *c, size_t r,
                const char *before, const char *after) {
  hg_change *x = g_new0(hg_change, 1);
  x->change_type = g_string_chunk_insert_const(ch->text, type);
  x->indicator_id = g_string_chunk_insert_const(ch->text, cell(t, r, c->ind));
  x->area_code = g_string_chunk_insert_const(ch->text, cell(t, r, c->area));
  x->period = g_string_chunk_insert_const(ch->text, cell(t, r, c->period));
  x->sex = g_string_chunk_insert_const(ch->text, cell(t, r, c->sex));
  x->category = g_string_chunk_insert_const(ch->text, cell(t, r, c->cat));
  x->before = g_string_chunk_insert_const(ch->text, before);
  x->after = g_string_chunk_insert_const(ch->text, after);
  g_ptr_array_add(ch->items, x);
}

static int values_differ(const char *a, const char *b) {
  double x, y;
  hg_num na = hg_parse_number(a, strlen(a), &x), nb = hg_parse_number(b, strlen(b), &y);
  if (na != HG_NUM_OK || nb != HG_NUM_OK)
    return strcmp(a, b) != 0;
  /* Both files are written at full precision; allow only representation noise. */
  return fabs(x - y) > 1e-12 * fmax(fabs(x), fabs(y));
}

static gint change_cmp(gconstpointer pa, gconstpointer pb) {
  const hg_change *a = *(const hg_change *const *)pa, *b = *(const hg_change *const *)pb;
  int c = strcmp(a->change_type, b->change_type);
  if (c == 0)
    c = strcmp(a->indicator_id, b->indicator_id);
  if (c == 0)
    c = strcmp(a->area_code, b->area_code);
  if (c == 0)
    c = strcmp(a->period, b->period);
  if (c == 0)
    c = strcmp(a->sex, b->sex);
  if (c == 0)
    c = strcmp(a->category, b->category);
  return c;
}

hg_status hg_changes_compare(const hg_table *prev, const hg_table *cur, hg_changes **out,
                             hg_error *err) {
  cols cp, cc;
  *out = NULL;
  hg_status st = find_cols(prev, &cp, err);
  if (st == HG_OK)
    st = find_cols(cur, &cc, err);
  if (st != HG_OK)
    return st;
  hg_changes *ch = g_new0(hg_changes, 1);
  ch->items = g_ptr_array_new_with_free_func(g_free);
  ch->text = g_string_chunk_new(4096);
  GHashTable *prow = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  GHashTable *plat = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  GHashTable *crow = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  GHashTable *clat = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  index_table(prev, &cp, prow, plat);
  index_table(cur, &cc, crow, clat);

  for (size_t r = 0; r < hg_table_nrows(cur); r++) {
    char *k = key_of(cur, &cc, r, 1);
    gpointer p = g_hash_table_lookup(prow, k);
    g_free(k);
    if (p == NULL) {
      add(ch, "new_period", cur, &cc, r, "", cell(cur, r, cc.value));
      continue;
    }
    size_t q = GPOINTER_TO_SIZE(p) - 1;
    const char *bv = cell(prev, q, cp.value), *av = cell(cur, r, cc.value);
    if (values_differ(bv, av))
      add(ch, "value_revised", cur, &cc, r, bv, av);
    if (cp.eng >= 0 && cc.eng >= 0 && strcmp(cell(prev, q, cp.eng), cell(cur, r, cc.eng)) != 0)
      add(ch, "significance_england", cur, &cc, r, cell(prev, q, cp.eng), cell(cur, r, cc.eng));
    if (cp.lon >= 0 && cc.lon >= 0 && strcmp(cell(prev, q, cp.lon), cell(cur, r, cc.lon)) != 0)
      add(ch, "significance_london", cur, &cc, r, cell(prev, q, cp.lon), cell(cur, r, cc.lon));
  }
  for (size_t q = 0; q < hg_table_nrows(prev); q++) {
    char *k = key_of(prev, &cp, q, 1);
    if (!g_hash_table_contains(crow, k))
      add(ch, "removed", prev, &cp, q, cell(prev, q, cp.value), "");
    g_free(k);
  }
  /* Series-level labels: compare the latest rows of the same series. */
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, clat);
  while (g_hash_table_iter_next(&it, &k, &v)) {
    gpointer pv = g_hash_table_lookup(plat, k);
    if (pv == NULL)
      continue;
    size_t r = GPOINTER_TO_SIZE(v) - 1, q = GPOINTER_TO_SIZE(pv) - 1;
    if (cp.trend >= 0 && cc.trend >= 0 &&
        strcmp(cell(prev, q, cp.trend), cell(cur, r, cc.trend)) != 0)
      add(ch, "trend_changed", cur, &cc, r, cell(prev, q, cp.trend), cell(cur, r, cc.trend));
    if (cp.tstatus >= 0 && cc.tstatus >= 0 &&
        strcmp(cell(prev, q, cp.tstatus), cell(cur, r, cc.tstatus)) != 0)
      add(ch, "target_status_changed", cur, &cc, r, cell(prev, q, cp.tstatus),
          cell(cur, r, cc.tstatus));
  }
  g_ptr_array_sort(ch->items, change_cmp);
  g_hash_table_destroy(prow);
  g_hash_table_destroy(plat);
  g_hash_table_destroy(crow);
  g_hash_table_destroy(clat);
  *out = ch;
  return HG_OK;
}

hg_status hg_changes_compare_files(const char *previous_path, const char *current_path,
                                   hg_changes **out, hg_error *err) {
  hg_table *a = NULL, *b = NULL;
  *out = NULL;
  hg_status st = hg_table_read(previous_path, NULL, &a, err);
  if (st == HG_OK)
    st = hg_table_read(current_path, NULL, &b, err);
  if (st == HG_OK)
    st = hg_changes_compare(a, b, out, err);
  hg_table_free(a);
  hg_table_free(b);
  return st;
}

size_t hg_changes_size(const hg_changes *c) {
  return c->items->len;
}

const hg_change *hg_changes_at(const hg_changes *c, size_t i) {
  return i < c->items->len ? g_ptr_array_index(c->items, i) : NULL;
}

void hg_changes_free(hg_changes *c) {
  if (c == NULL)
    return;
  g_ptr_array_free(c->items, TRUE);
  g_string_chunk_free(c->text);
  g_free(c);
}

hg_status hg_changes_write_csv(const hg_changes *c, FILE *fp) {
  static const char *const header[] = {"change_type", "indicator_id", "area_code", "period",
                                       "sex",         "category",     "before",    "after"};
  hg_csv_writer *w = hg_csv_writer_new(fp, 1);
  if (w == NULL)
    return HG_ERR_NOMEM;
  hg_csv_row(w, header, 8);
  for (guint i = 0; c && i < c->items->len; i++) {
    const hg_change *x = g_ptr_array_index(c->items, i);
    const char *f[8] = {x->change_type, x->indicator_id, x->area_code, x->period,
                        x->sex,         x->category,     x->before,    x->after};
    hg_csv_row(w, f, 8);
  }
  return hg_csv_writer_finish(w);
}
