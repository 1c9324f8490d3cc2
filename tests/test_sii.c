/* test_sii.c: hg_sii_* against the PHEindicatormethods oracles
 * (testdata_SII__testdata_SII.csv, generated__phe_sii_point_estimates.csv,
 * derived__sii_design_intermediates.csv).  Point estimates at 1e-9; Monte Carlo
 * limits at 5% relative, as the R tests do. */
#include "hg_test.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define D "tests/data/phe/"
#define MC_REPS 50000

enum { IN_SE, IN_CL, IN_X };

/* One area of a block of the SII workbook, as arrays. */
typedef struct area {
  double pop[20], value[20], x[20], lcl[20], ucl[20], se[20];
  size_t k, first; /* first = 0-based table row of the area's first row */
} area;

static hg_table *sii_table(void) {
  static hg_table *t;
  if (!t)
    t = hg_test_table(D "testdata_SII__testdata_SII.csv");
  return t;
}

/* The areas of 1-based data rows [first, last]. */
static size_t load_block(size_t first, size_t last, area *areas) {
  hg_table *t = sii_table();
  long ja = hg_table_col(t, "Area");
  size_t n = 0;
  for (size_t r = first - 1; r < last; r++) {
    if (n == 0 || strcmp(hg_table_cell(t, r, (size_t)ja),
                         hg_table_cell(t, areas[n - 1].first, (size_t)ja)) != 0) {
      areas[n].k = 0;
      areas[n].first = r;
      n++;
    }
    area *a = &areas[n - 1];
    size_t j = a->k++;
    a->pop[j] = hg_test_num(t, r, "Population");
    a->value[j] = hg_test_num(t, r, "Value");
    a->x[j] = hg_test_num(t, r, "Count");
    a->lcl[j] = hg_test_num(t, r, "LowerCL");
    a->ucl[j] = hg_test_num(t, r, "UpperCL");
    a->se[j] = hg_test_num(t, r, "StandardError");
  }
  return n;
}

static hg_sii_group as_group(const area *a, int input) {
  hg_sii_group g = {.k = a->k, .population = a->pop};
  if (input == IN_X)
    g.x = a->x;
  else
    g.value = a->value;
  if (input == IN_SE)
    g.se = a->se;
  else {
    g.lower_cl = a->lcl;
    g.upper_cl = a->ucl;
  }
  return g;
}

static void test_point_estimates(void **state) {
  (void)state;
  hg_table *want = hg_test_table(D "generated__phe_sii_point_estimates.csv");
  char msg[160];
  size_t points = 0;
  for (size_t r = 0; r < hg_table_nrows(want); r++) {
    size_t first = (size_t)hg_test_num(want, r, "first_row");
    size_t last = (size_t)hg_test_num(want, r, "last_row");
    const char *name = hg_table_cell(want, r, (size_t)hg_table_col(want, "Area"));
    int transform =
        strcmp(hg_table_cell(want, r, (size_t)hg_table_col(want, "transform")), "TRUE") == 0;
    hg_sii_options opt = {.value_type = (int)hg_test_num(want, r, "value_type"),
                          .transform = transform,
                          .multiplier = hg_test_num(want, r, "multiplier"),
                          .repetitions = 1000};
    area areas[4];
    size_t n = load_block(first, last, areas);
    int found = 0;
    for (size_t i = 0; i < n; i++) {
      if (strcmp(
              hg_table_cell(sii_table(), areas[i].first, (size_t)hg_table_col(sii_table(), "Area")),
              name) != 0)
        continue;
      found = 1;
      hg_sii_group g = as_group(&areas[i], transform ? IN_CL : IN_SE);
      hg_sii_result res;
      hg_error err;
      assert_int_equal(hg_sii_check_group(&g, &opt, NULL, &err), HG_OK);
      assert_int_equal(hg_sii_compute(&g, &opt, 1, &res, &err), HG_OK);
      snprintf(msg, sizeof msg, "point estimates row %zu (%zu-%zu %s)", r + 1, first, last, name);
      hg_assert_close(res.sii, hg_test_num(want, r, "sii"), 1e-9, msg);
      hg_assert_close(res.rii, hg_test_num(want, r, "rii"), 1e-9, msg);
      hg_assert_close(res.intercept, hg_test_num(want, r, "intercept"), 1e-9, msg);
      if (!transform && opt.multiplier == 1) {
        /* hg_sii_point (no simulation, the gradient chart's line): same oracle */
        double sii, rii, b0;
        assert_int_equal(hg_sii_point(g.population, g.value, g.k, &sii, &rii, &b0), HG_OK);
        hg_assert_close(sii, hg_test_num(want, r, "sii"), 1e-9, msg);
        hg_assert_close(rii, hg_test_num(want, r, "rii"), 1e-9, msg);
        hg_assert_close(b0, hg_test_num(want, r, "intercept"), 1e-9, msg);
        points++;
      }
    }
    assert_true(found);
  }
  assert_true(points > 0);
  /* a missing value or population: no estimate (phe_sii drops the group) */
  double pop[5] = {1, 1, 1, 1, 1}, val[5] = {1, 2, NAN, 4, 5};
  assert_int_equal(hg_sii_point(pop, val, 5, NULL, NULL, NULL), HG_ERR_INVALID);
  val[2] = 3;
  pop[1] = 0;
  assert_int_equal(hg_sii_point(pop, val, 5, NULL, NULL, NULL), HG_ERR_INVALID);
  assert_int_equal(hg_sii_point(pop, val, 1, NULL, NULL, NULL), HG_ERR_RANGE);
  hg_table_free(want);
}

