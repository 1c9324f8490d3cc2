/* render/chart_data.c: chart specs from a table of rows (healthgap/chart_data.h):
 * the rows read from a CSV or given from memory, the selection helpers every
 * chart family uses (render/spec.h), and hg_chart_build, which picks the
 * indicator, sex and period and hands over to the family's file (spec_*.c).
 *
 * Reads one CSV whole (hg_table): a results file (results/indicators.csv or
 * results/inequalities.csv), a Fingertips export, a tidy indicator CSV or a
 * similar long file, recognised by its column names (aliases below); or takes
 * the same rows from memory (hg_chart_data_from_rows: the run's results).
 * Rows are normalised here (finish_row, for both); no cairo in any of these
 * files: this is data shaping for `healthgap chart`, the benchmark and the
 * packs.
 */
#include <glib.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "healthgap/chart_data.h"
#include "healthgap/ingest.h"
#include "healthgap/mapped.h"
#include "healthgap/table.h"
#include "render/series.h"
#include "render/spec.h"

/* ---- reading ---- */

/* The column named by one of names, else the one whose header any input
 * layout writes for names[0] (hg_column_canonical: "Area code", "AreaCode",
 * "Lower confidence limit 95%" ...). */
static long col(const hg_table *t, const char *const *names) {
  for (const char *const *n = names; *n; n++) {
    long c = hg_table_col(t, *n);
    if (c >= 0)
      return c;
  }
  for (size_t j = 0; j < hg_table_ncols(t); j++) {
    const char *canon = hg_column_canonical(hg_table_colname(t, j));
    if (canon && !strcmp(canon, names[0]))
      return (long)j;
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

/* A name without the spreadsheet numbering a publisher put before it
 * ("11. HIV late diagnosis" -> "HIV late diagnosis"): the number is the row
 * of the publisher's list, not part of the indicator's name. */
static const char *strip_numbering(const char *s) {
  const char *p = s;
  while (g_ascii_isdigit(*p))
    p++;
  if (p == s || (*p != '.' && *p != ')') || p[1] != ' ')
    return s;
  p++;
  while (*p == ' ')
    p++;
  return *p ? p : s;
}

/* Defaults of a row read or given: the order key from the period's leading
 * year, the id for a missing indicator name, a name for a bare area code. */
static void finish_row(row *w) {
  if (!isfinite(w->sortable))
    w->sortable = period_key(w->period);
  w->ind_name = strip_numbering(w->ind_name);
  if (!*w->ind_name)
    w->ind_name = w->ind;
  if (!*w->name) /* results/inequalities.csv carries codes only */
    w->name = strcmp(w->code, ENGLAND) == 0  ? "England"
              : strcmp(w->code, LONDON) == 0 ? "London region"
                                             : w->code;
}

/* A column of the rows: its names in the files (the first present wins) and
 * where its cell goes in a row. */
typedef struct colspec {
  const char *names[5];
  size_t off;
} colspec;

/* the text columns that reading treats specially */
enum { C_IND, C_INAME, C_CODE, C_NAME, C_ATYPE, C_PERIOD, C_SEX, C_AGE, C_CTYPE, C_CAT, C_SIG_LON };

#define TEXT(f) offsetof(row, f)
static const colspec text_cols[] = {
    [C_IND] = {{"indicator_id", "Indicator ID", "IndicatorId", "indicator"}, TEXT(ind)},
    [C_INAME] = {{"indicator_name", "Indicator Name", "indicator"}, TEXT(ind_name)},
    [C_CODE] = {{"area_code", "Area Code", "AreaCode"}, TEXT(code)},
    [C_NAME] = {{"area_name", "Area Name", "AreaName"}, TEXT(name)},
    [C_ATYPE] = {{"area_type", "Area Type"}, TEXT(atype)},
    [C_PERIOD] = {{"period", "Time period", "Year"}, TEXT(period)},
    [C_SEX] = {{"sex", "Sex", "inequality"}, TEXT(sex)},
    [C_AGE] = {{"age", "Age", "age_band"}, TEXT(age)},
    [C_CTYPE] = {{"category_type", "Category Type", "breakdown_type"}, TEXT(ctype)},
    [C_CAT] = {{"category", "group"}, TEXT(cat)},
    [C_SIG_LON] = {{"compared_to_london", "Compared to parent value or percentiles",
                    "Compared to Region value or percentiles"},
                   TEXT(sig_lon)},
    {{"compared_to_england", "Compared to England value or percentiles", "significance"},
     TEXT(sig_eng)},
    {{"recent_trend", "Recent Trend", "Trend"}, TEXT(trend)},
    {{"unit"}, TEXT(unit)},
    {{"measure"}, TEXT(measure)},
    {{"gap_trend"}, TEXT(gap_trend)},
    {{"component"}, TEXT(component)},
    {{"reference_group"}, TEXT(ref)},
};
/* in the order their cells are checked (the first bad one is reported) */
static const colspec num_cols[] = {
    {{"value", "Value"}, TEXT(value)},
    {{"lower_ci95", "Lower CI 95.0 limit", "LowerCI"}, TEXT(lo)},
    {{"upper_ci95", "Upper CI 95.0 limit", "UpperCI"}, TEXT(hi)},
    {{"lower_ci998", "Lower CI 99.8 limit"}, TEXT(lo998)},
    {{"upper_ci998", "Upper CI 99.8 limit"}, TEXT(hi998)},
    {{"count", "Count"}, TEXT(count)},
    {{"denominator", "Denominator"}, TEXT(denom)},
    {{"period_sortable", "Time period Sortable"}, TEXT(sortable)},
    {{"group_value"}, TEXT(gvalue)},
};
#undef TEXT
#define NTEXT G_N_ELEMENTS(text_cols)
#define NNUM G_N_ELEMENTS(num_cols)

/* The column of every field (-1 when absent); HG_ERR_FORMAT when the file has
 * neither area codes nor indicators, or no values. */
static hg_status find_columns(const hg_table *t, const char *path, long tc[NTEXT], long nc[NNUM],
                              hg_error *err) {
  for (size_t k = 0; k < NTEXT; k++)
    tc[k] = col(t, text_cols[k].names);
  for (size_t k = 0; k < NNUM; k++)
    nc[k] = col(t, num_cols[k].names);
  /* The FingertipsNext extract swaps CategoryType and Category
   * (docs/inequalities.md): there the type is in "Category". */
  if (hg_table_col(t, "IndicatorId") >= 0) {
    tc[C_CTYPE] = hg_table_col(t, "Category");
    tc[C_CAT] = hg_table_col(t, "CategoryType");
  }
  if (tc[C_SIG_LON] < 0) /* a Fingertips export names the parent column variously: position 22 */
    for (size_t j = 0; j < hg_table_ncols(t); j++) {
      const char *h = hg_table_colname(t, j);
      if (g_str_has_prefix(h, "Compared to ") && !strstr(h, "England") && !strstr(h, "goal"))
        tc[C_SIG_LON] = (long)j;
    }
  if (tc[C_CODE] < 0 && tc[C_IND] < 0) {
    hg_error_set(err, path, 1, "area_code", "no area code or indicator column in the header");
    return HG_ERR_FORMAT;
  }
  if (nc[0] < 0) { /* value */
    hg_error_set(err, path, 1, "value", "no value column in the header");
    return HG_ERR_FORMAT;
  }
  return HG_OK;
}

/* Which family the header is from: fingertipsR's frame is told by names
 * without spaces (IndicatorID), as the ingest reader tells it. */
enum { FT_NONE, FT_EXPORT, FT_R_FRAME };

/* Row r of t into w: texts ("" when absent), numbers (NAN when absent, empty
 * or "NA"); the defaults are finish_row's. */
static hg_status read_row(const hg_table *t, size_t r, const long tc[NTEXT], const long nc[NNUM],
                          int fingertips, row *w, hg_error *err) {
  for (size_t k = 0; k < NTEXT; k++) {
    const char *text = cell(t, r, tc[k]);
    /* fingertipsR's frame writes NA for every missing text (CategoryType "NA"
     * is no breakdown), as the ingest reader reads it */
    if (fingertips == FT_R_FRAME && !strcmp(text, "NA"))
      text = "";
    *(const char **)((char *)w + text_cols[k].off) = text;
  }
  for (size_t k = 0; k < NNUM; k++) {
    double *dst = (double *)((char *)w + num_cols[k].off);
    *dst = NAN;
    if (nc[k] < 0)
      continue;
    if (strcmp(hg_table_cell(t, r, (size_t)nc[k]), "NA") == 0)
      continue; /* R's missing marker, as in the trafford_themes extracts */
    const char *text = hg_table_cell(t, r, (size_t)nc[k]);
    if (fingertips && hg_fingertips_number(text, strlen(text), dst))
      continue; /* "1,480", "-": as the ingest reader reads a Fingertips export */
    hg_status st = hg_table_number(t, r, (size_t)nc[k], dst, err);
    if (st != HG_OK)
      return st;
  }
  return HG_OK;
}

static int file_kind(const hg_table *t, const long tc[NTEXT]) {
  if (tc[C_IND] < 0 || !strcmp(hg_table_colname(t, (size_t)tc[C_IND]), "indicator_id"))
    return FT_NONE;
  for (size_t j = 0; j < hg_table_ncols(t); j++)
    if (strchr(hg_table_colname(t, j), ' '))
      return FT_EXPORT;
  return FT_R_FRAME;
}

static hg_status read_rows(const char *path, hg_table **tout, GArray **out, hg_error *err) {
  hg_table *t = NULL;
  hg_status st = hg_table_read(path, NULL, &t, err);
  if (st != HG_OK)
    return st;
  long tc[NTEXT], nc[NNUM];
  st = find_columns(t, path, tc, nc, err);
  if (st != HG_OK) {
    hg_table_free(t);
    return st;
  }
  GArray *a = g_array_sized_new(FALSE, TRUE, sizeof(row), (guint)hg_table_nrows(t));
  int fingertips = file_kind(t, tc);
  for (size_t r = 0; r < hg_table_nrows(t); r++) {
    row w;
    st = read_row(t, r, tc, nc, fingertips, &w, err);
    if (st != HG_OK) {
      g_array_free(a, TRUE);
      hg_table_free(t);
      return st;
    }
    finish_row(&w);
    g_array_append_val(a, w);
  }
  *tout = t;
  *out = a;
  return HG_OK;
}

/* ---- selection helpers ---- */

bool spec_is_cat(const row *r) {
  return r->ctype[0] || r->cat[0];
}

bool spec_is_region(const char *code) {
  return g_str_has_prefix(code, "E92") || g_str_has_prefix(code, "E12");
}

bool spec_child_area(const row *r, const opts *o) {
  if (spec_is_region(r->code) || spec_is_cat(r))
    return false;
  if (o->area_type && g_ascii_strcasecmp(r->atype, o->area_type) != 0)
    return false;
  return !o->area_prefix || g_str_has_prefix(r->code, o->area_prefix);
}

const char *spec_first_indicator(GArray *a) {
  return a->len ? ROW(a, 0)->ind : "";
}

/* The sex to use: asked, else Persons if present, else the first seen. */
const char *spec_pick_sex(GArray *a, const char *ind, const char *want) {
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

bool spec_match(const row *r, const char *ind, const char *sex) {
  return strcmp(r->ind, ind) == 0 && (!sex || strcmp(r->sex, sex) == 0);
}

/* A period of an indicator: its sortable key and how many headline rows
 * (no category) each kind of area has in it.  The kind is the code's GSS
 * entity (E09 London boroughs, E02 MSOAs, E92 England...), not the
 * area_type text, which two inputs may spell differently (LAD, Borough)
 * for the same areas. */
typedef struct {
  const char *period;
  double key;
  GHashTable *by_type; /* area_kind -> count (GUINT_TO_POINTER) */
} period_cover;

static void period_cover_free(gpointer p) {
  period_cover *c = p;
  g_hash_table_destroy(c->by_type);
  g_free(c);
}

/* Latest first; equal keys by their text, so that the pick does not depend
 * on the order the hash table walks in. */
static gint cover_cmp(gconstpointer x, gconstpointer y) {
  const period_cover *a = *(period_cover *const *)x, *b = *(period_cover *const *)y;
  if (a->key != b->key)
    return a->key > b->key ? -1 : 1;
  return -strcmp(a->period, b->period);
}

/* 1 when every kind of area in c has at least half the rows it has in its
 * best-covered period (most[type]). */
static int well_covered(const period_cover *c, GHashTable *most) {
  GHashTableIter it;
  gpointer t, n;
  g_hash_table_iter_init(&it, c->by_type);
  while (g_hash_table_iter_next(&it, &t, &n))
    if (2 * GPOINTER_TO_UINT(n) < GPOINTER_TO_UINT(g_hash_table_lookup(most, t)))
      return 0;
  return 1;
}

/* The first three bytes of a code as a non-zero hash key. */
static gpointer area_kind(const char *code) {
  guint k = 1;
  for (int i = 0; i < 3 && code[i]; i++)
    k = k << 8 | (guchar)code[i];
  return GUINT_TO_POINTER(k);
}

/* Counts the headline rows of ind (and sex) per period and area type. */
static GPtrArray *period_covers(GArray *a, const char *ind, const char *sex, GHashTable *most) {
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  GPtrArray *covers = g_ptr_array_new_with_free_func(period_cover_free);
  for (guint i = 0; i < a->len; i++) {
    const row *r = ROW(a, i);
    if (!spec_match(r, ind, sex))
      continue;
    period_cover *c = g_hash_table_lookup(seen, r->period);
    if (!c) {
      c = g_new0(period_cover, 1);
      c->period = r->period;
      c->key = r->sortable;
      c->by_type = g_hash_table_new(g_direct_hash, g_direct_equal);
      g_hash_table_insert(seen, (gpointer)r->period, c);
      g_ptr_array_add(covers, c);
    }
    if (*r->ctype)
      continue;
    gpointer kind = area_kind(r->code);
    guint n = GPOINTER_TO_UINT(g_hash_table_lookup(c->by_type, kind)) + 1;
    g_hash_table_insert(c->by_type, kind, GUINT_TO_POINTER(n));
    if (n > GPOINTER_TO_UINT(g_hash_table_lookup(most, kind)))
      g_hash_table_insert(most, kind, GUINT_TO_POINTER(n));
  }
  g_hash_table_destroy(seen);
  g_ptr_array_sort(covers, cover_cmp);
  return covers;
}

/* The asked period, else the latest period in which every kind of area (GSS entity) has at
 * least half the rows of its best-covered period.  "Latest" alone let a year
 * that a few areas had published (2023 for 8 of London's 33 boroughs) become
 * every borough's map and bar chart, drawing 25 boroughs as "no data" while
 * 2021 had all 33.  Kinds of area are counted apart, so that small areas
 * published for early years only do not hold the boroughs' latest back. */
const char *spec_pick_period(GArray *a, const char *ind, const char *sex, const char *want,
                             double *key) {
  const char *best = NULL;
  double bk = -INFINITY;
  if (want) {
    for (guint i = 0; i < a->len && !best; i++) {
      const row *r = ROW(a, i);
      if (spec_match(r, ind, sex) && strcmp(r->period, want) == 0)
        best = r->period, bk = r->sortable;
    }
  } else {
    GHashTable *most = g_hash_table_new(g_direct_hash, g_direct_equal);
    GPtrArray *covers = period_covers(a, ind, sex, most);
    for (guint i = 0; i < covers->len && !best; i++) {
      const period_cover *c = covers->pdata[i];
      if (well_covered(c, most) || i + 1 == covers->len)
        best = c->period, bk = c->key;
    }
    g_ptr_array_free(covers, TRUE);
    g_hash_table_destroy(most);
  }
  if (key)
    *key = bk;
  return best;
}

int spec_cmp_sortable(const void *x, const void *y) {
  const row *const *a = x, *const *b = y;
  double u = (*a)->sortable, v = (*b)->sortable;
  if (u != v)
    return u < v ? -1 : 1;
  return strcmp((*a)->period, (*b)->period);
}

int spec_cmp_name(const void *x, const void *y) {
  const row *const *a = x, *const *b = y;
  return strcmp((*a)->name, (*b)->name);
}

const row *spec_find_area(GPtrArray *v, const char *code) {
  for (guint i = 0; i < v->len; i++)
    if (strcmp(((row *)v->pdata[i])->code, code) == 0)
      return v->pdata[i];
  return NULL;
}

void spec_point_from(hg_chart_point *p, const row *r, const opts *o) {
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
hg_chart_polarity spec_infer_polarity(GPtrArray *v, const opts *o) {
  if (o->polarity_set)
    return o->polarity;
  const row *e = spec_find_area(v, ENGLAND);
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

int spec_cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Rows of one indicator/sex/period without categories (and optionally only child
 * areas), as an array of pointers. */
GPtrArray *spec_select_rows(GArray *a, const char *ind, const char *sex, const char *period,
                            bool with_cat) {
  GPtrArray *v = g_ptr_array_new();
  for (guint i = 0; i < a->len; i++) {
    row *r = ROW(a, i);
    if (spec_match(r, ind, sex) && (!period || strcmp(r->period, period) == 0) &&
        spec_is_cat(r) == with_cat)
      g_ptr_array_add(v, r);
  }
  return v;
}

const char *spec_default_area(GArray *a, const char *ind, const opts *o) {
  if (o->area)
    return o->area;
  const char *best = NULL;
  for (guint i = 0; i < a->len; i++) {
    const row *r = ROW(a, i);
    if (strcmp(r->ind, ind) == 0 && spec_child_area(r, o) && (!best || strcmp(r->code, best) < 0))
      best = r->code;
  }
  return best ? best : ENGLAND;
}

/* Every indicator id of the file once, in order of first appearance (the rows
 * of the overview and the spine chart); free with g_ptr_array_free(, TRUE). */
GPtrArray *spec_indicator_ids(GArray *a) {
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
const char *spec_indicator_name(GArray *a, const char *ind, const opts *o, const char **unit) {
  *unit = o->unit;
  for (guint i = 0; i < a->len; i++)
    if (strcmp(ROW(a, i)->ind, ind) == 0) {
      if (!*unit && *ROW(a, i)->unit)
        *unit = ROW(a, i)->unit;
      return ROW(a, i)->ind_name;
    }
  return ind;
}

double spec_number_key(const char *s) {
  while (*s && !g_ascii_isdigit(*s))
    s++;
  return *s ? atof(s) : 1e9;
}

/* ---- storage of a build ---- */

const char *spec_keep(build *b, char *s) {
  g_ptr_array_add(b->strings, s);
  return s;
}

hg_chart_point *spec_points(build *b, size_t n) {
  hg_chart_point *p = g_new0(hg_chart_point, n ? n : 1);
  g_ptr_array_add(b->blocks, p);
  for (size_t i = 0; i < n; i++)
    hg_chart_point_init(&p[i]);
  return p;
}

/* The sex label of a chart of every indicator (overview, spine) without
 * --sex: each indicator shows Persons where it has them, else its first sex,
 * so the subtitle says so rather than naming the first indicator's sex. */
const char *spec_mixed_sex_label(build *b, const char *want, const char *other) {
  if (want)
    return want;
  if (!other)
    return "Persons";
  return spec_keep(b, g_strdup_printf("Persons (%s for indicators published by sex only)", other));
}

/* Units as indicator metadata writes them, and their axis titles. */
static const struct {
  const char *unit, *title, *delta;
} axis_titles[] = {
    {"%", "Per cent (%)", "Percentage points"},
    {"per cent", "Per cent (%)", "Percentage points"},
    {"percent", "Per cent (%)", "Percentage points"},
    {"years", "Years", "Years"},
    {"count", "Count", "Count"},
    {"ug/m3", "\xC2\xB5g/m\xC2\xB3", "\xC2\xB5g/m\xC2\xB3"},
    {"\xC2\xB5g/m3", "\xC2\xB5g/m\xC2\xB3", "\xC2\xB5g/m\xC2\xB3"},
    {"\xC2\xB5g/m\xC2\xB3", "\xC2\xB5g/m\xC2\xB3", "\xC2\xB5g/m\xC2\xB3"},
};

const char *spec_axis_title(build *b, const char *unit, bool delta) {
  if (!unit || !*unit)
    return NULL;
  for (size_t k = 0; k < G_N_ELEMENTS(axis_titles); k++)
    if (g_ascii_strcasecmp(unit, axis_titles[k].unit) == 0)
      return delta ? axis_titles[k].delta : axis_titles[k].title;
  if (g_ascii_strncasecmp(unit, "per ", 4) == 0) /* "per 100,000" -> "Per 100,000" */
    return spec_keep(b, g_strdup_printf("Per %s", unit + 4));
  return unit;
}

char *hg_chart_axis_title(const char *unit) {
  build b = {.strings = g_ptr_array_new_with_free_func(g_free)};
  const char *t = spec_axis_title(&b, unit, false);
  char *out = t ? g_strdup(t) : NULL;
  g_ptr_array_free(b.strings, TRUE);
  return out;
}

bool spec_any_compared(const hg_chart_series *s, size_t nseries) {
  for (size_t k = 0; k < nseries; k++)
    for (size_t i = 0; i < s[k].n; i++)
      if (s[k].pts[i].sig >= HG_CHART_SIG_BETTER && s[k].pts[i].sig <= HG_CHART_SIG_HIGHER)
        return true;
  return false;
}

bool spec_any_limits(const hg_chart_series *s, size_t nseries) {
  for (size_t k = 0; k < nseries; k++)
    for (size_t i = 0; i < s[k].n; i++)
      if (isfinite(s[k].pts[i].lower) && isfinite(s[k].pts[i].upper))
        return true;
  return false;
}

/* 1 when indicator ind (NULL: any) has rows of sex want. */
static bool has_sex(GArray *a, const char *ind, const char *want) {
  for (guint i = 0; i < a->len; i++)
    if ((!ind || strcmp(ROW(a, i)->ind, ind) == 0) && strcmp(ROW(a, i)->sex, want) == 0)
      return true;
  return false;
}

/* ---- dispatch ---- */

/* The indicator drawn (asked, else the file's first), its sex, name and unit:
 * every family starts from these. */
static void choose_indicator(spec_job *j) {
  j->ind = j->o->indicator ? j->o->indicator : spec_first_indicator(j->a);
  j->sex = spec_pick_sex(j->a, j->ind, j->o->sex);
  const char *unit;
  j->iname = spec_indicator_name(j->a, j->ind, j->o, &unit);
  /* --unit is the axis title as asked; the rows' unit is metadata's ("%") */
  j->unit_raw = j->o->unit ? NULL : unit;
  j->unit = j->o->unit ? j->o->unit : spec_axis_title(j->b, unit, false);
  /* a name with a line break in its cell (a real export has one) is one line */
  if (strpbrk(j->iname, "\r\n\t")) {
    char *n = g_strdup(j->iname);
    g_strdelimit(n, "\r\n\t", ' ');
    j->iname = spec_keep(j->b, g_strstrip(n));
  }
}

/* The charts of one indicator's areas and periods (compare, map, funnel,
 * overview, spine, trends, gap): the indicator must be in the file and, but for
 * the overview (every indicator), have a period to draw. */
static hg_status build_indicator_chart(spec_job *j) {
  const opts *o = j->o;
  hg_chart_spec *spec = j->spec;
  build *b = j->b;
  bool found = false;
  for (guint i = 0; i < j->a->len && !found; i++)
    found = strcmp(ROW(j->a, i)->ind, j->ind) == 0;
  if (!found) {
    hg_error_set(j->err, o->input_name, 0, "indicator_id", "indicator '%s' not in the file",
                 j->ind);
    return HG_ERR_NOT_FOUND;
  }
  hg_chart_spec_init(spec, o->kind);
  spec->polarity = o->polarity;
  spec->map_fill = o->fill;
  spec->y_label = j->unit;
  spec->x_label = NULL;
  spec->source = b->source;
  j->vs = o->compare_to && strcmp(o->compare_to, "london") == 0 ? "London" : "England";
  j->period = spec_pick_period(j->a, j->ind, j->sex, o->period, NULL);
  if (!j->period && o->kind != HG_CHART_OVERVIEW) {
    hg_error_set(j->err, o->input_name, 0, "period", "no rows for indicator '%s'%s%s", j->ind,
                 o->period ? " in period " : "", o->period ? o->period : "");
    return HG_ERR_NOT_FOUND;
  }
  snprintf(b->title, sizeof b->title, "%s", j->iname);
  switch (o->kind) {
  case HG_CHART_COMPARE:
  case HG_CHART_MAP:
  case HG_CHART_FUNNEL:
    return spec_build_areas(j);
  case HG_CHART_OVERVIEW:
    return spec_build_overview(j);
  case HG_CHART_SPINE:
    return spec_build_spine(j);
  case HG_CHART_GAP:
    /* a gap measure from results/inequalities.csv, else the gap to England
     * computed from an indicator file */
    return spec_has_measures(j->a) ? spec_build_gap_measure(j) : spec_build_over_time(j);
  case HG_CHART_TRENDS:
    return spec_build_over_time(j);
  default:
    return HG_OK;
  }
}

/* The age of indicator ind's area rows in rows where they have more than one
 * (so that the chart names the one it draws), else NULL. */
static const char *several_ages(GArray *rows, const char *ind, GArray *view) {
  const char *first = NULL;
  bool several = false;
  for (guint i = 0; i < rows->len && !several; i++) {
    const row *r = ROW(rows, i);
    if (strcmp(r->ind, ind) != 0 || spec_is_cat(r))
      continue;
    if (!first)
      first = r->age;
    else
      several = strcmp(first, r->age) != 0;
  }
  for (guint i = 0; several && i < view->len; i++) {
    const row *r = ROW(view, i);
    if (strcmp(r->ind, ind) == 0 && !spec_is_cat(r) && *r->age)
      return r->age;
  }
  return NULL;
}

/* The series a subtitle names: its sex and, where the data has several ages
 * of the indicator, the age drawn. */
static void name_series(spec_job *j, GArray *all) {
  const char *sex = j->sex && *j->sex ? j->sex : "Persons";
  j->age = several_ages(all, j->ind, j->a);
  j->sexlabel = j->age ? spec_keep(j->b, g_strdup_printf("%s, %s", sex, j->age)) : sex;
}

/* ---- public API ---- */

static void free_rows(gpointer a) {
  g_array_free(a, TRUE);
}

/* d->by_ind, built once with the data: the charts are built on one thread
 * after another, but the data may be shared, so it is never built lazily. */
static void index_rows(hg_chart_data *d) {
  d->by_ind = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, free_rows);
  GArray *last = NULL;
  const char *last_ind = NULL;
  for (guint i = 0; i < d->rows->len; i++) {
    const row *r = ROW(d->rows, i);
    if (!last_ind || strcmp(r->ind, last_ind) != 0) { /* rows come in runs of one indicator */
      last = g_hash_table_lookup(d->by_ind, r->ind);
      if (!last) {
        last = g_array_new(FALSE, FALSE, sizeof(row));
        g_hash_table_insert(d->by_ind, (gpointer)r->ind, last);
      }
      last_ind = r->ind;
    }
    g_array_append_vals(last, r, 1);
  }
}

/* The rows a chart starts from: those of its indicator (given, else the
 * file's first), through the index; every row for a chart of every indicator
 * or of two (scatter), for a pyramid (its ages are its axis), and when the
 * indicator has no rows (so that the messages are those of a whole scan). */
static GArray *chart_rows(const hg_chart_data *d, const hg_chart_request *req) {
  if (req->kind == HG_CHART_OVERVIEW || req->kind == HG_CHART_SPINE ||
      req->kind == HG_CHART_SCATTER || req->kind == HG_CHART_PYRAMID)
    return d->rows;
  const char *ind = req->indicator ? req->indicator : spec_first_indicator(d->rows);
  GArray *a = g_hash_table_lookup(d->by_ind, ind);
  return a ? a : d->rows;
}

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
  index_rows(d);
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
             .component = S_(component),
             .ref = S_(reference_group),
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
  index_rows(d);
  *out = d;
  return HG_OK;
}

void hg_chart_data_free(hg_chart_data *d) {
  if (!d)
    return;
  g_hash_table_destroy(d->by_ind);
  g_array_free(d->rows, TRUE);
  hg_table_free(d->t);
  g_free(d->name);
  g_free(d);
}

struct hg_chart_built {
  build b;
  hg_chart_spec spec;
  GArray *view;   /* the rows of one series (render/series.c) */
  size_t repeats; /* rows left out as repeats of a key */
};

size_t hg_chart_built_repeats(const hg_chart_built *cb) {
  return cb ? cb->repeats : 0;
}

void hg_chart_built_free(hg_chart_built *cb) {
  if (!cb)
    return;
  g_ptr_array_free(cb->b.strings, TRUE);
  g_ptr_array_free(cb->b.blocks, TRUE);
  if (cb->view)
    g_array_free(cb->view, TRUE);
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
  if (req_in->kind == HG_CHART_TRAJECTORY || req_in->kind == HG_CHART_TRACKER) {
    hg_error_set(err, d->name, 0, NULL,
                 "%s charts are drawn from a run's targets (its pack), not from a table",
                 hg_chart_kind_name(req_in->kind));
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
  char *base = g_path_get_basename(d->name);
  /* an empty licence: none known, none claimed */
  const char *lic = o->licence ? o->licence : "Open Government Licence v3.0";
  snprintf(b->source, sizeof b->source, "Source: %s (%s).%s%s%s",
           o->source ? o->source : "OHID Fingertips", base, *lic ? " " : "", lic,
           *lic && !g_str_has_suffix(lic, ".") ? "." : "");
  g_free(base);
  GArray *all = chart_rows(d, o);
  spec_job j = {.a = all, .o = o, .spec = spec, .b = b, .err = err};
  choose_indicator(&j);
  char *sex_note = NULL;
  /* a pack's configured sex: the headline where the indicator lacks it (in
   * a chart of every indicator, where none has it) */
  bool every = req.kind == HG_CHART_OVERVIEW || req.kind == HG_CHART_SPINE;
  if (req.headline && req.sex && !has_sex(all, every ? NULL : j.ind, req.sex)) {
    sex_note = g_strdup_printf("Sex: %s is not published for %s.", req.sex,
                               every ? "these indicators" : "this indicator");
    req.sex = NULL;
    choose_indicator(&j);
  }
  char *note = NULL;
  hg_status st = spec_one_series(all, j.ind, o, o->headline, &cb->view, &note, &cb->repeats, err);
  if (sex_note) {
    char *n = g_strjoin(" ", sex_note, note, NULL);
    g_free(note);
    g_free(sex_note);
    note = n;
  }
  if (st != HG_OK) {
    g_free(note);
    hg_chart_built_free(cb);
    return st;
  }
  j.a = cb->view;
  choose_indicator(&j);
  name_series(&j, all);
  switch (o->kind) {
  case HG_CHART_INEQUALITIES:
  case HG_CHART_GRADIENT:
    spec->polarity = o->polarity;
    spec->source = b->source;
    st = spec_build_categories(&j);
    break;
  case HG_CHART_BOXPLOT:
  case HG_CHART_PYRAMID:
  case HG_CHART_SCATTER:
    spec->source = b->source;
    spec->y_label = j.unit;
    snprintf(b->title, sizeof b->title, "%s", j.iname);
    st = o->kind == HG_CHART_BOXPLOT   ? spec_build_boxplot(&j)
         : o->kind == HG_CHART_PYRAMID ? spec_build_pyramid(&j)
                                       : spec_build_scatter(&j);
    break;
  default:
    st = build_indicator_chart(&j);
    break;
  }
  if (st != HG_OK) {
    g_free(note);
    hg_chart_built_free(cb);
    return st;
  }
  spec->title = b->title;
  spec->subtitle = b->subtitle;
  if (note) {
    /* which series the chart shows, where the file has several */
    spec->footnote =
        spec_keep(b, g_strdup_printf("%s%s%s", spec->footnote ? spec->footnote : "",
                                     spec->footnote && *spec->footnote ? " " : "", note));
    g_free(note);
  }
  *out = cb;
  return HG_OK;
}
