/* test_projection.c: projections on the measure's scale against an independent
 * fit (tests/data/targets/projection_reference.py: normal equations, tabled t
 * quantiles), the range of each method, the minimum points and the span cap. */
#include "hg_test.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define REF "tests/data/targets/projection_expected.csv"

/* "a;b;c" -> a new array of doubles (NULL for an empty cell). */
static double *numbers(const char *cell, size_t *n) {
  if (cell[0] == '\0')
    return NULL;
  gchar **parts = g_strsplit(cell, ";", -1);
  *n = g_strv_length(parts);
  double *v = malloc(*n * sizeof *v);
  for (size_t i = 0; i < *n; i++)
    v[i] = g_ascii_strtod(parts[i], NULL);
  g_strfreev(parts);
  return v;
}

static double num(const hg_table *t, size_t r, const char *col) {
  long c = hg_table_col(t, col);
  assert_true(c >= 0);
  return g_ascii_strtod(hg_table_cell(t, r, (size_t)c), NULL);
}

static const char *text(const hg_table *t, size_t r, const char *col) {
  long c = hg_table_col(t, col);
  assert_true(c >= 0);
  return hg_table_cell(t, r, (size_t)c);
}

static hg_projection_method method_named(const char *s) {
  if (strcmp(s, "logit") == 0)
    return HG_PROJECT_LOGIT;
  if (strcmp(s, "log-linear") == 0)
    return HG_PROJECT_LOG_LINEAR;
  assert_string_equal(s, "linear");
  return HG_PROJECT_LINEAR;
}

static void check_case(const hg_table *t, size_t r) {
  size_t n = 0, nl = 0, nu = 0, nv = 0;
  double *x = numbers(text(t, r, "years"), &n), *y = numbers(text(t, r, "values"), &nv);
  double *lo = numbers(text(t, r, "lower95"), &nl), *hi = numbers(text(t, r, "upper95"), &nu);
  assert_int_equal(n, nv);
  hg_projection_method m = method_named(text(t, r, "method"));
  assert_string_equal(hg_projection_method_name(m), text(t, r, "method"));
  hg_projection p;
  assert_int_equal(hg_projection_fit(m, num(t, r, "scale"), x, y, lo, hi, n, &p), HG_OK);
  assert_int_equal(p.weighted, lo != NULL);
  const char *name = text(t, r, "case");
  hg_assert_close(p.slope, num(t, r, "slope"), 1e-7, name);
  double v, l, u;
  assert_int_equal(hg_projection_at(&p, num(t, r, "x0"), &v, &l, &u), HG_OK);
  hg_assert_close(v, num(t, r, "projected"), 1e-7, name);
  hg_assert_close(l, num(t, r, "lower"), 1e-7, name);
  hg_assert_close(u, num(t, r, "upper"), 1e-7, name);
  double yt = hg_projection_years_to(&p, y[n - 1], num(t, r, "target"));
  hg_assert_close(yt, num(t, r, "years_to"), 1e-6, name);
  free(x);
  free(y);
  free(lo);
  free(hi);
}

static void test_against_reference(void **state) {
  (void)state;
  hg_table *t = hg_test_table(REF);
  assert_int_equal(hg_table_nrows(t), 7);
  for (size_t r = 0; r < hg_table_nrows(t); r++)
    check_case(t, r);
  hg_table_free(t);
}

static void test_method_for(void **state) {
  (void)state;
  assert_int_equal(hg_projection_method_for(HG_VT_PROPORTION), HG_PROJECT_LOGIT);
  assert_int_equal(hg_projection_method_for(HG_VT_MEAN), HG_PROJECT_LOG_LINEAR);
  assert_int_equal(hg_projection_method_for(HG_VT_DSR), HG_PROJECT_LOG_LINEAR);
  assert_int_equal(hg_projection_method_for(HG_VT_CRUDE_RATE), HG_PROJECT_LOG_LINEAR);
  assert_int_equal(hg_projection_method_for(HG_VT_LIFE_EXPECTANCY), HG_PROJECT_LINEAR);
  assert_int_equal(hg_projection_method_for(HG_VT_OTHER), HG_PROJECT_LINEAR);
}

