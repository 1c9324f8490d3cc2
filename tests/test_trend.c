/* test_trend.c: Fingertips' recent trend against Fingertips' own labels, annual
 * change and change from the previous period. */
#include "hg_test.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DATA "tests/data/benchmark/"

typedef struct {
  hg_value_type vt;
  hg_polarity pol;
} meta;

/* Indicator metadata from Fingertips' own indicator table (FingertipsNext copy). */
static GHashTable *load_meta(void) {
  GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  hg_table *t = hg_test_table(DATA "fingertipsnext_indicators.csv");
  long cid = hg_table_col(t, "IndicatorID"), cpol = hg_table_col(t, "Polarity"),
       cvt = hg_table_col(t, "ValueType");
  assert_true(cid >= 0 && cpol >= 0 && cvt >= 0);
  for (size_t r = 0; r < hg_table_nrows(t); r++) {
    meta *m = g_new0(meta, 1);
    if (hg_value_type_parse(hg_table_cell(t, r, (size_t)cvt), &m->vt) != HG_OK)
      m->vt = HG_VT_OTHER;
    if (hg_polarity_parse(hg_table_cell(t, r, (size_t)cpol), &m->pol) != HG_OK)
      m->pol = HG_POLARITY_NOT_APPLICABLE;
    g_hash_table_insert(h, g_strdup(hg_table_cell(t, r, (size_t)cid)), m);
  }
  hg_table_free(t);
  /* 92026 (NCMP Reception obesity) is missing from that table; Fingertips
   * publishes it as a proportion, RAG - Low is good. */
  meta *m = g_new0(meta, 1);
  m->vt = HG_VT_PROPORTION;
  m->pol = HG_POLARITY_LOW_IS_GOOD;
  g_hash_table_insert(h, g_strdup("92026"), m);
  return h;
}

static const hg_table *sort_table;
static long sort_year_col;
static gint by_year(gconstpointer a, gconstpointer b) {
  size_t ra = *(const size_t *)a, rb = *(const size_t *)b;
  long ya = atol(hg_table_cell(sort_table, ra, (size_t)sort_year_col));
  long yb = atol(hg_table_cell(sort_table, rb, (size_t)sort_year_col));
  return (ya > yb) - (ya < yb);
}

/* Runs the whole NW extract under one rule; returns matches, sets *labelled,
 * and writes the first mismatching series key into mismatch. */
static int run_extract(hg_trend_rule rule, int *labelled, char *mismatch, size_t msize) {
  GHashTable *meta_of = load_meta();
  hg_table *t = hg_test_table(DATA "la_series_with_recent_trend_fingertips.csv");
  long cind = hg_table_col(t, "IndicatorId"), carea = hg_table_col(t, "AreaCode"),
       csex = hg_table_col(t, "SexID"), cage = hg_table_col(t, "AgeID"),
       cyear = hg_table_col(t, "Year"), ctrend = hg_table_col(t, "Trend");
  assert_true(cind >= 0 && carea >= 0 && csex >= 0 && cage >= 0 && cyear >= 0 && ctrend >= 0);
  GHashTable *series =
      g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_array_unref);
  for (size_t r = 0; r < hg_table_nrows(t); r++) {
    char *key = g_strdup_printf(
        "%s|%s|%s|%s", hg_table_cell(t, r, (size_t)cind), hg_table_cell(t, r, (size_t)carea),
        hg_table_cell(t, r, (size_t)csex), hg_table_cell(t, r, (size_t)cage));
    GArray *a = g_hash_table_lookup(series, key);
    if (a == NULL) {
      a = g_array_new(FALSE, FALSE, sizeof(size_t));
      g_hash_table_insert(series, key, a);
    } else {
      g_free(key);
    }
    g_array_append_val(a, r);
  }
  int matches = 0;
  *labelled = 0;
  mismatch[0] = '\0';
  GHashTableIter it;
  gpointer k, v;
  sort_table = t;
  sort_year_col = cyear;
  g_hash_table_iter_init(&it, series);
  while (g_hash_table_iter_next(&it, &k, &v)) {
    GArray *a = v;
    g_array_sort(a, by_year);
    const char *want = NULL;
    for (guint i = 0; i < a->len; i++) {
      const char *lab = hg_table_cell(t, g_array_index(a, size_t, i), (size_t)ctrend);
      if (lab[0])
        want = lab;
    }
    if (want == NULL)
      continue;
    (*labelled)++;
    size_t r0 = g_array_index(a, size_t, 0);
    const meta *m = g_hash_table_lookup(meta_of, hg_table_cell(t, r0, (size_t)cind));
    assert_non_null(m);
    hg_trend_point *pts = calloc(a->len, sizeof *pts);
    assert_non_null(pts);
    for (guint i = 0; i < a->len; i++) {
      size_t r = g_array_index(a, size_t, i);
      pts[i].value = hg_test_num(t, r, "Value");
      pts[i].lower95 = hg_test_num(t, r, "LowerCI");
      pts[i].upper95 = hg_test_num(t, r, "UpperCI");
      pts[i].count = hg_test_num(t, r, "Count");
      pts[i].denominator = hg_test_num(t, r, "Denominator");
    }
    hg_trend_options opt = {.value_type = m->vt, .rule = rule};
    hg_trend tr;
    assert_int_equal(hg_recent_trend(pts, a->len, &opt, &tr), HG_OK);
    free(pts);
    if (strcmp(hg_trend_label(tr.result, m->pol), want) == 0)
      matches++;
    else if (mismatch[0] == '\0')
      snprintf(mismatch, msize, "%s", (const char *)k);
  }
  g_hash_table_destroy(series);
  g_hash_table_destroy(meta_of);
  hg_table_free(t);
  return matches;
}

