/* test_isr.c: calculate_ISRate / calculate_ISRatio against the package's
 * oracles, observed totals, and the validation messages. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "phe_oracle.h"

/* testresults_ISR rows 1-12: ISRate per 100000 and per 1000, ISRatio x1 and x100. */
static void test_multiarea_fields(void **state) {
  (void)state;
  hg_table *in = hg_test_table(PHE "testdata_DSR_ISR__testdata_multiarea_isr.csv");
  hg_table *o = hg_test_table(PHE "testdata_DSR_ISR__testresults_ISR.csv");
  static const struct {
    const char *method, *kname, *kval;
    size_t from;
  } cases[] = {{"israte", "multiplier", "100000", 0},
               {"israte", "multiplier", "1000", 3},
               {"isratio", "refvalue", "1", 6},
               {"isratio", "refvalue", "100", 9}};
  hg_error err;
  for (size_t c = 0; c < 4; c++) {
    const char *kv[] = {
        "x",      "count",      "n",     "pop",        "x_ref",      "refcount",     "n_ref",
        "refpop", "refpoptype", "field", "confidence", "0.95,0.998", cases[c].kname, cases[c].kval,
        NULL};
    hg_result *r = phe_run(cases[c].method, in, "area", kv, HG_OK, &err);
    assert_int_equal(hg_result_nrows(r), 3);
    size_t n = phe_compare(r, o, cases[c].from, cases[c].from + 3, "area", 0, NULL, 1e-9, 0);
    assert_true(n >= 27);
    hg_result_free(r);
  }
  /* generated (full precision, with the confidence column). */
  const char *kv[] = {"x", "count", "n", "pop", "x_ref", "refcount", "n_ref", "refpop", NULL};
  hg_result *r = phe_run("israte", in, "area", kv, HG_OK, &err);
  hg_table *g = hg_test_table(PHE "generated__calculate_ISRate_default.csv");
  assert_int_equal(hg_result_ncols(r), hg_table_ncols(g));
  assert_true(phe_compare(r, g, 0, 3, "area", 0, NULL, 1e-9, 0) >= 30);
  hg_result_free(r);
  hg_table_free(g);
  hg_table_free(in);
  hg_table_free(o);
}

/* The reference as vectors by position (R's default refpoptype), from refdata.csv. */
static char *vector_text(const hg_table *t, const char *col) {
  static char buf[2][1024];
  static int k;
  char *b = buf[k++ % 2];
  b[0] = '\0';
  for (size_t i = 0; i < hg_table_nrows(t); i++) {
    if (i)
      strcat(b, ",");
    strcat(b, hg_table_cell(t, i, (size_t)hg_table_col(t, col)));
  }
  return b;
}