static void test_design_intermediates(void **state) {
  (void)state;
  hg_table *want = hg_test_table(D "derived__sii_design_intermediates.csv");
  hg_table *t = sii_table();
  char msg[120];
  /* Rows come in blocks of one area's quantiles; RecordNo is the workbook row. */
  for (size_t r = 0; r < hg_table_nrows(want);) {
    size_t first = (size_t)hg_test_num(want, r, "RecordNo"), k = 0;
    while (
        r + k < hg_table_nrows(want) && (size_t)hg_test_num(want, r + k, "RecordNo") == first + k &&
        (k == 0 || hg_test_num(want, r + k, "Quantile") > hg_test_num(want, r + k - 1, "Quantile")))
      k++;
    double pop[20], a[20], b[20];
    for (size_t j = 0; j < k; j++)
      pop[j] = hg_test_num(t, first - 1 + j, "Population");
    hg_sii_design(pop, k, a, b);
    int vt = (int)hg_test_num(want, r, "value_type");
    for (size_t j = 0; j < k; j++) {
      size_t w = r + j;
      snprintf(msg, sizeof msg, "design row %zu", w + 1);
      hg_assert_close(a[j], hg_test_num(want, w, "a_prop_pop"), 1e-12, msg);
      hg_assert_close(b[j], hg_test_num(want, w, "b_relative_rank"), 1e-12, msg);
      hg_assert_close(sqrt(a[j]), hg_test_num(want, w, "sqrt_a"), 1e-12, msg);
      hg_assert_close(b[j] * sqrt(a[j]), hg_test_num(want, w, "b_sqrt_a"), 1e-12, msg);
      double v = hg_test_num(want, w, "Value");
      hg_assert_close(hg_sii_link(vt, v), hg_test_num(want, w, "value_on_link_scale"), 1e-12, msg);
      double se = (hg_sii_link(vt, hg_test_num(t, first - 1 + j, "UpperCL")) -
                   hg_sii_link(vt, hg_test_num(t, first - 1 + j, "LowerCL"))) /
                  1.959963984540054 / 2;
      hg_assert_close(se, hg_test_num(want, w, "se_link_scale_from_95CL"), 1e-9, msg);
      /* The regression response: y sqrt(a), y on the link scale only when transformed. */
      int tr = strcmp(hg_table_cell(want, w, (size_t)hg_table_col(want, "transform")), "TRUE") == 0;
      hg_assert_close((tr ? hg_sii_link(vt, v) : v) * sqrt(a[j]),
                      hg_test_num(want, w, "yvals_regression_response"), 1e-12, msg);
    }
    r += k;
  }
  hg_table_free(want);
}

