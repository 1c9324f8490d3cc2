/* geography.c: the area hierarchy (GLib hash table of nodes) and aggregation of
 * counts up it.  Contracts in healthgap/geography.h. */
#include "healthgap/geography.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

typedef struct geo_node {
  const char *code; /* in the string chunk */
  const char *name; /* "" until known */
  hg_geo_level level;
  struct geo_node *parent;
} geo_node;

struct hg_geo {
  GHashTable *by_code; /* code -> geo_node* (keys are the nodes' own codes) */
  GStringChunk *strings;
};

hg_geo_level hg_geo_level_of_code(const char *code) {
  if (!code || strlen(code) < 3)
    return HG_GEO_UNKNOWN;
  static const struct {
    const char *prefix;
    hg_geo_level level;
  } map[] = {{"E01", HG_GEO_LSOA},   {"W01", HG_GEO_LSOA},   {"E02", HG_GEO_MSOA},
             {"W02", HG_GEO_MSOA},   {"E06", HG_GEO_LAD},    {"E07", HG_GEO_LAD},
             {"E08", HG_GEO_LAD},    {"E09", HG_GEO_LAD},    {"W06", HG_GEO_LAD},
             {"E54", HG_GEO_ICB},    {"E12", HG_GEO_REGION}, {"E92", HG_GEO_COUNTRY},
             {"W92", HG_GEO_COUNTRY}};
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
    if (strncmp(code, map[i].prefix, 3) == 0)
      return map[i].level;
  return HG_GEO_UNKNOWN;
}

const char *hg_geo_level_name(hg_geo_level level) {
  static const char *const names[] = {"", "LSOA", "MSOA", "LAD", "ICB", "Region", "Country"};
  return (unsigned)level < sizeof names / sizeof names[0] ? names[level] : "";
}

hg_geo *hg_geo_new(void) {
  hg_geo *g = calloc(1, sizeof *g);
  if (!g)
    return NULL;
  g->by_code = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
  g->strings = g_string_chunk_new(4096);
  return g;
}

void hg_geo_free(hg_geo *g) {
  if (!g)
    return;
  g_hash_table_destroy(g->by_code);
  g_string_chunk_free(g->strings);
  free(g);
}

static geo_node *find(const hg_geo *g, const char *code) {
  return code ? g_hash_table_lookup(g->by_code, code) : NULL;
}

static geo_node *intern_node(hg_geo *g, const char *code, const char *name) {
  geo_node *nd = find(g, code);
  if (!nd) {
    nd = g_new0(geo_node, 1);
    nd->code = g_string_chunk_insert_const(g->strings, code);
    nd->name = "";
    nd->level = hg_geo_level_of_code(code);
    g_hash_table_insert(g->by_code, (gpointer)nd->code, nd);
  }
  if (name && *name && !*nd->name)
    nd->name = g_string_chunk_insert_const(g->strings, name);
  return nd;
}

hg_status hg_geo_add(hg_geo *g, const char *code, const char *name, const char *parent_code,
                     const char *parent_name, hg_error *err) {
  if (!g || !code || !*code) {
    hg_error_set(err, NULL, 0, NULL, "empty area code");
    return HG_ERR_INVALID;
  }
  int has_parent = parent_code && *parent_code;
  if (has_parent) {
    if (strcmp(code, parent_code) == 0) {
      hg_error_set(err, NULL, 0, NULL, "area '%s' cannot be its own parent", code);
      return HG_ERR_INVALID;
    }
    hg_geo_level lc = hg_geo_level_of_code(code), lp = hg_geo_level_of_code(parent_code);
    if (lc != HG_GEO_UNKNOWN && lp != HG_GEO_UNKNOWN && lp <= lc) {
      hg_error_set(err, NULL, 0, NULL, "parent '%s' (%s) is not above '%s' (%s)", parent_code,
                   hg_geo_level_name(lp), code, hg_geo_level_name(lc));
      return HG_ERR_INVALID;
    }
  }
  geo_node *nd = intern_node(g, code, name);
  if (!has_parent)
    return HG_OK;
  if (nd->parent && strcmp(nd->parent->code, parent_code) != 0) {
    hg_error_set(err, NULL, 0, NULL, "area '%s' already has parent '%s', not '%s'", code,
                 nd->parent->code, parent_code);
    return HG_ERR_INVALID;
  }
  nd->parent = intern_node(g, parent_code, parent_name);
  /* A cycle would make ancestor walks loop for ever: refuse it here. */
  for (geo_node *p = nd->parent; p; p = p->parent)
    if (p == nd) {
      nd->parent = NULL;
      hg_error_set(err, NULL, 0, NULL, "area '%s' would be its own ancestor", code);
      return HG_ERR_INVALID;
    }
  return HG_OK;
}

static hg_status need_col(const hg_table *t, const char *name, long *out, hg_error *err) {
  *out = -1;
  if (!name)
    return HG_OK;
  *out = hg_table_col(t, name);
  if (*out < 0) {
    hg_error_set(err, hg_table_name(t), 1, name, "column not found");
    return HG_ERR_FORMAT;
  }
  return HG_OK;
}

