/* groups.c: dplyr's group_by for `healthgap stat`, on keys parsed once.
 *
 * Sorting rows with a comparison that reads the cells (strtod on a numeric
 * key, strcmp on a text key) parsed every cell some 20 times (issue 17: the
 * grouping of the DSR workload cost 75 times its arithmetic).  Here each key
 * column is read once: every cell becomes the rank of its value among the
 * column's distinct values (text by bytes, numbers by value, NA last, as
 * before), found through a hash of the distinct values, so that only those are
 * sorted.  The ranks of a row, read as digits of one mixed-radix number, give
 * the row's group; when that number space is not much larger than the rows, a
 * counting sort (stable, so rows keep input order) places them in one pass,
 * else the rows are sorted by their rank tuples.  The groups and their order
 * are those of the comparison sort this replaces.
 */
#include "healthgap/memory.h"
#include "healthgap/methods.h"

#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "methods/adapter.h"

struct hg_groups {
  GArray *starts; /* size_t offsets into rows, one per group, plus the end */
  GArray *rows;   /* size_t row indices grouped */
  long *cols;     /* the data column of each key (owned) */
  size_t ncols;
};

/* ---- one key column: cells to ranks ---------------------------------------- */

/* The distinct values of a column: text (pointers to cells, which the table
 * owns) or numbers (-0 folded into 0, every NA one value). */
typedef struct {
  int numeric;
  const char **text;
  double *num;
  size_t n;
  size_t *slot; /* open addressing: distinct index + 1, 0 = empty */
  size_t mask;
} distinct_set;

static uint64_t hash_text(const char *s) {
  uint64_t h = 1469598103934665603u; /* FNV-1a */
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 1099511628211u;
  return h;
}

static uint64_t hash_num(double v) {
  uint64_t b;
  memcpy(&b, &v, sizeof b);
  b ^= b >> 33;
  b *= 0xff51afd7ed558ccdu;
  return b ^ (b >> 33);
}

static int same(const distinct_set *d, size_t i, const char *s, double v) {
  if (d->numeric)
    return memcmp(&d->num[i], &v, sizeof v) == 0;
  return strcmp(d->text[i], s) == 0;
}

static size_t slot_of(const distinct_set *d, size_t i) {
  return (size_t)(d->numeric ? hash_num(d->num[i]) : hash_text(d->text[i])) & d->mask;
}

/* Doubles the slots when half are taken.  They grow with the distinct values,
 * not the rows: three key columns of 373,540 rows had 24 MB of slots zeroed
 * for a few thousand values (issue 17). */
static void distinct_grow(distinct_set *d) {
  if (d->slot && 2 * (d->n + 1) <= d->mask + 1)
    return;
  g_free(d->slot);
  d->mask = d->slot ? 2 * (d->mask + 1) - 1 : 63;
  d->slot = g_new0(size_t, d->mask + 1);
  /* The values too: sized for the rows, each column's array had a fresh huge
   * page zeroed for a few thousand values (issue 17). */
  if (d->numeric)
    d->num = g_renew(double, d->num, (d->mask + 1) / 2);
  else
    d->text = g_renew(const char *, d->text, (d->mask + 1) / 2);
  for (size_t i = 0; i < d->n; i++) {
    size_t h = slot_of(d, i);
    while (d->slot[h])
      h = (h + 1) & d->mask;
    d->slot[h] = i + 1;
  }
}

/* The index of the value (s, or v when numeric) among the distinct ones,
 * added if new.  The table never fills: distinct_grow keeps half free. */
static size_t distinct_index(distinct_set *d, const char *s, double v) {
  distinct_grow(d);
  size_t h = (size_t)(d->numeric ? hash_num(v) : hash_text(s)) & d->mask;
  for (;; h = (h + 1) & d->mask) {
    size_t k = d->slot[h];
    if (k == 0)
      break;
    if (same(d, k - 1, s, v))
      return k - 1;
  }
  if (d->numeric)
    d->num[d->n] = v;
  else
    d->text[d->n] = s;
  d->slot[h] = ++d->n;
  return d->n - 1;
}

static gint distinct_cmp(gconstpointer pa, gconstpointer pb, gpointer ud) {
  const distinct_set *d = ud;
  size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
  if (!d->numeric)
    return strcmp(d->text[a], d->text[b]);
  double va = d->num[a], vb = d->num[b];
  if (isnan(va) || isnan(vb)) /* dplyr puts NA groups last */
    return isnan(va) - isnan(vb);
  return (va > vb) - (va < vb);
}

/* rank[i] = the place of distinct value i in key order (all distinct, so no ties). */
static size_t *distinct_ranks(const distinct_set *d) {
  size_t *order = g_new(size_t, d->n ? d->n : 1);
  size_t *rank = g_new(size_t, d->n ? d->n : 1);
  for (size_t i = 0; i < d->n; i++)
    order[i] = i;
  g_qsort_with_data(order, (gint)d->n, sizeof *order, distinct_cmp, (gpointer)d);
  for (size_t i = 0; i < d->n; i++)
    rank[order[i]] = i;
  g_free(order);
  return rank;
}