/* Must show: >= 871 of the 872 labelled series under skip-invalid; the one
 * mismatch is 90453 England, whose 95% limits the extract does not carry. */
static void test_nw_extract_skip_invalid(void **state) {
  (void)state;
  int labelled;
  char mismatch[200];
  int m = run_extract(HG_TREND_SKIP_INVALID, &labelled, mismatch, sizeof mismatch);
  assert_int_equal(labelled, 872);
  assert_int_equal(m, 871);
  assert_string_equal(mismatch, "90453|E92000001|4|164");
}

/* The legacy stop-at-first-invalid rule loses two more series (93763 females
 * in E07000119 and E07000122, each with a suppressed value inside the window). */
static void test_nw_extract_stop_at_invalid(void **state) {
  (void)state;
  int labelled;
  char mismatch[200];
  int m = run_extract(HG_TREND_STOP_AT_INVALID, &labelled, mismatch, sizeof mismatch);
  assert_int_equal(labelled, 872);
  assert_int_equal(m, 869);
}

static void test_validity_rules(void **state) {
  (void)state;
  hg_trend_point p[6];
  for (int i = 0; i < 6; i++)
    p[i] = (hg_trend_point){10 + i, 9 + i, 11 + i, 100 + i, 1000};
  hg_trend tr;
  hg_trend_options opt = {.value_type = HG_VT_LIFE_EXPECTANCY};
  assert_int_equal(hg_recent_trend(p, 6, &opt, &tr), HG_OK);
  assert_int_equal(tr.result, HG_TREND_CANNOT_CALCULATE);
  assert_string_equal(tr.reason, "The recent trend cannot be calculated for this value type");
  opt.value_type = HG_VT_PROPORTION;
  opt.year_range = 3;
  assert_int_equal(hg_recent_trend(p, 6, &opt, &tr), HG_OK);
  assert_int_equal(tr.result, HG_TREND_CANNOT_CALCULATE);
  opt.year_range = 1;
  assert_int_equal(hg_recent_trend(p, 4, &opt, &tr), HG_OK);
  assert_int_equal(tr.result, HG_TREND_CANNOT_CALCULATE);
  p[3].count = p[3].denominator; /* count == denominator */
  assert_int_equal(hg_recent_trend(p, 6, &opt, &tr), HG_OK);
  assert_int_equal(tr.result, HG_TREND_CANNOT_CALCULATE);
  p[3].count = 103;
  /* A steady rise of 1 a period with narrow, equal CIs: significant increase. */
  assert_int_equal(hg_recent_trend(p, 6, &opt, &tr), HG_OK);
  assert_int_equal(tr.result, HG_TREND_INCREASING);
  hg_assert_close(tr.slope, 1.0, 1e-12, "slope");
  assert_int_equal(tr.first_used, 1);
  assert_string_equal(hg_trend_label(tr.result, HG_POLARITY_LOW_IS_GOOD),
                      "Increasing and getting worse");
  assert_string_equal(hg_trend_label(tr.result, HG_POLARITY_HIGH_IS_GOOD),
                      "Increasing and getting better");
  assert_string_equal(hg_trend_label(tr.result, HG_POLARITY_BOB), "Increasing");
  assert_string_equal(hg_trend_label(HG_TREND_DECREASING, HG_POLARITY_HIGH_IS_GOOD),
                      "Decreasing and getting worse");
  /* Suppressed point in the window: skip uses points 0-3 and 5, stop gives up. */
  p[4].value = NAN;
  assert_int_equal(hg_recent_trend(p, 6, &opt, &tr), HG_OK);
  assert_int_equal(tr.result, HG_TREND_INCREASING);
  assert_int_equal(tr.first_used, 0);
  opt.rule = HG_TREND_STOP_AT_INVALID;
  assert_int_equal(hg_recent_trend(p, 6, &opt, &tr), HG_OK);
  assert_int_equal(tr.result, HG_TREND_CANNOT_CALCULATE);
}

