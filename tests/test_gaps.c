/* test_gaps.c: differences and ratios with limits, Arriaga decomposition and gap
 * trends (indicators/gaps.c).  Expected values come from Newcombe (1998), the
 * Fingertips tobacco export and PHEindicatormethods' life tables. */
#include "hg_test.h"

#include <math.h>
#include <string.h>

#define DATA "tests/data/inequalities/"

/* Newcombe, Stat Med 1998;17:873-890, Table II, method 10 (hybrid score). */
/* The interval-against-null rule every gap, SII and RII significance uses:
 * wholly above / below the null, containing it (bounds inclusive), or missing. */
static void test_sig_against(void **state) {
  (void)state;
  assert_int_equal(hg_gap_sig_against(0.5, 2, 0), HG_SIG_HIGHER);
  assert_int_equal(hg_gap_sig_against(-2, -0.5, 0), HG_SIG_LOWER);
  assert_int_equal(hg_gap_sig_against(0, 2, 0), HG_SIG_SIMILAR);
  assert_int_equal(hg_gap_sig_against(0.8, 1, 1), HG_SIG_SIMILAR);
  assert_int_equal(hg_gap_sig_against(1.1, 1.3, 1), HG_SIG_HIGHER);
  assert_int_equal(hg_gap_sig_against(NAN, 2, 0), HG_SIG_NOT_COMPARED);
  assert_int_equal(hg_gap_sig_against(0.5, NAN, 0), HG_SIG_NOT_COMPARED);
}

static void test_newcombe_risk_difference(void **state) {
  (void)state;
  hg_gap_est e;
  assert_int_equal(hg_risk_difference(56, 70, 48, 80, 1, 95, &e), HG_OK);
  assert_true(fabs(e.value - 0.2) < 1e-12);
  assert_true(fabs(e.lower - 0.0524) < 5e-5);
  assert_true(fabs(e.upper - 0.3339) < 5e-5);
  assert_int_equal(e.sig, HG_SIG_HIGHER);
  assert_int_equal(hg_risk_difference(9, 10, 3, 10, 1, 0.95, &e), HG_OK);
  assert_true(fabs(e.lower - 0.1705) < 5e-5);
  assert_true(fabs(e.upper - 0.8090) < 5e-5);
  assert_int_equal(hg_risk_difference(5, 56, 0, 29, 1, 95, &e), HG_OK);
  assert_true(fabs(e.lower - -0.0381) < 5e-5);
  assert_true(fabs(e.upper - 0.1926) < 5e-5);
  assert_int_equal(e.sig, HG_SIG_SIMILAR);
  assert_int_equal(hg_risk_difference(5, 4, 0, 29, 1, 95, &e), HG_ERR_RANGE);
  assert_int_equal(hg_risk_difference(1, 4, 0, 29, 1, 0.5, &e), HG_ERR_RANGE);
}

/* Ratios: the log-scale limits are symmetric about log(ratio), and a group
 * compared with itself is exactly 1 and not significant. */
static void test_ratios(void **state) {
  (void)state;
  hg_gap_est e;
  assert_int_equal(hg_rate_ratio(200, 1e5, 100, 1e5, 95, &e), HG_OK);
  assert_true(fabs(e.value - 2) < 1e-12);
  assert_true(fabs(log(e.upper) + log(e.lower) - 2 * log(2)) < 1e-12);
  /* SE = sqrt(1/200 + 1/100) (Rothman), z = qnorm(0.975) */
  assert_true(fabs(log(e.upper / 2) - 1.959963984540054 * sqrt(0.015)) < 1e-12);
  assert_int_equal(e.sig, HG_SIG_HIGHER);
  assert_int_equal(hg_risk_ratio(30, 100, 30, 100, 95, &e), HG_OK);
  assert_true(e.value == 1);
  assert_int_equal(e.sig, HG_SIG_SIMILAR);
  /* Katz: SE = sqrt(1/x1 - 1/n1 + 1/x2 - 1/n2) */
  assert_int_equal(hg_risk_ratio(20, 100, 10, 100, 95, &e), HG_OK);
  assert_true(fabs(log(e.upper / 2) - 1.959963984540054 * sqrt(0.05 - 0.01 + 0.1 - 0.01)) < 1e-12);
  assert_int_equal(hg_risk_ratio(0, 100, 10, 100, 95, &e), HG_OK);
  assert_true(e.value == 0 && isnan(e.lower));
  assert_int_equal(e.sig, HG_SIG_NOT_COMPARED);
  assert_int_equal(hg_rate_difference(200, 1e5, 100, 1e5, 1e5, 95, &e), HG_OK);
  assert_true(fabs(e.value - 100) < 1e-9);
  assert_true(fabs(e.upper - e.value - 1.959963984540054 * sqrt(300.0)) < 1e-9);
  /* From published values: London vs England smoking 2019 (Fingertips export):
   * 12.948 (12.277-13.620) vs 13.882 (13.716-14.048): London lower. */
  assert_int_equal(hg_gap_difference_ci(12.948, 12.277, 13.620, 13.882, 13.716, 14.048, 95, 95, &e),
                   HG_OK);
  assert_true(fabs(e.value - (12.948 - 13.882)) < 1e-12);
  assert_int_equal(e.sig, HG_SIG_LOWER);
  assert_int_equal(hg_gap_ratio_ci(12.948, 12.277, 13.620, 13.882, 13.716, 14.048, 95, 95, &e),
                   HG_OK);
  assert_true(e.upper < 1 && e.lower < e.value);
  assert_int_equal(hg_gap_difference_ci(1, 3, 2, 1, 0, 2, 95, 95, &e), HG_ERR_INVALID);
}

