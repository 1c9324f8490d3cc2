/* render/pages_statement.c: the "Core20PLUS5" section of an ICB pack.
 *
 * NHS England's Core20PLUS5 asks each ICB to know its Core20 (the people in
 * England's 20% most deprived LSOAs), its PLUS groups and five clinical
 * areas, and its statement on information on health inequalities to publish
 * the indicators by deprivation, ethnic group, age and sex.  From the run's
 * tables in memory (run_table_find), never from files:
 *   results/core20.csv: the ICB's and its boroughs' Core20 share;
 *   results/ethnicity.csv: the ICB's ethnic composition (the PLUS groups);
 *   results/statement.csv (analyse/statement.c): one table per breakdown,
 *     a row per indicator, each cell coloured by its significance against
 *     the ICB's overall value (a swatch, HG_PACK_CELL_SIG), then the gap and,
 *     for deprivation, the SII and RII.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "healthgap/pack.h"
#include "render/render.h"

/* Cells of one table row of a run_table by column name. */
typedef struct {
  const run_table *t;
  guint i;
} trow;

static const char *get(trow r, const char *col) {
  return run_table_cell(r.t, r.i, run_table_col(r.t, col));
}

static double num(trow r, const char *col) {
  const char *s = get(r, col);
  return *s ? g_ascii_strtod(s, NULL) : NAN;
}

/* "12.3" with d decimals, "-" when missing (g_free). */
static char *fmt(double v, int d) {
  return isnan(v) ? g_strdup("-") : g_strdup_printf("%.*f", d, v);
}

/* "58.0 (57.6 to 58.4)", or the value alone without limits (g_free). */
static char *value_ci(double v, double lo, double hi, int d) {
  char *a = fmt(v, d), *b = fmt(lo, d), *c = fmt(hi, d);
  char *s = isnan(lo) || isnan(hi) ? g_strdup(a) : g_strdup_printf("%s (%s to %s)", a, b, c);
  g_free(a);
  g_free(b);
  g_free(c);
  return s;
}

static int decimals(const render *R, const char *id) {
  const hg_indicator_meta *m = hg_indicator_registry_find(R->reg, id);
  return m && m->decimals >= 0 && m->decimals <= 4 ? m->decimals : 1;
}

static hg_chart_sig sig_of(const char *label) {
  static const struct {
    const char *w;
    hg_chart_sig s;
  } map[] = {{"Better", HG_CHART_SIG_BETTER},
             {"Similar", HG_CHART_SIG_SIMILAR},
             {"Worse", HG_CHART_SIG_WORSE},
             {"Lower", HG_CHART_SIG_LOWER},
             {"Higher", HG_CHART_SIG_HIGHER}};
  for (size_t k = 0; k < G_N_ELEMENTS(map); k++)
    if (!strcmp(label, map[k].w))
      return map[k].s;
  return HG_CHART_SIG_NONE;
}

/* ---- Core20 and the PLUS groups ---- */

static void core20_lines(render *R, page *p, const char *icb, GPtrArray *boroughs) {
  const run_table *t = run_table_find(R->ctx, "results/core20.csv");
  if (!t) {
    render_line(p, "No Core20 share: the run has no national IMD deciles with LSOA populations "
                   "(results/core20.csv, docs/outputs.md).");
    return;
  }
  const char *src = "";
  GPtrArray *rows = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < t->rows->len; i++) {
    trow r = {t, i};
    const char *code = get(r, "area_code");
    int mine = !strcmp(code, icb);
    for (guint k = 0; k < boroughs->len && !mine; k++)
      mine = !strcmp(code, boroughs->pdata[k]);
    if (!mine)
      continue;
    char *share = fmt(num(r, "core20_percent"), 1);
    g_ptr_array_add(rows,
                    g_strdup_printf("|%s|%s|%s|%s|%s%%", get(r, "area_name"), get(r, "lsoas"),
                                    get(r, "population"), get(r, "core20_population"), share));
    g_free(share);
    if (!strcmp(code, icb))
      src = get(r, "population_source");
  }
  render_line(p, "# Core20: the people in England's 20%% most deprived areas");
  render_line(p,
              "Population living in LSOAs in national IMD deciles 1-2 (England's ranking, not "
              "London's), from results/core20.csv; populations: %s.",
              *src ? src : "the run's LSOA populations");
  render_line(p, "|Area|LSOAs|Population|Core20 population|Core20 share");
  for (guint i = 0; i < rows->len; i++)
    render_line(p, "%s", (const char *)rows->pdata[i]);
  g_ptr_array_free(rows, TRUE);
}

