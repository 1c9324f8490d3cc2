/* spec_misc.c: box plots (the distribution of the child areas per period),
 * population pyramids (per cent of the population per age band, England as
 * lines) and scatter plots (two indicators joined by area code, with their
 * least-squares line). */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "healthgap/benchmark.h"
#include "render/spec.h"

/* Weighted least squares by plain sums: the scatter chart's line (exact enough
 * for its geometry; the SII itself comes from indicators/sii.c). */
hg_status hg_chart_least_squares(const hg_chart_series *s, double *a, double *b, double *r2) {
  if (!s || !a || !b)
    return HG_ERR_RANGE;
  double sw = 0, sx = 0, sy = 0;
  size_t n = 0;
  for (size_t i = 0; i < s->n; i++) {
    const hg_chart_point *p = &s->pts[i];
    if (!isfinite(p->x) || !isfinite(p->value))
      continue;
    double w = isfinite(p->weight) ? p->weight : 1;
    n++;
    sw += w;
    sx += w * p->x;
    sy += w * p->value;
  }
  if (n < 3 || !(sw > 0))
    return HG_ERR_EMPTY;
  double mx = sx / sw, my = sy / sw, sxx = 0, sxy = 0, syy = 0;
  for (size_t i = 0; i < s->n; i++) {
    const hg_chart_point *p = &s->pts[i];
    if (!isfinite(p->x) || !isfinite(p->value))
      continue;
    double w = isfinite(p->weight) ? p->weight : 1;
    double dx = p->x - mx, dy = p->value - my;
    sxx += w * dx * dx;
    sxy += w * dx * dy;
    syy += w * dy * dy;
  }
  if (!(sxx > 0))
    return HG_ERR_EMPTY;
  *b = sxy / sxx;
  *a = my - *b * mx;
  if (r2)
    *r2 = syy > 0 ? sxy * sxy / (sxx * syy) : 0;
  return HG_OK;
}

/* ---- box plots ---- */

/* One box per period of the sorted rows v: P5, P25, median, P75, P95
 * (PERCENTILE.INC) of the finite values, none with fewer than 4.  Returns the
 * number of boxes; *areas receives the most values of any period. */
static size_t boxes(GPtrArray *v, hg_chart_point *p, size_t *areas) {
  size_t n = 0;
  double *vals = g_new(double, v->len + 1);
  *areas = 0;
  for (guint i = 0; i < v->len;) {
    const char *period = ((row *)v->pdata[i])->period;
    guint k = i;
    size_t nv = 0;
    for (; k < v->len && strcmp(((row *)v->pdata[k])->period, period) == 0; k++)
      if (isfinite(((row *)v->pdata[k])->value))
        vals[nv++] = ((row *)v->pdata[k])->value;
    qsort(vals, nv, sizeof *vals, spec_cmp_double);
    p[n].label = period;
    double qs[5] = {0.05, 0.25, 0.5, 0.75, 0.95};
    for (int q = 0; q < 5 && nv >= 4; q++)
      p[n].stats[q] = hg_percentile_inc(vals, nv, qs[q]);
    if (nv > *areas)
      *areas = nv;
    n++;
    i = k;
  }
  g_free(vals);
  return n;
}

hg_status spec_build_boxplot(spec_job *j) {
  const opts *o = j->o;
  build *b = j->b;
  GPtrArray *v = g_ptr_array_new();
  for (guint i = 0; i < j->a->len; i++)
    if (spec_match(ROW(j->a, i), j->ind, j->sex) && spec_child_area(ROW(j->a, i), o))
      g_ptr_array_add(v, ROW(j->a, i));
  if (v->len > 1) /* an empty GPtrArray has NULL pdata */
    qsort(v->pdata, v->len, sizeof(gpointer), spec_cmp_sortable);
  hg_chart_point *p = spec_points(b, v->len);
  size_t areas;
  size_t n = boxes(v, p, &areas);
  g_ptr_array_free(v, TRUE);
  if (n == 0) {
    hg_error_set(j->err, o->input_name, 0, NULL, "no area rows for indicator '%s'", j->ind);
    return HG_ERR_NOT_FOUND;
  }
  b->series[0] = (hg_chart_series){j->iname, HG_ROLE_AREA, p, n};
  j->spec->series = b->series;
  j->spec->nseries = 1;
  snprintf(b->subtitle, sizeof b->subtitle,
           "%s, %s to %s; distribution over %zu areas%s%s (P5, P25, median, P75, P95)", j->sexlabel,
           p[0].label, p[n - 1].label, areas, o->area_prefix ? " with codes " : "",
           o->area_prefix ? o->area_prefix : "");
  return HG_OK;
}

/* ---- population pyramids ---- */

static int cmp_age(const void *x, const void *y) {
  const row *const *a = x, *const *b = y;
  double u = spec_number_key((*a)->age), v = spec_number_key((*b)->age);
  return u < v ? -1 : u > v;
}

/* The two series (Male, Female) of one area: per cent of its whole population
 * (both sexes) per age band, youngest first.  Appends to b->series at *ns;
 * *aname receives the area's name when area is the chart's own (own != 0). */
