/* derive/stage.c: the derive stage of a run: indicators computed from counts.
 *
 * Counts inputs (role = counts: area_code, period, sex, age_band, deaths,
 * population, and optionally cause, when each row is one cause's deaths and
 * the band's population is counted once; tidy by header or mapped) give life
 * expectancy at birth (of all causes) per
 * area, period and sex with the methods branch's hg_le_group (PHE's Chiang II
 * with Silcocks, 95% and 99.8% limits).  Deaths and populations are first
 * summed up the area hierarchy (the lookups), so that ICBs and London get
 * their own life tables: rates are never averaged.
 *
 * The same summed counts give directly standardised rates (hg_dsr: ESP2013,
 * Dobson limits at 95% and 99.8%, suppressed below 10 deaths) per 100,000,
 * all ages and under 75, per sex and for Persons (the sexes summed).
 *
 * Published indicators' ICB and London values are summed from their borough
 * counts in derive/areas.c.
 *
 * The indicator ids are "hg.le_birth_", "hg.dsr_all_" and "hg.dsr_u75_" + the
 * input's name, so that derived values never mix with a published series under
 * the same key (the demo's counts are synthetic: its ids and names say so).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "healthgap/dsr.h"
#include "healthgap/geography.h"
#include "healthgap/indicator_registry.h"
#include "healthgap/table.h"
#include "healthgap/le.h"
#include "derive/stage.h"

/* One band of one group, summed. */
typedef struct {
  double start, deaths, pop;
} band;

typedef struct {
  char *area, *name, *period, *sex;
  GArray *bands; /* band, one per start age (summed) */
} group;

static void group_free(gpointer p) {
  group *g = p;
  g_free(g->area);
  g_free(g->name);
  g_free(g->period);
  g_free(g->sex);
  g_array_free(g->bands, TRUE);
  g_free(g);
}

/* The counts of one input, summed per group. */
typedef struct {
  run_file *f;
  GHashTable *groups; /* "area|period|sex" -> group */
  GPtrArray *order;
  size_t bad;
  GHashTable *banded; /* "area|period|sex|band" whose population a cause row gave */
} reader;

static void add_band(reader *rd, const char *area, const char *name, const char *period,
                     const char *sex, double start, double deaths, double pop) {
  char *key = g_strjoin("|", area, period, sex, NULL);
  group *g = g_hash_table_lookup(rd->groups, key);
  if (!g) {
    g = g_new0(group, 1);
    g->area = g_strdup(area);
    g->name = g_strdup(name);
    g->period = g_strdup(period);
    g->sex = g_strdup(sex);
    g->bands = g_array_new(FALSE, FALSE, sizeof(band));
    g_hash_table_insert(rd->groups, key, g);
    g_ptr_array_add(rd->order, g);
  } else {
    g_free(key);
  }
  for (guint i = 0; i < g->bands->len; i++) {
    band *b = &g_array_index(g->bands, band, i);
    if (b->start == start) {
      b->deaths += deaths; /* NAN stays NAN: missing is not zero */
      b->pop += pop;
      return;
    }
  }
  band b = {start, deaths, pop};
  g_array_append_val(g->bands, b);
}

/* One counts record (run_count_fields, as ingest kept it) into its group. */
static void add_count(reader *rd, const char *const *v) {
  double start, deaths, pop;
  if (!*v[CNT_AREA] || !*v[CNT_PERIOD] || hg_le_parse_startage(v[CNT_BAND], &start) != HG_OK ||
      hg_parse_number(v[CNT_DEATHS], strlen(v[CNT_DEATHS]), &deaths) == HG_NUM_INVALID ||
      hg_parse_number(v[CNT_POP], strlen(v[CNT_POP]), &pop) == HG_NUM_INVALID) {
    rd->bad++;
    return;
  }
  /* Deaths by cause: the band's population is on every cause row; count it once. */
  if (*v[CNT_CAUSE]) {
    char *k = g_strjoin("|", v[CNT_AREA], v[CNT_PERIOD], v[CNT_SEX], v[CNT_BAND], NULL);
    if (!g_hash_table_add(rd->banded, k))
      pop = 0;
  }
  add_band(rd, v[CNT_AREA], v[CNT_AREA_NAME], v[CNT_PERIOD], *v[CNT_SEX] ? v[CNT_SEX] : "Persons",
           start, deaths, pop);
}