static void plus_lines(render *R, page *p, const char *icb) {
  const run_table *t = run_table_find(R->ctx, "results/ethnicity.csv");
  const char *source = NULL;
  render_line(p, "# The ICB's ethnic composition");
  for (guint i = 0; t && i < t->rows->len; i++) {
    trow r = {t, i};
    if (strcmp(get(r, "area_code"), icb) || strcmp(get(r, "level"), "broad") ||
        (source && strcmp(get(r, "source"), source)))
      continue;
    if (!source) {
      source = get(r, "source");
      render_line(p,
                  "Census 2021 broad ethnic groups (results/ethnicity.csv, input %s): the "
                  "PLUS groups an ICB chooses include its ethnic minority communities.",
                  source);
      render_line(p, "|Ethnic group|Population|Share");
    }
    char *pc = fmt(num(r, "percent"), 1);
    render_line(p, "|%s|%s|%s%%", get(r, "group"), get(r, "population"), pc);
    g_free(pc);
  }
  if (!source)
    render_line(p, "No ethnic composition of the ICB in the run (results/ethnicity.csv).");
}

/* The Core20PLUS5 clinical measures of the registry that the ICB has data for. */
static void clinical_lines(render *R, page *p, const char *icb) {
  static const char *const ids[] = {"hg.hypertension_diagnosed",
                                    "hg.hypertension_treated_to_target", "hg.cancer_early_stage"};
  GString *have = g_string_new(""), *none = g_string_new("");
  for (size_t k = 0; k < G_N_ELEMENTS(ids); k++) {
    int found = 0;
    for (guint i = 0; i < R->ctx->rows->len && !found; i++) {
      const res_row *r = R->ctx->rows->pdata[i];
      found = !strcmp(r->col[RES_INDICATOR_ID], ids[k]) && !strcmp(r->col[RES_AREA_CODE], icb);
    }
    GString *g = found ? have : none;
    g_string_append_printf(g, "%s%s", g->len ? "; " : "", render_ind_short(R, ids[k]));
  }
  render_line(p, "%s", "");
  render_line(p, "# 5: clinical areas");
  render_line(p, "Core20PLUS5 measures with data for the ICB in this run: %s. Without data: %s.",
              have->len ? have->str : "none", none->len ? none->str : "none");
  g_string_free(have, TRUE);
  g_string_free(none, TRUE);
}

/* ---- the breakdown tables ---- */

/* One table row: an indicator's breakdown, from row first on (same
 * indicator, sex, age, breakdown and ranking); *next = the row after it. */
typedef struct {
  guint first, n;
} block;

static int same_block(const run_table *t, guint a, guint b) {
  static const char *const cols[] = {"icb_code", "indicator_id", "sex",
                                     "age",      "breakdown",    "ranking"};
  for (size_t k = 0; k < G_N_ELEMENTS(cols); k++)
    if (strcmp(get((trow){t, a}, cols[k]), get((trow){t, b}, cols[k])))
      return 0;
  return 1;
}

/* The groups (columns) of kind in the ICB's blocks, in first-seen order. */
static GPtrArray *groups_of(const run_table *t, const GArray *blocks) {
  GPtrArray *g = g_ptr_array_new();
  for (guint b = 0; b < blocks->len; b++) {
    block k = g_array_index(blocks, block, b);
    for (guint i = k.first; i < k.first + k.n; i++) {
      const char *x = get((trow){t, i}, "group");
      gboolean seen = FALSE;
      for (guint j = 0; j < g->len && !seen; j++)
        seen = !strcmp(g->pdata[j], x);
      if (!seen)
        g_ptr_array_add(g, (gpointer)x);
    }
  }
  return g;
}

/* The first cells of a table row: indicator (sex, age), period, ICB value. */
static void row_head(render *R, GString *s, trow r) {
  const char *id = get(r, "indicator_id"), *sex = get(r, "sex"), *age = get(r, "age");
  hg_chart_request rq = {.indicator = id, .category_type = get(r, "ranking")};
  char *ov = fmt(num(r, "icb_value"), decimals(R, id));
  g_string_append_printf(s, "|%s%s%s%s%s%s|%s|%s%s",
                         render_is_synthetic(R, &rq) ? "SYNTHETIC: " : "", render_ind_short(R, id),
                         strcmp(sex, "Persons") ? ", " : "", strcmp(sex, "Persons") ? sex : "",
                         *age ? ", " : "", age, get(r, "period"), ov,
                         strstr(get(r, "icb_value_source"), "approximate") ? " (approx.)" : "");
  g_free(ov);
}

/* A gap, SII or RII cell: value (limits), "-" when missing (g_free). */
static char *measure(trow r, const char *col, const char *lo, const char *hi, int d) {
  return value_ci(num(r, col), num(r, lo), num(r, hi), d);
}

static void table_row(render *R, page *p, const run_table *t, block k, GPtrArray *cols, int dep) {
  GString *s = g_string_new("");
  trow r0 = {t, k.first};
  const char *id = get(r0, "indicator_id");
  int d = decimals(R, id);
  row_head(R, s, r0);
  for (guint c = 0; c < cols->len; c++) {
    char *cell = g_strdup("-");
    for (guint i = k.first; i < k.first + k.n; i++) {
      trow r = {t, i};
      if (strcmp(get(r, "group"), cols->pdata[c]))
        continue;
      char *v = value_ci(num(r, "value"), num(r, "lower_ci95"), num(r, "upper_ci95"), d);
      g_free(cell);
      cell = g_strdup_printf("%s%c%s", HG_PACK_CELL_SIG, 'a' + sig_of(get(r, "significance")), v);
      g_free(v);
    }
    g_string_append_printf(s, "|%s", cell);
    g_free(cell);
  }
  char *gap = measure(r0, "gap", "gap_lower_ci95", "gap_upper_ci95", d);
  g_string_append_printf(s, "|%s", gap);
  g_free(gap);
  if (dep) {
    char *sii = measure(r0, "sii", "sii_lower_ci95", "sii_upper_ci95", d),
         *rii = measure(r0, "rii", "rii_lower_ci95", "rii_upper_ci95", 3);
    g_string_append_printf(s, "|%s|%s", sii, rii);
    g_free(sii);
    g_free(rii);
  }
  render_line(p, "%s", s->str);
  g_string_free(s, TRUE);
}