/* A Monte Carlo case of the R test: rows, arguments, and which expected columns. */
typedef struct mc_case {
  size_t first, last;
  int value_type, transform, input;
  double multiplier;
  double conf[2];
  size_t nconf;
  int rii, intercept;
} mc_case;

static const mc_case mc_cases[] = {
    {1, 20, 0, 0, IN_SE, 1, {0.95}, 1, 1, 0},       {1, 20, 0, 0, IN_CL, 1, {0.95}, 1, 1, 0},
    {21, 40, 0, 0, IN_CL, 1, {0.99}, 1, 1, 0},      {21, 40, 0, 0, IN_SE, 1, {99}, 1, 1, 0},
    {41, 60, 0, 0, IN_SE, 1, {0.95}, 1, 1, 0},      {226, 245, 0, 0, IN_SE, 1, {95, 99}, 2, 1, 0},
    {246, 265, 0, 0, IN_CL, 1, {0.95}, 1, 1, 1},    {71, 90, 1, 0, IN_SE, 1, {0.95}, 1, 1, 0},
    {71, 90, 1, 0, IN_CL, 1, {0.95}, 1, 1, 0},      {266, 285, 1, 0, IN_CL, 1, {0.95}, 1, 1, 1},
    {91, 110, 2, 0, IN_SE, 1, {0.95}, 1, 1, 0},     {91, 110, 2, 0, IN_CL, 1, {0.95}, 1, 1, 0},
    {91, 110, 2, 0, IN_X, 1, {0.95}, 1, 1, 0},      {111, 130, 2, 0, IN_CL, 100, {0.95}, 1, 1, 0},
    {131, 150, 2, 0, IN_CL, -100, {0.95}, 1, 1, 0}, {306, 325, 1, 1, IN_CL, 1, {0.95}, 1, 1, 1},
    {386, 405, 1, 1, IN_CL, -1, {0.95}, 1, 1, 1},   {406, 425, 1, 1, IN_CL, 1, {98}, 1, 1, 1},
    {366, 385, 1, 1, IN_CL, 1, {95, 98}, 2, 1, 1},  {426, 445, 1, 1, IN_CL, 1, {0.95}, 1, 0, 1},
    {326, 345, 2, 1, IN_CL, 1, {0.95}, 1, 1, 1},    {346, 365, 2, 1, IN_CL, -1, {0.95}, 1, 1, 1},
    {446, 465, 2, 1, IN_CL, 1, {0.95}, 1, 0, 1},    {466, 485, 2, 1, IN_CL, 1, {98}, 1, 1, 1},
    {486, 505, 2, 1, IN_CL, 1, {95, 98}, 2, 1, 1},
};

/* Every Monte Carlo case with generator rng (hg_sii_rng) and reps draws,
 * limits at 5% of R's. */
