/* analyse/statement.c: the breakdown tables of the NHS statement on
 * information on health inequalities (results/statement.csv).
 *
 * Each ICB must publish its indicators broken down by deprivation (national
 * IMD quintiles, as Core20PLUS5 defines Core20), ethnic group, age and sex.
 * For every ICB and every indicator with such a breakdown in the results, in
 * the breakdown's latest period, one row per cell: the value with its limits,
 * its significance against the ICB's overall value (the registry's
 * comparator and polarity, as the analyse stage compares a category with its
 * area: Fingertips' CI overlap for ci95), then the breakdown's gap and, for
 * deprivation, the SII and RII of results/inequalities.csv.
 *
 * Breakdowns, from the category rows of the ICB (and its total rows by sex):
 *   deprivation: a category type naming deprivation or the IMD and a national
 *     ranking ("national", "England"), not one "within" an area: the
 *     national gradients (gradients_national.c) or a user's national quintiles;
 *   ethnicity: "ethnic" in the category type;  age: a type starting "Age";
 *   sex: the ICB's Male and Female rows (no category).
 * The ICB's overall value is its row without category (Persons for sex), else
 * (not for sex) the breakdown summed (counts over denominators for proportions
 * and crude rates; else the denominator-weighted mean, approximate), named in
 * icb_value_source.  The gap of ethnicity and age is the highest minus the
 * lowest group (not-stated groups left out), of sex Male minus Female, with
 * limits from the two groups' (SE = (upper - lower) / 3.92, as
 * docs/inequalities.md); of deprivation the abs_gap row.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "healthgap/benchmark.h"
#include "healthgap/csvout.h"
#include "healthgap/deprivation.h"
#include "healthgap/geography.h"
#include "healthgap/indicator_registry.h"
#include "healthgap/inequalities.h"
#include "analyse/stage.h"
#include "ingest/ethnicity.h"

/* The few row reads of this file, in one place. */
static const char *C(const res_row *r, int col) {
  return r->col[col];
}
static double N(const res_row *r, int col) {
  return r->num[RES_SLOT(col)];
}

/* The kind of a category type, or NULL when the statement does not use it. */
static const char *kind_of(const char *ct) {
  if ((strcasestr(ct, "depriv") || strstr(ct, "IMD")) &&
      (strcasestr(ct, "national") || strstr(ct, "England")) && !strcasestr(ct, "within"))
    return "deprivation";
  if (strcasestr(ct, "ethnic"))
    return "ethnicity";
  if (g_ascii_strncasecmp(ct, "age", 3) == 0)
    return "age";
  return NULL;
}

static int kind_rank(const char *kind) {
  static const char *const order[] = {"deprivation", "ethnicity", "age", "sex"};
  for (int k = 0; k < 4; k++)
    if (!strcmp(kind, order[k]))
      return k;
  return 4;
}

/* One breakdown of one indicator in one ICB, in its latest period. */
typedef struct {
  const char *kind, *ranking; /* ranking: the category type, or "sex" */
  const res_row *first;       /* a cell: indicator, area, period, sex, age */
  GPtrArray *cells;           /* res_row*, borrowed */
  double sortable;
} bkd;

static void bkd_free(gpointer p) {
  bkd *b = p;
  g_ptr_array_free(b->cells, TRUE);
  g_free(b);
}

/* Adds r to the breakdown of key in by_key (made in list if new); a later
 * period replaces the cells. */
static void add_cell(GHashTable *by_key, GPtrArray *list, char *key, const char *kind,
                     const char *ranking, const res_row *r) {
  bkd *b = g_hash_table_lookup(by_key, key);
  if (!b) {
    b = g_new0(bkd, 1);
    *b = (bkd){kind, ranking, r, g_ptr_array_new(), N(r, RES_PERIOD_SORTABLE)};
    g_hash_table_insert(by_key, key, b);
    g_ptr_array_add(list, b);
  } else {
    g_free(key);
  }
  double s = N(r, RES_PERIOD_SORTABLE);
  if (s > b->sortable || (isnan(b->sortable) && !isnan(s))) {
    g_ptr_array_set_size(b->cells, 0);
    b->first = r;
    b->sortable = s;
  }
  if (s == b->sortable || (isnan(s) && isnan(b->sortable)))
    g_ptr_array_add(b->cells, (gpointer)r);
}

static int is_icb(const char *code) {
  return hg_geo_level_of_code(code) == HG_GEO_ICB;
}