/* Reads column col once: numeric when its non-empty cells are all numbers (at
 * least one), as before.  Writes each row's rank to key[i * stride]; returns
 * the number of distinct values.  vals: nrows doubles of scratch. */
static size_t column_ranks(const hg_table *t, size_t col, size_t nrows, uint32_t *key,
                           size_t stride, double *vals) {
  int any = 0, all = 1;
  const char *prev = NULL; /* a cell equal to the row before's is not parsed again */
  for (size_t i = 0; i < nrows; i++) {
    const char *s = hg_table_cell(t, i, col);
    if (prev && strcmp(s, prev) == 0) {
      vals[i] = vals[i - 1];
      continue;
    }
    double v = NAN;
    hg_num k = hg_parse_cell(s, &v);
    if (k == HG_NUM_INVALID) {
      all = 0;
      break;
    }
    any |= k == HG_NUM_OK;
    vals[i] = isnan(v) ? NAN : v + 0.0; /* one NA; -0 + 0.0 is +0 */
    prev = s;
  }
  distinct_set d = {.numeric = any && all};
  distinct_grow(&d);
  uint32_t *ids = key; /* distinct indices first, ranks after */
  /* Rows usually come sorted or in runs of one key (an area's age bands):
   * a value equal to the row before's takes its index without hashing. */
  const char *prev_s = NULL;
  for (size_t i = 0; i < nrows; i++) {
    if (d.numeric) {
      ids[i * stride] = i > 0 && memcmp(&vals[i], &vals[i - 1], sizeof *vals) == 0
                            ? ids[(i - 1) * stride]
                            : (uint32_t)distinct_index(&d, NULL, vals[i]);
      continue;
    }
    const char *s = hg_table_cell(t, i, col);
    ids[i * stride] = prev_s && strcmp(s, prev_s) == 0 ? ids[(i - 1) * stride]
                                                       : (uint32_t)distinct_index(&d, s, 0);
    prev_s = s;
  }
  size_t *rank = distinct_ranks(&d);
  for (size_t i = 0; i < nrows; i++)
    key[i * stride] = (uint32_t)rank[key[i * stride]];
  size_t n = d.n;
  g_free(rank);
  g_free(d.slot);
  g_free(d.num);
  g_free(d.text);
  return n;
}

/* ---- rows to groups ---------------------------------------------------------- */

/* Stable counting sort on the mixed-radix number of each row's ranks; code:
 * nrows size_t of scratch. */
static void group_by_counting(hg_groups *g, const uint32_t *key, size_t nrows, size_t ncols,
                              const size_t *card, size_t space, size_t *code) {
  size_t *count = g_new0(size_t, space + 1);
  for (size_t i = 0; i < nrows; i++) {
    size_t c = 0;
    for (size_t j = 0; j < ncols; j++)
      c = c * card[j] + key[i * ncols + j];
    code[i] = c;
    count[c + 1]++;
  }
  for (size_t c = 0; c < space; c++) {
    if (count[c + 1])
      g_array_append_val(g->starts, count[c]);
    count[c + 1] += count[c];
  }
  g_array_set_size(g->rows, (guint)nrows);
  size_t *rows = (size_t *)(void *)g->rows->data;
  for (size_t i = 0; i < nrows; i++)
    rows[count[code[i]]++] = i;
  g_free(count);
}

typedef struct {
  const uint32_t *key;
  size_t ncols;
} tuple_ctx;

static int tuple_cmp(size_t a, size_t b, const tuple_ctx *k) {
  const uint32_t *ka = k->key + a * k->ncols, *kb = k->key + b * k->ncols;
  for (size_t j = 0; j < k->ncols; j++)
    if (ka[j] != kb[j])
      return ka[j] < kb[j] ? -1 : 1;
  return 0;
}

static gint row_cmp(gconstpointer pa, gconstpointer pb, gpointer ud) {
  size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
  int d = tuple_cmp(a, b, ud);
  return d ? d : (a > b) - (a < b); /* stable: input order inside a group */
}

/* Many keys with many values each: a comparison sort on the rank tuples. */
static void group_by_sorting(hg_groups *g, const uint32_t *key, size_t nrows, size_t ncols) {
  for (size_t i = 0; i < nrows; i++)
    g_array_append_val(g->rows, i);
  tuple_ctx k = {key, ncols};
  g_array_sort_with_data(g->rows, row_cmp, &k);
  const size_t *r = (const size_t *)(void *)g->rows->data;
  for (size_t i = 0; i < nrows; i++)
    if (i == 0 || tuple_cmp(r[i - 1], r[i], &k) != 0)
      g_array_append_val(g->starts, i);
}

