/* ingest/ethnicity.c: the ethnicity harmonisation table (ingest/ethnicity.h).
 *
 * A CSV a user extends (fixtures/london/ethnicity_harmonisation.csv ships with the
 * labels of the Census 2011 and 2021, NHS data dictionary and Fingertips):
 * label, census2021_detailed (empty when the label names a broad group only),
 * census2021_broad (one of the five, "Not stated" or "Total").  Labels match
 * on their words only, so that "Black/African/Caribbean/Black British" and
 * "Black / African / Caribbean / Black British" are one label. */
#include <string.h>

#include "ingest/ethnicity.h"

struct eth_map {
  GHashTable *by_key; /* normalised label -> eth_entry* */
  GStringChunk *text;
};

/* The label's letters and digits, lower case, words separated by one space. */
static char *norm(const char *s) {
  GString *g = g_string_new("");
  int gap = 0;
  for (; s && *s; s++) {
    if (g_ascii_isalnum(*s)) {
      if (gap && g->len)
        g_string_append_c(g, ' ');
      g_string_append_c(g, g_ascii_tolower(*s));
      gap = 0;
    } else {
      gap = 1;
    }
  }
  return g_string_free(g, FALSE);
}

int eth_is_table(const hg_table *t) {
  return t && hg_table_col(t, "label") >= 0 && hg_table_col(t, "census2021_detailed") >= 0 &&
         hg_table_col(t, "census2021_broad") >= 0;
}

static void load(eth_map *m, const hg_table *t) {
  long lc = hg_table_col(t, "label"), dc = hg_table_col(t, "census2021_detailed"),
       bc = hg_table_col(t, "census2021_broad");
  for (size_t r = 0; r < hg_table_nrows(t); r++) {
    const char *broad = hg_table_cell(t, r, (size_t)bc);
    char *key = norm(hg_table_cell(t, r, (size_t)lc));
    if (!*key || !*broad) {
      g_free(key);
      continue;
    }
    eth_entry *e = g_new(eth_entry, 1);
    e->detailed = g_string_chunk_insert_const(m->text, hg_table_cell(t, r, (size_t)dc));
    e->broad = g_string_chunk_insert_const(m->text, broad);
    e->kind = !g_ascii_strcasecmp(broad, "Not stated") ? ETH_NOT_STATED
              : !g_ascii_strcasecmp(broad, "Total")    ? ETH_TOTAL
                                                       : ETH_GROUP;
    g_hash_table_replace(m->by_key, key, e);
  }
}

static eth_map *map_new(void) {
  eth_map *m = g_new0(eth_map, 1);
  m->by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  m->text = g_string_chunk_new(1024);
  return m;
}

eth_map *eth_map_from_table(const hg_table *t) {
  if (!eth_is_table(t))
    return NULL;
  eth_map *m = map_new();
  load(m, t);
  return m;
}

eth_map *eth_map_from_run(const run_ctx *ctx) {
  eth_map *m = NULL;
  for (guint i = 0; i < ctx->files->len; i++) {
    const run_file *f = ctx->files->pdata[i];
    if (f->in->role != HG_ROLE_LOOKUP || !eth_is_table(f->table))
      continue;
    if (!m)
      m = map_new();
    load(m, f->table);
  }
  return m;
}

void eth_map_free(eth_map *m) {
  if (!m)
    return;
  g_hash_table_destroy(m->by_key);
  g_string_chunk_free(m->text);
  g_free(m);
}

const eth_entry *eth_map_find(const eth_map *m, const char *label) {
  if (!m || !label)
    return NULL;
  char *key = norm(label);
  const eth_entry *e = g_hash_table_lookup(m->by_key, key);
  g_free(key);
  return e;
}

int eth_not_stated(const eth_map *m, const char *label) {
  const eth_entry *e = eth_map_find(m, label);
  if (e)
    return e->kind == ETH_NOT_STATED;
  static const char *const words[] = {"not stated", "not known", "unknown", "missing"};
  char *key = norm(label);
  int hit = 0;
  for (size_t k = 0; k < G_N_ELEMENTS(words) && !hit; k++)
    hit = strstr(key, words[k]) != NULL;
  g_free(key);
  return hit;
}
