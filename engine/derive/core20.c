/* derive/core20.c: national deprivation of every area (results/core20.csv).
 *
 * Core20 (NHS England's Core20PLUS5) is the population living in the 20% most
 * deprived LSOAs of England by the national IMD: national IMD deciles 1 and 2.
 * The ranking is England's, never London's or an ICB's, so the share of an
 * area may be far from 20%.
 *
 * Inputs, recognised by their headers (docs/outputs.md):
 *   a deprivation input with an LSOA code and the national IMD decile (IoD
 *     2019 File 2: "Index of Multiple Deprivation (IMD) Decile (where 1 is
 *     most deprived 10% of LSOAs)", or lsoa_code + imd_decile);
 *   the first population input, in config order, with an LSOA population
 *     (IoD 2019 File 6 "Total population: mid 2015 (excluding prisoners)", or
 *     ONS's LSOA11CD + Persons_All-Ages): the file and column are named in
 *     each row, so that the population year is never a guess;
 *   optionally, populations already summed by national decile (area_code,
 *     imd_decile, population: e.g. England's, made from the whole of Files 2
 *     and 6 by fixtures/london/tools/core20_england.py), taken as they are.
 * LSOA populations are summed to the borough (through the lookups, or the
 * deprivation file's own LAD column), its ICB and region.  An LSOA with a
 * decile but no population is left out and counted in a warning: missing is
 * not zero.
 */
#include <math.h>
#include <string.h>

#include "healthgap/csvout.h"
#include "healthgap/geography.h"
#include "healthgap/table.h"
#include "derive/stage.h"

/* One area: population per national decile (index 1..10). */
typedef struct {
  char *code, *name;
  double dec[11];
  size_t lsoas;
  const char *pop_source; /* borrowed from the state */
} c20_area;

static void c20_area_free(gpointer p) {
  c20_area *a = p;
  g_free(a->code);
  g_free(a->name);
  g_free(a);
}

/* Column pairs we know: (LSOA code, value). */
typedef struct {
  const char *code, *value;
} col_pair;

static const col_pair decile_cols[] = {
    {"LSOA code (2011)",
     "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)"},
    {"lsoa_code", "imd_decile"},
};

static const col_pair pop_cols[] = {
    {"LSOA code (2011)", "Total population: mid 2015 (excluding prisoners)"},
    {"LSOA11CD", "Persons_All-Ages"},
    {"lsoa_code", "population"},
};

/* The first pair whose two columns t has; 0 if none. */
static int find_pair(const hg_table *t, const col_pair *pairs, size_t n, long *code, long *val) {
  for (size_t k = 0; k < n; k++) {
    *code = hg_table_col(t, pairs[k].code);
    *val = hg_table_col(t, pairs[k].value);
    if (*code >= 0 && *val >= 0)
      return 1;
  }
  return 0;
}

/* A count as published: thousands separators ("1,296") removed. */
static int parse_count(const char *s, double *out) {
  char buf[64];
  size_t n = 0;
  for (; *s && n + 1 < sizeof buf; s++)
    if (*s != ',')
      buf[n++] = *s;
  buf[n] = '\0';
  return n && hg_parse_number(buf, n, out) == HG_NUM_OK;
}

typedef struct {
  run_ctx *ctx;
  GHashTable *areas; /* code -> c20_area */
  GHashTable *pop;   /* LSOA code -> double* */
  char *pop_source;
  GString *dep_source;
} c20;

static c20_area *area_get(c20 *c, const char *code, const char *name) {
  c20_area *a = g_hash_table_lookup(c->areas, code);
  if (!a) {
    a = g_new0(c20_area, 1);
    a->code = g_strdup(code);
    a->name = g_strdup(name ? name : "");
    g_hash_table_insert(c->areas, a->code, a);
  }
  return a;
}

