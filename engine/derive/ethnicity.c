/* derive/ethnicity.c: ethnic composition of every area (results/ethnicity.csv).
 *
 * Population inputs with an ethnic-group breakdown, recognised by their
 * headers through the harmonisation table (ingest/ethnicity.h):
 *   wide: an area code column (mnemonic, area_code, LSOA21CD, LSOA11CD) and one
 *     column per group, as Nomis publishes Census 2021 TS021 (header labels
 *     such as "White" or "Asian, Asian British or Asian Welsh: Indian"); a
 *     column the table names a total ("Total: All usual residents") is the
 *     published total, every other numeric column a group;
 *   long: area_code, a label column (analytical_ethnicity, ethnic_group,
 *     ethnicity) and value (or population, count); borough_total, if present,
 *     the published total.
 * Each label goes to its Census 2021 broad group (and detailed group, where the
 * label names one).  A label the table lacks is never dropped: it is a row of
 * level "unmapped" and a warning.  LSOAs are summed to their borough (the
 * lookups; for 2021 LSOAs the lookups lack, the borough whose name starts the
 * LSOA's name, learnt from the LSOAs they know), ICB and region; other areas
 * are reported as they are (a file of some boroughs says nothing of London).
 */
#include <math.h>
#include <string.h>

#include "healthgap/csvout.h"
#include "healthgap/geography.h"
#include "derive/stage.h"
#include "ingest/ethnicity.h"

/* The sums of one area in one input. */
typedef struct {
  char *code, *name;
  GHashTable *pop;    /* "level\tgroup" -> double* */
  GHashTable *labels; /* "level\tgroup" -> GString* of source labels */
  double published;   /* NAN without a total column */
} eth_area;

static void eth_area_free(gpointer p) {
  eth_area *a = p;
  g_free(a->code);
  g_free(a->name);
  g_hash_table_destroy(a->pop);
  g_hash_table_destroy(a->labels);
  g_free(a);
}

static void gstring_free(gpointer p) {
  g_string_free(p, TRUE);
}

typedef struct {
  run_ctx *ctx;
  const eth_map *map;
  run_table *out;
  GHashTable *areas;    /* code -> eth_area, of the input being read */
  GHashTable *prefix;   /* LSOA name less its last word -> borough code */
  GHashTable *unmapped; /* labels not in the table, of the input being read */
  size_t unplaced;      /* LSOAs with no borough */
} eth_run;

static eth_area *area_get(eth_run *e, const char *code, const char *name) {
  eth_area *a = g_hash_table_lookup(e->areas, code);
  if (!a) {
    a = g_new0(eth_area, 1);
    a->code = g_strdup(code);
    a->name = g_strdup(name ? name : "");
    a->pop = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    a->labels = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, gstring_free);
    a->published = NAN;
    g_hash_table_insert(e->areas, a->code, a);
  }
  return a;
}

static void add_to(eth_area *a, const char *level, const char *group, const char *label, double x) {
  char *key = g_strconcat(level, "\t", group, NULL);
  double *p = g_hash_table_lookup(a->pop, key);
  if (!p) {
    p = g_new0(double, 1);
    g_hash_table_insert(a->pop, g_strdup(key), p);
    g_hash_table_insert(a->labels, g_strdup(key), g_string_new(""));
  }
  *p += x;
  GString *l = g_hash_table_lookup(a->labels, key);
  /* Each source label once, in the order met. */
  char *quoted = g_strconcat("; ", label, ";", NULL);
  char *have = g_strconcat("; ", l->str, ";", NULL);
  if (!strstr(have, quoted))
    g_string_append_printf(l, "%s%s", l->len ? "; " : "", label);
  g_free(quoted);
  g_free(have);
  g_free(key);
}

/* One label's count into area a: its broad group (or "Not stated"), its
 * detailed group where it has one, or "unmapped"; a total into published. */
static void add_label(eth_run *e, eth_area *a, const char *label, double x) {
  const eth_entry *m = eth_map_find(e->map, label);
  if (!m) {
    add_to(a, "unmapped", label, label, x);
    g_hash_table_add(e->unmapped, g_strdup(label));
  } else if (m->kind == ETH_TOTAL) {
    a->published = isnan(a->published) ? x : a->published + x;
  } else {
    add_to(a, "broad", m->broad, label, x);
    if (*m->detailed)
      add_to(a, "detailed", m->detailed, label, x);
  }
}

/* The areas a row of code counts in: an LSOA's borough, ICB and region (NULL
 * when it has no borough), any other area itself. */