/* Every breakdown of the ICBs' rows; totals: "area|id|period|sex|age" -> row. */
static GPtrArray *find_breakdowns(run_ctx *ctx, GHashTable *totals) {
  GHashTable *by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *list = g_ptr_array_new_with_free_func(bkd_free);
  for (guint i = 0; i < ctx->rows->len; i++) {
    const res_row *r = ctx->rows->pdata[i];
    const char *area = C(r, RES_AREA_CODE), *ct = C(r, RES_CATEGORY_TYPE), *sex = C(r, RES_SEX);
    if (!is_icb(area))
      continue;
    if (!*ct) {
      g_hash_table_replace(
          totals,
          g_strjoin("|", area, C(r, RES_INDICATOR_ID), C(r, RES_PERIOD), sex, C(r, RES_AGE), NULL),
          (gpointer)r);
      if (!strcmp(sex, "Male") || !strcmp(sex, "Female"))
        add_cell(by_key, list,
                 g_strjoin("|", area, C(r, RES_INDICATOR_ID), "sex", C(r, RES_AGE), NULL), "sex",
                 "sex", r);
      continue;
    }
    const char *kind = kind_of(ct);
    if (kind)
      add_cell(by_key, list,
               g_strjoin("|", area, C(r, RES_INDICATOR_ID), ct, sex, C(r, RES_AGE), NULL), kind, ct,
               r);
  }
  g_hash_table_destroy(by_key);
  /* sex: both sexes, or nothing to compare */
  for (guint i = list->len; i-- > 0;) {
    bkd *b = list->pdata[i];
    if (b->cells->len < 2)
      g_ptr_array_remove_index(list, i);
  }
  return list;
}

static gint cmp_bkd(gconstpointer pa, gconstpointer pb) {
  const bkd *a = *(bkd *const *)pa, *b = *(bkd *const *)pb;
  int c;
  if ((c = strcmp(C(a->first, RES_AREA_CODE), C(b->first, RES_AREA_CODE))) ||
      (c = strcmp(C(a->first, RES_INDICATOR_ID), C(b->first, RES_INDICATOR_ID))))
    return c;
  /* the sex breakdown's cells are Male and Female: sort it with Persons */
  const char *sa = strcmp(a->kind, "sex") ? C(a->first, RES_SEX) : "Persons",
             *sb = strcmp(b->kind, "sex") ? C(b->first, RES_SEX) : "Persons";
  if ((c = strcmp(sa, sb)) || (c = strcmp(C(a->first, RES_AGE), C(b->first, RES_AGE))) ||
      (c = kind_rank(a->kind) - kind_rank(b->kind)))
    return c;
  return strcmp(a->ranking, b->ranking);
}

/* Deprivation cells most -> least deprived; sex Male first; else as sorted. */
static gint cmp_cell(gconstpointer pa, gconstpointer pb) {
  const res_row *a = *(const res_row *const *)pa, *b = *(const res_row *const *)pb;
  int ra = hg_deprivation_rank(C(a, RES_CATEGORY), NULL, NULL),
      rb = hg_deprivation_rank(C(b, RES_CATEGORY), NULL, NULL);
  if (ra > 0 && rb > 0 && ra != rb)
    return ra - rb;
  int c = strcmp(C(a, RES_CATEGORY), C(b, RES_CATEGORY));
  return c ? c : -strcmp(C(a, RES_SEX), C(b, RES_SEX)); /* Male before Female */
}

/* The ICB's overall value for b, and where it comes from. */
static double overall(const bkd *b, GHashTable *totals, const hg_indicator_meta *m,
                      const char **source) {
  const res_row *r = b->first;
  char *k = g_strjoin("|", C(r, RES_AREA_CODE), C(r, RES_INDICATOR_ID), C(r, RES_PERIOD),
                      strcmp(b->kind, "sex") ? C(r, RES_SEX) : "Persons", C(r, RES_AGE), NULL);
  const res_row *t = g_hash_table_lookup(totals, k);
  g_free(k);
  if (t && !isnan(N(t, RES_VALUE))) {
    *source = "ICB row";
    return N(t, RES_VALUE);
  }
  *source = "";
  if (!strcmp(b->kind, "sex")) /* a mean of the sexes' life expectancies is no Persons value */
    return NAN;
  double c = 0, d = 0, vw = 0;
  int counts = m && (m->value_type == HG_VT_PROPORTION || m->value_type == HG_VT_CRUDE_RATE),
      weights = 1;
  for (guint i = 0; i < b->cells->len; i++) {
    const res_row *x = b->cells->pdata[i];
    double xc = N(x, RES_COUNT), xd = N(x, RES_DENOMINATOR), xv = N(x, RES_VALUE);
    counts &= !isnan(xc) && xd > 0;
    weights &= !isnan(xv) && xd > 0;
    c += xc;
    d += xd;
    vw += xv * xd;
  }
  *source = counts    ? "sum of the breakdown's counts"
            : weights ? "denominator-weighted mean of the breakdown (approximate)"
                      : "";
  return counts ? c / d * m->multiplier : weights ? vw / d : NAN;
}

