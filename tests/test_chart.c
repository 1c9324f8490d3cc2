/* test_chart.c: the chart library without golden images: ticks (labeling.R's
 * example), number format, labels, the SII fit against the published worked
 * example, structural counts and text overlap on real data, PDF pages and
 * determinism.  The GeoJSON reader is tested in test_boundaries.c. */
#include "hg_test.h"
#include "healthgap/pack.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdbool.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define TOBACCO "tests/data/charts/fingertips_tobacco_profile_london_2019.csv"
#define INEQ "tests/data/charts/england_inequalities_93763_93088.csv"
#define LA_SERIES "tests/data/benchmark/la_series_with_recent_trend_fingertips.csv"
#define BOROUGHS "tests/data/charts/london_boroughs_ctyua_dec2023_bsc.geojson"

/* ---- ticks ---- */

static void test_ticks_labeling_example(void **state) {
  (void)state;
  hg_ticks t;
  /* labeling::extended(8.1, 14.1, 4) -> 8, 10, 12, 14 (labeling.R documentation) */
  assert_int_equal(hg_ticks_extended(8.1, 14.1, 4, 0, &t), HG_OK);
  assert_int_equal(t.n, 4);
  hg_assert_close(t.lmin, 8, 1e-12, "lmin");
  hg_assert_close(t.step, 2, 1e-12, "step");
  hg_assert_close(t.lmin + (t.n - 1) * t.step, 14, 1e-12, "lmax");
  assert_int_equal(t.decimals, 0);
}

static void test_ticks_edges(void **state) {
  (void)state;
  hg_ticks a, b;
  /* mirrored data give mirrored labels (the score is symmetric in sign) */
  assert_int_equal(hg_ticks_extended(8.1, 14.1, 4, 0, &a), HG_OK);
  assert_int_equal(hg_ticks_extended(-14.1, -8.1, 4, 0, &b), HG_OK);
  assert_int_equal(a.n, b.n);
  hg_assert_close(b.lmin, -(a.lmin + (a.n - 1) * a.step), 1e-12, "mirror");
  /* straddling zero: zero is a label */
  assert_int_equal(hg_ticks_extended(-3.2, 7.9, 5, 0, &a), HG_OK);
  double k = -a.lmin / a.step;
  assert_true(fabs(k - round(k)) < 1e-9);
  /* only_loose covers the data */
  assert_int_equal(hg_ticks_extended(0.13, 0.87, 5, 1, &a), HG_OK);
  assert_true(a.lmin <= 0.13 && a.lmin + (a.n - 1) * a.step >= 0.87);
  /* degenerate and tiny ranges still give at least two finite labels */
  assert_int_equal(hg_ticks_extended(5, 5, 5, 0, &a), HG_OK);
  assert_true(a.n >= 2 && isfinite(a.step) && a.step > 0);
  assert_int_equal(hg_ticks_extended(1e-9, 2e-9, 5, 0, &a), HG_OK);
  assert_true(a.n >= 2 && a.step > 0 && a.step < 1e-9);
  assert_int_equal(hg_ticks_extended(NAN, 1, 5, 0, &a), HG_ERR_RANGE);
  /* labels needing two decimals get them: step 0.25 */
  assert_int_equal(hg_ticks_extended(0, 1, 5, 0, &a), HG_OK);
  char buf[32];
  for (int i = 0; i < a.n; i++) {
    hg_chart_format(a.lmin + i * a.step, a.decimals, buf, sizeof buf);
    double back = strtod(buf, NULL);
    hg_assert_close(back, a.lmin + i * a.step, 1e-12, "label exact");
  }
}

static double reject_small_steps(double lmin, double step, int n, int decimals, void *ctx) {
  (void)lmin;
  (void)n;
  (void)decimals;
  return step < *(double *)ctx ? -INFINITY : 1;
}

static void test_ticks_legibility(void **state) {
  (void)state;
  hg_ticks t;
  double min_step = 3;
  /* a legibility term that refuses steps below 3 moves 8,10,12,14 to a coarser labelling */
  assert_int_equal(hg_ticks_extended_legible(8.1, 14.1, 4, 0, reject_small_steps, &min_step, &t),
                   HG_OK);
  assert_true(t.step >= 3);
  assert_true(t.n >= 2);
  /* and with no objection it is labeling::extended again */
  min_step = 0;
  assert_int_equal(hg_ticks_extended_legible(8.1, 14.1, 4, 0, reject_small_steps, &min_step, &t),
                   HG_OK);
  hg_assert_close(t.step, 2, 1e-12, "step");
  hg_assert_close(t.lmin, 8, 1e-12, "lmin");
}

static void test_format(void **state) {
  (void)state;
  char b[64];
  assert_string_equal(hg_chart_format(1234567.891, 1, b, sizeof b), "1,234,567.9");
  assert_string_equal(hg_chart_format(-0.04, 1, b, sizeof b), "0.0");
  assert_string_equal(hg_chart_format(-1234, 0, b, sizeof b), "-1,234");
  assert_string_equal(hg_chart_format(999.5, 0, b, sizeof b), "1,000");
  assert_string_equal(hg_chart_format(NAN, 1, b, sizeof b), "-");
}