/* LSOA populations from the first population input that has them. */
static void load_lsoa_pop(c20 *c) {
  for (guint i = 0; i < c->ctx->files->len && !c->pop_source; i++) {
    run_file *f = c->ctx->files->pdata[i];
    long kc, vc;
    if (f->in->role != HG_ROLE_POPULATION || !f->table ||
        !find_pair(f->table, pop_cols, G_N_ELEMENTS(pop_cols), &kc, &vc))
      continue;
    for (size_t r = 0; r < hg_table_nrows(f->table); r++) {
      double x;
      if (!parse_count(hg_table_cell(f->table, r, (size_t)vc), &x))
        continue;
      double *p = g_new(double, 1);
      *p = x;
      g_hash_table_replace(c->pop, g_strdup(hg_table_cell(f->table, r, (size_t)kc)), p);
    }
    c->pop_source = g_strdup_printf("%s: %s", f->in->name, hg_table_colname(f->table, (size_t)vc));
  }
}

/* One LSOA's population into its borough, ICB and region. */
static void add_lsoa(c20 *c, const char *lsoa, const char *lad_col, int decile, double pop) {
  const hg_geo *geo = c->ctx->geo;
  const char *lad = geo ? hg_geo_ancestor(geo, lsoa, HG_GEO_LAD) : NULL;
  if (!lad)
    lad = lad_col;
  if (!lad || !*lad)
    return;
  const char *up[3] = {lad, geo ? hg_geo_ancestor(geo, lad, HG_GEO_ICB) : NULL,
                       geo ? hg_geo_ancestor(geo, lad, HG_GEO_REGION) : NULL};
  for (int k = 0; k < 3; k++) {
    if (!up[k])
      continue;
    c20_area *a = area_get(c, up[k], geo ? hg_geo_name(geo, up[k]) : NULL);
    a->dec[decile] += pop;
    a->lsoas++;
    a->pop_source = c->pop_source;
  }
}

/* The LSOAs of a deprivation input with national deciles; *missing = LSOAs
 * without a population. */
static void add_deprivation(c20 *c, run_file *f, long kc, long dc, size_t *missing) {
  const hg_table *t = f->table;
  long lc = hg_table_col(t, "Local Authority District code (2019)");
  for (size_t r = 0; r < hg_table_nrows(t); r++) {
    const char *code = hg_table_cell(t, r, (size_t)kc);
    double d, *pop = g_hash_table_lookup(c->pop, code);
    if (!*code || !parse_count(hg_table_cell(t, r, (size_t)dc), &d) || d < 1 || d > 10 ||
        d != floor(d))
      continue;
    if (!pop) {
      (*missing)++;
      continue;
    }
    add_lsoa(c, code, lc >= 0 ? hg_table_cell(t, r, (size_t)lc) : NULL, (int)d, *pop);
  }
  g_string_append_printf(c->dep_source, "%s%s", c->dep_source->len ? "; " : "", f->in->name);
}

/* Populations already summed by decile (area_code, imd_decile, population). */
static int add_summed(c20 *c, run_file *f) {
  const hg_table *t = f->table;
  long ac = hg_table_col(t, "area_code"), dc = hg_table_col(t, "imd_decile"),
       pc = hg_table_col(t, "population"), nc = hg_table_col(t, "area_name"),
       lc = hg_table_col(t, "lsoas");
  if (ac < 0 || dc < 0 || pc < 0)
    return 0;
  for (size_t r = 0; r < hg_table_nrows(t); r++) {
    double d, p, n = 0;
    if (!parse_count(hg_table_cell(t, r, (size_t)dc), &d) || d < 1 || d > 10 ||
        !parse_count(hg_table_cell(t, r, (size_t)pc), &p))
      continue;
    c20_area *a = area_get(c, hg_table_cell(t, r, (size_t)ac),
                           nc >= 0 ? hg_table_cell(t, r, (size_t)nc) : NULL);
    a->dec[(int)d] += p;
    if (lc >= 0 && parse_count(hg_table_cell(t, r, (size_t)lc), &n))
      a->lsoas += (size_t)n;
    a->pop_source = f->in->name;
  }
  return 1;
}