static void test_vectors_and_err2(void **state) {
  (void)state;
  hg_table *ref = hg_test_table(PHE "testdata_DSR_ISR__refdata.csv");
  hg_table *in = hg_test_table(PHE "testdata_DSR_ISR__testdata_multiarea_isr.csv");
  hg_table *o = hg_test_table(PHE "testdata_DSR_ISR__testresults_ISR.csv");
  char *xr = vector_text(ref, "refcount"), *nr = vector_text(ref, "refpop");
  hg_error err;
  const char *kv[] = {"x",     "count", "n",          "pop",        "x_ref", xr,
                      "n_ref", nr,      "confidence", "0.95,0.998", NULL};
  hg_result *r = phe_run("israte", in, "area", kv, HG_OK, &err);
  assert_true(phe_compare(r, o, 0, 3, "area", 0, NULL, 1e-9, 0) >= 27);
  hg_result_free(r);
  /* Rows 13-16: testdata_err2 (a zero population is allowed), 95% only. */
  hg_table *e2 = hg_test_table(PHE "testdata_DSR_ISR__testdata_err2.csv");
  const char *kr[] = {"x", "count", "n", "pop", "x_ref", xr, "n_ref", nr, NULL};
  r = phe_run("israte", e2, "area", kr, HG_OK, &err);
  /* The oracle names the single-level limits lower95_0cl: compare them by hand. */
  for (size_t i = 0; i < 2; i++) {
    hg_assert_close(hg_result_get_number(r, i, (size_t)hg_result_col(r, "value")),
                    hg_test_num(o, 12 + i, "value"), 1e-9, "err2 rate");
    hg_assert_close(hg_result_get_number(r, i, (size_t)hg_result_col(r, "lowercl")),
                    hg_test_num(o, 12 + i, "lower95_0cl"), 1e-9, "err2 rate lower");
    hg_assert_close(hg_result_get_number(r, i, (size_t)hg_result_col(r, "uppercl")),
                    hg_test_num(o, 12 + i, "upper95_0cl"), 1e-9, "err2 rate upper");
  }
  hg_result_free(r);
  const char *kq[] = {"x", "count", "n", "pop", "x_ref", xr, "n_ref", nr, "refvalue", "100", NULL};
  r = phe_run("isratio", e2, "area", kq, HG_OK, &err);
  for (size_t i = 0; i < 2; i++) {
    hg_assert_close(hg_result_get_number(r, i, (size_t)hg_result_col(r, "expected")),
                    hg_test_num(o, 14 + i, "expected"), 1e-9, "err2 expected");
    hg_assert_close(hg_result_get_number(r, i, (size_t)hg_result_col(r, "value")),
                    hg_test_num(o, 14 + i, "value"), 1e-9, "err2 ratio");
    hg_assert_close(hg_result_get_number(r, i, (size_t)hg_result_col(r, "uppercl")),
                    hg_test_num(o, 14 + i, "upper95_0cl"), 1e-9, "err2 ratio upper");
  }
  hg_result_free(r);
  hg_table_free(e2);
  hg_table_free(ref);
  hg_table_free(in);
  hg_table_free(o);
}

/* observed_totals: observed counts without an age breakdown (issue 55). */
static void test_observed_totals(void **state) {
  (void)state;
  hg_table *in = hg_test_table(PHE "testdata_DSR_ISR__testdata_multiarea_isr.csv");
  hg_table *tot = hg_test_table(PHE "testdata_DSR_ISR__testdata_multiarea_lookup.csv");
  hg_table *o = hg_test_table(PHE "generated__calculate_ISRatio_2ci.csv");
  const char *names[] = {"x", "n", "x_ref", "n_ref", "confidence", "observed_totals"};
  const char *values[] = {"total_count", "pop", "refcount", "refpop", "0.95,0.998", "lookup.csv"};
  const hg_table *tables[] = {NULL, NULL, NULL, NULL, NULL, tot};
  const char *groups[] = {"area"};
  hg_method_call c = {hg_method_find("isratio"), in, groups, 1, names, values, tables, 6};
  hg_result *r = NULL;
  hg_error err;
  assert_int_equal(hg_method_run(&c, &r, &err), HG_OK);
  assert_true(phe_compare(r, o, 0, 3, "area", 0, NULL, 1e-9, 0) >= 30);
  hg_result_free(r);
  values[0] = "count"; /* not a column of the totals file */
  assert_int_equal(hg_method_run(&c, &r, &err), HG_ERR_INVALID);
  assert_string_equal(err.message, "observed_totals is provided but x is not a field name in it");
  hg_table_free(in);
  hg_table_free(tot);
  hg_table_free(o);
}

/* observed 0..12 against testdata_big's expected, refvalue 100 (Exact -> Byars at 10). */
static void test_observed_0_to_12(void **state) {
  (void)state;
  hg_table *o = hg_test_table(PHE "generated__calculate_ISRatio_observed_totals_0to12.csv");
  double lv[2] = {0.95, 0.998};
  long mj = hg_table_col(o, "method");
  for (size_t i = 0; i < hg_table_nrows(o); i++) {
    hg_estimate e;
    hg_isr(hg_test_num(o, i, "observed"), hg_test_num(o, i, "expected"), 100, lv, 2, &e);
    hg_assert_close(e.value, hg_test_num(o, i, "value"), 1e-9, "value");
    hg_assert_close(e.lower[0], hg_test_num(o, i, "lower95_0cl"), 1e-9, "lower95");
    hg_assert_close(e.upper[0], hg_test_num(o, i, "upper95_0cl"), 1e-9, "upper95");
    hg_assert_close(e.lower[1], hg_test_num(o, i, "lower99_8cl"), 1e-9, "lower998");
    hg_assert_close(e.upper[1], hg_test_num(o, i, "upper99_8cl"), 1e-9, "upper998");
    assert_string_equal(e.method == HG_CI_EXACT ? "Exact" : "Byars",
                        hg_table_cell(o, i, (size_t)mj));
  }
  hg_table_free(o);
}