hg_status hg_geo_load_table(hg_geo *g, const hg_table *t, const char *child_col,
                            const char *child_name_col, const char *parent_col,
                            const char *parent_name_col, hg_error *err) {
  long cc, cn, pc, pn;
  hg_status st;
  if (!g || !t || !child_col || !parent_col)
    return HG_ERR_INVALID;
  if ((st = need_col(t, child_col, &cc, err)) || (st = need_col(t, child_name_col, &cn, err)) ||
      (st = need_col(t, parent_col, &pc, err)) || (st = need_col(t, parent_name_col, &pn, err)))
    return st;
  for (size_t r = 0; r < hg_table_nrows(t); r++) {
    const char *code = hg_table_cell(t, r, (size_t)cc);
    if (!*code)
      continue;
    st = hg_geo_add(g, code, cn >= 0 ? hg_table_cell(t, r, (size_t)cn) : NULL,
                    hg_table_cell(t, r, (size_t)pc),
                    pn >= 0 ? hg_table_cell(t, r, (size_t)pn) : NULL, err);
    if (st) {
      /* Keep the message, add where it came from. */
      if (err) {
        g_strlcpy(err->file, hg_table_name(t), sizeof err->file);
        err->line = hg_table_line(t, r);
        g_strlcpy(err->column, child_col, sizeof err->column);
      }
      return st;
    }
  }
  return HG_OK;
}

/* The standard lookups' columns: child code and name, parent code and name. */
static const char *const lsoa_cols[][4] = {{"LSOA11CD", "LSOA11NM", "MSOA11CD", "MSOA11NM"},
                                           {"MSOA11CD", "MSOA11NM", "LAD17CD", "LAD17NM"}};
static const char *const msoa21_cols[][4] = {{"MSOA21CD", "MSOA21NM", "LAD23CD", "LAD23NM"}};
static const char *const icb_cols[][4] = {{"LA_code", "LA_name", "ICB_code", "ICB_name"}};

static hg_status load_lookup(hg_geo *g, const hg_table *t, const char *const cols[][4], size_t n,
                             hg_error *err) {
  hg_status st = HG_OK;
  for (size_t i = 0; !st && i < n; i++)
    st = hg_geo_load_table(g, t, cols[i][0], cols[i][1], cols[i][2], cols[i][3], err);
  return st;
}

static hg_status load_path(hg_geo *g, const char *path, const char *const cols[][4], size_t n,
                           hg_error *err) {
  hg_table *t = NULL;
  hg_status st = hg_table_read(path, NULL, &t, err);
  if (!st)
    st = load_lookup(g, t, cols, n, err);
  hg_table_free(t);
  return st;
}

/* Every ICB in the London lookup sits in the London region, in England. */
static hg_status london_above_icbs(hg_geo *g, hg_error *err) {
  hg_status st = HG_OK;
  GHashTableIter it;
  gpointer key, val;
  GPtrArray *icbs = g_ptr_array_new();
  g_hash_table_iter_init(&it, g->by_code);
  while (g_hash_table_iter_next(&it, &key, &val))
    if (((geo_node *)val)->level == HG_GEO_ICB)
      g_ptr_array_add(icbs, val);
  for (guint i = 0; !st && i < icbs->len; i++)
    st = hg_geo_add(g, ((geo_node *)icbs->pdata[i])->code, NULL, "E12000007", "London", err);
  g_ptr_array_free(icbs, TRUE);
  if (!st)
    st = hg_geo_add(g, "E12000007", "London", "E92000001", "England", err);
  return st;
}

hg_status hg_geo_load_london(hg_geo *g, const hg_geo_london_paths *paths, hg_error *err) {
  hg_status st = HG_OK;
  if (!g || !paths)
    return HG_ERR_INVALID;
  if (paths->lsoa11_msoa11_lad && (st = load_path(g, paths->lsoa11_msoa11_lad, lsoa_cols, 2, err)))
    return st;
  if (paths->msoa21_lad23 && (st = load_path(g, paths->msoa21_lad23, msoa21_cols, 1, err)))
    return st;
  if (paths->borough_icb && (st = load_path(g, paths->borough_icb, icb_cols, 1, err)))
    return st;
  return london_above_icbs(g, err);
}

hg_status hg_geo_load_london_tables(hg_geo *g, const hg_geo_london_tables *t, hg_error *err) {
  hg_status st = HG_OK;
  if (!g || !t)
    return HG_ERR_INVALID;
  if (t->lsoa11_msoa11_lad && (st = load_lookup(g, t->lsoa11_msoa11_lad, lsoa_cols, 2, err)))
    return st;
  if (t->msoa21_lad23 && (st = load_lookup(g, t->msoa21_lad23, msoa21_cols, 1, err)))
    return st;
  if (t->borough_icb && (st = load_lookup(g, t->borough_icb, icb_cols, 1, err)))
    return st;
  return london_above_icbs(g, err);
}