static void check_monte_carlo_limits(int rng, long reps, int draw_values) {
  hg_table *t = sii_table();
  char msg[200];
  size_t compared = 0;
  double worst = 0;
  for (size_t c = 0; c < sizeof mc_cases / sizeof mc_cases[0]; c++) {
    const mc_case *mc = &mc_cases[c];
    area areas[4];
    size_t n = load_block(mc->first, mc->last, areas);
    hg_sii_options opt = {.value_type = mc->value_type,
                          .transform = mc->transform,
                          .multiplier = mc->multiplier,
                          .repetitions = reps,
                          .confidence = mc->conf,
                          .n_confidence = mc->nconf,
                          .rii = mc->rii,
                          .intercept = mc->intercept,
                          .seed = 20240101,
                          .rng = rng,
                          .draw_values = draw_values};
    for (size_t i = 0; i < n; i++) {
      hg_sii_group g = as_group(&areas[i], mc->input);
      hg_sii_result res;
      hg_error err;
      hg_sii_fields f = {g.value != NULL, g.x != NULL, g.lower_cl != NULL, g.upper_cl != NULL,
                         g.se != NULL};
      assert_int_equal(hg_sii_check_options(&opt, &f, &err), HG_OK);
      assert_int_equal(hg_sii_check_group(&g, &opt, NULL, &err), HG_OK);
      assert_int_equal(hg_sii_compute(&g, &opt, hg_sii_stream_seed(opt.seed, "a", 1), &res, &err),
                       HG_OK);
      size_t r = areas[i].first;
      snprintf(msg, sizeof msg, "rows %zu-%zu area %zu", mc->first, mc->last, i + 1);
      hg_assert_close(res.sii, hg_test_num(t, r, "sii"), 1e-9, msg);
      if (mc->rii)
        hg_assert_close(res.rii, hg_test_num(t, r, "rii"), 1e-9, msg);
      if (mc->intercept)
        hg_assert_close(res.intercept, hg_test_num(t, r, "Intercept"), 1e-9, msg);
      for (size_t k = 0; k < mc->nconf; k++) {
        char col[32];
        static const char *const names[] = {"sii_lowercl_%zu", "sii_uppercl_%zu", "rii_lowercl_%zu",
                                            "rii_uppercl_%zu"};
        const double got[] = {res.sii_lower[k], res.sii_upper[k], res.rii_lower[k],
                              res.rii_upper[k]};
        for (size_t m = 0; m < (mc->rii ? 4u : 2u); m++) {
          snprintf(col, sizeof col, names[m], k + 1);
          double w = hg_test_num(t, r, col);
          snprintf(msg, sizeof msg, "rows %zu-%zu area %zu %s", mc->first, mc->last, i + 1, col);
          hg_assert_close(got[m], w, 0.05, msg);
          if (fabs(got[m] - w) / fabs(w) > worst)
            worst = fabs(got[m] - w) / fabs(w);
          compared++;
        }
      }
    }
  }
  assert_true(compared > 150);
  print_message("Monte Carlo limits (%s%s): %zu compared, worst relative deviation %.4f\n",
                rng == HG_SII_RNG_TAUS2 ? "taus2" : "mt19937",
                draw_values ? ", every value drawn" : "", compared, worst);
}

static void test_monte_carlo_limits(void **state) {
  (void)state;
  check_monte_carlo_limits(HG_SII_RNG_MT19937, MC_REPS, 0);
}

/* PHEindicatormethods' own draw (every quantile's value) stays within R's 5% too. */
static void test_monte_carlo_limits_draw_values(void **state) {
  (void)state;
  check_monte_carlo_limits(HG_SII_RNG_MT19937, MC_REPS, 1);
}

/* Issue 17: the faster generator keeps the limits within R's 5% as well, at
 * the default 100,000 draws.  At 50,000 both generators' worst deviation moves
 * between 1% and 5.3% with the seed (seeds 1-3 and 20240101: mt19937 2.5-4.7%,
 * taus2 1.1-5.3%): the 99% limits of 50,000 draws are that noisy, whatever the
 * generator. */
static void test_monte_carlo_limits_taus2(void **state) {
  (void)state;
  check_monte_carlo_limits(HG_SII_RNG_TAUS2, 100000, 0);
}

/* One untransformed normal case of the workbook, where the closed form and
 * the pair draw apply: its group, options at 10^6 repetitions, and where it is. */
typedef struct normal_case {
  const mc_case *mc;
  size_t index, area, row; /* in mc_cases; 0-based area in the block; its workbook row */
  const hg_sii_group *g;
  hg_sii_options opt;
} normal_case;

/* What the checks below count: limits compared and the worst deviation. */
typedef struct tally {
  hg_table *t;
  size_t compared;
  double worst;
} tally;

/* fn on the first two areas of every untransformed normal case. */
static void each_normal_case(void (*fn)(const normal_case *, tally *), tally *ty) {
  for (size_t c = 0; c < sizeof mc_cases / sizeof mc_cases[0]; c++) {
    const mc_case *mc = &mc_cases[c];
    if (mc->value_type != HG_SII_NORMAL || mc->transform)
      continue;
    area areas[4];
    size_t n = load_block(mc->first, mc->last, areas);
    for (size_t i = 0; i < n && i < 2; i++) {
      hg_sii_group g = as_group(&areas[i], mc->input);
      normal_case nc = {mc,
                        c,
                        i,
                        areas[i].first,
                        &g,
                        (hg_sii_options){.value_type = HG_SII_NORMAL,
                                         .multiplier = mc->multiplier,
                                         .repetitions = 1000000,
                                         .confidence = mc->conf,
                                         .n_confidence = mc->nconf}};
      fn(&nc, ty);
    }
  }
}