static int places(eth_run *e, const char *code, const char *name, const char *out[3]) {
  const hg_geo *geo = e->ctx->geo;
  out[0] = out[1] = out[2] = NULL;
  if (hg_geo_level_of_code(code) != HG_GEO_LSOA) {
    out[0] = code;
    return 1;
  }
  const char *lad = geo ? hg_geo_ancestor(geo, code, HG_GEO_LAD) : NULL;
  const char *sp = name ? strrchr(name, ' ') : NULL;
  char *pre = sp ? g_strndup(name, (gsize)(sp - name)) : NULL;
  if (lad && pre && !g_hash_table_contains(e->prefix, pre))
    g_hash_table_insert(e->prefix, g_strdup(pre), (gpointer)lad);
  if (!lad && pre)
    lad = g_hash_table_lookup(e->prefix, pre);
  g_free(pre);
  if (!lad) {
    e->unplaced++;
    return 0;
  }
  out[0] = lad;
  out[1] = geo ? hg_geo_ancestor(geo, lad, HG_GEO_ICB) : NULL;
  out[2] = geo ? hg_geo_ancestor(geo, lad, HG_GEO_REGION) : NULL;
  return 1;
}

static void add_row(eth_run *e, const char *code, const char *name, const char *label, double x) {
  const char *at[3];
  if (!*code || hg_geo_level_of_code(code) == HG_GEO_UNKNOWN || !places(e, code, name, at))
    return;
  const hg_geo *geo = e->ctx->geo;
  for (int k = 0; k < 3; k++)
    if (at[k])
      add_label(e,
                area_get(e, at[k],
                         geo && hg_geo_name(geo, at[k]) ? hg_geo_name(geo, at[k])
                         : k == 0 && at[k] == code      ? name
                                                        : ""),
                label, x);
}

static long first_col(const hg_table *t, const char *const *names) {
  long c = -1;
  for (; *names && c < 0; names++)
    c = hg_table_col(t, *names);
  return c;
}

static const char *const code_cols[] = {"mnemonic", "area_code", "LSOA21CD", "LSOA11CD", NULL};

/* A wide table: 1 when it has an area code and at least two group columns. */
static int read_wide(eth_run *e, const hg_table *t) {
  long cc = first_col(t, code_cols);
  size_t groups = 0, nc = hg_table_ncols(t);
  for (size_t j = 0; j < nc; j++) {
    const eth_entry *m = eth_map_find(e->map, hg_table_colname(t, j));
    groups += m && m->kind != ETH_TOTAL;
  }
  if (cc < 0 || groups < 2)
    return 0;
  long namec = cc == 0 ? -1 : 0;
  for (size_t r = 0; r < hg_table_nrows(t); r++) {
    const char *code = hg_table_cell(t, r, (size_t)cc);
    const char *name = namec >= 0 ? hg_table_cell(t, r, (size_t)namec) : NULL;
    for (size_t j = 0; j < nc; j++) {
      double x;
      const char *v = hg_table_cell(t, r, j);
      if ((long)j == cc || (long)j == namec || hg_parse_number(v, strlen(v), &x) != HG_NUM_OK)
        continue;
      add_row(e, code, name, hg_table_colname(t, j), x);
    }
  }
  return 1;
}

/* A long table: area_code, a label column and a value column. */
static int read_long(eth_run *e, const hg_table *t) {
  static const char *const label_cols[] = {"analytical_ethnicity", "ethnic_group", "ethnicity",
                                           NULL};
  static const char *const value_cols[] = {"value", "population", "count", NULL};
  long cc = hg_table_col(t, "area_code"), lc = first_col(t, label_cols),
       vc = first_col(t, value_cols), nc = hg_table_col(t, "area_name"),
       tc = hg_table_col(t, "borough_total");
  if (cc < 0 || lc < 0 || vc < 0)
    return 0;
  GHashTable *total_seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (size_t r = 0; r < hg_table_nrows(t); r++) {
    const char *code = hg_table_cell(t, r, (size_t)cc), *v = hg_table_cell(t, r, (size_t)vc);
    const char *name = nc >= 0 ? hg_table_cell(t, r, (size_t)nc) : NULL;
    double x;
    if (hg_parse_number(v, strlen(v), &x) != HG_NUM_OK)
      continue;
    add_row(e, code, name, hg_table_cell(t, r, (size_t)lc), x);
    const char *tv = tc >= 0 ? hg_table_cell(t, r, (size_t)tc) : "";
    if (*tv && !g_hash_table_contains(total_seen, code) &&
        hg_parse_number(tv, strlen(tv), &x) == HG_NUM_OK) {
      g_hash_table_add(total_seen, g_strdup(code));
      add_row(e, code, name, "Total", x);
    }
  }
  g_hash_table_destroy(total_seen);
  return 1;
}

/* Region, ICB, borough, then any other area; then by code. */
static gint cmp_area(gconstpointer pa, gconstpointer pb) {
  const eth_area *a = *(eth_area *const *)pa, *b = *(eth_area *const *)pb;
  int la = hg_geo_level_of_code(a->code), lb = hg_geo_level_of_code(b->code);
  return la != lb ? lb - la : strcmp(a->code, b->code);
}