static void read_lifetable(const char *path, double *l, double *L, double *T, double *e0) {
  hg_table *t = hg_test_table(path);
  assert_int_equal(hg_table_nrows(t), 20);
  for (size_t i = 0; i < 20; i++) {
    l[i] = hg_test_num(t, i, "l_i");
    L[i] = hg_test_num(t, i, "L_i");
    T[i] = hg_test_num(t, i, "T_i");
  }
  *e0 = hg_test_num(t, 0, "value_reported");
  hg_table_free(t);
}

/* The Arriaga parts sum to the published e0 difference of the two PHE life tables. */
static void test_arriaga(void **state) {
  (void)state;
  double l1[20], L1[20], T1[20], l2[20], L2[20], T2[20], e1, e2, c[20], gap;
  read_lifetable(DATA "lifetable_widecis_area2.csv", l1, L1, T1, &e1);
  read_lifetable(DATA "lifetable_df1.csv", l2, L2, T2, &e2);
  assert_int_equal(hg_arriaga(20, l1, L1, T1, l2, L2, T2, c, &gap), HG_OK);
  double sum = 0;
  for (size_t i = 0; i < 20; i++)
    sum += c[i];
  hg_assert_close(gap, e2 - e1, 1e-9, "gap = e0(2) - e0(1)");
  hg_assert_close(sum, e2 - e1, 1e-9, "parts sum to the gap");
  /* Reversed comparison: the parts still sum to the (negative) gap. */
  assert_int_equal(hg_arriaga(20, l2, L2, T2, l1, L1, T1, c, &gap), HG_OK);
  sum = 0;
  for (size_t i = 0; i < 20; i++)
    sum += c[i];
  hg_assert_close(sum, e1 - e2, 1e-9, "reversed");
  /* By cause: two causes taking 30% / 70% of each band's death rate sum back to
   * the band's contribution. */
  double m1[40], m2[40], byc[40];
  for (size_t i = 0; i < 20; i++) {
    double a = -log(l1[i + (i < 19)] / l1[i]) + 0.01, b = -log(l2[i + (i < 19)] / l2[i]) + 0.02;
    m1[2 * i] = 0.3 * a;
    m1[2 * i + 1] = 0.7 * a;
    m2[2 * i] = 0.5 * b;
    m2[2 * i + 1] = 0.5 * b;
  }
  assert_int_equal(hg_arriaga_by_cause(20, 2, c, m1, m2, byc), HG_OK);
  for (size_t i = 0; i < 20; i++)
    hg_assert_close(byc[2 * i] + byc[2 * i + 1], c[i], 1e-9, "causes sum to the band");
  l1[3] = 0;
  assert_int_equal(hg_arriaga(20, l1, L1, T1, l2, L2, T2, c, NULL), HG_ERR_INVALID);
}

/* Arriaga against a published worked example: Ponnapalli (2005, Demographic
 * Research 12(7)), US females 1935 (1) vs 1995 (2), bands 0-4, 5-14, 15-24,
 * 25-44, 45-64, 65-84, 85+, given as l_x and e_x (2 decimals); T_x = e_x l_x,
 * nL_x = T_x - T_x+n (open band: T_x).  The paper's per-band totals are of its
 * symmetric Arriaga ("Arriaga III": the mean of the decomposition run from 1 to
 * 2 and, sign reversed, from 2 to 1), so the classic formula is run both ways and
 * averaged.  The published totals are sums of parts each rounded to 2 decimals
 * (1.02 - 0.01 = 1.01) from e_x also rounded to 2 decimals: agreement to 0.015.
 * The classic one-way parts (what the CLI writes) must sum to the gap, 15.68. */
