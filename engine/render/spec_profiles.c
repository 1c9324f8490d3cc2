/* spec_profiles.c: specs of every indicator of the file at once: the overview
 * (tartan rug: one series per indicator, England, London, then the areas A-Z)
 * and the area profile (spine: one point per indicator for one area, with the
 * range of the areas of its kind as P0, P25, median, P75, P100). */
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "healthgap/benchmark.h"
#include "render/spec.h"

/* The overview's cells of one indicator in its period: England, London, then
 * the child areas by name; NULL when it has none of them. */
static GPtrArray *overview_order(GPtrArray *v, const opts *o) {
  GPtrArray *ord = g_ptr_array_new();
  const row *e = spec_find_area(v, ENGLAND), *l = spec_find_area(v, LONDON);
  if (e)
    g_ptr_array_add(ord, (gpointer)e);
  if (l)
    g_ptr_array_add(ord, (gpointer)l);
  GPtrArray *rest = g_ptr_array_new();
  for (guint i = 0; i < v->len; i++)
    if (spec_child_area(v->pdata[i], o))
      g_ptr_array_add(rest, v->pdata[i]);
  if (rest->len > 1) /* an empty GPtrArray has NULL pdata */
    qsort(rest->pdata, rest->len, sizeof(gpointer), spec_cmp_name);
  for (guint i = 0; i < rest->len; i++)
    g_ptr_array_add(ord, rest->pdata[i]);
  g_ptr_array_free(rest, TRUE);
  if (ord->len == 0) { /* no England, London or child rows in this period */
    g_ptr_array_free(ord, TRUE);
    return NULL;
  }
  return ord;
}

hg_status spec_build_overview(spec_job *j) {
  /* every indicator, its latest period; columns England, London, then areas */
  const opts *o = j->o;
  build *b = j->b;
  GPtrArray *inds = spec_indicator_ids(j->a);
  size_t ns = 0;
  const char *other_sex = NULL;
  for (guint k = 0; k < inds->len && ns < 64; k++) {
    const char *id = inds->pdata[k];
    const char *sx = spec_pick_sex(j->a, id, o->sex);
    const char *per = spec_pick_period(j->a, id, sx, o->period, NULL);
    if (per && *sx && g_ascii_strcasecmp(sx, "Persons") != 0 && !other_sex)
      other_sex = sx;
    if (!per)
      continue;
    GPtrArray *v = spec_select_rows(j->a, id, sx, per, false);
    GPtrArray *ord = overview_order(v, o);
    if (ord) {
      hg_chart_point *p = spec_points(b, ord->len);
      for (guint i = 0; i < ord->len; i++)
        spec_point_from(&p[i], ord->pdata[i], o);
      b->series[ns++] =
          (hg_chart_series){((row *)ord->pdata[0])->ind_name, HG_ROLE_AREA, p, ord->len};
      g_ptr_array_free(ord, TRUE);
    }
    g_ptr_array_free(v, TRUE);
  }
  g_ptr_array_free(inds, TRUE);
  if (ns == 0) {
    hg_error_set(j->err, o->input_name, 0, NULL, "no indicator rows to draw");
    return HG_ERR_NOT_FOUND;
  }
  j->spec->series = b->series;
  j->spec->nseries = ns;
  snprintf(b->title, sizeof b->title, "Overview: %zu indicator%s by area", ns, ns == 1 ? "" : "s");
  snprintf(b->subtitle, sizeof b->subtitle, "Latest period of each indicator, %s%s%s%s",
           spec_mixed_sex_label(b, o->sex, other_sex),
           spec_any_compared(b->series, ns) ? "; cells coloured by comparison with " : "",
           spec_any_compared(b->series, ns) ? j->vs : "",
           spec_any_compared(b->series, ns) ? " (95% CI)" : "");
  return HG_OK;
}

/* The spine's range of one indicator: the values of the child areas of the
 * area's kind (the same code prefix, E09...), as P0, P25, median, P75, P100
 * (PERCENTILE.INC); left NAN when a quarter or more of them lack a value, as
 * Fingertips hides the spine then. */
