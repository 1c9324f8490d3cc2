/* render/chart_data.c: chart specs from a table of rows (hg_chart_data /
 * hg_chart_build).
 *
 * Reads one CSV whole (hg_table): a results file (results/indicators.csv or
 * results/inequalities.csv), a Fingertips export, a tidy indicator CSV or a
 * similar long file, recognised by its column names (aliases below); or takes
 * the same rows from memory (hg_chart_data_from_rows: the run's results).  Rows are
 * normalised, filtered (indicator, area, period, sex) and turned into one
 * hg_chart_spec.  No cairo here: this is data shaping for `healthgap chart`, the
 * benchmark and the pack builder.
 */
#include <glib.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "healthgap/benchmark.h"
#include "healthgap/chart.h"
#include "healthgap/table.h"

#include "render/funnel_fit.h"

struct hg_chart_data {
  hg_table *t;
  GArray *rows;
  char *name;
};

#define ENGLAND "E92000001"
#define LONDON "E12000007"

typedef struct row {
  const char *ind, *ind_name, *code, *name, *atype, *period, *sex, *age, *ctype, *cat;
  const char *sig_eng, *sig_lon, *trend, *unit, *measure, *gap_trend;
  double sortable, value, lo, hi, lo998, hi998, count, denom, gvalue;
} row;

typedef hg_chart_request opts;

/* ---- reading ---- */

static long col(const hg_table *t, const char *const *names) {
  for (; *names; names++) {
    long c = hg_table_col(t, *names);
    if (c >= 0)
      return c;
  }
  return -1;
}

static const char *cell(const hg_table *t, size_t r, long c) {
  return c >= 0 ? hg_table_cell(t, r, (size_t)c) : "";
}

/* Leading year of a period text ("2015 - 17", "2019/20", "2019") for ordering
 * when the file has no sortable key. */
static double period_key(const char *p) {
  int y = 0;
  if (p && sscanf(p, "%d", &y) == 1)
    return y * 10000.0;
  return NAN;
}

/* Defaults of a row read or given: the order key from the period's leading
 * year, the id for a missing indicator name, a name for a bare area code. */
static void finish_row(row *w) {
  if (!isfinite(w->sortable))
    w->sortable = period_key(w->period);
  if (!*w->ind_name)
    w->ind_name = w->ind;
  if (!*w->name) /* results/inequalities.csv carries codes only */
    w->name = strcmp(w->code, ENGLAND) == 0  ? "England"
              : strcmp(w->code, LONDON) == 0 ? "London region"
                                             : w->code;
}

static hg_status read_rows(const char *path, hg_table **tout, GArray **out, hg_error *err) {
  hg_table *t = NULL;
  hg_status st = hg_table_read(path, NULL, &t, err);
  if (st != HG_OK)
    return st;
  static const char *c_ind[] = {"indicator_id", "Indicator ID", "IndicatorId", "indicator", NULL};
  static const char *c_iname[] = {"indicator_name", "Indicator Name", "indicator", NULL};
  static const char *c_code[] = {"area_code", "Area Code", "AreaCode", NULL};
  static const char *c_name[] = {"area_name", "Area Name", "AreaName", NULL};
  static const char *c_atype[] = {"area_type", "Area Type", NULL};
  static const char *c_period[] = {"period", "Time period", "Year", NULL};
  static const char *c_sort[] = {"period_sortable", "Time period Sortable", NULL};
  static const char *c_sex[] = {"sex", "Sex", "inequality", NULL};
  static const char *c_age[] = {"age", "Age", "age_band", NULL};
  static const char *c_ctype[] = {"category_type", "Category Type", "breakdown_type", NULL};
  static const char *c_cat[] = {"category", "group", NULL};
  static const char *c_val[] = {"value", "Value", NULL};
  static const char *c_lo[] = {"lower_ci95", "Lower CI 95.0 limit", "LowerCI", NULL};
  static const char *c_hi[] = {"upper_ci95", "Upper CI 95.0 limit", "UpperCI", NULL};
  static const char *c_lo9[] = {"lower_ci998", "Lower CI 99.8 limit", NULL};
  static const char *c_hi9[] = {"upper_ci998", "Upper CI 99.8 limit", NULL};
  static const char *c_cnt[] = {"count", "Count", NULL};
  static const char *c_den[] = {"denominator", "Denominator", NULL};
  static const char *c_seng[] = {"compared_to_england", "Compared to England value or percentiles",
                                 "significance", NULL};
  static const char *c_slon[] = {"compared_to_london", "Compared to parent value or percentiles",
                                 "Compared to Region value or percentiles", NULL};
  static const char *c_trend[] = {"recent_trend", "Recent Trend", "Trend", NULL};
  static const char *c_unit[] = {"unit", NULL};
  static const char *c_measure[] = {"measure", NULL};
  static const char *c_gtrend[] = {"gap_trend", NULL};
  static const char *c_gval[] = {"group_value", NULL};
  long ci = col(t, c_ind), cn = col(t, c_iname), cc = col(t, c_code), cm = col(t, c_name);
  long cat_t = col(t, c_atype), cp = col(t, c_period), cs = col(t, c_sort), cx = col(t, c_sex);
  long ca = col(t, c_age), cct = col(t, c_ctype), ccat = col(t, c_cat), cv = col(t, c_val);
  long clo = col(t, c_lo), chi = col(t, c_hi), clo9 = col(t, c_lo9), chi9 = col(t, c_hi9);
  long ccnt = col(t, c_cnt), cden = col(t, c_den), cse = col(t, c_seng), csl = col(t, c_slon);
  long ctr = col(t, c_trend), cu = col(t, c_unit), cme = col(t, c_measure), cgt = col(t, c_gtrend);
  /* The FingertipsNext extract swaps CategoryType and Category (docs/inequalities.md):
   * there the type is in "Category". */
  if (hg_table_col(t, "IndicatorId") >= 0) {
    cct = hg_table_col(t, "Category");
    ccat = hg_table_col(t, "CategoryType");
  }
  if (csl < 0) /* a Fingertips export names the parent column variously: position 22 */
    for (size_t j = 0; j < hg_table_ncols(t); j++) {
      const char *h = hg_table_colname(t, j);
      if (g_str_has_prefix(h, "Compared to ") && !strstr(h, "England") && !strstr(h, "goal"))
        csl = (long)j;
    }
  if (cc < 0 && ci < 0) {
    hg_error_set(err, path, 1, "area_code", "no area code or indicator column in the header");
    hg_table_free(t);
    return HG_ERR_FORMAT;
  }
  if (cv < 0) {
    hg_error_set(err, path, 1, "value", "no value column in the header");
    hg_table_free(t);
    return HG_ERR_FORMAT;
  }
  GArray *a = g_array_sized_new(FALSE, TRUE, sizeof(row), (guint)hg_table_nrows(t));
  long nums[9] = {cv, clo, chi, clo9, chi9, ccnt, cden, cs, col(t, c_gval)};
  for (size_t r = 0; r < hg_table_nrows(t); r++) {
    row w = {cell(t, r, ci),
             cell(t, r, cn),
             cell(t, r, cc),
             cell(t, r, cm),
             cell(t, r, cat_t),
             cell(t, r, cp),
             cell(t, r, cx),
             cell(t, r, ca),
             cell(t, r, cct),
             cell(t, r, ccat),
             cell(t, r, cse),
             cell(t, r, csl),
             cell(t, r, ctr),
             cell(t, r, cu),
             cell(t, r, cme),
             cell(t, r, cgt),
             NAN,
             NAN,
             NAN,
             NAN,
             NAN,
             NAN,
             NAN,
             NAN,
             NAN};
    double *dst[9] = {&w.value, &w.lo,    &w.hi,       &w.lo998, &w.hi998,
                      &w.count, &w.denom, &w.sortable, &w.gvalue};
    for (int k = 0; k < 9; k++) {
      if (nums[k] < 0)
        continue;
      if (strcmp(hg_table_cell(t, r, (size_t)nums[k]), "NA") == 0)
        continue; /* R's missing marker, as in the trafford_themes extracts */
      st = hg_table_number(t, r, (size_t)nums[k], dst[k], err);
      if (st != HG_OK) {
        g_array_free(a, TRUE);
        hg_table_free(t);
        return st;
      }
    }
    finish_row(&w);
    g_array_append_val(a, w);
  }
  *tout = t;
  *out = a;
  return HG_OK;
}

