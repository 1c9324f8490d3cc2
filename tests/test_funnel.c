/* test_funnel.c: funnel limits, significance and points against the package's
 * oracles, and their validation messages. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "phe_oracle.h"

static double *column(const hg_table *t, const char *name) {
  double *v = calloc(hg_table_nrows(t) + 1, sizeof *v);
  long j = hg_table_col(t, name);
  assert_true(j >= 0);
  for (size_t i = 0; i < hg_table_nrows(t); i++) {
    const char *s = hg_table_cell(t, i, (size_t)j);
    v[i] = NAN;
    if (strcmp(s, "NA") != 0)
      v[i] = hg_test_num(t, i, name);
  }
  return v;
}

static const char *const LIM[4] = {"lower_2s", "upper_2s", "lower_3s", "upper_3s"};

/* Compares a computed table with an oracle: x column, limits named
 * <lim>_<limit_suffix>, aux columns <lim>_<aux_suffix> (NULL: none), baseline. */
static void compare_table(const hg_funnel_table *ft, const char *file, const char *xname,
                          const char *limit_suffix, const char *aux_suffix, int baseline,
                          double rel, double abs_tol) {
  hg_table *o = hg_test_table(file);
  assert_int_equal(hg_table_nrows(o), HG_FUNNEL_POINTS);
  char name[64], msg[160];
  for (size_t i = 0; i < HG_FUNNEL_POINTS; i++) {
    assert_true(ft->x[i] == hg_test_num(o, i, xname));
    for (int l = 0; l < 4; l++) {
      snprintf(name, sizeof name, "%s_%s", LIM[l], limit_suffix);
      snprintf(msg, sizeof msg, "%s row %zu %s", file, i + 2, name);
      double e = hg_test_num(o, i, name);
      if (!(fabs(ft->limit[l][i] - e) <= abs_tol))
        hg_assert_close(ft->limit[l][i], e, rel, msg);
      if (aux_suffix) {
        snprintf(name, sizeof name, "%s_%s", LIM[l], aux_suffix);
        e = hg_test_num(o, i, name);
        if (!(fabs(ft->aux[l][i] - e) <= abs_tol))
          hg_assert_close(ft->aux[l][i], e, rel, name);
      }
    }
    if (baseline) {
      double e = hg_test_num(o, i, "baseline");
      if (!(fabs(ft->baseline - e) <= abs_tol))
        hg_assert_close(ft->baseline, e, rel, "baseline");
    }
  }
  hg_table_free(o);
}

static void test_proportion_limits(void **state) {
  (void)state;
  hg_table *in = hg_test_table(PHE "testdata_funnel_prop_inputs.csv");
  size_t n = hg_table_nrows(in);
  double *num = column(in, "numerator"), *den = column(in, "denominator");
  hg_funnel_options o = {.statistic = HG_FUNNEL_PROPORTION, .multiplier = 100};
  hg_funnel_table ft;
  assert_int_equal(hg_funnel_limits(&o, num, den, n, &ft), HG_OK);
  compare_table(&ft, PHE "generated__funnel_limits_proportion_full.csv", "Population", "limit",
                NULL, 1, 1e-8, 0);
  compare_table(&ft, PHE "testdata_funnel_prop_outputs.csv", "Population", "limit", NULL, 1, 0,
                1e-6);
  /* Axis variation: only denominators < 31000 (the axis minimum is not 0); 8 dp. */
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (den[i] < 31000) {
      num[k] = num[i];
      den[k++] = den[i];
    }
  assert_int_equal(hg_funnel_limits(&o, num, den, k, &ft), HG_OK);
  compare_table(&ft, PHE "testdata_funnel_prop_outputs_with_axis_variation.csv", "Population",
                "limit", NULL, 1, 0, 1e-8);
  free(num);
  free(den);
  hg_table_free(in);
}

