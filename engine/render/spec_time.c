/* spec_time.c: specs over periods: trends (the area, England and London) and
 * gaps, either a measure of results/inequalities.csv (SII, RII, gaps, ethnic
 * differences) with its limits and gap trend, or the area minus England
 * computed from an indicator file. */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/spec.h"

/* A results/inequalities.csv file: its measure column holds the measure names
 * of docs/outputs.md (other files use "measure" for free text, e.g. "Life
 * expectancy"). */
bool spec_has_measures(GArray *a) {
  static const char *known[] = {"sii", "rii", "abs_gap", "rel_gap", "diff_vs_ref", "ratio_vs_ref"};
  for (guint i = 0; i < a->len; i++)
    for (size_t k = 0; k < G_N_ELEMENTS(known); k++)
      if (strcmp(ROW(a, i)->measure, known[k]) == 0)
        return true;
  return false;
}

/* One series per chart: the rows of v must come from one breakdown (an export
 * with England by County & UA and by District & UA deciles gives an SII of
 * each per period).  HG_ERR_AMBIGUOUS, the breakdowns listed, otherwise. */
static hg_status one_breakdown(spec_job *j, GPtrArray *v, const char *measure) {
  const char *first = NULL, *other = NULL;
  for (guint i = 0; i < v->len && !other; i++) {
    const row *r = v->pdata[i];
    if (!first)
      first = r->component;
    else if (strcmp(r->component, first) != 0)
      other = r->component;
  }
  if (!other)
    return HG_OK;
  hg_error_set(j->err, j->o->input_name, 0, "component",
               "indicator '%s' has '%s' rows for several breakdowns ('%s', '%s'%s): choose one "
               "with --category-type",
               j->ind, measure, first, other, "");
  return HG_ERR_AMBIGUOUS;
}

/* Which way the measure runs, named by its groups (docs/inequalities.md): a
 * gap is the group minus the reference group (deprivation: the most minus the
 * least deprived), a ratio the group over the reference, and an SII the
 * fitted value at the least deprived end minus the most deprived end. g_free. */
static char *gap_direction(const char *measure, const row *r) {
  bool dep = !r->ctype[0] || strstr(r->ctype, "depriv") != NULL;
  const char *grp = dep ? "most deprived" : r->cat, *ref = dep ? "least deprived" : r->ref;
  if (strcmp(measure, "sii") == 0)
    return g_strdup("SII = least deprived minus most deprived (fitted line)");
  if (strcmp(measure, "rii") == 0)
    return g_strdup("RII = least deprived over most deprived (fitted line)");
  if (!ref || !*ref)
    return g_strdup(strstr(measure, "ratio") || strstr(measure, "rel") ? "ratio to the reference"
                                                                       : "gap from the reference");
  if (strcmp(measure, "rel_gap") == 0 || strcmp(measure, "ratio_vs_ref") == 0)
    return g_strdup_printf("ratio: %s over %s", grp, ref);
  return g_strdup_printf("gap: %s minus %s", grp, ref);
}

/* Gap chart from results/inequalities.csv: one measure (default sii) per period
 * with its limits, coloured by its significance, the latest gap_trend printed. */
