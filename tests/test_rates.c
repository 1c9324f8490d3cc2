/* test_rates.c: phe_proportion, phe_rate, phe_mean against the package's
 * oracles, through the method registry, and their validation messages. */
#include <math.h>
#include <string.h>

#include "phe_oracle.h"

static const char *const XN[] = {"Area", "Numerator", "Denominator", NULL};
static const char *const XN_EDGE[] = {"area", "x", "n", NULL};

/* testdata_Prop / testdata_Rate: rows 1-8 at one multiplier, 9-16 at another,
 * then NA rows; two confidence levels. */
static void xlsx_blocks(const char *method, const char *file, const char *m1, const char *m2,
                        int tail_in_second) {
  hg_table *o = hg_test_table(file);
  hg_table *in = phe_project(o, XN);
  hg_error err;
  size_t nrows = hg_table_nrows(o), cells = 0;
  const char *kv1[] = {"x",          "Numerator",  "n", "Denominator", "confidence",
                       "0.95,0.998", "multiplier", m1,  NULL};
  hg_result *r = phe_run(method, in, NULL, kv1, HG_OK, &err);
  assert_int_equal(hg_result_nrows(r), nrows);
  cells += phe_compare(r, o, 0, 8, NULL, 0, NULL, 1e-9, 0);
  if (!tail_in_second)
    cells += phe_compare(r, o, 16, nrows, NULL, 0, NULL, 1e-9, 0);
  hg_result_free(r);
  const char *kv2[] = {"x",          "Numerator",  "n", "Denominator", "confidence",
                       "0.95,0.998", "multiplier", m2,  NULL};
  r = phe_run(method, in, NULL, kv2, HG_OK, &err);
  cells += phe_compare(r, o, 8, 16, NULL, 0, NULL, 1e-9, 0);
  if (tail_in_second) /* the NA rows and Area12 (x > n) are per 100000 */
    cells += phe_compare(r, o, 16, nrows, NULL, 0, NULL, 1e-9, 0);
  assert_true(cells > 100);
  hg_result_free(r);
  hg_table_free(in);
  hg_table_free(o);
}

static void test_proportion_xlsx(void **state) {
  (void)state;
  xlsx_blocks("proportion", PHE "testdata_Proportion__testdata_Prop.csv", "1", "100", 0);
}

static void test_rate_xlsx(void **state) {
  (void)state;
  xlsx_blocks("rate", PHE "testdata_Rate__testdata_Rate.csv", "100", "100000", 1);
}

/* Grouped input is summed per group before the statistic (95% only). */
static void grouped(const char *method, const char *input, const char *file, const char *mult) {
  hg_table *src = hg_test_table(input);
  hg_table *in = phe_project(src, XN);
  hg_table *o = hg_test_table(file);
  hg_error err;
  const char *kv[] = {"x", "Numerator", "n", "Denominator", "multiplier", mult, NULL};
  hg_result *r = phe_run(method, in, "Area", kv, HG_OK, &err);
  assert_int_equal(hg_result_nrows(r), hg_table_nrows(o));
  assert_true(phe_compare(r, o, 0, hg_table_nrows(o), "Area", 0, NULL, 1e-9, 0) > 50);
  hg_result_free(r);
  hg_table_free(o);
  hg_table_free(in);
  hg_table_free(src);
}

static void test_proportion_grouped(void **state) {
  (void)state;
  grouped("proportion", PHE "testdata_Proportion__testdata_Prop.csv",
          PHE "testdata_Proportion__testdata_Prop_g.csv", "1");
}

static void test_rate_grouped(void **state) {
  (void)state;
  grouped("rate", PHE "testdata_Rate__testdata_Rate.csv", PHE "testdata_Rate__testdata_Rate_g.csv",
          "100000");
}

/* generated__phe_*_edge_*: inputs are the oracle's area, x, n columns. */
static void edge(const char *method, const char *file, const char *conf, const char *mult) {
  hg_table *o = hg_test_table(file);
  hg_table *in = phe_project(o, XN_EDGE);
  hg_error err;
  const char *kv[] = {"x", "x", "n", "n", "confidence", conf, "multiplier", mult, NULL};
  hg_result *r = phe_run(method, in, NULL, kv, HG_OK, &err);
  assert_int_equal(hg_result_nrows(r), hg_table_nrows(o));
  assert_int_equal(hg_result_ncols(r), hg_table_ncols(o)); /* the same columns, no more */
  for (size_t j = 0; j < hg_table_ncols(o); j++) /* R's names, our 95% limits as lowercl */
    assert_int_equal(phe_result_col(r, hg_table_colname(o, j)), (long)j);
  assert_true(phe_compare(r, o, 0, hg_table_nrows(o), "area", 0, NULL, 1e-9, 0) > 20);
  hg_result_free(r);
  hg_table_free(in);
  hg_table_free(o);
}