static void test_ratio_limits(void **state) {
  (void)state;
  hg_table *in = hg_test_table(PHE "testdata_funnel_ratio_inputs.csv");
  size_t n = hg_table_nrows(in);
  double *num = column(in, "obs"), *den = column(in, "expected");
  hg_funnel_options o = {.statistic = HG_FUNNEL_RATIO, .ratio_isr = 1, .multiplier = 100};
  hg_funnel_table ft;
  assert_int_equal(hg_funnel_limits(&o, num, den, n, &ft), HG_OK);
  compare_table(&ft, PHE "generated__funnel_limits_ratio_isr_full.csv", "Observed_events", "limit",
                "exp_events", 0, 1e-8, 0);
  /* The xlsx oracle: *_isr and *_count columns, rounded (about 10 significant digits). */
  compare_table(&ft, PHE "testdata_funnel_ratio_outputs.csv", "Observed_events", "isr",
                "exp_events", 0, 1e-8, 1e-9);
  o.ratio_isr = 0;
  assert_int_equal(hg_funnel_limits(&o, num, den, n, &ft), HG_OK);
  compare_table(&ft, PHE "testdata_funnel_ratio_outputs.csv", "Observed_events", "count", NULL, 0,
                1e-8, 1e-9);
  free(num);
  free(den);
  hg_table_free(in);
}

/* Index of the largest value. */
static size_t argmax(const double *v, size_t n) {
  size_t m = 0;
  for (size_t i = 1; i < n; i++)
    if (v[i] > v[m])
      m = i;
  return m;
}

static void test_rate_limits(void **state) {
  (void)state;
  hg_table *in = hg_test_table(PHE "testdata_funnel_rate_input_funnels.csv");
  size_t n = hg_table_nrows(in);
  double *ev = column(in, "ev"), *rate = column(in, "rate"), *dd = calloc(n, sizeof *dd);
  hg_funnel_options o = {.statistic = HG_FUNNEL_RATE, .multiplier = 1e5, .years_of_data = 3};
  hg_funnel_table ft;
  hg_funnel_denominators(&o, ev, NULL, rate, n, dd);
  assert_int_equal(hg_funnel_limits(&o, ev, dd, n, &ft), HG_OK);
  compare_table(&ft, PHE "generated__funnel_limits_rate_dsr_full.csv", "Events", "limit",
                "population_1_year", 1, 1e-8, 0);
  compare_table(&ft, PHE "testdata_funnel_rate_outputs.csv", "Events", "limit", "population_1_year",
                1, 1e-8, 0);
  /* outputs_2: crude, after setting the largest ev to 5. */
  size_t m = argmax(ev, n);
  double keep = ev[m];
  ev[m] = 5;
  o.rate_crude = 1;
  hg_funnel_denominators(&o, ev, NULL, rate, n, dd);
  assert_int_equal(hg_funnel_limits(&o, ev, dd, n, &ft), HG_OK);
  compare_table(&ft, PHE "testdata_funnel_rate_outputs_2.csv", "Events", "limit",
                "population_1_year", 1, 1e-8, 0);
  /* outputs_3: crude with a denominator pop = 1e5*ev/rate; the largest-ev row
   * becomes ev = 0, rate = 0; rows with pop > max(pop)/2 are kept. */
  ev[m] = keep;
  double *pop = calloc(n, sizeof *pop), *e2 = calloc(n, sizeof *e2), *r2 = calloc(n, sizeof *r2),
         *p2 = calloc(n, sizeof *p2);
  for (size_t i = 0; i < n; i++)
    pop[i] = 1e5 * ev[i] / rate[i];
  ev[m] = 0;
  rate[m] = 0;
  double maxpop = pop[argmax(pop, n)];
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (pop[i] > maxpop / 2) {
      e2[k] = ev[i];
      r2[k] = rate[i];
      p2[k++] = pop[i];
    }
  hg_funnel_denominators(&o, e2, p2, r2, k, dd);
  assert_int_equal(hg_funnel_limits(&o, e2, dd, k, &ft), HG_OK);
  compare_table(&ft, PHE "testdata_funnel_rate_outputs_3.csv", "Events", "limit",
                "population_1_year", 1, 1e-8, 0);
  free(pop);
  free(e2);
  free(r2);
  free(p2);
  free(ev);
  free(rate);
  free(dd);
  hg_table_free(in);
}

