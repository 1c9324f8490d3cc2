/* spec_categories.c: specs of one indicator's breakdown in one area and
 * period: inequalities (a bar per category against the overall value) and
 * deprivation gradients (quantiles against relative rank with the SII line:
 * the published SII of results/inequalities.csv, or its point estimate). */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "healthgap/benchmark.h"
#include "healthgap/deprivation.h"
#include "healthgap/sii.h"
#include "render/spec.h"

/* A category against its area's overall value when the file has no label: the
 * benchmarking module's comparison (the reference value inside the 95% CI is
 * similar, docs/benchmarking.md; no judgement of direction), the one
 * engine/analyse/analyse.c writes into the results (compared_to_area), so the
 * chart and the CSVs cannot disagree.  Missing limits give no colour. */
static hg_chart_sig against_overall(const row *r, const row *overall) {
  hg_benchmark_input in = {.value = r->value,
                           .lower95 = r->lo,
                           .upper95 = r->hi,
                           .lower998 = r->lo998,
                           .upper998 = r->hi998,
                           .denominator = r->denom,
                           .reference_value = overall->value};
  hg_comparison c = hg_benchmark_compare(&in, HG_COMPARATOR_CI95, HG_POLARITY_BOB);
  return hg_chart_sig_parse(hg_benchmark_label(c, HG_POLARITY_BOB));
}

/* The indicator's polarity from its area rows' own labels in every period
 * (an area above England labelled Better: high is good), as the compare
 * chart and map of the same indicator colour it; NONE when no row of it is
 * judged Better or Worse. */
static hg_chart_polarity indicator_polarity(spec_job *j) {
  if (j->o->polarity_set)
    return j->o->polarity;
  GHashTable *eng = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < j->a->len; i++) {
    const row *r = ROW(j->a, i);
    if (strcmp(r->ind, j->ind) == 0 && !spec_is_cat(r) && strcmp(r->code, ENGLAND) == 0 &&
        isfinite(r->value))
      g_hash_table_insert(eng, g_strdup_printf("%s\x1f%s", r->period, r->sex),
                          g_memdup2(&r->value, sizeof r->value));
  }
  int high = 0, low = 0;
  for (guint i = 0; i < j->a->len; i++) {
    const row *r = ROW(j->a, i);
    hg_chart_sig s = hg_chart_sig_parse(r->sig_eng);
    if (strcmp(r->ind, j->ind) || spec_is_cat(r) || !isfinite(r->value) ||
        (s != HG_CHART_SIG_BETTER && s != HG_CHART_SIG_WORSE))
      continue;
    char *k = g_strdup_printf("%s\x1f%s", r->period, r->sex);
    const double *e = g_hash_table_lookup(eng, k);
    g_free(k);
    if (!e || r->value == *e)
      continue;
    bool above = r->value > *e;
    if (above == (s == HG_CHART_SIG_BETTER))
      high++;
    else
      low++;
  }
  g_hash_table_destroy(eng);
  return high > low   ? HG_CHART_POLARITY_HIGH_GOOD
         : low > high ? HG_CHART_POLARITY_LOW_GOOD
                      : HG_CHART_POLARITY_NONE;
}

/* One colour meaning per indicator: where its polarity is known, a category
 * lower or higher than the overall value is better or worse (RAG, as on the
 * indicator's compare chart and map); blue/orange only without a judgement. */
static void judge_by_polarity(hg_chart_point *p, size_t n, hg_chart_polarity pol) {
  if (pol == HG_CHART_POLARITY_NONE)
    return;
  bool low_good = pol == HG_CHART_POLARITY_LOW_GOOD;
  for (size_t i = 0; i < n; i++)
    if (p[i].sig == HG_CHART_SIG_LOWER)
      p[i].sig = low_good ? HG_CHART_SIG_BETTER : HG_CHART_SIG_WORSE;
    else if (p[i].sig == HG_CHART_SIG_HIGHER)
      p[i].sig = low_good ? HG_CHART_SIG_WORSE : HG_CHART_SIG_BETTER;
}

/* Without a published SII the gradient's line is the SII point estimate itself
 * (hg_sii_point: phe_sii's regression with transform = FALSE), so the chart and
 * `healthgap stat sii` / results/inequalities.csv cannot disagree.  The points
 * are the quantiles in order, most deprived first, weighted by population share
 * (equal shares when NAN); a missing value means no line, as phe_sii drops a
 * group that lacks a quantile. */