static void test_errors(void **state) {
  (void)state;
  hg_table *t = phe_mem("area,x,n,xr,nr\nA,1,10,5,100\nA,2,10,5,100\nB,1,10,5,100\n");
  hg_table *eq =
      phe_mem("area,x,n,xr,nr\nA,1,10,5,100\nA,2,10,5,100\nB,1,10,5,100\nB,-1,10,5,100\n");
  hg_table *negn = phe_mem("area,x,n,xr,nr\nA,1,10,5,100\nA,2,-10,5,100\n");
  const char *m1[] = {"x", "x", "n", "n", "x_ref", "xr", NULL};
  phe_expect_error(
      "israte", t, NULL, m1,
      "function calculate_ISRate requires at least 5 arguments: data, x, n, x_ref and n_ref", 0);
  phe_expect_error(
      "isratio", t, NULL, m1,
      "function calculate_ISRatio requires at least 5 arguments: data, x, n, x_ref and n_ref", 0);
  const char *vec[] = {"x", "x", "n", "n", "x_ref", "5,5", "n_ref", "100,100", NULL};
  phe_expect_error("israte", t, "area", vec,
                   "data must contain the same number of rows for each group", 0);
  const char *nox[] = {"x", "nope", "n", "n", "x_ref", "xr", "n_ref", "nr", NULL};
  phe_expect_error("israte", t, NULL, nox, "x is not in data", 0);
  const char *rpt[] = {"x",     "x",  "n",          "n",      "x_ref", "xr",
                       "n_ref", "nr", "refpoptype", "column", NULL};
  phe_expect_error("israte", t, NULL, rpt, "valid values for refpoptype are vector and field", 0);
  const char *xlen[] = {"x", "x", "n", "n", "x_ref", "5,5,5", "n_ref", "100,100", NULL};
  phe_expect_error("israte", eq, "area", xlen,
                   "x_ref length must equal number of rows in each group within data", 0);
  const char *nlen[] = {"x", "x", "n", "n", "x_ref", "5,5", "n_ref", "100", NULL};
  phe_expect_error("israte", eq, "area", nlen,
                   "n_ref length must equal number of rows in each group within data", 0);
  const char *fx[] = {"x",     "x",  "n",          "n",     "x_ref", "zz",
                      "n_ref", "nr", "refpoptype", "field", NULL};
  phe_expect_error("israte", t, NULL, fx, "x_ref is not a field name from data", 0);
  const char *fn[] = {"x",     "x",  "n",          "n",     "x_ref", "xr",
                      "n_ref", "zz", "refpoptype", "field", NULL};
  phe_expect_error("isratio", t, NULL, fn, "n_ref is not a field name from data", 0);
  const char *ok[] = {"x", "x", "n", "n", "x_ref", "xr", "n_ref", "nr", NULL};
  phe_expect_error("israte", eq, "area", ok, "numerators must all be greater than or equal to zero",
                   5);
  phe_expect_error("isratio", negn, "area", ok,
                   "denominators must all be greater than or equal to zero", 3);
  const char *ty[] = {"x", "x", "n", "n", "x_ref", "xr", "n_ref", "nr", "type", "none", NULL};
  phe_expect_error("israte", t, NULL, ty,
                   "type must be one of value, lower, upper, standard or full", 0);
  const char *cf[] = {"x", "x", "n", "n", "x_ref", "xr", "n_ref", "nr", "confidence", "80", NULL};
  phe_expect_error("isratio", t, NULL, cf,
                   "confidence level must be between 90 and 100 or between 0.9 and 1", 0);
  hg_table_free(t);
  hg_table_free(eq);
  hg_table_free(negn);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_multiarea_fields), cmocka_unit_test(test_vectors_and_err2),
      cmocka_unit_test(test_observed_totals),  cmocka_unit_test(test_observed_0_to_12),
      cmocka_unit_test(test_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