static void test_labels(void **state) {
  (void)state;
  assert_int_equal(hg_chart_sig_parse("Better"), HG_CHART_SIG_BETTER);
  assert_int_equal(hg_chart_sig_parse("similar"), HG_CHART_SIG_SIMILAR);
  assert_int_equal(hg_chart_sig_parse("Worse"), HG_CHART_SIG_WORSE);
  /* the two-level comparison of fingertipsR's frames and some downloads */
  assert_int_equal(hg_chart_sig_parse("Better 95%"), HG_CHART_SIG_BETTER);
  assert_int_equal(hg_chart_sig_parse("Worse 99.8%"), HG_CHART_SIG_WORSE);
  assert_int_equal(hg_chart_sig_parse("Better 99%"), HG_CHART_SIG_NONE);
  assert_int_equal(hg_chart_sig_parse(" 95%"), HG_CHART_SIG_NONE);
  assert_int_equal(hg_chart_sig_parse("Not compared"), HG_CHART_SIG_NONE);
  assert_int_equal(hg_chart_sig_parse("2nd highest quintile"), HG_CHART_SIG_Q4);
  assert_int_equal(hg_chart_sig_parse(""), HG_CHART_SIG_NONE);
  assert_int_equal(hg_chart_trend_parse("Decreasing and getting better"),
                   HG_CHART_TREND_DOWN_BETTER);
  assert_int_equal(hg_chart_trend_parse("Increasing and getting worse"), HG_CHART_TREND_UP_WORSE);
  assert_int_equal(hg_chart_trend_parse("No significant change"), HG_CHART_TREND_NO_CHANGE);
  assert_int_equal(hg_chart_trend_parse("Cannot be calculated"), HG_CHART_TREND_NONE);
  assert_int_equal(hg_chart_trend_parse("Increasing"), HG_CHART_TREND_UP);
  hg_chart_kind k;
  assert_int_equal(hg_chart_kind_parse("funnel", &k), HG_OK);
  assert_int_equal(k, HG_CHART_FUNNEL);
  assert_int_equal(hg_chart_kind_parse("pie", &k), HG_ERR_NOT_FOUND);
  hg_palette p;
  assert_int_equal(hg_palette_parse("cvd", &p), HG_OK);
  assert_int_equal(p, HG_PALETTE_CVD);
  assert_int_equal(hg_palette_parse("rainbow", &p), HG_ERR_NOT_FOUND);
}

/* ---- SII oracle: Fingertips' published SII for England, 93763 (alcohol-related
 * mortality), Persons, 2023, County & UA deciles 4/23: SII -21.26, b0 51.67,
 * RII 0.589 (docs/charts.md, Tests) ---- */

static double dep_order(const char *c) {
  static const char *order[] = {"Most deprived",         "Second most deprived",
                                "Third more deprived",   "Fourth more deprived",
                                "Fifth more deprived",   "Fifth less deprived",
                                "Fourth less deprived",  "Third less deprived",
                                "Second least deprived", "Least deprived"};
  for (int i = 0; i < 10; i++)
    if (g_str_has_prefix(c, order[i]))
      return i;
  return -1;
}

static void test_sii_worked_example(void **state) {
  (void)state;
  hg_table *t = hg_test_table(INEQ);
  hg_chart_point pts[10];
  double den[10] = {0}, tot = 0;
  for (int i = 0; i < 10; i++)
    hg_chart_point_init(&pts[i]);
  int n = 0;
  long ci = hg_table_col(t, "indicator_id"), cs = hg_table_col(t, "sex"),
       cp = hg_table_col(t, "period"), cc = hg_table_col(t, "category"),
       ct = hg_table_col(t, "category_type");
  for (size_t r = 0; r < hg_table_nrows(t); r++) {
    if (strcmp(hg_table_cell(t, r, ci), "93763") || strcmp(hg_table_cell(t, r, cs), "Persons") ||
        strcmp(hg_table_cell(t, r, cp), "2023") || !strstr(hg_table_cell(t, r, ct), "County"))
      continue;
    int k = (int)dep_order(hg_table_cell(t, r, cc));
    assert_true(k >= 0);
    pts[k].value = hg_test_num(t, r, "value");
    den[k] = hg_test_num(t, r, "denominator");
    tot += den[k];
    n++;
  }
  assert_int_equal(n, 10);
  double cum = 0;
  for (int i = 0; i < 10; i++) {
    pts[i].weight = den[i] / tot;
    pts[i].x = cum + pts[i].weight / 2;
    cum += pts[i].weight;
  }
  hg_chart_series s = {"deciles", HG_ROLE_AREA, pts, 10};
  double a, b;
  assert_int_equal(hg_chart_least_squares(&s, &a, &b, NULL), HG_OK);
  hg_assert_close(b, -21.26, 0.0005, "SII");
  hg_assert_close(a, 51.67, 0.0002, "b0");
  hg_assert_close((a + b) / a, 0.589, 0.001, "RII");
  hg_table_free(t);
}

/* ---- structural tests on real data ---- */

typedef struct compare_data {
  hg_table *t;
  hg_chart_point pts[64];
  hg_chart_series series;
  hg_chart_refline ref;
  hg_chart_spec spec;
  size_t with_value;
} compare_data;