/* Country, region, ICB, borough; then by code. */
static gint cmp_area(gconstpointer pa, gconstpointer pb) {
  const c20_area *a = *(c20_area *const *)pa, *b = *(c20_area *const *)pb;
  int la = hg_geo_level_of_code(a->code), lb = hg_geo_level_of_code(b->code);
  return la != lb ? lb - la : strcmp(a->code, b->code);
}

static void write_core20(c20 *c) {
  static const char *const header[] = {"area_code",
                                       "area_name",
                                       "area_type",
                                       "lsoas",
                                       "population",
                                       "core20_population",
                                       "core20_percent",
                                       "quintile1_population",
                                       "quintile2_population",
                                       "quintile3_population",
                                       "quintile4_population",
                                       "quintile5_population",
                                       "deprivation_source",
                                       "population_source",
                                       NULL};
  run_table *t = run_table_new(c->ctx, "results/core20.csv", header);
  GPtrArray *list = g_ptr_array_new();
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, c->areas);
  while (g_hash_table_iter_next(&it, &k, &v))
    g_ptr_array_add(list, v);
  g_ptr_array_sort(list, cmp_area);
  char b[12][HG_NUMBER_BUFSIZE];
  for (guint i = 0; i < list->len; i++) {
    const c20_area *a = list->pdata[i];
    double total = 0, q[5] = {0};
    for (int d = 1; d <= 10; d++) {
      total += a->dec[d];
      q[(d - 1) / 2] += a->dec[d];
    }
    const char *cells[] = {a->code,
                           a->name,
                           hg_geo_level_name(hg_geo_level_of_code(a->code)),
                           run_num((double)a->lsoas, b[0]),
                           run_num(total, b[1]),
                           run_num(q[0], b[2]),
                           run_num(total > 0 ? 100 * q[0] / total : NAN, b[3]),
                           run_num(q[0], b[4]),
                           run_num(q[1], b[5]),
                           run_num(q[2], b[6]),
                           run_num(q[3], b[7]),
                           run_num(q[4], b[8]),
                           hg_geo_level_of_code(a->code) == HG_GEO_COUNTRY ? ""
                                                                           : c->dep_source->str,
                           a->pop_source};
    run_table_add(t, cells);
  }
  g_ptr_array_free(list, TRUE);
}

void run_derive_core20(run_ctx *ctx) {
  c20 c = {.ctx = ctx};
  c.areas = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, c20_area_free);
  c.pop = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  c.dep_source = g_string_new("");
  size_t missing = 0, inputs = 0;
  for (guint i = 0; i < ctx->files->len; i++) {
    run_file *f = ctx->files->pdata[i];
    long kc, dc;
    if (f->in->role != HG_ROLE_DEPRIVATION || !f->table ||
        !find_pair(f->table, decile_cols, G_N_ELEMENTS(decile_cols), &kc, &dc))
      continue;
    if (!inputs++)
      load_lsoa_pop(&c);
    if (!c.pop_source) {
      run_warn(ctx,
               "core20: %s has national IMD deciles but no population input has LSOA "
               "populations; results/core20.csv not written",
               f->display);
      break;
    }
    add_deprivation(&c, f, kc, dc, &missing);
  }
  if (inputs && c.pop_source) {
    for (guint i = 0; i < ctx->files->len; i++) {
      run_file *f = ctx->files->pdata[i];
      if ((f->in->role == HG_ROLE_POPULATION || f->in->role == HG_ROLE_DEPRIVATION) && f->table)
        add_summed(&c, f);
    }
    if (missing)
      run_warn(ctx,
               "core20: %zu LSOA(s) with a national IMD decile but no population in %s; "
               "left out",
               missing, c.pop_source);
    write_core20(&c);
  }
  g_free(c.pop_source);
  g_string_free(c.dep_source, TRUE);
  g_hash_table_destroy(c.pop);
  g_hash_table_destroy(c.areas);
}
