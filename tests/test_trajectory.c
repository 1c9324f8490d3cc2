/* test_trajectory.c: the trajectory chart's fitted trend at the target year
 * against the independent fit (tests/data/targets/projection_reference.py:
 * normal equations, tabled t quantiles), the trend's shape (yearly points,
 * stopping at the horizon), and both target chart kinds drawn. */
#include "hg_test.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "healthgap/chart.h"
#include "healthgap/table.h"
#include "render/pages_targets.h"

#define REF "tests/data/targets/projection_expected.csv"

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

static const char *cell(const hg_table *t, size_t r, const char *col) {
  long c = hg_table_col(t, col);
  assert_true(c >= 0);
  return hg_table_cell(t, r, (size_t)c);
}

static hg_projection_method method_named(const char *s) {
  return strcmp(s, "logit") == 0        ? HG_PROJECT_LOGIT
         : strcmp(s, "log-linear") == 0 ? HG_PROJECT_LOG_LINEAR
                                        : HG_PROJECT_LINEAR;
}

static void close_to(double got, const char *want) {
  double w = g_ascii_strtod(want, NULL);
  assert_true(fabs(got - w) <= 1e-7 * fmax(1.0, fabs(w)));
}

/* Every reference case: the chart's last point is the target year's
 * projection and interval, as the reference computes them. */
static void test_against_reference(void **state) {
  (void)state;
  hg_table *t = NULL;
  hg_error err;
  hg_error_clear(&err);
  assert_int_equal(hg_table_read(REF, NULL, &t, &err), HG_OK);
  size_t checked = 0;
  for (size_t r = 0; r < hg_table_nrows(t); r++) {
    size_t n = 0, nl = 0, nh = 0;
    double *x = numbers(cell(t, r, "years"), &n), *y = numbers(cell(t, r, "values"), &n);
    double *lo = numbers(cell(t, r, "lower95"), &nl), *hi = numbers(cell(t, r, "upper95"), &nh);
    double x0 = g_ascii_strtod(cell(t, r, "x0"), NULL);
    const char *want = cell(t, r, "projected");
    hg_chart_point *pts = NULL;
    size_t k =
        render_trajectory_fit(method_named(cell(t, r, "method")),
                              g_ascii_strtod(cell(t, r, "scale"), NULL), x, y, lo, hi, n, x0, &pts);
    if (*want) {
      assert_true(k > 1);
      assert_true(pts[k - 1].x == x0);
      close_to(pts[k - 1].value, want);
      close_to(pts[k - 1].lower, cell(t, r, "lower"));
      close_to(pts[k - 1].upper, cell(t, r, "upper"));
      assert_true(pts[0].x == x[0]); /* from the first observed year */
      for (size_t i = 1; i < k; i++)
        assert_true(pts[i].x > pts[i - 1].x && pts[i].lower <= pts[i].value &&
                    pts[i].value <= pts[i].upper);
      checked++;
    }
    g_free(pts);
    free(x);
    free(y);
    free(lo);
    free(hi);
  }
  assert_true(checked >= 4);
  hg_table_free(t);
}

/* Beyond the horizon (2 x the span past the last year) the trend stops there. */
static void test_horizon(void **state) {
  (void)state;
  const double x[] = {2013, 2016, 2019}, y[] = {15.855, 13.278, 10.797};
  hg_chart_point *pts = NULL;
  size_t k = render_trajectory_fit(HG_PROJECT_LOG_LINEAR, 1, x, y, NULL, NULL, 3, 2040, &pts);
  assert_true(k > 0);
  assert_true(pts[k - 1].x == 2031);
  for (size_t i = 0; i < k; i++)
    assert_true(pts[i].lower > 0); /* log-linear: never below 0 */
  g_free(pts);
  assert_int_equal(render_trajectory_fit(HG_PROJECT_LINEAR, 1, x, y, NULL, NULL, 2, 2030, &pts), 0);
  assert_null(pts);
}

static void test_draw_kinds(void **state) {
  (void)state;
  const double x[] = {2013, 2016, 2019}, y[] = {15.855, 13.278, 10.797};
  hg_chart_point obs[3], *fit = NULL;
  for (int i = 0; i < 3; i++) {
    hg_chart_point_init(&obs[i]);
    obs[i].x = x[i];
    obs[i].value = y[i];
  }
  size_t k = render_trajectory_fit(HG_PROJECT_LOG_LINEAR, 1, x, y, NULL, NULL, 3, 2030, &fit);
  hg_chart_series ser[2] = {{"Brent", HG_ROLE_AREA, obs, 3}, {"Brent", HG_ROLE_AREA, fit, k}};
  hg_chart_refline ref = {"Target: at most 10", 10, HG_ROLE_AREA};
  hg_chart_spec s;
  hg_chart_spec_init(&s, HG_CHART_TRAJECTORY);
  s.title = "Trajectory";
  s.series = ser;
  s.nseries = 2;
  s.refs = &ref;
  s.nrefs = 1;
  s.x_mark = 2030;
  hg_chart_stats st = {0};
  hg_chart_options o = {.stats = &st};
  unsigned char *px = NULL;
  int w, h;
  assert_int_equal(hg_chart_render_argb(&s, &o, &px, &w, &h), HG_OK);
  g_free(px);
  assert_int_equal(st.unknown_glyphs, 0);
  hg_chart_stats_clear(&st);
  /* the tracker: one row, two areas, one cell each */
  hg_chart_point cells[2];
  for (int i = 0; i < 2; i++) {
    hg_chart_point_init(&cells[i]);
    cells[i].label = i ? "London" : "England";
    cells[i].code = i ? "E12000007" : "E92000001";
    cells[i].value = 10.8;
    cells[i].x = 10;
    cells[i].period = "2019";
    cells[i].sig = i ? HG_CHART_SIG_SIMILAR : HG_CHART_SIG_NONE;
  }
  hg_chart_series row = {"his-pm25-2030 (Persons)\nPM2.5: at most 10", HG_ROLE_AREA, cells, 2};
  hg_chart_spec_init(&s, HG_CHART_TRACKER);
  s.title = "Target tracker";
  s.series = &row;
  s.nseries = 1;
  memset(&st, 0, sizeof st);
  assert_int_equal(hg_chart_render_argb(&s, &o, &px, &w, &h), HG_OK);
  g_free(px);
  assert_int_equal(st.cells, 2);
  hg_chart_stats_clear(&st);
  g_free(fit);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_against_reference),
      cmocka_unit_test(test_horizon),
      cmocka_unit_test(test_draw_kinds),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