hg_status spec_build_gap_measure(spec_job *j) {
  GArray *a = j->a;
  const opts *o = j->o;
  hg_chart_spec *spec = j->spec;
  build *b = j->b;
  const char *ind = j->ind, *sex = j->sex;
  const char *measure = o->measure ? o->measure : "sii";
  const char *area = o->area;
  GPtrArray *v = g_ptr_array_new();
  for (guint i = 0; i < a->len; i++) {
    row *r = ROW(a, i);
    if (!spec_match(r, ind, sex) || strcmp(r->measure, measure) != 0)
      continue;
    if (o->category_type && !strstr(r->ctype, o->category_type) &&
        strcmp(r->component, o->category_type) != 0)
      continue;
    if (o->group && strcmp(r->cat, o->group) != 0)
      continue;
    if (!area)
      area = r->code;
    if (strcmp(r->code, area) == 0)
      g_ptr_array_add(v, r);
  }
  if (v->len == 0) {
    g_ptr_array_free(v, TRUE);
    hg_error_set(j->err, o->input_name, 0, "measure", "no '%s' rows for indicator '%s'", measure,
                 ind);
    return HG_ERR_NOT_FOUND;
  }
  hg_status amb = one_breakdown(j, v, measure);
  if (amb != HG_OK) {
    g_ptr_array_free(v, TRUE);
    return amb;
  }
  if (v->len > 1) /* an empty GPtrArray has NULL pdata */
    qsort(v->pdata, v->len, sizeof(gpointer), spec_cmp_sortable);
  hg_chart_point *p = spec_points(b, v->len);
  const char *trend = NULL;
  for (guint i = 0; i < v->len; i++) {
    const row *r = v->pdata[i];
    spec_point_from(&p[i], r, o);
    p[i].label = r->period;
    p[i].role = HG_ROLE_AREA;
    if (r->gap_trend[0])
      trend = r->gap_trend;
  }
  const row *first = v->pdata[0], *last = v->pdata[v->len - 1];
  static const struct {
    const char *m, *name;
  } names[] = {{"sii", "Slope index of inequality"},
               {"rii", "Relative index of inequality"},
               {"abs_gap", "Absolute gap"},
               {"rel_gap", "Relative gap"},
               {"diff_vs_ref", "Difference from the reference"},
               {"ratio_vs_ref", "Ratio to the reference"}};
  const char *mname = measure;
  for (size_t k = 0; k < G_N_ELEMENTS(names); k++)
    if (strcmp(names[k].m, measure) == 0)
      mname = names[k].name;
  b->series[0] = (hg_chart_series){mname, HG_ROLE_AREA, p, v->len};
  spec->series = b->series;
  spec->nseries = 1;
  if (trend)
    spec->trend_label = spec_keep(b, g_strdup_printf("Gap trend: %s", trend));
  snprintf(b->title, sizeof b->title, "%s: %s, %s", ind, mname, first->name);
  char *dir = gap_direction(measure, first);
  snprintf(b->subtitle, sizeof b->subtitle, "%s, %s to %s, %s breakdown%s%s; %s%s", j->sexlabel,
           first->period, last->period,
           first->component[0] ? first->component
           : first->ctype[0]   ? first->ctype
                               : "deprivation",
           o->group ? ", group " : "", o->group ? o->group : "", dir,
           spec_any_limits(spec->series, 1) ? "; 95% confidence limits" : "");
  g_free(dir);
  /* a ratio has no unit; a gap or slope is a difference of the indicator's values */
  bool ratio = strcmp(measure, "rii") == 0 || strcmp(measure, "rel_gap") == 0 ||
               strcmp(measure, "ratio_vs_ref") == 0;
  spec->y_label = o->unit ? o->unit : ratio ? "Ratio" : spec_axis_title(b, j->unit_raw, true);
  g_ptr_array_free(v, TRUE);
  return HG_OK;
}

/* The points of one area over the periods of v (sorted), labelled by period;
 * *name receives the area's name (code when it has no row). */
static size_t area_series(spec_job *j, GPtrArray *v, const char *code, hg_chart_point **out,
                          const char **name) {
  hg_chart_point *p = spec_points(j->b, v->len);
  size_t n = 0;
  *name = code;
  for (guint i = 0; i < v->len; i++) {
    const row *r = v->pdata[i];
    if (strcmp(r->code, code) != 0)
      continue;
    spec_point_from(&p[n], r, j->o);
    p[n].label = r->period;
    *name = r->name;
    n++;
  }
  *out = p;
  return n;
}

/* The gap chart of an indicator file: area minus England per period, from the
 * data (no limits: the data do not carry the covariance that limits would
 * need). */
