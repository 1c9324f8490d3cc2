/* render/pages_methods.c: the methods and definitions section that closes
 * each pack: each method in words with its reference, what is approximate
 * and why, then a table of the indicators of the run (definition,
 * numerator, denominator, unit, periods, source) from the indicator
 * registry and the metadata input.  The input files with their sha256 follow
 * in an appendix (pages_text.c). */
#include <string.h>

#include "healthgap/analyse.h"
#include "render/render.h"

#define DEF_ROWS 4 /* indicator rows a page: their cells wrap to several lines */

/* Each method a reader meets in the pack, in words, with its reference
 * (docs/methods.md, docs/methods-le-sii.md, docs/benchmarking.md,
 * docs/inequalities.md, docs/targets.md have the detail). */
static const char *const methods[][2] = {
    {"Proportions",
     "A count over its denominator, with Wilson score confidence limits (Wilson 1927; Newcombe "
     "and Altman 2000), as PHEindicatormethods' phe_proportion."},
    {"Crude rates",
     "Events per population, with exact Poisson limits below 10 events and Byar's approximation "
     "from 10 (Breslow and Day 1987), as phe_rate."},
    {"Directly standardised rates (DSR)",
     "Age-specific rates weighted by the European Standard Population 2013, with Dobson et al. "
     "(1991) limits: Byar's interval of the total count rescaled by the DSR's variance; fewer "
     "than 10 events are suppressed."},
    {"Life expectancy",
     "Abridged life table by Chiang's method II (Chiang 1984) over the bands 0, 1-4, 5-9, ..., "
     "90+, with the variance of the last band by Silcocks et al. (2001), as PHE's life "
     "expectancy tool."},
    {"Comparison with England, London and the ICB",
     "Fingertips' method: an area is Similar when the comparator's value lies inside the area's "
     "95% confidence interval (ends included), else Better or Worse by the indicator's polarity; "
     "indicators without limits are placed in quintiles of the areas' values instead."},
    {"Recent trend",
     "Fingertips' recent-trend test: over the last five points with counts, denominators and "
     "limits, a weighted regression whose chi-square must exceed 9.55 with every leave-one-out "
     "slope of the same sign; else \"No significant change\" or \"Cannot be calculated\" (too few "
     "points, pooled periods, life expectancy)."},
    {"Gaps between groups",
     "Most minus least deprived (or a group minus its reference) with limits from each value's "
     "standard error recovered from its 95% limits; from counts, Newcombe's interval for "
     "proportions and the Poisson rate difference for rates (docs/inequalities.md)."},
    {"Slope and relative index of inequality (SII, RII)",
     "Low and Low (2004), as phe_sii: a weighted regression of the quantiles' values on their "
     "population's relative rank; SII is the fitted value at the least deprived end minus the "
     "most deprived end, RII their ratio; limits by simulation from each quantile's limits."},
    {"Gap over time",
     "A weighted regression of the gap on time over three or more periods: narrowing when the "
     "slope is significant and opposite in sign to the gap, widening when of the same sign."},
    {"Target projections",
     "A straight line fitted on a scale the measure can move on freely (logit for proportions, "
     "log for rates and concentrations, linear for life expectancy), weighted by each point's "
     "precision, projected to the target year with its 95% prediction interval, at most twice "
     "the observed span ahead: achieved, on track (the interval is on the target's side), at "
     "risk (it straddles the target), off track, or not enough data (docs/targets.md)."},
};

/* What is approximate, each when the run has what it speaks of: an
 * indicator with rows (id), any synthetic input ("synthetic"), or always (NULL). */
static const char *const approximate[][2] = {
    {NULL, "Values published without counts or limits (most borough time series) are drawn "
           "without limits and compared only where the publisher compared them; nothing is "
           "invented."},
    {"hg.msoa_le", "MSOA life expectancy from the GLA's atlas has values only: its deprivation "
                   "gradient is a population-weighted mean per quantile with an SII point "
                   "estimate, flagged approximate."},
    {"hg.pm25_annual_mean", "ICB and London concentrations (PM2.5, NO2) are population-weighted "
                            "means of LSOA values, not modelled for those areas."},
    {NULL, "Target projections extrapolate past trends; a projection beyond twice the observed "
           "span is not made (\"not enough data\")."},
    {"synthetic", "Inputs named SYNTHETIC are made up for the demonstration and must never be "
                  "quoted."},
};

/* 1 when the run has rows of indicator id. */
static int has_indicator(const run_ctx *ctx, const char *id) {
  for (size_t i = 0; i < ctx->narows; i++)
    if (ctx->arows[i].indicator_id && !strcmp(ctx->arows[i].indicator_id, id))
      return 1;
  return 0;
}