/* A derived row of group g: the key columns set, every number missing. */
static res_row *derived_row(run_ctx *ctx, guint input, const group *g, const char *id,
                            const char *name, const char *age) {
  res_row *r = res_row_new(ctx);
  r->input = input;
  run_set_col(ctx, r, RES_INDICATOR_ID, id);
  run_set_col(ctx, r, RES_INDICATOR_NAME, name);
  run_set_col(ctx, r, RES_AREA_CODE, g->area);
  run_set_col(ctx, r, RES_AREA_NAME, g->name);
  run_set_col(ctx, r, RES_PERIOD, g->period);
  run_set_col(ctx, r, RES_SEX, g->sex);
  run_set_col(ctx, r, RES_AGE, age);
  hg_period per;
  r->sortable =
      hg_period_parse(g->period, strlen(g->period), &per) == HG_OK ? (double)per.sortable : NAN;
  r->num[RES_SLOT(RES_PERIOD_SORTABLE)] = r->sortable;
  return r;
}

static void life_table_row(run_ctx *ctx, run_file *f, guint input, const group *g, const char *id,
                           const char *name) {
  size_t n = g->bands->len;
  double *st = g_new(double, n), *d = g_new(double, n), *p = g_new(double, n);
  for (size_t i = 0; i < n; i++) {
    band *b = &g_array_index(g->bands, band, i);
    st[i] = b->start;
    d[i] = b->deaths;
    p[i] = b->pop;
  }
  static const double conf[2] = {0.95, 0.998};
  hg_le_options o = {.confidence = conf, .n_confidence = 2};
  hg_life_table t;
  hg_error e;
  if (hg_le_group(st, d, p, n, &o, &t, &e) == HG_OK) {
    res_row *r = derived_row(ctx, input, g, id, name, "All ages");
    /* Band 0 is birth (the table is sorted by start age). */
    r->num[RES_SLOT(RES_VALUE)] = t.value[0];
    r->num[RES_SLOT(RES_LOWER_CI95)] = t.lower[0];
    r->num[RES_SLOT(RES_UPPER_CI95)] = t.upper[0];
    r->num[RES_SLOT(RES_LOWER_CI998)] = t.lower[t.n];
    r->num[RES_SLOT(RES_UPPER_CI998)] = t.upper[t.n];
    r->num[RES_SLOT(RES_COUNT)] = t.dths_used[0];
    r->num[RES_SLOT(RES_DENOMINATOR)] = t.pops_used[0];
    /* The group's message speaks of some band; it matters here only when
     * the value at birth itself was withheld. */
    run_set_col(ctx, r, RES_VALUE_NOTE, isnan(t.value[0]) ? t.message : "");
    g_ptr_array_add(f->rows, r);
  }
  hg_life_table_free(&t);
  g_free(st);
  g_free(d);
  g_free(p);
}

/* ---- directly standardised rates ------------------------------------------------
 * ESP2013 has 19 bands (0-4, 5-9, ..., 85-89, 90+); the counts' bands (PHE's life
 * table bands 0, 1-4, 5-9, ...) are summed into them: a counts band must start
 * at 0, at 1 (inside 0-4) or at a multiple of 5, else the file has no DSR.  An
 * ESP band under the age limit with no counts band (or a missing count or
 * population) leaves the group without a DSR: a rate is never made up from a
 * partial age range. */
enum { ESP_MAX = 19 };

/* The ESP2013 band of a counts band starting at start; -1 if none fits. */
static int esp_band(double start) {
  if (start >= 0 && start < 5)
    return start == 0 || start == 1 ? 0 : -1;
  if (start != floor(start) || fmod(start, 5) != 0)
    return -1;
  return start / 5 < ESP_MAX ? (int)(start / 5) : ESP_MAX - 1;
}

/* One DSR of g over the ESP bands starting below max_start (200 = all ages);
 * 0 if the group's bands do not cover them. */
static int dsr_row(run_ctx *ctx, run_file *f, guint input, const group *g, double max_start,
                   const char *id, const char *name, const char *age) {
  const char *const *labels;
  const double *starts, *esp;
  size_t k = hg_esp2013(&labels, &starts, &esp);
  double x[ESP_MAX] = {0}, n[ESP_MAX] = {0}, w[ESP_MAX];
  int seen[ESP_MAX] = {0};
  size_t used = 0;
  for (size_t j = 0; j < k && j < ESP_MAX; j++)
    if (starts[j] < max_start)
      used = j + 1;
  for (guint i = 0; i < g->bands->len; i++) {
    const band *b = &g_array_index(g->bands, band, i);
    int j = esp_band(b->start);
    if (j < 0)
      return 0;
    if ((size_t)j >= used)
      continue;
    if (isnan(b->deaths) || isnan(b->pop))
      return 0; /* missing is not zero */
    x[j] += b->deaths;
    n[j] += b->pop;
    seen[j] = 1;
  }
  for (size_t j = 0; j < used; j++) {
    if (!seen[j] || n[j] <= 0)
      return 0;
    w[j] = esp[j];
  }
  static const double conf[2] = {0.95, 0.998};
  hg_dsr_result d;
  if (hg_dsr(x, n, w, used, 100000, conf, 2, &d) != HG_OK)
    return 0;
  res_row *r = derived_row(ctx, input, g, id, name, age);
  r->num[RES_SLOT(RES_VALUE)] = d.value;
  r->num[RES_SLOT(RES_LOWER_CI95)] = d.lower[0];
  r->num[RES_SLOT(RES_UPPER_CI95)] = d.upper[0];
  r->num[RES_SLOT(RES_LOWER_CI998)] = d.lower[1];
  r->num[RES_SLOT(RES_UPPER_CI998)] = d.upper[1];
  r->num[RES_SLOT(RES_COUNT)] = d.total_count;
  r->num[RES_SLOT(RES_DENOMINATOR)] = d.total_pop;
  if (d.suppressed)
    run_set_col(ctx, r, RES_VALUE_NOTE, "fewer than 10 deaths: DSR not calculated (PHE rule)");
  g_ptr_array_add(f->rows, r);
  return 1;
}