/* Runs assign_funnel_significance through the registry and compares labels. */
static size_t significance(const char *file, const char *const *kv, const char *expected,
                           size_t from, size_t to) {
  hg_table *in = hg_test_table(file);
  hg_error err;
  hg_result *r = phe_run("funnel-significance", in, NULL, kv, HG_OK, &err);
  long sj = hg_result_col(r, "significance");
  long ej = hg_table_col(in, expected);
  assert_true(sj >= 0 && ej >= 0);
  size_t n = 0;
  for (size_t i = from; i < to && i < hg_table_nrows(in); i++, n++) {
    const char *got = hg_result_get_text(r, i - from, (size_t)sj);
    if (strcmp(got, hg_table_cell(in, i, (size_t)ej)) != 0) {
      print_error("%s row %zu: want '%s', got '%s'\n", file, i + 2,
                  hg_table_cell(in, i, (size_t)ej), got);
      fail();
    }
  }
  hg_result_free(r);
  hg_table_free(in);
  return n;
}

static void test_significance_proportion_ratio(void **state) {
  (void)state;
  const char *kp[] = {"numerator", "numerator",  "denominator", "denominator",
                      "statistic", "proportion", NULL};
  assert_int_equal(significance(PHE "testdata_funnel_prop_inputs.csv", kp, "significance", 0, 1000),
                   303);
  const char *kr[] = {"numerator", "obs", "denominator", "expected", "statistic", "ratio", NULL};
  assert_int_equal(
      significance(PHE "testdata_funnel_ratio_inputs.csv", kr, "significance", 0, 1000), 300);
}

/* testdata_funnel_rate_dsr_inputs: with_0 columns use every row. */
static void test_significance_rates(void **state) {
  (void)state;
  const char *f = PHE "testdata_funnel_rate_dsr_inputs.csv";
  const char *d5[] = {"numerator",  "count",     "denominator", "pop",       "rate",
                      "rate_dsr",   "statistic", "rate",        "rate_type", "dsr",
                      "multiplier", "100000",    NULL};
  assert_int_equal(significance(f, d5, "dsr_per_100000_with_0", 0, 1000), 40);
  const char *c5[] = {
      "numerator", "count", "denominator", "pop",   "rate",       "rate_crude_per_100000",
      "statistic", "rate",  "rate_type",   "crude", "multiplier", "100000",
      NULL};
  assert_int_equal(significance(f, c5, "crude_per_100000_with_0", 0, 1000), 40);
  const char *c2[] = {"numerator",          "count",     "denominator", "pop",       "rate",
                      "rate_crude_per_100", "statistic", "rate",        "rate_type", "crude",
                      "multiplier",         "100",       NULL};
  assert_int_equal(significance(f, c2, "crude_per_100_with_0", 0, 1000), 40);
}

/* without_0: drop the rows with count 0 first, then flag. */
static void test_significance_rates_without_zero(void **state) {
  (void)state;
  hg_table *in = hg_test_table(PHE "testdata_funnel_rate_dsr_inputs.csv");
  size_t n = hg_table_nrows(in), k = 0;
  double *count = column(in, "count"), *pop = column(in, "pop");
  static const struct {
    const char *rate, *expected;
    int crude;
    double mult;
  } cases[] = {{"rate_dsr", "dsr_per_100000_without_0", 0, 1e5},
               {"rate_crude_per_100000", "crude_per_100000_without_0", 1, 1e5},
               {"rate_crude_per_100", "crude_per_100_without_0", 1, 100}};
  for (size_t c = 0; c < 3; c++) {
    double *rate = column(in, cases[c].rate);
    double *e = calloc(n, sizeof *e), *rr = calloc(n, sizeof *rr), *pp = calloc(n, sizeof *pp),
           *dd = calloc(n, sizeof *dd);
    size_t *orig = calloc(n, sizeof *orig);
    k = 0;
    for (size_t i = 0; i < n; i++)
      if (count[i] != 0) {
        e[k] = count[i];
        rr[k] = rate[i];
        pp[k] = pop[i];
        orig[k++] = i;
      }
    hg_funnel_options o = {
        .statistic = HG_FUNNEL_RATE, .rate_crude = cases[c].crude, .multiplier = cases[c].mult};
    hg_funnel_denominators(&o, e, pp, rr, k, dd);
    hg_funnel_sig *sig = calloc(k, sizeof *sig);
    hg_funnel_significance(&o, e, dd, k, sig);
    long ej = hg_table_col(in, cases[c].expected);
    for (size_t i = 0; i < k; i++)
      assert_string_equal(hg_funnel_sig_label(sig[i]), hg_table_cell(in, orig[i], (size_t)ej));
    free(sig);
    free(e);
    free(rr);
    free(pp);
    free(dd);
    free(orig);
    free(rate);
  }
  assert_true(k > 30);
  free(count);
  free(pop);
  hg_table_free(in);
}

