/* test_dsr.c: calculate_dsr against the package's oracles: Dobson
 * limits, suppression, non-independent events, the band-key join of ESP2013,
 * the variance output, and every validation message. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "phe_oracle.h"

static double *column(const hg_table *t, const char *name, size_t from, size_t n) {
  double *v = calloc(n + 1, sizeof *v);
  for (size_t i = 0; i < n; i++)
    v[i] = hg_test_num(t, from + i, name);
  return v;
}

static void expect_dsr(const hg_dsr_result *d, const hg_table *o, size_t row, int two, double rel) {
  char msg[128];
  snprintf(msg, sizeof msg, "%s row %zu", hg_table_name(o), row + 2);
  hg_assert_close(d->total_count, hg_test_num(o, row, "total_count"), 1e-12, msg);
  hg_assert_close(d->total_pop, hg_test_num(o, row, "total_pop"), 1e-12, msg);
  hg_assert_close(d->value, hg_test_num(o, row, "value"), rel, msg);
  hg_assert_close(d->lower[0], hg_test_num(o, row, two == 2 ? "lower95_0cl" : "lowercl"), rel, msg);
  hg_assert_close(d->upper[0], hg_test_num(o, row, two == 2 ? "upper95_0cl" : "uppercl"), rel, msg);
  if (two == 2) {
    hg_assert_close(d->lower[1], hg_test_num(o, row, "lower99_8cl"), rel, msg);
    hg_assert_close(d->upper[1], hg_test_num(o, row, "upper99_8cl"), rel, msg);
  }
}

/* The R tests join ESP2013 to testdata_multiarea by position (its 12th band is
 * mislabelled "55-69"); the pure function takes arrays, so do the same here. */
static void test_multiarea(void **state) {
  (void)state;
  hg_table *in = hg_test_table(PHE "testdata_DSR_ISR__testdata_multiarea.csv");
  hg_table *esp = hg_test_table(PHE "esp2013.csv");
  hg_table *x = hg_test_table(PHE "testdata_DSR_ISR__testresults_DSR.csv");
  hg_table *g2 = hg_test_table(PHE "generated__calculate_dsr_multiarea_2ci.csv");
  hg_table *g1 = hg_test_table(PHE "generated__calculate_dsr_multiarea_default.csv");
  double *w = column(esp, "esp2013", 0, 19);
  double lv[2] = {0.95, 0.998};
  for (size_t a = 0; a < 3; a++) {
    double *cnt = column(in, "count", a * 19, 19), *pop = column(in, "pop", a * 19, 19);
    hg_dsr_result d;
    assert_int_equal(hg_dsr(cnt, pop, w, 19, 1e4, lv, 2, &d), HG_OK);
    if (a < 2)
      expect_dsr(&d, x, a, 2, 1e-9); /* rows 1-3: per 10000 (tiny is suppressed) */
    else
      assert_true(d.suppressed && isnan(d.value) && isnan(d.lower[0]) && d.total_count == 9);
    assert_int_equal(hg_dsr(cnt, pop, w, 19, 1e5, lv, 2, &d), HG_OK);
    if (a < 2) {
      expect_dsr(&d, x, 4 + a, 2, 1e-9); /* rows 5-7: per 100000 */
      expect_dsr(&d, g2, a, 2, 1e-9);
      expect_dsr(&d, g1, a, 1, 1e-9);
      /* vardsr (issue 95) is the variance behind the Dobson interval:
       * upper - value = sqrt(var/O) * (byars_upper(O) - O), from the oracle. */
      double O = hg_test_num(g2, a, "total_count");
      double span = hg_test_num(g2, a, "upper95_0cl") - hg_test_num(g2, a, "value");
      double want = pow(span / (hg_byars_upper(O, 0.95) - O), 2) * O;
      hg_assert_close(d.vardsr, want, 1e-9, "vardsr");
    }
    free(cnt);
    free(pop);
  }
  free(w);
  hg_table_free(in);
  hg_table_free(esp);
  hg_table_free(x);
  hg_table_free(g1);
  hg_table_free(g2);
}

/* testdata_1976: a user standard population column (18 bands, 85+); rows 4 and
 * 8 of testresults_DSR (their 99.8% cells are wrong in the workbook: skipped). */