static void pyramid_area(spec_job *j, const char *code, int own, size_t *ns, const char **aname) {
  static const char *sexes[2] = {"Male", "Female"};
  build *b = j->b;
  double total = 0;
  for (guint i = 0; i < j->a->len; i++) {
    const row *r = ROW(j->a, i);
    if (strcmp(r->ind, j->ind) == 0 && strcmp(r->code, code) == 0 && isfinite(r->value) &&
        (strcmp(r->sex, "Male") == 0 || strcmp(r->sex, "Female") == 0))
      total += r->value;
  }
  for (int s = 0; s < 2; s++) {
    GPtrArray *v = g_ptr_array_new();
    for (guint i = 0; i < j->a->len; i++) {
      row *r = ROW(j->a, i);
      if (strcmp(r->ind, j->ind) == 0 && strcmp(r->code, code) == 0 &&
          strcmp(r->sex, sexes[s]) == 0)
        g_ptr_array_add(v, r);
    }
    if (v->len > 1) /* an empty GPtrArray has NULL pdata */
      qsort(v->pdata, v->len, sizeof(gpointer), cmp_age);
    if (v->len == 0) {
      g_ptr_array_free(v, TRUE);
      continue;
    }
    hg_chart_point *p = spec_points(b, v->len);
    for (guint i = 0; i < v->len; i++) {
      const row *r = v->pdata[i];
      p[i].label = r->age;
      p[i].value = total > 0 ? r->value / total * 100 : NAN;
      if (own)
        *aname = r->name;
    }
    char *nm = g_strdup_printf(own ? "%s" : "England %s", sexes[s]);
    b->series[(*ns)++] =
        (hg_chart_series){spec_keep(b, nm), own ? HG_ROLE_AREA : HG_ROLE_ENGLAND, p, v->len};
    g_ptr_array_free(v, TRUE);
  }
}

hg_status spec_build_pyramid(spec_job *j) {
  const opts *o = j->o;
  build *b = j->b;
  const char *area = o->area ? o->area : spec_default_area(j->a, j->ind, o);
  size_t ns = 0;
  const char *aname = area;
  pyramid_area(j, area, 1, &ns, &aname);
  if (strcmp(area, ENGLAND) != 0)
    pyramid_area(j, ENGLAND, 0, &ns, &aname);
  if (ns == 0) {
    hg_error_set(j->err, o->input_name, 0, "sex", "no Male/Female age-band rows for area '%s'",
                 area);
    return HG_ERR_NOT_FOUND;
  }
  j->spec->series = b->series;
  j->spec->nseries = ns;
  j->spec->x_label = "% of total population";
  snprintf(b->title, sizeof b->title, "Population: %s", aname);
  const char *per = spec_pick_period(j->a, j->ind, NULL, o->period, NULL);
  snprintf(b->subtitle, sizeof b->subtitle,
           "%s; per cent of the total population in each age band%s", per ? per : "",
           ns > 2 ? ", England as lines" : "");
  return HG_OK;
}

/* ---- scatter plots ---- */

/* y = --indicator, x = --x-indicator (default the file's second), joined by
 * area code over the child areas, each in its latest (or the asked) period. */
hg_status spec_build_scatter(spec_job *j) {
  const opts *o = j->o;
  hg_chart_spec *spec = j->spec;
  build *b = j->b;
  GArray *a = j->a;
  const char *ind = j->ind, *sex = j->sex;
  const char *xi = o->x_indicator;
  for (guint i = 0; i < a->len && !xi; i++)
    if (strcmp(ROW(a, i)->ind, ind) != 0)
      xi = ROW(a, i)->ind;
  if (!xi) {
    hg_error_set(j->err, o->input_name, 0, "indicator_id", "scatter needs two indicators");
    return HG_ERR_NOT_FOUND;
  }
  const char *xsex = spec_pick_sex(a, xi, o->sex);
  const char *py = spec_pick_period(a, ind, sex, o->period, NULL);
  const char *px = spec_pick_period(a, xi, xsex, o->period, NULL);
  if (!py || !px) {
    hg_error_set(j->err, o->input_name, 0, "indicator_id", "no rows for indicator '%s'",
                 py ? xi : ind);
    return HG_ERR_NOT_FOUND;
  }
  GPtrArray *vy = spec_select_rows(a, ind, sex, py, false);
  GPtrArray *vx = spec_select_rows(a, xi, xsex, px, false);
  hg_chart_point *p = spec_points(b, vy->len);
  size_t n = 0;
  const char *xname = xi, *xunit = NULL;
  for (guint i = 0; i < vx->len; i++) {
    xname = ((row *)vx->pdata[i])->ind_name;
    xunit = spec_axis_title(b, ((row *)vx->pdata[i])->unit, false);
  }
  for (guint i = 0; i < vy->len; i++) {
    const row *r = vy->pdata[i];
    if (!spec_child_area(r, o))
      continue;
    const row *x = spec_find_area(vx, r->code);
    spec_point_from(&p[n], r, o);
    p[n].x = x ? x->value : NAN;
    n++;
  }
  g_ptr_array_free(vy, TRUE);
  g_ptr_array_free(vx, TRUE);
  b->series[0] = (hg_chart_series){j->iname, HG_ROLE_AREA, p, n};
  spec->series = b->series;
  spec->nseries = 1;
  spec->highlight = o->area;
  /* each axis names its indicator, period and unit */
  spec->x_label = spec_keep(
      b, g_strdup_printf("%s (%s%s%s)", xname, px, xunit ? "; " : "", xunit ? xunit : ""));
  spec->y_label = spec_keep(
      b, g_strdup_printf("%s (%s%s%s)", j->iname, py, j->unit ? "; " : "", j->unit ? j->unit : ""));
  size_t both = 0;
  for (size_t i = 0; i < n; i++)
    both += isfinite(p[i].x) && isfinite(p[i].value);
  double r2 = NAN;
  if (hg_chart_least_squares(&b->series[0], &spec->fit.intercept, &spec->fit.slope, &r2) == HG_OK) {
    spec->fit.present = 1;
    spec->fit.r2 = r2;
  }
  snprintf(b->title, sizeof b->title, "Compare indicators: %zu areas", both);
  snprintf(b->subtitle, sizeof b->subtitle, "%s; one point per area, least-squares line",
           sex && *sex ? sex : "Persons");
  return HG_OK;
}