/* What a derived indicator is, for the registry: the unit, value type,
 * multiplier, polarity and comparator of each kind the counts make. */
static const struct {
  const char *prefix, *meta, *definition;
} derived_kinds[] = {
    {"hg.le_birth_", "years,life_expectancy,1,RAG - High is good,ci95,2,calendar",
     "Life expectancy at birth, computed by healthgap from the input's deaths and "
     "populations by age band (PHE's abridged life table, Chiang II with Silcocks' limits)"},
    {"hg.dsr_all_", "\"per 100,000\",dsr,100000,RAG - Low is good,ci95,1,calendar",
     "Deaths from all causes per 100,000, directly age-standardised to the European "
     "Standard Population 2013, computed by healthgap from the input's counts"},
    {"hg.dsr_u75_", "\"per 100,000\",dsr,100000,RAG - Low is good,ci95,1,calendar",
     "Deaths under 75 per 100,000 aged under 75, directly age-standardised (ESP2013), "
     "computed by healthgap from the input's counts"},
};

/* A registry entry for derived indicator id (named name) unless the
 * metadata inputs gave one: without it a user's own counts made charts
 * with no unit on the value axis, and comparisons with no polarity. */
static void register_derived(run_ctx *ctx, const char *id, const char *name) {
  if (!ctx->registry || hg_indicator_registry_find(ctx->registry, id))
    return;
  for (size_t k = 0; k < G_N_ELEMENTS(derived_kinds); k++) {
    if (!g_str_has_prefix(id, derived_kinds[k].prefix))
      continue;
    GString *csv = g_string_new("indicator_id,name,unit,value_type,multiplier,polarity,"
                                "comparator,decimals,year_type,definition\n");
    const char *cells[] = {id, name};
    for (size_t c = 0; c < 2; c++) {
      g_string_append_c(csv, '"');
      for (const char *t = cells[c]; *t; t++)
        g_string_append(csv, *t == '"' ? "\"\"" : (char[2]){*t, 0});
      g_string_append(csv, "\",");
    }
    g_string_append_printf(csv, "%s,\"%s\"\n", derived_kinds[k].meta, derived_kinds[k].definition);
    hg_table *t = NULL;
    hg_error e;
    if (hg_table_read_mem("derived indicators", csv->str, csv->len, NULL, &t, &e) == HG_OK)
      hg_indicator_registry_load_table(ctx->registry, t, &e);
    hg_table_free(t);
    g_string_free(csv, TRUE);
    return;
  }
}

/* All-age and under-75 DSRs of every group, and of Persons (Male + Female
 * summed band by band) where the file gives the sexes only. */