/* SPC for proportions: counts rising 100 a period on a fixed denominator of
 * 10000 (1% -> 5%) is a clear increase; counts of 100/101 are not. */
static void test_spc_proportions(void **state) {
  (void)state;
  hg_trend_point p[5];
  hg_trend_options opt = {.value_type = HG_VT_PROPORTION,
                          .comparator = HG_COMPARATOR_SPC_PROPORTION};
  hg_trend tr;
  for (int i = 0; i < 5; i++)
    p[i] = (hg_trend_point){1.0 + i, NAN, NAN, 100 + 100 * i, 10000};
  assert_int_equal(hg_recent_trend(p, 5, &opt, &tr), HG_OK);
  assert_int_equal(tr.result, HG_TREND_INCREASING);
  assert_true(tr.chi_square > HG_TREND_CHI_SQUARE);
  for (int i = 0; i < 5; i++)
    p[i].count = 100 + (i % 2);
  assert_int_equal(hg_recent_trend(p, 5, &opt, &tr), HG_OK);
  assert_int_equal(tr.result, HG_TREND_NO_CHANGE);
}

/* Hand-checkable fits (the textbook values of lm() on the same points). */
static void test_annual_change(void **state) {
  (void)state;
  double yr[] = {2001, 2002, 2003};
  double v[] = {1, 3, 2};
  hg_annual_change ac;
  assert_int_equal(hg_annual_change_fit(yr, v, NULL, NULL, 3, 0.95, &ac), HG_OK);
  hg_assert_close(ac.slope, 0.5, 1e-12, "ols slope");
  /* se = sqrt(1.5 / 2); qt(0.975, 1) = 12.706204736174707 */
  hg_assert_close(ac.lower, 0.5 - 11.003896087213446, 1e-9, "ols lower");
  hg_assert_close(ac.upper, 0.5 + 11.003896087213446, 1e-9, "ols upper");
  assert_int_equal(ac.weighted, 0);
  /* Weighted, exactly linear: slope 2, se = 1/sqrt(sum w (t - tbar)^2) with w = 1. */
  double lo[] = {-0.96, 1.04, 3.04, 5.04}, hi[] = {2.96, 4.96, 6.96, 8.96};
  double v2[] = {1, 3, 5, 7}, yr2[] = {1, 2, 3, 4};
  assert_int_equal(hg_annual_change_fit(yr2, v2, lo, hi, 4, 0.95, &ac), HG_OK);
  assert_int_equal(ac.weighted, 1);
  hg_assert_close(ac.slope, 2.0, 1e-12, "wls slope");
  hg_assert_close(ac.upper - ac.slope, 1.959963984540054 / sqrt(5.0), 1e-9, "wls half width");
  assert_int_equal(hg_annual_change_fit(yr, v, NULL, NULL, 2, 0.95, &ac), HG_ERR_EMPTY);
}

static void test_change_from_previous(void **state) {
  (void)state;
  hg_period_change c = hg_change_from_previous(10, 9, 11, 12.5, 11.5, 13.5);
  assert_int_equal(c.direction, 1);
  assert_string_equal(hg_period_change_label(&c), "Increasing");
  hg_assert_close(c.difference, 2.5, 1e-12, "difference");
  assert_true(c.significant);
  c = hg_change_from_previous(10, 9, 11, 11.5, 10.5, 12.5); /* CIs overlap */
  assert_string_equal(hg_period_change_label(&c), "No significant change");
  c = hg_change_from_previous(10, NAN, 11, 11.5, 10.5, 12.5);
  assert_string_equal(hg_period_change_label(&c), "Cannot be calculated");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_nw_extract_skip_invalid),
      cmocka_unit_test(test_nw_extract_stop_at_invalid),
      cmocka_unit_test(test_validity_rules),
      cmocka_unit_test(test_spc_proportions),
      cmocka_unit_test(test_annual_change),
      cmocka_unit_test(test_change_from_previous),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
