/* render/from_results.c: the chart data of the run's results, built from the
 * rows in memory (ctx->arows, ctx->ineq) rather than from the files that
 * publish writes.  A pack still shows exactly the published numbers: the
 * cells are those of results/indicators.csv and results/inequalities.csv, in
 * their order, and every number is taken as those files publish it. */
#include <math.h>

#include "healthgap/analyse.h"
#include "healthgap/inequalities.h"
#include "render/render.h"

/* A number as the results files publish it and a reader gets it back: the
 * shortest decimal that reads back as the same double (hg_format_number), so
 * the same double, except -0 (written "0") and non-finite values (written
 * empty, read as missing). */
double render_published(double v) {
  if (!isfinite(v))
    return NAN;
  return v == 0 ? 0.0 : v;
}

/* The unit of an indicator as its metadata writes it ("%", "years",
 * "per 100,000"), else as its value type and multiplier imply, else NULL:
 * the charts' value axes are titled from it.  Static or the registry's. */
static const char *indicator_unit(const run_ctx *ctx, const char *id) {
  const hg_indicator_meta *m = id ? hg_indicator_registry_find(ctx->registry, id) : NULL;
  if (!m)
    return NULL;
  if (m->unit && *m->unit)
    return m->unit;
  static const struct {
    double mult;
    const char *unit;
  } per[] = {{1e3, "per 1,000"}, {1e4, "per 10,000"}, {1e5, "per 100,000"}, {1e6, "per 1,000,000"}};
  switch (m->value_type) {
  case HG_VT_PROPORTION:
  case HG_VT_ISP:
    return m->multiplier == 100 ? "%" : NULL;
  case HG_VT_LIFE_EXPECTANCY:
    return "years";
  case HG_VT_COUNT:
    return "count";
  case HG_VT_CRUDE_RATE:
  case HG_VT_DSR:
    for (size_t k = 0; k < G_N_ELEMENTS(per); k++)
      if (m->multiplier == per[k].mult)
        return per[k].unit;
    return NULL;
  default:
    return NULL;
  }
}

hg_chart_data *render_indicators_data(const run_ctx *ctx) {
  size_t n = ctx->narows;
  hg_chart_row *rows = g_new(hg_chart_row, n ? n : 1);
  const char *unit_of = "", *unit = NULL; /* rows come indicator by indicator */
  for (size_t i = 0; i < n; i++) {
    const hg_arow *a = &ctx->arows[i];
    if (g_strcmp0(unit_of, a->indicator_id) != 0) {
      unit_of = a->indicator_id;
      unit = indicator_unit(ctx, unit_of);
    }
    rows[i] =
        (hg_chart_row){.indicator_id = a->indicator_id,
                       .unit = unit,
                       .indicator_name = a->indicator_name,
                       .area_code = a->area_code,
                       .area_name = a->area_name,
                       .area_type = a->area_type,
                       .period = a->period,
                       .sex = a->sex,
                       .age = a->age,
                       .category_type = a->category_type,
                       .category = a->category,
                       .compared_to_england = a->compared_to_england,
                       .compared_to_london = a->compared_to_london,
                       .recent_trend = a->recent_trend,
                       /* period_sortable is a whole-number column: 0 is written empty */
                       .period_sortable = a->period_sortable ? (double)a->period_sortable : NAN,
                       .value = render_published(a->value),
                       .lower95 = render_published(a->lower95),
                       .upper95 = render_published(a->upper95),
                       .lower998 = render_published(a->lower998),
                       .upper998 = render_published(a->upper998),
                       .count = render_published(a->count),
                       .denominator = render_published(a->denominator),
                       .group_value = NAN};
  }
  hg_chart_data *d = NULL;
  hg_chart_data_from_rows("results/indicators.csv", rows, n, &d);
  g_free(rows);
  return d;
}

hg_chart_data *render_inequalities_data(const run_ctx *ctx) {
  size_t n = hg_ineq_results_size(ctx->ineq);
  if (!n)
    return NULL;
  hg_chart_row *rows = g_new(hg_chart_row, n);
  for (size_t i = 0; i < n; i++) {
    const hg_ineq_row *r = hg_ineq_results_get(ctx->ineq, i);
    rows[i] = (hg_chart_row){.indicator_id = r->indicator_id,
                             .unit = indicator_unit(ctx, r->indicator_id),
                             .area_code = r->area_code,
                             .period = r->period,
                             .sex = r->sex,
                             .age = r->age,
                             .category_type = r->breakdown_type,
                             .category = r->group,
                             .compared_to_england = r->significance,
                             .measure = r->measure,
                             .gap_trend = r->gap_trend,
                             .component = r->component,
                             .reference_group = r->reference_group,
                             .period_sortable = NAN,
                             .value = render_published(r->value),
                             .lower95 = render_published(r->lower95),
                             .upper95 = render_published(r->upper95),
                             .lower998 = NAN,
                             .upper998 = NAN,
                             .count = NAN,
                             .denominator = NAN,
                             .group_value = render_published(r->group_value)};
  }
  hg_chart_data *d = NULL;
  hg_chart_data_from_rows("results/inequalities.csv", rows, n, &d);
  g_free(rows);
  return d;
}
