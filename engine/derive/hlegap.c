/* derive/hlegap.c: the gap in healthy life expectancy between the local areas
 * where it is highest and lowest (Levelling Up mission 7, the target
 * lu-hle-gap-2030; indicator hg.hle_gap_between_areas), from the local
 * authorities' HLE rows (Fingertips 90362), per period, sex and age.
 *
 * The mission's gap is between local areas, so it is the highest minus the
 * lowest local authority (E06, E07, E08, E09) inside an area: each ICB (its
 * boroughs), London (its 33 boroughs) and England (every local authority of
 * the data, only when the data goes beyond London: a gap over London's
 * boroughs is not England's).  A gap over fewer areas than usual would look
 * like a narrowing, so a period is left out when an area's local authorities
 * with HLE in any period are not all there (a warning counts them).  Never
 * made where an input already has the row.  The value note names the two
 * areas and their values, so that a reader can do the subtraction. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "healthgap/geography.h"
#include "healthgap/indicator_registry.h"
#include "derive/stage.h"

#define HLE_ID "90362"
#define HLEGAP_ID "hg.hle_gap_between_areas"
#define ENGLAND "E92000001"
#define LONDON "E12000007"

typedef struct {
  const res_row *hi, *lo; /* the local areas with the highest and lowest HLE */
  const char *area;
  size_t n;
  int beyond_london; /* some local area is not a London borough */
} span;

static char *key_of(const res_row *r, const char *id, const char *area) {
  return g_strjoin("|", id, area, r->txt[RES_TXT_PERIOD], r->txt[RES_TXT_SEX], r->txt[RES_TXT_AGE],
                   NULL);
}

static int is_hle(const run_ctx *ctx, const hg_indicator_meta *hle, const res_row *r) {
  if (*r->txt[RES_TXT_CATEGORY] || isnan(r->num[RES_SLOT(RES_VALUE)]) ||
      hg_geo_level_of_code(r->txt[RES_TXT_AREA_CODE]) != HG_GEO_LAD)
    return 0;
  const hg_indicator_meta *m =
      hg_indicator_registry_find(ctx->registry, r->txt[RES_TXT_INDICATOR_ID]);
  return hle ? m == hle : strcmp(r->txt[RES_TXT_INDICATOR_ID], HLE_ID) == 0;
}

/* The areas whose gap a local area's HLE enters: its ICB, its region, England. */
static size_t areas_of(const hg_geo *geo, const char *code, const char *out[3]) {
  size_t n = 0;
  const char *icb = geo ? hg_geo_ancestor(geo, code, HG_GEO_ICB) : NULL;
  const char *reg = geo ? hg_geo_ancestor(geo, code, HG_GEO_REGION) : NULL;
  if (icb)
    out[n++] = icb;
  if (reg)
    out[n++] = reg;
  out[n++] = ENGLAND;
  return n;
}

/* Adds r to the span of area (a new one in order when first seen). */
static void add_to_span(GHashTable *spans, GPtrArray *order, const res_row *r, const char *area,
                        int in_london) {
  char *key = key_of(r, HLEGAP_ID, area);
  span *s = g_hash_table_lookup(spans, key);
  if (!s) {
    s = g_new0(span, 1);
    s->area = area;
    g_hash_table_insert(spans, key, s);
    g_ptr_array_add(order, s);
  } else {
    g_free(key);
  }
  double v = r->num[RES_SLOT(RES_VALUE)];
  if (!s->hi || v > s->hi->num[RES_SLOT(RES_VALUE)])
    s->hi = r;
  if (!s->lo || v < s->lo->num[RES_SLOT(RES_VALUE)])
    s->lo = r;
  s->n++;
  s->beyond_london |= !in_london;
}

static void set_num(res_row *r, int c, double v) {
  r->num[RES_SLOT(c)] = v;
}