int hg_geo_has(const hg_geo *g, const char *code) {
  return g && find(g, code) != NULL;
}

const char *hg_geo_name(const hg_geo *g, const char *code) {
  geo_node *nd = g ? find(g, code) : NULL;
  return nd ? nd->name : NULL;
}

const char *hg_geo_parent(const hg_geo *g, const char *code) {
  geo_node *nd = g ? find(g, code) : NULL;
  return nd && nd->parent ? nd->parent->code : NULL;
}

hg_geo_level hg_geo_level_get(const hg_geo *g, const char *code) {
  geo_node *nd = g ? find(g, code) : NULL;
  return nd ? nd->level : HG_GEO_UNKNOWN;
}

static const geo_node *ancestor(const geo_node *nd, hg_geo_level level) {
  for (; nd; nd = nd->parent)
    if (nd->level == level)
      return nd;
  return NULL;
}

const char *hg_geo_ancestor(const hg_geo *g, const char *code, hg_geo_level level) {
  const geo_node *a = g ? ancestor(find(g, code), level) : NULL;
  return a ? a->code : NULL;
}

size_t hg_geo_count(const hg_geo *g, hg_geo_level level) {
  size_t n = 0;
  GHashTableIter it;
  gpointer key, val;
  if (!g)
    return 0;
  g_hash_table_iter_init(&it, g->by_code);
  while (g_hash_table_iter_next(&it, &key, &val))
    n += ((geo_node *)val)->level == level;
  return n;
}

static int cmp_sum(const void *a, const void *b) {
  const hg_geo_sum *x = a, *y = b;
  int c = strcmp(x->code, y->code);
  if (c)
    return c;
  return (x->band > y->band) - (x->band < y->band);
}

/* Group key: the ancestor node and band, packed in a small struct. */
typedef struct {
  const geo_node *node;
  long band;
} sum_key;

static guint key_hash(gconstpointer p) {
  const sum_key *k = p;
  return g_direct_hash(k->node) ^ (guint)(k->band * 2654435761u);
}

static gboolean key_equal(gconstpointer a, gconstpointer b) {
  const sum_key *x = a, *y = b;
  return x->node == y->node && x->band == y->band;
}

hg_status hg_geo_aggregate(const hg_geo *g, size_t n, const char *const *codes, const long *band,
                           const double *num, const double *den, hg_geo_level level,
                           hg_geo_sum **out, size_t *n_out, hg_error *err) {
  hg_status st = HG_OK;
  GHashTable *groups = NULL;
  GArray *sums = NULL;
  if (!out || !n_out)
    return HG_ERR_INVALID;
  *out = NULL;
  *n_out = 0;
  if (!g || (n && (!codes || !num)))
    return HG_ERR_INVALID;
  groups = g_hash_table_new_full(key_hash, key_equal, g_free, NULL);
  sums = g_array_new(FALSE, TRUE, sizeof(hg_geo_sum));
  for (size_t i = 0; i < n; i++) {
    const geo_node *nd = find(g, codes[i]);
    if (!nd) {
      hg_error_set(err, NULL, 0, NULL, "area '%s' is not in the hierarchy",
                   codes[i] ? codes[i] : "");
      st = HG_ERR_NOT_FOUND;
      goto cleanup;
    }
    const geo_node *a = ancestor(nd, level);
    if (!a) {
      hg_error_set(err, NULL, 0, NULL, "area '%s' has no %s above it", codes[i],
                   hg_geo_level_name(level));
      st = HG_ERR_NOT_FOUND;
      goto cleanup;
    }
    sum_key k = {a, band ? band[i] : 0};
    gpointer idx;
    size_t j;
    if (g_hash_table_lookup_extended(groups, &k, NULL, &idx)) {
      j = GPOINTER_TO_SIZE(idx);
    } else {
      hg_geo_sum s = {a->code, k.band, 0, den ? 0 : NAN, 0, 0};
      g_array_append_val(sums, s);
      j = sums->len - 1;
      sum_key *kk = g_new(sum_key, 1);
      *kk = k;
      g_hash_table_insert(groups, kk, GSIZE_TO_POINTER(j));
    }
    hg_geo_sum *s = &g_array_index(sums, hg_geo_sum, j);
    s->n_rows++;
    /* NAN propagates: a group with any missing count has a missing total. */
    s->num += num[i];
    if (den)
      s->den += den[i];
    if (isnan(num[i]) || (den && isnan(den[i])))
      s->n_missing++;
  }
  qsort(sums->data, sums->len, sizeof(hg_geo_sum), cmp_sum);
  *n_out = sums->len;
  if (sums->len) {
    *out = malloc(sums->len * sizeof(hg_geo_sum));
    if (!*out) {
      *n_out = 0;
      st = HG_ERR_NOMEM;
      goto cleanup;
    }
    memcpy(*out, sums->data, sums->len * sizeof(hg_geo_sum));
  }

cleanup:
  if (groups)
    g_hash_table_destroy(groups);
  if (sums)
    g_array_free(sums, TRUE);
  return st;
}