/* Issue 17: --exact.  For the untransformed SII of normal values the slope is
 * linear in the values, so the percentiles of the draws converge to
 * sii -+ z sd with sd^2 = sum h_j^2 se_j^2.  Checked against 10^6 draws of
 * each generator (the Monte Carlo error of a 2.5% percentile of 10^6 draws is
 * about 0.0027 sd, so 0.02 sd is over 7 of its standard errors) and against
 * R's simulated limits at the R tests' 5%. */
static void exact_case(const normal_case *nc, tally *ty) {
  const mc_case *mc = nc->mc;
  hg_sii_options opt = nc->opt;
  opt.seed = 17;
  hg_sii_result sim[2], ex;
  hg_error err;
  char msg[200];
  for (int rng = 0; rng < 2; rng++) {
    opt.rng = rng;
    assert_int_equal(hg_sii_compute(nc->g, &opt, 17 + (uint64_t)nc->index, &sim[rng], &err), HG_OK);
  }
  opt.exact = 1;
  assert_int_equal(hg_sii_compute(nc->g, &opt, 17, &ex, &err), HG_OK);
  assert_true(isnan(ex.rii_lower[0])); /* no RII asked: nothing drawn */
  for (size_t k = 0; k < mc->nconf; k++) {
    double z = gsl_cdf_ugaussian_Pinv(ex.conf[k] + (1 - ex.conf[k]) / 2);
    double sd = (ex.sii_upper[k] - ex.sii_lower[k]) / (2 * z);
    hg_assert_close(ex.sii_lower[k] + ex.sii_upper[k], 2 * ex.sii, 1e-12, "symmetric");
    for (int rng = 0; rng < 2; rng++) {
      double dl = fabs(sim[rng].sii_lower[k] - ex.sii_lower[k]) / sd;
      double du = fabs(sim[rng].sii_upper[k] - ex.sii_upper[k]) / sd;
      snprintf(msg, sizeof msg, "rows %zu-%zu area %zu level %zu rng %d: %.4f %.4f sd", mc->first,
               mc->last, nc->area + 1, k, rng, dl, du);
      assert_true(dl < 0.02 && du < 0.02 ? 1 : (print_message("%s\n", msg), 0));
      ty->worst = fmax(ty->worst, fmax(dl, du));
      ty->compared += 2;
    }
    char col[32];
    snprintf(col, sizeof col, "sii_lowercl_%zu", k + 1);
    hg_assert_close(ex.sii_lower[k], hg_test_num(ty->t, nc->row, col), 0.05, col);
    snprintf(col, sizeof col, "sii_uppercl_%zu", k + 1);
    hg_assert_close(ex.sii_upper[k], hg_test_num(ty->t, nc->row, col), 0.05, col);
  }
}

static void test_exact_against_simulation(void **state) {
  (void)state;
  tally ty = {sii_table(), 0, 0};
  each_normal_case(exact_case, &ty);
  assert_true(ty.compared >= 40);
  print_message("exact vs 10^6 draws: %zu limits, worst %.4f sd\n", ty.compared, ty.worst);
}

/* Issue 17: the pair draw.  For untransformed normal values each repetition's
 * intercept and slope are drawn directly as their bivariate normal (two draws
 * instead of one per quantile).  Against PHE's draw of every value, 10^6
 * repetitions each, different seeds: the SII and RII limits agree within
 * 1% of the interval's width (the Monte Carlo error of the difference of two
 * 2.5% percentiles of 10^6 draws is about 0.1% of a 95% interval's width). */