static const struct {
  const char *kind, *title, *gap;
} kinds[] = {
    {"deprivation", "by national IMD quintile", "Gap (most minus least deprived)"},
    {"ethnicity", "by ethnic group", "Gap (highest minus lowest group)"},
    {"age", "by age group", "Gap (highest minus lowest group)"},
    {"sex", "by sex", "Gap (male minus female)"},
};

/* The pages of one kind of breakdown: its groups as columns (at most
 * max_cols a table, so that a row fits), six indicators a page. */
static void kind_pages(render *R, GPtrArray *pages, const char *icb_name, const run_table *t,
                       const GArray *blocks, size_t k) {
  int dep = !strcmp(kinds[k].kind, "deprivation");
  GPtrArray *all = groups_of(t, blocks);
  guint max_cols = dep ? 5 : 7;
  for (guint g0 = 0; g0 < all->len; g0 += max_cols) {
    GPtrArray *cols = g_ptr_array_new();
    for (guint g = g0; g < all->len && g < g0 + max_cols; g++)
      g_ptr_array_add(cols, all->pdata[g]);
    for (guint b0 = 0; b0 < blocks->len; b0 += 6) {
      char *h = g_strdup_printf("Core20PLUS5: indicators %s, %s", kinds[k].title, icb_name);
      page *p = render_text_page(pages, h);
      g_free(h);
      render_line(p,
                  "Each cell: value (95%% confidence interval), in the breakdown's latest period; "
                  "its swatch: significance against the ICB's overall value (Fingertips' colours "
                  "and method: green better, amber similar, red worse; blue lower or higher where "
                  "the indicator has no polarity; grey not compared: no limits or no overall). "
                  "%s From results/statement.csv.",
                  dep ? "Quintiles of England's ranking of LSOAs (national IMD): quintile 1 is "
                        "Core20. SII and RII: slope and relative index of inequality "
                        "(results/inequalities.csv)."
                      : "");
      render_line(p, "%s", "");
      GString *hd = g_string_new("|Indicator, age|Period|ICB");
      for (guint c = 0; c < cols->len; c++)
        g_string_append_printf(hd, "|%s", (const char *)cols->pdata[c]);
      g_string_append_printf(hd, "|%s%s", kinds[k].gap, dep ? "|SII|RII" : "");
      render_line(p, "%s", hd->str);
      g_string_free(hd, TRUE);
      for (guint b = b0; b < blocks->len && b < b0 + 6; b++)
        table_row(R, p, t, g_array_index(blocks, block, b), cols, dep);
    }
    g_ptr_array_free(cols, TRUE);
  }
  g_ptr_array_free(all, TRUE);
}

static void breakdown_pages(render *R, GPtrArray *pages, const char *icb, const char *icb_name) {
  const run_table *t = run_table_find(R->ctx, "results/statement.csv");
  for (size_t k = 0; t && k < G_N_ELEMENTS(kinds); k++) {
    GArray *blocks = g_array_new(FALSE, FALSE, sizeof(block));
    for (guint i = 0; i < t->rows->len;) {
      trow r = {t, i};
      guint j = i + 1;
      while (j < t->rows->len && same_block(t, i, j))
        j++;
      if (!strcmp(get(r, "icb_code"), icb) && !strcmp(get(r, "breakdown"), kinds[k].kind)) {
        block b = {i, j - i};
        g_array_append_val(blocks, b);
      }
      i = j;
    }
    if (blocks->len)
      kind_pages(R, pages, icb_name, t, blocks, k);
    g_array_free(blocks, TRUE);
  }
}

void render_statement_pages(render *R, GPtrArray *pages, const char *icb, const char *icb_name,
                            GPtrArray *boroughs) {
  guint first = pages->len;
  char *h = g_strdup_printf("Core20PLUS5: %s", icb_name);
  page *p = render_text_page(pages, h);
  g_free(h);
  core20_lines(R, p, icb, boroughs);
  clinical_lines(R, p, icb);
  h = g_strdup_printf("Core20PLUS5: PLUS groups, %s", icb_name);
  p = render_text_page(pages, h); /* a page of its own: an ICB has up to 8 boroughs above */
  g_free(h);
  plus_lines(R, p, icb);
  breakdown_pages(R, pages, icb, icb_name);
  render_section(pages, first,
                 "Core20PLUS5: Core20 share, PLUS groups and the statement's breakdown tables");
}