/* Levels in the order written: broad groups (with "Not stated"), detailed
 * groups, unmapped labels; groups by name within a level. */
static int level_rank(const char *key) {
  return g_str_has_prefix(key, "broad\t") ? 0 : g_str_has_prefix(key, "detailed\t") ? 1 : 2;
}

static gint cmp_key(gconstpointer pa, gconstpointer pb) {
  const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
  int ra = level_rank(a), rb = level_rank(b);
  return ra != rb ? ra - rb : strcmp(a, b);
}

static GPtrArray *values_sorted(GHashTable *h, GCompareFunc cmp, int keys) {
  GPtrArray *list = g_ptr_array_new();
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, h);
  while (g_hash_table_iter_next(&it, &k, &v))
    g_ptr_array_add(list, keys ? k : v);
  g_ptr_array_sort(list, cmp);
  return list;
}

/* The rows of one area: every group with its share of the area's total (the
 * sum of its broad groups, "Not stated" and unmapped labels). */
static void write_area(eth_run *e, const run_file *f, const eth_area *a) {
  GPtrArray *keys = values_sorted(a->pop, cmp_key, 1);
  double total = 0;
  for (guint i = 0; i < keys->len; i++)
    if (level_rank(keys->pdata[i]) != 1)
      total += *(double *)g_hash_table_lookup(a->pop, keys->pdata[i]);
  char b[4][HG_NUMBER_BUFSIZE];
  for (guint i = 0; i < keys->len; i++) {
    const char *key = keys->pdata[i], *tab = strchr(key, '\t');
    char *level = g_strndup(key, (gsize)(tab - key));
    double x = *(double *)g_hash_table_lookup(a->pop, key);
    const GString *labels = g_hash_table_lookup(a->labels, key);
    const char *cells[] = {f->in->name,
                           a->code,
                           a->name,
                           hg_geo_level_name(hg_geo_level_of_code(a->code)),
                           level,
                           tab + 1,
                           run_num(x, b[0]),
                           run_num(total > 0 ? 100 * x / total : NAN, b[1]),
                           run_num(total, b[2]),
                           run_num(a->published, b[3]),
                           labels->str};
    run_table_add(e->out, cells);
    g_free(level);
  }
  if (!isnan(a->published) && fabs(total - a->published) > 0.5)
    run_warn(e->ctx, "ethnicity: %s: %s: the groups sum to %.0f, the file's total is %.0f",
             f->display, a->code, total, a->published);
  g_ptr_array_free(keys, TRUE);
}

static void write_input(eth_run *e, const run_file *f) {
  static const char *const header[] = {"source",     "area_code",       "area_name",  "area_type",
                                       "level",      "group",           "population", "percent",
                                       "area_total", "published_total", "labels",     NULL};
  if (!e->out)
    e->out = run_table_new(e->ctx, "results/ethnicity.csv", header);
  GPtrArray *areas = values_sorted(e->areas, cmp_area, 0);
  for (guint i = 0; i < areas->len; i++)
    write_area(e, f, areas->pdata[i]);
  g_ptr_array_free(areas, TRUE);
  if (g_hash_table_size(e->unmapped)) {
    GPtrArray *l = values_sorted(e->unmapped, (GCompareFunc)g_strcmp0, 1);
    g_ptr_array_add(l, NULL);
    char *s = g_strjoinv("', '", (char **)l->pdata);
    run_warn(e->ctx,
             "ethnicity: %s: label(s) not in the harmonisation table: '%s' (reported as "
             "unmapped in results/ethnicity.csv; add them to the table)",
             f->display, s);
    g_free(s);
    g_ptr_array_free(l, TRUE);
  }
  if (e->unplaced)
    run_warn(e->ctx, "ethnicity: %s: %zu LSOA(s) in no known borough; left out", f->display,
             e->unplaced);
}

void run_derive_ethnicity(run_ctx *ctx) {
  eth_map *map = eth_map_from_run(ctx);
  if (!map)
    return;
  eth_run e = {.ctx = ctx, .map = map};
  e.prefix = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < ctx->files->len; i++) {
    run_file *f = ctx->files->pdata[i];
    if (f->in->role != HG_ROLE_POPULATION || !f->table)
      continue;
    e.areas = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, eth_area_free);
    e.unmapped = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    e.unplaced = 0;
    if (read_wide(&e, f->table) || read_long(&e, f->table))
      write_input(&e, f);
    g_hash_table_destroy(e.unmapped);
    g_hash_table_destroy(e.areas);
  }
  g_hash_table_destroy(e.prefix);
  eth_map_free(map);
}