static void pair_case(const normal_case *nc, tally *ty) {
  const mc_case *mc = nc->mc;
  hg_sii_options opt = nc->opt;
  opt.rii = 1;
  hg_sii_result res[2];
  hg_error err;
  char msg[200];
  for (int dv = 0; dv < 2; dv++) {
    opt.draw_values = dv;
    assert_int_equal(
        hg_sii_compute(nc->g, &opt, 101 + 7 * (uint64_t)dv + nc->index, &res[dv], &err), HG_OK);
  }
  assert_true(res[0].sii == res[1].sii && res[0].rii == res[1].rii);
  for (size_t k = 0; k < mc->nconf; k++) {
    const double got[] = {res[0].sii_lower[k], res[0].sii_upper[k], res[0].rii_lower[k],
                          res[0].rii_upper[k]};
    const double want[] = {res[1].sii_lower[k], res[1].sii_upper[k], res[1].rii_lower[k],
                           res[1].rii_upper[k]};
    for (int m = 0; m < 4; m++) {
      double width = m < 2 ? want[1] - want[0] : want[3] - want[2];
      double d = fabs(got[m] - want[m]) / fabs(width);
      snprintf(msg, sizeof msg, "rows %zu-%zu area %zu level %zu limit %d: %.4f of the width",
               mc->first, mc->last, nc->area + 1, k, m, d);
      assert_true(isfinite(d) && d < 0.01 ? 1 : (print_message("%s\n", msg), 0));
      ty->worst = fmax(ty->worst, d);
      ty->compared++;
    }
  }
}

static void test_pair_draw_against_values(void **state) {
  (void)state;
  tally ty = {NULL, 0, 0};
  each_normal_case(pair_case, &ty);
  assert_true(ty.compared >= 40);
  print_message("pair draw vs every value drawn, 10^6 each: %zu limits, worst %.4f of the width\n",
                ty.compared, ty.worst);
}

/* --exact where the slope is not linear in the values is refused, not ignored. */
static void test_exact_refused_when_not_linear(void **state) {
  (void)state;
  area areas[4];
  load_block(306, 325, areas);
  hg_sii_group g = as_group(&areas[0], IN_CL);
  hg_sii_options opt = {.value_type = HG_SII_RATE, .transform = 1, .exact = 1, .repetitions = 1000};
  hg_sii_result res;
  hg_error err;
  assert_int_equal(hg_sii_compute(&g, &opt, 1, &res, &err), HG_ERR_INVALID);
  assert_non_null(strstr(err.message, "untransformed SII of normal values"));
}

/* Quintiles: the workbook has only SII (rows 61-70). */
static void test_quintiles(void **state) {
  (void)state;
  area areas[4];
  size_t n = load_block(61, 70, areas);
  assert_int_equal(n, 2);
  hg_sii_options opt = {.repetitions = 1000};
  for (size_t i = 0; i < n; i++) {
    hg_sii_group g = as_group(&areas[i], IN_SE);
    hg_sii_result res;
    assert_int_equal(hg_sii_compute(&g, &opt, 7, &res, NULL), HG_OK);
    hg_assert_close(res.sii, hg_test_num(sii_table(), areas[i].first, "sii"), 1e-9, "quintiles");
  }
}

/* Same seed and key: the same limits, whatever the thread count or group order. */
static void test_streams_deterministic(void **state) {
  (void)state;
  area areas[4];
  size_t n = load_block(1, 20, areas);
  hg_sii_group groups[2] = {as_group(&areas[0], IN_SE), as_group(&areas[1], IN_SE)};
  hg_sii_group rev[2] = {groups[1], groups[0]};
  uint64_t seeds[2] = {hg_sii_stream_seed(5, "area1", 5), hg_sii_stream_seed(5, "area2", 5)};
  uint64_t rseeds[2] = {seeds[1], seeds[0]};
  assert_true(seeds[0] != seeds[1]);
  hg_sii_options opt = {.repetitions = 2000, .rii = 1};
  hg_sii_result r1[2], r2[2], r3[2];
  hg_error err;
  assert_int_equal(n, 2);
  assert_int_equal(hg_sii_run(groups, seeds, 2, &opt, 1, r1, NULL, &err), HG_OK);
  assert_int_equal(hg_sii_run(groups, seeds, 2, &opt, 2, r2, NULL, &err), HG_OK);
  assert_int_equal(hg_sii_run(rev, rseeds, 2, &opt, 2, r3, NULL, &err), HG_OK);
  for (int i = 0; i < 2; i++) {
    assert_memory_equal(&r1[i], &r2[i], sizeof r1[i]);
    assert_memory_equal(&r1[i], &r3[1 - i], sizeof r1[i]);
  }
}