/* ---- selection helpers ---- */

#define ROW(a, i) (&g_array_index((a), row, (i)))

static bool is_cat(const row *r) {
  return r->ctype[0] || r->cat[0];
}
static bool is_region(const char *code) {
  return g_str_has_prefix(code, "E92") || g_str_has_prefix(code, "E12");
}

static const char *first_indicator(GArray *a) {
  return a->len ? ROW(a, 0)->ind : "";
}

/* The sex to use: asked, else Persons if present, else the first seen. */
static const char *pick_sex(GArray *a, const char *ind, const char *want) {
  if (want)
    return want;
  const char *first = NULL;
  for (guint i = 0; i < a->len; i++) {
    const row *r = ROW(a, i);
    if (strcmp(r->ind, ind) != 0)
      continue;
    if (g_ascii_strcasecmp(r->sex, "Persons") == 0 || !*r->sex)
      return r->sex;
    if (!first)
      first = r->sex;
  }
  return first ? first : "";
}

static bool match(const row *r, const char *ind, const char *sex) {
  return strcmp(r->ind, ind) == 0 && (!sex || strcmp(r->sex, sex) == 0);
}

/* Latest period (by sortable key) of an indicator, or the asked one. */
static const char *pick_period(GArray *a, const char *ind, const char *sex, const char *want,
                               double *key) {
  const char *best = NULL;
  double bk = -INFINITY;
  for (guint i = 0; i < a->len; i++) {
    const row *r = ROW(a, i);
    if (!match(r, ind, sex))
      continue;
    if (want ? strcmp(r->period, want) == 0 : (r->sortable > bk || !best)) {
      best = r->period;
      bk = r->sortable;
      if (want)
        break;
    }
  }
  if (key)
    *key = bk;
  return best;
}

static int cmp_sortable(const void *x, const void *y) {
  const row *const *a = x, *const *b = y;
  double u = (*a)->sortable, v = (*b)->sortable;
  if (u != v)
    return u < v ? -1 : 1;
  return strcmp((*a)->period, (*b)->period);
}

static int cmp_name(const void *x, const void *y) {
  const row *const *a = x, *const *b = y;
  return strcmp((*a)->name, (*b)->name);
}

static const row *find_area_c(GPtrArray *v, const char *code) {
  for (guint i = 0; i < v->len; i++)
    if (strcmp(((row *)v->pdata[i])->code, code) == 0)
      return v->pdata[i];
  return NULL;
}

static void point_from(hg_chart_point *p, const row *r, const opts *o) {
  hg_chart_point_init(p);
  p->label = r->name;
  p->code = r->code;
  p->period = r->period;
  p->value = r->value;
  p->lower = r->lo;
  p->upper = r->hi;
  p->lower998 = r->lo998;
  p->upper998 = r->hi998;
  p->count = r->count;
  p->x = r->denom;
  p->sig = hg_chart_sig_parse(o->compare_to && strcmp(o->compare_to, "london") == 0 ? r->sig_lon
                                                                                    : r->sig_eng);
  p->trend = hg_chart_trend_parse(r->trend);
  p->polarity = o->polarity;
  if (strcmp(r->code, ENGLAND) == 0)
    p->role = HG_ROLE_ENGLAND;
  else if (strcmp(r->code, LONDON) == 0)
    p->role = HG_ROLE_LONDON;
}

/* Polarity from the file's own labels: an area above England labelled Better means
 * high is good; below England and Better means low is good.  No Better/Worse
 * label at all means no judgement. */