static void group_by_keys(hg_groups *g, const hg_table *t, const long *cols, size_t ncols) {
  size_t nrows = hg_table_nrows(t);
  uint32_t *key = hg_mem_new_large(nrows, ncols * sizeof(uint32_t));
  size_t *card = g_new(size_t, ncols);
  /* One scratch block for every column's values and then the counting sort's
   * codes (both 8 bytes a row): each fresh block was a fresh set of pages for
   * the kernel to zero (issue 17). */
  G_STATIC_ASSERT(sizeof(double) == sizeof(size_t));
  void *scratch = hg_mem_new_large(nrows, sizeof(double));
  /* The counting sort's space: the product of the distinct counts, if it is
   * not much larger than the rows (else its counters would cost more). */
  size_t space = 1, limit = 4 * nrows + 4096;
  for (size_t j = 0; j < ncols; j++) {
    card[j] = column_ranks(t, (size_t)cols[j], nrows, key + j, ncols, scratch);
    space = card[j] && space <= limit / card[j] ? space * card[j] : limit + 1;
  }
  if (space <= limit)
    group_by_counting(g, key, nrows, ncols, card, space, scratch);
  else
    group_by_sorting(g, key, nrows, ncols);
  g_free(scratch);
  g_free(card);
  g_free(key);
}

hg_status hg_groups_build(const hg_method_call *c, hg_groups **out, hg_error *err) {
  size_t nrows = hg_table_nrows(c->data);
  long *cols = g_new0(long, c->n_group_by + 1);
  *out = NULL;
  for (size_t j = 0; j < c->n_group_by; j++) {
    cols[j] = hg_table_col(c->data, c->group_by[j]);
    if (cols[j] < 0) {
      hg_error_set(err, NULL, 0, NULL, "group_by column '%s' is not a field name from data",
                   c->group_by[j]);
      g_free(cols);
      return HG_ERR_INVALID;
    }
  }
  hg_groups *g = g_new0(hg_groups, 1);
  g->starts = g_array_new(FALSE, FALSE, sizeof(size_t));
  g->rows = g_array_sized_new(FALSE, FALSE, sizeof(size_t), (guint)nrows);
  hg_mem_huge(g->rows->data, nrows * sizeof(size_t));
  hg_mem_populate(g->rows->data, nrows * sizeof(size_t)); /* every row is in one group */
  if (c->n_group_by > 0) {
    group_by_keys(g, c->data, cols, c->n_group_by);
  } else {
    for (size_t i = 0; i < nrows; i++)
      g_array_append_val(g->rows, i);
    size_t zero = 0;
    g_array_append_val(g->starts, zero); /* one group; empty, as dplyr would summarise */
  }
  g_array_append_val(g->starts, nrows);
  g->cols = cols;
  g->ncols = c->n_group_by;
  *out = g;
  return HG_OK;
}

/* ---- on a thread ---------------------------------------------------------------- */

enum { GROUPS_THREAD_MIN = 1 << 16 }; /* rows below which a thread costs more than it saves */

struct hg_groups_job {
  const hg_method_call *c;
  GThread *thread; /* NULL: built in hg_groups_build_finish */
  hg_groups *g;
  hg_status st;
  hg_error err;
};

static gpointer groups_job_run(gpointer data) {
  hg_groups_job *j = data;
  j->st = hg_groups_build(j->c, &j->g, &j->err);
  return NULL;
}

hg_groups_job *hg_groups_build_start(const hg_method_call *c) {
  hg_groups_job *j = g_new0(hg_groups_job, 1);
  j->c = c;
  if (hg_table_nrows(c->data) >= GROUPS_THREAD_MIN && g_get_num_processors() >= 2)
    j->thread = g_thread_try_new("hg-groups", groups_job_run, j, NULL);
  return j;
}

hg_status hg_groups_build_finish(hg_groups_job *j, hg_groups **out, hg_error *err) {
  if (j->thread)
    g_thread_join(j->thread);
  else
    groups_job_run(j);
  hg_status st = j->st;
  *out = j->g;
  if (st != HG_OK && err)
    *err = j->err;
  g_free(j);
  return st;
}

size_t hg_groups_count(const hg_groups *g) {
  return g ? g->starts->len - 1 : 0;
}

const size_t *hg_groups_rows(const hg_groups *g, size_t i, size_t *n) {
  size_t a = g_array_index(g->starts, size_t, i), b = g_array_index(g->starts, size_t, i + 1);
  *n = b - a;
  return (const size_t *)(void *)g->rows->data + a;
}

long hg_groups_col(const hg_groups *g, size_t j) {
  return g && j < g->ncols ? g->cols[j] : -1;
}

void hg_groups_free(hg_groups *g) {
  if (!g)
    return;
  g_free(g->cols);
  g_array_free(g->starts, TRUE);
  g_array_free(g->rows, TRUE);
  g_free(g);
}