static void test_1976(void **state) {
  (void)state;
  hg_table *in = hg_test_table(PHE "testdata_DSR_ISR__testdata_1976.csv");
  hg_table *x = hg_test_table(PHE "testdata_DSR_ISR__testresults_DSR.csv");
  hg_error err;
  static const char *const cols[] = {"total_count", "total_pop",   "value",
                                     "lower95_0cl", "upper95_0cl", NULL};
  const char *kv[] = {"x",          "count",      "n",          "pop",   "stdpop", "esp1976",
                      "confidence", "0.95,0.998", "multiplier", "10000", NULL};
  hg_result *r = phe_run("dsr", in, NULL, kv, HG_OK, &err);
  assert_int_equal(phe_compare(r, x, 3, 4, NULL, -3, cols, 1e-9, 0), 5);
  hg_result_free(r);
  const char *kv5[] = {"x",       "count",      "n",          "pop", "stdpop",
                       "esp1976", "confidence", "0.95,0.998", NULL};
  r = phe_run("dsr", in, NULL, kv5, HG_OK, &err);
  assert_int_equal(phe_compare(r, x, 7, 8, NULL, -7, cols, 1e-9, 0), 5);
  hg_result_free(r);
  hg_table_free(in);
  hg_table_free(x);
}

/* Edge cases: 10 events (shown), 9 (suppressed), all zero, an NA count, and an
 * under-75 group with 15 bands and its own stdpop sum. */
static void test_edges(void **state) {
  (void)state;
  hg_table *in = hg_test_table(PHE "generated__calculate_dsr_edge_input.csv");
  hg_table *o = hg_test_table(PHE "generated__calculate_dsr_edge_2ci.csv");
  hg_error err;
  const char *kv[] = {"x",       "count",      "n",          "pop", "stdpop",
                      "esp2013", "confidence", "0.95,0.998", NULL};
  hg_result *r = phe_run("dsr", in, "area", kv, HG_OK, &err);
  assert_int_equal(hg_result_nrows(r), 5);
  assert_int_equal(hg_result_ncols(r), hg_table_ncols(o));
  assert_true(phe_compare(r, o, 0, 5, "area", 0, NULL, 1e-9, 0) >= 55);
  hg_result_free(r);
  /* The same through the built-in ESP2013 joined on the start-age band key. */
  const char *kvb[] = {"x",       "count",   "n",       "pop",        "stdpop_builtin",
                       "esp2013", "ageband", "ageband", "confidence", "0.95,0.998",
                       NULL};
  r = phe_run("dsr", in, "area", kvb, HG_OK, &err);
  assert_true(phe_compare(r, o, 0, 5, "area", 0, NULL, 1e-9, 0) >= 55);
  hg_result_free(r);
  hg_table_free(in);
  hg_table_free(o);
}

static void test_nonindependent(void **state) {
  (void)state;
  hg_table *in = hg_test_table(PHE "generated__calculate_dsr_nonindependent_input_long.csv");
  hg_table *o = hg_test_table(PHE "generated__calculate_dsr_nonindependent_2ci.csv");
  hg_table *x = hg_test_table(PHE "testdata_DSR_ISR__testresults_DSR.csv");
  hg_error err;
  const char *kv[] = {"x",          "persons",    "n",
                      "pop",        "stdpop",     "esp2013",
                      "confidence", "0.95,0.998", "independent_events",
                      "FALSE",      "eventfreq",  "freq",
                      "ageband",    "ageband",    NULL};
  hg_result *r = phe_run("dsr", in, "area", kv, HG_OK, &err);
  assert_int_equal(hg_result_nrows(r), 4);
  assert_true(phe_compare(r, o, 0, 4, "area", 0, NULL, 1e-9, 0) >= 40);
  /* The workbook rows 9-12 are rounded to 8 dp. */
  static const char *const cols[] = {"total_count", "total_pop",   "value",
                                     "lower95_0cl", "upper95_0cl", "lower99_8cl",
                                     "upper99_8cl", "method",      NULL};
  assert_true(phe_compare(r, x, 8, 12, "area", 0, cols, 0, 1e-8) >= 24);
  hg_result_free(r);
  /* Same persons, wrong populations for one frequency row: refused. */
  hg_table *bad =
      phe_mem("area,ageband,pop,freq,persons,std\nA,0-4,100,1,5,5000\nA,0-4,101,2,1,5000\n");
  const char *kvb[] = {
      "x",     "persons",   "n",    "pop",     "stdpop",  "std", "independent_events",
      "FALSE", "eventfreq", "freq", "ageband", "ageband", NULL};
  phe_expect_error("dsr", bad, "area", kvb,
                   "There are rows with the same grouping variables and ageband but with different "
                   "populations (n) or standard populations(stdpop)",
                   3);
  hg_table_free(bad);
  hg_table_free(in);
  hg_table_free(o);
  hg_table_free(x);
}

