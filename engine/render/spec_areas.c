/* spec_areas.c: specs of one indicator across areas in one period: compare
 * areas (bars, England and London pinned), maps (with their quintile classes)
 * and funnel plots (with their control limits, funnel_fit.c). */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "healthgap/benchmark.h"
#include "healthgap/boundaries.h"
#include "render/funnel_fit.h"
#include "render/spec.h"

/* Funnel limits from the project's funnel methods (funnel_fit.c), around the
 * pooled value of the plotted areas as calculate_funnel_limits does; points
 * coloured by which limits they fall outside.  Values that fit no statistic get
 * no limits (never invented) and keep the file's colours. */
static hg_status build_funnel(build *b, hg_chart_spec *spec, hg_chart_point *p, size_t n,
                              hg_chart_polarity pol, hg_error *err, const opts *o) {
  spec->x_label = "Denominator";
  hg_chart_funnel_fit *fit = g_new0(hg_chart_funnel_fit, 1);
  g_ptr_array_add(b->blocks, fit);
  hg_status st = hg_chart_funnel_fit_points(p, n, pol, fit);
  if (st == HG_ERR_EMPTY) {
    hg_error_set(err, o->input_name, 0, "denominator",
                 "funnel plot needs counts and denominators for at least 3 areas");
    return HG_ERR_NOT_FOUND;
  }
  if (st != HG_OK) {
    snprintf(b->footnote, sizeof b->footnote,
             "No control limits: the values are not count / denominator for a proportion, "
             "ratio or rate.");
    spec->footnote = b->footnote;
    return HG_OK;
  }
  static const char *names[4] = {"95% lower", "95% upper", "99.8% lower", "99.8% upper"};
  for (int l = 0; l < 4; l++)
    b->series[1 + l] = (hg_chart_series){names[l], l < 2 ? HG_ROLE_LIMIT95 : HG_ROLE_LIMIT998,
                                         fit->lim[l], HG_FUNNEL_POINTS};
  spec->nseries = 5;
  if (fit->method.statistic == HG_FUNNEL_RATE) {
    spec->x_label = "Derived denominator (multiplier x count / value)";
    if (spec->nrefs && !fit->method.rate_crude)
      spec->nrefs = 0; /* England's standardised rate is not the funnel's centre */
  }
  snprintf(b->footnote, sizeof b->footnote,
           "Control limits for %s (PHEindicatormethods calculate_funnel_limits) around the "
           "pooled value %.4g, 95%% and 99.8%%; points coloured against the 95%% limits.",
           hg_chart_funnel_fit_name(fit), fit->baseline);
  spec->footnote = b->footnote;
  size_t r = spec->nrefs;
  if (r < G_N_ELEMENTS(b->refs)) {
    b->refs[r] = (hg_chart_refline){"Pooled value", fit->baseline, HG_ROLE_LONDON};
    spec->refs = b->refs;
    spec->nrefs = r + 1;
  }
  return HG_OK;
}

/* The value of each feature of the map's boundaries: the first point with its
 * code (NAN when none or missing), in feature order. */
static const hg_chart_point *map_point(const hg_chart_spec *spec, const char *code) {
  if (!code)
    return NULL;
  for (size_t s = 0; s < spec->nseries; s++)
    for (size_t i = 0; i < spec->series[s].n; i++)
      if (spec->series[s].pts[i].code && strcmp(spec->series[s].pts[i].code, code) == 0)
        return &spec->series[s].pts[i];
  return NULL;
}

/* The map's classes, so that the chart only colours: the quintile bounds of the
 * mapped values (Excel PERCENTILE.INC at 0, 0.2, .., 1, for the legend) and, for
 * a quintile fill, each point's quintile in its sig (Q1..Q5; none without a
 * value) from the benchmarking module (hg_benchmark_quantiles, no polarity), so
 * that a map agrees with the results' benchmark_quintile.  Values count once
 * per feature, as drawn.  Fewer than 5 values: no classes (the chart then
 * draws a continuous scale and says why). */