static void test_reliability_stat(void **state) {
  (void)state;
  area areas[4];
  load_block(1, 20, areas);
  hg_sii_group g = as_group(&areas[0], IN_SE);
  static const double conf[] = {0.95, 0.99};
  hg_sii_options opt = {
      .repetitions = 1000, .reliability_stat = 1, .confidence = conf, .n_confidence = 2};
  hg_sii_result res;
  assert_int_equal(hg_sii_compute(&g, &opt, 3, &res, NULL), HG_OK);
  for (int c = 0; c < 2; c++) {
    /* Ten blocks of 1000 draws disagree a little, never by more than the interval. */
    assert_true(res.sii_mad[c] > 0 && res.sii_mad[c] < res.sii_upper[c] - res.sii_lower[c]);
    assert_true(res.rii_mad[c] > 0);
  }
  opt.reliability_stat = 0;
  assert_int_equal(hg_sii_compute(&g, &opt, 3, &res, NULL), HG_OK);
  assert_true(isnan(res.sii_mad[0]));
}

static void expect_option_error(const hg_sii_options *opt, const hg_sii_fields *f,
                                const char *msg) {
  hg_error err;
  hg_error_clear(&err);
  assert_int_not_equal(hg_sii_check_options(opt, f, &err), HG_OK);
  assert_string_equal(err.message, msg);
}

static void test_option_errors(void **state) {
  (void)state;
  hg_sii_fields value_se = {.value = 1, .se = 1},
                value_cl = {.value = 1, .lower_cl = 1, .upper_cl = 1};
  hg_sii_fields novalue = {.x = 1, .se = 1}, nocl = {.value = 1, .lower_cl = 1};
  hg_sii_options o = {0};
  expect_option_error(&o, &novalue,
                      "function phe_sii requires value field, or x field if "
                      "indicator is a proportion of population");
  expect_option_error(&o, &nocl,
                      "function phe_sii requires either lower_cl and upper_cl fields, or se field");
  o.value_type = 3;
  expect_option_error(&o, &value_se, "value_type should be 0, 1 or 2 (normal, rate or proportion)");
  o.value_type = 0;
  o.multiplier = NAN;
  expect_option_error(&o, &value_se,
                      "multiplier, repetitions and confidence inputs should be numeric");
  o.multiplier = 0;
  o.repetitions = 999;
  expect_option_error(&o, &value_se,
                      "number of repetitions must be 1000 or greater. Default is 100,000");
  o.repetitions = 0;
  o.transform = 1;
  expect_option_error(&o, &value_cl, "value_type should be 1 or 2 when transform is true");
  o.value_type = 1;
  expect_option_error(&o, &value_se,
                      "function phe_sii requires se to be missing when transform is true");
  o.transform = 0;
  static const double bad[] = {0.95, 80};
  o.confidence = bad;
  o.n_confidence = 2;
  expect_option_error(&o, &value_se,
                      "all confidence levels must be between 90 and 100 or between 0.9 and 1");
  hg_error err;
  int warn = 0;
  assert_int_equal(hg_sii_check_nquantiles(4, &warn, &err), HG_ERR_RANGE);
  assert_string_equal(err.message, "Number of quantiles must be between 5 and 100");
  assert_int_equal(hg_sii_check_nquantiles(101, &warn, &err), HG_ERR_RANGE);
  assert_int_equal(hg_sii_check_nquantiles(15, &warn, &err), HG_OK);
  assert_int_equal(warn, 1);
  assert_int_equal(hg_sii_check_nquantiles(10, &warn, &err), HG_OK);
  assert_int_equal(warn, 0);
}

