/* test_deprivation.c: deprivation quantile labels (floor/deprivation.c), read
 * once for the inequality measures (rank, number of quantiles) and the charts
 * (order): Fingertips' decile and quintile labels, abbreviated ordinals, plain
 * numbers, and labels that say no position. */
#include "hg_test.h"

#include <stdlib.h>
#include <string.h>

static void test_fingertips_labels(void **state) {
  (void)state;
  int nq;
  assert_int_equal(hg_deprivation_rank("Most deprived decile (IMD2019)", &nq, NULL), 1);
  assert_int_equal(nq, 10);
  assert_int_equal(hg_deprivation_rank("Second most deprived decile (IMD2019)", &nq, NULL), 2);
  assert_int_equal(hg_deprivation_rank("Third more deprived decile (IMD2019)", &nq, NULL), 3);
  assert_int_equal(hg_deprivation_rank("Fifth more deprived decile", &nq, NULL), 5);
  assert_int_equal(hg_deprivation_rank("Fifth less deprived decile (IMD2019)", &nq, NULL), 6);
  assert_int_equal(hg_deprivation_rank("Second least deprived decile (IMD2019)", &nq, NULL), 9);
  assert_int_equal(hg_deprivation_rank("Least deprived decile (IMD2019)", &nq, NULL), 10);
  assert_int_equal(hg_deprivation_rank("Average deprived quintile", &nq, NULL), 3);
  assert_int_equal(nq, 5);
  assert_int_equal(hg_deprivation_rank("Least deprived quintile", &nq, NULL), 5);
  assert_int_equal(hg_deprivation_rank("  most DEPRIVED quintile", &nq, NULL), 1);
}

/* The charts accepted "2nd" and the measures did not: one reading now. */
static void test_abbreviated_ordinals(void **state) {
  (void)state;
  int nq, order;
  assert_int_equal(hg_deprivation_rank("2nd most deprived decile", &nq, &order), 2);
  assert_int_equal(nq, 10);
  assert_int_equal(order, 2);
  assert_int_equal(hg_deprivation_rank("3rd less deprived decile", &nq, &order), 8);
  assert_int_equal(order, 97);
  assert_int_equal(hg_deprivation_rank("2nd least deprived quintile", &nq, NULL), 4);
  assert_int_equal(hg_deprivation_rank("4th more deprived quintile", &nq, NULL), 0);
  assert_int_equal(nq, 0); /* beyond half of the quintiles: no position */
}

static void test_numbers_and_others(void **state) {
  (void)state;
  int nq, order;
  assert_int_equal(hg_deprivation_rank("3", &nq, &order), 3);
  assert_int_equal(nq, 0);
  assert_int_equal(order, 3);
  assert_int_equal(hg_deprivation_rank("101", &nq, NULL), 0);
  assert_int_equal(hg_deprivation_rank("3 x", &nq, NULL), 0);
  assert_int_equal(hg_deprivation_rank("White British", &nq, &order), 0);
  assert_int_equal(order, 50);
  assert_int_equal(hg_deprivation_rank(NULL, &nq, &order), 0);
  assert_int_equal(order, 50);
  /* no quantile named: no rank, but an order from its end */
  assert_int_equal(hg_deprivation_rank("Most deprived 20%", &nq, &order), 0);
  assert_int_equal(nq, 0);
  assert_int_equal(order, 1);
  assert_int_equal(hg_deprivation_rank("Second least deprived", &nq, &order), 0);
  assert_int_equal(order, 98);
}

/* Sorting by order puts a full set of Fingertips deciles in rank order. */
static int cmp_order(const void *a, const void *b) {
  int x, y;
  hg_deprivation_rank(*(const char *const *)a, NULL, &x);
  hg_deprivation_rank(*(const char *const *)b, NULL, &y);
  return (x > y) - (x < y);
}

static void test_order_sorts_deciles(void **state) {
  (void)state;
  const char *labels[] = {"Least deprived decile",        "Fifth less deprived decile",
                          "Most deprived decile",         "Third less deprived decile",
                          "Second least deprived decile", "Fourth more deprived decile",
                          "Third more deprived decile",   "Fifth more deprived decile",
                          "Fourth less deprived decile",  "Second most deprived decile"};
  qsort(labels, 10, sizeof labels[0], cmp_order);
  for (int i = 0; i < 10; i++)
    assert_int_equal(hg_deprivation_rank(labels[i], NULL, NULL), i + 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fingertips_labels),
      cmocka_unit_test(test_abbreviated_ordinals),
      cmocka_unit_test(test_numbers_and_others),
      cmocka_unit_test(test_order_sorts_deciles),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