/* A steep fall (City of London's PM2.5 falling 2.6 a year would be -4.5 in
 * 2040 on a straight line): log-linear stays above 0 and logit within
 * (0, 100) at every year the projection reaches. */
static void test_range(void **state) {
  (void)state;
  double x[] = {2013, 2016, 2019}, pm[] = {18.5, 16.0, 13.4};
  hg_projection p;
  assert_int_equal(hg_projection_fit(HG_PROJECT_LOG_LINEAR, 1, x, pm, NULL, NULL, 3, &p), HG_OK);
  double v, l, u;
  for (double yr = 2019; yr <= 2031; yr += 0.5) {
    assert_int_equal(hg_projection_at(&p, yr, &v, &l, &u), HG_OK);
    assert_true(l > 0 && v > 0 && u > 0);
  }
  double sm[] = {30, 15, 4}, hi[] = {35, 19, 6}, lo[] = {25, 11, 2.5};
  assert_int_equal(hg_projection_fit(HG_PROJECT_LOGIT, 100, x, sm, lo, hi, 3, &p), HG_OK);
  for (double yr = 2019; yr <= 2031; yr += 0.5) {
    assert_int_equal(hg_projection_at(&p, yr, &v, &l, &u), HG_OK);
    assert_true(l > 0 && u < 100 && v > 0 && v < 100);
  }
  /* A log-linear trend never reaches 0. */
  assert_true(isnan(hg_projection_years_to(&p, 4, 0)));
}

static void test_limits(void **state) {
  (void)state;
  double x[] = {2013, 2016, 2019}, y[] = {18.5, 16.0, 13.4};
  hg_projection p;
  double v, l, u;
  /* Span 6 years: 2031 (12 years on) is projected, 2032 is not. */
  assert_int_equal(hg_projection_fit(HG_PROJECT_LOG_LINEAR, 1, x, y, NULL, NULL, 3, &p), HG_OK);
  assert_int_equal(hg_projection_at(&p, 2031, &v, &l, &u), HG_OK);
  assert_int_equal(hg_projection_at(&p, 2032, &v, &l, &u), HG_ERR_RANGE);
  assert_true(isnan(v) && isnan(l) && isnan(u));
  assert_int_equal(hg_projection_fit(HG_PROJECT_LOG_LINEAR, 1, x, y, NULL, NULL, 2, &p),
                   HG_ERR_EMPTY);
  assert_string_equal(p.reason, "fewer than 3 points");
  double z[] = {1, 0, 2};
  assert_int_equal(hg_projection_fit(HG_PROJECT_LOG_LINEAR, 1, x, z, NULL, NULL, 3, &p),
                   HG_ERR_EMPTY);
  assert_string_equal(p.reason, "a value at or below 0 (log scale)");
  double same[] = {2019, 2019, 2019};
  assert_int_equal(hg_projection_fit(HG_PROJECT_LINEAR, 1, same, y, NULL, NULL, 3, &p),
                   HG_ERR_EMPTY);
  /* Rising while the target is below: never at this rate. */
  double up[] = {10, 11, 12};
  assert_int_equal(hg_projection_fit(HG_PROJECT_LINEAR, 1, x, up, NULL, NULL, 3, &p), HG_OK);
  assert_true(isnan(hg_projection_years_to(&p, 12, 5)));
  hg_assert_close(hg_projection_years_to(&p, 12, 14), 6.0, 1e-12, "years to 14 at 1/3 a year");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_against_reference),
      cmocka_unit_test(test_method_for),
      cmocka_unit_test(test_range),
      cmocka_unit_test(test_limits),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