/* Transform needs both limits and no se.  (R's item 9, "requires lower_cl and upper_cl
 * fields when transform is true", can never fire: items 3 and 8 catch every case first;
 * the items are numbered in docs/methods-le-sii.md.) */
static void test_transform_needs_cls(void **state) {
  (void)state;
  hg_sii_fields se_only = {.value = 1, .se = 1};
  hg_sii_options o = {.value_type = 2, .transform = 1};
  expect_option_error(&o, &se_only,
                      "function phe_sii requires se to be missing when transform is true");
  hg_sii_fields cl_only = {.value = 1, .lower_cl = 1};
  expect_option_error(&o, &cl_only,
                      "function phe_sii requires either lower_cl and upper_cl fields, or se field");
}

/* The workbook's error blocks (rows 151-200) give R's data messages. */
static void test_data_errors(void **state) {
  (void)state;
  static const struct {
    size_t first, last;
    int vt, input;
    const char *msg;
  } cases[] = {
      {151, 160, 0, IN_SE, "some groups have a zero, negative or missing population"},
      {161, 170, 0, IN_SE, "negative or missing standard errors in input dataset"},
      {171, 180, 2, IN_CL, "confidence limit proportions are not all between 0 and 1"},
      {191, 200, 0, IN_CL, "missing lower or upper confidence limits in input dataset"},
      {201, 210, 0, IN_CL, "some groups have a zero, negative or missing population"},
  };
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    area areas[4];
    size_t n = load_block(cases[c].first, cases[c].last, areas);
    hg_sii_options opt = {.value_type = cases[c].vt};
    int failed = 0;
    for (size_t i = 0; i < n; i++) {
      hg_sii_group g = as_group(&areas[i], cases[c].input);
      hg_error err;
      hg_error_clear(&err);
      if (hg_sii_check_group(&g, &opt, NULL, &err) != HG_OK) {
        assert_string_equal(err.message, cases[c].msg);
        failed = 1;
      }
    }
    if (!failed)
      print_error("rows %zu-%zu: no error\n", cases[c].first, cases[c].last);
    assert_true(failed);
  }
  /* Proportion values outside 0..1, and x <= 0 when only x is given. */
  area a;
  load_block(91, 100, &a);
  hg_sii_options prop = {.value_type = 2};
  hg_sii_group g = as_group(&a, IN_SE);
  double v[20];
  memcpy(v, a.value, sizeof v);
  v[3] = 1.5;
  g.value = v;
  hg_error err;
  assert_int_equal(hg_sii_check_group(&g, &prop, NULL, &err), HG_ERR_INVALID);
  assert_string_equal(err.message, "value proportions are not all between 0 and 1");
  g = as_group(&a, IN_X);
  g.se = a.se;
  g.lower_cl = g.upper_cl = NULL;
  double x[20];
  memcpy(x, a.x, sizeof x);
  x[0] = 0;
  g.x = x;
  assert_int_equal(hg_sii_check_group(&g, &prop, NULL, &err), HG_ERR_INVALID);
  assert_string_equal(err.message, "some groups have a zero or negative count x");
}

static int teardown(void **state) {
  (void)state;
  hg_table_free(sii_table());
  return 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_point_estimates),
      cmocka_unit_test(test_design_intermediates),
      cmocka_unit_test(test_monte_carlo_limits),
      cmocka_unit_test(test_quintiles),
      cmocka_unit_test(test_streams_deterministic),
      cmocka_unit_test(test_reliability_stat),
      cmocka_unit_test(test_option_errors),
      cmocka_unit_test(test_transform_needs_cls),
      cmocka_unit_test(test_data_errors),
      cmocka_unit_test(test_monte_carlo_limits_taus2),
      cmocka_unit_test(test_monte_carlo_limits_draw_values),
      cmocka_unit_test(test_pair_draw_against_values),
      cmocka_unit_test(test_exact_against_simulation),
      cmocka_unit_test(test_exact_refused_when_not_linear),
  };
  return cmocka_run_group_tests(tests, NULL, teardown);
}