static const char *significance(const res_row *x, double ref, const hg_indicator_meta *m) {
  if (!m || isnan(ref))
    return "Not compared";
  hg_benchmark_input in = {.value = N(x, RES_VALUE),
                           .lower95 = N(x, RES_LOWER_CI95),
                           .upper95 = N(x, RES_UPPER_CI95),
                           .lower998 = N(x, RES_LOWER_CI998),
                           .upper998 = N(x, RES_UPPER_CI998),
                           .denominator = N(x, RES_DENOMINATOR),
                           .reference_value = ref,
                           .multiplier = m->multiplier};
  return hg_benchmark_label(hg_benchmark_compare(&in, m->comparator, m->polarity), m->polarity);
}

/* The gap of a breakdown: gap[3] = value, lower, upper; *def its words (g_free). */
typedef struct {
  double gap[3], sii[3], rii[3];
  char *def;
} measures;

static void from_ineq(const run_ctx *ctx, const bkd *b, const char *measure, double out[3],
                      char **def) {
  const res_row *r = b->first;
  for (size_t i = 0; ctx->ineq && i < hg_ineq_results_size(ctx->ineq); i++) {
    const hg_ineq_row *q = hg_ineq_results_get(ctx->ineq, i);
    if (!q->measure || strcmp(q->measure, measure) || !q->component ||
        strcmp(q->component, b->ranking) || strcmp(q->indicator_id, C(r, RES_INDICATOR_ID)) ||
        strcmp(q->area_code, C(r, RES_AREA_CODE)) || strcmp(q->period, C(r, RES_PERIOD)) ||
        strcmp(q->sex ? q->sex : "", C(r, RES_SEX)))
      continue;
    out[0] = q->value;
    out[1] = q->lower95;
    out[2] = q->upper95;
    if (def)
      *def = g_strdup_printf("%s minus %s", q->group ? q->group : "",
                             q->reference_group ? q->reference_group : "");
    return;
  }
}

/* a minus b with limits from their 95% limits (NAN without). */
static void difference(const res_row *a, const res_row *b, double out[3]) {
  double d = N(a, RES_VALUE) - N(b, RES_VALUE);
  double sa = (N(a, RES_UPPER_CI95) - N(a, RES_LOWER_CI95)) / (2 * 1.96),
         sb = (N(b, RES_UPPER_CI95) - N(b, RES_LOWER_CI95)) / (2 * 1.96);
  double se = sqrt(sa * sa + sb * sb);
  out[0] = d;
  out[1] = isnan(se) ? NAN : d - 1.96 * se;
  out[2] = isnan(se) ? NAN : d + 1.96 * se;
}

static measures gap_of(const run_ctx *ctx, const bkd *b, const eth_map *map) {
  measures m = {{NAN, NAN, NAN}, {NAN, NAN, NAN}, {NAN, NAN, NAN}, NULL};
  if (!strcmp(b->kind, "deprivation")) {
    from_ineq(ctx, b, "abs_gap", m.gap, &m.def);
    from_ineq(ctx, b, "sii", m.sii, NULL);
    from_ineq(ctx, b, "rii", m.rii, NULL);
    return m;
  }
  const res_row *hi = NULL, *lo = NULL;
  for (guint i = 0; i < b->cells->len; i++) {
    const res_row *x = b->cells->pdata[i];
    if (isnan(N(x, RES_VALUE)) || eth_not_stated(map, C(x, RES_CATEGORY)))
      continue;
    if (!hi || N(x, RES_VALUE) > N(hi, RES_VALUE))
      hi = x;
    if (!lo || N(x, RES_VALUE) < N(lo, RES_VALUE))
      lo = x;
  }
  if (!strcmp(b->kind, "sex")) { /* cells sorted Male, Female */
    hi = b->cells->pdata[0];
    lo = b->cells->pdata[1];
  }
  if (hi && lo && hi != lo) {
    difference(hi, lo, m.gap);
    const char *hn = !strcmp(b->kind, "sex") ? C(hi, RES_SEX) : C(hi, RES_CATEGORY),
               *ln = !strcmp(b->kind, "sex") ? C(lo, RES_SEX) : C(lo, RES_CATEGORY);
    m.def = g_strdup_printf(
        !strcmp(b->kind, "sex") ? "%s minus %s" : "%s minus %s (highest minus lowest)", hn, ln);
  }
  return m;
}