/* The 12th band of testdata_multiarea is labelled "55-69": joining by key finds
 * it, where a positional join (R) silently uses 55-59's weight (issue 31). */
static void test_join_by_key(void **state) {
  (void)state;
  hg_table *in = hg_test_table(PHE "testdata_DSR_ISR__testdata_multiarea.csv");
  const char *kv[] = {"x",       "count",   "n",       "pop", "stdpop_builtin",
                      "esp2013", "ageband", "ageband", NULL};
  phe_expect_error("dsr", in, "area", kv,
                   "age band '55-69' is not in the standard population esp2013", 13);
  hg_table_free(in);
  /* Labels in other spellings join too: "00-04", "0 – 4", "90 +". */
  hg_table *t =
      phe_mem("ageband,x,n\n00-04,10,100\n0 \xE2\x80\x93 4,10,100\n90 +,10,100\n90plus,10,100\n");
  hg_error err;
  const char *kv2[] = {"x", "x", "n", "n", "stdpop_builtin", "esp2013", "ageband", "ageband", NULL};
  hg_result *r = phe_run("dsr", t, "ageband", kv2, HG_OK, &err);
  assert_int_equal(hg_result_nrows(r), 4);
  hg_result_free(r);
  hg_table_free(t);
}

static void test_errors(void **state) {
  (void)state;
  const char *kv[] = {"x", "count", "n", "pop", "stdpop", "stdpop", NULL};
  hg_table *e1 = hg_test_table(PHE "testdata_DSR_ISR__testdata_err1.csv");
  phe_expect_error("dsr", e1, NULL, kv, "numerators must all be greater than or equal to zero", 0);
  hg_table *e3 = hg_test_table(PHE "testdata_DSR_ISR__testdata_err3.csv");
  phe_expect_error("dsr", e3, NULL, kv, "denominators must all be greater than zero", 3);
  hg_table *e4 = hg_test_table(PHE "testdata_DSR_ISR__testdata_err4.csv");
  phe_expect_error("dsr", e4, NULL, kv, "stdpop must all be greater than or equal to zero", 0);
  hg_table *e2 = hg_test_table(PHE "testdata_DSR_ISR__testdata_err2.csv");
  const char *kv2[] = {"x",       "count",   "n",    "pop", "stdpop_builtin",
                       "esp2013", "ageband", "area", NULL};
  phe_expect_error("dsr", e2, NULL, kv2,
                   "age band 'Area1' is not in the standard population esp2013", 2);

  hg_table *t = phe_mem("a,x,n,w,s,f,b\nA,1,10,5,q,1,0-4\nA,2,10,5,q,1,5-9\n");
  const char *m1[] = {"x", "x", "n", "n", NULL};
  phe_expect_error("dsr", t, NULL, m1,
                   "function calculate_dsr requires at least 4 arguments: data, x, n, stdpop", 0);
  const char *m3[] = {"x", "nope", "n", "n", "stdpop", "w", NULL};
  phe_expect_error("dsr", t, NULL, m3, "x is not a field name from data", 0);
  const char *m4[] = {"x", "x", "n", "nope", "stdpop", "w", NULL};
  phe_expect_error("dsr", t, NULL, m4, "n is not a field name from data", 0);
  const char *m5[] = {"x", "x", "n", "n", "stdpop", "nope", NULL};
  phe_expect_error("dsr", t, NULL, m5, "stdpop is not a field name from data", 0);
  const char *m6[] = {"x", "s", "n", "n", "stdpop", "w", NULL};
  phe_expect_error("dsr", t, NULL, m6, "field x must be numeric", 2);
  const char *m7[] = {"x", "x", "n", "s", "stdpop", "w", NULL};
  phe_expect_error("dsr", t, NULL, m7, "field n must be numeric", 2);
  const char *m8[] = {"x", "x", "n", "n", "stdpop", "s", NULL};
  phe_expect_error("dsr", t, NULL, m8, "field stdpop must be numeric", 2);
  hg_table *na = phe_mem("x,n,w\n1,,5\n2,10,\n");
  const char *m9[] = {"x", "x", "n", "n", "stdpop", "w", NULL};
  phe_expect_error("dsr", na, NULL, m9, "field n cannot have missing values", 2);
  hg_table *na2 = phe_mem("x,n,w\n1,10,5\n2,10,\n");
  phe_expect_error("dsr", na2, NULL, m9, "field stdpop cannot have missing values", 3);
  const char *m14[] = {"x", "x", "n", "n", "stdpop", "w", "type", "x", NULL};
  phe_expect_error("dsr", t, NULL, m14, "type must be one of value, lower, upper, standard or full",
                   0);
  const char *m14b[] = {"x", "x", "n", "n", "stdpop", "w", "confidence", "high", NULL};
  phe_expect_error("dsr", t, NULL, m14b, "confidence must be numeric", 0);
  const char *m14c[] = {"x", "x", "n", "n", "stdpop", "w", "confidence", "0.5", NULL};
  phe_expect_error("dsr", t, NULL, m14c,
                   "confidence level must be between 90 and 100 or between 0.9 and 1", 0);
  const char *m14d[] = {"x", "x", "n", "n", "stdpop", "w", "confidence", "0.95,0.99", NULL};
  phe_expect_error(
      "dsr", t, NULL, m14d,
      "two confidence levels can only be produced if they are specified as 0.95 and 0.998", 0);
  const char *m14e[] = {"x", "x", "n", "n", "stdpop", "w", "confidence", "0.9,0.95,0.998", NULL};
  phe_expect_error("dsr", t, NULL, m14e, "a maximum of two confidence levels can be provided", 0);
  const char *m15[] = {"x", "x", "n", "n", "stdpop", "w", "multiplier", "lots", NULL};
  phe_expect_error("dsr", t, NULL, m15, "multiplier must be numeric", 0);
  const char *m16[] = {"x", "x", "n", "n", "stdpop", "w", "multiplier", "-1", NULL};
  phe_expect_error("dsr", t, NULL, m16, "multiplier must be greater than 0", 0);
  const char *m17[] = {"x", "x", "n", "n", "stdpop", "w", "independent_events", "maybe", NULL};
  phe_expect_error("dsr", t, NULL, m17, "independent_events must be TRUE or FALSE", 0);
  const char *n1[] = {"x", "x", "n", "n", "stdpop", "w", "independent_events", "FALSE", NULL};
  phe_expect_error("dsr", t, NULL, n1,
                   "function calculate_dsr requires an eventfreq column to be specified when "
                   "independent_events is FALSE",
                   0);
  const char *n2[] = {"x",     "x",         "n", "n", "stdpop", "w", "independent_events",
                      "FALSE", "eventfreq", "z", NULL};
  phe_expect_error("dsr", t, NULL, n2, "eventfreq is not a field name from data", 0);
  const char *n3[] = {"x",     "x",         "n", "n", "stdpop", "w", "independent_events",
                      "FALSE", "eventfreq", "s", NULL};
  phe_expect_error("dsr", t, NULL, n3, "eventfreq field must be numeric", 2);
  const char *n5[] = {"x",     "x",         "n", "n", "stdpop", "w", "independent_events",
                      "FALSE", "eventfreq", "f", NULL};
  phe_expect_error("dsr", t, NULL, n5,
                   "function calculate_dsr requires an ageband column to be specified when "
                   "independent_events is FALSE",
                   0);
  const char *n6[] = {"x",     "x",         "n", "n",       "stdpop", "w", "independent_events",
                      "FALSE", "eventfreq", "f", "ageband", "z",      NULL};
  phe_expect_error("dsr", t, NULL, n6, "ageband is not a field name from data", 0);
  hg_table *nf = phe_mem("x,n,w,f,b\n1,10,5,,0-4\n1,10,5,1,\n");
  const char *n4[] = {"x",     "x",         "n", "n",       "stdpop", "w", "independent_events",
                      "FALSE", "eventfreq", "f", "ageband", "b",      NULL};
  phe_expect_error("dsr", nf, NULL, n4, "eventfreq field must not have any missing values", 2);
  hg_table *nb = phe_mem("x,n,w,f,b\n1,10,5,1,0-4\n1,10,5,1,\n");
  phe_expect_error("dsr", nb, NULL, n4, "ageband field must not have any missing values", 3);
  hg_table_free(e1);
  hg_table_free(e2);
  hg_table_free(e3);
  hg_table_free(e4);
  hg_table_free(t);
  hg_table_free(na);
  hg_table_free(na2);
  hg_table_free(nf);
  hg_table_free(nb);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_multiarea),   cmocka_unit_test(test_1976),
      cmocka_unit_test(test_edges),       cmocka_unit_test(test_nonindependent),
      cmocka_unit_test(test_join_by_key), cmocka_unit_test(test_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