static void test_arriaga_ponnapalli(void **state) {
  (void)state;
  static const double ages[7] = {0, 5, 15, 25, 45, 65, 85};
  hg_table *t = hg_test_table(DATA "ponnapalli2005_us_females_lifetables.csv");
  double l1[7], L1[7], T1[7], l2[7], L2[7], T2[7], c[7], gap;
  size_t k = 0;
  for (size_t r = 0; r < hg_table_nrows(t) && k < 7; r++) {
    if (hg_test_num(t, r, "age") != ages[k])
      continue;
    l1[k] = hg_test_num(t, r, "l1x");
    T1[k] = hg_test_num(t, r, "e1x") * l1[k];
    l2[k] = hg_test_num(t, r, "l2x");
    T2[k] = hg_test_num(t, r, "e2x") * l2[k];
    k++;
  }
  assert_int_equal(k, 7);
  for (size_t i = 0; i < 7; i++) {
    L1[i] = i < 6 ? T1[i] - T1[i + 1] : T1[i];
    L2[i] = i < 6 ? T2[i] - T2[i + 1] : T2[i];
  }
  assert_int_equal(hg_arriaga(7, l1, L1, T1, l2, L2, T2, c, &gap), HG_OK);
  hg_assert_close(gap, 79.00 - 63.32, 1e-9, "gap = e0(1995) - e0(1935)");
  double sum = 0;
  for (size_t i = 0; i < 7; i++)
    sum += c[i];
  hg_assert_close(sum, gap, 1e-12, "parts sum to the published 15.68 years");
  double back[7], gap_back;
  assert_int_equal(hg_arriaga(7, l2, L2, T2, l1, L1, T1, back, &gap_back), HG_OK);
  hg_table *want = hg_test_table(DATA "ponnapalli2005_arriaga_symmetric_totals.csv");
  assert_int_equal(hg_table_nrows(want), 7);
  for (size_t i = 0; i < 7; i++) {
    double sym = (c[i] - back[i]) / 2, pub = hg_test_num(want, i, "total_effect");
    if (fabs(sym - pub) > 0.015)
      fail_msg("band %zu: symmetric Arriaga %.4f, published %.2f", i, sym, pub);
  }
  hg_table_free(want);
  hg_table_free(t);
}

static void test_gap_trend(void **state) {
  (void)state;
  double t[6] = {2015, 2016, 2017, 2018, 2019, 2020};
  double g[6], se[6] = {0.2, 0.2, 0.2, 0.2, 0.2, 0.2};
  hg_gap_trend tr;
  for (int i = 0; i < 6; i++)
    g[i] = 10 - 0.5 * i; /* a positive gap falling by 0.5 a year */
  assert_int_equal(hg_gap_trend_fit(6, t, g, se, 95, &tr), HG_OK);
  assert_true(fabs(tr.slope + 0.5) < 1e-9);
  assert_int_equal(tr.label, HG_GAP_TREND_NARROWING);
  assert_string_equal(hg_gap_trend_text(tr.label), "narrowing");
  for (int i = 0; i < 6; i++)
    g[i] = -10 - 0.5 * i; /* a negative gap (SII) growing in size */
  assert_int_equal(hg_gap_trend_fit(6, t, g, se, 95, &tr), HG_OK);
  assert_int_equal(tr.label, HG_GAP_TREND_WIDENING);
  double flat[6] = {5, 5.1, 4.9, 5.05, 4.95, 5};
  assert_int_equal(hg_gap_trend_fit(6, t, flat, se, 95, &tr), HG_OK);
  assert_int_equal(tr.label, HG_GAP_TREND_NO_CHANGE);
  assert_string_equal(hg_gap_trend_text(tr.label), "no significant change");
  assert_int_equal(hg_gap_trend_fit(6, t, flat, NULL, 95, &tr), HG_OK);
  assert_int_equal(tr.label, HG_GAP_TREND_NO_CHANGE);
  g[0] = NAN;
  assert_int_equal(hg_gap_trend_fit(3, t, g, se, 95, &tr), HG_OK);
  assert_int_equal(tr.n, 2);
  assert_int_equal(tr.label, HG_GAP_TREND_NONE);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_newcombe_risk_difference),
      cmocka_unit_test(test_ratios),
      cmocka_unit_test(test_arriaga),
      cmocka_unit_test(test_sig_against),
      cmocka_unit_test(test_arriaga_ponnapalli),
      cmocka_unit_test(test_gap_trend),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