static void sii_point_fit(hg_chart_fit *fit, const hg_chart_point *pts, size_t n) {
  double pop[128], val[128], a, b, rii;
  if (n < 2 || n > 128)
    return;
  for (size_t i = 0; i < n; i++) {
    pop[i] = isfinite(pts[i].weight) ? pts[i].weight : 1;
    val[i] = pts[i].value;
  }
  if (hg_sii_point(pop, val, n, &b, &rii, &a) != HG_OK)
    return;
  fit->present = 1;
  fit->point_estimate = 1;
  fit->intercept = a;
  fit->slope = b;
  fit->rii = rii;
}

/* Most deprived first (hg_deprivation_rank's order, the one the inequality
 * measures read the labels with). */
static int cmp_dep(const void *x, const void *y) {
  const row *const *a = x, *const *b = y;
  int ku, kv;
  hg_deprivation_rank((*a)->cat, NULL, &ku);
  hg_deprivation_rank((*b)->cat, NULL, &kv);
  if (ku != kv)
    return ku < kv ? -1 : 1;
  /* numbered groups in numeric order ("Decile 2" before "Decile 10") */
  double u = spec_number_key((*a)->cat), v = spec_number_key((*b)->cat);
  if (u != v)
    return u < v ? -1 : 1;
  return strcmp((*a)->cat, (*b)->cat);
}

/* The breakdown drawn and its period: the asked category type, else the first
 * with a "deprivation" flavour for the gradient, else the first seen; the
 * asked period, else its latest. */
static hg_status pick_breakdown(spec_job *j, const char *area, const char **ctype_out,
                                const char **period_out) {
  const opts *o = j->o;
  const char *ctype = o->category_type, *period = NULL;
  double bk = -INFINITY;
  for (guint i = 0; i < j->a->len; i++) {
    const row *r = ROW(j->a, i);
    if (!spec_match(r, j->ind, j->sex) || !spec_is_cat(r) || strcmp(r->code, area) != 0)
      continue;
    if (!ctype && (o->kind != HG_CHART_GRADIENT || strstr(r->ctype, "depriv")))
      ctype = r->ctype;
    if (ctype && strcmp(r->ctype, ctype) == 0 &&
        (o->period ? strcmp(r->period, o->period) == 0 : r->sortable > bk)) {
      period = r->period;
      bk = r->sortable;
    }
  }
  if (!ctype || !period) {
    hg_error_set(j->err, o->input_name, 0, "category_type",
                 "no category rows for indicator '%s' in area '%s'", j->ind, area);
    return HG_ERR_NOT_FOUND;
  }
  *ctype_out = ctype;
  *period_out = period;
  return HG_OK;
}

/* The category rows of the breakdown (deprivation quantiles most deprived
 * first, others in file order) and *overall, the area's row without category
 * (NULL if none). */
static GPtrArray *category_rows(spec_job *j, const char *area, const char *ctype,
                                const char *period, const row **overall) {
  GPtrArray *v = g_ptr_array_new();
  *overall = NULL;
  for (guint i = 0; i < j->a->len; i++) {
    row *r = ROW(j->a, i);
    if (!spec_match(r, j->ind, j->sex) || strcmp(r->code, area) != 0 ||
        strcmp(r->period, period) != 0)
      continue;
    if (spec_is_cat(r) && strcmp(r->ctype, ctype) == 0)
      g_ptr_array_add(v, r);
    else if (!spec_is_cat(r))
      *overall = r;
  }
  bool dep = strstr(ctype, "depriv") != NULL || strstr(ctype, "IMD") != NULL;
  if (dep && v->len > 1) /* an empty GPtrArray has NULL pdata */
    qsort(v->pdata, v->len, sizeof(gpointer), cmp_dep);
  return v;
}

/* A point per category: its relative rank (cumulative population midpoint,
 * equal shares without denominators; most deprived = 0) and population share
 * as weight, coloured by the file's comparison or else against the overall
 * value.  *vs_england counts the categories the file itself coloured. */
static hg_chart_point *category_points(spec_job *j, GPtrArray *v, const row *overall,
                                       size_t *vs_england) {
  hg_chart_point *p = spec_points(j->b, v->len);
  double totden = 0;
  bool weights = true;
  for (guint i = 0; i < v->len; i++) {
    const row *r = v->pdata[i];
    if (isfinite(r->denom))
      totden += r->denom;
    else
      weights = false;
  }
  double cum = 0;
  *vs_england = 0;
  for (guint i = 0; i < v->len; i++) {
    const row *r = v->pdata[i];
    spec_point_from(&p[i], r, j->o);
    p[i].label = r->cat;
    p[i].role = HG_ROLE_AREA;
    double share = weights && totden > 0 ? r->denom / totden : 1.0 / v->len;
    p[i].x = cum + share / 2;
    p[i].weight = weights && totden > 0 ? share : NAN;
    cum += share;
    if (overall && p[i].sig == HG_CHART_SIG_NONE)
      p[i].sig = against_overall(r, overall);
    else if (p[i].sig != HG_CHART_SIG_NONE)
      (*vs_england)++;
  }
  return p;
}