static void test_proportion_edges(void **state) {
  (void)state;
  edge("proportion", PHE "generated__phe_proportion_edge_2ci_pct.csv", "0.95,0.998", "100");
  edge("proportion", PHE "generated__phe_proportion_edge_default.csv", "0.95", "1");
  edge("proportion", PHE "generated__phe_proportion_edge_noci.csv", "NA", "1");
}

static void test_rate_edges(void **state) {
  (void)state;
  edge("rate", PHE "generated__phe_rate_edge_2ci.csv", "0.95,0.998", "100000");
  edge("rate", PHE "generated__phe_rate_edge_default.csv", "0.95", "100000");
  edge("rate", PHE "generated__phe_rate_edge_998_per1000.csv", "99.8", "1000");
}

/* testdata_Mean -> Mean_results: per area, and all 26 values ungrouped. */
static void test_mean_xlsx(void **state) {
  (void)state;
  hg_table *in = hg_test_table(PHE "testdata_Mean__testdata_Mean.csv");
  hg_table *o = hg_test_table(PHE "testdata_Mean__testdata_Mean_results.csv");
  hg_error err;
  const char *kv[] = {"x", "values", "confidence", "0.95,0.998", NULL};
  hg_result *r = phe_run("mean", in, "area", kv, HG_OK, &err);
  assert_true(phe_compare(r, o, 0, 2, "area", 0, NULL, 1e-8, 0) > 15);
  hg_result_free(r);
  r = phe_run("mean", in, NULL, kv, HG_OK, &err);
  assert_int_equal(hg_result_nrows(r), 1);
  assert_true(phe_compare(r, o, 2, 3, NULL, -2, NULL, 1e-8, 0) > 8);
  hg_result_free(r);
  hg_table_free(o);
  hg_table_free(in);
}

/* generated__phe_mean_edge_*: the inputs are not published, so the limits are
 * checked from the oracle's own count, value and stdev (n=1 gives NA). */
static void test_mean_edges(void **state) {
  (void)state;
  hg_table *o = hg_test_table(PHE "generated__phe_mean_edge_2ci.csv");
  for (size_t i = 0; i < hg_table_nrows(o); i++) {
    double n = hg_test_num(o, i, "value_count"), v = hg_test_num(o, i, "value");
    double sd = hg_test_num(o, i, "stdev"), lo, up;
    hg_assert_close(hg_test_num(o, i, "value_sum") / n, v, 1e-12, "mean");
    hg_mean_ci(v, sd, n, 0.95, &lo, &up);
    hg_assert_close(lo, hg_test_num(o, i, "lower95_0cl"), 1e-9, "lower95");
    hg_assert_close(up, hg_test_num(o, i, "upper95_0cl"), 1e-9, "upper95");
    hg_mean_ci(v, sd, n, 0.998, &lo, &up);
    hg_assert_close(lo, hg_test_num(o, i, "lower99_8cl"), 1e-9, "lower998");
    hg_assert_close(up, hg_test_num(o, i, "upper99_8cl"), 1e-9, "upper998");
  }
  hg_table_free(o);
  /* M2 of the same file is {1, 3} (sum 4, sd sqrt(2)); check the full path too. */
  double x[2] = {1, 3}, lv[1] = {0.95};
  hg_mean_result m;
  hg_mean(x, 2, lv, 1, &m);
  hg_table *d = hg_test_table(PHE "generated__phe_mean_edge_default.csv");
  hg_assert_close(m.stdev, hg_test_num(d, 1, "stdev"), 1e-12, "sd");
  hg_assert_close(m.est.lower[0], hg_test_num(d, 1, "lowercl"), 1e-9, "lowercl");
  hg_table_free(d);
}

static void test_types(void **state) {
  (void)state;
  hg_table *t = phe_mem("a,x,n\nA,1,10\nB,2,10\n");
  hg_error err;
  const char *kv[] = {"x", "x", "n", "n", "type", "lower", NULL};
  hg_result *r = phe_run("rate", t, NULL, kv, HG_OK, &err);
  assert_int_equal(hg_result_ncols(r), 4); /* a, x, n, lowercl */
  assert_string_equal(hg_result_colname(r, 3), "lowercl");
  hg_result_free(r);
  const char *kv2[] = {"x", "x", "type", "value", NULL};
  r = phe_run("mean", t, NULL, kv2, HG_OK, &err);
  assert_int_equal(hg_result_ncols(r), 1); /* value only: value_sum etc. dropped */
  hg_result_free(r);
  const char *kv3[] = {"x", "x", "n", "n", "type", "standard", NULL};
  r = phe_run("proportion", t, NULL, kv3, HG_OK, &err);
  assert_int_equal(hg_result_col(r, "method"), -1);
  assert_true(hg_result_col(r, "uppercl") > 0);
  hg_result_free(r);
  hg_table_free(t);
}