static hg_chart_polarity infer_polarity(GPtrArray *v, const opts *o) {
  if (o->polarity_set)
    return o->polarity;
  const row *e = find_area_c(v, ENGLAND);
  if (!e || !isfinite(e->value))
    return o->polarity;
  int high = 0, low = 0;
  for (guint i = 0; i < v->len; i++) {
    const row *r = v->pdata[i];
    hg_chart_sig s = hg_chart_sig_parse(r->sig_eng);
    if (!isfinite(r->value) || (s != HG_CHART_SIG_BETTER && s != HG_CHART_SIG_WORSE) ||
        r->value == e->value)
      continue;
    bool above = r->value > e->value;
    if ((above && s == HG_CHART_SIG_BETTER) || (!above && s == HG_CHART_SIG_WORSE))
      high++;
    else
      low++;
  }
  return high > low   ? HG_CHART_POLARITY_HIGH_GOOD
         : low > high ? HG_CHART_POLARITY_LOW_GOOD
                      : HG_CHART_POLARITY_NONE;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static bool child_area(const row *r, const opts *o) {
  if (is_region(r->code) || is_cat(r))
    return false;
  return !o->area_prefix || g_str_has_prefix(r->code, o->area_prefix);
}

/* Everything the spec borrows lives here until the chart is drawn. */
typedef struct build {
  GPtrArray *strings;
  GPtrArray *blocks;
  hg_chart_series series[64];
  hg_chart_refline refs[4];
  char subtitle[512], title[512], source[512], footnote[512];
} build;

static const char *keep(build *b, char *s);
/* The sex label of a chart of every indicator (overview, spine) without
 * --sex: each indicator shows Persons where it has them, else its first sex,
 * so the subtitle says so rather than naming the first indicator's sex. */
static const char *mixed_sex_label(build *b, const char *want, const char *other) {
  if (want)
    return want;
  if (!other)
    return "Persons";
  return keep(b, g_strdup_printf("Persons (%s for indicators published by sex only)", other));
}

static const char *keep(build *b, char *s) {
  g_ptr_array_add(b->strings, s);
  return s;
}
static hg_chart_point *points(build *b, size_t n) {
  hg_chart_point *p = g_new0(hg_chart_point, n ? n : 1);
  g_ptr_array_add(b->blocks, p);
  for (size_t i = 0; i < n; i++)
    hg_chart_point_init(&p[i]);
  return p;
}

/* Rows of one indicator/sex/period without categories (and optionally only child
 * areas), as an array of pointers. */
static GPtrArray *select_rows(GArray *a, const char *ind, const char *sex, const char *period,
                              bool with_cat) {
  GPtrArray *v = g_ptr_array_new();
  for (guint i = 0; i < a->len; i++) {
    row *r = ROW(a, i);
    if (match(r, ind, sex) && (!period || strcmp(r->period, period) == 0) && is_cat(r) == with_cat)
      g_ptr_array_add(v, r);
  }
  return v;
}

static const row *find_area(GPtrArray *v, const char *code) {
  for (guint i = 0; i < v->len; i++)
    if (strcmp(((row *)v->pdata[i])->code, code) == 0)
      return v->pdata[i];
  return NULL;
}

static const char *default_area(GArray *a, const char *ind, const opts *o) {
  if (o->area)
    return o->area;
  const char *best = NULL;
  for (guint i = 0; i < a->len; i++) {
    const row *r = ROW(a, i);
    if (strcmp(r->ind, ind) == 0 && child_area(r, o) && (!best || strcmp(r->code, best) < 0))
      best = r->code;
  }
  return best ? best : ENGLAND;
}

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

/* Every indicator id of the file once, in order of first appearance (the rows
 * of the overview and the spine chart); free with g_ptr_array_free(, TRUE). */
static GPtrArray *indicator_ids(GArray *a) {
  GPtrArray *inds = g_ptr_array_new();
  for (guint i = 0; i < a->len; i++) {
    const char *id = ROW(a, i)->ind;
    bool seen = false;
    for (guint k = 0; k < inds->len && !seen; k++)
      seen = strcmp(inds->pdata[k], id) == 0;
    if (!seen)
      g_ptr_array_add(inds, (gpointer)id);
  }
  return inds;
}

/* The name of indicator ind (its id when absent from the file) and the axis
 * unit: --unit, else the file's unit column on the indicator's first row. */
static const char *indicator_name(GArray *a, const char *ind, const opts *o, const char **unit) {
  *unit = o->unit;
  for (guint i = 0; i < a->len; i++)
    if (strcmp(ROW(a, i)->ind, ind) == 0) {
      if (!*unit && *ROW(a, i)->unit)
        *unit = ROW(a, i)->unit;
      return ROW(a, i)->ind_name;
    }
  return ind;
}

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

/* A results/inequalities.csv file: its measure column holds the measure names
 * of healthgap/inequalities.h (other files use "measure" for free text, e.g.
 * "Life expectancy"). */
static bool has_measures(GArray *a) {
  static const char *known[] = {"sii", "rii", "abs_gap", "rel_gap", "diff_vs_ref", "ratio_vs_ref"};
  for (guint i = 0; i < a->len; i++)
    for (size_t k = 0; k < G_N_ELEMENTS(known); k++)
      if (strcmp(ROW(a, i)->measure, known[k]) == 0)
        return true;
  return false;
}

/* Gap chart from results/inequalities.csv: one measure (default sii) per period
 * with its limits, coloured by its significance, the latest gap_trend printed. */
static hg_status build_gap_measure(GArray *a, const opts *o, hg_chart_spec *spec, build *b,
                                   const char *ind, const char *sex, hg_error *err) {
  const char *measure = o->measure ? o->measure : "sii";
  const char *area = o->area;
  GPtrArray *v = g_ptr_array_new();
  for (guint i = 0; i < a->len; i++) {
    row *r = ROW(a, i);
    if (!match(r, ind, sex) || strcmp(r->measure, measure) != 0)
      continue;
    if (o->category_type && !strstr(r->ctype, o->category_type))
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
    hg_error_set(err, o->input_name, 0, "measure", "no '%s' rows for indicator '%s'", measure, ind);
    return HG_ERR_NOT_FOUND;
  }
  if (v->len > 1) /* an empty GPtrArray has NULL pdata */
    qsort(v->pdata, v->len, sizeof(gpointer), cmp_sortable);
  hg_chart_point *p = points(b, v->len);
  const char *trend = NULL;
  for (guint i = 0; i < v->len; i++) {
    const row *r = v->pdata[i];
    point_from(&p[i], r, o);
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
    spec->trend_label = keep(b, g_strdup_printf("Gap trend: %s", trend));
  snprintf(b->title, sizeof b->title, "%s: %s, %s", ind, mname, first->name);
  snprintf(b->subtitle, sizeof b->subtitle,
           "%s, %s to %s, %s breakdown%s%s; 95%% confidence limits", sex && *sex ? sex : "Persons",
           first->period, last->period, first->ctype[0] ? first->ctype : "deprivation",
           o->group ? ", group " : "", o->group ? o->group : "");
  g_ptr_array_free(v, TRUE);
  return HG_OK;
}

static hg_status build_spec(GArray *a, const opts *o, hg_chart_spec *spec, build *b,
                            const hg_boundaries *geo, hg_error *err) {
  const char *ind = o->indicator ? o->indicator : first_indicator(a);
  const char *sex = pick_sex(a, ind, o->sex);
  const char *unit;
  const char *iname = indicator_name(a, ind, o, &unit);
  bool found = false;
  for (guint i = 0; i < a->len && !found; i++)
    found = strcmp(ROW(a, i)->ind, ind) == 0;
  if (!found) {
    hg_error_set(err, o->input_name, 0, "indicator_id", "indicator '%s' not in the file", ind);
    return HG_ERR_NOT_FOUND;
  }
  hg_chart_spec_init(spec, o->kind);
  spec->polarity = o->polarity;
  spec->map_fill = o->fill;
  spec->y_label = unit;
  spec->x_label = NULL;
  char *base = g_path_get_basename(o->input_name);
  snprintf(b->source, sizeof b->source, "Source: %s (%s). Open Government Licence v3.0.",
           o->source ? o->source : "OHID Fingertips", base);
  g_free(base);
  spec->source = b->source;
  const char *vs = o->compare_to && strcmp(o->compare_to, "london") == 0 ? "London" : "England";
  double pkey;
  const char *period = pick_period(a, ind, sex, o->period, &pkey);
  if (!period && o->kind != HG_CHART_OVERVIEW) {
    hg_error_set(err, o->input_name, 0, "period", "no rows for indicator '%s'%s%s", ind,
                 o->period ? " in period " : "", o->period ? o->period : "");
    return HG_ERR_NOT_FOUND;
  }
  const char *sexlabel = sex && *sex ? sex : "Persons";
  snprintf(b->title, sizeof b->title, "%s", iname);
  switch (o->kind) {
  case HG_CHART_COMPARE:
  case HG_CHART_MAP:
  case HG_CHART_FUNNEL: {
    GPtrArray *v = select_rows(a, ind, sex, period, false);
    hg_chart_point *p = points(b, v->len);
    size_t n = 0;
    const row *eng = find_area(v, ENGLAND);
    for (guint i = 0; i < v->len; i++) {
      const row *r = v->pdata[i];
      if (o->area_prefix && !is_region(r->code) && !g_str_has_prefix(r->code, o->area_prefix))
        continue;
      if (o->kind != HG_CHART_COMPARE && is_region(r->code))
        continue;
      point_from(&p[n++], r, o);
    }
    b->series[0] = (hg_chart_series){iname, HG_ROLE_AREA, p, n};
    spec->series = b->series;
    spec->nseries = 1;
    if (eng && isfinite(eng->value)) {
      char *l = g_strdup_printf("England %.1f", eng->value);
      b->refs[0] = (hg_chart_refline){keep(b, l), eng->value, HG_ROLE_ENGLAND};
      spec->refs = b->refs;
      spec->nrefs = 1;
    }
    if (o->kind == HG_CHART_COMPARE)
      spec->x_label = unit;
    snprintf(b->subtitle, sizeof b->subtitle, "%s, %s; compared with %s (95%% CI)%s", period,
             sexlabel, vs,
             o->kind == HG_CHART_COMPARE ? ", bars show 95% confidence intervals" : "");
    if (o->kind == HG_CHART_MAP) {
      spec->geo = geo;
      spec->outline = o->outline;
      if (o->fill != HG_MAP_FILL_SIG)
        snprintf(b->subtitle, sizeof b->subtitle, "%s, %s; %s", period, sexlabel,
                 o->fill == HG_MAP_FILL_QUINTILE
                     ? "quintiles of the areas' values (Excel PERCENTILE.INC bounds)"
                     : "continuous colour scale from the lowest to the highest value");
    }
    if (o->kind == HG_CHART_FUNNEL) {
      hg_status fst = build_funnel(b, spec, p, n, infer_polarity(v, o), err, o);
      if (fst != HG_OK) {
        g_ptr_array_free(v, TRUE);
        return fst;
      }
      snprintf(b->subtitle, sizeof b->subtitle, "%s, %s; funnel plot against the pooled value",
               period, sexlabel);
    }
    g_ptr_array_free(v, TRUE);
    break;
  }
  case HG_CHART_OVERVIEW: {
    /* every indicator, its latest period; columns England, London, then areas */
    GPtrArray *inds = indicator_ids(a);
    size_t ns = 0;
    const char *other_sex = NULL;
    for (guint k = 0; k < inds->len && ns < 64; k++) {
      const char *id = inds->pdata[k];
      const char *sx = pick_sex(a, id, o->sex);
      const char *per = pick_period(a, id, sx, o->period, NULL);
      if (per && *sx && g_ascii_strcasecmp(sx, "Persons") != 0 && !other_sex)
        other_sex = sx;
      if (!per)
        continue;
      GPtrArray *v = select_rows(a, id, sx, per, false);
      GPtrArray *ord = g_ptr_array_new();
      const row *e = find_area(v, ENGLAND), *l = find_area(v, LONDON);
      if (e)
        g_ptr_array_add(ord, (gpointer)e);
      if (l)
        g_ptr_array_add(ord, (gpointer)l);
      GPtrArray *rest = g_ptr_array_new();
      for (guint i = 0; i < v->len; i++)
        if (child_area(v->pdata[i], o))
          g_ptr_array_add(rest, v->pdata[i]);
      if (rest->len > 1) /* an empty GPtrArray has NULL pdata */
        qsort(rest->pdata, rest->len, sizeof(gpointer), cmp_name);
      for (guint i = 0; i < rest->len; i++)
        g_ptr_array_add(ord, rest->pdata[i]);
      if (ord->len == 0) { /* no England, London or child rows in this period */
        g_ptr_array_free(rest, TRUE);
        g_ptr_array_free(ord, TRUE);
        g_ptr_array_free(v, TRUE);
        continue;
      }
      hg_chart_point *p = points(b, ord->len);
      for (guint i = 0; i < ord->len; i++)
        point_from(&p[i], ord->pdata[i], o);
      b->series[ns++] =
          (hg_chart_series){((row *)ord->pdata[0])->ind_name, HG_ROLE_AREA, p, ord->len};
      g_ptr_array_free(rest, TRUE);
      g_ptr_array_free(ord, TRUE);
      g_ptr_array_free(v, TRUE);
    }
    g_ptr_array_free(inds, TRUE);
    if (ns == 0) {
      hg_error_set(err, o->input_name, 0, NULL, "no indicator rows to draw");
      return HG_ERR_NOT_FOUND;
    }
    spec->series = b->series;
    spec->nseries = ns;
    snprintf(b->title, sizeof b->title, "Overview: %zu indicator%s by area", ns,
             ns == 1 ? "" : "s");
    snprintf(b->subtitle, sizeof b->subtitle,
             "Latest period of each indicator, %s; cells coloured by comparison with %s (95%% CI)",
             mixed_sex_label(b, o->sex, other_sex), vs);
    break;
  }
  case HG_CHART_SPINE: {
    const char *area = default_area(a, ind, o);
    GPtrArray *inds = indicator_ids(a);
    hg_chart_point *p = points(b, inds->len);
    size_t n = 0;
    const char *aname = area;
    const char *other_sex = NULL;
    for (guint k = 0; k < inds->len; k++) {
      const char *id = inds->pdata[k];
      const char *sx = pick_sex(a, id, o->sex);
      const char *per = pick_period(a, id, sx, o->period, NULL);
      GPtrArray *v = select_rows(a, id, sx, per, false);
      const row *me = find_area(v, area);
      if (me && *sx && g_ascii_strcasecmp(sx, "Persons") != 0 && !other_sex)
        other_sex = sx;
      if (me) {
        point_from(&p[n], me, o);
        p[n].polarity = infer_polarity(v, o);
        aname = me->name;
        p[n].label = me->ind_name;
        const row *e = find_area(v, ENGLAND), *l = find_area(v, LONDON);
        p[n].england = e ? e->value : NAN;
        p[n].london = l ? l->value : NAN;
        double *vals = g_new(double, v->len + 1);
        size_t nv = 0, nall = 0;
        for (guint i = 0; i < v->len; i++) {
          const row *r = v->pdata[i];
          if (!child_area(r, o) || strncmp(r->code, area, 3) != 0)
            continue;
          nall++;
          if (isfinite(r->value))
            vals[nv++] = r->value;
        }
        qsort(vals, nv, sizeof *vals, cmp_double);
        /* Fingertips hides the spine when a quarter or more of the areas lack a value */
        if (nv >= 4 && nv > 0.75 * nall) {
          double qs[5] = {0, 0.25, 0.5, 0.75, 1};
          for (int q = 0; q < 5; q++)
            p[n].stats[q] = hg_percentile_inc(vals, nv, qs[q]);
        }
        g_free(vals);
        n++;
      }
      g_ptr_array_free(v, TRUE);
    }
    g_ptr_array_free(inds, TRUE);
    if (n == 0) {
      hg_error_set(err, o->input_name, 0, "area_code", "area '%s' not in the file", area);
      return HG_ERR_NOT_FOUND;
    }
    b->series[0] = (hg_chart_series){aname, HG_ROLE_AREA, p, n};
    spec->series = b->series;
    spec->nseries = 1;
    snprintf(b->title, sizeof b->title, "Area profile: %s", aname);
    snprintf(b->subtitle, sizeof b->subtitle,
             "Latest period of each indicator, %s; value coloured by comparison with %s (95%% CI)",
             mixed_sex_label(b, o->sex, other_sex), vs);
    break;
  }
  case HG_CHART_GAP:
    if (has_measures(a)) {
      hg_status gs = build_gap_measure(a, o, spec, b, ind, sex, err);
      if (gs != HG_OK)
        return gs;
      break;
    }
    /* otherwise a gap computed from an indicator file */
    /* FALLTHROUGH */
  case HG_CHART_TRENDS: {
    const char *area = default_area(a, ind, o);
    GPtrArray *v = g_ptr_array_new();
    for (guint i = 0; i < a->len; i++) {
      row *r = ROW(a, i);
      if (match(r, ind, sex) && !is_cat(r))
        g_ptr_array_add(v, r);
    }
    if (v->len > 1) /* an empty GPtrArray has NULL pdata */
      qsort(v->pdata, v->len, sizeof(gpointer), cmp_sortable);
    const char *codes[3] = {area, ENGLAND, LONDON};
    hg_role roles[3] = {HG_ROLE_AREA, HG_ROLE_ENGLAND, HG_ROLE_LONDON};
    size_t ns = 0;
    const char *aname = area;
    hg_chart_point *ps[3] = {0};
    size_t cnt[3] = {0};
    for (int s = 0; s < 3; s++) {
      if (s > 0 && strcmp(codes[s], area) == 0)
        continue;
      hg_chart_point *p = points(b, v->len);
      size_t n = 0;
      const char *nm = codes[s];
      for (guint i = 0; i < v->len; i++) {
        const row *r = v->pdata[i];
        if (strcmp(r->code, codes[s]) != 0)
          continue;
        point_from(&p[n], r, o);
        p[n].label = r->period;
        nm = r->name;
        n++;
      }
      ps[s] = p;
      cnt[s] = n;
      if (s == 0)
        aname = nm;
      if (n == 0 && s == 0) {
        g_ptr_array_free(v, TRUE);
        hg_error_set(err, o->input_name, 0, "area_code", "area '%s' has no rows for indicator '%s'",
                     area, ind);
        return HG_ERR_NOT_FOUND;
      }
      if (n > 0 && o->kind == HG_CHART_TRENDS)
        b->series[ns++] = (hg_chart_series){nm, roles[s], p, n};
    }
    g_ptr_array_free(v, TRUE);
    if (o->kind == HG_CHART_TRENDS) {
      snprintf(b->title, sizeof b->title, "%s: %s", iname, aname);
      snprintf(b->subtitle, sizeof b->subtitle,
               "%s, %s to %s; markers coloured by comparison with %s in each period", sexlabel,
               ps[0][0].label, ps[0][cnt[0] - 1].label, vs);
      spec->series = b->series;
      spec->nseries = ns;
      break;
    }
    /* gap: area minus England per period, from the data (no limits: the data do
     * not carry the covariance that limits would need) */
    hg_chart_point *g = points(b, cnt[0]);
    size_t n = 0;
    for (size_t i = 0; i < cnt[0]; i++) {
      const hg_chart_point *e = NULL;
      for (size_t k = 0; k < cnt[1]; k++)
        if (strcmp(ps[1][k].label, ps[0][i].label) == 0)
          e = &ps[1][k];
      g[n] = ps[0][i];
      g[n].value = e ? ps[0][i].value - e->value : NAN;
      g[n].lower = g[n].upper = NAN;
      n++;
    }
    b->series[0] = (hg_chart_series){"Gap to England", HG_ROLE_AREA, g, n};
    spec->series = b->series;
    spec->nseries = 1;
    snprintf(b->title, sizeof b->title, "%s: gap between %s and England", iname, aname);
    snprintf(b->subtitle, sizeof b->subtitle,
             "%s, %s to %s; gap = %s minus England; markers coloured by comparison with England",
             sexlabel, g[0].label, g[n - 1].label, aname);
    break;
  }
  default:
    break;
  }
  return HG_OK;
}

static hg_status build_inequality(GArray *a, const opts *o, hg_chart_spec *spec, build *b,
                                  hg_error *err);
static hg_status build_misc(GArray *a, const opts *o, hg_chart_spec *spec, build *b, hg_error *err);

/* ---- categories: inequalities and gradient ---- */

static double age_key(const char *s) {
  while (*s && !g_ascii_isdigit(*s))
    s++;
  return *s ? atof(s) : 1e9;
}

static int cmp_age(const void *x, const void *y) {
  const row *const *a = x, *const *b = y;
  double u = age_key((*a)->age), v = age_key((*b)->age);
  return u < v ? -1 : u > v;
}

/* Most deprived first.  Fingertips labels deciles and quintiles as "Most
 * deprived", "Second most", "Third more", ..., "Fifth less", ..., "Second least",
 * "Least deprived" (or "2nd more", "3rd less"): the ordinal counts from the most
 * deprived end for "most/more" and from the least deprived end for "less/least". */
static double dep_rank(const char *c) {
  static const char *ord[][2] = {
      {"second", "2nd"}, {"third", "3rd"}, {"fourth", "4th"}, {"fifth", "5th"}};
  char *l = g_ascii_strdown(c, -1);
  int k = 1;
  for (int i = 0; i < 4; i++)
    if (strstr(l, ord[i][0]) || strstr(l, ord[i][1]))
      k = i + 2;
  bool less = strstr(l, "less") || strstr(l, "least");
  bool more = strstr(l, "more") || strstr(l, "most");
  g_free(l);
  if (less)
    return 100 - k;
  if (more)
    return k;
  return 50;
}

static int cmp_dep(const void *x, const void *y) {
  const row *const *a = x, *const *b = y;
  double u = dep_rank((*a)->cat), v = dep_rank((*b)->cat);
  if (u != v)
    return u < v ? -1 : 1;
  /* numbered groups in numeric order ("Decile 2" before "Decile 10") */
  u = age_key((*a)->cat);
  v = age_key((*b)->cat);
  if (u != v)
    return u < v ? -1 : 1;
  return strcmp((*a)->cat, (*b)->cat);
}

static hg_status build_inequality(GArray *a, const opts *o, hg_chart_spec *spec, build *b,
                                  hg_error *err) {
  const char *ind = o->indicator ? o->indicator : first_indicator(a);
  const char *sex = pick_sex(a, ind, o->sex);
  const char *area = o->area ? o->area : ENGLAND;
  const char *unit;
  const char *iname = indicator_name(a, ind, o, &unit);
  /* category type: asked, else the first with a "deprivation" flavour for the
   * gradient, else the first seen */
  const char *ctype = o->category_type, *period = NULL;
  double bk = -INFINITY;
  for (guint i = 0; i < a->len; i++) {
    const row *r = ROW(a, i);
    if (!match(r, ind, sex) || !is_cat(r) || strcmp(r->code, area) != 0)
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
    hg_error_set(err, o->input_name, 0, "category_type",
                 "no category rows for indicator '%s' in area '%s'", ind, area);
    return HG_ERR_NOT_FOUND;
  }
  GPtrArray *v = g_ptr_array_new();
  const row *overall = NULL;
  for (guint i = 0; i < a->len; i++) {
    row *r = ROW(a, i);
    if (!match(r, ind, sex) || strcmp(r->code, area) != 0 || strcmp(r->period, period) != 0)
      continue;
    if (is_cat(r) && strcmp(r->ctype, ctype) == 0)
      g_ptr_array_add(v, r);
    else if (!is_cat(r))
      overall = r;
  }
  bool dep = strstr(ctype, "depriv") != NULL || strstr(ctype, "IMD") != NULL;
  if (dep)
    if (v->len > 1) /* an empty GPtrArray has NULL pdata */
      qsort(v->pdata, v->len, sizeof(gpointer), cmp_dep);
  hg_chart_point *p = points(b, v->len);
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
  size_t vs_england = 0; /* categories coloured by the file's own comparison */
  for (guint i = 0; i < v->len; i++) {
    const row *r = v->pdata[i];
    point_from(&p[i], r, o);
    p[i].label = r->cat;
    p[i].role = HG_ROLE_AREA;
    /* relative rank: cumulative population midpoint (equal shares without
     * denominators), most deprived = 0 */
    double share = weights && totden > 0 ? r->denom / totden : 1.0 / v->len;
    p[i].x = cum + share / 2;
    p[i].weight = weights && totden > 0 ? share : NAN;
    cum += share;
    if (overall && p[i].sig == HG_CHART_SIG_NONE)
      p[i].sig = against_overall(r, overall);
    else if (p[i].sig != HG_CHART_SIG_NONE)
      vs_england++;
  }
  b->series[0] = (hg_chart_series){ctype, HG_ROLE_AREA, p, v->len};
  spec->series = b->series;
  spec->nseries = 1;
  const char *aname = overall ? overall->name : v->len ? ((row *)v->pdata[0])->name : area;
  snprintf(b->title, sizeof b->title, "%s: %s", iname, aname);
  if (overall && isfinite(overall->value)) {
    char *l = g_strdup_printf("Overall %.1f", overall->value);
    b->refs[0] = (hg_chart_refline){keep(b, l), overall->value, HG_ROLE_ENGLAND};
    spec->refs = b->refs;
    spec->nrefs = o->kind == HG_CHART_INEQUALITIES ? 1 : 0;
  }
  if (o->kind == HG_CHART_GRADIENT && o->fit_data) {
    /* the published SII and RII (results/inequalities.csv) for this breakdown */
    GArray *f = o->fit_data->rows;
    for (guint i = 0; i < f->len; i++) {
      const row *r = ROW(f, i);
      if (strcmp(r->ind, ind) || strcmp(r->code, area) || strcmp(r->period, period) ||
          (sex && strcmp(r->sex, sex)))
        continue;
      if (strcmp(r->measure, "sii") == 0 && isfinite(r->value) && isfinite(r->gvalue)) {
        spec->fit.present = 1;
        spec->fit.slope = r->value;
        spec->fit.intercept = r->gvalue; /* group_value = fitted value at rank 0 */
        spec->fit.slope_lower = r->lo;
        spec->fit.slope_upper = r->hi;
      } else if (strcmp(r->measure, "rii") == 0) {
        spec->fit.rii = r->value;
        spec->fit.rii_lower = r->lo;
        spec->fit.rii_upper = r->hi;
      }
    }
  }
  char *ct = g_strdup(ctype);
  g_strdelimit(ct, "\"", ' ');
  keep(b, ct);
  snprintf(b->subtitle, sizeof b->subtitle, "%s, %s, by %s%s", period,
           sex && *sex ? sex : "Persons", g_strstrip(ct),
           o->kind != HG_CHART_INEQUALITIES ? "; slope index of inequality"
           : vs_england ? "; bars coloured as the publisher compared each with England"
                        : "; bars coloured lower/similar/higher than the overall value (95% CI)");
  spec->x_label = o->kind == HG_CHART_GRADIENT ? "Relative rank (0 = most deprived)" : unit;
  spec->y_label = o->kind == HG_CHART_GRADIENT ? unit : NULL;
  (void)dep;
  g_ptr_array_free(v, TRUE);
  return HG_OK;
}

/* ---- box plots, pyramid, scatter ---- */

static hg_status build_misc(GArray *a, const opts *o, hg_chart_spec *spec, build *b,
                            hg_error *err) {
  const char *ind = o->indicator ? o->indicator : first_indicator(a);
  const char *sex = pick_sex(a, ind, o->sex);
  const char *unit;
  const char *iname = indicator_name(a, ind, o, &unit);
  spec->y_label = unit;
  snprintf(b->title, sizeof b->title, "%s", iname);
  if (o->kind == HG_CHART_BOXPLOT) {
    GPtrArray *v = g_ptr_array_new();
    for (guint i = 0; i < a->len; i++)
      if (match(ROW(a, i), ind, sex) && child_area(ROW(a, i), o))
        g_ptr_array_add(v, ROW(a, i));
    if (v->len > 1) /* an empty GPtrArray has NULL pdata */
      qsort(v->pdata, v->len, sizeof(gpointer), cmp_sortable);
    hg_chart_point *p = points(b, v->len);
    size_t n = 0, areas = 0;
    double *vals = g_new(double, v->len + 1);
    for (guint i = 0; i < v->len;) {
      guint j = i;
      size_t nv = 0;
      while (j < v->len &&
             strcmp(((row *)v->pdata[j])->period, ((row *)v->pdata[i])->period) == 0) {
        if (isfinite(((row *)v->pdata[j])->value))
          vals[nv++] = ((row *)v->pdata[j])->value;
        j++;
      }
      qsort(vals, nv, sizeof *vals, cmp_double);
      p[n].label = ((row *)v->pdata[i])->period;
      double qs[5] = {0.05, 0.25, 0.5, 0.75, 0.95};
      for (int q = 0; q < 5 && nv >= 4; q++)
        p[n].stats[q] = hg_percentile_inc(vals, nv, qs[q]);
      if (nv > areas)
        areas = nv;
      n++;
      i = j;
    }
    g_free(vals);
    g_ptr_array_free(v, TRUE);
    if (n == 0) {
      hg_error_set(err, o->input_name, 0, NULL, "no area rows for indicator '%s'", ind);
      return HG_ERR_NOT_FOUND;
    }
    b->series[0] = (hg_chart_series){iname, HG_ROLE_AREA, p, n};
    spec->series = b->series;
    spec->nseries = 1;
    snprintf(b->subtitle, sizeof b->subtitle,
             "%s, %s to %s; distribution over %zu areas%s%s (P5, P25, median, P75, P95)",
             sex && *sex ? sex : "Persons", p[0].label, p[n - 1].label, areas,
             o->area_prefix ? " with codes " : "", o->area_prefix ? o->area_prefix : "");
    return HG_OK;
  }
  if (o->kind == HG_CHART_PYRAMID) {
    const char *area = o->area ? o->area : default_area(a, ind, o);
    static const char *sexes[2] = {"Male", "Female"};
    size_t ns = 0;
    const char *aname = area;
    for (int cmp = 0; cmp < 2; cmp++) {
      const char *code = cmp == 0 ? area : ENGLAND;
      if (cmp == 1 && strcmp(area, ENGLAND) == 0)
        break;
      /* percentages of the whole population (both sexes) per band */
      double total = 0;
      for (guint i = 0; i < a->len; i++) {
        const row *r = ROW(a, i);
        if (strcmp(r->ind, ind) == 0 && strcmp(r->code, code) == 0 && isfinite(r->value) &&
            (strcmp(r->sex, "Male") == 0 || strcmp(r->sex, "Female") == 0))
          total += r->value;
      }
      for (int s = 0; s < 2; s++) {
        GPtrArray *v = g_ptr_array_new();
        for (guint i = 0; i < a->len; i++) {
          row *r = ROW(a, i);
          if (strcmp(r->ind, ind) == 0 && strcmp(r->code, code) == 0 &&
              strcmp(r->sex, sexes[s]) == 0)
            g_ptr_array_add(v, r);
        }
        if (v->len > 1) /* an empty GPtrArray has NULL pdata */
          qsort(v->pdata, v->len, sizeof(gpointer), cmp_age);
        if (v->len == 0) {
          g_ptr_array_free(v, TRUE);
          continue;
        }
        hg_chart_point *p = points(b, v->len);
        for (guint i = 0; i < v->len; i++) {
          const row *r = v->pdata[i];
          p[i].label = r->age;
          p[i].value = total > 0 ? r->value / total * 100 : NAN;
          if (cmp == 0)
            aname = r->name;
        }
        char *nm = g_strdup_printf(cmp == 0 ? "%s" : "England %s", sexes[s]);
        b->series[ns++] =
            (hg_chart_series){keep(b, nm), cmp == 0 ? HG_ROLE_AREA : HG_ROLE_ENGLAND, p, v->len};
        g_ptr_array_free(v, TRUE);
      }
    }
    if (ns == 0) {
      hg_error_set(err, o->input_name, 0, "sex", "no Male/Female age-band rows for area '%s'",
                   area);
      return HG_ERR_NOT_FOUND;
    }
    spec->series = b->series;
    spec->nseries = ns;
    spec->x_label = "% of total population";
    snprintf(b->title, sizeof b->title, "Population: %s", aname);
    const char *per = pick_period(a, ind, NULL, o->period, NULL);
    snprintf(b->subtitle, sizeof b->subtitle,
             "%s; per cent of the total population in each "
             "age band%s",
             per ? per : "", ns > 2 ? ", England as lines" : "");
    return HG_OK;
  }
  /* scatter: y = --indicator, x = --x-indicator, joined by area code */
  const char *xi = o->x_indicator;
  if (!xi) {
    for (guint i = 0; i < a->len && !xi; i++)
      if (strcmp(ROW(a, i)->ind, ind) != 0)
        xi = ROW(a, i)->ind;
    if (!xi) {
      hg_error_set(err, o->input_name, 0, "indicator_id", "scatter needs two indicators");
      return HG_ERR_NOT_FOUND;
    }
  }
  const char *xsex = pick_sex(a, xi, o->sex);
  const char *py = pick_period(a, ind, sex, o->period, NULL);
  const char *px = pick_period(a, xi, xsex, o->period, NULL);
  if (!py || !px) {
    hg_error_set(err, o->input_name, 0, "indicator_id", "no rows for indicator '%s'",
                 py ? xi : ind);
    return HG_ERR_NOT_FOUND;
  }
  GPtrArray *vy = select_rows(a, ind, sex, py, false), *vx = select_rows(a, xi, xsex, px, false);
  hg_chart_point *p = points(b, vy->len);
  size_t n = 0;
  const char *xname = xi;
  for (guint i = 0; i < vx->len; i++)
    xname = ((row *)vx->pdata[i])->ind_name;
  for (guint i = 0; i < vy->len; i++) {
    const row *r = vy->pdata[i];
    if (!child_area(r, o))
      continue;
    const row *x = find_area(vx, r->code);
    point_from(&p[n], r, o);
    p[n].x = x ? x->value : NAN;
    n++;
  }
  g_ptr_array_free(vy, TRUE);
  g_ptr_array_free(vx, TRUE);
  b->series[0] = (hg_chart_series){iname, HG_ROLE_AREA, p, n};
  spec->series = b->series;
  spec->nseries = 1;
  spec->highlight = o->area;
  spec->x_label = keep(b, g_strdup_printf("%s (%s)", xname, px));
  spec->y_label = keep(b, g_strdup_printf("%s (%s)", iname, py));
  size_t both = 0;
  for (size_t i = 0; i < n; i++)
    both += isfinite(p[i].x) && isfinite(p[i].value);
  snprintf(b->title, sizeof b->title, "Compare indicators: %zu areas", both);
  snprintf(b->subtitle, sizeof b->subtitle, "%s; one point per area, least-squares line",
           sex && *sex ? sex : "Persons");
  return HG_OK;
}

/* ---- public API ---- */

hg_status hg_chart_data_read(const char *path, hg_chart_data **out, hg_error *err) {
  if (!path || !out)
    return HG_ERR_RANGE;
  *out = NULL;
  hg_table *t = NULL;
  GArray *rows = NULL;
  hg_status st = read_rows(path, &t, &rows, err);
  if (st != HG_OK)
    return st;
  hg_chart_data *d = g_new0(hg_chart_data, 1);
  d->t = t;
  d->rows = rows;
  d->name = g_strdup(path);
  *out = d;
  return HG_OK;
}

static const char *text_or_empty(const char *s) {
  return s ? s : "";
}

hg_status hg_chart_data_from_rows(const char *name, const hg_chart_row *rows, size_t n,
                                  hg_chart_data **out) {
  if (!name || (!rows && n) || !out)
    return HG_ERR_RANGE;
  GArray *a = g_array_sized_new(FALSE, TRUE, sizeof(row), (guint)n);
  for (size_t i = 0; i < n; i++) {
    const hg_chart_row *x = &rows[i];
#define S_(p) text_or_empty(x->p)
    row w = {.ind = S_(indicator_id),
             .ind_name = S_(indicator_name),
             .code = S_(area_code),
             .name = S_(area_name),
             .atype = S_(area_type),
             .period = S_(period),
             .sex = S_(sex),
             .age = S_(age),
             .ctype = S_(category_type),
             .cat = S_(category),
             .sig_eng = S_(compared_to_england),
             .sig_lon = S_(compared_to_london),
             .trend = S_(recent_trend),
             .unit = S_(unit),
             .measure = S_(measure),
             .gap_trend = S_(gap_trend),
             .sortable = x->period_sortable,
             .value = x->value,
             .lo = x->lower95,
             .hi = x->upper95,
             .lo998 = x->lower998,
             .hi998 = x->upper998,
             .count = x->count,
             .denom = x->denominator,
             .gvalue = x->group_value};
#undef S_
    finish_row(&w);
    g_array_append_val(a, w);
  }
  hg_chart_data *d = g_new0(hg_chart_data, 1);
  d->rows = a;
  d->name = g_strdup(name);
  *out = d;
  return HG_OK;
}

void hg_chart_data_free(hg_chart_data *d) {
  if (!d)
    return;
  g_array_free(d->rows, TRUE);
  hg_table_free(d->t);
  g_free(d->name);
  g_free(d);
}

struct hg_chart_built {
  build b;
  hg_chart_spec spec;
};

void hg_chart_built_free(hg_chart_built *cb) {
  if (!cb)
    return;
  g_ptr_array_free(cb->b.strings, TRUE);
  g_ptr_array_free(cb->b.blocks, TRUE);
  g_free(cb);
}

const hg_chart_spec *hg_chart_built_spec(const hg_chart_built *cb) {
  return cb ? &cb->spec : NULL;
}

hg_status hg_chart_build(const hg_chart_data *d, const hg_chart_request *req_in,
                         hg_chart_built **out, hg_error *err) {
  if (!d || !req_in || !out || (unsigned)req_in->kind >= HG_CHART_KIND_COUNT)
    return HG_ERR_RANGE;
  *out = NULL;
  if (req_in->kind == HG_CHART_MAP && !req_in->geo) {
    hg_error_set(err, d->name, 0, NULL, "a map needs boundaries");
    return HG_ERR_INVALID;
  }
  hg_chart_request req = *req_in;
  req.input_name = d->name;
  const opts *o = &req;
  hg_chart_built *cb = g_new0(hg_chart_built, 1);
  build *b = &cb->b;
  b->strings = g_ptr_array_new_with_free_func(g_free);
  b->blocks = g_ptr_array_new_with_free_func(g_free);
  hg_chart_spec *spec = &cb->spec;
  hg_chart_spec_init(spec, o->kind);
  hg_status st;
  char *base = g_path_get_basename(d->name);
  snprintf(b->source, sizeof b->source, "Source: %s (%s). Open Government Licence v3.0.",
           o->source ? o->source : "OHID Fingertips", base);
  g_free(base);
  if (o->kind == HG_CHART_INEQUALITIES || o->kind == HG_CHART_GRADIENT) {
    spec->polarity = o->polarity;
    spec->source = b->source;
    st = build_inequality(d->rows, o, spec, b, err);
  } else if (o->kind == HG_CHART_BOXPLOT || o->kind == HG_CHART_PYRAMID ||
             o->kind == HG_CHART_SCATTER) {
    spec->source = b->source;
    st = build_misc(d->rows, o, spec, b, err);
  } else {
    st = build_spec(d->rows, o, spec, b, o->geo, err);
  }
  if (st != HG_OK) {
    hg_chart_built_free(cb);
    return st;
  }
  spec->title = b->title;
  spec->subtitle = b->subtitle;
  *out = cb;
  return HG_OK;
}