static hg_status map_classes(hg_chart_spec *spec) {
  const hg_boundaries *g = spec->geo;
  size_t nf = hg_boundaries_count(g), nv = 0;
  double *vals = g_new(double, nf ? nf : 1), *fval = g_new(double, nf ? nf : 1);
  int *quint = g_new0(int, nf ? nf : 1);
  hg_status st = HG_OK;
  for (size_t i = 0; i < nf; i++) {
    const hg_chart_point *p = map_point(spec, hg_boundaries_code(g, i));
    fval[i] = p && isfinite(p->value) ? p->value : NAN;
    if (p && isfinite(p->value))
      vals[nv++] = p->value;
  }
  qsort(vals, nv, sizeof *vals, spec_cmp_double);
  for (int k = 0; k <= 5; k++)
    spec->map_bounds[k] = nv > 0 ? hg_percentile_inc(vals, nv, k / 5.0) : NAN;
  if (spec->map_fill == HG_MAP_FILL_QUINTILE) {
    /* the file's own labels are not this map's classes */
    for (size_t s = 0; s < spec->nseries; s++)
      for (size_t i = 0; i < spec->series[s].n; i++)
        spec->series[s].pts[i].sig = HG_CHART_SIG_NONE;
    if (nv >= 5)
      st = hg_benchmark_quantiles(fval, nf, 5, HG_POLARITY_BOB, quint);
    for (size_t i = 0; st == HG_OK && nv >= 5 && i < nf; i++) {
      hg_chart_point *p = (hg_chart_point *)map_point(spec, hg_boundaries_code(g, i));
      if (p && quint[i] > 0)
        p->sig = (hg_chart_sig)(HG_CHART_SIG_Q1 + quint[i] - 1);
    }
  }
  g_free(vals);
  g_free(fval);
  g_free(quint);
  return st;
}

/* A map: the request's boundaries, their classes, and a subtitle saying how
 * the areas are coloured. */
static hg_status build_map(spec_job *j) {
  const opts *o = j->o;
  build *b = j->b;
  j->spec->geo = o->geo;
  j->spec->outline = o->outline;
  hg_status st = map_classes(j->spec);
  if (st == HG_OK && o->fill != HG_MAP_FILL_SIG)
    snprintf(b->subtitle, sizeof b->subtitle, "%s, %s; %s", j->period, j->sexlabel,
             o->fill == HG_MAP_FILL_QUINTILE
                 ? "quintiles of the areas' values (Excel PERCENTILE.INC bounds)"
                 : "continuous colour scale from the lowest to the highest value");
  return st;
}

hg_status spec_build_areas(spec_job *j) {
  const opts *o = j->o;
  hg_chart_spec *spec = j->spec;
  build *b = j->b;
  GPtrArray *v = spec_select_rows(j->a, j->ind, j->sex, j->period, false);
  hg_chart_point *p = spec_points(b, v->len);
  size_t n = 0;
  const row *eng = spec_find_area(v, ENGLAND);
  for (guint i = 0; i < v->len; i++) {
    const row *r = v->pdata[i];
    if (o->area_prefix && !spec_is_region(r->code) && !g_str_has_prefix(r->code, o->area_prefix))
      continue;
    if (o->kind != HG_CHART_COMPARE && spec_is_region(r->code))
      continue;
    spec_point_from(&p[n++], r, o);
  }
  b->series[0] = (hg_chart_series){j->iname, HG_ROLE_AREA, p, n};
  spec->series = b->series;
  spec->nseries = 1;
  if (eng && isfinite(eng->value)) {
    char *l = g_strdup_printf("England %.1f", eng->value);
    b->refs[0] = (hg_chart_refline){spec_keep(b, l), eng->value, HG_ROLE_ENGLAND};
    spec->refs = b->refs;
    spec->nrefs = 1;
  }
  if (o->kind == HG_CHART_COMPARE)
    spec->x_label = j->unit;
  /* say only what is drawn: a comparison where some area is judged, limits
   * where some bar has them */
  bool compared = spec_any_compared(spec->series, 1);
  bool limits = o->kind == HG_CHART_COMPARE && spec_any_limits(spec->series, 1);
  snprintf(b->subtitle, sizeof b->subtitle, "%s, %s; %s %s%s%s", j->period, j->sexlabel,
           compared ? "compared with" : "no comparison with", j->vs,
           compared ? " (95% CI)" : " in the data",
           limits ? ", bars show 95% confidence intervals" : "");
  hg_status st = HG_OK;
  if (o->kind == HG_CHART_MAP)
    st = build_map(j);
  if (o->kind == HG_CHART_FUNNEL) {
    st = build_funnel(b, spec, p, n, spec_infer_polarity(v, o), j->err, o);
    if (st == HG_OK)
      snprintf(b->subtitle, sizeof b->subtitle, "%s, %s; funnel plot against the pooled value",
               j->period, j->sexlabel);
  }
  g_ptr_array_free(v, TRUE);
  return st;
}