static void gap_to_england(spec_job *j, const hg_chart_point *area, size_t na,
                           const hg_chart_point *eng, size_t ne, const char *aname) {
  build *b = j->b;
  hg_chart_point *g = spec_points(b, na);
  size_t n = 0;
  for (size_t i = 0; i < na; i++) {
    const hg_chart_point *e = NULL;
    for (size_t k = 0; k < ne; k++)
      if (strcmp(eng[k].label, area[i].label) == 0)
        e = &eng[k];
    g[n] = area[i];
    g[n].value = e ? area[i].value - e->value : NAN;
    g[n].lower = g[n].upper = NAN;
    n++;
  }
  b->series[0] = (hg_chart_series){"Gap to England", HG_ROLE_AREA, g, n};
  j->spec->series = b->series;
  j->spec->nseries = 1;
  snprintf(b->title, sizeof b->title, "%s: gap between %s and England", j->iname, aname);
  snprintf(b->subtitle, sizeof b->subtitle, "%s, %s to %s; gap = %s minus England%s", j->sexlabel,
           g[0].label, g[n - 1].label, aname,
           spec_any_compared(j->spec->series, 1) ? "; markers coloured by comparison with England"
                                                 : "");
  j->spec->y_label = j->o->unit ? j->o->unit : spec_axis_title(b, j->unit_raw, true);
}

hg_status spec_build_over_time(spec_job *j) {
  const opts *o = j->o;
  build *b = j->b;
  const char *area = spec_default_area(j->a, j->ind, o);
  GPtrArray *v = g_ptr_array_new();
  for (guint i = 0; i < j->a->len; i++) {
    row *r = ROW(j->a, i);
    if (spec_match(r, j->ind, j->sex) && !spec_is_cat(r))
      g_ptr_array_add(v, r);
  }
  if (v->len > 1) /* an empty GPtrArray has NULL pdata */
    qsort(v->pdata, v->len, sizeof(gpointer), spec_cmp_sortable);
  const char *codes[3] = {area, ENGLAND, LONDON};
  hg_role roles[3] = {HG_ROLE_AREA, HG_ROLE_ENGLAND, HG_ROLE_LONDON};
  size_t ns = 0;
  const char *aname = area;
  hg_chart_point *ps[3] = {0};
  size_t cnt[3] = {0};
  for (int s = 0; s < 3; s++) {
    if (s > 0 && strcmp(codes[s], area) == 0)
      continue;
    const char *nm;
    cnt[s] = area_series(j, v, codes[s], &ps[s], &nm);
    if (s == 0)
      aname = nm;
    if (cnt[s] == 0 && s == 0) {
      g_ptr_array_free(v, TRUE);
      hg_error_set(j->err, o->input_name, 0, "area_code",
                   "area '%s' has no rows for indicator '%s'", area, j->ind);
      return HG_ERR_NOT_FOUND;
    }
    if (cnt[s] > 0 && o->kind == HG_CHART_TRENDS)
      b->series[ns++] = (hg_chart_series){nm, roles[s], ps[s], cnt[s]};
  }
  g_ptr_array_free(v, TRUE);
  if (o->kind != HG_CHART_TRENDS) {
    gap_to_england(j, ps[0], cnt[0], ps[1], cnt[1], aname);
    return HG_OK;
  }
  snprintf(b->title, sizeof b->title, "%s: %s", j->iname, aname);
  j->spec->series = b->series;
  j->spec->nseries = ns;
  bool compared = spec_any_compared(b->series, ns);
  snprintf(b->subtitle, sizeof b->subtitle, "%s, %s to %s%s%s%s", j->sexlabel, ps[0][0].label,
           ps[0][cnt[0] - 1].label, compared ? "; markers coloured by comparison with " : "",
           compared ? j->vs : "", compared ? " in each period" : "");
  return HG_OK;
}