static void test_points(void **state) {
  (void)state;
  hg_table *in = hg_test_table(PHE "testdata_funnel_rate_input_funnels.csv");
  size_t n = hg_table_nrows(in);
  double *ev = column(in, "ev"), *rate = column(in, "rate"), *pop = column(in, "pop");
  double *dd = calloc(n, sizeof *dd), *rc = calloc(n, sizeof *rc), *dn = calloc(n, sizeof *dn);
  size_t m = argmax(ev, n);
  double keep = ev[m];
  static const struct {
    const char *chart, *den;
    int crude;
    double years, max_ev;
    int with_pop;
  } cases[] = {{"rate_chart", "denominator_derived", 0, 3, 5, 0},
               {"rate_chart_crude", "denominator_derived_crude", 1, 3, -1, 0},
               {"rate_chart_crude_with_denom", "denominator_derived_crude_with_denom", 1, 5, 0, 1}};
  for (size_t c = 0; c < 3; c++) {
    ev[m] = cases[c].max_ev >= 0 ? cases[c].max_ev : keep;
    hg_funnel_options o = {.statistic = HG_FUNNEL_RATE,
                           .rate_crude = cases[c].crude,
                           .multiplier = 1e5,
                           .years_of_data = cases[c].years};
    hg_funnel_denominators(&o, ev, cases[c].with_pop ? pop : NULL, rate, n, dd);
    hg_funnel_points(&o, ev, rate, dd, n, rc, dn);
    double *want_rc = column(in, cases[c].chart), *want_dn = column(in, cases[c].den);
    for (size_t i = 0; i < n; i++) {
      hg_assert_close(rc[i], want_rc[i], 1e-9, cases[c].chart);
      hg_assert_close(dn[i], want_dn[i], 1e-9, cases[c].den); /* the CSV has 10 digits */
    }
    free(want_rc);
    free(want_dn);
  }
  free(ev);
  free(rate);
  free(pop);
  free(dd);
  free(rc);
  free(dn);
  hg_table_free(in);
}