/* Builds the compare-areas spec for indicator 92443 straight from the export. */
static void load_compare(compare_data *d) {
  d->t = hg_test_table(TOBACCO);
  hg_chart_spec_init(&d->spec, HG_CHART_COMPARE);
  long ci = hg_table_col(d->t, "Indicator ID"), cc = hg_table_col(d->t, "Area Code"),
       cn = hg_table_col(d->t, "AreaName"),
       cs = hg_table_col(d->t, "Compared to England value or percentiles");
  size_t n = 0;
  for (size_t r = 0; r < hg_table_nrows(d->t); r++) {
    if (strcmp(hg_table_cell(d->t, r, ci), "92443"))
      continue;
    hg_chart_point *p = &d->pts[n++];
    hg_chart_point_init(p);
    p->code = hg_table_cell(d->t, r, cc);
    p->label = hg_table_cell(d->t, r, cn);
    p->value = hg_test_num(d->t, r, "Value");
    p->lower = hg_test_num(d->t, r, "Lower CI 95.0 limit");
    p->upper = hg_test_num(d->t, r, "Upper CI 95.0 limit");
    p->sig = hg_chart_sig_parse(hg_table_cell(d->t, r, cs));
    if (strcmp(p->code, "E92000001") == 0) {
      p->role = HG_ROLE_ENGLAND;
      d->ref = (hg_chart_refline){"England value", p->value, HG_ROLE_ENGLAND};
    } else if (strcmp(p->code, "E12000007") == 0)
      p->role = HG_ROLE_LONDON;
    if (hg_table_cell(d->t, r, hg_table_col(d->t, "Value"))[0])
      d->with_value++;
  }
  assert_int_equal(n, 35); /* England, London and 33 boroughs */
  d->series = (hg_chart_series){"Smoking", HG_ROLE_AREA, d->pts, n};
  d->spec.title = "Smoking Prevalence in adults (18+) - current smokers (APS)";
  d->spec.subtitle = "2019, Persons; compared with England (95% CI)";
  d->spec.source = "Source: OHID Fingertips. OGL v3.0.";
  d->spec.x_label = "%";
  d->spec.series = &d->series;
  d->spec.nseries = 1;
  d->spec.refs = &d->ref;
  d->spec.nrefs = 1;
}

static bool overlap(const hg_text_box *a, const hg_text_box *b) {
  const double e = 0.01; /* touching is not overlapping */
  return a->x + a->w > b->x + e && b->x + b->w > a->x + e && a->y + a->h > b->y + e &&
         b->y + b->h > a->y + e;
}

static void assert_no_overlap(const hg_chart_stats *st, double w, double h) {
  for (size_t i = 0; i < st->nboxes; i++) {
    const hg_text_box *a = &st->boxes[i];
    assert_true(a->x >= -0.01 && a->y >= -0.01 && a->x + a->w <= w + 0.01 &&
                a->y + a->h <= h + 0.01);
    for (size_t j = i + 1; j < st->nboxes; j++)
      if (overlap(a, &st->boxes[j])) {
        print_error("overlap: '%s' and '%s'\n", a->text, st->boxes[j].text);
        fail();
      }
  }
}

static void test_compare_structure(void **state) {
  (void)state;
  compare_data d = {0};
  load_compare(&d);
  hg_chart_stats st = {.record_boxes = 1};
  hg_chart_options o = {.width_pt = 720, .height_pt = 600, .dpi = 72, .stats = &st};
  unsigned char *px = NULL;
  int w, h;
  assert_int_equal(hg_chart_render_argb(&d.spec, &o, &px, &w, &h), HG_OK);
  assert_int_equal(w, 720);
  assert_int_equal(h, 600);
  /* one bar per area with a value (City of London is suppressed in 2019) */
  assert_int_equal(st.bars, d.with_value);
  assert_int_equal(st.whiskers, d.with_value);
  assert_int_equal(st.unknown_glyphs, 0);
  /* every area name is drawn once and no two text boxes overlap */
  for (size_t i = 0; i < d.series.n; i++) {
    size_t found = 0;
    for (size_t k = 0; k < st.nboxes; k++)
      found += strcmp(st.boxes[k].text, d.pts[i].label) == 0;
    assert_int_equal(found, 1);
  }
  assert_no_overlap(&st, 720, 600);
  g_free(px);
  /* a smaller page still has no overlaps (labels shrink, wrap or ellipsize) */
  hg_chart_stats_clear(&st);
  o.width_pt = 400;
  o.height_pt = 400;
  assert_int_equal(hg_chart_render_argb(&d.spec, &o, &px, &w, &h), HG_OK);
  assert_no_overlap(&st, 400, 400);
  assert_int_equal(st.bars, d.with_value);
  g_free(px);
  hg_chart_stats_clear(&st);
  hg_table_free(d.t);
}

static size_t count(const char *hay, const char *needle) {
  size_t n = 0;
  for (const char *q = strstr(hay, needle); q; q = strstr(q + 1, needle))
    n++;
  return n;
}

/* The SVG for the site (hg_chart_write_svg): an inline image named by its
 * title, one tooltip per bar with the value and limits as published (the
 * export's 2019 figure for Barking and Dagenham, to one decimal), every id with the prefix
 * given, the comparison colours as CSS variables, the same bytes twice. */