/* The published SII and RII (results/inequalities.csv) of this breakdown:
 * the rows whose component names the quantiles drawn (ctype), never another
 * set's (County & UA beside District & UA deciles). */
static void published_fit(spec_job *j, const char *area, const char *period, const char *ctype) {
  hg_chart_fit *fit = &j->spec->fit;
  GArray *f = j->o->fit_data->rows;
  for (guint i = 0; i < f->len; i++) {
    const row *r = ROW(f, i);
    if (strcmp(r->ind, j->ind) || strcmp(r->code, area) || strcmp(r->period, period) ||
        (j->sex && strcmp(r->sex, j->sex)) || (*r->component && strcmp(r->component, ctype)))
      continue;
    if (strcmp(r->measure, "sii") == 0 && isfinite(r->value) && isfinite(r->gvalue)) {
      fit->present = 1;
      fit->slope = r->value;
      fit->intercept = r->gvalue; /* group_value = fitted value at rank 0 */
      fit->slope_lower = r->lo;
      fit->slope_upper = r->hi;
    } else if (strcmp(r->measure, "rii") == 0) {
      fit->rii = r->value;
      fit->rii_lower = r->lo;
      fit->rii_upper = r->hi;
    }
  }
}

hg_status spec_build_categories(spec_job *j) {
  const opts *o = j->o;
  hg_chart_spec *spec = j->spec;
  build *b = j->b;
  const char *area = o->area ? o->area : ENGLAND;
  const char *ctype, *period;
  hg_status st = pick_breakdown(j, area, &ctype, &period);
  if (st != HG_OK)
    return st;
  const row *overall;
  GPtrArray *v = category_rows(j, area, ctype, period, &overall);
  size_t vs_england; /* categories coloured by the file's own comparison */
  hg_chart_point *p = category_points(j, v, overall, &vs_england);
  hg_chart_polarity pol = indicator_polarity(j);
  judge_by_polarity(p, v->len, pol);
  spec->polarity = pol;
  b->series[0] = (hg_chart_series){ctype, HG_ROLE_AREA, p, v->len};
  spec->series = b->series;
  spec->nseries = 1;
  const char *aname = overall ? overall->name : v->len ? ((row *)v->pdata[0])->name : area;
  snprintf(b->title, sizeof b->title, "%s: %s", j->iname, aname);
  if (overall && isfinite(overall->value)) {
    char *l = g_strdup_printf("Overall %.1f", overall->value);
    b->refs[0] = (hg_chart_refline){spec_keep(b, l), overall->value, HG_ROLE_ENGLAND};
    spec->refs = b->refs;
    spec->nrefs = o->kind == HG_CHART_INEQUALITIES ? 1 : 0;
  }
  if (o->kind == HG_CHART_GRADIENT && o->fit_data)
    published_fit(j, area, period, ctype);
  if (o->kind == HG_CHART_GRADIENT && !spec->fit.present)
    sii_point_fit(&spec->fit, p, v->len);
  char *ct = g_strdup(ctype);
  g_strdelimit(ct, "\"", ' ');
  spec_keep(b, ct);
  bool judged = spec_any_compared(spec->series, 1);
  snprintf(b->subtitle, sizeof b->subtitle, "%s, %s, by %s%s", period, j->sexlabel, g_strstrip(ct),
           o->kind != HG_CHART_INEQUALITIES
               ? (spec->fit.present ? "; slope index of inequality" : "")
           : !judged    ? ""
           : vs_england ? "; bars coloured as the publisher compared each with England"
           : pol != HG_CHART_POLARITY_NONE
               ? "; bars coloured better/similar/worse than the overall value (95% CI)"
               : "; bars coloured lower/similar/higher than the overall value (95% CI)");
  spec->x_label = o->kind == HG_CHART_GRADIENT ? "Relative rank (0 = most deprived)" : j->unit;
  spec->y_label = o->kind == HG_CHART_GRADIENT ? j->unit : NULL;
  g_ptr_array_free(v, TRUE);
  return HG_OK;
}