static const char *const header[] = {"icb_code",
                                     "icb_name",
                                     "indicator_id",
                                     "indicator_name",
                                     "period",
                                     "sex",
                                     "age",
                                     "breakdown",
                                     "ranking",
                                     "group",
                                     "value",
                                     "lower_ci95",
                                     "upper_ci95",
                                     "count",
                                     "denominator",
                                     "icb_value",
                                     "icb_value_source",
                                     "significance",
                                     "gap",
                                     "gap_lower_ci95",
                                     "gap_upper_ci95",
                                     "gap_definition",
                                     "sii",
                                     "sii_lower_ci95",
                                     "sii_upper_ci95",
                                     "rii",
                                     "rii_lower_ci95",
                                     "rii_upper_ci95",
                                     "value_note",
                                     NULL};

static void write_breakdown(run_ctx *ctx, run_table *t, const bkd *b, GHashTable *totals,
                            const eth_map *map) {
  const res_row *r = b->first;
  const hg_indicator_meta *m = hg_indicator_registry_find(ctx->registry, C(r, RES_INDICATOR_ID));
  const char *source;
  double ref = overall(b, totals, m, &source);
  measures g = gap_of(ctx, b, map);
  const char *icb = C(r, RES_AREA_CODE);
  const char *name =
      ctx->geo && hg_geo_name(ctx->geo, icb) ? hg_geo_name(ctx->geo, icb) : C(r, RES_AREA_NAME);
  char n[15][HG_NUMBER_BUFSIZE];
  for (guint i = 0; i < b->cells->len; i++) {
    const res_row *x = b->cells->pdata[i];
    int sex = !strcmp(b->kind, "sex");
    const char *cells[] = {icb,
                           name,
                           C(x, RES_INDICATOR_ID),
                           C(x, RES_INDICATOR_NAME),
                           C(x, RES_PERIOD),
                           sex ? "Persons" : C(x, RES_SEX),
                           C(x, RES_AGE),
                           b->kind,
                           b->ranking,
                           sex ? C(x, RES_SEX) : C(x, RES_CATEGORY),
                           run_num(N(x, RES_VALUE), n[0]),
                           run_num(N(x, RES_LOWER_CI95), n[1]),
                           run_num(N(x, RES_UPPER_CI95), n[2]),
                           run_num(N(x, RES_COUNT), n[3]),
                           run_num(N(x, RES_DENOMINATOR), n[4]),
                           run_num(ref, n[5]),
                           source,
                           significance(x, ref, m),
                           run_num(g.gap[0], n[6]),
                           run_num(g.gap[1], n[7]),
                           run_num(g.gap[2], n[8]),
                           g.def ? g.def : "",
                           run_num(g.sii[0], n[9]),
                           run_num(g.sii[1], n[10]),
                           run_num(g.sii[2], n[11]),
                           run_num(g.rii[0], n[12]),
                           run_num(g.rii[1], n[13]),
                           run_num(g.rii[2], n[14]),
                           C(x, RES_VALUE_NOTE)};
    run_table_add(t, cells);
  }
  g_free(g.def);
}

void run_statement(run_ctx *ctx) {
  GHashTable *totals = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *list = find_breakdowns(ctx, totals);
  if (list->len) {
    eth_map *map = eth_map_from_run(ctx);
    g_ptr_array_sort(list, cmp_bkd);
    run_table *t = run_table_new(ctx, "results/statement.csv", header);
    for (guint i = 0; i < list->len; i++) {
      bkd *b = list->pdata[i];
      g_ptr_array_sort(b->cells, cmp_cell);
      write_breakdown(ctx, t, b, totals, map);
    }
    eth_map_free(map);
  }
  g_ptr_array_free(list, TRUE);
  g_hash_table_destroy(totals);
}