static void test_svg_inline(void **state) {
  (void)state;
  compare_data d = {0};
  load_compare(&d);
  char *a = NULL, *b = NULL;
  assert_int_equal(hg_chart_write_svg(&d.spec, NULL, "c7-", &a), HG_OK);
  assert_int_equal(hg_chart_write_svg(&d.spec, NULL, "c7-", &b), HG_OK);
  assert_string_equal(a, b);
  assert_true(g_str_has_prefix(a, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
  assert_non_null(strstr(a, "role=\"img\" aria-label=\"Smoking Prevalence in adults (18+)"));
  assert_null(strstr(a, "<?xml"));
  assert_int_equal(count(a, "<title>"), d.with_value);
  /* the export: 18.0653 (13.8039-22.3266), Similar to England */
  assert_non_null(
      strstr(a, "<title>Barking and Dagenham: 18.1 (95% CI 13.8 to 22.3); Similar</title>"));
  assert_int_equal(count(a, " id=\""), count(a, " id=\"c7-"));
  assert_true(count(a, " id=\"c7-") > 0);
  assert_int_equal(count(a, "href=\"#"), count(a, "href=\"#c7-"));
  assert_true(count(a, "var(--hg-similar,") > 0);
  assert_int_equal(hg_chart_write_svg(&d.spec, NULL, NULL, &b), HG_ERR_RANGE);
  g_free(a);
  g_free(b);
  hg_table_free(d.t);
}

static void test_no_limits_note(void **state) {
  (void)state;
  compare_data d = {0};
  load_compare(&d);
  for (size_t i = 0; i < d.series.n; i++)
    d.pts[i].lower = d.pts[i].upper = NAN;
  hg_chart_stats st = {.record_boxes = 1};
  hg_chart_options o = {.dpi = 72, .stats = &st};
  unsigned char *px = NULL;
  int w, h;
  assert_int_equal(hg_chart_render_argb(&d.spec, &o, &px, &w, &h), HG_OK);
  assert_int_equal(st.whiskers, 0); /* never invented */
  bool said = false;
  for (size_t k = 0; k < st.nboxes; k++)
    said |= strstr(st.boxes[k].text, "No confidence limits") != NULL;
  assert_true(said);
  g_free(px);
  hg_chart_stats_clear(&st);
  hg_table_free(d.t);
}

static void test_map_structure(void **state) {
  (void)state;
  compare_data d = {0};
  load_compare(&d);
  hg_boundaries *g = NULL;
  hg_error err;
  assert_int_equal(hg_boundaries_read(BOROUGHS, NULL, &g, &err), HG_OK);
  d.spec.kind = HG_CHART_MAP;
  d.spec.geo = g;
  hg_chart_stats st = {.record_boxes = 1};
  hg_chart_options o = {.dpi = 72, .timestamp = 1700000000, .stats = &st};
  unsigned char *px = NULL;
  int w, h;
  assert_int_equal(hg_chart_render_argb(&d.spec, &o, &px, &w, &h), HG_OK);
  assert_int_equal(st.polygons, 33);
  bool attribution = false;
  for (size_t k = 0; k < st.nboxes; k++)
    attribution |= strstr(st.boxes[k].text, "Crown copyright and database right 2023") != NULL;
  assert_true(attribution); /* year from the timestamp, not the clock */
  assert_no_overlap(&st, 720, 480);
  g_free(px);
  hg_chart_stats_clear(&st);
  hg_boundaries_free(g);
  hg_table_free(d.t);
}

/* Funnel limits come from the funnel methods: four 100-point limit series (the
 * calculate_funnel_limits table), 99.8% outside 95% for proportions, centred on
 * the pooled value sum(count) / sum(denominator) of the plotted areas; a DSR
 * file gets rate limits with points at the derived denominator. */
static const hg_chart_series *funnel_limit(const hg_chart_spec *s, hg_role role, int k) {
  for (size_t i = 0; i < s->nseries; i++)
    if (s->series[i].role == role && k-- == 0)
      return &s->series[i];
  fail();
  return NULL;
}

static void test_built_funnel(void **state) {
  (void)state;
  hg_error err;
  hg_chart_data *d = NULL;
  hg_chart_built *b = NULL;
  assert_int_equal(hg_chart_data_read(TOBACCO, &d, &err), HG_OK);
  hg_chart_request r = {.kind = HG_CHART_FUNNEL, .indicator = "91547"};
  assert_int_equal(hg_chart_build(d, &r, &b, &err), HG_OK);
  const hg_chart_spec *s = hg_chart_built_spec(b);
  assert_int_equal(s->nseries, 5);
  double sc = 0, sd = 0;
  for (size_t i = 0; i < s->series[0].n; i++)
    if (isfinite(s->series[0].pts[i].count) && isfinite(s->series[0].pts[i].x)) {
      sc += s->series[0].pts[i].count;
      sd += s->series[0].pts[i].x;
    }
  double pooled = s->refs[s->nrefs - 1].value;
  hg_assert_close(pooled, sc / sd * 100, 1e-9, "pooled value");
  const hg_chart_series *lo95 = funnel_limit(s, HG_ROLE_LIMIT95, 0),
                        *hi95 = funnel_limit(s, HG_ROLE_LIMIT95, 1),
                        *lo998 = funnel_limit(s, HG_ROLE_LIMIT998, 0),
                        *hi998 = funnel_limit(s, HG_ROLE_LIMIT998, 1);
  assert_int_equal(lo95->n, 100);
  for (size_t i = 0; i < 100; i++) {
    assert_true(isnan(lo95->pts[i].upper) && isnan(hi95->pts[i].lower));
    assert_true(lo998->pts[i].lower <= lo95->pts[i].lower);
    assert_true(lo95->pts[i].lower < pooled && pooled < hi95->pts[i].upper);
    assert_true(hi95->pts[i].upper <= hi998->pts[i].upper);
    if (i > 0) /* the funnel narrows */
      assert_true(hi95->pts[i].upper <= hi95->pts[i - 1].upper);
  }
  assert_non_null(strstr(s->footnote, "proportions"));
  hg_chart_built_free(b);
  hg_chart_data_free(d);

  assert_int_equal(hg_chart_data_read(LA_SERIES, &d, &err), HG_OK);
  r = (hg_chart_request){.kind = HG_CHART_FUNNEL, .indicator = "22401", .sex = "Persons"};
  assert_int_equal(hg_chart_build(d, &r, &b, &err), HG_OK);
  s = hg_chart_built_spec(b);
  assert_int_equal(s->nseries, 5);
  assert_non_null(strstr(s->footnote, "directly standardised rates"));
  size_t drawn = 0;
  for (size_t i = 0; i < s->series[0].n; i++) {
    const hg_chart_point *p = &s->series[0].pts[i];
    if (isfinite(p->x) && p->count > 0) {
      hg_assert_close(p->x, 100000 * p->count / p->value, 1e-9, "derived denominator");
      drawn++;
    }
  }
  assert_true(drawn >= 30);
  hg_chart_built_free(b);
  hg_chart_data_free(d);
}

/* Specs built from the files as the command builds them: every cell of the rug is
 * drawn, one spine per indicator row, and no text overlaps. */
static void render_built(const char *path, hg_chart_request *req, hg_chart_stats *st, double w,
                         double h) {
  hg_chart_data *d = NULL;
  hg_chart_built *b = NULL;
  hg_error err;
  assert_int_equal(hg_chart_data_read(path, &d, &err), HG_OK);
  assert_int_equal(hg_chart_build(d, req, &b, &err), HG_OK);
  hg_chart_options o = {.width_pt = w, .height_pt = h, .dpi = 72, .stats = st};
  unsigned char *px = NULL;
  int pw, ph;
  assert_int_equal(hg_chart_render_argb(hg_chart_built_spec(b), &o, &px, &pw, &ph), HG_OK);
  assert_int_equal(st->unknown_glyphs, 0);
  assert_no_overlap(st, w, h);
  g_free(px);
  hg_chart_built_free(b);
  hg_chart_data_free(d);
}

static void test_built_overview_spine(void **state) {
  (void)state;
  hg_table *t = hg_test_table(TOBACCO);
  hg_chart_stats st = {.record_boxes = 1};
  hg_chart_request r = {.kind = HG_CHART_OVERVIEW};
  render_built(TOBACCO, &r, &st, 1000, 500);
  assert_int_equal(st.cells, hg_table_nrows(t)); /* 7 indicators x 35 areas, one period */
  hg_chart_stats_clear(&st);
  r = (hg_chart_request){.kind = HG_CHART_SPINE, .area = "E09000030"};
  render_built(TOBACCO, &r, &st, 900, 400);
  assert_int_equal(st.bars, 7); /* one spine per indicator */
  hg_chart_stats_clear(&st);
  hg_table_free(t);
}

static void test_built_gap_measures(void **state) {
  (void)state;
  hg_table *t = hg_test_table("tests/data/charts/inequalities_93763_england.csv");
  size_t sii = 0;
  for (size_t i = 0; i < hg_table_nrows(t); i++)
    sii += strcmp(hg_table_cell(t, i, (size_t)hg_table_col(t, "measure")), "sii") == 0;
  hg_chart_stats st = {.record_boxes = 1};
  hg_chart_request r = {.kind = HG_CHART_GAP, .indicator = "93763"};
  render_built("tests/data/charts/inequalities_93763_england.csv", &r, &st, 720, 480);
  assert_int_equal(st.whiskers, sii); /* every SII with its limits */
  bool trend = false;
  for (size_t k = 0; k < st.nboxes; k++)
    trend |= strcmp(st.boxes[k].text, "Gap trend: widening") == 0;
  assert_true(trend);
  hg_chart_stats_clear(&st);
  hg_table_free(t);
}

/* A borough map names every borough: inside its polygon, or by initials that
 * the footnote spells out; its quintile legend says which end is high; no
 * label is smaller than the print minimum (issue 13). */
static void test_map_labels(void **state) {
  (void)state;
  hg_error err;
  hg_boundaries *g = NULL;
  assert_int_equal(hg_boundaries_read(BOROUGHS, NULL, &g, &err), HG_OK);
  hg_chart_data *tob;
  assert_int_equal(hg_chart_data_read(TOBACCO, &tob, &err), HG_OK);
  hg_chart_request r = {
      .kind = HG_CHART_MAP, .indicator = "92443", .geo = g, .fill = HG_MAP_FILL_QUINTILE};
  hg_chart_built *b = NULL;
  assert_int_equal(hg_chart_build(tob, &r, &b, &err), HG_OK);
  hg_chart_stats st = {.record_boxes = 1};
  hg_chart_options o = {.width_pt = 842, .height_pt = 595, .dpi = 36, .stats = &st};
  unsigned char *px = NULL;
  int w, h;
  assert_int_equal(hg_chart_render_argb(hg_chart_built_spec(b), &o, &px, &w, &h), HG_OK);
  const char *notes = "";
  bool lowest = false, highest = false;
  for (size_t k = 0; k < st.nboxes; k++) {
    if (strstr(st.boxes[k].text, "Labels: "))
      notes = st.boxes[k].text;
    lowest |= g_str_has_prefix(st.boxes[k].text, "Q1 lowest: ");
    highest |= g_str_has_prefix(st.boxes[k].text, "Q5 highest: ");
    assert_true(st.boxes[k].pt >= HG_CHART_MIN_FONT_PT - 0.01);
  }
  assert_true(lowest && highest);
  size_t named = 0;
  for (size_t i = 0; i < g->n; i++) {
    bool found = false;
    for (size_t k = 0; k < st.nboxes && !found; k++)
      found = strcmp(st.boxes[k].text, g->f[i].name) == 0;
    /* else abbreviated: "K&C Kensington and Chelsea" in the footnote */
    char *spelt = g_strdup_printf(" %s", g->f[i].name);
    found |= strstr(notes, spelt) != NULL;
    g_free(spelt);
    if (!found)
      print_error("borough not named: %s\n", g->f[i].name);
    named += found;
  }
  assert_int_equal(named, g->n);
  g_free(px);
  hg_chart_stats_clear(&st);
  hg_chart_built_free(b);
  hg_chart_data_free(tob);
  hg_boundaries_free(g);
}

/* Every chart type from the test files on three page shapes: no text box leaves
 * the page or overlaps another (wrap, shrink or ellipsize, never overlap). */
static void test_no_overlap_all_types(void **state) {
  (void)state;
  hg_error err;
  hg_boundaries *g = NULL;
  assert_int_equal(hg_boundaries_read(BOROUGHS, NULL, &g, &err), HG_OK);
  hg_chart_data *tob, *le, *inq, *pop, *q;
  assert_int_equal(hg_chart_data_read(TOBACCO, &tob, &err), HG_OK);
  assert_int_equal(
      hg_chart_data_read("tests/data/charts/le_london_boroughs_2015_2025.csv", &le, &err), HG_OK);
  assert_int_equal(hg_chart_data_read(INEQ, &inq, &err), HG_OK);
  assert_int_equal(
      hg_chart_data_read("tests/data/charts/ons_mye2019_london_5yr_bands.csv", &pop, &err), HG_OK);
  assert_int_equal(hg_chart_data_read("tests/data/charts/inequalities_93763_england.csv", &q, &err),
                   HG_OK);
  struct {
    hg_chart_data *d;
    hg_chart_request r;
  } c[] = {
      {tob, {.kind = HG_CHART_OVERVIEW}},
      {tob, {.kind = HG_CHART_SPINE, .area = "E09000030"}},
      {tob, {.kind = HG_CHART_COMPARE, .indicator = "92443"}},
      {le, {.kind = HG_CHART_TRENDS, .area = "E09000030", .sex = "Female"}},
      {inq, {.kind = HG_CHART_INEQUALITIES, .indicator = "93088"}},
      {inq, {.kind = HG_CHART_GRADIENT, .indicator = "93763", .fit_data = q}},
      {le, {.kind = HG_CHART_GAP, .area = "E09000030", .sex = "Male"}},
      {q, {.kind = HG_CHART_GAP, .indicator = "93763"}},
      {tob, {.kind = HG_CHART_FUNNEL, .indicator = "91547"}},
      {tob, {.kind = HG_CHART_MAP, .indicator = "92443", .geo = g}},
      {tob, {.kind = HG_CHART_MAP, .indicator = "92443", .geo = g, .fill = HG_MAP_FILL_QUINTILE}},
      {le, {.kind = HG_CHART_BOXPLOT, .sex = "Female", .area_prefix = "E09"}},
      {pop, {.kind = HG_CHART_PYRAMID, .area = "E09000030"}},
      {tob,
       {.kind = HG_CHART_SCATTER,
        .indicator = "92443",
        .x_indicator = "92304",
        .area = "E09000030"}},
  };
  const double sizes[3][2] = {{480, 320}, {1000, 700}, {360, 480}};
  for (size_t i = 0; i < G_N_ELEMENTS(c); i++) {
    hg_chart_built *b = NULL;
    assert_int_equal(hg_chart_build(c[i].d, &c[i].r, &b, &err), HG_OK);
    for (size_t z = 0; z < 3; z++) {
      hg_chart_stats st = {.record_boxes = 1};
      hg_chart_options o = {
          .width_pt = sizes[z][0], .height_pt = sizes[z][1], .dpi = 36, .stats = &st};
      unsigned char *px = NULL;
      int w, h;
      assert_int_equal(hg_chart_render_argb(hg_chart_built_spec(b), &o, &px, &w, &h), HG_OK);
      assert_true(st.nboxes > 3); /* title, subtitle, source at least */
      assert_int_equal(st.unknown_glyphs, 0);
      assert_no_overlap(&st, sizes[z][0], sizes[z][1]);
      /* at a page's size every text is printable (the style contract) */
      for (size_t k = 0; z == 1 && k < st.nboxes; k++)
        if (st.boxes[k].pt < HG_CHART_MIN_FONT_PT - 0.01) {
          print_error("%s: '%s' at %.2f pt\n", hg_chart_kind_name(c[i].r.kind), st.boxes[k].text,
                      st.boxes[k].pt);
          fail();
        }
      g_free(px);
      hg_chart_stats_clear(&st);
    }
    hg_chart_built_free(b);
  }
  hg_chart_data_free(tob);
  hg_chart_data_free(le);
  hg_chart_data_free(inq);
  hg_chart_data_free(pop);
  hg_chart_data_free(q);
  hg_boundaries_free(g);
}

/* The period a compare chart draws by default: the latest in which every
 * kind of area has at least half its best coverage.  A year published for 1
 * of 4 boroughs is passed over; 3 of 4 is drawn; MSOAs published for early
 * years only do not hold the boroughs back. */
static const char *default_period_of(const char *csv) {
  static char subtitle[64];
  char *dir = g_dir_make_tmp("hgperiodXXXXXX", NULL);
  char *path = g_build_filename(dir, "in.csv", NULL);
  assert_true(g_file_set_contents(path, csv, -1, NULL));
  hg_chart_data *d = NULL;
  hg_chart_built *b = NULL;
  hg_error err;
  assert_int_equal(hg_chart_data_read(path, &d, &err), HG_OK);
  hg_chart_request r = {.kind = HG_CHART_COMPARE, .area_prefix = "E09"};
  assert_int_equal(hg_chart_build(d, &r, &b, &err), HG_OK);
  g_strlcpy(subtitle, hg_chart_built_spec(b)->subtitle, sizeof subtitle);
  *strchrnul(subtitle, ',') = '\0';
  hg_chart_built_free(b);
  hg_chart_data_free(d);
  g_unlink(path);
  g_rmdir(dir);
  g_free(path);
  g_free(dir);
  return subtitle;
}

static void test_default_period_coverage(void **state) {
  (void)state;
  const char *head = "indicator_id,area_code,area_name,period,value\n"
                     "1,E92000001,England,2021,5\n"
                     "1,E09000001,City,2021,4\n1,E09000002,Barking,2021,6\n"
                     "1,E09000003,Barnet,2021,5\n1,E09000004,Bexley,2021,7\n";
  char *one = g_strconcat(head, "1,E09000001,City,2023,4.5\n", NULL);
  assert_string_equal(default_period_of(one), "2021");
  char *three = g_strconcat(head,
                            "1,E09000001,City,2023,4.5\n1,E09000002,Barking,2023,6\n"
                            "1,E09000003,Barnet,2023,5\n",
                            NULL);
  assert_string_equal(default_period_of(three), "2023");
  char *msoa = g_strconcat(head,
                           "1,E02000001,City 001,2019,4\n1,E02000002,Barking 001,2019,6\n"
                           "1,E02000003,Barking 002,2019,6\n1,E02000004,Barnet 001,2019,5\n"
                           "1,E02000005,Barnet 002,2019,5\n1,E02000006,Bexley 001,2019,7\n",
                           NULL);
  assert_string_equal(default_period_of(msoa), "2021");
  g_free(one);
  g_free(three);
  g_free(msoa);
}

static void test_errors(void **state) {
  (void)state;
  hg_chart_spec s;
  hg_chart_spec_init(&s, HG_CHART_COMPARE);
  unsigned char *px = NULL;
  int w, h;
  assert_int_equal(hg_chart_render_argb(&s, NULL, &px, &w, &h), HG_ERR_INVALID);
  hg_chart_spec_init(&s, HG_CHART_MAP);
  assert_int_equal(hg_chart_render_argb(&s, NULL, &px, &w, &h), HG_ERR_INVALID);
  assert_null(px);
  compare_data d = {0};
  load_compare(&d);
  assert_int_equal(hg_chart_write_png(&d.spec, NULL, "/nonexistent-dir/x.png"), HG_ERR_IO);
  hg_pdf_doc *doc = NULL;
  assert_int_equal(hg_pdf_open("/nonexistent-dir/x.pdf", NULL, &doc), HG_ERR_IO);
  assert_null(doc);
  hg_table_free(d.t);
}

static char *slurp(const char *path, gsize *len) {
  char *data = NULL;
  assert_true(g_file_get_contents(path, &data, len, NULL));
  return data;
}

static void test_pdf_pages_and_determinism(void **state) {
  (void)state;
  compare_data d = {0};
  load_compare(&d);
  char *dir = g_dir_make_tmp("hgchartXXXXXX", NULL);
  assert_non_null(dir);
  char *p1 = g_build_filename(dir, "a.pdf", NULL), *p2 = g_build_filename(dir, "b.pdf", NULL);
  const char *paths[2] = {p1, p2};
  for (int k = 0; k < 2; k++) {
    hg_pdf_doc *doc = NULL;
    hg_pdf_meta meta = {"Test pack", "LKIS", 1700000000};
    assert_int_equal(hg_pdf_open(paths[k], &meta, &doc), HG_OK);
    hg_chart_options o = {.width_pt = 720, .height_pt = 600};
    assert_int_equal(hg_pdf_add_chart(doc, &d.spec, &o), HG_OK);
    d.spec.kind = HG_CHART_INEQUALITIES;
    o.width_pt = 500; /* pages may differ in size */
    assert_int_equal(hg_pdf_add_chart(doc, &d.spec, &o), HG_OK);
    d.spec.kind = HG_CHART_COMPARE;
    assert_int_equal(hg_pdf_page_count(doc), 2);
    assert_int_equal(hg_pdf_close(doc), HG_OK);
  }
  gsize l1, l2;
  char *a = slurp(p1, &l1), *b = slurp(p2, &l2);
  assert_true(l1 > 1000 && memcmp(a, "%PDF", 4) == 0);
  assert_int_equal(l1, l2);
  assert_memory_equal(a, b, l1); /* same input and timestamp: same bytes */
  /* creation date from the timestamp 1700000000 = 2023-11-14T22:13:20Z */
  assert_non_null(memmem(a, l1, "/CreationDate (20231114221320", 28));
  assert_non_null(memmem(a, l1, "/Count 2", 8));
  assert_non_null(memmem(a, l1, "/Outlines", 9)); /* bookmarks for the pages */
  g_free(a);
  g_free(b);
  /* PNG: the same spec twice gives the same pixels */
  unsigned char *x = NULL, *y = NULL;
  int w1, h1, w2, h2;
  hg_chart_options o = {.dpi = 96};
  assert_int_equal(hg_chart_render_argb(&d.spec, &o, &x, &w1, &h1), HG_OK);
  assert_int_equal(hg_chart_render_argb(&d.spec, &o, &y, &w2, &h2), HG_OK);
  assert_int_equal(w1, 960);
  assert_int_equal(h1, 640);
  assert_memory_equal(x, y, (size_t)w1 * h1 * 4);
  g_free(x);
  g_free(y);
  g_remove(p1);
  g_remove(p2);
  g_rmdir(dir);
  g_free(p1);
  g_free(p2);
  g_free(dir);
  hg_table_free(d.t);
}

/* A pack whose chart page was recorded on another thread is byte-identical to
 * one recorded on this thread: the render stage draws pages on --jobs
 * threads and writes them in order, and the PDF must not depend on which. */
typedef struct {
  const hg_chart_spec *spec;
  hg_chart_recording *rec;
} record_job;

static gpointer thread_record(gpointer data) {
  record_job *j = data;
  hg_chart_options o = {
      .width_pt = HG_PACK_WIDTH_PT, .height_pt = HG_PACK_HEIGHT_PT, .timestamp = 1700000000};
  hg_status st = hg_chart_record(j->spec, &o, &j->rec);
  hg_chart_thread_done();
  return GINT_TO_POINTER(st);
}

static void test_pack_recorded_pages(void **state) {
  (void)state;
  compare_data d = {0};
  load_compare(&d);
  char *dir = g_dir_make_tmp("hgpackXXXXXX", NULL);
  assert_non_null(dir);
  char *path[2] = {g_build_filename(dir, "here.pdf", NULL),
                   g_build_filename(dir, "there.pdf", NULL)};
  for (int k = 0; k < 2; k++) {
    record_job j = {&d.spec, NULL};
    if (k == 0) {
      assert_int_equal(GPOINTER_TO_INT(thread_record(&j)), HG_OK);
    } else {
      GThread *t = g_thread_new("record", thread_record, &j);
      assert_int_equal(GPOINTER_TO_INT(g_thread_join(t)), HG_OK);
    }
    hg_pack_meta meta = {"Test pack", "Footer: OGL v3.0", 1700000000};
    hg_pack *pk = NULL;
    assert_int_equal(hg_pack_open(path[k], &meta, &pk), HG_OK);
    const char *lines[] = {"# Section", "A line of text."};
    assert_int_equal(hg_pack_text_page(pk, "Cover", lines, 2), HG_OK);
    assert_int_equal(hg_pack_recording_page(pk, j.rec), HG_OK);
    assert_int_equal(hg_pack_page_count(pk), 2);
    assert_int_equal(hg_pack_close(pk), HG_OK);
    hg_chart_recording_free(j.rec);
  }
  gsize l1, l2;
  char *a = slurp(path[0], &l1), *b = slurp(path[1], &l2);
  assert_int_equal(l1, l2);
  assert_memory_equal(a, b, l1);
  assert_non_null(memmem(a, l1, "/Count 2", 8));
  assert_non_null(memmem(a, l1, "/Outlines", 9)); /* the recorded chart keeps its bookmark */
  g_free(a);
  g_free(b);
  for (int k = 0; k < 2; k++) {
    g_remove(path[k]);
    g_free(path[k]);
  }
  g_rmdir(dir);
  g_free(dir);
  hg_table_free(d.t);
}

static gpointer thread_render(gpointer data) {
  compare_data *d = data;
  unsigned char *px = NULL;
  int w, h;
  hg_chart_options o = {.dpi = 72};
  hg_status st = hg_chart_render_argb(&d->spec, &o, &px, &w, &h);
  hg_chart_thread_done();
  return px && st == HG_OK ? px : NULL;
}

static void test_threads_same_pixels(void **state) {
  (void)state;
  compare_data d = {0};
  load_compare(&d);
  GThread *t1 = g_thread_new("r1", thread_render, &d), *t2 = g_thread_new("r2", thread_render, &d);
  unsigned char *a = g_thread_join(t1), *b = g_thread_join(t2);
  assert_non_null(a);
  assert_non_null(b);
  assert_memory_equal(a, b, 720 * 480 * 4);
  g_free(a);
  g_free(b);
  hg_table_free(d.t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_ticks_labeling_example),
      cmocka_unit_test(test_ticks_edges),
      cmocka_unit_test(test_ticks_legibility),
      cmocka_unit_test(test_format),
      cmocka_unit_test(test_labels),
      cmocka_unit_test(test_sii_worked_example),
      cmocka_unit_test(test_compare_structure),
      cmocka_unit_test(test_svg_inline),
      cmocka_unit_test(test_no_limits_note),
      cmocka_unit_test(test_map_structure),
      cmocka_unit_test(test_built_overview_spine),
      cmocka_unit_test(test_built_gap_measures),
      cmocka_unit_test(test_built_funnel),
      cmocka_unit_test(test_no_overlap_all_types),
      cmocka_unit_test(test_map_labels),
      cmocka_unit_test(test_default_period_coverage),
      cmocka_unit_test(test_errors),
      cmocka_unit_test(test_pdf_pages_and_determinism),
      cmocka_unit_test(test_pack_recorded_pages),
      cmocka_unit_test(test_threads_same_pixels),
  };
  int rc = cmocka_run_group_tests(tests, NULL, NULL);
  hg_chart_thread_done();
  return rc;
}
