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

/* ---- the areas drawn ----
 * A chart of areas draws one area type: --area-type, else the only type of the
 * rows below England (in --area-prefix), else (several) the request is
 * ambiguous, or, for a pack, every type its own filter keeps.  England and
 * London are pinned comparators on a compare chart, ICBs (E54) are drawn as
 * comparators when the prefix allows, and the other English regions (E12 but
 * London's E12000007) are drawn only when asked for (--area-type naming their
 * type, or an E12 prefix): among London's boroughs they are noise, not
 * comparators. */

static bool pinned(const char *code) {
  return strcmp(code, ENGLAND) == 0 || strcmp(code, LONDON) == 0;
}

static bool is_icb(const char *code) {
  return g_str_has_prefix(code, "E54");
}

/* A region other than London, drawn only when the request names it. */
static bool region_asked(const row *r, const opts *o) {
  return (o->area_prefix && g_str_has_prefix(o->area_prefix, "E12")) ||
         (o->area_type && g_ascii_strcasecmp(r->atype, o->area_type) == 0);
}

/* The area type of the bars (NULL: every type the filters keep); *dropped
 * counts the other regions left out.  HG_ERR_AMBIGUOUS when the child rows
 * have several area types and the request names none. */
static hg_status areas_type(spec_job *j, GPtrArray *v, const char **type, size_t *dropped) {
  const opts *o = j->o;
  *type = o->area_type;
  *dropped = 0;
  GPtrArray *types = g_ptr_array_new();
  GArray *counts = g_array_new(FALSE, TRUE, sizeof(guint));
  for (guint i = 0; i < v->len; i++) {
    const row *r = v->pdata[i];
    if (o->area_prefix && !g_str_has_prefix(r->code, o->area_prefix))
      continue;
    if (spec_is_region(r->code) && !pinned(r->code) && !region_asked(r, o))
      (*dropped)++;
    if (spec_is_region(r->code) || is_icb(r->code))
      continue;
    guint k = 0;
    while (k < types->len && g_ascii_strcasecmp(types->pdata[k], r->atype) != 0)
      k++;
    if (k == types->len) {
      g_ptr_array_add(types, (gpointer)r->atype);
      g_array_set_size(counts, k + 1);
    }
    g_array_index(counts, guint, k)++;
  }
  hg_status st = HG_OK;
  if (!*type && types->len == 1)
    *type = types->pdata[0];
  else if (!*type && types->len > 1 && !o->headline) {
    GString *l = g_string_new(NULL);
    for (guint k = 0; k < types->len; k++)
      g_string_append_printf(l, "%s'%s' (%u area%s)", k ? ", " : "", (const char *)types->pdata[k],
                             g_array_index(counts, guint, k),
                             g_array_index(counts, guint, k) == 1 ? "" : "s");
    hg_error_set(j->err, o->input_name, 0, "area_type",
                 "indicator '%s' has areas of %u types in %s (%s): choose one with --area-type "
                 "(or --area-prefix)",
                 j->ind, types->len, j->period, l->str);
    g_string_free(l, TRUE);
    st = HG_ERR_AMBIGUOUS;
  }
  g_ptr_array_free(types, TRUE);
  g_array_free(counts, TRUE);
  return st;
}

/* 1 when row r is drawn on a chart of areas of the given type. */
static bool area_drawn(const row *r, const opts *o, const char *type) {
  if (pinned(r->code))
    return o->kind == HG_CHART_COMPARE;
  if (o->area_prefix && !g_str_has_prefix(r->code, o->area_prefix))
    return false;
  if (spec_is_region(r->code))
    return region_asked(r, o);
  if (is_icb(r->code))
    return true;
  return !type || g_ascii_strcasecmp(r->atype, type) == 0;
}

hg_status spec_build_areas(spec_job *j) {
  const opts *o = j->o;
  hg_chart_spec *spec = j->spec;
  build *b = j->b;
  GPtrArray *v = spec_select_rows(j->a, j->ind, j->sex, j->period, false);
  const char *type = NULL;
  size_t dropped = 0;
  hg_status ast = areas_type(j, v, &type, &dropped);
  if (ast != HG_OK) {
    g_ptr_array_free(v, TRUE);
    return ast;
  }
  hg_chart_point *p = spec_points(b, v->len);
  size_t n = 0;
  const row *eng = spec_find_area(v, ENGLAND);
  for (guint i = 0; i < v->len; i++) {
    const row *r = v->pdata[i];
    if (area_drawn(r, o, type))
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
  if (dropped)
    snprintf(b->footnote, sizeof b->footnote,
             "Areas: %s%s; %zu other region(s) left out (--area-type with their type draws "
             "them).",
             type && *type ? type : "the file's areas",
             o->kind == HG_CHART_COMPARE ? ", with England and London" : "", dropped);
  if (dropped)
    spec->footnote = b->footnote;
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