static void make_row(run_ctx *ctx, const hg_geo *geo, const span *s) {
  const res_row *b = s->hi;
  res_row *r = res_row_new(ctx);
  r->input = b->input;
  memcpy(r->txt, b->txt, sizeof r->txt); /* pooled texts: shared, not copied */
  static const int blank[] = {RES_AREA_TYPE,       RES_PARENT_CODE,         RES_ICB_CODE,
                              RES_VALUE_NOTE,      RES_COMPARED_TO_ENGLAND, RES_COMPARED_TO_LONDON,
                              RES_COMPARED_TO_ICB, RES_BENCHMARK_QUINTILE,  RES_RECENT_TREND,
                              RES_TARGET_ID,       RES_TARGET_STATUS,       RES_INDICATOR_NAME};
  for (size_t k = 0; k < G_N_ELEMENTS(blank); k++)
    run_set_col(ctx, r, blank[k], "");
  const hg_indicator_meta *m = hg_indicator_registry_find(ctx->registry, HLEGAP_ID);
  run_set_col(ctx, r, RES_INDICATOR_ID, HLEGAP_ID);
  if (m && m->name)
    run_set_col(ctx, r, RES_INDICATOR_NAME, m->name);
  const char *an = geo ? hg_geo_name(geo, s->area) : NULL;
  run_set_col(ctx, r, RES_AREA_CODE, s->area);
  run_set_col(ctx, r, RES_AREA_NAME, an ? an : strcmp(s->area, ENGLAND) == 0 ? "England" : "");
  double hi = b->num[RES_SLOT(RES_VALUE)], lo = s->lo->num[RES_SLOT(RES_VALUE)];
  char *note =
      g_strdup_printf("Highest minus lowest HLE of %zu local areas: %s %g minus %s %g", s->n,
                      b->txt[RES_TXT_AREA_NAME], hi, s->lo->txt[RES_TXT_AREA_NAME], lo);
  run_set_col(ctx, r, RES_VALUE_NOTE, note);
  g_free(note);
  r->sortable = b->sortable;
  for (int c = 0; c < RES_NCOLS; c++)
    if (res_is_numeric(c))
      set_num(r, c, NAN);
  set_num(r, RES_PERIOD_SORTABLE, b->num[RES_SLOT(RES_PERIOD_SORTABLE)]);
  /* the inputs' decimals, without the binary noise of the subtraction (12.8,
   * not 12.799999999999997) */
  set_num(r, RES_VALUE, round((hi - lo) * 1e9) / 1e9);
  g_ptr_array_add(ctx->rows, r);
}

/* area -> set of its local areas with HLE in any period (the complete set). */
static void note_member(GHashTable *members, const char *area, const char *code) {
  GHashTable *set = g_hash_table_lookup(members, area);
  if (!set) {
    set = g_hash_table_new(g_str_hash, g_str_equal);
    g_hash_table_insert(members, (gpointer)area, set);
  }
  g_hash_table_add(set, (gpointer)code);
}

/* Keys of the gap rows an input already has. */
static GHashTable *existing(const run_ctx *ctx) {
  GHashTable *have = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < ctx->rows->len; i++) {
    const res_row *r = ctx->rows->pdata[i];
    if (strcmp(r->txt[RES_TXT_INDICATOR_ID], HLEGAP_ID) == 0)
      g_hash_table_add(have, key_of(r, HLEGAP_ID, r->txt[RES_TXT_AREA_CODE]));
  }
  return have;
}

void run_derive_hle_gap(run_ctx *ctx, const hg_geo *geo, size_t *made) {
  *made = 0;
  const hg_indicator_meta *hle = hg_indicator_registry_find(ctx->registry, HLE_ID);
  GHashTable *spans = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  GHashTable *members =
      g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)g_hash_table_destroy);
  GPtrArray *order = g_ptr_array_new();
  guint n = ctx->rows->len; /* the rows made here are not read again */
  for (guint i = 0; i < n; i++) {
    const res_row *r = ctx->rows->pdata[i];
    if (!is_hle(ctx, hle, r))
      continue;
    const char *code = r->txt[RES_TXT_AREA_CODE], *areas[3];
    size_t na = areas_of(geo, code, areas);
    int in_london = na > 1 && strcmp(areas[na - 2], LONDON) == 0;
    for (size_t k = 0; k < na; k++) {
      add_to_span(spans, order, r, areas[k], in_london);
      note_member(members, areas[k], code);
    }
  }
  GHashTable *have = existing(ctx);
  size_t partial = 0;
  for (guint i = 0; i < order->len; i++) {
    const span *s = order->pdata[i];
    char *key = key_of(s->hi, HLEGAP_ID, s->area);
    int dup = g_hash_table_contains(have, key);
    g_free(key);
    GHashTable *all = g_hash_table_lookup(members, s->area);
    if (dup || s->n < 2 || (strcmp(s->area, ENGLAND) == 0 && !s->beyond_london))
      continue;
    if (s->n < g_hash_table_size(all)) {
      partial++;
      continue;
    }
    make_row(ctx, geo, s);
    (*made)++;
  }
  if (partial)
    run_warn(ctx,
             "derive: %zu HLE gap(s) not computed: a local area with HLE in other periods has "
             "none in the period",
             partial);
  g_hash_table_destroy(have);
  g_ptr_array_free(order, TRUE);
  g_hash_table_destroy(members);
  g_hash_table_destroy(spans);
}