/* Every message of phe_proportion, phe_rate and phe_mean, in R's order. */
static void test_errors(void **state) {
  (void)state;
  hg_table *ok = phe_mem("a,x,n\nA,1,10\nB,2,10\n");
  hg_table *neg = phe_mem("a,x,n\nA,1,10\nB,-2,10\n");
  hg_table *zero = phe_mem("a,x,n\nA,1,0\nB,-2,10\n");
  hg_table *over = phe_mem("a,x,n\nA,11,10\n");
  const char *only_x[] = {"x", "x", NULL};
  const char *xn[] = {"x", "x", "n", "n", NULL};
  phe_expect_error("proportion", ok, NULL, only_x,
                   "function phe_proportion requires at least 3 arguments: data, x, n", 0);
  phe_expect_error("rate", ok, NULL, only_x,
                   "function phe_rate requires at least 3 arguments: data, x, n", 0);
  phe_expect_error("mean", ok, NULL, NULL,
                   "function phe_mean requires at least 2 arguments: data, x", 0);
  phe_expect_error("proportion", neg, NULL, xn, "numerators must be greater than or equal to zero",
                   3);
  phe_expect_error("rate", neg, NULL, xn, "numerators must be greater than or equal to zero", 3);
  /* x < 0 is tested before n <= 0, whatever the rows. */
  phe_expect_error("proportion", zero, NULL, xn, "numerators must be greater than or equal to zero",
                   3);
  hg_table *zero_only = phe_mem("a,x,n\nA,1,0\n");
  phe_expect_error("proportion", zero_only, NULL, xn, "denominators must be greater than zero", 2);
  phe_expect_error("rate", zero_only, NULL, xn, "denominators must be greater than zero", 2);
  phe_expect_error(
      "proportion", over, NULL, xn,
      "numerators must be less than or equal to denominator for a proportion statistic", 2);
  const char *bad_type[] = {"x", "x", "n", "n", "type", "all", NULL};
  const char *msg_type = "type must be one of value, lower, upper, standard or full";
  phe_expect_error("proportion", ok, NULL, bad_type, msg_type, 0);
  phe_expect_error("rate", ok, NULL, bad_type, msg_type, 0);
  phe_expect_error("mean", ok, NULL, bad_type, msg_type, 0);
  const char *bad_conf[] = {"x", "x", "n", "n", "confidence", "0.8", NULL};
  phe_expect_error(
      "proportion", ok, NULL, bad_conf,
      "confidence level, if specified, must be between 90 and 100 or between 0.9 and 1", 0);
  phe_expect_error("rate", ok, NULL, bad_conf,
                   "confidence level must be between 90 and 100 or between 0.9 and 1", 0);
  phe_expect_error("mean", ok, NULL, bad_conf,
                   "confidence level must be between 90 and 100 or between 0.9 and 1", 0);
  const char *three[] = {"x", "x", "n", "n", "confidence", "0.95,0.998,0.99", NULL};
  phe_expect_error("rate", ok, NULL, three, "a maximum of two confidence levels can be provided",
                   0);
  const char *pct_pair[] = {"x", "x", "n", "n", "confidence", "95,99", NULL};
  phe_expect_error(
      "proportion", ok, NULL, pct_pair,
      "two confidence levels can only be produced if they are specified as 0.95 and 0.998", 0);
  /* rate allows x > n (oracle Area12). */
  hg_error err;
  hg_result_free(phe_run("rate", over, NULL, xn, HG_OK, &err));
  hg_table_free(ok);
  hg_table_free(neg);
  hg_table_free(zero);
  hg_table_free(zero_only);
  hg_table_free(over);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_proportion_xlsx),
      cmocka_unit_test(test_rate_xlsx),
      cmocka_unit_test(test_proportion_grouped),
      cmocka_unit_test(test_rate_grouped),
      cmocka_unit_test(test_proportion_edges),
      cmocka_unit_test(test_rate_edges),
      cmocka_unit_test(test_mean_xlsx),
      cmocka_unit_test(test_mean_edges),
      cmocka_unit_test(test_types),
      cmocka_unit_test(test_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