static int any_synthetic_input(const run_ctx *ctx) {
  for (guint i = 0; i < ctx->files->len; i++)
    if (render_input_synthetic(ctx->files->pdata[i]))
      return 1;
  return 0;
}

static void methods_text(page *m) {
  render_line(m, "How each number in this pack is made. The project's docs/methods.md, "
                 "docs/methods-le-sii.md, docs/benchmarking.md, docs/inequalities.md and "
                 "docs/targets.md give the formulas and the tests that check them against "
                 "PHEindicatormethods and Fingertips.");
  render_line(m, "%s", "");
  render_line(m, "|Method|In words, with its reference");
  for (size_t i = 0; i < G_N_ELEMENTS(methods); i++)
    render_line(m, "|%s|%s", methods[i][0], methods[i][1]);
}

static void approximate_text(const render *R, page *m) {
  for (size_t i = 0; i < G_N_ELEMENTS(approximate); i++) {
    const char *when = approximate[i][0];
    if (!when ||
        (!strcmp(when, "synthetic") ? any_synthetic_input(R->ctx) : has_indicator(R->ctx, when)))
      render_line(m, "- %s", approximate[i][1]);
  }
}

/* The first and last period of each indicator's headline rows: (first,
 * last) row pairs, indicators in the order of their first row. */
static GPtrArray *indicator_periods(const run_ctx *ctx) {
  GPtrArray *v = g_ptr_array_new();
  GHashTable *at = g_hash_table_new(g_str_hash, g_str_equal); /* id -> index + 1 */
  for (size_t i = 0; i < ctx->narows; i++) {
    const hg_arow *r = &ctx->arows[i];
    if ((r->category && *r->category) || !r->period || !r->indicator_id)
      continue;
    guint k = GPOINTER_TO_UINT(g_hash_table_lookup(at, r->indicator_id));
    if (!k) {
      g_ptr_array_add(v, (gpointer)r);
      g_ptr_array_add(v, (gpointer)r);
      g_hash_table_insert(at, (gpointer)r->indicator_id, GUINT_TO_POINTER(v->len - 1));
      continue;
    }
    const hg_arow *lo = v->pdata[k - 1], *hi = v->pdata[k];
    if (r->period_sortable < lo->period_sortable)
      v->pdata[k - 1] = (gpointer)r;
    if (r->period_sortable > hi->period_sortable)
      v->pdata[k] = (gpointer)r;
  }
  g_hash_table_destroy(at);
  return v;
}

static const char *or_none(const char *s) {
  return s && *s ? s : "not given in the metadata";
}

static void definitions(render *R, GPtrArray *pages) {
  GPtrArray *per = indicator_periods(R->ctx);
  page *p = NULL;
  for (guint k = 0; k < per->len; k += 2) {
    const hg_arow *lo = per->pdata[k], *hi = per->pdata[k + 1];
    const hg_indicator_meta *m = hg_indicator_registry_find(R->reg, lo->indicator_id);
    if ((k / 2) % DEF_ROWS == 0) {
      p = render_text_page(pages, "Indicators: definitions");
      render_line(p, "Each indicator of this run as the indicator registry and the metadata input "
                     "define it (indicator_id as in results/indicators.csv), and the periods of "
                     "its rows in this run.");
      render_line(p, "%s", "");
      render_line(p, "|Indicator (id)|Definition|Numerator|Denominator|Unit, type|Periods|Source");
    }
    const char *unit = m && m->unit && *m->unit ? render_unit_text(m->unit) : "no unit";
    const char *vt = m ? hg_value_type_name(m->value_type) : "unknown";
    const GString *src = g_hash_table_lookup(R->sources, lo->indicator_id);
    render_line(p, "|%s (%s)|%s|%s|%s|%s, %s|%s%s%s|%s", render_ind_name(R, lo->indicator_id),
                lo->indicator_id, or_none(m ? m->definition : NULL),
                or_none(m ? m->numerator : NULL), or_none(m ? m->denominator : NULL), unit, vt,
                lo->period, strcmp(lo->period, hi->period) ? " to " : "",
                strcmp(lo->period, hi->period) ? hi->period : "",
                src ? src->str : or_none(m ? m->source : NULL));
  }
  g_ptr_array_free(per, TRUE);
}

void render_methods_section(render *R, GPtrArray *pages) {
  guint first = pages->len;
  page *m = render_text_page(pages, "Methods and definitions");
  methods_text(m);
  approximate_text(R, render_text_page(pages, "Methods: what is approximate, and why"));
  definitions(R, pages);
  render_section(pages, first, "Methods and definitions");
}