static void test_errors(void **state) {
  (void)state;
  hg_table *t = phe_mem("area,obs,pop,rate\nA,65,100,5\nB,80,100,6\nC,30,0,7\n");
  const char *kv_stat[] = {"numerator", "obs", "denominator", "pop", NULL};
  phe_expect_error("funnel-limits", t, NULL, kv_stat,
                   "statistic must be provided as proportion, rate or ratio", 0);
  phe_expect_error("funnel-significance", t, NULL, kv_stat,
                   "statistic must be provided as proportion, rate or ratio", 0);
  const char *kv_bad[] = {"numerator", "obs", "denominator", "pop", "statistic", "pop", NULL};
  phe_expect_error("funnel-limits", t, NULL, kv_bad,
                   "'arg' should be one of \"proportion\", \"ratio\", \"rate\"", 0);
  const char *kv_prop[] = {"numerator", "obs",        "denominator", "pop",
                           "statistic", "proportion", NULL};
  phe_expect_error("funnel-limits", t, NULL, kv_prop,
                   "the following arguments are required for proportions: data, numerator, "
                   "denominator, multiplier",
                   0);
  phe_expect_error("funnel-significance", t, NULL, kv_prop,
                   "denominators must be greater than zero", 4);
  const char *kv_ratio[] = {"numerator", "obs",        "denominator", "pop", "statistic",
                            "ratio",     "multiplier", "100",         NULL};
  phe_expect_error("funnel-limits", t, NULL, kv_ratio,
                   "the following arguments are required for ratios: data, numerator, denominator, "
                   "ratio_type, multiplier",
                   0);
  const char *kv_rt[] = {"numerator",  "obs", "denominator", "pop", "statistic", "ratio",
                         "multiplier", "100", "ratio_type",  "smr", NULL};
  phe_expect_error("funnel-limits", t, NULL, kv_rt, "'arg' should be one of \"count\", \"isr\"", 0);
  const char *kv_rate[] = {"numerator", "obs",        "rate",   "rate", "statistic",
                           "rate",      "multiplier", "100000", NULL};
  phe_expect_error("funnel-limits", t, NULL, kv_rate,
                   "the following arguments are required for rates: data, numerator, rate, "
                   "rate_type, multiplier, years_of_data",
                   0);
  phe_expect_error("funnel-significance", t, NULL, kv_rate,
                   "the following arguments are required for rates: data, numerator, rate, "
                   "rate_type, multiplier",
                   0);
  phe_expect_error("funnel-points", t, NULL, kv_rate,
                   "the following arguments are required for rates: data, numerator, rate, "
                   "rate_type, years_of_data, multiplier",
                   0);
  const char *kv_rty[] = {"numerator",  "obs",    "rate",          "rate", "rate_type", "isr",
                          "multiplier", "100000", "years_of_data", "3",    NULL};
  phe_expect_error("funnel-points", t, NULL, kv_rty, "'arg' should be one of \"dsr\", \"crude\"",
                   0);
  const char *kv_sig[] = {"numerator", "obs", "statistic", "ratio", NULL};
  phe_expect_error("funnel-significance", t, NULL, kv_sig,
                   "the following arguments are required for ratios and proportions: data, "
                   "numerator, denominator",
                   0);
  hg_table *neg = phe_mem("obs,pop\n5,10\n-1,10\n");
  phe_expect_error("funnel-significance", neg, NULL, kv_prop,
                   "numerators must be greater than or equal to zero", 3);
  hg_table *over = phe_mem("obs,pop\n5,10\n11,10\n");
  phe_expect_error(
      "funnel-significance", over, NULL, kv_prop,
      "numerators must be less than or equal to denominator for a proportion statistic", 3);
  hg_table *na = phe_mem("obs,pop,rate\n5,10,3\n,10,3\n");
  phe_expect_error("funnel-significance", na, NULL, kv_prop,
                   "for proportions, numerators and denominators must be provided for all records, "
                   "even when their values are zero",
                   3);
  const char *kv_rate_full[] = {"numerator",     "obs",        "rate",   "rate",      "statistic",
                                "rate",          "multiplier", "100000", "rate_type", "dsr",
                                "years_of_data", "3",          NULL};
  phe_expect_error(
      "funnel-limits", na, NULL, kv_rate_full,
      "for rates, numerators must be provided for all records, even when their values are zero", 3);
  hg_table *na_rate = phe_mem("obs,pop,rate\n5,10,3\n6,10,\n");
  phe_expect_error("funnel-limits", na_rate, NULL, kv_rate_full,
                   "for rates, rates must be provided for all records, or a denominator must be "
                   "provided if the rate is zero",
                   3);
  hg_table *zero = phe_mem("obs,pop,rate\n5,10,3\n0,,0\n");
  phe_expect_error("funnel-limits", zero, NULL, kv_rate_full,
                   "for rates, where there are 0 events for a record, the denominator field needs "
                   "to be provided using the denominator argument",
                   3);
  const char *kv_rate_den[] = {"numerator", "obs",       "denominator",   "pop",        "rate",
                               "rate",      "statistic", "rate",          "multiplier", "100000",
                               "rate_type", "crude",     "years_of_data", "3",          NULL};
  phe_expect_error(
      "funnel-limits", zero, NULL, kv_rate_den,
      "for rates, where there are 0 events for a record, the denominator must be provided", 3);
  const char *kv_type[] = {"numerator",  "obs", "denominator", "pop",  "statistic", "proportion",
                           "multiplier", "100", "type",        "srtd", NULL};
  phe_expect_error("funnel-limits", over, NULL, kv_type,
                   "'arg' should be one of \"full\", \"standard\"", 0);
  hg_table_free(t);
  hg_table_free(neg);
  hg_table_free(over);
  hg_table_free(na);
  hg_table_free(na_rate);
  hg_table_free(zero);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_proportion_limits),
      cmocka_unit_test(test_ratio_limits),
      cmocka_unit_test(test_rate_limits),
      cmocka_unit_test(test_significance_proportion_ratio),
      cmocka_unit_test(test_significance_rates),
      cmocka_unit_test(test_significance_rates_without_zero),
      cmocka_unit_test(test_points),
      cmocka_unit_test(test_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