static size_t spine_range(hg_chart_point *p, GPtrArray *v, const char *area, const opts *o) {
  double *vals = g_new(double, v->len + 1);
  size_t nv = 0, nall = 0;
  for (guint i = 0; i < v->len; i++) {
    const row *r = v->pdata[i];
    if (!spec_child_area(r, o) || strncmp(r->code, area, 3) != 0)
      continue;
    nall++;
    if (isfinite(r->value))
      vals[nv++] = r->value;
  }
  qsort(vals, nv, sizeof *vals, spec_cmp_double);
  if (nv >= 4 && nv > 0.75 * nall) {
    double qs[5] = {0, 0.25, 0.5, 0.75, 1};
    for (int q = 0; q < 5; q++)
      p->stats[q] = hg_percentile_inc(vals, nv, qs[q]);
  }
  g_free(vals);
  return isfinite(p->stats[0]) ? nv : 0;
}

/* The footnote naming the areas of the ranges: how many had a value (the
 * same for every indicator, or from fewest to most) and what they are. */
static void spine_range_note(spec_job *j, size_t nmin, size_t nmax) {
  const char *grp = j->o->area_group ? j->o->area_group : "areas of its type";
  if (!nmax)
    return;
  if (nmin == nmax)
    snprintf(j->b->footnote, sizeof j->b->footnote,
             "Range: the %zu %s with a value (min, P25, P75, max); centre line England.", nmax,
             grp);
  else
    snprintf(j->b->footnote, sizeof j->b->footnote,
             "Range: the %s with a value, %zu to %zu by indicator (min, P25, P75, max); centre "
             "line England.",
             grp, nmin, nmax);
  j->spec->footnote = j->b->footnote;
}

hg_status spec_build_spine(spec_job *j) {
  const opts *o = j->o;
  build *b = j->b;
  const char *area = spec_default_area(j->a, j->ind, o);
  GPtrArray *inds = spec_indicator_ids(j->a);
  hg_chart_point *p = spec_points(b, inds->len);
  size_t n = 0;
  const char *aname = area;
  const char *other_sex = NULL;
  size_t nmin = 0, nmax = 0; /* areas in the ranges */
  for (guint k = 0; k < inds->len; k++) {
    const char *id = inds->pdata[k];
    const char *sx = spec_pick_sex(j->a, id, o->sex);
    const char *per = spec_pick_period(j->a, id, sx, o->period, NULL);
    GPtrArray *v = spec_select_rows(j->a, id, sx, per, false);
    const row *me = spec_find_area(v, area);
    if (me && *sx && g_ascii_strcasecmp(sx, "Persons") != 0 && !other_sex)
      other_sex = sx;
    if (me) {
      spec_point_from(&p[n], me, o);
      p[n].polarity = spec_infer_polarity(v, o);
      aname = me->name;
      p[n].label = me->ind_name;
      const row *e = spec_find_area(v, ENGLAND), *l = spec_find_area(v, LONDON);
      p[n].england = e ? e->value : NAN;
      p[n].london = l ? l->value : NAN;
      size_t nr = spine_range(&p[n], v, area, o);
      if (nr) {
        nmin = nmin && nmin < nr ? nmin : nr;
        nmax = nmax > nr ? nmax : nr;
      }
      n++;
    }
    g_ptr_array_free(v, TRUE);
  }
  g_ptr_array_free(inds, TRUE);
  if (n == 0) {
    hg_error_set(j->err, o->input_name, 0, "area_code", "area '%s' not in the file", area);
    return HG_ERR_NOT_FOUND;
  }
  b->series[0] = (hg_chart_series){aname, HG_ROLE_AREA, p, n};
  j->spec->series = b->series;
  j->spec->nseries = 1;
  spine_range_note(j, nmin, nmax);
  snprintf(b->title, sizeof b->title, "Area profile: %s", aname);
  bool compared = spec_any_compared(b->series, 1);
  snprintf(b->subtitle, sizeof b->subtitle, "Latest period of each indicator, %s%s%s%s",
           spec_mixed_sex_label(b, o->sex, other_sex),
           compared ? "; value coloured by comparison with " : "", compared ? j->vs : "",
           compared ? " (95% CI)" : "");
  return HG_OK;
}