static void dsr_rows(run_ctx *ctx, run_file *f, guint input, reader *rd) {
  reader persons = {.f = f};
  persons.groups = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  persons.order = g_ptr_array_new_with_free_func(group_free);
  int has_persons = 0;
  for (guint i = 0; i < rd->order->len; i++) {
    group *g = rd->order->pdata[i];
    if (strcmp(g->sex, "Persons") == 0)
      has_persons = 1;
  }
  for (guint i = 0; i < rd->order->len && !has_persons; i++) {
    group *g = rd->order->pdata[i];
    for (guint b = 0; b < g->bands->len; b++) {
      band *x = &g_array_index(g->bands, band, b);
      add_band(&persons, g->area, g->name, g->period, "Persons", x->start, x->deaths, x->pop);
    }
  }
  char *id_all = g_strconcat("hg.dsr_all_", f->in->name, NULL);
  char *id_u75 = g_strconcat("hg.dsr_u75_", f->in->name, NULL);
  char *name_all = g_strdup_printf(
      "Mortality from all causes, all ages, DSR per 100,000 (ESP2013; from %s)", f->display);
  char *name_u75 = g_strdup_printf(
      "Under 75 mortality from all causes, DSR per 100,000 (ESP2013; from %s)", f->display);
  register_derived(ctx, id_all, name_all);
  register_derived(ctx, id_u75, name_u75);
  size_t skipped = 0;
  GPtrArray *lists[2] = {rd->order, persons.order};
  for (int l = 0; l < 2; l++)
    for (guint i = 0; i < lists[l]->len; i++) {
      const group *g = lists[l]->pdata[i];
      if (!dsr_row(ctx, f, input, g, 200, id_all, name_all, "All ages"))
        skipped++;
      if (!dsr_row(ctx, f, input, g, 75, id_u75, name_u75, "<75 yrs"))
        skipped++;
    }
  if (skipped)
    run_warn(ctx, "%s: %zu DSR(s) not computed (age bands not ESP2013's, or a band missing)",
             f->display, skipped);
  g_free(id_all);
  g_free(id_u75);
  g_free(name_all);
  g_free(name_u75);
  g_ptr_array_free(persons.order, TRUE);
  g_hash_table_destroy(persons.groups);
}

static void derive_file(run_ctx *ctx, run_file *f, guint input, const hg_geo *geo) {
  reader rd = {.f = f};
  rd.groups = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  rd.order = g_ptr_array_new_with_free_func(group_free);
  rd.banded = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; f->records && i < f->records->len; i++)
    add_count(&rd, f->records->pdata[i]);
  if (rd.bad)
    run_warn(ctx, "%s: %zu count row(s) not usable (band, deaths or population)", f->display,
             rd.bad);
  /* Sum up the hierarchy: each group also adds into its ICB, region and country. */
  if (geo) {
    guint n0 = rd.order->len;
    for (guint i = 0; i < n0; i++) {
      group *g = rd.order->pdata[i];
      static const hg_geo_level up[] = {HG_GEO_ICB, HG_GEO_REGION};
      for (size_t k = 0; k < G_N_ELEMENTS(up); k++) {
        const char *a = hg_geo_ancestor(geo, g->area, up[k]);
        if (!a || strcmp(a, g->area) == 0)
          continue;
        const char *an = hg_geo_name(geo, a);
        for (guint b = 0; b < g->bands->len; b++) {
          band *x = &g_array_index(g->bands, band, b);
          add_band(&rd, a, an ? an : "", g->period, g->sex, x->start, x->deaths, x->pop);
        }
      }
    }
  }
  char *id = g_strconcat("hg.le_birth_", f->in->name, NULL);
  char *name = g_strdup_printf("Life expectancy at birth (from %s)", f->display);
  register_derived(ctx, id, name);
  for (guint i = 0; i < rd.order->len; i++)
    life_table_row(ctx, f, input, rd.order->pdata[i], id, name);
  dsr_rows(ctx, f, input, &rd);
  g_free(id);
  g_free(name);
  g_ptr_array_free(rd.order, TRUE);
  g_hash_table_destroy(rd.groups);
  g_hash_table_destroy(rd.banded);
}

hg_status run_derive(run_ctx *ctx, hg_error *err) {
  (void)err; /* the inputs were parsed by ingest: nothing here can fail */
  const hg_geo *geo = ctx->geo;
  size_t made = 0;
  for (guint i = 0; i < ctx->files->len; i++) {
    run_file *f = ctx->files->pdata[i];
    if (f->in->role != HG_ROLE_COUNTS)
      continue;
    guint before = f->rows->len;
    derive_file(ctx, f, i, geo);
    for (guint k = before; k < f->rows->len; k++) {
      g_ptr_array_add(ctx->rows, f->rows->pdata[k]);
      made++;
    }
    g_ptr_array_set_free_func(f->rows, NULL);
    g_ptr_array_set_size(f->rows, 0);
  }
  size_t areas = 0, means = 0, gaps = 0;
  if (geo) {
    run_derive_areas(ctx, geo, &areas);
    run_derive_popmeans(ctx, geo, &means);
  }
  run_derive_hle_gap(ctx, geo, &gaps);
  run_derive_core20(ctx);
  run_derive_ethnicity(ctx);
  if (made)
    run_warn(ctx, "derive: %zu life expectancy and DSR value(s) computed from counts", made);
  if (areas)
    run_warn(ctx, "derive: %zu ICB/London value(s) aggregated from borough counts", areas);
  if (means)
    run_warn(ctx, "derive: %zu ICB/London concentration(s) as population-weighted means of LSOAs",
             means);
  if (gaps)
    run_warn(ctx, "derive: %zu HLE gap(s) between local areas (highest minus lowest)", gaps);
  return HG_OK;
}
